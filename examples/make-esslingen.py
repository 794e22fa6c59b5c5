#!/usr/bin/env python3
"""Generate examples/esslingen-2016.json, the Landkreis Esslingen baseline scenario (2016Q3, 12 quarters),
and examples/esslingen-2016-futures.json, the same district with three futures of arrivals.

Usage (from the repository root):  python3 examples/make-esslingen.py [--check]
  writes both files and prints the key totals and the feasibility arithmetic of MODEL.md
  constraint 2; with --check it only compares the generated texts with the files on disk and
  exits 1 if either differs.

The output is deterministic (random.Random(20160609), the seed document's date).

Real figures (sources in seeds/landkreis-esslingen/README.md and baseline.json):
  * the 44 municipalities, their AGS, names, populations (31.12.2015) and areas come from
    seeds/landkreis-esslingen/municipalities.csv (some populations are marked estimates there);
  * rent areas = Wohngeld-Mietenstufen 2016 (WoGV annex): VI Filderstadt, Leinfelden-Echterdingen;
    V Esslingen, Kirchheim, Ostfildern, Plochingen; IV all others;
  * 107 GU sites with ~5,800 occupants (Rahmenkonzept Integration, 09.06.2016, section 4.1);
    ~6,300 places (6,329 places on 31 Oct 2016);
  * the three Kreissporthallen Nürtingen 200, Esslingen 115, Kirchheim 179 places, to be vacated
    from July 2016 (section 4.1 short-term goals);
  * arrivals 2016: 220 in July, ~300 a month before, 81 in December; backlog ~1,000 ("im Soll");
    ~3,000 persons a year due to move to AU (section 4.1: at least 3,000 in 2016);
    more than 900 recognised refugees still in GUs in autumn 2016 (Fehlbeleger);
  * Kombimodell: timber house for 24 residents EUR 370,000 (Süddeutsche Zeitung 2015),
    24 weeks from order to move-in (Allgemeine Bauzeitung) -> 2 quarters lead time;
  * GU places are credited against the AU quota (Teckbote, late 2017).
Synthetic (invented for the example, plausible orders of magnitude only): GU site names, sizes,
locations and costs, provisional-site end dates, AU places per municipality (2,500 at start,
+10 % a quarter, shared by population; 80 % occupied at start), AU costs, Kombimodell
candidate sites, the household mix, arrivals after 2016, rent caps (within the 2016 range) and all
~300 housing offers.
"""
import csv
import json
import math
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED_CSV = os.path.join(ROOT, "seeds", "landkreis-esslingen", "municipalities.csv")
OUT = os.path.join(ROOT, "examples", "esslingen-2016.json")
OUT_FUTURES = os.path.join(ROOT, "examples", "esslingen-2016-futures.json")

T = 12
START = (2016, 3)
RNG = random.Random(20160609)

CLASSES = ["1", "2", "3", "4", "5+"]
SIZE_5PLUS = 6
SIZE = {"1": 1, "2": 2, "3": 3, "4": 4, "5+": SIZE_5PLUS}

ESSLINGEN = "08116019"
FILDERSTADT = "08116077"
NUERTINGEN = "08116049"
KIRCHHEIM = "08116033"
LE = "08116078"
OSTFILDERN = "08116080"
PLOCHINGEN = "08116056"
HOCHDORF = "08116027"
OBERBOIHINGEN = "08116050"

RENT_AREA = {FILDERSTADT: "VI", LE: "VI", ESSLINGEN: "V", KIRCHHEIM: "V", OSTFILDERN: "V",
             PLOCHINGEN: "V"}
RENT_CAPS = {
    "IV": {"1": 400, "2": 480, "3": 570, "4": 660, "5+": 760},
    "V": {"1": 440, "2": 530, "3": 630, "4": 730, "5+": 840},
    "VI": {"1": 480, "2": 575, "3": 690, "4": 800, "5+": 910},
}


def period(t):
    """Label of period index t (0 = first period)."""
    y, q = START
    q += t
    y += (q - 1) // 4
    q = (q - 1) % 4 + 1
    return f"{y}Q{q}"


def largest_remainder(total, weights):
    """Integers proportional to weights that add up to total (ties to the earlier index)."""
    s = sum(weights)
    quotas = [total * w / s for w in weights]
    out = [int(q) for q in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def load_municipalities():
    with open(SEED_CSV, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    assert len(rows) == 44
    return [{"id": r["ags"], "name": r["name"], "population": int(r["population"]),
             "area_km2": float(r["area_km2"])} for r in rows]


# --------------------------------------------------------------------------- municipalities
def build_municipalities(munis):
    pops = [m["population"] for m in munis]
    # AU places of own: 2,500 at start, +10 % a quarter (2,500 -> ~7,100). A slower growth such as
    # +3 % cannot absorb ~3,000 entitled persons a year: with only ~300 private offers the
    # Fehlbeleger would pile up to ~5,000 and the plan would be dominated by unhoused persons.
    au_total = [round(2500 * 1.10 ** t) for t in range(T)]
    per_period = [largest_remainder(au_total[t], pops) for t in range(T)]
    out = []
    for i, m in enumerate(munis):
        places = [per_period[t][i] for t in range(T)]
        for t in range(1, T):  # never shrink (rounding could drop a place)
            places[t] = max(places[t], places[t - 1])
        out.append({
            "id": m["id"], "name": m["name"], "population": m["population"],
            "area_km2": m["area_km2"], "rent_area": RENT_AREA.get(m["id"], "IV"),
            "au_places": places, "au_occupied": round(0.8 * places[0]), "au_cost": 600,
            "credit": 0,
        })
    return out


# --------------------------------------------------------------------------- GU sites
# Number of open permanent GU sites per municipality (GUs concentrate in the larger towns).
PERMANENT_SITES = {
    ESSLINGEN: 14, FILDERSTADT: 8, NUERTINGEN: 8, KIRCHHEIM: 8, LE: 7, OSTFILDERN: 6,
    "08116071": 3, PLOCHINGEN: 3, "08116072": 3, "08116047": 3, "08116015": 2, "08116035": 2,
    "08116070": 2, "08116081": 2, "08116020": 1, "08116079": 1, "08116058": 1, "08116076": 1,
    "08116014": 1, "08116042": 1, "08116016": 1, OBERBOIHINGEN: 1, "08116073": 1, "08116046": 1,
    "08116004": 1, "08116068": 1,
}
PROVISIONAL_SITES = {  # containers and lightweight halls, each with an end date
    ESSLINGEN: 3, FILDERSTADT: 2, NUERTINGEN: 2, KIRCHHEIM: 2, LE: 2, OSTFILDERN: 2,
    "08116071": 1, "08116072": 1,
}
RESERVE_SITES = [  # permanent, closed at start, can be opened
    (ESSLINGEN, 90, None), (NUERTINGEN, 70, None), (FILDERSTADT, 80, None), (KIRCHHEIM, 60, None),
    (OSTFILDERN, 60, None), (HOCHDORF, 240, "2016Q4"),  # timber-module site, usable from 2016Q4
]
SPORTS_HALLS = [  # DOMAIN.md: Kreis sports halls in summer 2016
    ("Kreissporthalle Nürtingen", NUERTINGEN, 200, 180, "2016Q3"),
    ("Kreissporthalle Esslingen", ESSLINGEN, 115, 100, "2016Q4"),
    ("Kreissporthalle Kirchheim unter Teck", KIRCHHEIM, 179, 160, "2016Q4"),
]
TARGET_OCCUPIED = 5800

# Living space (FlüAG § 8 (1)): 4.5 m2 per place until 2017Q4, 7 m2 from 1 Jan 2018 (DOMAIN.md).
SPACE_STANDARD = [4.5] * 6 + [7] * 6
# Synthetic areas, drawn from their own generator so that every other figure stays as it was:
# sites open in 2016 were planned at 4.5 m2 per place, with 0-60 % more space; the reserves and
# timber-module sites, planned later, at 7 m2.
AREA_RNG = random.Random(20180101)
# Seed section 4.1: sites for vU are to pass step by step to the towns as demand falls. The
# permanent sites of the six Große Kreisstädte may be handed over from 2017Q3 (synthetic), each
# giving its municipality its places at 7 m2 as AU places, for EUR 20,000 + 500 per place (synthetic).
TRANSFER_TOWNS = {ESSLINGEN, FILDERSTADT, NUERTINGEN, KIRCHHEIM, LE, OSTFILDERN}
TRANSFER_EARLIEST = "2017Q3"


def add_measures(site):
    """area_m2 and transfer of one site (dict in output key order)."""
    if site["kind"] == "sports_hall":
        return
    planned_late = not site["open"] or "Holzmodul" in site["name"]
    per_place = 7 if planned_late else 4.5 * (1 + AREA_RNG.randrange(0, 61) / 100)
    site["area_m2"] = math.ceil(site["places"] * per_place)
    if site["kind"] == "permanent" and site["open"] and site["municipality"] in TRANSFER_TOWNS:
        site["transfer"] = {"earliest": TRANSFER_EARLIEST,
                            "au_places": min(site["places"], site["area_m2"] // 7),
                            "cost": 20000 + 500 * site["places"]}


def build_gu_sites(names):
    sites = []
    counter = {}

    def label(ags, kind):
        word = {"permanent": "Gemeinschaftsunterkunft", "provisional": "Containeranlage",
                "reserve": "Gemeinschaftsunterkunft"}[kind]
        key = (ags, word)  # reserves continue the numbering of the permanent sites
        counter[key] = counter.get(key, 0) + 1
        return f"{names[ags]}, {word} {counter[key]}"

    for ags, n in PERMANENT_SITES.items():
        for _ in range(n):
            places = RNG.randrange(24, 93, 2) if ags != OBERBOIHINGEN else 104
            name = label(ags, "permanent") if ags != OBERBOIHINGEN else \
                f"{names[ags]}, Holzmodul-Gemeinschaftsunterkunft"
            sites.append({"name": name, "municipality": ags, "kind": "permanent", "places": places,
                          "open": True,
                          "cost": {"per_place": RNG.randrange(900, 1201, 10),
                                   "fixed": RNG.randrange(10000, 25001, 500),
                                   "open": RNG.randrange(30000, 60001, 1000),
                                   "close": RNG.randrange(10000, 15001, 500)}})
    for ags, n in PROVISIONAL_SITES.items():
        for _ in range(n):
            until = period(RNG.randrange(3, 10))  # 2017Q2 .. 2018Q4
            sites.append({"name": label(ags, "provisional"), "municipality": ags,
                          "kind": "provisional", "places": RNG.randrange(32, 97, 4), "open": True,
                          "available_until": until,
                          "cost": {"per_place": RNG.randrange(1250, 1501, 10),
                                   "fixed": RNG.randrange(20000, 40001, 500),
                                   "open": RNG.randrange(50000, 80001, 1000),
                                   "close": RNG.randrange(15000, 20001, 500)}})
    for name, ags, places, occ, vacate in SPORTS_HALLS:
        sites.append({"name": name, "municipality": ags, "kind": "sports_hall", "places": places,
                      "occupied": occ, "open": True, "vacate_by": vacate,
                      "cost": {"per_place": 1500, "fixed": 40000, "close": 20000}})
    for ags, places, avail in RESERVE_SITES:
        name = label(ags, "reserve") + " (Reserve)" if ags != HOCHDORF else \
            f"{names[ags]}, Holzmodul-Gemeinschaftsunterkunft (Reserve)"
        site = {"name": name, "municipality": ags, "kind": "permanent", "places": places,
                "occupied": 0, "open": False}
        if avail:
            site["available_from"] = avail
        site["cost"] = {"per_place": RNG.randrange(900, 1101, 10),
                        "fixed": RNG.randrange(10000, 20001, 500),
                        "open": RNG.randrange(40000, 80001, 1000),
                        "close": RNG.randrange(10000, 15001, 500)}
        sites.append(site)

    # Occupancy of the open non-hall sites: share out what the halls do not hold, by places,
    # never above 97 % of a site.
    fill = [s for s in sites if s["open"] and s["kind"] != "sports_hall"]
    rest = TARGET_OCCUPIED - sum(s.get("occupied", 0) for s in sites if s["kind"] == "sports_hall")
    occ = largest_remainder(rest, [s["places"] for s in fill])
    for s, o in zip(fill, occ):
        s["occupied"] = min(o, math.floor(0.97 * s["places"]))
    short = rest - sum(s["occupied"] for s in fill)
    for s in sorted(fill, key=lambda s: -s["places"]):
        if short == 0:
            break
        add = min(short, s["places"] - s["occupied"])
        s["occupied"] += add
        short -= add
    assert short == 0

    # stable ids and key order
    out = []
    for i, s in enumerate(sites, 1):
        o = {"id": f"GU-{i:03d}", "name": s["name"], "municipality": s["municipality"],
             "kind": s["kind"], "places": s["places"], "occupied": s["occupied"], "open": s["open"]}
        for k in ("available_from", "available_until", "vacate_by"):
            if k in s:
                o[k] = s[k]
        o["cost"] = s["cost"]
        add_measures(o)
        out.append(o)
    assert len(out) == 107, len(out)
    return out


# --------------------------------------------------------------------------- Kombimodell
KOMBI = [  # (municipality, max_modules)
    (ESSLINGEN, 6), (FILDERSTADT, 5), (NUERTINGEN, 5), (KIRCHHEIM, 5), (LE, 4), (OSTFILDERN, 4),
    ("08116071", 3), (PLOCHINGEN, 3), ("08116072", 3), ("08116047", 3), ("08116015", 3),
    ("08116035", 2), ("08116070", 2), ("08116081", 2), ("08116079", 2), ("08116020", 2),
    ("08116058", 2), ("08116076", 2), (OBERBOIHINGEN, 2), ("08116042", 2),
]


def build_kombimodell():
    assert len({a for a, _ in KOMBI}) == 20
    return [{"id": f"KM-{i:02d}", "municipality": ags, "max_modules": mm, "places_per_module": 24,
             "lead_quarters": 2, "earliest": "2016Q4",
             "cost": {"module": 370000, "conversion": 40000, "per_place_gu": 900}}
            for i, (ags, mm) in enumerate(KOMBI, 1)]


# --------------------------------------------------------------------------- intake, households
ARRIVALS = [700, 400, 450, 450, 420, 400, 380, 370, 360, 350, 350, 350]
ENTITLED_PERSONS = [750, 750, 750, 750, 750, 750, 600, 520, 450, 400, 350, 300]
PERSON_SHARE = {"1": 0.48, "2": 0.08, "3": 0.10, "4": 0.16, "5+": 0.18}
WAITING = {"1": 430, "2": 35, "3": 30, "4": 35, "5+": 28}  # 898 persons
BACKLOG = 1000

# Three futures of arrivals per quarter from 2016Q3 (README "Examples and data sources"):
#  * "abflauen": what happened. July 2016 220, December 81, 80-150 a month in 2017 (DOMAIN.md,
#    Teckbote): about 520 in 2016Q3, 280 in 2016Q4, then about 300 a quarter falling to 240.
#  * "basis": the planning basis of the baseline example (about 300 a month from February 2016,
#    the administration's expectation of a slow decline).
#  * "hoch": what was feared: a renewed wave at half the peak of about 1,200 assignments a month
#    (DOMAIN.md), 1,800 a quarter in 2017, easing over 2018.
# Probabilities are judgements for the example, not sources.
FUTURES = [
    ("abflauen", 0.3, [520, 280, 300, 300, 270, 270, 250, 250, 240, 240, 240, 240]),
    ("basis", 0.5, ARRIVALS),
    ("hoch", 0.2, [900, 1200, 1800, 1800, 1500, 1200, 1000, 900, 800, 700, 700, 700]),
]
COMMIT_QUARTERS = 2


def build_entitled():
    ent = {h: [] for h in CLASSES}
    for p in ENTITLED_PERSONS:
        for h in CLASSES:
            ent[h].append(round(p * PERSON_SHARE[h] / SIZE[h]))
    return ent


# --------------------------------------------------------------------------- housing offers
OFFER_CLASS_WEIGHTS = {"1": 45, "2": 30, "3": 10, "4": 10, "5+": 5}
OFFERS_PER_PERIOD = 25


def build_offers(munis):
    ids = [m["id"] for m in munis]
    weights = [m["population"] for m in munis]
    area = {m["id"]: m["rent_area"] for m in munis}
    classes = list(OFFER_CLASS_WEIGHTS)
    cw = [OFFER_CLASS_WEIGHTS[h] for h in classes]
    offers = []
    for t in range(T):
        rows = []
        for _ in range(OFFERS_PER_PERIOD):
            m = RNG.choices(ids, weights)[0]
            h = RNG.choices(classes, cw)[0]
            units = 2 if RNG.random() < 0.1 else 1
            factor = min(1.25, max(0.75, RNG.gauss(0.97, 0.12)))
            rent = int(5 * round(RENT_CAPS[area[m]][h] * factor / 5))
            rows.append((m, h, units, rent))
        rows.sort()
        for j, (m, h, units, rent) in enumerate(rows, 1):
            offers.append({"id": f"W-{period(t)}-{j:03d}", "municipality": m, "period": period(t),
                           "household": h, "units": units, "rent": rent})
    return offers


# --------------------------------------------------------------------------- output
def dump(doc):
    """Pretty but compact: one line per municipality, site, Kombimodell site and offer."""
    def one(o):
        return json.dumps(o, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"]
    keys = list(doc)
    for n, k in enumerate(keys):
        v = doc[k]
        comma = "," if n < len(keys) - 1 else ""
        if isinstance(v, list) and v and isinstance(v[0], dict):
            lines.append(f'  "{k}": [')
            for i, item in enumerate(v):
                lines.append("    " + one(item) + ("," if i < len(v) - 1 else ""))
            lines.append("  ]" + comma)
        elif isinstance(v, dict) and k in ("households", "intake", "x", "rent_caps", "funding",
                                             "uncertainty"):
            lines.append(f'  "{k}": {{')
            sub = list(v)
            for i, sk in enumerate(sub):
                last = "," if i < len(sub) - 1 else ""
                inner = v[sk]
                if isinstance(inner, list) and sk == "futures":
                    lines.append(f'    "{sk}": [')
                    for j, item in enumerate(inner):
                        lines.append("      " + one(item) + ("," if j < len(inner) - 1 else ""))
                    lines.append("    ]" + last)
                elif isinstance(inner, dict) and sk in ("entitled", "areas"):
                    lines.append(f'    "{sk}": {{')
                    ik = list(inner)
                    for j, c in enumerate(ik):
                        lines.append(f'      "{c}": ' + one(inner[c]) + ("," if j < len(ik) - 1 else ""))
                    lines.append("    }" + last)
                else:
                    lines.append(f'    "{sk}": ' + one(inner) + last)
            lines.append("  }" + comma)
        else:
            lines.append(f'  "{k}": ' + one(v) + comma)
    lines.append("}")
    return "\n".join(lines) + "\n"


# Who pays: the district pays each municipality EUR 135 per person placed into AU (FlüAG § 18 (4),
# 2016). The Land's reimbursement of vU costs stands in as EUR 1,050 per person in vU and quarter
# (the middle of the permanent sites' place costs, EUR 900-1,200), nothing for Fehlbeleger (no Land
# subsidy for them, DOMAIN.md); no source at hand for the federal KdU share, so 0.
FUNDING = {"land_per_person": 0, "land_per_vu_quarter": 1050, "to_municipality_per_person": 135,
           "kdu_federal_share": 0, "objective": "public"}


def build():
    raw = load_municipalities()
    names = {m["id"]: m["name"] for m in raw}
    munis = build_municipalities(raw)
    sites = build_gu_sites(names)
    kombi = build_kombimodell()
    offers = build_offers(munis)
    entitled = build_entitled()
    doc = {
        "quartier": 1,
        "name": "Landkreis Esslingen – Basis 2016Q3",
        "periods": {"start": period(0), "count": T},
        "intake": {"backlog": BACKLOG, "arrivals": ARRIVALS},
        "households": {"size_5plus": SIZE_5PLUS, "entitled": entitled, "waiting": WAITING},
        "municipalities": munis,
        "gu_sites": sites,
        "kombimodell": kombi,
        "rent_caps": {"factor": 1.0, "areas": RENT_CAPS},
        "housing_offers": offers,
        "quota": {"method": "hare-niemeyer", "key": {"population": 1.0}, "gu_credit_rate": 1.0},
        "exit_rate": 0.03,
        "space_standard_m2": SPACE_STANDARD,
        "funding": FUNDING,
        "targets": {"places": 10000},
        "solver": {"time_limit_s": 60, "gap": 0.005},
        "x": {
            "about": "Baseline of Landkreis Esslingen for the quarters 2016Q3-2019Q2, generated by "
                     "examples/make-esslingen.py (deterministic).",
            "real": "Municipalities (AGS, names, population 31.12.2015, area): "
                    "seeds/landkreis-esslingen/municipalities.csv, partly estimates marked there "
                    "(sources: Destatis Gemeindeverzeichnis, Statistisches Landesamt BW). Rent areas: "
                    "Wohngeld-Mietenstufen 2016 (WoGV annex). 107 GUs with about 5,800 occupants, "
                    "target of 10,000 places reached only to 85 %, at least 3,000 persons needing AU "
                    "in 2016, sports halls vacated from July 2016: Rahmenkonzept Integration, "
                    "Landkreis Esslingen, 09.06.2016, section 4.1. 6,329 places on 31 Oct 2016, "
                    "Kreissporthallen Nürtingen 200 / Esslingen 115 / Kirchheim 179 places, "
                    "arrivals 2016 (220 in July, 81 in December), about 1,000 persons 'im Soll', "
                    "more than 900 recognised refugees still in GUs in autumn 2016, GU places "
                    "credited against the AU quota, timber house for 24 residents EUR 370,000 "
                    "(Süddeutsche Zeitung 2015), 24 weeks from order to move-in: DOMAIN.md. "
                    "Living space 4.5 m2 per place until 2017Q4, 7 m2 from 1 Jan 2018 (FlüAG § 8 (1)); "
                    "EUR 135 per person placed into AU (FlüAG § 18 (4)); GU sites to pass to the "
                    "towns as demand falls (section 4.1). "
                    "See seeds/landkreis-esslingen/baseline.json.",
            "synthetic": "GU site names, sizes, locations, costs and end dates; AU places, AU "
                         "occupancy and AU costs per municipality; Kombimodell candidate sites; "
                         "household mix; arrivals after December 2016; rent caps (chosen inside "
                         "the 2016 range); all housing offers; the sites' areas (planned at 4.5 m2 "
                         "per place plus 0-60 %, later sites at 7 m2); which sites may be handed over "
                         "(the permanent sites of the six Große Kreisstädte, from 2017Q3) and at what "
                         "cost; the Land's reimbursement as EUR 1,050 per person in vU and quarter. "
                         "Site names are descriptive, not real addresses.",
        },
    }
    return doc


def build_futures(doc):
    """The baseline with the futures of FUTURES in place of its one arrival path."""
    fut = dict(doc)
    fut["name"] = "Landkreis Esslingen – Zukünfte 2016Q3"
    fut["intake"] = {"backlog": BACKLOG}
    fut["uncertainty"] = {
        "commit_quarters": COMMIT_QUARTERS,
        "objective": "expected",
        "futures": [{"id": i, "probability": p, "arrivals": a} for i, p, a in FUTURES],
    }
    fut["x"] = dict(doc["x"])
    fut["x"]["futures"] = ("Three futures of arrivals from 2016Q3: 'abflauen' as it happened (220 in July "
                           "2016, 81 in December, 80-150 a month in 2017), 'basis' the baseline's planning "
                           "path, 'hoch' what was feared (half the peak of about 1,200 a month); "
                           "probabilities are judgements. Generated by examples/make-esslingen.py.")
    return fut


def report(doc):
    T_ = doc["periods"]["count"]
    sites = doc["gu_sites"]
    size = {"1": 1, "2": 2, "3": 3, "4": 4, "5+": doc["households"]["size_5plus"]}
    occupied = sum(s["occupied"] for s in sites)
    places_all = sum(s["places"] for s in sites)
    places_open = sum(s["places"] for s in sites if s["open"])
    waiting = sum(size[h] * n for h, n in doc["households"]["waiting"].items())
    v0 = occupied - waiting
    ent = doc["households"]["entitled"]
    ent_p = [sum(size[h] * ent[h][t] for h in ent) for t in range(T_)]
    arr = doc["intake"]["arrivals"]
    backlog = doc["intake"]["backlog"]
    print(f"municipalities {len(doc['municipalities'])}, population "
          f"{sum(m['population'] for m in doc['municipalities'])}")
    print(f"GU sites {len(sites)}: places {places_all} (open at start {places_open}), "
          f"occupied {occupied}")
    for kind in ("permanent", "provisional", "sports_hall"):
        ks = [s for s in sites if s["kind"] == kind]
        print(f"  {kind:12s} {len(ks):3d} sites, {sum(s['places'] for s in ks):5d} places, "
              f"{sum(s['occupied'] for s in ks):5d} occupied, "
              f"{sum(1 for s in ks if not s['open'])} closed")
    print(f"waiting (Fehlbeleger) persons {waiting}; V0 = {occupied} - {waiting} = {v0}")
    assert v0 >= 0
    cum_e = cum_a = 0
    print("period   arrivals entitled  cum_entitled  bound=V0+backlog+cum_arrivals")
    for t in range(T_):
        cum_e += ent_p[t]
        cum_a += arr[t]
        bound = v0 + backlog + cum_a
        ok = "ok" if cum_e <= bound else "VIOLATED"
        print(f"{period(t)}  {arr[t]:8d} {ent_p[t]:8d} {cum_e:13d} {bound:10d}  {ok}")
        assert cum_e <= bound
    for y in (2016, 2017, 2018, 2019):
        print(f"entitled persons {y}: "
              f"{sum(ent_p[t] for t in range(T_) if period(t).startswith(str(y)))}")
    def cap(s, std):
        return min(s["places"], math.floor(s["area_m2"] / std + 1e-9)) if "area_m2" in s else s["places"]
    open_now = [s for s in sites if s["open"]]
    print(f"places of the sites open at start: {sum(cap(s, 4.5) for s in open_now)} at 4.5 m2, "
          f"{sum(cap(s, 7) for s in open_now)} at 7 m2 (from 2018Q1)")
    tr = [s for s in sites if "transfer" in s]
    print(f"sites that may be handed over: {len(tr)} (from {TRANSFER_EARLIEST}), "
          f"{sum(s['transfer']['au_places'] for s in tr)} AU places")
    au0 = sum(m["au_places"][0] for m in doc["municipalities"])
    au1 = sum(m["au_places"][-1] for m in doc["municipalities"])
    print(f"AU places {au0} -> {au1}, AU occupied {sum(m['au_occupied'] for m in doc['municipalities'])}")
    caps = doc["rent_caps"]["areas"]
    area = {m["id"]: m["rent_area"] for m in doc["municipalities"]}
    offers = doc["housing_offers"]
    elig = [o for o in offers if o["rent"] <= caps[area[o["municipality"]]][o["household"]]
            * doc["rent_caps"]["factor"]]
    print(f"offers {len(offers)} ({sum(o['units'] for o in offers)} units), eligible {len(elig)} "
          f"({100 * len(elig) / len(offers):.1f} %), eligible units {sum(o['units'] for o in elig)}, "
          f"eligible persons {sum(o['units'] * size[o['household']] for o in elig)}")
    print(f"Kombimodell sites {len(doc['kombimodell'])}, max places "
          f"{sum(k['max_modules'] * k['places_per_module'] for k in doc['kombimodell'])}")


def main():
    doc = build()
    outputs = [(OUT, dump(doc)), (OUT_FUTURES, dump(build_futures(doc)))]
    for _, text in outputs:
        json.loads(text)
    if "--check" in sys.argv[1:]:
        same = True
        for path, text in outputs:
            with open(path, encoding="utf-8") as f:
                same = same and f.read() == text
        print("up to date" if same else "differs from the generator")
        sys.exit(0 if same else 1)
    for path, text in outputs:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"wrote {path}")
    report(doc)


if __name__ == "__main__":
    main()
