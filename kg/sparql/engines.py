"""Where SPARQL runs: Oxigraph in this process (the default, in memory or an
on-disk store), rdflib (the reference implementation), or a remote SPARQL 1.1
endpoint over HTTP.

Every engine answers with the same :class:`QueryResult` of pyoxigraph terms, so
that formatting and the cross-engine tests see one term model. Nothing here
imports spaCy; rdflib is imported only by the rdflib engine.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterable, Mapping, Optional

import pyoxigraph as ox

from ..errors import KgError
from ..rdf.graphio import CHECKED_FORMATS, GraphInput, graph_inputs, graph_paths, parse_error_detail, rdflib_term
from ..rdf.oxigraph import OX_FORMATS, to_oxigraph
from ..rdf.prefixes import QUERY_PREFIXES
from ..rdf.sparql_text import inline_bindings, query_form, with_prefix_declarations
from .querycheck import query_shape
from ..resources import ontology_files

ONTOLOGY_IRI = "https://w3id.org/newskg/ontology"
RDF_TYPE = QUERY_PREFIXES["rdf"] + "type"
OWL_ONTOLOGY = QUERY_PREFIXES["owl"] + "Ontology"


@dataclass
class QueryResult:
    """A query's answer. ``rows`` hold pyoxigraph terms (None where unbound)."""

    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: Optional[bool] = None
    triples: Optional[list] = None
    truncated: bool = False  # more rows than the limit asked for


def collect_answer(answer, form: str, limit: Optional[int], cancelled=None) -> Optional[QueryResult]:
    """Read a pyoxigraph answer (lazy) into a QueryResult, stopping after ``limit`` rows.

    ``cancelled`` (a threading.Event) stops the reading early: None is returned."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(answer))
    items = []
    for item in islice(answer, None if limit is None else limit + 1):
        if cancelled is not None and cancelled.is_set():
            return None
        items.append(item)
    truncated = limit is not None and len(items) > limit
    items = items[:limit]
    if isinstance(answer, ox.QueryTriples):
        return QueryResult("DESCRIBE" if form == "DESCRIBE" else "CONSTRUCT", triples=items, truncated=truncated)
    variables = [v.value for v in answer.variables]
    width = range(len(variables))
    return QueryResult("SELECT", variables, [tuple(s[i] for i in width) for s in items], truncated=truncated)


# --- Oxigraph ----------------------------------------------------------------


class OxigraphEngine:
    """pyoxigraph's Store: in memory from graph files, or a persistent directory.

    When the query names no dataset (no FROM, FROM NAMED), its default graph is
    the union of all graphs, so that TriG/N-Quads files answer plain patterns
    as Turtle does, while ``GRAPH ?g`` still sees each named graph; graphs
    loaded as named graphs only (``--named-graph``, arq's ``--namedGraph``)
    stay out of it. A query that names its dataset gets that dataset, as
    SPARQL 1.1 says (§13.2).
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store, named_only: Iterable[ox.NamedNode] = ()) -> None:
        self.store = store
        self.named_only = frozenset(named_only)

    @classmethod
    def from_files(cls, paths: Iterable[str | os.PathLike], with_ontology: bool = True,
                   named: Iterable[str | os.PathLike] = (), syntax: Optional[str] = None,
                   base: Optional[str] = None) -> "OxigraphEngine":
        """An in-memory store of graph files (or ``-``); ``named`` files each go to a
        named graph of their own, named by their IRI (:func:`named_graph_inputs`)."""
        store = ox.Store()
        for source in default_graph_inputs(paths, named, syntax, base):
            load_input(store, source, bulk=True)
        named_only = []
        for name, source in named_graph_inputs(named, syntax, base):
            load_input(store, source, to_graph=name)
            named_only.append(name)
        if with_ontology:
            for path in ontology_files():
                store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        return cls(store, named_only)

    @classmethod
    def open_store(cls, directory: str | os.PathLike, writable: bool = False) -> "OxigraphEngine":
        directory = check_store_directory(directory)
        try:
            store = ox.Store(str(directory)) if writable else ox.Store.read_only(str(directory))
        except OSError as err:
            raise KgError("E024", path=str(directory), detail=parse_error_detail(err)) from err
        return cls(store)

    def run(self, text: str, bindings: Optional[Mapping[str, object]] = None, limit: Optional[int] = None,
            base: Optional[str] = None) -> QueryResult:
        substitutions = {ox.Variable(name): term for name, term in (bindings or {}).items()}
        options = dict(query_dataset(self.store, text, self.named_only), prefixes=QUERY_PREFIXES, base_iri=base)
        try:
            try:
                answer = self.store.query(text, substitutions=substitutions or None, **options)
            except RuntimeError as err:
                if not substitutions or "SELECT projection" not in str(err):
                    raise
                # Oxigraph substitutes only variables of the result; others are
                # bound by an escaped VALUES block, as for remote endpoints
                answer = self.store.query(inline_bindings(text, bindings), **options)
            return collect_answer(answer, query_form(text), limit)
        except SyntaxError as err:
            raise KgError("E021", detail=query_error_detail(err, text)) from err
        except (OSError, ValueError, RuntimeError) as err:
            raise KgError("E022", detail=parse_error_detail(err)) from err


def query_dataset(store: ox.Store, text: str, named_only: Iterable[ox.NamedNode] = ()) -> dict:
    """The dataset options of ``store.query`` for ``text``: none when the query
    names its dataset (FROM, FROM NAMED: Oxigraph then takes those), else the
    union of all graphs but those in ``named_only`` as its default graph."""
    if query_shape(text).dataset:
        return {}
    if not named_only:
        return {"use_default_graph_as_union": True}
    named_only = set(named_only)
    return {"default_graph": [ox.DefaultGraph(), *(g for g in store.named_graphs() if g not in named_only)]}


_ERROR_AT = re.compile(r"error at (\d+):(\d+)(?:-\d+:\d+)?: (.*)", re.DOTALL)


def query_error_detail(err: BaseException, text: str) -> str:
    """Oxigraph's parse error ("error at 1:37: expected OPTIONAL") in one readable
    line: where (line and column), the words there, and what the parser wanted."""
    message = " ".join(str(err).split())
    undeclared = undeclared_prefix_detail(text)
    if undeclared:
        return undeclared
    found = _ERROR_AT.fullmatch(message)
    if not found:
        return message
    line, column, expected = int(found.group(1)), int(found.group(2)), found.group(3)
    lines = text.splitlines() or [""]
    if line > len(lines) or (line == len(lines) and column > len(lines[-1])):
        return f"line {line}, column {column}: the query ends too early (a bracket or a quote left open, or a term missing)"
    source = lines[line - 1]
    start = max(source.rfind(" ", 0, max(column - 2, 0)), 0)
    near = " ".join(source[start : column + 15].split())
    wanted = expected.replace("expected one of ", "").replace("expected ", "")
    wanted = ", ".join(part for part in (p.strip() for p in wanted.split(",")) if part and part != "[_]")
    return f"line {line}, column {column}: syntax error near «{near}»" + (f" (the parser expected {wanted})" if wanted else "")


def undeclared_prefix_detail(text: str) -> Optional[str]:
    """Where the query first uses a prefix it does not declare (kg declares its own), in words; None if none."""
    from .querycheck import TOKENS

    declared = set(QUERY_PREFIXES) | {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
    for match in TOKENS.finditer(text):
        if match.lastgroup == "name" and ":" in match.group():
            prefix = match.group().split(":", 1)[0]
            if prefix.lower() not in declared and not prefix.isdigit():
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                return (f"line {line}, column {column}: the prefix {prefix}: is not declared "
                        f"(add PREFIX {prefix}: <…>; kg declares {', '.join(sorted(QUERY_PREFIXES))})")
    return None


def check_store_directory(directory: str | os.PathLike) -> Path:
    """``directory`` if it holds an Oxigraph store (KgError E023 if not), left unopened."""
    directory = Path(directory)
    if not (directory / "CURRENT").is_file():
        raise KgError("E023", path=str(directory))
    return directory


def load_input(store: ox.Store, source: GraphInput, bulk: bool = False, to_graph=None) -> None:
    """Load one graph input into ``store``: triples into the default graph (or
    ``to_graph``), quads into theirs.

    ``bulk`` skips transactions (fast, for a fresh in-memory store); otherwise an
    input that fails to parse leaves the store as it was.
    """
    fmt = OX_FORMATS[source.fmt]
    # JSON-LD and RDF/XML are looked at first (they could ask for a fetch or an
    # expansion), and standard input is bytes already
    checked = source.path is None or source.fmt in CHECKED_FORMATS
    where = {"input": source.read()} if checked else {"path": str(source.path)}
    options = {"format": fmt, "base_iri": source.base, **where}
    if to_graph is not None:
        options["to_graph"] = to_graph
    try:
        if bulk:
            store.bulk_load(**options)
        else:
            store.load(**options)
    except (SyntaxError, OSError, ValueError, MemoryError) as err:
        raise source.error(err) from err


def load_file(store: ox.Store, path: Path, bulk: bool = False) -> None:
    """Load one RDF file into ``store`` (:func:`load_input`)."""
    load_input(store, graph_inputs([path])[0], bulk)


def default_graph_inputs(paths, named=(), syntax=None, base=None) -> list[GraphInput]:
    """The inputs of the default graph: ``paths`` (default out/graph.ttl unless
    only named graphs are given)."""
    paths = list(paths)
    return graph_inputs(paths, syntax, base) if paths or not list(named) else []


def named_graph_inputs(named: Iterable[str | os.PathLike], syntax: Optional[str] = None,
                       base: Optional[str] = None) -> list[tuple[ox.NamedNode, GraphInput]]:
    """Files to load as named graphs, each named by its ``file:`` IRI (as arq's
    ``--namedGraph`` names them), with the input to read."""
    found = []
    for path in named:
        if str(path) == "-":
            raise KgError("E010", path="standard input", detail="a named graph needs a name: give a file, not -")
        source = graph_inputs([path], syntax, base)[0]
        found.append((ox.NamedNode(Path(path).resolve().as_uri()), source))
    return found


def load_store(
    directory: str | os.PathLike, paths: Iterable[str | os.PathLike], with_ontology: bool = True, replace: bool = False,
    syntax: Optional[str] = None, base: Optional[str] = None,
) -> int:
    """Fill the on-disk store ``directory`` (created if needed) with graph files
    (or ``-``, :func:`kg.rdf.graphio.graph_inputs`); return its quad count."""
    inputs = graph_inputs(paths, syntax, base)
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()) and not (directory / "CURRENT").is_file():
        raise KgError("E024", path=str(directory), detail="the directory exists and is not an Oxigraph store")
    try:
        store = ox.Store(str(directory))
    except OSError as err:
        raise KgError("E024", path=str(directory), detail=parse_error_detail(err)) from err
    if replace:
        store.clear()
    for source in inputs:
        load_input(store, source)
    ontology = ox.Quad(ox.NamedNode(ONTOLOGY_IRI), ox.NamedNode(RDF_TYPE), ox.NamedNode(OWL_ONTOLOGY))
    if with_ontology and ontology not in store:  # loaded once: its blank nodes would be copied again
        for path in ontology_files():
            load_file(store, path)
    store.flush()
    count = len(store)
    del store  # release the store's lock before returning
    return count


# --- rdflib (the reference) --------------------------------------------------


class RdflibEngine:
    """rdflib's SPARQL engine over a Dataset: the default graph is the union of
    the graphs of the files (named graphs only, ``--named-graph``, apart), and a
    query's FROM and FROM NAMED choose its dataset among the loaded graphs
    (rdflib would otherwise download a graph it does not hold: kg never lets it)."""

    name = "rdflib"

    def __init__(self, dataset) -> None:
        self.dataset = dataset

    @classmethod
    def from_files(cls, paths: Iterable[str | os.PathLike], with_ontology: bool = True,
                   named: Iterable[str | os.PathLike] = (), syntax: Optional[str] = None,
                   base: Optional[str] = None) -> "RdflibEngine":
        from rdflib import Dataset, URIRef

        named = named_graph_inputs(named, syntax, base)
        dataset = Dataset(default_union=not named)
        for source in default_graph_inputs(paths, [n for n, _ in named], syntax, base):
            if named and source.quads:  # the default graph stays the union of the files' graphs
                for s, p, o, g in _rdflib_quads(source):
                    dataset.graph(g).add((s, p, o))
                    _default_graph(dataset).add((s, p, o))
            else:
                _rdflib_parse(dataset, source)
        for name, source in named:
            for s, p, o, g in _rdflib_quads(source):
                dataset.graph(URIRef(name.value) if g is None else g).add((s, p, o))
        if with_ontology:
            for path in ontology_files():
                dataset.parse(path, format="turtle")
        return cls(dataset)

    def run(self, text: str, bindings: Optional[Mapping[str, object]] = None, limit: Optional[int] = None,
            base: Optional[str] = None) -> QueryResult:
        from pyparsing import ParseException
        from rdflib import Variable
        from rdflib.plugins import sparql
        from rdflib.plugins.sparql import prepareQuery

        sparql.SPARQL_LOAD_GRAPHS = False  # FROM <x> of a graph not loaded is empty: never a download
        try:
            prepared = prepareQuery(text, initNs=QUERY_PREFIXES, base=base)
        except ParseException as err:
            detail = undeclared_prefix_detail(text) or f"line {err.lineno}, column {err.col}: {' '.join(err.msg.split())}"
            raise KgError("E021", detail=detail) from err
        except Exception as err:
            raise KgError("E021", detail=undeclared_prefix_detail(text) or parse_error_detail(err)) from err
        init = {Variable(name): rdflib_term(term) for name, term in (bindings or {}).items()}
        # rdflib evaluates lazily: errors can surface while the rows are read, so read them here
        try:
            answer = self.dataset.query(prepared, initBindings=init)
            if answer.type == "ASK":
                return QueryResult("ASK", boolean=bool(answer.askAnswer))
            end = None if limit is None else limit + 1
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                triples = [ox.Triple(*map(to_oxigraph, triple)) for triple in islice(answer.graph, end)]
                return QueryResult(answer.type, triples=triples[:limit], truncated=limit is not None and len(triples) > limit)
            rows = [tuple(to_oxigraph(value) for value in row) for row in islice(answer, end)]
            return QueryResult("SELECT", [str(v) for v in answer.vars], rows[:limit], truncated=limit is not None and len(rows) > limit)
        except KgError:
            raise
        except Exception as err:
            raise KgError("E022", detail=parse_error_detail(err) or type(err).__name__) from err


def _rdflib_parse(dataset, source: GraphInput) -> None:
    """Parse ``source`` with rdflib's own parser into ``dataset`` (triples into its default graph)."""
    try:
        if source.path is not None and source.fmt not in CHECKED_FORMATS:
            dataset.parse(str(source.path), format=source.fmt, publicID=source.base)
        else:
            dataset.parse(data=source.read(), format=source.fmt, publicID=source.base)
    except KgError:
        raise
    except Exception as err:  # rdflib raises many types; all mean "does not parse"
        raise source.error(err) from err


def _default_graph(dataset):
    """A Dataset's default graph (``default_context`` before rdflib 7.2)."""
    graph = getattr(type(dataset), "default_graph", None)
    return dataset.default_graph if graph is not None else dataset.default_context


def _rdflib_quads(source: GraphInput):
    """``source`` parsed by rdflib: (s, p, o, graph name or None for the default graph)."""
    from rdflib import Dataset

    scratch = Dataset()
    _rdflib_parse(scratch, source)
    default = _default_graph(scratch).identifier
    for s, p, o, g in scratch.quads((None, None, None, None)):
        name = g.identifier if hasattr(g, "identifier") else g
        yield s, p, o, None if name == default else name


# --- a remote SPARQL 1.1 endpoint ---------------------------------------------

_ACCEPT = {
    "SELECT": "application/sparql-results+json, application/sparql-results+xml;q=0.9",
    "ASK": "application/sparql-results+json, application/sparql-results+xml;q=0.9",
    "CONSTRUCT": "application/n-triples, text/turtle;q=0.9",
    "DESCRIBE": "application/n-triples, text/turtle;q=0.9",
}
_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


class EndpointEngine:
    """Any SPARQL 1.1 endpoint (Oxigraph, Fuseki, GraphDB, Wikidata…) over HTTP.

    Credentials (``auth``, or in the URL) go only to the endpoint's own host: a
    redirect elsewhere is an error, and errors show the URL without its password.
    """

    name = "endpoint"

    def __init__(self, url: str, timeout: float = 60.0, auth: Optional[str] = None) -> None:
        from .protocol import checked_endpoint

        self.shown_url = checked_endpoint(url)
        self.url = url
        self.timeout = timeout
        self.auth = auth

    def run(self, text: str, bindings: Optional[Mapping[str, object]] = None, limit: Optional[int] = None,
            base: Optional[str] = None) -> QueryResult:
        import urllib.parse

        from .httpclient import REDIRECTS
        from .protocol import post

        form = query_form(text)
        text = with_prefix_declarations(inline_bindings(text, bindings or {}))
        if base:  # first in the prologue: a BASE of the query's own still overrides it
            text = f"BASE <{base}>\n{text}"
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": _ACCEPT[form]}
        # a query only reads: sending it again to where the endpoint moved is safe, on its own host
        response = post(self.url, body, headers, self.timeout, self.auth, follow=REDIRECTS)
        data, content_type = response.body, response.media_type
        if content_type in _RESULT_TYPES:
            try:
                answer = ox.parse_query_results(data, format=_RESULT_TYPES[content_type])
            except SyntaxError as err:
                raise KgError("E025", url=self.shown_url, detail=f"unreadable results: {parse_error_detail(err)}") from err
            result = collect_answer(answer, form, limit)
            # `kg serve` says when its row limit cut the answer
            result.truncated = result.truncated or response.headers.get("Kg-Results-Truncated") == "true"
            return result
        if content_type in _GRAPH_TYPES:
            try:
                triples = [quad.triple for quad in ox.parse(data, format=_GRAPH_TYPES[content_type])]
            except (SyntaxError, MemoryError) as err:
                raise KgError("E025", url=self.shown_url, detail=f"unreadable graph: {parse_error_detail(err)}") from err
            truncated = limit is not None and len(triples) > limit
            return QueryResult(form, triples=triples[:limit], truncated=truncated)
        raise KgError("E025", url=self.shown_url, detail=f"unexpected response type {content_type or 'none'!r}")
