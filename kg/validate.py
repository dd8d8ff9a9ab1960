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


def validate(data: Graph, shapes: Optional[str | os.PathLike | Graph] = None, bulk_sparql: bool = True) -> ValidationReport:
    """Validate ``data`` against the shapes (default: the shapes kg ships).

    pySHACL checks the core constraints. SHACL-SPARQL constraints are, by
    default, evaluated once over the whole graph with ``$this`` as a variable,
    keeping the rows whose ``?this`` is a focus node of the shape: the same
    results as pySHACL's one query per focus node (tested on every fixture),
    at a fraction of the time, because our constraints bind ``$this`` in a
    top-level triple pattern (no MINUS, VALUES or subqueries around it).
    ``bulk_sparql=False`` lets pySHACL run them too (the reference).
    """
    import pyshacl

    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    mixed = Graph()  # the ontology mixed in, as pySHACL's ont_graph would, so that subclasses match
    mixed += data
    mixed += ontology_graph()
    core = shapes_graph
    sparql_constraints: list = []
    if bulk_sparql:
        sparql_constraints = sorted(shapes_graph.subject_objects(SH.sparql))
        core = Graph()
        for triple in shapes_graph:
            if triple[1] != SH.sparql:
                core.add(triple)
    conforms, results_graph, _text = pyshacl.validate(
        mixed,
        shacl_graph=core,
        inference="none",
        advanced=True,
        meta_shacl=False,
        allow_warnings=True,
        inplace=True,
    )
    if sparql_constraints:
        conforms = _check_sparql_in_bulk(mixed, shapes_graph, sparql_constraints, results_graph) and conforms
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


def _focus_nodes(data: Graph, shapes: Graph, shape) -> set:
    """The focus nodes of ``shape`` (SHACL targets; sh:targetClass includes subclasses)."""
    nodes = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        for sub in data.transitive_subjects(RDFS.subClassOf, cls):
            nodes.update(data.subjects(RDF.type, sub))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        nodes.update(data.subjects(prop, None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        nodes.update(data.objects(None, prop))
    return nodes


def _declared_prefixes(shapes: Graph, constraint) -> dict[str, str]:
    prefixes = {}
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                prefixes[str(prefix)] = str(namespace)
    return prefixes


def _check_sparql_in_bulk(data: Graph, shapes: Graph, constraints: list, report_graph: Graph) -> bool:
    """Evaluate each (shape, sh:SPARQLConstraint) once; add its results to the report. True if no violation."""
    import re

    from rdflib import BNode
    from rdflib.plugins.sparql import prepareQuery

    from .engines import where_group_start

    true = Literal(True)
    report = report_graph.value(None, RDF.type, SH.ValidationReport) or next(iter(report_graph.subjects(RDF.type, SH.ValidationReport)), None)
    violated = False
    for shape, constraint in constraints:
        if (shape, SH.deactivated, true) in shapes or (constraint, SH.deactivated, true) in shapes:
            continue
        focus = _focus_nodes(data, shapes, shape)
        if not focus:
            continue
        text = re.sub(r"\$this\b", "?this", str(shapes.value(constraint, SH.select)))
        # the focus nodes as a VALUES block opening the WHERE group: joined first,
        # so the engine starts from them as pySHACL's pre-binding does
        at = where_group_start(text)
        values = "VALUES ?this { " + " ".join(node.n3() for node in sorted(focus)) + " } "
        query = prepareQuery(text[:at] + values + text[at:], initNs=_declared_prefixes(shapes, constraint))
        severity = shapes.value(shape, SH.severity) or SH.Violation
        is_property_shape = shapes.value(shape, SH.path) is not None
        templates = list(shapes.objects(constraint, SH.message)) or list(shapes.objects(shape, SH.message))
        seen = set()
        for row in data.query(query):
            bound = {name: value for name, value in row.asdict().items() if value is not None}
            this = bound.pop("this", None)
            if this not in focus:
                continue
            path, value = bound.pop("path", None), bound.pop("value", None)
            if value is None and not is_property_shape:
                value = this  # as pySHACL: a node shape's value is its focus node
            key = (this, path, value, tuple(sorted(bound.items())))
            if key in seen:
                continue
            seen.add(key)
            variables = {**bound, "this": this, **({"path": path} if path is not None else {}), **({"value": value} if value is not None else {})}
            result = BNode()
            report_graph.add((result, RDF.type, SH.ValidationResult))
            report_graph.add((result, SH.focusNode, this))
            report_graph.add((result, SH.resultSeverity, severity))
            report_graph.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            report_graph.add((result, SH.sourceShape, shape))
            report_graph.add((result, SH.sourceConstraint, constraint))
            if value is not None:
                report_graph.add((result, SH.value, value))
            if path is not None:
                report_graph.add((result, SH.resultPath, path))
            for template in templates:
                message = str(template)
                for name, bound_value in variables.items():
                    message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", str(bound_value).replace("\\", "\\\\"), message)
                lang = template.language if isinstance(template, Literal) else None
                report_graph.add((result, SH.resultMessage, Literal(message, lang=lang)))
            if report is not None:
                report_graph.add((report, SH.result, result))
            violated = violated or severity == SH.Violation
    if violated and report is not None:
        report_graph.set((report, SH.conforms, Literal(False)))
    return not violated


def node_shape_names(shapes: Graph) -> list[str]:
    return sorted(short(s) for s in shapes.subjects(RDF.type, SH.NodeShape))


def validate_files(paths: Iterable[str | os.PathLike], shapes: Optional[str | os.PathLike] = None) -> ValidationReport:
    from .graphio import load_graph

    shapes_graph = load_shapes(shapes)  # fail on bad shapes before parsing a big graph
    return validate(load_graph(paths), shapes_graph)
