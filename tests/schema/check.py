#!/usr/bin/python3
"""The JSON Schema (schema/scenario.schema.json) against quartier validate, for tests/test_sheets.c.

Validates every example and every tests/bad case with python3-jsonschema (draft 2020-12) and runs
`quartier validate` on each: the two must agree on which files are valid, except the cases of
tests/schema/semantic.txt, which only quartier's checks across values can reject (each listed with
its reason); a listed case that the schema rejects, or that quartier accepts, is an error too.
A document that is not strict JSON (duplicate keys, NaN, bad UTF-8) is not valid for the schema.

Usage: check.py QUARTIER_BINARY   (from the project root; exit 0 when all agree)
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema


def strict_load(path):
    def no_dupes(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            raise ValueError("duplicate key")
        return dict(pairs)

    def no_constant(name):
        raise ValueError(name)
    def no_surrogates(v):  # "\ud800" alone is not text
        if isinstance(v, str):
            v.encode("utf-8")
        elif isinstance(v, dict):
            for k, e in v.items():
                no_surrogates(k)
                no_surrogates(e)
        elif isinstance(v, list):
            for e in v:
                no_surrogates(e)
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    doc = json.loads(text, object_pairs_hook=no_dupes, parse_constant=no_constant)
    no_surrogates(doc)
    return doc


def main():
    binary = sys.argv[1].split()
    schema = json.load(open("schema/scenario.schema.json", encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    semantic = {}
    for line in open("tests/schema/semantic.txt", encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            name, _, reason = line.partition(":")
            semantic[name.strip()] = reason.strip()
    files = sorted(glob.glob("examples/*.json")) + sorted(glob.glob("tests/bad/*.json"))
    # "$schema" is accepted in a scenario file
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        doc = json.load(open("examples/tiny.json", encoding="utf-8"))
        doc = {"$schema": "../schema/scenario.schema.json", **doc}
        json.dump(doc, f)
        files.append(f.name)
    failures = []
    counts = {"valid": 0, "invalid": 0, "semantic": 0}
    for path in files:
        try:
            schema_ok = not list(validator.iter_errors(strict_load(path)))
        except (ValueError, UnicodeDecodeError, RecursionError):
            schema_ok = False
        run = subprocess.run(binary + ["validate", path], capture_output=True)
        quartier_ok = run.returncode == 0
        name = os.path.basename(path)
        if name in semantic:
            counts["semantic"] += 1
            if not schema_ok or quartier_ok:
                failures.append("%s: listed as caught by quartier's checks only, but the schema %s and quartier %s"
                                % (name, "accepts" if schema_ok else "rejects", "accepts" if quartier_ok else "rejects"))
        elif schema_ok != quartier_ok:
            failures.append("%s: the schema %s it, quartier %s it" % (name, "accepts" if schema_ok else "rejects",
                                                                      "accepts" if quartier_ok else "rejects"))
        else:
            counts["valid" if schema_ok else "invalid"] += 1
    os.unlink(files[-1])
    for f in failures:
        print(f)
    print("%d files: %d valid for both, %d invalid for both, %d caught by quartier's checks only"
          % (len(files), counts["valid"], counts["invalid"], counts["semantic"]))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
