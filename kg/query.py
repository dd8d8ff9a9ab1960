"""Run SPARQL over built graphs: the query library, parameters, engines. Never imports spaCy.

A query is named by a .rq file, by the name of a file in queries/ (without
extension), or given inline. Each library query starts with a comment header::

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
from .errors import KgError
from .prefixes import QUERY_PREFIXES, expand
from .querycheck import check_query
from .resources import resource_path
from .results import RESULT_FORMATS, format_result, python_value, row_count

__all__ = [
    "ENGINES", "LibraryQuery", "Parameter", "QueryResult", "RESULT_FORMATS", "RenderedAnswer", "answer_query",
    "bind_parameters", "format_result",
    "library", "open_engine", "parameters_of", "parse_assignments", "python_value", "query_files", "resolve_query", "run_query",
]

ENGINES = ("oxigraph", "rdflib")
# SPARQL text starts with one of these, then a space or what may follow it
_SPARQL_START = re.compile(r"(?i)(select|ask|construct|describe|prefix|base)(?=[\s*?$({<]|$)")
XSD = QUERY_PREFIXES["xsd"]
PARAMETER_TYPES = ("iri", "string", "integer", "decimal", "date", "term")


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


def library(directory: Optional[Path] = None) -> list[LibraryQuery]:
    """The queries shipped in queries/, sorted by name."""
    directory = directory or resource_path("queries")
    entries = []
    for path in sorted(directory.glob("*.rq")):
        header, parameters = _header(path.read_text(encoding="utf-8"))
        entries.append(
            LibraryQuery(path.stem, path, header.get("title", path.stem), header.get("description", ""), tuple(parameters))
        )
    return entries


def resolve_query(query: str) -> tuple[str, str]:
    """Return (SPARQL text, where it came from) for a file, a library name or inline text."""
    if (query.endswith(".rq") or os.path.sep in query) and _is_file(Path(query)):
        return Path(query).read_text(encoding="utf-8"), query
    library_dir = resource_path("queries")
    if re.fullmatch(r"[\w.-]+", query) and (library_dir / f"{query}.rq").is_file():
        named = library_dir / f"{query}.rq"
        return named.read_text(encoding="utf-8"), str(named)
    stripped = "\n".join(line for line in query.splitlines() if not line.strip().startswith("#")).strip()
    if _SPARQL_START.match(stripped):
        return query, "inline"
    shown = query if len(query) <= 200 else query[:200] + "…"
    raise KgError("E020", query=shown, library=str(library_dir))


def _is_file(path: Path) -> bool:
    """Whether ``path`` names a file; text that cannot be a path (too long, a NUL) names none."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


# --- parameters ------------------------------------------------------------------


def _is_absolute_iri(value: str) -> bool:
    return re.fullmatch(r"(?i)(https?|urn|ftp|mailto|file|tag):[^\s<>\"{}|\\^`]+", value) is not None


def parameter_term(value: str, kind: str, name: str = "value"):
    """The RDF term a command-line value stands for, by the parameter's declared type."""
    if kind == "iri" or (kind == "term" and (expand(value) or _is_absolute_iri(value))):
        iri = expand(value) or (value if _is_absolute_iri(value) else None)
        if iri is None and re.fullmatch(r"[\w.-]+", value):
            iri = QUERY_PREFIXES["nkgr"] + value  # a local name alone, as `kg explain` takes it
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
):
    """The engine to ask: a remote endpoint, an on-disk store, or graph files loaded in memory.

    Graph files get the ontology too (``with_ontology``), so that
    ``rdfs:subClassOf*`` paths see the class tree, as in a store filled by ``kg load``.
    """
    if endpoint:
        return EndpointEngine(endpoint, timeout=timeout, auth=auth)
    if store:
        return OxigraphEngine.open_store(store)
    if engine == "rdflib":
        return RdflibEngine.from_files(graph_paths, with_ontology)
    if engine != "oxigraph":
        raise KgError("E031", fmt=engine, choices=", ".join(ENGINES))
    return OxigraphEngine.from_files(graph_paths, with_ontology)


def run_query(
    text: str,
    engine,
    params: Optional[Mapping[str, str]] = None,
    limit: Optional[int] = None,
    declared: Iterable[Parameter] = (),
) -> QueryResult:
    """Evaluate SPARQL ``text`` with ``engine`` (an engine of kg.engines, or an rdflib graph)."""
    if not hasattr(engine, "run"):
        engine = RdflibEngine(engine)
    check_query(text)
    bindings = bind_parameters(text, params or {}, declared)
    return engine.run(text, bindings, limit)


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
    fmt: str,
    params: Optional[Mapping[str, str]] = None,
    limit: Optional[int] = None,
    declared: Iterable[Parameter] = (),
    timeout: Optional[float] = None,
    max_memory: Optional[int] = None,
) -> RenderedAnswer:
    """Run the query and write its answer in ``fmt``, in a child process that is
    stopped past ``timeout`` seconds or ``max_memory`` bytes, or on Ctrl-C
    (KgError E034); a crash of the engine is the child's alone."""
    from .sandbox import Stopped, run_stoppable

    def work() -> list:
        result = run_query(text, engine, params, limit, declared)
        return [format_result(result, fmt), result.kind, result.boolean, row_count(result)]

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
) -> QueryResult:
    """Resolve ``query`` (file, library name or text) and run it on graph files, a store or an endpoint."""
    text, _source = resolve_query(query)
    runner = open_engine(graph_paths, store=store, endpoint=endpoint, engine=engine, with_ontology=with_ontology)
    return run_query(text, runner, params, limit, parameters_of(text))
