"""Measure extraction quality against annotated corpora (``kg eval``), one module per format.

``evaluate_graph`` scores a graph (files, or an rdflib Graph) against a gold
file of ``docs/evaluation.md``'s format; ``kg.evaluation.timeml`` scores the
time expressions against TimeML documents.
"""
from __future__ import annotations

import os
from typing import Iterable

from .gold import GoldArticle, load_gold, normalize_name
from .scoring import Counts, Evaluation, evaluate, render_text
from .view import GraphView, graph_view

__all__ = [
    "Counts", "Evaluation", "GoldArticle", "GraphView", "evaluate", "evaluate_graph", "graph_view", "load_gold",
    "normalize_name", "render_text",
]


def evaluate_graph(gold_path: str | os.PathLike, graph=None, graph_paths: Iterable[str | os.PathLike] = ()) -> Evaluation:
    """Score ``graph`` (an rdflib Graph), or the graph files ``graph_paths``, against the gold file."""
    gold = load_gold(gold_path)
    if graph is None:
        from ..rdf.graphio import load_graph

        graph = load_graph(graph_paths)
    return evaluate(gold, graph_view(graph))
