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
    """Parse every file into one rdflib graph (named graphs of TriG/N-Quads are merged).

    Turtle, N-Triples, TriG and N-Quads are read by Oxigraph's parser (about
    twice as fast as rdflib's on big graphs; its parser, unlike its store, keeps
    every literal as written); JSON-LD and RDF/XML by rdflib.
    """
    from rdflib import Graph

    graph = Graph()
    for path in graph_paths(paths):
        fmt = rdf_format(path)
        try:
            if fmt in FAST_FORMATS:
                graph.addN((s, p, o, graph) for s, p, o in _oxigraph_triples(path, FAST_FORMATS[fmt]))
            else:
                graph.parse(path, format=fmt)
        except Exception as err:  # the parsers raise many types; all mean "does not parse"
            detail = " ".join(str(err).split()) or type(err).__name__
            raise KgError("E010", path=str(path), detail=detail) from err
    return graph


FAST_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "trig": "TRIG", "nquads": "N_QUADS"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(node, blanks: dict | None = None):
    """The rdflib term a pyoxigraph term denotes. A simple literal gets no datatype,
    as rdflib's parser writes it (RDF 1.1: "a" and "a"^^xsd:string are one term).
    With ``blanks``, each blank node label maps to a fresh BNode (one per file);
    without, a blank node keeps its label."""
    from rdflib import BNode, Literal, URIRef

    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        if blanks is None:
            return BNode(node.value)
        blank = blanks.get(node.value)
        if blank is None:
            blank = blanks[node.value] = BNode()
        return blank
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value
    return Literal(node.value) if datatype == _XSD_STRING else Literal(node.value, datatype=URIRef(datatype))


def _oxigraph_triples(path: Path, format_name: str):
    """The file's triples as rdflib terms (each blank node fresh for this file, as
    rdflib's parser makes them)."""
    import pyoxigraph as ox

    iris: dict = {}  # one URIRef per IRI: a big graph repeats a few thousand IRIs millions of times
    blanks: dict = {}

    def term(node):
        if isinstance(node, ox.NamedNode):
            iri = iris.get(node.value)
            if iri is None:
                iri = iris[node.value] = rdflib_term(node)
            return iri
        return rdflib_term(node, blanks)

    for quad in ox.parse(path=str(path), format=getattr(ox.RdfFormat, format_name)):
        yield term(quad.subject), term(quad.predicate), term(quad.object)
