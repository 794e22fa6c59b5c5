#!/usr/bin/env python3
"""Derive municipalities.csv (population on 31.12.2015, area) for Landkreis Esslingen.

Run from anywhere:  python3 seeds/landkreis-esslingen/derive_population.py
It rewrites municipalities.csv next to this file; the output is deterministic.

Inputs (all typed in below, each with its source; see README.md for the full citations):
  * AGS, name, area and the 31.12.2011 population of all 44 municipalities from the
    Destatis Gemeindeverzeichnis (GV-ISys, Stand 31.12.2011), as mirrored file by file in the
    public repository github.com/digineo/gemeindeverzeichnis (data/08116xxx.yaml).
    That population is still on the pre-census basis (Volkszaehlung 1987) and is used only as
    a distribution key for municipalities without a better figure (group C below).
  * Official populations on 31.12.2015 (Statistisches Landesamt Baden-Württemberg, as quoted
    in Wikipedia infoboxes) for 4 municipalities (group A).
  * Official populations on other reference dates (census-2011 basis, StaLA) for 13
    municipalities (group B), and district totals on the same dates.
  * The official district total on 31.12.2015: 524,127.

Method for the reference date 31.12.2015:
  A  official 31.12.2015 figure, used as is (note "official").
  B  official figure F on date Y, moved to 31.12.2015 with the district's growth:
         F * total(2015-12-31) / total(Y)                      (note "estimate ...").
  C  remaining municipalities share what is left of the district total, in proportion to their
     31.12.2011 GV population (largest-remainder rounding)    (note "estimate ...").
So the 44 rows add up exactly to the official district total of 524,127.
"""
import csv
import os

DISTRICT_2015 = 524127  # 31.12.2015, StaLA (en.wikipedia "Esslingen (district)", 2017 snapshot)

# District totals on other dates (census-2011 basis), used to move group B figures to 2015.
DISTRICT = {
    "2011-05-09": 502892,  # Zensus 2011 (citypopulation.de, Baden-Württemberg page)
    "2012-12-31": 508577,  # 534,127 on 31.03.2019 minus growth of 25,550 since end of 2012 (Esslinger Zeitung)
    "2013-12-31": 512279,  # Nürtinger Zeitung, 01.10.2014, "Die Kleinen machen die groessten Spruenge"
    "2018-12-31": 533859,  # de.wikipedia "Landkreis Esslingen" infobox (copy at de.zxc.wiki)
    "2019-03-31": 534127,  # Esslinger Zeitung, "Landkreis seit 2012 um 25.000 Einwohner gewachsen"
    "2020-12-31": 533617,  # en.wikipedia "Esslingen (district)" infobox (copy at de.abcdef.wiki)
    "2021-12-31": 533388,  # en.wikipedia "Esslingen (district)" infobox (en.m.wikipedia.org)
}

# ags, name, area_km2 (GV 31.12.2011), population 31.12.2011 (GV, pre-census basis)
GV2011 = [
    ("08116004", "Altbach", 3.35, 5900),
    ("08116005", "Altdorf", 3.25, 1477),
    ("08116006", "Altenriet", 3.35, 1904),
    ("08116007", "Baltmannsweiler", 18.54, 5573),
    ("08116008", "Bempflingen", 6.27, 3322),
    ("08116011", "Beuren", 11.69, 3376),
    ("08116012", "Bissingen an der Teck", 17.06, 3489),
    ("08116014", "Deizisau", 5.17, 6559),
    ("08116015", "Denkendorf", 13.06, 10407),
    ("08116016", "Dettingen unter Teck", 15.13, 5778),
    ("08116018", "Erkenbrechtsweiler", 6.93, 2056),
    ("08116019", "Esslingen am Neckar", 46.42, 92629),
    ("08116020", "Frickenhausen", 11.35, 8753),
    ("08116022", "Großbettlingen", 4.23, 4205),
    ("08116027", "Hochdorf", 7.75, 4672),
    ("08116029", "Holzmaden", 3.09, 2131),
    ("08116033", "Kirchheim unter Teck", 40.47, 40134),
    ("08116035", "Köngen", 12.52, 9667),
    ("08116036", "Kohlberg", 4.39, 2248),
    ("08116037", "Lichtenwald", 10.80, 2487),
    ("08116041", "Neckartailfingen", 8.26, 3719),
    ("08116042", "Neckartenzlingen", 9.03, 6313),
    ("08116043", "Neidlingen", 12.62, 1806),
    ("08116046", "Neuffen", 17.45, 6116),
    ("08116047", "Neuhausen auf den Fildern", 12.47, 11393),
    ("08116048", "Notzingen", 7.70, 3576),
    ("08116049", "Nürtingen", 46.90, 40438),
    ("08116050", "Oberboihingen", 6.31, 5386),
    ("08116053", "Ohmden", 5.55, 1720),
    ("08116054", "Owen", 9.70, 3435),
    ("08116056", "Plochingen", 10.65, 14089),
    ("08116058", "Reichenbach an der Fils", 7.43, 7930),
    ("08116063", "Schlaitdorf", 7.31, 1801),
    ("08116068", "Unterensingen", 7.56, 4566),
    ("08116070", "Weilheim an der Teck", 26.51, 9447),
    ("08116071", "Wendlingen am Neckar", 12.15, 15996),
    ("08116072", "Wernau (Neckar)", 10.90, 12486),
    ("08116073", "Wolfschlugen", 7.12, 6316),
    ("08116076", "Aichwald", 14.68, 7491),
    ("08116077", "Filderstadt", 38.55, 44679),
    ("08116078", "Leinfelden-Echterdingen", 29.89, 37378),
    ("08116079", "Lenningen", 41.44, 8101),
    ("08116080", "Ostfildern", 22.81, 36584),
    ("08116081", "Aichtal", 23.64, 9672),
]

# Group A: official population on 31.12.2015.
OFFICIAL_2015 = {
    "08116081": (10124, "en.wikipedia Aichtal, 2017-08 snapshot"),
    "08116007": (5646, "de.wikipedia Baltmannsweiler"),
    "08116012": (3481, "en.wikipedia Bissingen an der Teck"),
    "08116033": (40094, "en.wikipedia Kirchheim unter Teck, IPFS snapshot"),
}

# Group B: official figure on another date (census-2011 basis).
OTHER_DATE = {
    # ags: (population, date of that figure, district total used to move it, source)
    "08116004": (6378, "2021-12-31", "2021-12-31", "de.wikipedia Altbach, copy at world.wikisort.org"),
    "08116005": (1572, "2013-12-31", "2013-12-31", "Nürtinger Zeitung 01.10.2014 and de.wikipedia Altdorf"),
    "08116006": (1921, "2018-12-31", "2018-12-31", "en.wikipedia Altenriet, 2020-08 snapshot"),
    "08116008": (3482, "2020-12-31", "2020-12-31", "de.wikipedia Bempflingen, copy at de.wiki.li"),
    "08116011": (3655, "2018-12-31", "2018-12-31", "de.wikipedia Beuren, copy at de.zxc.wiki"),
    "08116014": (6944, "2018-12-31", "2018-12-31", "de.wikipedia Deizisau, copy at de.zxc.wiki"),
    "08116019": (94145, "2019-12-31", "2019-03-31",
                 "de.wikipedia Esslingen am Neckar, copy at perceptiode.com; "
                 "district total of 31.03.2019 used as proxy for 31.12.2019"),
    "08116048": (3609, "2011-05-09", "2011-05-09", "Zensus 2011, Teckbote 'Wer sind wir, und wie viele?'"),
    "08116049": (41093, "2018-12-31", "2018-12-31", "de.wikipedia Nürtingen, copy at de.zxc.wiki"),
    "08116076": (7559, "2018-12-31", "2018-12-31", "en.wikipedia Aichwald, 2020-08 snapshot"),
    "08116077": (45958, "2020-12-31", "2020-12-31", "de.wikipedia Filderstadt, copy at deit.xcv.wiki"),
    "08116078": (40092, "2018-12-31", "2018-12-31", "de.wikipedia Leinfelden-Echterdingen, copy at de.zxc.wiki"),
    "08116080": (36573, "2012-12-31", "2012-12-31", "en.wikipedia Ostfildern, 2014-02 snapshot, Destatis 31.12.2012"),
}


def derive():
    rows = {}
    for ags, name, area, pop2011 in GV2011:
        rows[ags] = {"ags": ags, "name": name, "area": area, "gv2011": pop2011}
    assert len(rows) == 44

    for ags, (pop, src) in OFFICIAL_2015.items():
        rows[ags]["population"] = pop
        rows[ags]["note"] = f"official 31.12.2015 (StaLA BW via {src})"

    for ags, (pop, date, dkey, src) in OTHER_DATE.items():
        est = round(pop * DISTRICT_2015 / DISTRICT[dkey])
        rows[ags]["population"] = est
        rows[ags]["note"] = (f"estimate: official {pop} on {date} ({src}) times district growth "
                             f"{DISTRICT_2015}/{DISTRICT[dkey]}").replace(";", ",")

    rest = [r for r in rows.values() if "population" not in r]
    left = DISTRICT_2015 - sum(r["population"] for r in rows.values() if "population" in r)
    key = sum(r["gv2011"] for r in rest)
    quotas = [(left * r["gv2011"] / key, r) for r in rest]
    for q, r in quotas:
        r["population"] = int(q)
    short = left - sum(r["population"] for r in rest)
    for q, r in sorted(quotas, key=lambda qr: (-(qr[0] - int(qr[0])), qr[1]["ags"]))[:short]:
        r["population"] += 1
    for r in rest:
        r["note"] = (f"estimate: share of the remaining district total by the GV population of "
                     f"31.12.2011 ({r['gv2011']}, pre-census basis)")

    assert sum(r["population"] for r in rows.values()) == DISTRICT_2015
    return sorted(rows.values(), key=lambda r: r["ags"])


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "municipalities.csv")
    rows = derive()
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(["ags", "name", "population", "area_km2", "note"])
        for r in rows:
            w.writerow([r["ags"], r["name"], r["population"], f"{r['area']:.2f}", r["note"]])
    print(f"wrote {out}: {len(rows)} rows, population {sum(r['population'] for r in rows)}, "
          f"area {sum(r['area'] for r in rows):.2f} km2")


if __name__ == "__main__":
    main()
