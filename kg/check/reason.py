"""Check that the ontology, with or without a data graph, is logically consistent (HermiT)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import rdflib


@dataclass(frozen=True)
class ConsistencyResult:
    """What the reasoner said: ``consistent`` is False when HermiT finds the
    graphs inconsistent or finds a named class that can have no member."""

    consistent: bool
    message: str


def check_consistency(*graphs: rdflib.Graph) -> ConsistencyResult:
    """Merge ``graphs`` (the ontology, then any data) and run HermiT on them.

    Needs ``java`` on PATH; a Java failure other than an inconsistency raises
    ``owlready2.OwlReadyJavaError``.
    """
    # owlready2 is slow to import and only this check needs it.
    import owlready2

    merged = rdflib.Graph()
    for graph in graphs:
        merged += graph
    # owlready2 reads RDF/XML and N-Triples, not Turtle.
    fd, path = tempfile.mkstemp(suffix=".owl", prefix="kg-reason-")
    os.close(fd)
    world = owlready2.World()
    try:
        merged.serialize(destination=path, format="xml")
        world.get_ontology(f"file://{path}").load()
        try:
            # xsd:date, xsd:gYear and xsd:gYearMonth are not OWL 2 datatypes:
            # without this flag HermiT aborts on nkg:date instead of reasoning.
            owlready2.sync_reasoner(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ConsistencyResult(False, "HermiT: the graphs are inconsistent with the ontology.")
        unsatisfiable = sorted(cls.iri for cls in world.inconsistent_classes())
        if unsatisfiable:
            return ConsistencyResult(
                False, "HermiT: unsatisfiable classes (can have no member): " + ", ".join(unsatisfiable)
            )
        return ConsistencyResult(True, f"HermiT: consistent ({len(merged)} triples).")
    finally:
        world.close()
        os.unlink(path)


# --- plain-words diagnosis and inference ----------------------------------------


@dataclass(frozen=True)
class Problem:
    """One logical clash, in words a user can act on."""

    node: str
    label: str | None
    message: str
    quote: str | None


def _superclasses(ontology: rdflib.Graph) -> dict:
    """Class → every class it is a subclass of (itself included), from rdfs:subClassOf."""
    from rdflib.namespace import OWL, RDFS

    direct: dict = {}
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sup, rdflib.URIRef):
            direct.setdefault(sub, set()).add(sup)
    classes = set(direct) | {c for sups in direct.values() for c in sups} | set(ontology.subjects(rdflib.RDF.type, OWL.Class))
    closure = {}
    for cls in classes:
        seen, stack = {cls}, [cls]
        while stack:
            for sup in direct.get(stack.pop(), ()):
                if sup not in seen:
                    seen.add(sup)
                    stack.append(sup)
        closure[cls] = seen
    return closure


def _disjoint_pairs(ontology: rdflib.Graph) -> set[frozenset]:
    from rdflib.collection import Collection
    from rdflib.namespace import OWL

    pairs = {frozenset((a, b)) for a, b in ontology.subject_objects(OWL.disjointWith)}
    for node in ontology.subjects(rdflib.RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(node, OWL.members)))
        pairs |= {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1 :]}
    return pairs


def diagnose(ontology: rdflib.Graph, data: rdflib.Graph) -> list[Problem]:
    """Name the nodes that break the ontology's disjointness and functional axioms.

    HermiT says whether the graphs are consistent; this says where they are not,
    with the node's label and the words it was extracted from.
    """
    from rdflib.namespace import OWL

    from ..rdf.namespaces import short
    from .validate import node_label, node_quote

    closure = _superclasses(ontology)
    disjoint = _disjoint_pairs(ontology)
    problems = []

    def describe(node) -> tuple[str | None, str | None]:
        return node_label(data, node), node_quote(data, node)

    for node in sorted(set(data.subjects(rdflib.RDF.type, None))):
        types = set()
        for cls in data.objects(node, rdflib.RDF.type):
            types |= closure.get(cls, {cls})
        for pair in sorted(disjoint, key=lambda p: sorted(map(str, p))):
            if pair <= types:
                a, b = sorted(map(short, pair))
                label, quote = describe(node)
                problems.append(Problem(short(node), label, f"is both {a} and {b}, which the ontology declares disjoint", quote))
    for prop in sorted(ontology.subjects(rdflib.RDF.type, OWL.FunctionalProperty)):
        for node in sorted(set(data.subjects(prop, None))):
            values = sorted(set(data.objects(node, prop)), key=str)
            if len(values) > 1:
                label, quote = describe(node)
                shown = ", ".join(short(v) if isinstance(v, rdflib.URIRef) else str(v) for v in values)
                problems.append(Problem(short(node), label, f"has {len(values)} values for {short(prop)} ({shown}), which the ontology declares functional (one value)", quote))
    return problems


def inferred_triples(ontology: rdflib.Graph, data: rdflib.Graph) -> rdflib.Graph:
    """The types and links the ontology entails beyond those written: every superclass
    of a node's classes, and the inverse of every link with an owl:inverseOf."""
    from rdflib.namespace import OWL

    closure = _superclasses(ontology)
    inferred = rdflib.Graph()
    for node, cls in data.subject_objects(rdflib.RDF.type):
        for sup in closure.get(cls, ()):
            if (node, rdflib.RDF.type, sup) not in data and isinstance(sup, rdflib.URIRef):
                inferred.add((node, rdflib.RDF.type, sup))
    inverses = {}
    for a, b in ontology.subject_objects(OWL.inverseOf):
        inverses[a], inverses[b] = b, a
    for prop, inverse in inverses.items():
        for s, o in data.subject_objects(prop):
            if isinstance(o, (rdflib.URIRef, rdflib.BNode)) and (o, inverse, s) not in data:
                inferred.add((o, inverse, s))
    return inferred


@dataclass
class ReasoningReport:
    consistent: bool
    reasoner_message: str
    problems: list

    def to_text(self) -> str:
        if self.consistent and not self.problems:
            return f"Consistent: yes — {self.reasoner_message}\n"
        lines = [f"Consistent: no — {self.reasoner_message}", ""]
        for number, problem in enumerate(self.problems, start=1):
            name = problem.node + (f' "{problem.label}"' if problem.label else "")
            lines.append(f"{number}. {name} {problem.message}")
            if problem.quote:
                lines.append(f"   quote: «{problem.quote}»")
        if not self.problems:
            lines.append("HermiT found the graphs inconsistent; no disjointness or functional clash was found in the data itself.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        import json
        from dataclasses import asdict

        return json.dumps({"consistent": self.consistent, "reasoner": self.reasoner_message,
                           "problems": [asdict(p) for p in self.problems]}, ensure_ascii=False, indent=2)


def reason(data: rdflib.Graph, ontology: rdflib.Graph | None = None) -> ReasoningReport:
    """HermiT's verdict on ontology + data, with the clashes named in plain words."""
    from ..resources import ontology_graph

    ontology = ontology if ontology is not None else ontology_graph()
    result = check_consistency(ontology, data)
    problems = diagnose(ontology, data)
    return ReasoningReport(result.consistent and not problems, result.message, problems)
