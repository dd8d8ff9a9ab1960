"""Read RDF files given by users (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML).

Kept free of spaCy so that ``kg query`` and ``kg validate`` start fast.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from rdflib import Dataset, Graph

from .errors import KgError

RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
QUAD_FORMATS = frozenset({"trig", "nquads"})
DEFAULT_GRAPH_PATH = Path("out/graph.ttl")


def rdf_format(path: str | os.PathLike) -> str:
    fmt = RDF_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise KgError("E011", path=str(path))
    return fmt


def load_graph(paths: Iterable[str | os.PathLike]) -> Graph:
    """Parse every file into one graph (named graphs of TriG/N-Quads are merged)."""
    paths = list(paths) or [DEFAULT_GRAPH_PATH]
    graph = Graph()
    for path in paths:
        path = Path(path)
        if not path.is_file():
            if path == DEFAULT_GRAPH_PATH:
                raise KgError("E013", path=str(path))
            raise KgError("E010", path=str(path), detail="no such file")
        fmt = rdf_format(path)
        try:
            if fmt in QUAD_FORMATS:
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                for s, p, o, _g in dataset.quads((None, None, None, None)):
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=fmt)
        except Exception as err:  # rdflib raises many types; all mean "does not parse"
            detail = " ".join(str(err).split()) or type(err).__name__
            raise KgError("E010", path=str(path), detail=detail) from err
    return graph
