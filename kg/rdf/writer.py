"""Serialize the graph deterministically and write files atomically.

kg writes Turtle, N-Triples, TriG and N-Quads itself rather than through
rdflib's serializers: it knows its own terms, so it can sort and shorten them
in one pass, several times faster than building an rdflib store first (see
bench/); JSON-LD is kg export's (a compact @context). The output is checked in
the tests to parse back, with rdflib and Oxigraph, to exactly the triples of
the model. An output file's suffix says its format, or is refused.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from collections import defaultdict
from typing import Optional

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..errors import KgError
from ..files import write_bytes_atomic
from ..perf import gc_paused
from ..model import Corpus
from .prefixes import GRAPH_PREFIXES, TURTLE_LOCAL, PrefixTable

FORMATS = ("ttl", "nt", "trig", "nq", "jsonld")
SUFFIX_FORMATS = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".nq": "nq", ".jsonld": "jsonld"}
QUAD_FORMATS = frozenset({"trig", "nq"})  # each article's evidence in a named graph

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f\x00-\x1f\x7f]')
# the prefixes every graph binds; a local name Turtle would need escaped is written as <IRI>
_TURTLE = PrefixTable(GRAPH_PREFIXES, TURTLE_LOCAL)


def _escape(text: str) -> str:
    if not _NEEDS_ESCAPE.search(text):
        return text
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def _iri(iri: str, short: bool) -> str:
    return _TURTLE.shorten(iri) if short else f"<{iri}>"


@lru_cache(maxsize=262144)
def _term(term, short: bool) -> str:
    if isinstance(term, URIRef):
        return _iri(str(term), short)
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^{_iri(str(term.datatype), short)}"
        return text
    raise TypeError(f"kg writes only IRIs and literals, not {term!r}")


def _turtle_block(triples, indent: str = "") -> list[str]:
    """Triples grouped by subject: rdf:type first, then predicates and objects sorted."""
    by_subject: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        predicate = "a" if p == RDF.type else _term(p, True)
        by_subject[_term(s, True)][predicate].add(_term(o, True))
    lines = []
    for subject in sorted(by_subject):
        predicates = by_subject[subject]
        order = sorted(predicates, key=lambda p: (p != "a", p))
        parts = [f"{p} {', '.join(sorted(predicates[p]))}" for p in order]
        lines.append(f"{indent}{subject} " + f" ;\n{indent}    ".join(parts) + " .\n")
    return lines


def _prefix_lines() -> list[str]:
    return [f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in sorted(GRAPH_PREFIXES.items())] + ["\n"]


def serialize(corpus: Corpus, fmt: str = "ttl") -> tuple[bytes, int]:
    """(the graph as bytes in ``fmt``, its number of triples); same corpus, same bytes.

    ``fmt`` is ttl, nt, trig, nq or jsonld; for trig and nq the count is of quads.
    """
    if fmt not in FORMATS:
        raise KgError("E031", fmt=fmt, choices=", ".join(FORMATS))
    with gc_paused():
        return _serialize(corpus, fmt)


def _serialize(corpus: Corpus, fmt: str) -> tuple[bytes, int]:
    from .rdfmap import corpus_quads

    if fmt == "nq":
        quads = set(corpus_quads(corpus))
        lines = sorted(f"{_term(s, False)} {_term(p, False)} {_term(o, False)}"
                       + (f" {_term(g, False)} .\n" if g is not None else " .\n") for s, p, o, g in quads)
        return "".join(lines).encode("utf-8"), len(quads)
    if fmt != "trig":  # one pass, one set: the graph's triples
        triples = {(s, p, o) for s, p, o, _g in corpus_quads(corpus)}
        if fmt == "nt":
            lines = sorted(f"{_term(s, False)} {_term(p, False)} {_term(o, False)} .\n" for s, p, o in triples)
            return "".join(lines).encode("utf-8"), len(triples)
        if fmt == "jsonld":
            from rdflib import Graph

            from .jsonld import to_jsonld

            graph = Graph()
            graph.addN((s, p, o, graph) for s, p, o in triples)
            return to_jsonld(graph).encode("utf-8"), len(triples)
        lines = _prefix_lines() + ["\n".join(_turtle_block(triples))]
        return "".join(lines).encode("utf-8"), len(triples)
    graphs: dict = defaultdict(set)  # TriG: the default graph, then one graph per article's evidence
    for s, p, o, g in corpus_quads(corpus):
        graphs[g].add((s, p, o))
    count = sum(len(triples) for triples in graphs.values())
    lines = _prefix_lines() + ["\n".join(_turtle_block(graphs.pop(None, set())))]
    for name in sorted(graphs, key=str):
        lines.append(f"\n{_term(name, True)} {{\n")
        lines += _turtle_block(graphs[name], indent="    ")
        lines.append("}\n")
    return "".join(lines).encode("utf-8"), count


def output_format(output: str, fmt: Optional[str], suffixes: dict[str, str], default: str) -> str:
    """The format to write ``output`` in: ``fmt`` when given, else what the file's
    suffix says (``suffixes``), ``default`` for standard output (``-``). A suffix
    kg does not know, with no ``fmt``, or one that says another format than
    ``fmt``, is refused (E039): never a file whose name says another format."""
    if output == "-":
        return fmt or default
    suffix = os.path.splitext(str(output))[1].lower()
    said = suffixes.get(suffix)
    known = ", ".join(sorted(suffixes))
    if said is None and fmt is None:
        raise KgError("E039", path=output, detail=f"its suffix {suffix or '(none)'!r} names no format kg writes here "
                      f"(use {known}, or give --format)")
    if said is not None and fmt is not None and said != fmt:
        raise KgError("E039", path=output, detail=f"its suffix {suffix!r} says {said}, and --format says {fmt}")
    return fmt or said


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename (``kg.files``).

    An interrupted build never leaves a truncated file where a good one was, nor
    a temporary file beside it; the file's mode follows the umask.
    """
    try:
        write_bytes_atomic(path, data)
    except OSError as err:
        raise KgError("E030", path=str(path), detail=err.strerror or str(err)) from err
