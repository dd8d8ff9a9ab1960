"""Read a built graph into the plain records that the report's pages show.

One pass of indexing (mentions, statements, derivations, types) and then one
record per article, actor or place, event and claim. Evidence is
``kg.publish.explain.Evidence``, read by the same function as ``kg explain``, so a quote
on a page is the quote ``kg explain`` prints.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..explain import Evidence, mention_evidence
from ...rdf.namespaces import NKG, NKGR, short
from ...resources import ontology_graph
from .graph import Lit as Literal
from .graph import ReportGraph, read_graph

EVENT_ROLES = (NKG.agent, NKG.target, NKG.place, NKG.killed, NKG.orderedBy, NKG.participant)
EVENT_VALUES = (NKG.date, NKG.fatalities, NKG.injuries, NKG.projectiles, NKG.troops)
RELATIONS = (NKG.memberOf, NKG.leaderOf, NKG.affiliatedWith, NKG.locatedIn, NKG.role)
CLAIM_ROLES = (NKG.claimant, NKG.accused, NKG.about, NKG.reportedBy)
# shown elsewhere on a page (or inverse of a shown link), not in "other facts"
_SHOWN = frozenset(
    {RDF.type, RDFS.label, SKOS.altLabel, PROV.wasDerivedFrom, NKG.resolutionNote, NKG.killedBy}
    | set(EVENT_ROLES) | set(EVENT_VALUES) | set(RELATIONS) | set(CLAIM_ROLES)
    | {NKG.claimType, NKG.statement, NKG.hedged, NKG.negated}
)
ROLE_NAMES = {
    NKG.agent: "agent", NKG.target: "target", NKG.place: "place", NKG.killed: "killed",
    NKG.orderedBy: "ordered by", NKG.participant: "participant",
}
# what an entity is to the event, seen from the entity's page
ROLE_NAMES_FROM_ENTITY = {
    NKG.agent: "carried out", NKG.target: "targeted by", NKG.place: "place of",
    NKG.killed: "killed in", NKG.orderedBy: "ordered", NKG.participant: "took part in",
}
VALUE_NAMES = {
    NKG.date: "date", NKG.fatalities: "killed (toll)", NKG.injuries: "injured",
    NKG.projectiles: "projectiles", NKG.troops: "troops",
}
RELATION_NAMES = {
    NKG.memberOf: "member of", NKG.leaderOf: "leader of", NKG.affiliatedWith: "affiliated with",
    NKG.locatedIn: "located in", NKG.role: "role",
}
RELATION_INVERSE_NAMES = {
    NKG.memberOf: "has member", NKG.leaderOf: "led by", NKG.affiliatedWith: "has affiliate",
    NKG.locatedIn: "contains",
}
CLAIM_ROLE_NAMES = {NKG.claimant: "claimant", NKG.accused: "accused", NKG.about: "about", NKG.reportedBy: "outlet"}
PRECISIONS = {XSD.date: "day", XSD.gYearMonth: "month", XSD.gYear: "year"}


def local_name(term) -> str:
    text = str(term)
    return re.split(r"[#/]", text)[-1] if text else ""


def page_name(iri: str) -> str:
    """A file name for a node's page: its local name when that is safe on every
    file system (lower case ASCII), else a readable part and a hash."""
    text = str(iri)
    local = text[len(str(NKGR)):] if text.startswith(str(NKGR)) else local_name(text)
    safe = re.sub(r"[^a-z0-9_.-]", "_", local.lower())[:120].strip("._") or "node"
    if safe != local or text != str(NKGR) + local:
        safe += "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return safe + ".html"


def precision(value: Literal) -> str:
    if isinstance(value, Literal) and value.datatype in PRECISIONS:
        return PRECISIONS[value.datatype]
    return {4: "year", 7: "month", 10: "day"}.get(len(str(value)), "unknown")


def date_span(value: Literal) -> tuple[date, date] | None:
    """First and last day covered by a date at its precision."""
    text = str(value)
    try:
        if re.fullmatch(r"-?\d{4}", text):
            year = int(text)
            return date(year, 1, 1), date(year, 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:7])
            first = date(year, month, 1)
            last = date(year + month // 12, month % 12 + 1, 1).toordinal() - 1
            return first, date.fromordinal(last)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]):
            day = date.fromisoformat(text[:10])
            return day, day
    except ValueError:
        return None
    return None


@dataclass
class Fact:
    """One triple with its evidence: ``value`` is a node IRI or a literal."""

    predicate: URIRef
    value: object
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Node:
    iri: URIRef
    category: str  # "entity", "event", "claim" or "article"
    kind: str  # the most specific class, e.g. "Person", "AirStrike"
    types: list[str]
    label: str
    aliases: list[str]
    notes: list[str]
    mentions: list[Evidence]
    page: str  # relative to the site's root, e.g. "entity/person_qassem-soleimani.html"

    @property
    def articles(self) -> list[str]:
        return sorted({m.article for m in self.mentions})


class GraphView:
    """Indexes of one graph, and the records built from them."""

    def __init__(self, graph: ReportGraph):
        self.graph = read_graph(graph)  # an rdflib Graph too (the Python API's callers)
        self._index_classes()
        self._index_evidence()
        self._index_nodes()

    # --- indexing -----------------------------------------------------------

    def _index_classes(self) -> None:
        ontology = ontology_graph()
        parents = defaultdict(set)
        for sub, sup in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(sup, URIRef):
                parents[sub].add(sup)
        self._ancestors: dict[URIRef, set[URIRef]] = {}

        def ancestors(cls):
            if cls not in self._ancestors:
                self._ancestors[cls] = {cls}
                found = {cls}
                for parent in parents.get(cls, ()):
                    found |= ancestors(parent)
                self._ancestors[cls] = found
            return self._ancestors[cls]

        self.ancestors = ancestors
        self._categories: dict[frozenset, str | None] = {}
        self.types: dict[URIRef, set[URIRef]] = defaultdict(set)
        for node, cls in self.graph.subject_objects(RDF.type):
            self.types[node].add(cls)

    def _index_evidence(self) -> None:
        g = self.graph
        self.mention_article: dict[URIRef, URIRef] = dict(g.subject_objects(NKG.inArticle))
        self.article_mentions: dict[URIRef, list[URIRef]] = defaultdict(list)
        self.evidence: dict[URIRef, Evidence] = {}
        for mention in self.mention_article:
            try:
                self.evidence[mention] = mention_evidence(g, mention)
            except (AttributeError, TypeError, ValueError):  # a mention without offsets: no quote to show
                continue
            self.article_mentions[self.mention_article[mention]].append(mention)
        for mentions in self.article_mentions.values():
            mentions.sort(key=self._mention_key)
        self.derived: dict[URIRef, list[URIRef]] = defaultdict(list)
        self.users: dict[URIRef, list[URIRef]] = defaultdict(list)
        for node, mention in g.subject_objects(PROV.wasDerivedFrom):
            if mention in self.evidence:
                self.derived[node].append(mention)
                self.users[mention].append(node)
        for mentions in self.derived.values():
            mentions.sort(key=self._mention_key)
        for nodes in self.users.values():
            nodes.sort()
        # (subject, predicate, object) → the statement's mentions
        self.statements: dict[tuple, list[URIRef]] = {}
        self.statement_of: dict[URIRef, tuple] = {}
        subjects = dict(g.subject_objects(RDF.subject))
        predicates = dict(g.subject_objects(RDF.predicate))
        objects = dict(g.subject_objects(RDF.object))
        for statement, s in subjects.items():
            triple = (s, predicates.get(statement), objects.get(statement))
            self.statement_of[statement] = triple
            self.statements.setdefault(triple, []).extend(self.derived.get(statement, []))
        for mentions in self.statements.values():
            mentions.sort(key=self._mention_key)

    def _mention_key(self, mention):
        e = self.evidence[mention]
        return (e.article, e.start, e.end)

    def _index_nodes(self) -> None:
        g = self.graph
        self.nodes: dict[URIRef, Node] = {}
        self.article_by_id: dict[str, URIRef] = {}
        self.article_id: dict[URIRef, str] = {}
        for node, classes in self.types.items():
            category = self._category(classes)
            if category is None or not isinstance(node, URIRef):
                continue
            kind = self._kind(classes)
            if category == "article":
                identifier = str(g.value(node, DCTERMS.identifier) or local_name(node))
                title = g.value(node, DCTERMS.title)
                label = str(title) if title is not None else identifier
                self.article_by_id[identifier] = node
                self.article_id[node] = identifier
                page = "article/" + page_name(node)
                aliases = [identifier] if title is not None else []
            else:
                label_term = g.value(node, RDFS.label)
                label = str(label_term) if label_term is not None else short(node)
                aliases = sorted({str(a) for a in g.objects(node, SKOS.altLabel)} - {label})
                page = f"{category}/{page_name(node)}"
            self.nodes[node] = Node(
                iri=node,
                category=category,
                kind=kind,
                types=sorted(short(t) for t in classes),
                label=label,
                aliases=aliases,
                notes=sorted(str(n) for n in g.objects(node, NKG.resolutionNote)),
                mentions=[self.evidence[m] for m in self.derived.get(node, [])],
                page=page,
            )

    def _category(self, classes) -> str | None:
        key = frozenset(classes)
        if key not in self._categories:
            self._categories[key] = self._category_of(key)
        return self._categories[key]

    def _category_of(self, classes) -> str | None:
        found = set()
        for cls in classes:
            found |= self.ancestors(cls)
        if NKG.Event in found:
            return "event"
        if NKG.Actor in found or NKG.Place in found:
            return "entity"
        if NKG.Claim in found:
            return "claim"
        if NKG.Article in found:
            return "article"
        return None

    def _kind(self, classes) -> str:
        """The most specific class of the ontology (ties: alphabetical)."""
        own = sorted(c for c in classes if str(c).startswith(str(NKG)))
        if not own:
            return local_name(min(classes)) if classes else "Thing"
        specific = [c for c in own if not any(c != o and c in self.ancestors(o) for o in own)]
        return local_name(specific[0])

    # --- lookups ------------------------------------------------------------

    def of(self, category: str) -> list[Node]:
        nodes = [n for n in self.nodes.values() if n.category == category]
        return sorted(nodes, key=lambda n: (sort_key(n.label), str(n.iri)))

    def label(self, term) -> str:
        node = self.nodes.get(term)
        if node is not None:
            return node.label
        label = self.graph.value(term, RDFS.label) if isinstance(term, URIRef) else None
        return str(label) if label is not None else short(term)

    def evidence_of(self, s, p, o) -> list[Evidence]:
        """The quotes of the statement of one triple (as ``kg explain``'s facts)."""
        return [self.evidence[m] for m in self.statements.get((s, p, o), [])]

    def facts(self, node, predicates) -> list[Fact]:
        found = [Fact(p, o, self.evidence_of(node, p, o)) for p in predicates for o in self.graph.objects(node, p)]
        return sorted(found, key=lambda f: (list(predicates).index(f.predicate), value_key(f.value, self)))

    def incoming(self, node, predicates) -> list[Fact]:
        """Facts pointing at ``node``: ``value`` is the subject."""
        found = [Fact(p, s, self.evidence_of(s, p, node)) for p in predicates for s in self.graph.subjects(p, node)]
        return sorted(found, key=lambda f: (list(predicates).index(f.predicate), value_key(f.value, self)))

    def other_facts(self, node) -> list[Fact]:
        found = [
            Fact(p, o, self.evidence_of(node, p, o))
            for p, o in self.graph.predicate_objects(node)
            if p not in _SHOWN
        ]
        return sorted(found, key=lambda f: (str(f.predicate), str(f.value)))

    def article_text(self, article: URIRef) -> str:
        text = self.graph.value(article, NKG.text)
        return str(text) if text is not None else ""

    def discrepancies(self, event) -> list[tuple[URIRef, list[Fact]]]:
        """(property, the conflicting values each with its evidence) of one event."""
        found = []
        for discrepancy in self.graph.subjects(NKG.discrepancyOf, event):
            prop = self.graph.value(discrepancy, NKG.onProperty)
            values = []
            for statement in self.graph.objects(discrepancy, NKG.conflictingStatement):
                _s, p, o = self.statement_of.get(statement, (None, None, None))
                if o is not None:
                    values.append(Fact(p, o, [self.evidence[m] for m in self.derived.get(statement, [])]))
            values.sort(key=lambda f: value_key(f.value, self))
            found.append((prop, values))
        return sorted(found, key=lambda pv: str(pv[0]))

    def claims_about(self, node) -> list[URIRef]:
        claims = set()
        for p in CLAIM_ROLES:
            claims.update(c for c in self.graph.subjects(p, node) if self.category(c) == "claim")
        return sorted(claims, key=lambda c: (self.nodes[c].articles[:1], str(c)))

    def category(self, term) -> str | None:
        node = self.nodes.get(term)
        return node.category if node is not None else None


@lru_cache(maxsize=65536)
def sort_key(text: str) -> str:
    """Accents and case folded, for sorting names as a reader expects."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def value_key(value, view: GraphView):
    if isinstance(value, Literal):
        return (0, str(value))
    return (1, sort_key(view.label(value)), str(value))
