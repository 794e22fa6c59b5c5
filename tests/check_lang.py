#!/usr/bin/env python3
"""Compares the English and the German text report of one command line by line:

  check_lang.py EN.txt DE.txt

Both have the same lines (the same tables, rows and notes). Every label of the German one differs
from the English one: each table's title, each column label, each note under a table, and the items
of the summary (its first column), unless it is a term of art that stays German in both or on the
allow-list below. Exits 1 listing every label left untranslated."""
import re
import sys

# Terms of art (German in both languages) and labels that are the same word in both.
ALLOWED = {"Fehlbeleger", "Kombimodell", "GU", "AU", "in vU", "EUR", "%", "s", "Status", "A", "B", "KdU EUR"}
PERIOD = re.compile(r"^\d{4}Q[1-4]$")


def cells(line):
    return [c for c in re.split(r" {2,}", line.strip()) if c]


def allowed(label):
    return label in ALLOWED or PERIOD.match(label) is not None


def blocks(lines):
    block = []
    for line in lines:
        if line.strip():
            block.append(line)
        elif block:
            yield block
            block = []
    if block:
        yield block


def main(en_path, de_path):
    en = open(en_path, encoding="utf-8").read().split("\n")
    de = open(de_path, encoding="utf-8").read().split("\n")
    bad = []
    if len(en) != len(de):
        bad.append(f"{len(en)} English lines, {len(de)} German lines")
    labels = 0
    for be, bd in zip(blocks(en), blocks(de)):
        if len(be) < 3 or not set(be[2]) <= {"-", " "}:
            continue  # not a table
        pairs = [(be[0], bd[0])] + list(zip(cells(be[1]), cells(bd[1])))
        body = list(zip(be[3:], bd[3:]))
        pairs += [(e, d) for e, d in body if len(cells(e)) == 1 and " " in e.strip()]  # notes
        if be[0] == "Summary":
            pairs += [(cells(e)[0], cells(d)[0]) for e, d in body if cells(e)]
        for e, d in pairs:
            labels += 1
            if e.strip() == d.strip() and not allowed(e.strip()):
                bad.append(f"untranslated: {e.strip()!r}")
    for b in bad:
        print(b, file=sys.stderr)
    print(f"{labels} labels compared")
    return 1 if bad or labels == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
