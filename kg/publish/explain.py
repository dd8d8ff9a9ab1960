"""Explain one node of a built graph: its names, why it was merged, and the words behind it.

``kg explain IRI`` (or a name: its label or another name, any case) prints,
for an actor, place or event: its types and labels,
the resolution notes (why mentions or reports were merged into it), why it is
linked to GeoNames or how it was put on the map, every
mention grouped by article with offsets and quotes, each fact about it with the
quote it was read from, and the disagreements between sources. Reads only the
graph: no spaCy.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ..errors import KgError
from ..rdf.namespaces import NKG, short
from ..rdf.prefixes import user_iri


@dataclass
class Evidence:
    article: str
    start: int
    end: int
    quote: str


@dataclass
class Fact:
    predicate: str
    value: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Explanation:
    node: str
    label: str | None
    types: list[str]
    other_names: list[str]
    notes: list[str]
    mentions: list[Evidence]
    facts: list[Fact]
    discrepancies: list[str]
    geo_notes: list[str] = field(default_factory=list)  # why it is linked to GeoNames, or how it was put on the map

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        lines = [f"{self.node}" + (f"  «{self.label}»" if self.label else "")]
        lines.append("  type:      " + ", ".join(self.types))
        if self.other_names:
            lines.append("  also:      " + " | ".join(self.other_names))
        if self.notes:
            lines.append("  why one node:")
            lines += [f"    - {note}" for note in self.notes]
        if self.geo_notes:
            lines.append("  on the map:")
            lines += [f"    - {note}" for note in self.geo_notes]
        articles = sorted({m.article for m in self.mentions})
        lines.append(f"  mentions:  {len(self.mentions)} in {len(articles)} article(s)")
        for m in self.mentions:
            lines.append(f"    {m.article}  [{m.start}-{m.end}]  «{m.quote}»")
        if self.facts:
            lines.append("  facts:")
            for fact in self.facts:
                lines.append(f"    {fact.predicate} {fact.value}")
                for e in fact.evidence:
                    lines.append(f"        ← «{e.quote}» ({e.article} [{e.start}-{e.end}])")
        if self.discrepancies:
            lines.append("  sources disagree on: " + ", ".join(self.discrepancies))
        return "\n".join(lines) + "\n"


def resolve_iri(text: str) -> Optional[URIRef]:
    """A full IRI, <IRI>, nkgr:local (or another prefix of kg's table) or a bare
    local name as the node it names; None when the text cannot be one (a name
    with spaces: see :func:`find_nodes`)."""
    iri = user_iri(text)
    return URIRef(iri) if iri is not None else None


def _folded(text: str) -> str:
    """Case, accents and spacing left aside: «Ambassade  americaine» is «ambassade américaine»."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def find_nodes(graph: Graph, text: str) -> list[URIRef]:
    """The nodes ``text`` names: the node of that IRI when the graph has it, else the
    nodes with that label or other name (any case, any accent), else those whose
    names contain it as words."""
    node = resolve_iri(text)
    if node is not None and ((node, None, None) in graph or (None, None, node) in graph):
        return [node]
    wanted = _folded(text)
    if not wanted:
        return []
    names: dict = {}
    for predicate in (RDFS.label, SKOS.altLabel):
        for subject, name in graph.subject_objects(predicate):
            if isinstance(subject, URIRef) and (subject, RDF.type, NKG.Claim) not in graph:
                names.setdefault(subject, set()).add(_folded(str(name)))
    exact = sorted(subject for subject, folded in names.items() if wanted in folded)
    if exact:
        return exact
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)")
    return sorted(subject for subject, folded in names.items() if any(pattern.search(name) for name in folded))


def _candidates(graph: Graph, nodes: list[URIRef]) -> str:
    shown = [f"{short(n)}" + (f" «{graph.value(n, RDFS.label)}»" if graph.value(n, RDFS.label) is not None else "")
             for n in nodes[:10]]
    return "; ".join(shown) + (f"; and {len(nodes) - 10} more" if len(nodes) > 10 else "")


# looked up once: a Namespace attribute makes a new URIRef each time (kg report reads every mention)
_IN_ARTICLE, _START, _END, _QUOTE = NKG.inArticle, NKG.start, NKG.end, NKG.quote
_IDENTIFIER = DCTERMS.identifier


def mention_evidence(graph: Graph, mention) -> Evidence:
    """The article, offsets and quote of a mention node (kg explain and the report read it so)."""
    article = graph.value(mention, _IN_ARTICLE)
    identifier = graph.value(article, _IDENTIFIER) if article is not None else None
    return Evidence(
        article=str(identifier or short(article)),
        start=int(graph.value(mention, _START).toPython()),
        end=int(graph.value(mention, _END).toPython()),
        quote=str(graph.value(mention, _QUOTE)),
    )


def _display(graph: Graph, term) -> str:
    if isinstance(term, Literal):
        return f'"{term}"' + (f"@{term.language}" if term.language else "")
    label = graph.value(term, RDFS.label)
    return short(term) + (f" «{label}»" if label is not None else "")


def explain(graph: Graph, node: URIRef) -> Explanation:
    if (node, None, None) not in graph and (None, None, node) not in graph:
        raise KgError("E014", iri=str(node))
    mentions = sorted(
        (mention_evidence(graph, m) for m in graph.objects(node, PROV.wasDerivedFrom) if (m, NKG.quote, None) in graph),
        key=lambda e: (e.article, e.start, e.end),
    )

    def evidence_of(s, p, o) -> list[Evidence]:
        found = []
        for statement in graph.subjects(RDF.subject, s):
            if (statement, RDF.predicate, p) in graph and (statement, RDF.object, o) in graph:
                found += [mention_evidence(graph, m) for m in graph.objects(statement, PROV.wasDerivedFrom)]
        return sorted(found, key=lambda e: (e.article, e.start, e.end))

    skip = {RDF.type, RDFS.label, SKOS.altLabel, PROV.wasDerivedFrom, NKG.resolutionNote, NKG.geoNote}
    facts = []
    for predicate, obj in sorted(graph.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if predicate in skip:
            continue
        facts.append(Fact(short(predicate), _display(graph, obj), evidence_of(node, predicate, obj)))
    for subject, predicate in sorted(graph.subject_predicates(node), key=lambda sp: (str(sp[1]), str(sp[0]))):
        if predicate in (RDF.subject, RDF.object, NKG.discrepancyOf):
            continue
        facts.append(Fact(f"^{short(predicate)}", _display(graph, subject), evidence_of(subject, predicate, node)))
    discrepancies = sorted(
        short(graph.value(d, NKG.onProperty)) for d in graph.subjects(NKG.discrepancyOf, node)
    )
    label = graph.value(node, RDFS.label)
    return Explanation(
        node=short(node),
        label=str(label) if label is not None else None,
        types=sorted(short(t) for t in graph.objects(node, RDF.type)),
        other_names=sorted(str(a) for a in graph.objects(node, SKOS.altLabel)),
        notes=sorted(str(n) for n in graph.objects(node, NKG.resolutionNote)),
        mentions=mentions,
        facts=facts,
        discrepancies=discrepancies,
        geo_notes=sorted(str(n) for n in graph.objects(node, NKG.geoNote)),
    )


def explain_name(graph: Graph, text: str) -> Explanation:
    """Explain the node ``text`` names (an IRI, a prefixed or local name, or a
    label); several nodes of that name are an error listing them (E019)."""
    nodes = find_nodes(graph, text)
    if not nodes:
        raise KgError("E014", iri=text)
    if len(nodes) > 1:
        raise KgError("E019", name=text, count=len(nodes), candidates=_candidates(graph, nodes))
    return explain(graph, nodes[0])


def explain_files(iri: str, graph_paths, syntax: Optional[str] = None, base: Optional[str] = None) -> Explanation:
    from ..rdf.graphio import load_graph

    return explain_name(load_graph(graph_paths, syntax, base), iri)
