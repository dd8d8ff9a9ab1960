"""Run SPARQL over built graphs: the query library, parameters, engines. Never imports spaCy.

A query is named by a .rq file, by the name of a file in queries/ (without
extension: ``./queries`` of the working directory, or ``--queries DIR``, before
the queries kg ships), or given inline. Each library query declares its own
prefixes (it runs as it is on any SPARQL endpoint) and starts with a comment header::

    # title: Attacks on a target
    # description: …
    # param: target string — the name of the attacked actor or place

Parameters are bound as values by the engine (Oxigraph's substitutions,
rdflib's initBindings, or an escaped VALUES block for remote endpoints), never
pasted into the query text. A query nested too deep for the parsers is refused
before they see it; :func:`answer_query` runs one where it can be stopped.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Mapping, Optional

import pyoxigraph as ox

from .engines import EndpointEngine, OxigraphEngine, QueryResult, RdflibEngine
from ..errors import KgError
from ..rdf.prefixes import QUERY_PREFIXES, user_iri
from ..rdf.sparql_text import UPDATE_START, is_update, query_form, without_comments
from .querycheck import check_query
from ..resources import resource_path
from .results import RESULT_FORMATS, check_format, format_result, python_value, row_count

__all__ = [
    "ENGINES", "LibraryQuery", "Parameter", "QueryResult", "RESULT_FORMATS", "RenderedAnswer", "ResolvedQuery",
    "answer_query", "bind_parameters", "find_library_query", "format_result", "library", "open_engine", "parameters_of",
    "parse_assignments", "python_value", "query_files", "resolve_query", "run_query",
]

ENGINES = ("oxigraph", "rdflib")
# SPARQL text starts with one of these, then a space or what may follow it
_SPARQL_START = re.compile(r"(?i)(select|ask|construct|describe|prefix|base)(?=[\s*?$({<]|$)")
XSD = QUERY_PREFIXES["xsd"]
PARAMETER_TYPES = ("iri", "string", "integer", "decimal", "date", "term")
INLINE = "inline"  # the source of a query given as text


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str  # one of PARAMETER_TYPES
    description: str = ""


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    path: Path
    title: str
    description: str
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)


def _header(text: str) -> tuple[dict[str, str], list[Parameter]]:
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "param" and value:
            name, _, rest = value.partition(" ")
            kind, _, description = rest.strip().partition(" ")
            kind = kind if kind in PARAMETER_TYPES else "term"
            parameters.append(Parameter(name, kind, description.strip().lstrip("—-– ").strip()))
        elif value:
            fields.setdefault(key, value)
    return fields, parameters


def parameters_of(text: str) -> tuple[Parameter, ...]:
    """The parameters a query declares in its header (``# param: name type — description``)."""
    return tuple(_header(text)[1])


def library(directory: Optional[Path] = None, queries_dir: Optional[Path] = None) -> list[LibraryQuery]:
    """The queries of ``directory`` (default: the ones kg ships), sorted by name.

    With ``queries_dir``, its queries come first and hide kg's of the same name
    (``kg queries --queries DIR``)."""
    if queries_dir is not None:
        own = {entry.name: entry for entry in library(Path(queries_dir))}
        shipped = {entry.name: entry for entry in library(directory)}
        return [{**shipped, **own}[name] for name in sorted({**shipped, **own})]
    directory = directory or resource_path("queries")
    entries = []
    for path in sorted(directory.glob("*.rq")):
        header, parameters = _header(path.read_text(encoding="utf-8"))
        entries.append(
            LibraryQuery(path.stem, path, header.get("title", path.stem), header.get("description", ""), tuple(parameters))
        )
    return entries


@dataclass(frozen=True)
class ResolvedQuery:
    """A query's text, where it came from (a file, or "inline") and its base IRI
    (a file's own ``file:`` IRI, as Jena's arq takes it; inline text has none)."""

    text: str
    source: str
    base: Optional[str] = None

    def __iter__(self):  # text, source = resolve_query(…)
        return iter((self.text, self.source))


def library_directories(queries_dir: Optional[str | os.PathLike] = None) -> list[Path]:
    """Where a query name is looked for, in order: ``queries_dir`` (else ./queries
    of the working directory), then the queries kg ships."""
    first = Path(queries_dir) if queries_dir is not None else Path("queries")
    shipped = resource_path("queries")
    return [first, shipped] if first.resolve() != shipped.resolve() else [shipped]


def find_library_query(name: str, queries_dir: Optional[str | os.PathLike] = None) -> Optional[Path]:
    """The .rq file a query name stands for (see :func:`library_directories`), or None."""
    if not re.fullmatch(r"[\w.-]+", name) or name.startswith("."):
        return None
    for directory in library_directories(queries_dir):
        candidate = directory / f"{name}.rq"
        if names_a_file(candidate):
            return candidate
    return None


def resolve_query(query: str, queries_dir: Optional[str | os.PathLike] = None) -> ResolvedQuery:
    """The SPARQL text of a file, a library name or inline text, with its source and base IRI."""
    if queries_dir is not None and not Path(queries_dir).is_dir():
        raise KgError("E020", query=str(queries_dir), library="no such folder (--queries)")
    if (query.endswith((".rq", ".ru", ".sparql")) or os.path.sep in query) and names_a_file(Path(query)):
        return _checked_query(ResolvedQuery(Path(query).read_text(encoding="utf-8"), query, Path(query).resolve().as_uri()))
    named = find_library_query(query, queries_dir)
    if named is not None:
        return _checked_query(ResolvedQuery(named.read_text(encoding="utf-8"), str(named), named.resolve().as_uri()))
    if _SPARQL_START.match(without_comments(query)) or UPDATE_START.match(without_comments(query)):
        return _checked_query(ResolvedQuery(query, INLINE))
    shown = query if len(query) <= 200 else query[:200] + "…"
    places = " or ".join(str(d) for d in library_directories(queries_dir))
    raise KgError("E020", query=shown, library=places)


def _checked_query(query: ResolvedQuery) -> ResolvedQuery:
    if is_update(query.text):
        raise KgError("E036", source="The text given" if query.source == INLINE else query.source)
    return query


def names_a_file(path: Path) -> bool:
    """Whether ``path`` names a file; text that cannot be a path (too long, a NUL) names none."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False



# --- parameters ------------------------------------------------------------------


def parameter_term(value: str, kind: str, name: str = "value"):
    """The RDF term a command-line value stands for, by the parameter's declared type."""
    if kind == "iri" or (kind == "term" and user_iri(value, bare_local=False)):
        iri = user_iri(value)  # a local name alone too, as `kg explain` takes it
        try:
            return ox.NamedNode(iri) if iri else _bad(name, value, "an IRI (nkgr:…, <http://…> or http://…)")
        except ValueError:
            return _bad(name, value, "a valid IRI")
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            return _bad(name, value, "an integer")
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        try:
            return ox.Literal(str(Decimal(value.strip())), datatype=ox.NamedNode(XSD + "decimal"))
        except InvalidOperation:
            return _bad(name, value, "a decimal number")
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return _bad(name, value, "a date as YYYY-MM-DD")
        return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(value)


def _bad(name: str, value: str, expected: str):
    raise KgError("E026", detail=f"{name}={value!r} is not {expected}")


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``name=value`` strings from the command line → a dict (the last value wins)."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not equals or not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise KgError("E026", detail=f"{pair!r} is not NAME=VALUE")
        values[name] = value
    return values


def bind_parameters(text: str, values: Mapping[str, str], declared: Iterable[Parameter] = ()) -> dict[str, object]:
    """Check ``values`` against the query's declared parameters and turn them into terms."""
    declared = {p.name: p for p in declared}
    if declared:
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise KgError("E026", detail=f"the query has no parameter {unknown[0]!r} (it takes: {', '.join(declared)})")
        missing = [name for name in declared if name not in values]
        if missing:
            wanted = ", ".join(f"--param {n}=… ({declared[n].type}: {declared[n].description})" for n in missing)
            raise KgError("E026", detail=f"the query needs {wanted}")
    for name in values:
        if name not in declared and not re.search(rf"[?$]{name}\b", text):
            raise KgError("E026", detail=f"the query has no variable ?{name} to bind")
    return {name: parameter_term(value, declared[name].type if name in declared else "term", name) for name, value in values.items()}


# --- engines ---------------------------------------------------------------------


def open_engine(
    graph_paths: Iterable[str | os.PathLike] = (),
    store: Optional[str | os.PathLike] = None,
    endpoint: Optional[str] = None,
    engine: str = "oxigraph",
    with_ontology: bool = True,
    timeout: float = 60.0,
    auth: Optional[str] = None,
    named: Iterable[str | os.PathLike] = (),
    syntax: Optional[str] = None,
    base: Optional[str] = None,
):
    """The engine to ask: a remote endpoint, an on-disk store, or graph files loaded in memory.

    Graph files (``-``: standard input, in ``syntax``) get the ontology too
    (``with_ontology``), so that ``rdfs:subClassOf*`` paths see the class tree,
    as in a store filled by ``kg load``; ``named`` files are named graphs only.
    """
    if endpoint:
        return EndpointEngine(endpoint, timeout=timeout, auth=auth)
    if store:
        return OxigraphEngine.open_store(store)
    if engine == "rdflib":
        return RdflibEngine.from_files(graph_paths, with_ontology, named, syntax, base)
    if engine != "oxigraph":
        raise KgError("E044", engine=engine, choices=", ".join(ENGINES))
    return OxigraphEngine.from_files(graph_paths, with_ontology, named, syntax, base)


def run_query(
    text: str,
    engine,
    params: Optional[Mapping[str, str]] = None,
    limit: Optional[int] = None,
    declared: Iterable[Parameter] = (),
    base: Optional[str] = None,
) -> QueryResult:
    """Evaluate SPARQL ``text`` with ``engine`` (an engine of kg.sparql.engines, or an rdflib graph);
    relative IRIs of the query resolve against ``base``."""
    if not hasattr(engine, "run"):
        engine = RdflibEngine(engine)
    if is_update(text):
        raise KgError("E036", source="The text given")
    check_query(text)
    bindings = bind_parameters(text, params or {}, declared)
    return engine.run(text, bindings, limit, base)


@dataclass(frozen=True)
class RenderedAnswer:
    """A query's answer written out: ``text`` in the asked format, ``summary`` its row count."""

    text: str
    kind: str
    boolean: Optional[bool]
    summary: str


def answer_query(
    text: str,
    engine,
    fmt: Optional[str],
    params: Optional[Mapping[str, str]] = None,
    limit: Optional[int] = None,
    declared: Iterable[Parameter] = (),
    timeout: Optional[float] = None,
    max_memory: Optional[int] = None,
    base: Optional[str] = None,
    terminal: bool = False,
) -> RenderedAnswer:
    """Run the query and write its answer in ``fmt`` (None: a table on a
    ``terminal``, else CSV; Turtle for graphs), in a child process that is
    stopped past ``timeout`` seconds or ``max_memory`` bytes, or on Ctrl-C
    (KgError E034); a crash of the engine is the child's alone. A format that
    does not apply to the query's form is refused before it runs."""
    from .sandbox import Stopped, run_stoppable

    check_format(query_form(text), fmt)

    def work() -> list:
        result = run_query(text, engine, params, limit, declared, base)
        return [format_result(result, fmt, terminal=terminal), result.kind, result.boolean, row_count(result)]

    if timeout is not None and getattr(engine, "timeout", None):
        timeout += 1.0  # an endpoint keeps its own deadline, and says more when it is reached
    try:
        return RenderedAnswer(*run_stoppable(work, timeout=timeout, max_memory=max_memory))
    except Stopped as err:
        raise KgError("E034", detail=err.reason) from err
    except RuntimeError as err:  # not a KgError: what went wrong, in one line
        raise KgError("E022", detail=str(err)) from err


def query_files(
    query: str,
    graph_paths: Iterable[str | os.PathLike] = (),
    with_ontology: bool = True,
    params: Optional[Mapping[str, str]] = None,
    limit: Optional[int] = None,
    engine: str = "oxigraph",
    store: Optional[str | os.PathLike] = None,
    endpoint: Optional[str] = None,
    named: Iterable[str | os.PathLike] = (),
    queries_dir: Optional[str | os.PathLike] = None,
) -> QueryResult:
    """Resolve ``query`` (file, library name or text) and run it on graph files, a store or an endpoint."""
    resolved = resolve_query(query, queries_dir)
    runner = open_engine(graph_paths, store=store, endpoint=endpoint, engine=engine, with_ontology=with_ontology, named=named)
    return run_query(resolved.text, runner, params, limit, parameters_of(resolved.text), resolved.base)
