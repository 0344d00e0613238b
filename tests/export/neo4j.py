"""Checks an innograph Neo4j export as `neo4j-admin database import full`
reads it (the header format of the Neo4j Operations Manual, "Import" ->
"CSV header format"), with nothing but Python's csv module, and prints what
it found as JSON (`errors` lists every rule broken).

- the README's command names exactly the CSV files of the folder;
- a node file has exactly one `:ID` column, a relationship file one each
  of `:START_ID`, `:END_ID` and `:TYPE` (and no `:ID`);
- every `:START_ID` and `:END_ID` is an `:ID` of some node file, and no
  `:ID` is given twice;
- typed columns parse as their type (`int`, `long`, `double`, `float`,
  `boolean`), arrays (`type[]`) are split on the array delimiter, whose
  elements must parse too;
- a quoted line break needs `--multiline-fields=true` in the command.

    python3 neo4j.py DIR [NODE_ID ...]
"""
import csv
import json
import os
import re
import sys

folder = sys.argv[1]
errors = []
readme = open(os.path.join(folder, "README.md"), encoding="utf-8").read()
command = readme.split("neo4j-admin database import full", 1)[1].split("```", 1)[0]
node_files = re.findall(r"--nodes=(\S+)", command)
rel_files = re.findall(r"--relationships=(\S+)", command)
delimiter = ";"
m = re.search(r"--array-delimiter=(\S+)", command)
if m:
    d = m.group(1).strip("'\"")
    delimiter = chr(int(d[2:], 16)) if d.startswith("U+") else d
multiline = "--multiline-fields=true" in command
present = sorted(f for f in os.listdir(folder) if f.endswith(".csv"))
if sorted(node_files + rel_files) != present:
    errors.append(f"the command names {node_files + rel_files}, the folder holds {present}")


def parse(value, ty, where):
    try:
        if ty in ("int", "long", "short", "byte"):
            return int(value)
        if ty in ("double", "float"):
            return float(value)
        if ty == "boolean":
            if value not in ("true", "false"):
                raise ValueError(value)
            return value == "true"
        return value
    except ValueError:
        errors.append(f"{where}: `{value}` is not a {ty}")
        return value


def read(name):
    """The header as (property, type) pairs and the rows as dicts of parsed values."""
    with open(os.path.join(folder, name), encoding="utf-8", newline="") as f:
        reader = csv.reader(f, strict=True)
        header = [h.rpartition(":") for h in next(reader)]
        columns = [(p, t) for p, _, t in header]
        rows = []
        for n, record in enumerate(reader, start=2):
            if len(record) != len(columns):
                errors.append(f"{name}:{n}: {len(record)} fields, the header has {len(columns)}")
                continue
            row = {}
            for (prop, ty), value in zip(columns, record):
                if value == "":
                    continue
                if not multiline and ("\n" in value or "\r" in value):
                    errors.append(f"{name}:{n}: a line break without --multiline-fields=true")
                key = prop or ":" + ty
                if ty.endswith("[]") or ty == "LABEL":
                    row[key] = [parse(v, ty[:-2], f"{name}:{n}") for v in value.split(delimiter)]
                else:
                    row[key] = parse(value, ty, f"{name}:{n}")
            rows.append(row)
        return columns, rows


ids = {}
labels = {}
samples = {}
for name in node_files:
    columns, rows = read(name)
    id_columns = [p for p, t in columns if t == "ID"]
    if len(id_columns) != 1:
        errors.append(f"{name}: {len(id_columns)} :ID columns")
        continue
    for row in rows:
        key = id_columns[0] or ":ID"
        if row[key] in ids:
            errors.append(f"{name}: the id {row[key]} is also in {ids[row[key]]}")
        ids[row[key]] = name
        for label in row.get(":LABEL", []):
            labels[label] = labels.get(label, 0) + 1
        if row[key] in sys.argv[2:]:
            samples[row[key]] = row
types = {}
for name in rel_files:
    columns, rows = read(name)
    kinds = [t for _, t in columns]
    for special in ("START_ID", "END_ID", "TYPE"):
        if kinds.count(special) != 1:
            errors.append(f"{name}: {kinds.count(special)} :{special} columns")
    if "ID" in kinds:
        errors.append(f"{name}: a relationship file with an :ID column")
    for row in rows:
        for end in (":START_ID", ":END_ID"):
            if row.get(end) not in ids:
                errors.append(f"{name}: {end} {row.get(end)} is no node's :ID")
        types[row.get(":TYPE")] = types.get(row.get(":TYPE"), 0) + 1
print(json.dumps({
    "errors": errors[:50],
    "nodes": len(ids),
    "labels": labels,
    "types": types,
    "delimiter": delimiter,
    "multiline": multiline,
    "samples": samples,
}))
