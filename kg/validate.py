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
        if self.conforms:
            return "Conforms: yes (0 violations)\n"
        lines = [f"Conforms: no ({len(self.results)} violation{'s' if len(self.results) != 1 else ''})", ""]
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


def _quote(data: Graph, focus) -> Optional[str]:
    quote = data.value(focus, NKG_QUOTE)
    if quote is None:
        for mention in sorted(data.objects(focus, PROV.wasDerivedFrom)):
            quote = data.value(mention, NKG_QUOTE)
            if quote is not None:
                break
    return str(quote) if quote is not None else None


def _label(data: Graph, focus) -> Optional[str]:
    for predicate in (RDFS.label, URIRef("http://purl.org/dc/terms/identifier")):
        value = data.value(focus, predicate)
        if value is not None:
            return str(value)
    return None


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
        messages = {}
        for message in results_graph.objects(node, SH.resultMessage):
            lang = message.language if isinstance(message, Literal) and message.language else ""
            messages.setdefault(lang, str(message))
        results.append(
            ValidationResult(
                focus=short(focus),
                focus_label=_label(data, focus),
                path=short(results_graph.value(node, SH.resultPath)) or None,
                value=short(results_graph.value(node, SH.value)) or None,
                severity=short(results_graph.value(node, SH.resultSeverity)).replace("sh:", ""),
                shape=short(node_shape),
                property_shape=short(property_shape) if property_shape is not None else None,
                constraint=short(results_graph.value(node, SH.sourceConstraintComponent)),
                messages=dict(sorted(messages.items())),
                quote=_quote(data, focus),
            )
        )
    results.sort(key=lambda r: (r.shape, r.focus, r.path or "", r.constraint, r.value or ""))
    return ValidationReport(bool(conforms), results, results_graph)


def validate_files(paths: Iterable[str | os.PathLike], shapes: Optional[str | os.PathLike] = None) -> ValidationReport:
    from .graphio import load_graph

    shapes_graph = load_shapes(shapes)  # fail on bad shapes before parsing a big graph
    return validate(load_graph(paths), shapes_graph)
