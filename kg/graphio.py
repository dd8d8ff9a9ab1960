"""Read RDF files given by users (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML).

Whatever the reader, a graph file never makes kg fetch anything (a JSON-LD
``@context`` by URL, an XML external entity) nor expand without bound (XML
entities that name entities): such files are refused before any parser runs.
Kept free of spaCy so that ``kg query`` and ``kg validate`` start fast.
"""
from __future__ import annotations

import json
import os
import re
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
                graph.parse(data=checked_bytes(path, fmt), format=fmt, publicID=Path(path).resolve().as_uri())
        except KgError:
            raise
        except Exception as err:  # the parsers raise many types; all mean "does not parse"
            raise KgError("E010", path=str(path), detail=parse_error_detail(err)) from err
    return graph


# --- inputs that would fetch, expand or recurse --------------------------------

CHECKED_FORMATS = frozenset({"json-ld", "xml"})  # the formats input_refusal looks into
MAX_JSON_DEPTH = 512  # Oxigraph's JSON-LD parser overflows its stack near 3,000
MAX_ENTITY_VALUE = 200  # a namespace IRI, as ontology editors declare them
_XML_ENTITY = re.compile(r"<!ENTITY\s+[^\s%\"'<>&]+\s+(?:\"(?P<double>[^\"&%<]*)\"|'(?P<single>[^'&%<]*)')\s*>")
_XML_DOCTYPE = re.compile(r"<!DOCTYPE\s+[^\s\[>]+\s*[\[>]")


def parse_error_detail(err: BaseException) -> str:
    """A parser's error in one line; Oxigraph's 16 MiB token limit said plainly."""
    text = " ".join(str(err).split())
    if isinstance(err, MemoryError) and "buffer maximal size" in text:
        return "a literal or IRI is longer than 16 MiB, the most Oxigraph's parser reads"
    return text or type(err).__name__


def checked_bytes(path: str | os.PathLike, fmt: str) -> bytes:
    """The file's bytes, refused (KgError E010) where reading them would fetch or blow up."""
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise KgError("E010", path=str(path), detail=err.strerror or str(err)) from err
    refusal = input_refusal(data, fmt)
    if refusal:
        raise KgError("E010", path=str(path), detail=refusal)
    return data


def input_refusal(data: bytes, fmt: str) -> str | None:
    """Why ``data`` must not be parsed (None: it may be). JSON-LD: a remote
    ``@context`` or ``@import`` (a parser would fetch it) or nesting past
    MAX_JSON_DEPTH. RDF/XML: an external DTD, or entities other than short
    plain strings (entities naming entities are the billion laughs)."""
    if fmt == "json-ld":
        return _json_ld_refusal(data)
    if fmt == "xml":
        return _rdf_xml_refusal(data)
    return None


def _json_ld_refusal(data: bytes) -> str | None:
    try:
        document = json.loads(data)
    except RecursionError:
        return f"its JSON nests deeper than {MAX_JSON_DEPTH} levels"
    except ValueError as err:
        return f"not JSON: {err}"
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return f"its JSON nests deeper than {MAX_JSON_DEPTH} levels"
        if isinstance(value, dict):
            for key, item in value.items():
                remote = _remote_context(item) if key == "@context" else item if key == "@import" else None
                if isinstance(remote, str):
                    return f"its {key} {remote!r} is a document to fetch, and kg reads no URL: put the context in the file"
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
    return None


def _remote_context(context) -> str | None:
    items = context if isinstance(context, list) else [context]
    return next((item for item in items if isinstance(item, str)), None)


def _rdf_xml_refusal(data: bytes) -> str | None:
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8", "replace")
    if "<!ENTITY" not in text and "<!DOCTYPE" not in text:
        return None
    for match in re.finditer(r"<!DOCTYPE", text):
        if not _XML_DOCTYPE.match(text, match.start()):
            return "its DOCTYPE names an external DTD, and kg reads no URL"
    for match in re.finditer(r"<!ENTITY", text):
        entity = _XML_ENTITY.match(text, match.start())
        if entity is None or len(entity.group("double") or entity.group("single") or "") > MAX_ENTITY_VALUE:
            return ("it declares an XML entity that is external, a parameter entity, refers to other entities "
                    f"or is over {MAX_ENTITY_VALUE} characters (entity expansion is refused)")
    return None


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
