"""Read RDF given by users (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML):
files, whose suffix says their syntax, or standard input (``-``) with ``--syntax``.

Whatever the reader, a graph file never makes kg fetch anything (a JSON-LD
``@context`` by URL, an XML external entity) nor expand without bound (XML
entities that name entities): such files are refused before any parser runs.
Kept free of spaCy so that ``kg query`` and ``kg validate`` start fast.
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from ..errors import KgError

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
# what --syntax takes: the names riot, Oxigraph and rdflib use, suffixes and media types
SYNTAXES = {
    **{suffix[1:]: fmt for suffix, fmt in RDF_FORMATS.items()},
    "n-triples": "nt", "n-quads": "nquads", "json-ld": "json-ld", "rdfxml": "xml", "rdf/xml": "xml", "rdf-xml": "xml",
    "text/turtle": "turtle", "application/n-triples": "nt", "application/trig": "trig", "application/n-quads": "nquads",
    "application/ld+json": "json-ld", "application/rdf+xml": "xml",
}
SYNTAX_CHOICES = "ttl, nt, trig, nq, jsonld, rdfxml"
QUAD_FORMATS = frozenset({"trig", "nquads"})
DEFAULT_GRAPH_PATH = Path("out/graph.ttl")
STDIN = "-"


def rdf_format(path: str | os.PathLike) -> str:
    fmt = RDF_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise KgError("E011", path=str(path))
    return fmt


def syntax_format(name: str) -> str:
    """The format a --syntax name stands for (``ttl``, ``n-triples``, ``text/turtle``…)."""
    fmt = SYNTAXES.get(name.strip().lower())
    if fmt is None:
        raise KgError("E016", name=name, choices=SYNTAX_CHOICES)
    return fmt


def checked_base(base: str) -> str:
    """``base`` if it is an absolute IRI (relative IRIs are resolved against it)."""
    import pyoxigraph as ox

    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", base):
        raise KgError("E018", iri=base, detail="it has no scheme (http:, https:, file:, urn:…)")
    try:
        ox.NamedNode(base)
    except ValueError as err:
        raise KgError("E018", iri=base, detail=str(err)) from err
    return base


@dataclass(frozen=True)
class GraphInput:
    """One graph to read: a file, or standard input (``-``), with its format and base IRI.

    Relative IRIs resolve against ``base``: the one given (``--base``), else the
    file's own ``file:`` IRI, as rdflib and Jena resolve them; standard input
    has none unless given."""

    fmt: str  # rdflib's format name (RDF_FORMATS' values)
    base: Optional[str]
    path: Optional[Path] = None  # None: standard input
    data: Optional[bytes] = field(default=None, repr=False)  # standard input's bytes

    @property
    def name(self) -> str:
        return "standard input" if self.path is None else str(self.path)

    @property
    def quads(self) -> bool:
        return self.fmt in QUAD_FORMATS

    def read(self) -> bytes:
        """The bytes to parse, refused (E010) where reading them would fetch or blow up."""
        if self.path is not None:
            return checked_bytes(self.path, self.fmt)
        refusal = input_refusal(self.data, self.fmt)
        if refusal:
            raise KgError("E010", path=self.name, detail=refusal)
        return self.data

    def error(self, err: BaseException) -> KgError:
        """E010 for a parser's error on this input, said in one line."""
        return KgError("E010", path=self.name, detail=parse_error_detail(err))


def _checked_file(path: Path) -> Path:
    if not path.is_file():
        if path == DEFAULT_GRAPH_PATH:
            raise KgError("E013", path=str(path))
        raise KgError("E010", path=str(path), detail="no such file")
    return path


def graph_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The graph files to read (default out/graph.ttl), each checked to exist."""
    found = [Path(p) for p in paths] or [DEFAULT_GRAPH_PATH]
    for path in found:
        _checked_file(path)
        rdf_format(path)
    return found


def graph_inputs(paths: Iterable[str | os.PathLike], syntax: Optional[str] = None,
                 base: Optional[str] = None, stdin=None) -> list[GraphInput]:
    """The graphs to read (default out/graph.ttl): files, or ``-`` for standard input.

    ``syntax`` names the format of every input (riot's ``--syntax``), else each
    file's suffix says it; standard input needs it. ``base`` is the base IRI of
    every input (``stdin``: where ``-`` is read from, default sys.stdin)."""
    given = list(paths) or [DEFAULT_GRAPH_PATH]
    fmt = syntax_format(syntax) if syntax else None
    base = checked_base(base) if base else None
    if sum(1 for p in given if str(p) == STDIN) > 1:
        raise KgError("E010", path="standard input", detail="it can be read once: give - once")
    inputs = []
    for raw in given:
        if str(raw) == STDIN:
            if fmt is None:
                raise KgError("E017", choices=SYNTAX_CHOICES)
            data = (stdin or sys.stdin.buffer).read()
            inputs.append(GraphInput(fmt, base, None, data))
            continue
        path = _checked_file(Path(raw))
        inputs.append(GraphInput(fmt or rdf_format(path), base or path.resolve().as_uri(), path))
    return inputs


def load_graph(paths: Iterable[str | os.PathLike], syntax: Optional[str] = None, base: Optional[str] = None) -> Graph:
    """Parse every input (files, ``-``) into one rdflib graph (named graphs of TriG/N-Quads are merged).

    Turtle, N-Triples, TriG and N-Quads are read by Oxigraph's parser (about
    twice as fast as rdflib's on big graphs; its parser, unlike its store, keeps
    every literal as written); JSON-LD and RDF/XML by rdflib.
    """
    return load_inputs(graph_inputs(paths, syntax, base))


def load_inputs(inputs: Iterable[GraphInput]) -> Graph:
    """:func:`load_graph` on inputs already checked by :func:`graph_inputs`."""
    from rdflib import Graph

    graph = Graph()
    for source in inputs:
        try:
            if source.fmt in FAST_FORMATS:
                graph.addN((s, p, o, graph) for s, p, o in _oxigraph_triples(source, FAST_FORMATS[source.fmt]))
            else:
                graph.parse(data=source.read(), format=source.fmt, publicID=source.base)
        except KgError:
            raise
        except Exception as err:  # the parsers raise many types; all mean "does not parse"
            raise source.error(err) from err
    return graph


# --- inputs that would fetch, expand or recurse --------------------------------

CHECKED_FORMATS = frozenset({"json-ld", "xml"})  # the formats input_refusal looks into
MAX_JSON_DEPTH = 512  # Oxigraph's JSON-LD parser overflows its stack near 3,000
MAX_ENTITY_VALUE = 200  # a namespace IRI, as ontology editors declare them
_XML_ENTITY = re.compile(r"<!ENTITY\s+[^\s%\"'<>&]+\s+(?:\"(?P<double>[^\"&%<]*)\"|'(?P<single>[^'&%<]*)')\s*>")
_XML_DOCTYPE = re.compile(r"<!DOCTYPE\s+[^\s\[>]+\s*[\[>]")


def parse_error_detail(err: BaseException) -> str:
    """A parser's error in one line, starting with its line and column where the
    parser says them; Oxigraph's 16 MiB token limit said plainly."""
    text = " ".join(str(err).split())
    if isinstance(err, MemoryError) and "buffer maximal size" in text:
        return "a literal or IRI is longer than 16 MiB, the most Oxigraph's parser reads"
    line, column = getattr(err, "lineno", None), getattr(err, "offset", None)
    if isinstance(err, SyntaxError) and line:  # Oxigraph: "Parser error at line 2 column 3: … (line 2)"
        message = re.sub(r"^Parser error (?:at|between) [^:]*: ", "", text)
        message = re.sub(r" \((?:[^()]*, )?line \d+\)$", "", message)
        return f"line {line}, column {column or 1}: {message}"
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


def oxigraph_source(path: str | os.PathLike) -> dict:
    """pyoxigraph's keyword for reading one graph file: its checked bytes where
    its format is one :func:`input_refusal` looks into (JSON-LD, RDF/XML: a parser
    would fetch or expand), else its path (streamed)."""
    fmt = rdf_format(Path(path))
    if fmt in CHECKED_FORMATS:
        return {"input": checked_bytes(path, fmt)}
    return {"path": str(path)}


PARSE_ERRORS = (SyntaxError, OSError, ValueError, MemoryError)  # what Oxigraph's parsers raise on bad input


def parse_error(path: str | os.PathLike, err: BaseException) -> KgError:
    """E010 for a parser's error on a graph file, said in one line."""
    return KgError("E010", path=str(path), detail=parse_error_detail(err))


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


def _oxigraph_triples(source: GraphInput, format_name: str):
    """The input's triples as rdflib terms (each blank node fresh for this input, as
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

    where = {"path": str(source.path)} if source.path is not None else {"input": source.data}
    for quad in ox.parse(**where, format=getattr(ox.RdfFormat, format_name), base_iri=source.base):
        yield term(quad.subject), term(quad.predicate), term(quad.object)
