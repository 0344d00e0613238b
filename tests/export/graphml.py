"""Reads an innograph GraphML export with networkx and prints what it holds
as JSON: node and edge counts, edges per type, and the attributes of the
nodes named on the command line with their outgoing edges.

    python3 graphml.py innograph.graphml [NODE_ID ...]
"""
import json
import sys

import networkx as nx

graph = nx.read_graphml(sys.argv[1])
types = {}
for _, _, data in graph.edges(data=True):
    types[data["type"]] = types.get(data["type"], 0) + 1
samples = {}
for node in sys.argv[2:]:
    if node in graph:
        out = [dict(data, target=b) for _, b, data in graph.out_edges(node, data=True)]
        samples[node] = {"attributes": graph.nodes[node], "out": out}
print(json.dumps({
    "directed": graph.is_directed(),
    "nodes": graph.number_of_nodes(),
    "edges": graph.number_of_edges(),
    "types": types,
    "samples": samples,
}))
