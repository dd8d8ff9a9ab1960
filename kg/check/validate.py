"""Validate a graph against the SHACL shapes, and report it readably.

Two engines check the core constraints: ``shacl`` (the default, a SHACL engine
in Rust from PyPI, chosen by bench/shacl_engines.py: it passes the W3C core
suite and gives pySHACL's results on every fixture, in a small fraction of its
time and memory) and ``pyshacl`` (the reference). Whatever the engine, the
SHACL-SPARQL constraints are evaluated once each over the whole graph on
Oxigraph, and messages come from the shapes' ``sh:message``: the two engines
give the same report (tests/test_validate_engines.py).

The ontology is mixed into the data graph (pySHACL's ``ont_graph``) so that a
subclass satisfies ``sh:class`` of its superclass; no RDFS inference is run,
because range axioms would then make every ``sh:class`` check pass.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Optional

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, RDF, RDFS, SH

from ..errors import KgError
from ..rdf.graphio import PARSE_ERRORS, oxigraph_source, parse_error
from ..rdf.namespaces import NKG, short
from ..resources import ontology_files, ontology_graph, resource_path

NKG_QUOTE = NKG.quote
DCTERMS_IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")
ENGINES = ("shacl", "pyshacl")
DEFAULT_ENGINE = "shacl"
# severities that --allow-warnings lets pass (pySHACL's allow_warnings)
SOFT_SEVERITIES = frozenset({SH.Warning, SH.Info})


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


@dataclass(frozen=True)
class Finding:
    """One result as RDF terms, whichever engine found it (rdflib terms; ``path``
    is the path's IRI, or the path in SPARQL syntax when it is not a single IRI)."""

    focus: object
    path: object
    value: object
    source_shape: object
    component: URIRef
    severity: URIRef
    source_constraint: object = None
    messages: tuple = ()  # (Literal, ...)
    root_shape: object = None  # the named shape above a blank source shape (as the engine saw it)


@dataclass
class ValidationReport:
    conforms: bool
    results: list[ValidationResult]
    findings: list[Finding] = field(default_factory=list, repr=False)

    @cached_property
    def results_graph(self) -> Graph:
        """The SHACL validation report as an RDF graph."""
        graph = Graph()
        graph.bind("sh", str(SH))
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for finding in self.findings:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.focusNode, finding.focus))
            graph.add((node, SH.resultSeverity, finding.severity))
            graph.add((node, SH.sourceConstraintComponent, finding.component))
            graph.add((node, SH.sourceShape, finding.source_shape))
            for predicate, term in ((SH.value, finding.value), (SH.sourceConstraint, finding.source_constraint)):
                if term is not None:
                    graph.add((node, predicate, term))
            if isinstance(finding.path, URIRef):
                graph.add((node, SH.resultPath, finding.path))
            for message in finding.messages:
                graph.add((node, SH.resultMessage, message))
        return graph

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
    """Parse a shapes file, or every .ttl file of a shapes directory (default: shapes/),
    literals as written (rdflib's parser would make ``"1"^^xsd:boolean`` true)."""
    import pyoxigraph as ox

    location = Path(shapes) if shapes else resource_path("shapes")
    files = sorted(location.glob("*.ttl")) if location.is_dir() else [location]
    if not files or not all(f.is_file() for f in files):
        raise KgError("E012", path=str(location), detail="no shapes file (.ttl) found")
    graph = Graph()
    for path in files:
        try:
            for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri(),
                                   rename_blank_nodes=True):
                graph.add((exact_term(triple.subject), exact_term(triple.predicate), exact_term(triple.object)))
        except (SyntaxError, OSError, ValueError) as err:
            raise KgError("E012", path=str(path), detail=" ".join(str(err).split())) from err
    return graph


def exact_term(node):
    """The rdflib term of a pyoxigraph term, a literal as written."""
    import pyoxigraph as ox

    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language, normalize=False)
    datatype = node.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(node.value)
    return Literal(node.value, datatype=URIRef(datatype), normalize=False)


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
    for predicate in (RDFS.label, DCTERMS_IDENTIFIER):
        value = data.value(focus, predicate)
        if value is not None:
            return str(value)
    return None


# --- the data, as each engine reads it -----------------------------------------


class GraphData:
    """The data graph with the ontology mixed in, read lazily in the forms the
    engines need: N-Triples for ``shacl`` (literals as written), an rdflib Graph
    for ``pyshacl``, an Oxigraph store for the SHACL-SPARQL constraints.

    Made from graph files (each parsed by Oxigraph's parsers) or from an rdflib
    Graph (the Python API, the tests)."""

    def __init__(self, paths: Iterable[str | os.PathLike] = (), graph: Optional[Graph] = None,
                 with_ontology: bool = True):
        from ..rdf.graphio import graph_paths

        self.graph = graph
        self.paths = [] if graph is not None else graph_paths(paths)
        self.with_ontology = with_ontology

    def single_text(self) -> Optional[tuple[str, str, Path]]:
        """(text, format, path) of one Turtle or N-Triples file with the ontology
        appended as N-Triples (absolute IRIs and fresh blank node labels, so that
        the data's prefixes, base and line numbers are kept); None for other inputs."""
        import pyoxigraph as ox

        from ..rdf.graphio import rdf_format

        if self.graph is not None or len(self.paths) != 1 or rdf_format(self.paths[0]) not in ("turtle", "nt"):
            return None
        path = self.paths[0]
        try:
            text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError) as err:
            raise KgError("E010", path=str(path), detail=" ".join(str(err).split())) from err
        if self.with_ontology:
            ontology = b"".join(
                ox.serialize(_parse(source, fmt, rename_blank_nodes=True), format=ox.RdfFormat.N_TRIPLES)
                for source, fmt in self._sources()[1:]
            )
            text += "\n" + ontology.decode("utf-8")
        return text, "turtle" if rdf_format(path) == "turtle" else "ntriples", path

    def write_ntriples(self, target: Path) -> None:
        """Data and ontology as one N-Triples file, blank nodes kept apart per file."""
        import pyoxigraph as ox

        from ..rdf.oxigraph import to_oxigraph

        with target.open("wb") as out:
            if self.graph is not None:
                triples = (ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self.graph)
                ox.serialize(triples, out, format=ox.RdfFormat.N_TRIPLES)
            for path, fmt in self._sources():
                quads = _parse(path, fmt, rename_blank_nodes=True)
                ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), out,
                             format=ox.RdfFormat.N_TRIPLES)

    def _sources(self) -> list[tuple[Path, object]]:
        import pyoxigraph as ox

        from ..rdf.oxigraph import OX_FORMATS
        from ..rdf.graphio import rdf_format

        files = [(path, OX_FORMATS[rdf_format(path)]) for path in self.paths]
        return files + [(path, ox.RdfFormat.TURTLE) for path in (ontology_files() if self.with_ontology else ())]

    @cached_property
    def store(self):
        """An in-memory Oxigraph store of data and ontology (named graphs kept:
        queries see their union). Its values are Oxigraph's (it shortens derived
        integer datatypes such as xsd:nonNegativeInteger to xsd:integer)."""
        import pyoxigraph as ox

        from ..rdf.oxigraph import to_oxigraph

        store = ox.Store()
        if self.graph is not None:
            store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self.graph)
        for path, fmt in self._sources():
            try:
                store.bulk_load(**oxigraph_source(path), format=fmt)
            except PARSE_ERRORS as err:
                raise parse_error(path, err) from err
        return store

    @cached_property
    def rdflib_graph(self) -> Graph:
        from ..rdf.graphio import load_graph

        mixed = Graph()
        mixed += self.graph if self.graph is not None else load_graph(self.paths)
        if self.with_ontology:
            mixed += ontology_graph()
        return mixed


def _parse(path: Path, fmt, **options):
    """Oxigraph's parser over one file, its errors as E010."""
    import pyoxigraph as ox

    source = oxigraph_source(path)
    try:
        yield from ox.parse(**source, format=fmt, **options)
    except PARSE_ERRORS as err:
        raise parse_error(path, err) from err


# --- paths --------------------------------------------------------------------


def path_text(graph: Graph, node) -> str:
    """A SHACL path node in SPARQL property-path syntax (full IRIs)."""
    if isinstance(node, URIRef):
        return node.n3()
    if graph.value(node, RDF.first) is not None:
        return "(" + "/".join(path_text(graph, item) for item in Collection(graph, node)) + ")"
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(node, predicate)
        if inner is not None:
            return f"({path_text(graph, inner)}){suffix}"
    inner = graph.value(node, SH.inversePath)
    if inner is not None:
        return "^" + path_text(graph, inner)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, item) for item in Collection(graph, alternatives)) + ")"
    return str(node)


def sparql_path_text(text: str) -> str:
    """A SPARQL property path (IRIs in <>) in path_text's spelling: one pair of
    brackets around each sequence, alternative and repetition."""
    tokens = re.findall(r"<[^>]*>|[()^/|*+?]", text)
    if not tokens:
        return ""
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else None

    def take():
        nonlocal position
        position += 1
        return tokens[position - 1]

    def group(separator: str, item) -> str:
        items = [item()]
        while peek() == separator:
            take()
            items.append(item())
        return items[0] if len(items) == 1 else "(" + separator.join(items) + ")"

    def unary() -> str:
        if peek() == "^":
            take()
            return "^" + unary()
        if peek() == "(":
            take()
            inner = alternative()
            take()
        else:
            inner = take() or ""
        while peek() in ("*", "+", "?"):
            inner = f"({inner}){take()}"
        return inner

    def alternative() -> str:
        return group("|", lambda: group("/", unary))

    return alternative()


def _path_term(text: Optional[str]):
    """A path as Finding keeps it: the IRI of a one-step path, else its SPARQL text."""
    if not text:
        return None
    return URIRef(text[1:-1]) if re.fullmatch(r"<[^<>]*>", text) else text


# --- the engines: core constraints --------------------------------------------


def _core_shapes(shapes: Graph) -> Graph:
    """The shapes without their SHACL-SPARQL constraints (kg evaluates those in bulk)."""
    core = Graph()
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


def _shape_messages(shapes: Graph, shape, component, value) -> tuple:
    """The shape's sh:message, else kg's own words (the same whatever the engine)."""
    messages = tuple(sorted(shapes.objects(shape, SH.message), key=lambda m: (m.language or "", str(m))))
    if messages:
        return messages
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return (Literal(f"{name} constraint not met" + (f" by {short(value)}" if value is not None else "")),)


def _core_with_shacl(data: GraphData, core: Graph) -> list[Finding]:
    try:
        import shacl
    except ImportError as err:  # an install without it: say what to do
        raise KgError("E043", engine="shacl", detail="the package is not installed (pip install shacl)") from err
    try:
        compiled = shacl.Shapes.from_text(core.serialize(format="nt"), format="ntriples")
    except ValueError as err:
        raise KgError("E012", path="the shapes", detail=" ".join(str(err).split())) from err
    single = data.single_text()
    try:
        if single is not None:
            text, fmt, path = single
            try:
                report = compiled.validate_text(text, format=fmt, base=path.resolve().as_uri(), allow_warnings=True)
            except ValueError as err:  # the data does not parse: the line numbers are the file's
                raise KgError("E010", path=str(path), detail=" ".join(str(err).split())) from err
            del text, single
        else:
            with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
                target = Path(tmp) / "data.nt"
                data.write_ntriples(target)
                report = compiled.validate_file(str(target), allow_warnings=True)
    except (ValueError, OSError, RuntimeError) as err:
        raise KgError("E043", engine="shacl", detail=" ".join(str(err).split())) from err
    results = report.results
    terms = _terms_of([t for r in results for t in (r.focus_node, r.value, r.source_shape, r.root_shape)])
    findings = []
    for r in results:
        shape, value, component = terms.get(r.source_shape) or BNode(), terms.get(r.value), URIRef(r.component_iri)
        findings.append(Finding(
            focus=terms[r.focus_node], path=_path_term(sparql_path_text(r.path) if r.path else None), value=value,
            source_shape=shape, component=component, severity=URIRef(r.severity_iri),
            messages=_shape_messages(core, shape, component, value), root_shape=terms.get(r.root_shape),
        ))
    return findings


def _terms_of(texts: list[Optional[str]]) -> dict:
    """rdflib terms of N-Triples terms (literals as written), parsed in one document."""
    import pyoxigraph as ox

    unique = sorted({t for t in texts if t})
    if not unique:
        return {}
    document = "".join(f"<urn:kg:t> <urn:kg:i> {text} .\n" if not text.startswith("_:") else "" for text in unique)
    parsed = [exact_term(q.object) for q in ox.parse(document.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)]
    terms = dict(zip([t for t in unique if not t.startswith("_:")], parsed))
    terms.update({t: BNode(t[2:]) for t in unique if t.startswith("_:")})
    return terms


def _core_with_pyshacl(data: GraphData, shapes: Graph) -> list[Finding]:
    """pySHACL's results; with SHACL-SPARQL constraints in ``shapes``, pySHACL runs
    them too (once per focus node)."""
    import pyshacl

    _conforms, report, _text = pyshacl.validate(
        data.rdflib_graph, shacl_graph=shapes, inference="none", advanced=True, meta_shacl=False,
        allow_warnings=True, inplace=True,
    )
    findings = []
    top = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    for node in report.objects(top, SH.result):
        shape = report.value(node, SH.sourceShape)
        path = report.value(node, SH.resultPath)
        if path is not None and not isinstance(path, URIRef):
            path = path_text(report if (path, None, None) in report else shapes, path)
        constraint = report.value(node, SH.sourceConstraint)
        value, component = report.value(node, SH.value), report.value(node, SH.sourceConstraintComponent)
        if constraint is not None:
            messages = _sparql_messages(shapes, constraint, report, node)
        else:
            messages = _shape_messages(shapes, shape, component, value)
        findings.append(Finding(
            focus=report.value(node, SH.focusNode), path=path, value=value, source_shape=shape, component=component,
            severity=report.value(node, SH.resultSeverity), source_constraint=constraint, messages=messages,
        ))
    return findings


def _sparql_messages(shapes: Graph, constraint, report: Graph, node) -> tuple:
    """pySHACL's messages of a SHACL-SPARQL result, with their languages: pySHACL
    drops the tag once it fills a template's variables in, so each message gets
    the language of the template it starts like."""
    starts = {}
    for template in shapes.objects(constraint, SH.message):
        if isinstance(template, Literal) and template.language:
            starts.setdefault(template.language, str(template).split("{")[0][:25])
    messages = []
    for message in sorted(report.objects(node, SH.resultMessage), key=str):
        lang = message.language if isinstance(message, Literal) else None
        lang = lang or next((code for code, start in sorted(starts.items()) if str(message).startswith(start)), None)
        messages.append(Literal(str(message), lang=lang))
    return tuple(messages)


# --- SHACL-SPARQL constraints, in bulk on Oxigraph -----------------------------


def _focus_nodes(store, shapes: Graph, shape) -> set:
    """The focus nodes of ``shape`` as pyoxigraph terms (sh:targetClass includes subclasses)."""
    from ..rdf.oxigraph import to_oxigraph

    nodes = {to_oxigraph(node) for node in shapes.objects(shape, SH.targetNode)}
    queries = [f"SELECT DISTINCT ?n WHERE {{ ?n a/<{RDFS.subClassOf}>* <{cls}> }}"
               for cls in shapes.objects(shape, SH.targetClass)]
    queries += [f"SELECT DISTINCT ?n WHERE {{ ?n <{p}> [] }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    queries += [f"SELECT DISTINCT ?n WHERE {{ [] <{p}> ?n }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    for query in queries:
        nodes.update(row[0] for row in store.query(query, use_default_graph_as_union=True))
    return nodes


def _declared_prefixes(shapes: Graph, constraint) -> dict[str, str]:
    prefixes = {}
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                prefixes[str(prefix)] = str(namespace)
    return prefixes


def _sparql_in_bulk(store, shapes: Graph) -> list[Finding]:
    """Each (shape, sh:SPARQLConstraint) evaluated once over the whole graph with
    ``$this`` a variable, keeping the rows whose ``?this`` is a focus node of the
    shape: pySHACL's results with one query per focus node (tested on every
    fixture), because kg's constraints bind ``$this`` in a top-level triple
    pattern (no MINUS, VALUES or subqueries around it)."""
    from ..rdf.graphio import rdflib_term

    true = Literal(True)
    findings = []
    focus_of: dict = {}
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        if (shape, SH.deactivated, true) in shapes or (constraint, SH.deactivated, true) in shapes:
            continue
        text = re.sub(r"\$this\b", "?this", str(shapes.value(constraint, SH.select)))
        try:
            answer = store.query(text, prefixes=_declared_prefixes(shapes, constraint), use_default_graph_as_union=True)
            names = [variable.value for variable in answer.variables]
            rows = list(answer)
        except (SyntaxError, OSError, ValueError, RuntimeError) as err:
            raise KgError("E012", path=short(constraint), detail=" ".join(str(err).split())) from err
        if not rows:  # the usual case: no need to know the focus nodes
            continue
        if shape not in focus_of:
            focus_of[shape] = _focus_nodes(store, shapes, shape)
        focus = focus_of[shape]
        severity = shapes.value(shape, SH.severity) or SH.Violation
        is_property_shape = shapes.value(shape, SH.path) is not None
        templates = list(shapes.objects(constraint, SH.message)) or list(shapes.objects(shape, SH.message))
        seen = set()
        for row in rows:
            bound = {name: row[name] for name in names if row[name] is not None}
            this = bound.pop("this", None)
            if this not in focus:
                continue
            path, value = bound.pop("path", None), bound.pop("value", None)
            if value is None and not is_property_shape:
                value = this  # as pySHACL: a node shape's value is its focus node
            key = (this, path, value, tuple(sorted((k, str(v)) for k, v in bound.items())))
            if key in seen:
                continue
            seen.add(key)
            variables = {**bound, "this": this, **({"path": path} if path is not None else {}),
                         **({"value": value} if value is not None else {})}
            messages = []
            for template in templates:
                message = str(template)
                for name, term in variables.items():
                    message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", term.value.replace("\\", "\\\\"), message)
                messages.append(Literal(message, lang=template.language if isinstance(template, Literal) else None))
            findings.append(Finding(
                focus=rdflib_term(this), path=rdflib_term(path) if path is not None else None,
                value=rdflib_term(value) if value is not None else None, source_shape=shape,
                component=SH.SPARQLConstraintComponent, severity=severity, source_constraint=constraint,
                messages=tuple(messages),
            ))
    return findings


# --- the report ---------------------------------------------------------------


def _messages(messages: tuple) -> dict[str, str]:
    found: dict[str, str] = {}
    for message in sorted(messages, key=str):
        found.setdefault(message.language if isinstance(message, Literal) and message.language else "", str(message))
    return dict(sorted(found.items()))


def _store_value(store, node, predicate):
    """The smallest object of (node, predicate) in the store, as text (None if none)."""
    import pyoxigraph as ox

    values = sorted(q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(str(predicate)), None))
    return values[0] if values else None


def _describe(store, focus) -> tuple[Optional[str], Optional[str]]:
    """(label, quote) of a focus node, as node_label and node_quote read them."""
    import pyoxigraph as ox

    from ..rdf.oxigraph import to_oxigraph

    node = to_oxigraph(focus)
    if isinstance(node, ox.Literal):
        return None, None
    label = _store_value(store, node, RDFS.label) or _store_value(store, node, DCTERMS_IDENTIFIER)
    quote = _store_value(store, node, NKG_QUOTE)
    if quote is None:
        derived = sorted((q.object for q in store.quads_for_pattern(node, ox.NamedNode(str(PROV.wasDerivedFrom)), None)
                          if not isinstance(q.object, ox.Literal)), key=lambda t: t.value)
        for mention in derived:
            quote = _store_value(store, mention, NKG_QUOTE)
            if quote is not None:
                break
    return label, quote


def core_findings(data: GraphData, shapes: Graph, engine: str = DEFAULT_ENGINE) -> list[Finding]:
    """What ``engine`` finds against the shapes' core constraints (their SHACL-SPARQL
    constraints left out)."""
    core = _core_shapes(shapes)
    return (_core_with_shacl if engine == "shacl" else _core_with_pyshacl)(data, core)


def validate(
    data: Graph | GraphData,
    shapes: Optional[str | os.PathLike | Graph] = None,
    *,
    engine: str = DEFAULT_ENGINE,
    allow_warnings: bool = False,
    bulk_sparql: bool = True,
) -> ValidationReport:
    """Validate ``data`` (an rdflib Graph, or GraphData of graph files) against
    the shapes (default: the shapes kg ships).

    ``engine`` checks the core constraints: "shacl" (default) or "pyshacl" (the
    reference). The SHACL-SPARQL constraints run once each on Oxigraph;
    ``bulk_sparql=False`` lets pySHACL run them, once per focus node (the
    reference for the bulk evaluation; slow). As SHACL and pySHACL say, any
    result makes the graph not conform; ``allow_warnings`` lets results of
    severity Warning or Info pass.
    """
    if engine not in ENGINES:
        raise KgError("E043", engine=engine, detail=f"unknown engine: choose one of {', '.join(ENGINES)}")
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    data = data if isinstance(data, GraphData) else GraphData(graph=data)
    if not bulk_sparql:
        findings = _core_with_pyshacl(data, shapes_graph)
    else:
        # one after the other: the engine's copy of the graph is freed before
        # Oxigraph's is made (side by side in two threads: no faster on two busy
        # cores, and half as much memory again)
        findings = core_findings(data, shapes_graph, engine)
        findings += _sparql_in_bulk(data.store, shapes_graph)
    owners = {}
    for node_shape, property_shape in shapes_graph.subject_objects(SH.property):
        owners[property_shape] = min(owners.get(property_shape, node_shape), node_shape)
    described = {}
    results = []
    for finding in findings:
        if finding.focus not in described:
            described[finding.focus] = _describe(data.store, finding.focus)
        label, quote = described[finding.focus]
        # a blank property shape has no name to show (each parser labels it its own way)
        owner = owners.get(finding.source_shape)
        if owner is None and isinstance(finding.source_shape, BNode) and finding.root_shape is not None:
            owner = finding.root_shape  # the engine's label for a blank shape: name its named owner
        named = owner is not None and not isinstance(finding.source_shape, BNode)
        path = finding.path
        results.append(ValidationResult(
            focus=short(finding.focus),
            focus_label=label,
            path=(short(path) if isinstance(path, URIRef) else path) or None,
            value=short(finding.value) or None,
            severity=short(finding.severity).replace("sh:", ""),
            shape=short(owner if owner is not None else finding.source_shape),
            property_shape=short(finding.source_shape) if named else None,
            constraint=short(finding.component),
            messages=_messages(finding.messages),
            quote=quote,
        ))
    results.sort(key=lambda r: (r.shape, r.focus, r.path or "", r.constraint, r.value or ""))
    conforms = all(f.severity in SOFT_SEVERITIES for f in findings) if allow_warnings else not findings
    return ValidationReport(conforms, results, findings)


def node_shape_names(shapes: Graph) -> list[str]:
    return sorted(short(s) for s in shapes.subjects(RDF.type, SH.NodeShape))


def validate_files(
    paths: Iterable[str | os.PathLike],
    shapes: Optional[str | os.PathLike | Graph] = None,
    *,
    engine: str = DEFAULT_ENGINE,
    allow_warnings: bool = False,
) -> ValidationReport:
    """Validate graph files (default out/graph.ttl): each is read by Oxigraph's
    parsers, never into rdflib unless the engine is pySHACL."""
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)  # bad shapes fail first
    return validate(GraphData(paths), shapes_graph, engine=engine, allow_warnings=allow_warnings)
