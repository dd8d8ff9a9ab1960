"""What a graph says, per article, in the terms the gold is scored in.

Reads any graph that follows the public vocabulary (kg's own, or another
tool's): Actor and Place nodes with their labels, Events with their roles and
values, Claims with their speakers, each with the spans (article, start, end)
of the mentions it was derived from. Nothing here depends on how kg built it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ..rdf.namespaces import NKG
from .gold import COUNTS, ROLES, normalize_name

Span = tuple[int, int]


@dataclass
class NodeView:
    """An Actor or Place node."""

    iri: str
    label: str
    classes: frozenset[str]  # local names of its nkg classes, with their superclasses
    asserted: frozenset[str]  # local names of the nkg classes it is typed with
    names: frozenset[str]  # its labels, normalized
    spans: dict[str, list[Span]] = field(default_factory=dict)  # article → mention spans


@dataclass
class EventView:
    iri: str
    label: str
    event_class: str  # the most specific nkg class it is typed with
    spans: dict[str, list[Span]]
    roles: dict[str, list[str]]  # role → filler IRIs
    values: dict[str, list[str]]  # date / count property → lexical values

    def weight(self) -> int:
        return sum(map(len, self.roles.values())) + sum(map(len, self.values.values()))


@dataclass
class ClaimView:
    iri: str
    label: str
    claim_type: str
    spans: dict[str, list[Span]]
    claimants: list[str]
    accused: list[str]
    reported_by: list[str]

    def weight(self) -> int:
        return len(self.claimants) + len(self.accused) + len(self.reported_by)


@dataclass
class GraphView:
    texts: dict[str, str]  # article identifier → its text (nkg:text), where the graph has it
    nodes: dict[str, NodeView]
    events: dict[str, EventView]
    claims: dict[str, ClaimView]
    located_in: dict[str, frozenset[str]]  # place → every place it lies in (transitively)

    def nodes_in(self, article: str) -> list[NodeView]:
        return [n for n in self.nodes.values() if article in n.spans]

    def events_in(self, article: str) -> list[EventView]:
        return [e for e in self.events.values() if article in e.spans]

    def claims_in(self, article: str) -> list[ClaimView]:
        return [c for c in self.claims.values() if article in c.spans]


def _local(iri) -> str:
    text = str(iri)
    return text[len(str(NKG)):] if text.startswith(str(NKG)) else text


def _ancestors(graph: Graph) -> dict[str, frozenset[str]]:
    """Each class (local name) with itself and every superclass, from the graph and the ontology."""
    from ..resources import ontology_graph

    parents: dict[str, set[str]] = defaultdict(set)
    for source in (ontology_graph(), graph):
        for sub, sup in source.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                parents[_local(sub)].add(_local(sup))
    closed: dict[str, frozenset[str]] = {}

    def up(cls: str, path: frozenset[str] = frozenset()) -> frozenset[str]:
        if cls not in closed:
            found = {cls}
            for parent in parents.get(cls, ()):
                if parent not in path:  # a cycle in someone's ontology must not loop
                    found |= up(parent, path | {cls})
            closed[cls] = frozenset(found)
        return closed[cls]

    for cls in list(parents):
        up(cls)
    return defaultdict(frozenset, {c: a for c, a in closed.items()})


def _most_specific(classes: Iterable[str], ancestors) -> str:
    classes = sorted(set(classes))
    for cls in classes:
        if not any(other != cls and cls in ancestors.get(other, {other}) for other in classes):
            return cls
    return classes[0]


def graph_view(graph: Graph) -> GraphView:
    """Read the nodes, events and claims of ``graph``."""
    ancestors = _ancestors(graph)
    identifiers = {a: str(i) for a, i in graph.subject_objects(DCTERMS.identifier)}
    texts = {identifiers[a]: str(t) for a, t in graph.subject_objects(NKG.text) if a in identifiers}
    mention_article = {m: identifiers[a] for m, a in graph.subject_objects(NKG.inArticle) if a in identifiers}
    starts = {m: int(v) for m, v in graph.subject_objects(NKG.start)}
    ends = {m: int(v) for m, v in graph.subject_objects(NKG.end)}
    spans: dict[object, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for node, mention in graph.subject_objects(PROV.wasDerivedFrom):
        if mention in mention_article and mention in starts and mention in ends:
            spans[node][mention_article[mention]].append((starts[mention], ends[mention]))
    types: dict[object, set[str]] = defaultdict(set)
    for node, cls in graph.subject_objects(RDF.type):
        if str(cls).startswith(str(NKG)):
            types[node].add(_local(cls))
    names: dict[object, set[str]] = defaultdict(set)
    first_label: dict[object, str] = {}
    for prop in (RDFS.label, SKOS.altLabel):
        for node, label in graph.subject_objects(prop):
            names[node].add(normalize_name(str(label)))
            if prop == RDFS.label:
                first_label[node] = min(first_label.get(node, str(label)), str(label))

    def objects(node, prop) -> list[str]:
        return sorted(str(o) for o in graph.objects(node, NKG[prop]))

    nodes, events, claims = {}, {}, {}
    for node, classes in types.items():
        closure = frozenset().union(*(ancestors.get(c, frozenset({c})) for c in classes))
        label = first_label.get(node, str(node))
        found = {a: sorted(s) for a, s in spans.get(node, {}).items()}
        if "Actor" in closure or "Place" in closure:
            nodes[str(node)] = NodeView(str(node), label, closure, frozenset(classes), frozenset(names[node]), found)
        elif "Event" in closure:
            values = {"date": objects(node, "date")}
            values.update({c: objects(node, c) for c in COUNTS})
            events[str(node)] = EventView(
                str(node), label, _most_specific(classes, ancestors), found, {r: objects(node, r) for r in ROLES}, values,
            )
        elif "Claim" in closure:
            claim_type = next((_local(t) for t in sorted(graph.objects(node, NKG.claimType))), "")
            claims[str(node)] = ClaimView(
                str(node), label, claim_type, found,
                objects(node, "claimant"), objects(node, "accused"), objects(node, "reportedBy"),
            )
    direct: dict[str, set[str]] = defaultdict(set)
    for place, container in graph.subject_objects(NKG.locatedIn):
        direct[str(place)].add(str(container))
    located_in = {}
    for place in direct:
        seen: set[str] = set()
        todo = list(direct[place])
        while todo:
            container = todo.pop()
            if container not in seen:
                seen.add(container)
                todo.extend(direct.get(container, ()))
        located_in[place] = frozenset(seen - {place})
    return GraphView(texts, nodes, events, claims, located_in)
