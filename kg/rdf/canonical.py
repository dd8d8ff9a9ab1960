"""Blank nodes relabelled canonically, so that the same graph always gives the same bytes."""
from __future__ import annotations

from rdflib import BNode, Graph


def stable_blank_nodes(graph: Graph) -> Graph:
    """The graph, its blank nodes relabelled canonically (same graph, same labels) when it has any."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    from rdflib.compare import to_canonical_graph

    canonical = Graph()
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical
