#!/usr/bin/env python3
"""Derive comcom's compact territory catalogue from the official data.

Reads `epci.json` and `communes.json` (Etalab's @etalab/decoupage-administratif
6.0.0, MIT licence) from a folder given as the first argument (default
`../shared/data/territory`) and writes `crates/comcom-core/data/territories.tsv`.

Format, one record per line, tab-separated, UTF-8, sorted by SIREN then INSEE code:
  E  siren  kind  department  population_municipale  population_totale  name
  C  insee  siren  population_municipale  population_totale  name
Each C line belongs to the E line above it. The department of an EPCI is the
department of most of its inhabitants (a few EPCIs straddle two departments).
"""
import json
import os
import sys
from collections import Counter

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared", "data", "territory")
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "crates", "comcom-core", "data", "territories.tsv")

with open(os.path.join(src, "epci.json"), encoding="utf-8") as f:
    epcis = json.load(f)
with open(os.path.join(src, "communes.json"), encoding="utf-8") as f:
    communes = json.load(f)

department_of = {
    c["code"]: c["departement"] for c in communes if c.get("type") == "commune-actuelle"
}


def clean(text):
    if "\t" in text or "\n" in text:
        raise SystemExit(f"unexpected tab or newline in {text!r}")
    return text


lines = []
for epci in sorted(epcis, key=lambda e: e["code"]):
    weights = Counter()
    for m in epci["membres"]:
        weights[department_of[m["code"]]] += m.get("populationMunicipale") or 0
    department = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    lines.append("\t".join([
        "E", epci["code"], epci["type"], department,
        str(epci["populationMunicipale"]), str(epci["populationTotale"]), clean(epci["nom"]),
    ]))
    for m in sorted(epci["membres"], key=lambda m: m["code"]):
        lines.append("\t".join([
            "C", m["code"], m["siren"], str(m["populationMunicipale"]),
            str(m["populationTotale"]), clean(m["nom"]),
        ]))

with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write("\n".join(lines) + "\n")
print(f"wrote {out}: {len(epcis)} EPCIs, {len(lines) - len(epcis)} communes")
