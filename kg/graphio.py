"""Read RDF files given by users (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML).

Kept free of spaCy so that ``kg query`` and ``kg validate`` start fast.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .errors import KgError

if TYPE_CHECKING:
    from rdflib import Graph

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


def graph_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The graph files to read (default out/graph.ttl), each checked to exist."""
    found = [Path(p) for p in paths] or [DEFAULT_GRAPH_PATH]
    for path in found:
        if not path.is_file():
            if path == DEFAULT_GRAPH_PATH:
                raise KgError("E013", path=str(path))
            raise KgError("E010", path=str(path), detail="no such file")
        rdf_format(path)
    return found


def load_graph(paths: Iterable[str | os.PathLike]) -> Graph:
    """Parse every file into one graph (named graphs of TriG/N-Quads are merged)."""
    from rdflib import Dataset, Graph

    graph = Graph()
    for path in graph_paths(paths):
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
