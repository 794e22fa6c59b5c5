#!/usr/bin/python3
"""Scenario workbooks and CSV directories written the way planners' tools write them, for
tests/test_sheets.c: an independent writer of the format of README.md "Scenarios as spreadsheets"
(openpyxl and Python's csv module, not quartier's own writer).

  make.py xlsx SCENARIO.json OUT.xlsx   a planner's workbook: styled header, notes columns, empty
                                        rows, a README sheet, numbers formatted
  make.py csv-de SCENARIO.json DIR      as German Excel saves CSV: ';', decimal comma, thousands
                                        points, Windows-1252, CRLF
  make.py csv-lo SCENARIO.json DIR      as LibreOffice saves CSV: ',', decimal point, UTF-8, LF
  make.py bad DIR                       the catalogue of bad workbooks and CSV directories
"""
import csv
import io
import json
import os
import sys
import zipfile

LISTS = {"municipalities": "municipalities", "gu_sites": "gu_sites", "kombimodell": "kombimodell",
         "housing_offers": "housing_offers"}
PERIOD_KEYS = [("arrivals", ("intake", "arrivals"))] + [
    ("entitled." + h, ("households", "entitled", h)) for h in ["1", "2", "3", "4", "5+"]] + [
    ("space_standard_m2", ("space_standard_m2",))]


def label(start, t):
    year, q = int(start[:4]), int(start[5])
    i = q - 1 + t
    return "%04dQ%d" % (year + i // 4, i % 4 + 1)


def flatten(obj, prefix, start, out):
    for k, v in obj.items():
        path = prefix + k
        if isinstance(v, dict):
            flatten(v, path + ".", start, out)
        elif isinstance(v, list):
            for t, e in enumerate(v):
                out[path + "." + label(start, t)] = e
        else:
            out[path] = v


def get(doc, path):
    for k in path:
        if not isinstance(doc, dict) or k not in doc:
            return None
        doc = doc[k]
    return doc


def tables(doc):
    """The sheets of a scenario as {name: [header, row, ...]}."""
    start = doc["periods"]["start"]
    rest = {k: v for k, v in doc.items() if k not in LISTS}
    futures = []
    if isinstance(rest.get("uncertainty"), dict):
        rest["uncertainty"] = dict(rest["uncertainty"])
        futures = rest["uncertainty"].pop("futures", [])
    settings = {}
    rc = rest.pop("rent_caps", {})
    flatten({k: v for k, v in rest.items()}, "", start, settings)
    settings = {k: v for k, v in settings.items()
                if not any(k.startswith(p[0] + ".") or k.startswith(".".join(p[1]) + ".") for p in PERIOD_KEYS)}
    for k, v in rc.items():
        if k != "areas":
            settings["rent_caps." + k] = v
    out = {"scenario": [["key", "value"]] + [[k, v] for k, v in settings.items()]}
    per = [(col, get(doc, path)) for col, path in PERIOD_KEYS]
    per = [(c, v) for c, v in per if isinstance(v, list)]
    if per:
        n = doc["periods"]["count"]
        out["periods"] = [["period"] + [c for c, _ in per]] + [
            [label(start, t)] + [v[t] for _, v in per] for t in range(n)]
    for name, key in LISTS.items():
        rows = []
        for o in doc.get(key, []):
            flat = {}
            flatten(o, "", start, flat)
            rows.append(flat)
        cols = []
        for r in rows:
            cols += [c for c in r if c not in cols]
        if key in doc:
            out[name] = [cols or ["id"]] + [[r.get(c) for c in cols] for r in rows]
    if futures:
        n = doc["periods"]["count"]
        out["futures"] = [["id", "probability"]] + [[f["id"], f["probability"]] for f in futures]
        classes = sorted({h for f in futures for h in f.get("entitled", {})})
        out["future_periods"] = [["future", "period", "arrivals"] + ["entitled." + h for h in classes]] + [
            [f["id"], label(start, t), f["arrivals"][t]] + [f.get("entitled", {}).get(h, [None] * n)[t] for h in classes]
            for f in futures for t in range(n)]
    if "areas" in rc:
        out["rent_caps"] = [["area", "1", "2", "3", "4", "5+"]] + [
            [a] + [caps.get(h) for h in ["1", "2", "3", "4", "5+"]] for a, caps in rc["areas"].items()]
    return out


def write_xlsx(doc, path):
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    wb = openpyxl.Workbook()
    readme = wb.active
    readme.title = "README"
    readme["A1"] = "Unterbringungsplanung – bitte nur die gelben Zellen ändern"
    readme["A1"].font = Font(bold=True, size=14)
    for name, rows in tables(doc).items():
        ws = wb.create_sheet(name)
        header = rows[0] + ["x.Bemerkung"]
        ws.append(header)
        for c in ws[1]:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="305496")
        ws["A1"].comment = Comment("Stand: Amt für Flüchtlingsunterbringung", "Planung")
        ws.freeze_panes = "A2"
        for i, row in enumerate(rows[1:]):
            if i % 10 == 3:
                ws.append([])  # an empty row between groups
            ws.append(list(row) + ["geprüft" if i % 2 else None])
            for c in ws[ws.max_row]:
                if isinstance(c.value, float):
                    c.number_format = "#,##0.00"
                elif isinstance(c.value, int) and not isinstance(c.value, bool):
                    c.number_format = "#,##0"
        for col in ws.columns:
            ws.column_dimensions[col[0].column_letter].width = 18
    wb.create_sheet("x.Notizen")["A1"] = "Rückfragen an die Gemeinden bis Freitag"
    wb.save(path)


def german_number(v):
    if isinstance(v, bool):
        return "WAHR" if v else "FALSCH"
    if isinstance(v, int):
        return "{:,}".format(v).replace(",", ".")
    if isinstance(v, float):
        whole, _, frac = repr(v).partition(".")
        grouped = "{:,}".format(int(whole)).replace(",", ".") if whole.lstrip("-").isdigit() else whole
        return grouped + ("," + frac if frac and frac != "0" else "")
    return v


def write_csv(doc, path, german):
    os.makedirs(path, exist_ok=True)
    for name, rows in tables(doc).items():
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";" if german else ",", lineterminator="\r\n" if german else "\n")
        for r in rows:
            if german:
                r = [german_number(v) for v in r]
            else:
                r = [("true" if v else "false") if isinstance(v, bool) else v for v in r]
            w.writerow(["" if v is None else v for v in r])
        data = buf.getvalue().encode("cp1252" if german else "utf-8")
        with open(os.path.join(path, name + ".csv"), "wb") as f:
            f.write(data)


TINY = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "tiny.json")


def bad_catalogue(out):
    """Each case derived from examples/tiny.json with one fault."""
    os.makedirs(out, exist_ok=True)
    doc = json.load(open(TINY, encoding="utf-8"))

    def xlsx(name, change):
        t = tables(doc)
        change(t)
        import openpyxl
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for sheet, rows in t.items():
            ws = wb.create_sheet(sheet)
            for r in rows:
                ws.append(r)
        wb.save(os.path.join(out, name))

    def csvdir(name, change):
        t = tables(doc)
        change(t)
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        for sheet, rows in t.items():
            with open(os.path.join(d, sheet + ".csv"), "w", encoding="utf-8", newline="") as f:
                csv.writer(f, delimiter=";", lineterminator="\r\n").writerows(
                    [["" if v is None else german_number(v) for v in r] for r in rows])

    def cell(t, sheet, row, col, value):
        t[sheet][row][t[sheet][0].index(col)] = value

    csvdir("text-in-number", lambda t: cell(t, "gu_sites", 2, "places", "zwölf"))
    xlsx("text-in-number.xlsx", lambda t: cell(t, "gu_sites", 2, "places", "zwölf"))
    xlsx("missing-sheet.xlsx", lambda t: t.pop("municipalities"))
    csvdir("missing-sheet", lambda t: t.pop("scenario"))
    xlsx("duplicate-id.xlsx", lambda t: cell(t, "gu_sites", 2, "id", "GU-1"))
    csvdir("unknown-column", lambda t: t["gu_sites"][0].__setitem__(t["gu_sites"][0].index("places"), "plätze"))
    xlsx("date-as-period.xlsx", lambda t: cell(t, "housing_offers", 1, "period", 45292))

    def several(t):
        cell(t, "gu_sites", 1, "occupied", "viele")
        cell(t, "municipalities", 2, "population", -5)
        t["kombimodell"] = [["id", "municipality", "modules"], ["KM-1", "A", 3]]
    csvdir("several", several)

    good = os.path.join(out, "good.xlsx")
    xlsx("good.xlsx", lambda t: None)
    data = open(good, "rb").read()
    open(os.path.join(out, "truncated.xlsx"), "wb").write(data[: len(data) // 2])
    open(os.path.join(out, "not-a-zip.xlsx"), "wb").write(b"id;name\r\nA;Altstadt\r\n")
    os.unlink(good)

    def rezip(name, replace):
        src = zipfile.ZipFile(io.BytesIO(data))
        with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
            for item in src.infolist():
                body = src.read(item.filename)
                body = replace.get(item.filename, body)
                if callable(body):
                    body(z, item.filename)
                else:
                    z.writestr(item.filename, body)

    def bomb(z, filename):
        # 300 MiB of blanks inside the sheet's XML, deflated to about 300 KiB
        with z.open(filename, "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet><sheetData>')
            chunk = b" " * (1 << 20)
            for _ in range(300):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")
    sheet_of_gu = "xl/worksheets/sheet4.xml"
    rezip("zip-bomb.xlsx", {sheet_of_gu: bomb})
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                         for i in range(1, 10))
              + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>'
              b'</worksheet>')
    rezip("billion-laughs.xlsx", {"xl/worksheets/sheet1.xml": laughs})


def main():
    cmd = sys.argv[1]
    if cmd == "bad":
        bad_catalogue(sys.argv[2])
        return
    doc = json.load(open(sys.argv[2], encoding="utf-8"))
    if cmd == "xlsx":
        write_xlsx(doc, sys.argv[3])
    else:
        write_csv(doc, sys.argv[3], cmd == "csv-de")


if __name__ == "__main__":
    main()
