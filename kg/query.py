"""Run SPARQL over built graphs and format the results. Never imports spaCy.

A query is named by a .rq file, by the name of a file in queries/ (without
extension), or given inline. Each library query starts with a comment header:
``# title: …`` and ``# description: …``.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from rdflib import BNode, Graph, Literal, URIRef

from .errors import KgError
from .resources import resource_path
from .namespaces import short

RESULT_FORMATS = ("table", "csv", "tsv", "json")
_SPARQL_KEYWORDS = ("select", "ask", "construct", "describe", "prefix", "base")
STANDARD_PREFIXES = """PREFIX nkg: <https://w3id.org/newskg/ontology#>
PREFIX nkgr: <https://w3id.org/newskg/id/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    path: Path
    title: str
    description: str


def _header(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if value:
            fields.setdefault(key.strip().lower(), value.strip())
    return fields


def library(directory: Optional[Path] = None) -> list[LibraryQuery]:
    """The queries shipped in queries/, sorted by name."""
    directory = directory or resource_path("queries")
    entries = []
    for path in sorted(directory.glob("*.rq")):
        header = _header(path.read_text(encoding="utf-8"))
        entries.append(LibraryQuery(path.stem, path, header.get("title", path.stem), header.get("description", "")))
    return entries


def resolve_query(query: str) -> tuple[str, str]:
    """Return (SPARQL text, where it came from) for a file, a library name or inline text."""
    if query.endswith(".rq") or os.path.sep in query:
        path = Path(query)
        if path.is_file():
            return path.read_text(encoding="utf-8"), str(path)
    library_dir = resource_path("queries")
    named = library_dir / f"{query}.rq"
    if named.is_file():
        return named.read_text(encoding="utf-8"), str(named)
    stripped = "\n".join(line for line in query.splitlines() if not line.strip().startswith("#")).strip().lower()
    if stripped.startswith(_SPARQL_KEYWORDS):
        return query, "inline"
    raise KgError("E020", query=query, library=str(library_dir))


@dataclass
class QueryResult:
    kind: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    variables: list[str]
    rows: list[tuple]
    boolean: Optional[bool] = None
    graph: Optional[Graph] = None


def _with_prefixes(text: str) -> str:
    """Declare the usual prefixes unless the query declares its own."""
    declared = {line.split()[1].lower() for line in text.splitlines() if line.strip().lower().startswith("prefix") and len(line.split()) > 1}
    missing = [line for line in STANDARD_PREFIXES.splitlines() if line.split()[1].lower() not in declared]
    return "\n".join(missing) + "\n" + text


def run_query(text: str, graph: Graph) -> QueryResult:
    """Evaluate SPARQL on ``graph`` (rdflib's engine)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(_with_prefixes(text))
    except ParseException as err:
        raise KgError("E021", detail=f"line {err.lineno}, column {err.col}: {err.msg}") from err
    except Exception as err:
        raise KgError("E021", detail=" ".join(str(err).split())) from err
    # rdflib evaluates lazily: errors can surface while the rows are read, so read them here
    try:
        result = graph.query(prepared)
        kind = result.type
        if kind == "ASK":
            return QueryResult(kind, [], [], boolean=bool(result.askAnswer))
        if kind in ("CONSTRUCT", "DESCRIBE"):
            out = Graph()
            for prefix, namespace in graph.namespaces():
                out.bind(prefix, namespace)
            for triple in result.graph:
                out.add(triple)
            return QueryResult(kind, [], [], graph=out)
        return QueryResult(kind, [str(v) for v in result.vars], [tuple(row) for row in result])
    except KgError:
        raise
    except Exception as err:
        raise KgError("E022", detail=" ".join(str(err).split()) or type(err).__name__) from err


def query_files(query: str, graph_paths: Iterable[str | os.PathLike], with_ontology: bool = True) -> QueryResult:
    """Resolve ``query`` and run it over the graph files (plus the ontology, so that
    ``rdfs:subClassOf*`` paths see the class tree, as in a triplestore loaded with both)."""
    from .graphio import load_graph
    from .resources import ontology_graph

    text, _source = resolve_query(query)
    graph = load_graph(graph_paths)
    if with_ontology:
        graph += ontology_graph()
    return run_query(text, graph)


# --- output formats -------------------------------------------------------


def _plain(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _ntriples(term) -> str:
    if term is None:
        return ""
    return term.n3()


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    data = {"type": "literal", "value": str(term)}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype:
        data["datatype"] = str(term.datatype)
    return data


def format_result(result: QueryResult, fmt: str, width: Optional[int] = None) -> str:
    """Render a result: SELECT as table/csv/tsv/json, ASK as true/false, graphs as Turtle."""
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if result.graph is not None:
        return result.graph.serialize(format="turtle")
    if fmt == "json":
        bindings = [
            {var: _json_term(value) for var, value in zip(result.variables, row) if value is not None}
            for row in result.rows
        ]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(result.variables)
            writer.writerows([[_plain(v) for v in row] for row in result.rows])
        else:
            buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
            for row in result.rows:
                buffer.write("\t".join(_ntriples(v).replace("\t", "\\t").replace("\n", "\\n") for v in row) + "\n")
        return buffer.getvalue()
    if fmt == "table":
        return _table(result, width or shutil.get_terminal_size((120, 24)).columns)
    raise KgError("E031", fmt=fmt, choices=", ".join(RESULT_FORMATS))


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return short(term)
    if isinstance(term, Literal):
        return " ".join(str(term).split())
    return _plain(term)


def _table(result: QueryResult, width: int) -> str:
    header = result.variables
    cells = [[_cell(v) for v in row] for row in result.rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(header)]
    # share the terminal width: shrink the widest columns first
    budget = max(width - 3 * len(header) - 1, 10 * len(header))
    while sum(widths) > budget and max(widths) > 10:
        widest = widths.index(max(widths))
        widths[widest] -= 1

    def fit(text: str, size: int) -> str:
        return text if len(text) <= size else text[: size - 1] + "…"

    def line(values) -> str:
        return "| " + " | ".join(fit(v, w).ljust(w) for v, w in zip(values, widths)) + " |"

    rule = "+-" + "-+-".join("-" * w for w in widths) + "-+"
    out = [rule, line(header), rule.replace("-", "=")] + [line(row) for row in cells] + [rule]
    count = len(cells)
    out.append(f"{count} row{'s' if count != 1 else ''}")
    return "\n".join(out) + "\n"
