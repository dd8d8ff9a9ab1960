"""Map the resolved model (``kg.model.Corpus``) to RDF with the contract's terms.

IRIs are minted from content only (see docs/graph-model.md). Each triple is
assigned to the default graph or to the evidence graph of one article, which
the TriG output keeps apart and the other formats merge.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from functools import lru_cache
from typing import Iterator, Optional
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..geo import coordinate_text
from ..model import Article, Corpus, Event, GeoLink, Mention
from .namespaces import GEO, NKG, NKGR, PREFIXES, WGS84

ENTITY_CLASSES = {
    "person": NKG.Person,
    "organization": NKG.Organization,
    "armed-group": NKG.ArmedGroup,
    "media": NKG.MediaOutlet,
    "place": NKG.Place,
    "country": NKG.Country,
    "city": NKG.City,
    "area": NKG.Area,
    "facility": NKG.Facility,
    "source": NKG.AnonymousSource,
}
DATE_DATATYPES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
# Terms used for every mention, looked up once (rdflib's Namespace attribute access is slow).
MENTION, IN_ARTICLE, START, END, QUOTE = NKG.Mention, NKG.inArticle, NKG.start, NKG.end, NKG.quote
DERIVED_FROM = PROV.wasDerivedFrom
TYPE, LABEL = RDF.type, RDFS.label
STATEMENT, SUBJECT, PREDICATE, OBJECT = RDF.Statement, RDF.subject, RDF.predicate, RDF.object

Quad = tuple[URIRef, URIRef, object, Optional[URIRef]]


@lru_cache(maxsize=262144)
def mint(local_name: str) -> URIRef:
    """The IRI of a resource of the graph, ``nkgr:`` + its local name, percent-encoded.

    Every IRI kg mints goes through here. Local names are built from file names
    and other text (``event_{identifier}_{start}``); each character outside
    RFC 3986's unreserved set (letters, digits, ``-._~``) becomes ``%XX`` of its
    UTF-8 bytes (``é`` → ``%C3%A9``, ``%`` → ``%25``, a space → ``%20``), so that
    the IRI is valid in every RDF syntax (RFC 3987 allows the result as it is)
    and distinct names give distinct IRIs. Plain ASCII names are left as they are.
    Lone surrogates (never in a decoded file name) are encoded as their
    code points' bytes rather than raising.
    """
    return URIRef(NKGR + quote(local_name.encode("utf-8", "surrogatepass"), safe="-_.~"))


# Local names avoid "/" so that every IRI can be written as a SPARQL or Turtle
# prefixed name: nkgr:person_qassem-soleimani, nkgr:mention_004_ffb2…_38-46.
# The model keeps local names unencoded (Entity.key, Event.key, Claim.about); only mint encodes.


def article_iri(identifier: str) -> URIRef:
    return mint(f"article_{identifier}")


def evidence_graph_iri(identifier: str) -> URIRef:
    return mint(f"graph_{identifier}")


@lru_cache(maxsize=65536)
def mention_iri(mention: Mention) -> URIRef:
    return mint(f"mention_{mention.article_id}_{mention.start}-{mention.end}")


def entity_iri(key: str) -> URIRef:
    return mint(key)


def event_iri(event: Event) -> URIRef:
    return mint(event.key)


@lru_cache(maxsize=4096)
def date_literal(lexical: str) -> Literal:
    return Literal(lexical, datatype=DATE_DATATYPES[len(lexical)])


@lru_cache(maxsize=65536)
def count_literal(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def _article_quads(article: Article) -> Iterator[Quad]:
    node = article_iri(article.identifier)
    yield node, TYPE, NKG.Article, None
    yield node, DCTERMS.identifier, Literal(article.identifier), None
    yield node, NKG.sha256, Literal(article.sha256), None
    yield node, DCTERMS.language, Literal(article.language), None
    yield node, NKG.textLength, count_literal(len(article.text)), None
    yield node, NKG.text, Literal(article.text), None  # so that every quote can be checked against it
    yield node, NKG.encoding, Literal(article.encoding), None
    yield node, DCTERMS.format, Literal(article.media_type), None
    if article.date:
        yield node, DCTERMS.date, date_literal(article.date), None
    if article.title:
        yield node, DCTERMS.title, Literal(article.title, lang="fr"), None


def _mention_quads(mention: Mention) -> Iterator[Quad]:
    node = mention_iri(mention)
    graph = evidence_graph_iri(mention.article_id)
    yield node, TYPE, MENTION, graph
    yield node, IN_ARTICLE, article_iri(mention.article_id), graph
    yield node, START, count_literal(mention.start), graph
    yield node, END, count_literal(mention.end), graph
    yield node, QUOTE, Literal(mention.quote), graph


def _evidence_quads(node: URIRef, mentions) -> Iterator[Quad]:
    """prov:wasDerivedFrom links; the mentions themselves are written once, at the end."""
    for mention in mentions:
        yield node, DERIVED_FROM, mention_iri(mention), evidence_graph_iri(mention.article_id)


def statement_iri(s: URIRef, p: URIRef, o) -> URIRef:
    digest = hashlib.sha1(f"{s.n3()} {p.n3()} {o.n3()}".encode("utf-8")).hexdigest()[:16]
    return mint(f"statement_{digest}")


def _statement_quads(s: URIRef, p: URIRef, o, mentions) -> Iterator[Quad]:
    """The triple, and an rdf:Statement about it whose prov:wasDerivedFrom gives the
    words that state it: every role and value stays traceable to its own span."""
    yield s, p, o, None
    mentions = sorted(set(mentions))
    if not mentions:
        return
    node = statement_iri(s, p, o)
    yield node, TYPE, STATEMENT, None
    yield node, SUBJECT, s, None
    yield node, PREDICATE, p, None
    yield node, OBJECT, o, None
    yield from _evidence_quads(node, mentions)


def _discrepancy_quads(event: URIRef, prop: URIRef, values) -> Iterator[Quad]:
    """Sources disagree on ``prop``: a node that lists the statements of each value,
    so that every value keeps its own evidence and the disagreement is queryable."""
    digest = hashlib.sha1(f"{event.n3()} {prop.n3()}".encode("utf-8")).hexdigest()[:16]
    node = mint(f"discrepancy_{digest}")
    yield node, TYPE, NKG.Discrepancy, None
    yield node, NKG.discrepancyOf, event, None
    yield node, NKG.onProperty, prop, None
    for value in values:
        yield node, NKG.conflictingStatement, statement_iri(event, prop, value), None


def coordinate_literal(value: float) -> Literal:
    return Literal(coordinate_text(value), datatype=XSD.decimal)


def _geo_quads(node: URIRef, link: GeoLink) -> Iterator[Quad]:
    """A linked place: its country code, W3C WGS84 latitude and longitude, and a GeoSPARQL
    point geometry (one per GeoNames feature, longitude first as WKT writes it)."""
    yield node, NKG.countryCode, Literal(link.country_code), None
    if link.admin1:
        yield node, NKG.admin1, Literal(link.admin1), None
    yield node, WGS84.lat, coordinate_literal(link.lat), None
    yield node, WGS84.long, coordinate_literal(link.lon), None
    geometry = mint(f"geometry_geonames-{link.geonames_id}")
    yield node, GEO.hasGeometry, geometry, None
    yield geometry, TYPE, GEO.Geometry, None
    wkt = f"POINT({coordinate_text(link.lon)} {coordinate_text(link.lat)})"
    yield geometry, GEO.asWKT, Literal(wkt, datatype=GEO.wktLiteral), None


def corpus_quads(corpus: Corpus) -> Iterator[Quad]:
    """Every quad of the graph (duplicates possible; the stores deduplicate)."""
    for article in corpus.articles:
        yield from _article_quads(article)
    for entity in corpus.entities:
        node = entity_iri(entity.key)
        yield node, TYPE, ENTITY_CLASSES[entity.kind], None
        yield node, LABEL, Literal(entity.label, lang="fr"), None
        for alt in entity.alt_labels:
            yield node, SKOS.altLabel, Literal(alt, lang="fr"), None
        for note in entity.notes:
            yield node, NKG.resolutionNote, Literal(note, lang="en"), None
        for iri in entity.same_as:
            yield node, OWL.sameAs, URIRef(iri), None
        if entity.geo is not None:
            yield from _geo_quads(node, entity.geo)
        if entity.geo_note:
            yield node, NKG.geoNote, Literal(entity.geo_note, lang="en"), None
        yield from _evidence_quads(node, entity.mentions)
    for event in corpus.events:
        node = event_iri(event)
        yield node, TYPE, NKG[event.event_class], None
        yield node, LABEL, Literal(event.label, lang="fr"), None
        for role, key, mentions in event.roles:
            yield from _statement_quads(node, NKG[role], entity_iri(key), mentions)
            if role == "killed":  # written both ways: not every user runs a reasoner
                yield from _statement_quads(entity_iri(key), NKG.killedBy, node, mentions)
        literals = defaultdict(list)
        for value in event.values:
            literal = date_literal(value.value) if value.prop == "date" else count_literal(int(value.value))
            literals[value.prop].append(literal)
            yield from _statement_quads(node, NKG[value.prop], literal, [value.mention])
        for note in event.notes:
            yield node, NKG.resolutionNote, Literal(note, lang="en"), None
        for prop in event.discrepancies:
            yield from _discrepancy_quads(node, NKG[prop], literals[prop])
        if event.location is not None:
            yield node, NKG.location, entity_iri(event.location.key), None
            yield node, NKG.geoPrecision, count_literal(event.location.precision), None
            if event.location.note:
                yield node, NKG.geoNote, Literal(event.location.note, lang="en"), None
        yield from _evidence_quads(node, event.mentions)
    for relation in corpus.relations:
        subject = entity_iri(relation.subject)
        obj = entity_iri(relation.obj) if relation.obj is not None else Literal(relation.literal, lang="fr")
        yield from _statement_quads(subject, NKG[relation.prop], obj, relation.mentions)
    for claim in corpus.claims:
        node = mint(f"claim_{claim.article_id}_{claim.trigger.start}")
        yield node, TYPE, NKG.Claim, None
        yield node, LABEL, Literal(claim.label, lang="fr"), None
        yield node, NKG.claimType, NKG[claim.claim_type], None
        yield from _statement_quads(node, NKG.statement, Literal(claim.statement.quote, lang="fr"), [claim.statement])
        for prop, fillers in (("claimant", claim.claimants), ("accused", claim.accused), ("reportedBy", claim.reported_by)):
            for key, mention in fillers:
                yield from _statement_quads(node, NKG[prop], entity_iri(key), [mention])
        for local in claim.about:
            yield node, NKG.about, mint(local), None
        if claim.hedged:
            yield node, NKG.hedged, Literal(True), None
        if claim.negated:
            yield node, NKG.negated, Literal(True), None
        yield from _evidence_quads(node, [claim.trigger, claim.statement])
    mentions = {m for e in corpus.entities for m in e.mentions}
    mentions |= {m for ev in corpus.events for m in ev.mentions}
    mentions |= {v.mention for ev in corpus.events for v in ev.values}
    mentions |= {m for ev in corpus.events for _r, _k, ms in ev.roles for m in ms}
    mentions |= {m for r in corpus.relations for m in r.mentions}
    mentions |= {m for c in corpus.claims for m in (c.trigger, c.statement)}
    mentions |= {m for c in corpus.claims for _k, m in (*c.claimants, *c.accused, *c.reported_by)}
    for mention in sorted(mentions):
        yield from _mention_quads(mention)


def _bind(graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def to_graph(corpus: Corpus) -> Graph:
    """All triples in one graph (for Turtle and N-Triples)."""
    graph = Graph()
    _bind(graph)
    for s, p, o, _g in corpus_quads(corpus):
        graph.add((s, p, o))
    return graph


def to_dataset(corpus: Corpus) -> Dataset:
    """Default graph plus one named evidence graph per article (for TriG)."""
    dataset = Dataset()
    _bind(dataset)
    for s, p, o, g in corpus_quads(corpus):
        target = dataset.graph(g) if g is not None else dataset.default_graph
        target.add((s, p, o))
    return dataset
