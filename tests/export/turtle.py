"""Parses an innograph Turtle export with rdflib and runs SPARQL queries
over it; prints the number of triples and each query's rows as JSON, each
term as [text, language tag or null].

    python3 turtle.py innograph.ttl '["SELECT ...", ...]'
"""
import json
import sys

import rdflib

graph = rdflib.Graph()
graph.parse(sys.argv[1], format="turtle")
answers = []
for query in json.loads(sys.argv[2]):
    rows = []
    for row in graph.query(query):
        rows.append([[str(t), getattr(t, "language", None)] if t is not None else None for t in row])
    answers.append(rows)
print(json.dumps({"triples": len(graph), "answers": answers}))
