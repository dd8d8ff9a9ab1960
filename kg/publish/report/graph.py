"""The graph as the report reads it: parsed once by Oxigraph, held in plain indexes.

rdflib's store and terms made reading a million triples the report's largest
cost (each literal parsed into a Python value, three nested indexes per
triple). Here Oxigraph's parser reads the files; each IRI becomes one interned
``URIRef`` (a ``str``) and each literal one interned :class:`Lit` (a ``str``
holding the lexical form, its datatype and language), kept as written. The
indexes answer the few questions the pages ask, with the names of rdflib's
Graph methods so that the same code reads either.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator, Optional

from rdflib import BNode, URIRef

from ...errors import KgError
from ...perf import gc_paused

XSD = "http://www.w3.org/2001/XMLSchema#"
_TRUE = frozenset({"true", "1"})


class Lit(str):
    """A literal: its lexical form (the ``str``), ``datatype`` (a URIRef, None for a
    plain string) and ``language``. Two literals are equal when all three are."""

    __slots__ = ("datatype", "language")

    def __new__(cls, value: str, datatype: Optional[URIRef] = None, language: Optional[str] = None):
        self = super().__new__(cls, value)
        self.datatype = datatype
        self.language = language
        return self

    def __eq__(self, other) -> bool:
        if isinstance(other, Lit):
            return str.__eq__(self, other) and self.datatype == other.datatype and self.language == other.language
        return False

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((str.__hash__(self), self.datatype, self.language))

    def __reduce__(self):
        return Lit, (str(self), self.datatype, self.language)

    def toPython(self):  # noqa: N802 (rdflib's name, for code that reads either)
        """A boolean as bool, an integer as int, anything else as its text."""
        if self.datatype is not None and str.__eq__(self.datatype, XSD + "boolean"):
            return str(self) in _TRUE
        if self.datatype is not None and self.datatype.endswith("nteger"):
            try:
                return int(self)
            except ValueError:
                return str(self)
        return str(self)


class ReportGraph:
    """Triples indexed by subject and by (predicate, object), read-only."""

    def __init__(self) -> None:
        self._out: dict = {}  # s → p → [o]
        self._in: dict = {}  # p → o → [s]
        self._size = 0
        self._many: dict = {}

    @classmethod
    def from_files(cls, paths: Iterable[str | os.PathLike]) -> "ReportGraph":
        """Read graph files (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML) with
        Oxigraph's parsers; named graphs are merged, duplicates kept once."""
        import pyoxigraph as ox

        from ...rdf.oxigraph import OX_FORMATS
        from ...rdf.graphio import PARSE_ERRORS, graph_paths, oxigraph_source, parse_error, rdf_format

        graph = cls()
        terms: dict = {}  # pyoxigraph term → ours: keyed by Oxigraph's own hash, no text made for a known term

        def convert(node):
            if isinstance(node, ox.NamedNode):
                found = URIRef(node.value)
            elif isinstance(node, ox.BlankNode):
                found = BNode(node.value)
            else:
                plain = node.language or node.datatype.value == XSD + "string"
                found = Lit(node.value, None if plain else term(node.datatype), node.language)
            terms[node] = found
            return found

        def term(node):
            found = terms.get(node)
            return found if found is not None else convert(node)

        get, add = terms.get, graph.add
        with gc_paused():  # millions of small objects, none of them cyclic garbage
            for path in graph_paths(paths):
                source = oxigraph_source(path)
                try:
                    for s, p, o, _g in ox.parse(**source, format=OX_FORMATS[rdf_format(path)],
                                                rename_blank_nodes=True):
                        add((get(s) or convert(s), get(p) or convert(p), get(o) or convert(o)))
                except PARSE_ERRORS as err:
                    raise parse_error(path, err) from err
        return graph

    @classmethod
    def from_rdflib(cls, graph) -> "ReportGraph":
        """The same indexes over an rdflib Graph (the Python API's callers)."""
        from rdflib import Literal

        found = cls()
        for s, p, o in graph:
            if isinstance(o, Literal):
                datatype = None if o.language or o.datatype is None or str(o.datatype) == XSD + "string" else o.datatype
                o = Lit(str(o), datatype, o.language)
            found.add((s, p, o))
        return found

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        predicates = self._out.get(s)
        if predicates is None:
            predicates = self._out[s] = {}
        objects = predicates.get(p)
        if objects is None:
            predicates[p] = [o]
        elif len(objects) < 16:
            if o in objects:
                return
            objects.append(o)
        else:  # a node with many values (an actor's mentions): a set keeps adding linear
            seen = self._many.get((s, p))
            if seen is None:
                seen = self._many[(s, p)] = set(objects)
            if o in seen:
                return
            seen.add(o)
            objects.append(o)
        by_object = self._in.get(p)
        if by_object is None:
            by_object = self._in[p] = {}
        subjects = by_object.get(o)
        if subjects is None:
            by_object[o] = [s]
        else:
            subjects.append(s)
        self._size += 1

    def __len__(self) -> int:
        return self._size

    def __contains__(self, triple: tuple) -> bool:
        s, p, o = triple
        if s is None:  # (None, p, o) or (None, p, None)
            if o is None:
                return bool(self._in.get(p))
            return bool(self._in.get(p, {}).get(o))
        predicates = self._out.get(s)
        if not predicates:
            return False
        if o is None:
            return bool(predicates.get(p))
        return o in predicates.get(p, ())

    def value(self, subject, predicate):
        """One object of (subject, predicate): the first read, None if none."""
        objects = self._out.get(subject, {}).get(predicate) if subject is not None else None
        return objects[0] if objects else None

    def objects(self, subject=None, predicate=None) -> Iterator:
        if subject is None:
            yield from (o for o, subjects in self._in.get(predicate, {}).items() for _ in subjects)
            return
        if predicate is None:
            yield from (o for objects in self._out.get(subject, {}).values() for o in objects)
            return
        yield from self._out.get(subject, {}).get(predicate, ())

    def subjects(self, predicate, obj=None) -> Iterator:
        if obj is None:
            yield from (s for subjects in self._in.get(predicate, {}).values() for s in subjects)
            return
        yield from self._in.get(predicate, {}).get(obj, ())

    def subject_objects(self, predicate) -> Iterator[tuple]:
        for o, subjects in self._in.get(predicate, {}).items():
            for s in subjects:
                yield s, o

    def predicate_objects(self, subject) -> Iterator[tuple]:
        for p, objects in self._out.get(subject, {}).items():
            for o in objects:
                yield p, o

    def __iter__(self) -> Iterator[tuple]:
        for s, predicates in self._out.items():
            for p, objects in predicates.items():
                for o in objects:
                    yield s, p, o


def read_graph(graph) -> ReportGraph:
    """A ReportGraph of graph files or of an rdflib Graph."""
    if isinstance(graph, ReportGraph):
        return graph
    if isinstance(graph, (str, os.PathLike)):
        return ReportGraph.from_files([Path(graph)])
    if hasattr(graph, "triples"):  # an rdflib Graph
        return ReportGraph.from_rdflib(graph)
    return ReportGraph.from_files(graph)
