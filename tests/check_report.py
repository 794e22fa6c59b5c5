#!/usr/bin/env python3
"""Checks a report page (HTML) or workbook (XLSX) of quartier against the plan JSON it shows.

  check_report.py html PAGE.html PLAN.json     every mark's data-v equals the plan's figure
  check_report.py xlsx BOOK.xlsx PLAN.json     every cell of the plan's sheets equals the JSON; charts
  check_report.py html-compare PAGE.html       both plans in every chart, each mark equal to its table
  check_report.py html-sweep PAGE.html N       every variant in both charts, each mark equal to its table
  check_report.py xlsx-compare BOOK.xlsx       the sheets and charts of a comparison
  check_report.py xlsx-sweep BOOK.xlsx N       the sheets and charts of a sweep
  check_report.py html-futures PAGE.html PLAN.json   a plan over futures: the decisions to take now
                                               first, every future in every chart equal to the JSON
  check_report.py xlsx-futures BOOK.xlsx PLAN.json   its workbook: every cell equal to the JSON

With a plan JSON the figures are recomputed here from it alone (sums over sites and municipalities),
not taken from the program's own tables. Exits 1 with the first differences listed."""
import json
import sys
from html.parser import HTMLParser

PENALTIES = ["unhoused", "backlog", "waiting", "provisional", "quota_under", "quota_over", "move"]
errors = []


def check(what, got, want, tol=0.005):
    """got equals want within tol (absolute; the page rounds euro to cents)."""
    if got is None or want is None:
        if got is not want:
            errors.append(f"{what}: shows {got}, the plan has {want}")
    elif abs(float(got) - float(want)) > tol:
        errors.append(f"{what}: shows {got}, the plan has {want}")


def german_number(text):
    """ "1.234,5" or "−5" as a float; None for a text that is not a number."""
    t = text.strip().replace(".", "").replace(",", ".").replace("\u2212", "-")
    try:
        return float(t)
    except ValueError:
        return None


class Marks(HTMLParser):
    """Every element with data-series, keyed (chart id, series, data-id); and every data table's cells,
    keyed (the chart of its section, column key, first cell of the row)."""

    def __init__(self):
        super().__init__()
        self.chart = None
        self.marks = {}
        self.states = {}
        self.cells = {}
        self.table = None
        self.keys = []
        self.row = None
        self.row_id = None
        self.text = None

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.text is not None and self.row is not None:
            self.row.append("".join(self.text))
            self.text = None
        if tag == "tr" and self.row is not None and self.table and self.keys and self.row:
            first = self.row_id or self.row[0]
            for k, v in zip(self.keys, self.row):
                self.cells[(self.table, k, first)] = v
            self.row = None

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id", "").startswith("tab-"):
            self.table, self.keys = self.chart or a["id"], []
        if tag == "th" and "data-key" in a and self.table:
            self.keys.append(a["data-key"])
        if tag == "tr" and self.table:
            self.row, self.row_id = [], a.get("data-id")
        if tag == "td" and self.row is not None:
            self.text = []
        if tag == "section":
            self.chart = None
        if tag == "svg" and a.get("id", "").startswith("chart-"):
            self.chart = a["id"][6:]
        if "data-series" in a:
            key = (self.chart, a["data-series"], a.get("data-id"))
            self.marks[key] = float(a["data-v"])
            if "data-state" in a:
                self.states[key] = a["data-state"]


def check_self(m):
    """Every mark equals the cell of the table below its chart."""
    n = 0
    for (chart, series, rid), v in m.marks.items():
        cell = m.cells.get((chart, series, rid))
        if cell is None:
            errors.append(f"chart {chart}: mark {series} {rid} has no cell in the table below it")
            continue
        if chart in ("sites", "sites-b"):  # "+80" opened, "×0" closed, "→AU" handed over (no one left in it)
            got = 0 if cell == "\u2192AU" else german_number(cell.lstrip("+\u00d7"))
        else:
            got = german_number(cell)
        shown = cell.split(",")[1] if "," in cell else ""
        check(f"chart {chart} {series} {rid} against its table", v, got, 0.5 * 10 ** -len(shown) + 1e-6)
        n += 1
    return n


def per_period(plan, t):
    """The district's figures of period index t, summed from the plan's own arrays."""
    tot = plan["totals"]
    f = {k: tot[k][t] for k in ("gu_persons", "gu_places_open", "backlog", "waiting_persons", "unhoused")}
    f["placed_own_persons"] = sum(m["placed"]["own"][t] for m in plan["municipalities"])
    f["placed_kombimodell_persons"] = sum(m["placed"]["kombimodell"][t] for m in plan["municipalities"])
    f["placed_offers_persons"] = sum(m["placed"]["offers"][t] for m in plan["municipalities"])
    f["ordered"] = sum(k["ordered"][t] for k in plan["kombimodell"])
    f["au_modules"] = sum(k["au_modules"][t] for k in plan["kombimodell"])
    return f


def objective_terms(plan):
    o = plan["objective"]
    terms = {"real cost": o["cost"], "objective total": o["total"]}
    for p in PENALTIES:
        terms["penalty " + p] = o["penalties"][p]
    return terms


SHEET = {"gu": "gu_capacity", "shortfalls": "shortfalls", "au": "au_sources", "kombimodell": "kombimodell_modules",
         "objective": "objective", "quota_end": "quota_end", "payers_total": "payers_total", "sweep_cost": "sweep_cost",
         "sweep_shortfalls": "sweep_shortfalls"}
CHART_OF = {"gu_persons": "gu", "gu_places_open": "gu", "backlog": "shortfalls", "waiting_persons": "shortfalls",
            "unhoused": "shortfalls", "placed_own_persons": "au", "placed_kombimodell_persons": "au",
            "placed_offers_persons": "au", "ordered": "kombimodell", "au_modules": "kombimodell"}


def check_html_plans(marks, plans, suffixes):
    seen = 0
    for plan, suf in zip(plans, suffixes):
        for t, label in enumerate(plan["periods"]):
            for key, want in per_period(plan, t).items():
                got = marks.marks.get((CHART_OF[key], key + suf, label))
                check(f"chart {CHART_OF[key]}, {key + suf}, {label}", got, want)
                seen += 1
        for term, want in objective_terms(plan).items():
            check(f"chart objective, {term}", marks.marks.get(("objective", "eur" + suf, term)), want)
        for payer, want in plan.get("payers_total", {}).items():
            check(f"chart payers, {payer}", marks.marks.get(("payers_total", "eur" + suf, payer)), want)
        T = len(plan["periods"])
        for m in plan["municipalities"]:
            check(f"chart quota, {m['id']} placed", marks.marks.get(("quota", "placed_cumulative" + suf, m["id"])),
                  m["placed_cumulative"][T - 1])
            check(f"chart quota, {m['id']} quota", marks.marks.get(("quota", "quota" + suf, m["id"])), m["quota"][T - 1])
    return seen


def check_timeline(marks, plan, chart):
    for g in plan["gu_sites"]:
        for t, label in enumerate(plan["periods"]):
            key = (chart, label, g["id"])
            if t == 0 and not g["open"][t] and marks.states.get(key) == "closing":
                continue  # closed in the first quarter: open before it, which the JSON does not say
            if not g["open"][t] and not (t > 0 and g["open"][t - 1]):
                if key in marks.states:
                    errors.append(f"timeline: {g['id']} {label} is drawn, the site is closed")
                continue
            if key not in marks.states:
                errors.append(f"timeline: {g['id']} {label} missing")
                continue
            check(f"timeline {g['id']} {label}", marks.marks[key], g["persons"][t])
            handed = g.get("transferred")
            if handed and handed[t] and not (t > 0 and handed[t - 1]):
                if marks.states[key] != "handed_over":
                    errors.append(f"timeline: {g['id']} {label} is {marks.states[key]}, the plan hands it over")
                continue
            want = "open" if g["open"][t] else "closing"
            if g["open"][t] and t > 0 and not g["open"][t - 1]:
                want = "opening"
            if t == 0 and want == "open" and marks.states[key] == "opening":
                continue  # opened in the first quarter: closed before it, which the JSON does not say
            if marks.states[key] != want:
                errors.append(f"timeline: {g['id']} {label} is {marks.states[key]}, the plan says {want}")


def html_page(path):
    m = Marks()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for banned in ("<script", "<link", "<img", "@import", "url(", "http://", "https://"):
        if banned in text.replace('xmlns="http://www.w3.org/2000/svg"', ""):
            errors.append(f"the page is not self-contained: it has {banned}")
    m.feed(text)
    return m


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def check_compare_page(m):
    n = check_self(m)
    for chart in ("objective", "gu", "shortfalls", "kombimodell", "au", "quota"):
        series = {s for (c2, s, _) in m.marks if c2 == chart}
        if not any(s.endswith("_a") for s in series) or not any(s.endswith("_b") for s in series):
            errors.append(f"compare: chart {chart} does not show both plans: {sorted(series)}")
    return n


def check_sweep_page(m, variants):
    n = check_self(m)
    for chart, per in (("sweep-cost", 1 + len(PENALTIES)), ("sweep-shortfalls", 5)):
        got = sum(1 for k in m.marks if k[0] == chart)
        if got != per * variants:
            errors.append(f"sweep: chart {chart} has {got} marks, expected {per * variants}")
    return n


# ---- workbooks ----

def sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    return head, [r for r in rows[1:] if any(c is not None for c in r)]


def check_xlsx_plan(wb, plan):
    periods = plan["periods"]
    ws = wb["periods"]
    head, rows = sheet_rows(ws)
    keys = ["period", "intake", "accepted", "backlog", "in_vu", "waiting_persons", "unhoused", "gu_places_open",
            "gu_persons", "au_placed_persons", "municipalities_under_quota"]
    for t, row in enumerate(rows[:len(periods)]):
        if row[0] != periods[t]:
            errors.append(f"sheet periods row {t + 2}: period {row[0]}, expected {periods[t]}")
        for j, k in enumerate(keys[1:], 1):
            check(f"sheet periods {periods[t]} {k}", row[j], plan["totals"][k][t])
    # the chart tables, by the keys of their columns (row 1 holds the labels, so map by order)
    order = {"gu": ["gu_persons", "gu_places_open"], "shortfalls": ["backlog", "waiting_persons", "unhoused"],
             "au": ["placed_own_persons", "placed_kombimodell_persons", "placed_offers_persons"],
             "kombimodell": ["ordered", None, "au_modules"]}
    for name, keys2 in order.items():
        head, rows = sheet_rows(wb[SHEET[name]])
        for t, row in enumerate(rows[:len(periods)]):
            want = per_period(plan, t)
            for j, k in enumerate(keys2, 1):
                if k:
                    check(f"sheet {name} {periods[t]} {k}", row[j], want[k])
    head, rows = sheet_rows(wb["objective"])
    terms = objective_terms(plan)
    if len(rows) < len(terms):
        errors.append("sheet objective: too few rows")
    got = [r[1] for r in rows[:len(terms)]]
    want = [terms["real cost"]] + [terms["penalty " + p] for p in PENALTIES] + [terms["objective total"]]
    for g, w in zip(got, want):
        check("sheet objective", g, w)
    if "payers_total" in plan:
        head, rows = sheet_rows(wb["payers_total"])
        got = [r[1] for r in rows[:4]]
        want = [plan["payers_total"][k] for k in ("district", "municipalities", "land", "federal")]
        for g, w in zip(got, want):
            check("sheet payers_total", g, w)
        if abs(sum(want) - plan["objective"]["cost"]) > 0.01 * 4:
            errors.append(f"plan: the payers add up to {sum(want)}, the real cost is {plan['objective']['cost']}")
    T = len(periods)
    by_id = {m["id"]: m for m in plan["municipalities"]}
    head, rows = sheet_rows(wb["quota_end"])
    ids = [r[0] for r in rows if r[0] in by_id]
    if sorted(ids) != sorted(by_id):
        errors.append("sheet quota_end: not every municipality once")
    for r in rows:
        if r[0] in by_id:
            check(f"sheet quota_end {r[0]} placed", r[2], by_id[r[0]]["placed_cumulative"][T - 1])
            check(f"sheet quota_end {r[0]} quota", r[3], by_id[r[0]]["quota"][T - 1])
    head, rows = sheet_rows(wb["gu_sites"])
    for r, g in zip(rows, plan["gu_sites"]):
        if r[0] != g["id"]:
            errors.append(f"sheet gu_sites: {r[0]} where the plan has {g['id']}")
    for name in ("gu", "shortfalls", "au", "kombimodell", "objective", "quota_end", "payers_total"):
        if not wb[SHEET[name]]._charts:
            errors.append(f"sheet {name} has no chart")
    if wb["periods"].freeze_panes != "A2":
        errors.append(f"sheet periods: header not frozen ({wb['periods'].freeze_panes})")


def check_xlsx_charts(wb, sheets):
    for name in sheets:
        if name not in wb.sheetnames:
            errors.append(f"no sheet {name}")
        elif not wb[name]._charts:
            errors.append(f"sheet {name} has no chart")


def check_xlsx_compare(wb):
    check_xlsx_charts(wb, ["objective", "gu_capacity", "shortfalls", "kombimodell_modules", "au_sources", "quota_end"])
    head, rows = sheet_rows(wb["gu_capacity"])
    if head[:5] != ("period", "GU persons A", "GU persons B", "GU places A", "GU places B") and \
            head[:5] != ("Quartal", "GU-Personen A", "GU-Personen B", "GU-Plätze A", "GU-Plätze B"):
        errors.append(f"sheet gu_capacity: header {head[:5]}")
    if not rows or any(not isinstance(v, (int, float)) for v in rows[0][1:5]):
        errors.append("sheet gu_capacity: the first quarter has no numbers for both plans")


def check_xlsx_sweep(wb, variants):
    check_xlsx_charts(wb, ["sweep_cost", "sweep_shortfalls"])
    head, rows = sheet_rows(wb["sweep_cost"])
    if len(rows) != variants or any(not isinstance(v, (int, float)) for r in rows for v in r[1:]):
        errors.append(f"sheet sweep_cost: {len(rows)} rows, expected {variants} rows of numbers")


# ---- a plan over futures ----

FUTURE_LINES = {"futures_backlog": "backlog", "futures_waiting": "waiting_persons", "futures_unhoused": "unhoused",
                "futures_gu_places": "gu_places_open"}


class Sections(HTMLParser):
    """The ids of the data tables and charts in page order, and the rows of every data table."""

    def __init__(self):
        super().__init__()
        self.order, self.rows, self.table, self.row, self.text = [], {}, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("table", "svg") and a.get("id", "").startswith(("tab-", "chart-")):
            self.order.append(a["id"])
            if tag == "table":
                self.table = a["id"][4:]
                self.rows[self.table] = []
        if tag == "tr" and self.table:
            self.row = []
        if tag == "td" and self.row is not None:
            self.text = []

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "td" and self.text is not None:
            self.row.append("".join(self.text).strip())
            self.text = None
        if tag == "tr" and self.row:
            self.rows[self.table].append(self.row)
            self.row = None
        if tag == "table":
            self.table = None


def commitment_counts(plan):
    """(period, id) -> modules ordered in the committed quarters, from the JSON alone."""
    c = plan["commitment"]
    return {(plan["periods"][t], k["id"]): n for k in c["kombimodell"] for t, n in enumerate(k["ordered"][:c["quarters"]])
            if n}


def check_futures_page(path, plan):
    m = html_page(path)
    futures = plan["futures"]
    for f in futures:
        obj = f["plan"]["objective"]
        check(f"chart futures, {f['id']} objective", m.marks.get(("futures", "objective", f["id"])), obj["total"])
        check(f"chart futures, {f['id']} cost", m.marks.get(("futures", "cost", f["id"])), obj["cost"])
        for chart, key in FUTURE_LINES.items():
            for t, label in enumerate(f["plan"]["periods"]):
                check(f"chart {chart}, {f['id']} {label}", m.marks.get((chart, f["id"], label)),
                      f["plan"]["totals"][key][t])
    for chart in ["futures"] + list(FUTURE_LINES):
        series = {s2 for (c2, s2, _) in m.marks if c2 == chart}
        want = {"objective", "cost"} if chart == "futures" else {f["id"] for f in futures}
        if series != want:
            errors.append(f"chart {chart}: series {sorted(series)}, expected {sorted(want)}")
    n = check_self(m)
    sec = Sections()
    with open(path, encoding="utf-8") as fh:
        sec.feed(fh.read())
    if not sec.order or sec.order[0] != "tab-commitment":
        errors.append(f"the page does not start with the decisions to take now: {sec.order[:3]}")
    orders = {(r[0], r[2]): int(r[4]) for r in sec.rows.get("commitment", []) if len(r) == 5 and r[1] == "Kombimodell"
              and r[4].isdigit() and ("order" in r[3] or "bestellen" in r[3])}
    if orders != commitment_counts(plan):
        errors.append(f"commitment: the page orders {orders}, the plan {commitment_counts(plan)}")
    voi = plan.get("value_of_information")
    rows = {r[0]: german_number(r[1]) for r in sec.rows.get("value_of_information", [])}
    if voi:
        for k in ("ws", "eev", "rp", "evpi", "vss"):
            check(f"value of information {k}", rows.get(k.upper()), voi[k], 0.5)
    elif rows:
        errors.append("the page has a value of information the plan has not")
    print(f"{len(m.marks)} marks of {len(futures)} futures checked against the plan, {n} against their tables")


def check_futures_book(wb, plan):
    futures = plan["futures"]
    by_id = {f["id"]: f["plan"] for f in futures}
    want = ["commitment", "summary", "futures", "futures_backlog", "futures_waiting", "futures_unhoused",
            "futures_gu_places", "futures_periods"] + (["value_of_information"] if "value_of_information" in plan else []) + \
        ["periods", "gu_sites", "kombimodell", "municipalities", "offers_used"]
    if wb.sheetnames != want:
        errors.append(f"sheets {wb.sheetnames}, expected {want}")
        return
    check_xlsx_charts(wb, ["futures"] + list(FUTURE_LINES))
    head, rows = sheet_rows(wb["futures"])
    for r, f in zip(rows, futures):
        if r[0] != f["id"]:
            errors.append(f"sheet futures: {r[0]} where the plan has {f['id']}")
        check(f"sheet futures {f['id']} probability", r[1], f["probability"])
        check(f"sheet futures {f['id']} objective", r[2], f["plan"]["objective"]["total"])
        check(f"sheet futures {f['id']} cost", r[3], f["plan"]["objective"]["cost"])
        if wb["futures"].cell(row=2, column=3).number_format != "#,##0":
            errors.append(f"sheet futures: objective format {wb['futures'].cell(row=2, column=3).number_format}")
    for chart, key in FUTURE_LINES.items():
        head, rows = sheet_rows(wb[chart])
        if list(head[1:1 + len(futures)]) != [f["id"] for f in futures]:
            errors.append(f"sheet {chart}: header {head}")
        for t, r in enumerate(rows):
            for j, f in enumerate(futures, 1):
                check(f"sheet {chart} {r[0]} {f['id']}", r[j], f["plan"]["totals"][key][t])
    keys = ["intake", "backlog", "waiting_persons", "unhoused", "gu_places_open", "municipalities_under_quota"]
    head, rows = sheet_rows(wb["futures_periods"])
    n = 0
    for r in rows:
        p = by_id.get(r[1])
        if p is None or r[0] not in p["periods"]:
            continue
        t = p["periods"].index(r[0])
        for j, k in enumerate(keys, 2):
            check(f"sheet futures_periods {r[0]} {r[1]} {k}", r[j], p["totals"][k][t])
        n += 1
    if n != len(futures) * len(plan["periods"]):
        errors.append(f"sheet futures_periods: {n} rows of a period and a future, expected "
                      f"{len(futures) * len(plan['periods'])}")
    head, rows = sheet_rows(wb["periods"])
    if head[0] != "future" and head[0] != "Zukunft":
        errors.append(f"sheet periods: first column {head[0]}, expected future")
    stacked = [r for r in rows if r[0] in by_id]
    if len(stacked) != len(futures) * len(plan["periods"]):
        errors.append(f"sheet periods: {len(stacked)} rows, expected {len(futures) * len(plan['periods'])}")
    for r in stacked:
        p = by_id[r[0]]
        t = p["periods"].index(r[1])
        check(f"sheet periods {r[0]} {r[1]} backlog", r[4], p["totals"]["backlog"][t])
        check(f"sheet periods {r[0]} {r[1]} unhoused", r[7], p["totals"]["unhoused"][t])
    voi = plan.get("value_of_information")
    if voi:
        head, rows = sheet_rows(wb["value_of_information"])
        got = {r[0]: r[1] for r in rows}
        for k in ("ws", "eev", "rp", "evpi", "vss"):
            check(f"sheet value_of_information {k}", got.get(k.upper()), voi[k], 0.5)
    print(f"{len(wb.sheetnames)} sheets of {len(futures)} futures checked against the plan")


def main(argv):
    mode = argv[1]
    if mode.startswith("xlsx"):
        import openpyxl
        wb = openpyxl.load_workbook(argv[2])
    if mode == "html":
        plan = load(argv[3])
        m = html_page(argv[2])
        n = check_html_plans(m, [plan], [""])
        check_timeline(m, plan, "sites")
        k = check_self(m)
        print(f"{len(m.marks)} marks, {n} period figures checked against the plan, {k} against their tables")
    elif mode == "html-compare":
        print(f"{check_compare_page(html_page(argv[2]))} marks checked against their tables")
    elif mode == "html-sweep":
        print(f"{check_sweep_page(html_page(argv[2]), int(argv[3]))} marks checked against their tables")
    elif mode == "xlsx":
        check_xlsx_plan(wb, load(argv[3]))
    elif mode == "xlsx-compare":
        check_xlsx_compare(wb)
    elif mode == "html-futures":
        check_futures_page(argv[2], load(argv[3]))
    elif mode == "xlsx-futures":
        check_futures_book(wb, load(argv[3]))
    elif mode == "xlsx-sweep":
        check_xlsx_sweep(wb, int(argv[3]))
    else:
        errors.append(f"unknown mode {mode}")
    for e in errors[:30]:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
