"""Validate a graph against the SHACL shapes with pySHACL, and report it readably.

The ontology is mixed into the data graph (pySHACL's ``ont_graph``) so that a
subclass satisfies ``sh:class`` of its superclass; no RDFS inference is run,
because range axioms would then make every ``sh:class`` check pass.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SH

from .errors import KgError
from .namespaces import NKG, short
from .resources import ontology_graph, resource_path

NKG_QUOTE = NKG.quote


@dataclass
class ValidationResult:
    """One violation: what is wrong, where, and the text it came from."""

    focus: str
    focus_label: Optional[str]
    path: Optional[str]
    value: Optional[str]
    severity: str
    shape: str  # the node shape (named), e.g. nkgsh:MentionShape
    property_shape: Optional[str]
    constraint: str
    messages: dict[str, str] = field(default_factory=dict)  # language → message
    quote: Optional[str] = None

    @property
    def message(self) -> str:
        return self.messages.get("en") or self.messages.get("") or next(iter(self.messages.values()), "")


@dataclass
class ValidationReport:
    conforms: bool
    results: list[ValidationResult]
    results_graph: Graph

    def to_json(self) -> str:
        data = {"conforms": self.conforms, "results": [asdict(r) | {"message": r.message} for r in self.results]}
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)

    def to_text(self) -> str:
        violations = sum(1 for r in self.results if r.severity == "Violation")
        others = len(self.results) - violations
        counts = f"{violations} violation{'s' if violations != 1 else ''}" + (
            f", {others} warning{'s' if others != 1 else ''}" if others else ""
        )
        if not self.results:
            return f"Conforms: yes ({counts})\n"
        lines = [f"Conforms: {'yes' if self.conforms else 'no'} ({counts})", ""]
        for number, r in enumerate(self.results, start=1):
            focus = r.focus + (f' "{r.focus_label}"' if r.focus_label else "")
            lines.append(f"{number}. [{r.severity}] {r.shape}" + (f" / {r.property_shape}" if r.property_shape else ""))
            lines.append(f"   focus:   {focus}")
            if r.path:
                lines.append(f"   path:    {r.path}")
            if r.value:
                lines.append(f"   value:   {r.value}")
            lines.append(f"   message: {r.message}")
            if r.quote:
                lines.append(f"   quote:   «{r.quote}»")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def to_turtle(self) -> str:
        return self.results_graph.serialize(format="turtle")

    def to_junit(self, node_shapes: list[str], extra_cases: list[tuple[str, str | None]] = ()) -> str:
        """JUnit XML for CI systems: one test case per node shape, failing with its
        violations; ``extra_cases`` are (name, failure text or None) pairs (the reasoner)."""
        from xml.sax.saxutils import escape, quoteattr

        by_shape: dict[str, list[ValidationResult]] = {}
        for result in self.results:
            by_shape.setdefault(result.shape, []).append(result)
        cases = []
        for shape in sorted(set(node_shapes) | set(by_shape)):
            failures = [r for r in by_shape.get(shape, []) if r.severity == "Violation"]
            body = ""
            if failures:
                details = "\n".join(
                    f"{r.focus}{f' ({r.focus_label})' if r.focus_label else ''} {r.path or ''}: {r.message}"
                    + (f" «{r.quote}»" if r.quote else "") for r in failures
                )
                body = f"<failure message={quoteattr(f'{len(failures)} violation(s) of {shape}')}>{escape(details)}</failure>"
            cases.append(f'  <testcase classname="kg.shapes" name={quoteattr(shape)}>{body}</testcase>')
        for name, failure in extra_cases:
            body = f"<failure message={quoteattr(name + ' failed')}>{escape(failure)}</failure>" if failure else ""
            cases.append(f'  <testcase classname="kg.reasoner" name={quoteattr(name)}>{body}</testcase>')
        failed = sum(1 for case in cases if "<failure" in case)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuite name="kg validate" tests="{len(cases)}" failures="{failed}" errors="0">\n'
            + "\n".join(cases) + "\n</testsuite>\n"
        )


def load_shapes(shapes: Optional[str | os.PathLike] = None) -> Graph:
    """Parse a shapes file, or every .ttl file of a shapes directory (default: shapes/)."""
    location = Path(shapes) if shapes else resource_path("shapes")
    files = sorted(location.glob("*.ttl")) if location.is_dir() else [location]
    if not files or not all(f.is_file() for f in files):
        raise KgError("E012", path=str(location), detail="no shapes file (.ttl) found")
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except Exception as err:
            raise KgError("E012", path=str(path), detail=" ".join(str(err).split())) from err
    return graph


def _node_shape(shapes: Graph, shape) -> tuple[object, Optional[object]]:
    """(node shape, property shape or None) for a result's sh:sourceShape."""
    owners = sorted(shapes.subjects(SH.property, shape))
    if owners:
        return owners[0], shape
    return shape, None


def node_quote(data: Graph, focus) -> Optional[str]:
    """The words a node was extracted from: its own quote, or its first mention's."""
    quote = data.value(focus, NKG_QUOTE)
    if quote is None:
        for mention in sorted(data.objects(focus, PROV.wasDerivedFrom)):
            quote = data.value(mention, NKG_QUOTE)
            if quote is not None:
                break
    return str(quote) if quote is not None else None


def node_label(data: Graph, focus) -> Optional[str]:
    """A node's label, or an article's identifier."""
    for predicate in (RDFS.label, URIRef("http://purl.org/dc/terms/identifier")):
        value = data.value(focus, predicate)
        if value is not None:
            return str(value)
    return None


def _messages(shapes: Graph, results: Graph, node) -> dict[str, str]:
    """The result's messages by language. pySHACL drops the language tag of
    SPARQL messages once it fills their variables in: give each untagged message
    the language of the shape's template that it starts like."""
    templates = {}
    for source in (results.value(node, SH.sourceConstraint), results.value(node, SH.sourceShape)):
        for template in shapes.objects(source, SH.message) if source is not None else ():
            if isinstance(template, Literal) and template.language:
                templates.setdefault(template.language, str(template).split("{")[0][:25])
    messages: dict[str, str] = {}
    for message in sorted(results.objects(node, SH.resultMessage), key=str):
        lang = message.language if isinstance(message, Literal) and message.language else ""
        if not lang:
            lang = next((code for code, start in sorted(templates.items()) if str(message).startswith(start)), "")
        messages.setdefault(lang, str(message))
    return dict(sorted(messages.items()))


def validate(data: Graph, shapes: Optional[str | os.PathLike | Graph] = None) -> ValidationReport:
    """Validate ``data`` against the shapes (default: the shapes kg ships)."""
    import pyshacl

    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    conforms, results_graph, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph,
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        meta_shacl=False,
        allow_warnings=True,
    )
    results = []
    for node in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(node, SH.focusNode)
        node_shape, property_shape = _node_shape(shapes_graph, results_graph.value(node, SH.sourceShape))
        messages = _messages(shapes_graph, results_graph, node)
        results.append(
            ValidationResult(
                focus=short(focus),
                focus_label=node_label(data, focus),
                path=short(results_graph.value(node, SH.resultPath)) or None,
                value=short(results_graph.value(node, SH.value)) or None,
                severity=short(results_graph.value(node, SH.resultSeverity)).replace("sh:", ""),
                shape=short(node_shape),
                property_shape=short(property_shape) if property_shape is not None else None,
                constraint=short(results_graph.value(node, SH.sourceConstraintComponent)),
                messages=messages,
                quote=node_quote(data, focus),
            )
        )
    results.sort(key=lambda r: (r.shape, r.focus, r.path or "", r.constraint, r.value or ""))
    return ValidationReport(bool(conforms), results, results_graph)


def node_shape_names(shapes: Graph) -> list[str]:
    return sorted(short(s) for s in shapes.subjects(RDF.type, SH.NodeShape))


def validate_files(paths: Iterable[str | os.PathLike], shapes: Optional[str | os.PathLike] = None) -> ValidationReport:
    from .graphio import load_graph

    shapes_graph = load_shapes(shapes)  # fail on bad shapes before parsing a big graph
    return validate(load_graph(paths), shapes_graph)
