"""Write query answers: an aligned table for people, and the W3C SPARQL 1.1
results formats (JSON, XML, CSV, TSV) for programs; graphs (CONSTRUCT,
DESCRIBE) as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML.

Works on pyoxigraph terms, whichever engine answered, so that every engine's
answer prints the same bytes.
"""
from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
import shutil
from decimal import Decimal, InvalidOperation
from typing import Optional

import pyoxigraph as ox

from ..errors import KgError
from ..rdf.prefixes import GRAPH_PREFIXES, QUERY_PREFIXES, shorten

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")  # SELECT and ASK
GRAPH_FORMATS = {  # CONSTRUCT and DESCRIBE
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}
ALL_FORMATS = (*RESULT_FORMATS, *GRAPH_FORMATS)
XSD = QUERY_PREFIXES["xsd"]
XSD_STRING = XSD + "string"
RDF_LANGSTRING = QUERY_PREFIXES["rdf"] + "langString"
_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong")}


def python_value(term):
    """A term as a plain Python value: IRIs as str, numbers, dates and booleans typed."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value
    value = term.value
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype == XSD + "decimal":
            return Decimal(value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(value)
        if datatype == XSD + "boolean":
            return value in ("true", "1")
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(value)
        if datatype == XSD + "dateTime":
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, InvalidOperation):
        pass
    return value


# the end of an IRI that RDF/XML can write as an element name (an XML NCName)
_XML_LOCAL_NAME = re.compile(r"[^\W\d][\w.\-]*$")


def canonical_triples(triples) -> list:
    """The triples sorted, their blank nodes relabelled by RDFC-1.0 when they have any
    (an engine's labels change from run to run)."""
    triples = list(triples)
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        triples = [q.triple for q in dataset]
    return sorted(triples, key=str)


def check_format(form: str, fmt: Optional[str]) -> None:
    """Refuse (KgError E037) a format that does not apply to the answer of a ``form`` query."""
    if fmt is None:
        return
    if fmt not in ALL_FORMATS:
        raise KgError("E031", fmt=fmt, choices=", ".join(ALL_FORMATS))
    graph = form in ("CONSTRUCT", "DESCRIBE")
    if graph and fmt not in GRAPH_FORMATS:
        raise KgError("E037", form=form, answer="a graph", fmt=fmt, choices=", ".join(GRAPH_FORMATS))
    if not graph and fmt in GRAPH_FORMATS:
        raise KgError("E037", form=form, answer="rows" if form == "SELECT" else "true or false", fmt=fmt,
                      choices=", ".join(RESULT_FORMATS))


def format_result(result, fmt: Optional[str] = None, width: Optional[int] = None, terminal: bool = False) -> str:
    """Render a result in ``fmt``: SELECT and ASK in a results format (default: a
    table on a ``terminal``, else CSV), graphs in an RDF syntax (default Turtle).
    A format that does not apply to the answer is an error, never replaced."""
    check_format(result.kind, fmt)
    if result.triples is not None:
        return serialize_triples(result.triples, fmt or "ttl")
    fmt = fmt or ("table" if terminal else "csv")
    if result.kind == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        if fmt == "xml":
            return (_XML_HEAD + "  <head/>\n  <boolean>" + ("true" if result.boolean else "false") + "</boolean>\n</sparql>\n")
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "json":
        return _json(result)
    if fmt == "xml":
        return _xml(result)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([[_csv_cell(v) for v in row] for row in result.rows])
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if v is None else str(v) for v in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return _table(result, width or shutil.get_terminal_size((120, 24)).columns)


def serialize_triples(triples, fmt: str) -> str:
    """Triples in the RDF syntax ``fmt`` (:data:`GRAPH_FORMATS`), sorted, blank nodes
    labelled canonically (RDFC-1.0): same answer, same text."""
    prefixes = GRAPH_PREFIXES if fmt in ("ttl", "trig", "rdfxml") else None
    triples = canonical_triples(triples)
    if fmt == "rdfxml":
        unnamed = next((t.predicate.value for t in triples if not _XML_LOCAL_NAME.search(t.predicate.value)), None)
        if unnamed is not None:
            raise KgError("E038", fmt=fmt, detail=f"RDF/XML has no element name for the predicate <{unnamed}> "
                          "(its IRI must end with a letter or _ and name characters): choose ttl, nt or jsonld")
    try:
        data = ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
    except (ValueError, OSError, SyntaxError) as err:  # RDF/XML cannot write every predicate IRI
        raise KgError("E038", fmt=fmt, detail=" ".join(str(err).split())) from err
    text = data.decode("utf-8")
    if fmt == "jsonld":  # Oxigraph writes one line: indented, as people read it
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    return text if text.endswith("\n") or not text else text + "\n"


def row_count(result) -> str:
    """``12 rows``, saying when --limit cut the answer short."""
    count = len(result.triples) if result.triples is not None else len(result.rows)
    noun = "triple" if result.triples is not None else "row"
    text = f"{count} {noun}{'s' if count != 1 else ''}"
    return text + (" (limit reached: more exist)" if result.truncated else "")


# --- SPARQL 1.1 results formats -------------------------------------------------


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    data = {"type": "literal", "value": term.value}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        data["datatype"] = term.datatype.value
    return data


def _json(result) -> str:
    bindings = [
        {var: _json_term(value) for var, value in zip(result.variables, row) if value is not None} for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2) + "\n"


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def quoteattr(text: str) -> str:
    # html rather than xml.sax.saxutils: the latter's import costs kg query a fifth of its start
    return '"' + html.escape(text, quote=True) + '"'


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(result) -> str:
    out = [_XML_HEAD, "  <head>\n"]
    out += [f"    <variable name={quoteattr(v)}/>\n" for v in result.variables]
    out.append("  </head>\n  <results>\n")
    for row in result.rows:
        out.append("    <result>\n")
        for var, value in zip(result.variables, row):
            if value is not None:
                out.append(f"      <binding name={quoteattr(var)}>{_xml_term(value)}</binding>\n")
        out.append("    </result>\n")
    out.append("  </results>\n</sparql>\n")
    return "".join(out)


def _csv_cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


# --- a table for people ---------------------------------------------------------------


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return " ".join(term.value.split())


def _table(result, width: int) -> str:
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
    out.append(row_count(result))
    return "\n".join(out) + "\n"
