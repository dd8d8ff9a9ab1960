"""Export a built graph for the tools conflict analysts use: events CSV, GeoJSON, JSON-LD, GraphML.

``events_csv`` writes one row per event node in ACLED's columns (the mapping of
kg's event classes to ACLED's event types is the table ``ACLED_TYPES``, its
reasons are in docs/exports.md), with the coordinates of its ``nkg:location``;
``to_geojson`` writes the same rows as GeoJSON Features for QGIS and web maps; ``to_jsonld`` writes the whole graph as JSON-LD
with a compact ``@context`` for the contract vocabulary; ``to_graphml`` writes
actors, places and events as nodes and their roles and relations as edges, for
Gephi and Cytoscape. Reads only the graph (no spaCy); the same graph always
gives the same bytes.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from ..errors import KgError
from ..geo import coordinate_text
from ..rdf.namespaces import NKG, NKGR, WGS84

FORMATS = ("events-csv", "geojson", "jsonld", "graphml")
# the format an output file's suffix asks for (kg export -o events.csv)
SUFFIX_FORMATS = {".csv": "events-csv", ".geojson": "geojson", ".jsonld": "jsonld", ".json": "jsonld", ".graphml": "graphml"}

# --- ACLED -----------------------------------------------------------------------


class AcledType(NamedTuple):
    event_type: str
    sub_event_type: str
    reason: str


# kg event class (local name in nkg:) → ACLED event type and sub-event type. A
# class not listed here takes the type of its nearest listed superclass.
ACLED_TYPES: dict[str, AcledType] = {
    "AirStrike": AcledType(
        "Explosions/Remote violence", "Air/drone strike",
        "a strike from the air, by aircraft or drone: ACLED's sub-type for attacks by air assets",
    ),
    "RocketAttack": AcledType(
        "Explosions/Remote violence", "Shelling/artillery/missile attack",
        "rockets, missiles and shells fired from a distance, the target unable to respond",
    ),
    "Bombing": AcledType(
        "Explosions/Remote violence", "Remote explosive/landmine/IED",
        "explosives set off on the ground (roadside bombs); kg does not tell suicide bombs apart, "
        "so the general explosive sub-type is used",
    ),
    "Killing": AcledType(
        "Violence against civilians", "Attack",
        "the one-sided killing of named persons with no weapon or battle stated; "
        "recode as Battles when the notes show the victims were fighters",
    ),
    "Attack": AcledType(
        "Battles", "Armed clash",
        "a violent action whose means the texts do not state: neither remote violence (no weapon named) "
        "nor known to target civilians; the notes say 'kind of attack not stated'",
    ),
    "Protest": AcledType(
        "Protests", "Peaceful protest",
        "kg has one class for demonstrations and does not record intervention or violence by protesters; "
        "recode as Riots from the notes where the texts report damage",
    ),
    "Deployment": AcledType(
        "Strategic developments", "Change to group/activity",
        "troops sent somewhere change an armed actor's presence without violence",
    ),
    "Withdrawal": AcledType(
        "Strategic developments", "Change to group/activity",
        "troops withdrawn; not a Non-violent transfer of territory, since the texts do not say "
        "that another actor took control of the place",
    ),
    "Truce": AcledType(
        "Strategic developments", "Agreement",
        "a truce or ceasefire is an agreement between the parties, as ACLED counts ceasefires",
    ),
    "Vote": AcledType(
        "Strategic developments", "Other",
        "a vote of an assembly (e.g. on expelling foreign troops) is a politically significant "
        "non-violent event with no sub-type of its own",
    ),
    "Event": AcledType(
        "Strategic developments", "Other",
        "an event of no more specific class: ACLED's catch-all for non-violent developments",
    ),
}

EVENT_COLUMNS = (
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1",
    "actor2", "location", "latitude", "longitude", "geo_precision", "admin1", "country", "iso",
    "fatalities", "injuries", "sources", "notes",
)
# GeoJSON properties written as numbers (empty: null)
NUMERIC_COLUMNS = frozenset({"time_precision", "latitude", "longitude", "geo_precision", "iso", "fatalities", "injuries"})
# ACLED's time_precision: 1 the day is known, 2 a period shorter than a month, 3 a month or coarser
DAY, WEEK, MONTH = 1, 2, 3

_DATE = re.compile(r"(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[TZ+-])")
_DIGITS = re.compile(r"\+?\d+\Z")


@dataclass
class EventRow:
    """One event as a row of the events CSV (values as written, empty when unknown)."""

    iri: URIRef
    kg_class: URIRef
    event_id: str
    event_date: str = ""
    time_precision: str = ""
    event_type: str = ""
    sub_event_type: str = ""
    actor1: str = ""
    assoc_actor_1: str = ""
    actor2: str = ""
    location: str = ""
    latitude: str = ""
    longitude: str = ""
    geo_precision: str = ""
    admin1: str = ""
    country: str = ""
    iso: str = ""
    fatalities: str = ""
    injuries: str = ""
    sources: str = ""
    notes: str = ""

    def values(self) -> list[str]:
        return [getattr(self, column) for column in EVENT_COLUMNS]


@dataclass
class _Vocabulary:
    """The class tree of the ontology and of the graph, to recognize events, actors and places."""

    parents: dict = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    def ancestors(self, cls) -> list:
        """``cls`` and its superclasses, nearest first (breadth first, ties by IRI)."""
        if cls not in self._cache:
            seen, order, queue = {cls}, [cls], deque([cls])
            while queue:
                for parent in sorted(self.parents.get(queue.popleft(), ()), key=str):
                    if parent not in seen:
                        seen.add(parent)
                        order.append(parent)
                        queue.append(parent)
            self._cache[cls] = order
        return self._cache[cls]

    def is_a(self, cls, root) -> bool:
        return root in self.ancestors(cls)

    def most_specific(self, classes: Iterable) -> URIRef | None:
        """The class with the most ancestors (AirStrike over Attack), ties broken by IRI."""
        classes = sorted(classes, key=str)
        return max(classes, key=lambda c: len(self.ancestors(c)), default=None)


@lru_cache(maxsize=1)
def _ontology_parents() -> dict:
    from ..resources import ontology_graph

    parents: dict = {}
    for sub, sup in ontology_graph().subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(sub, set()).add(sup)
    return parents


def _vocabulary(graph: Graph) -> _Vocabulary:
    parents = {cls: set(sups) for cls, sups in _ontology_parents().items()}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):  # a graph may extend the class tree
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(sub, set()).add(sup)
    return _Vocabulary(parents)


def _local(iri) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


def _label(graph: Graph, node) -> str:
    """The node's rdfs:label (French first), else its local name."""
    labels = sorted(graph.objects(node, RDFS.label), key=lambda lit: (getattr(lit, "language", None) != "fr", str(lit)))
    return str(labels[0]) if labels else _local(node)


def _article_id(graph: Graph, article) -> str:
    identifier = graph.value(article, DCTERMS.identifier)
    return str(identifier) if identifier is not None else _local(article)


def _articles(graph: Graph, mentions: Iterable) -> set[str]:
    return {_article_id(graph, article) for mention in mentions for article in graph.objects(mention, NKG.inArticle)}


def _value_sources(graph: Graph, subject, prop, value) -> set[str]:
    """The articles whose words state ``subject prop value`` (through its rdf:Statement)."""
    mentions = [
        mention
        for statement in graph.subjects(RDF.subject, subject)
        if (statement, RDF.predicate, prop) in graph and (statement, RDF.object, value) in graph
        for mention in graph.objects(statement, PROV.wasDerivedFrom)
    ]
    return _articles(graph, mentions)


def acled_type(vocabulary: _Vocabulary, cls) -> AcledType:
    """The ACLED type of a kg event class: its own entry, else its nearest listed superclass's."""
    for ancestor in vocabulary.ancestors(cls):
        if str(ancestor).startswith(str(NKG)) and _local(ancestor) in ACLED_TYPES:
            return ACLED_TYPES[_local(ancestor)]
    return ACLED_TYPES["Event"]


def _date_value(literal) -> tuple[str, int] | None:
    """(ISO 8601 text at the literal's precision, ACLED precision) for xsd:date, gYearMonth, gYear."""
    match = _DATE.match(str(literal))
    if not isinstance(literal, Literal) or match is None:
        return None
    year, month, day = match.groups()
    if literal.datatype == XSD.gYear or month is None:
        return year, MONTH
    if literal.datatype == XSD.gYearMonth or day is None:
        return f"{year}-{month}", MONTH
    return f"{year}-{month}-{day}", DAY


def _count(literal) -> int | None:
    text = str(literal).strip()
    return int(text) if isinstance(literal, Literal) and _DIGITS.match(text) else None


def _reported(values: list[tuple[str, set[str]]]) -> str:
    """'1 (003_x), 3 (001_y, 002_z)': each value with the articles that give it."""
    return ", ".join(f"{value} ({', '.join(sorted(sources)) or 'no source recorded'})" for value, sources in values)


def _event_date(graph: Graph, event) -> tuple[str, str, list[str]]:
    """(event_date, time_precision, notes). A coarse date that agrees with a finer one is no
    disagreement; dates that disagree give the earliest, marked as approximate, the others in notes."""
    values: dict[str, tuple[int, set[str]]] = {}
    for literal in graph.objects(event, NKG.date):
        parsed = _date_value(literal)
        if parsed is None:
            continue
        text, precision = parsed
        sources = values.get(text, (precision, set()))[1] | _value_sources(graph, event, NKG.date, literal)
        values[text] = (precision, sources)
    kept = sorted(text for text in values if not any(other.startswith(text + "-") for other in values))
    if not kept:
        return "", "", []
    if len(kept) == 1:
        return kept[0], str(values[kept[0]][0]), []
    same_month = all(values[text][0] == DAY for text in kept) and len({text[:7] for text in kept}) == 1
    note = f"Dates reported: {_reported([(text, values[text][1]) for text in kept])}; the earliest is given."
    return kept[0], str(WEEK if same_month else MONTH), [note]


def _figures(graph: Graph, event, prop) -> list[tuple[int, set[str]]]:
    """The counts given for ``prop``, lowest first, each with the articles that give it."""
    figures: dict[int, set[str]] = {}
    for literal in graph.objects(event, prop):
        value = _count(literal)
        if value is not None:
            figures.setdefault(value, set()).update(_value_sources(graph, event, prop, literal))
    return sorted(figures.items())


def _countries(graph: Graph, vocabulary: _Vocabulary, places: Iterable) -> set:
    """The countries the places are, or lie in (nkg:locatedIn, followed transitively)."""
    found, seen, queue = set(), set(), deque(places)
    while queue:
        place = queue.popleft()
        if place in seen:
            continue
        seen.add(place)
        if any(vocabulary.is_a(cls, NKG.Country) for cls in graph.objects(place, RDF.type)):
            found.add(place)
            continue
        queue.extend(graph.objects(place, NKG.locatedIn))
    return found


def _labels(graph: Graph, nodes: Iterable) -> list[str]:
    return sorted({_label(graph, node) for node in nodes})


def _ranked(graph: Graph, nodes: Iterable) -> list[str]:
    """Labels of the nodes, the most mentioned first (Soleimani before his companions), then by label."""
    ranked = sorted((-len(set(graph.objects(node, PROV.wasDerivedFrom))), _label(graph, node)) for node in set(nodes))
    return list(dict.fromkeys(label for _count, label in ranked))


def _stable(graph: Graph) -> Graph:
    """The graph, its blank nodes relabelled canonically (same graph, same labels) when it has any."""
    if not any(isinstance(term, BNode) for triple in graph for term in triple):
        return graph
    from rdflib.compare import to_canonical_graph

    canonical = Graph()
    for triple in to_canonical_graph(graph):
        canonical.add(triple)
    return canonical


def event_nodes(graph: Graph) -> dict[URIRef, URIRef]:
    """Every event node of the graph with its most specific event class."""
    vocabulary = _vocabulary(graph)
    classes: dict = {}
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, (URIRef, BNode)) and vocabulary.is_a(cls, NKG.Event):
            classes.setdefault(node, set()).add(cls)
    return {node: vocabulary.most_specific(found) for node, found in classes.items()}


def event_rows(graph: Graph) -> list[EventRow]:
    """One row per event node, in time order (undated events last), then by event_id."""
    graph = _stable(graph)
    vocabulary = _vocabulary(graph)
    rows = [_event_row(graph, vocabulary, node, cls) for node, cls in event_nodes(graph).items()]
    return sorted(rows, key=lambda row: (row.event_date == "", row.event_date, row.event_id, str(row.iri)))


def _is(graph: Graph, vocabulary: _Vocabulary, node, root) -> bool:
    return any(vocabulary.is_a(cls, root) for cls in graph.objects(node, RDF.type))


def _event_row(graph: Graph, vocabulary: _Vocabulary, event, cls) -> EventRow:
    kind = acled_type(vocabulary, cls)
    row = EventRow(
        iri=event, kg_class=cls, event_id=_local(event) if isinstance(event, URIRef) else event.n3(),
        event_type=kind.event_type, sub_event_type=kind.sub_event_type,
    )
    notes: list[str] = []
    label = _label(graph, event).strip()
    if label and label != row.event_id:
        notes.append(label if label[-1] in ".!?" else label + ".")
    row.event_date, row.time_precision, date_notes = _event_date(graph, event)

    # actor1 carries the event out (else takes part in it); actor2 is the targeted actor, else the killed
    actors = _ranked(graph, graph.objects(event, NKG.agent))
    actors += [name for name in _ranked(graph, graph.objects(event, NKG.participant)) if name not in actors]
    if actors:
        row.actor1, row.assoc_actor_1 = actors[0], "; ".join(actors[1:])
    targets = sorted(graph.objects(event, NKG.target), key=str)
    killed = sorted(graph.objects(event, NKG.killed), key=str)
    victims = _ranked(graph, [t for t in targets if _is(graph, vocabulary, t, NKG.Actor)]) or _ranked(graph, killed)
    row.actor2 = victims[0] if victims else ""

    # location: where it happened, else the place it targeted (an attack on a base happens there)
    places = [p for p in graph.objects(event, NKG.place)]
    if not places:
        places = [t for t in targets if _is(graph, vocabulary, t, NKG.Place) and not _is(graph, vocabulary, t, NKG.Country)]
    local = [p for p in places if not _is(graph, vocabulary, p, NKG.Country)]
    row.location = "; ".join(_labels(graph, local or places))
    row.country = "; ".join(_labels(graph, _countries(graph, vocabulary, places)))
    _fill_location(graph, vocabulary, event, row)

    if targets:
        notes.append(f"Targets: {'; '.join(_labels(graph, targets))}.")
    if killed:
        notes.append(f"Killed: {'; '.join(_labels(graph, killed))}.")
    ordered = _labels(graph, graph.objects(event, NKG.orderedBy))
    if ordered:
        notes.append(f"Ordered by: {'; '.join(ordered)}.")
    for prop, name in ((NKG.projectiles, "Projectiles"), (NKG.troops, "Troops")):
        figures = _figures(graph, event, prop)
        if len(figures) == 1:
            notes.append(f"{name}: {figures[0][0]}.")
        elif figures:
            notes.append(f"{name} reported: {_reported(figures)}.")

    # tolls: the lowest figure when sources disagree, as ACLED does; the others in notes
    for prop, column, name in ((NKG.fatalities, "fatalities", "Fatalities"), (NKG.injuries, "injuries", "Injuries")):
        figures = _figures(graph, event, prop)
        if figures:
            setattr(row, column, str(figures[0][0]))
        if len(figures) > 1:
            notes.append(f"{name} reported: {_reported(figures)}; the lowest is given.")
    if not row.fatalities and killed:  # no toll given, but named persons killed: a count the graph supports
        row.fatalities = str(len(killed))
        notes.append(f"No toll given; {len(killed)} named person(s) killed.")
    notes += date_notes
    if cls == NKG.Attack:
        notes.append("Kind of attack not stated.")
    notes.append(f"kg class: nkg:{_local(cls)}." if str(cls).startswith(str(NKG)) else f"kg class: <{cls}>.")
    row.notes = " ".join(notes)

    mentions = set(graph.objects(event, PROV.wasDerivedFrom))
    for statement in graph.subjects(RDF.subject, event):
        mentions.update(graph.objects(statement, PROV.wasDerivedFrom))
    row.sources = "; ".join(sorted(_articles(graph, mentions)))
    return row


def _iso_numeric(code: str) -> str:
    """ACLED's iso: the ISO 3166-1 numeric code of an alpha-2 code ("IQ" → "368"), empty when unknown."""
    import pycountry

    country = pycountry.countries.get(alpha_2=code) if re.fullmatch(r"[A-Z]{2}", code) else None
    return str(int(country.numeric)) if country is not None else ""


def _fill_location(graph: Graph, vocabulary: _Vocabulary, event, row: EventRow) -> None:
    """latitude, longitude, geo_precision, admin1 and iso from the event's nkg:location (the linked
    place that puts it on the map); the country too when the places gave none."""
    location = min(graph.objects(event, NKG.location), key=str, default=None)
    if location is None:
        return
    lat, lon = graph.value(location, WGS84.lat), graph.value(location, WGS84.long)
    if lat is None or lon is None:
        return
    try:
        row.latitude, row.longitude = coordinate_text(float(lat)), coordinate_text(float(lon))
    except ValueError:
        return
    precision = _count(graph.value(event, NKG.geoPrecision))
    row.geo_precision = str(precision) if precision in (1, 2, 3) else ""
    row.admin1 = str(graph.value(location, NKG.admin1) or "")
    code = str(graph.value(location, NKG.countryCode) or "")
    row.iso = _iso_numeric(code)
    if not row.location:
        row.location = _label(graph, location)
    if not row.country and code:
        countries = [c for c in graph.subjects(NKG.countryCode, Literal(code)) if _is(graph, vocabulary, c, NKG.Country)]
        row.country = _label(graph, min(countries, key=str)) if countries else ""


def events_csv(graph: Graph) -> str:
    """The events as CSV (RFC 4180 quoting, UTF-8, ``\\n`` line ends): a header, one row per event."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for row in event_rows(graph):
        writer.writerow(row.values())
    return buffer.getvalue()


# --- GeoJSON ---------------------------------------------------------------------


def _property(column: str, value: str):
    if column in NUMERIC_COLUMNS:
        if not value:
            return None
        return float(value) if column in ("latitude", "longitude") else int(value)
    return value


def to_geojson(graph: Graph) -> str:
    """The events as a GeoJSON FeatureCollection (RFC 7946): one Feature per event, in the CSV's
    order, its properties the CSV's columns (numbers as numbers, empty as null), its geometry the
    Point of its nkg:location, or null when the graph does not place it."""
    features = []
    for row in event_rows(graph):
        point = None
        if row.latitude and row.longitude:
            point = {"type": "Point", "coordinates": [float(row.longitude), float(row.latitude)]}
        properties = {column: _property(column, getattr(row, column)) for column in EVENT_COLUMNS}
        properties["iri"] = str(row.iri)
        features.append({"type": "Feature", "id": row.event_id, "geometry": point, "properties": properties})
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + ("\n" if features else "") + "]}\n"


# --- JSON-LD ---------------------------------------------------------------------

_ID, _COUNT = "@id", "xsd:nonNegativeInteger"


def _jsonld_context() -> dict:
    context: dict = {
        "nkg": str(NKG), "nkgr": str(NKGR), "prov": str(PROV), "dcterms": str(DCTERMS), "skos": str(SKOS),
        "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "wd": "http://www.wikidata.org/entity/",
    }
    for cls in (
        "Article", "Mention", "Actor", "Person", "Organization", "ArmedGroup", "MediaOutlet", "AnonymousSource",
        "Place", "Country", "City", "Facility", "Area", "Event", "Attack", "RocketAttack", "AirStrike", "Bombing",
        "Killing", "Protest", "Deployment", "Withdrawal", "Truce", "Vote", "Claim", "Discrepancy",
    ):
        context[cls] = f"nkg:{cls}"
    context["Statement"] = "rdf:Statement"
    for prop in (
        "inArticle", "agent", "target", "place", "killed", "killedBy", "orderedBy", "participant", "claimant",
        "claimType", "accused", "about", "reportedBy", "memberOf", "leaderOf", "affiliatedWith", "locatedIn",
        "discrepancyOf", "onProperty", "conflictingStatement",
    ):
        context[prop] = {_ID: f"nkg:{prop}", "@type": _ID}
    for prop in ("start", "end", "textLength", "fatalities", "injuries", "projectiles", "troops"):
        context[prop] = {_ID: f"nkg:{prop}", "@type": _COUNT}
    for prop in ("date", "quote", "sha256", "text", "encoding", "statement", "role", "hedged", "negated", "resolutionNote"):
        context[prop] = {_ID: f"nkg:{prop}"}
    context.update({
        "label": {_ID: "rdfs:label"},
        "altLabel": {_ID: "skos:altLabel"},
        "identifier": {_ID: "dcterms:identifier"},
        "language": {_ID: "dcterms:language"},
        "title": {_ID: "dcterms:title"},
        "wasDerivedFrom": {_ID: "prov:wasDerivedFrom", "@type": _ID},
        "sameAs": {_ID: "owl:sameAs", "@type": _ID},
        "subject": {_ID: "rdf:subject", "@type": _ID},
        "predicate": {_ID: "rdf:predicate", "@type": _ID},
        "object": {_ID: "rdf:object"},
    })
    return context


# The @context of kg's JSON-LD: the prefixes, and a short term for each class and
# property of the contract vocabulary (IRIs typed as such, counts as xsd:nonNegativeInteger).
JSONLD_CONTEXT = _jsonld_context()


def _sort_key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _canonical(value, key: str | None = None):
    """Sort what JSON-LD leaves unordered (nodes, types, property values); keep @list order."""
    if isinstance(value, dict):
        return {k: _canonical(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return items if key == "@list" else sorted(items, key=_sort_key)
    return value


def to_jsonld(graph: Graph) -> str:
    """The whole graph as JSON-LD with :data:`JSONLD_CONTEXT` inline; parses back to the same graph."""
    graph = _stable(graph)  # stable blank node labels: same graph, same bytes
    data = json.loads(graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True))
    if isinstance(data, list):  # rdflib leaves an empty graph uncompacted
        data = {"@context": JSONLD_CONTEXT, "@graph": data}
    return json.dumps(_canonical(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- GraphML ---------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NODE_KEYS = (  # id, attr.name, attr.type
    ("label", "label", "string"), ("type", "type", "string"), ("category", "category", "string"),
    ("date", "date", "string"), ("event_type", "event_type", "string"),
    ("sub_event_type", "sub_event_type", "string"), ("fatalities", "fatalities", "int"),
    ("injuries", "injuries", "int"),
)
_EDGE_KEYS = (("edge_label", "label", "string"), ("property", "property", "string"))


def _xml_text(text: str) -> str:
    return escape(_XML_INVALID.sub("", text))


def _xml_attr(text: str) -> str:
    return quoteattr(_XML_INVALID.sub("", text))


def _node_id(node) -> str:
    return node.n3() if isinstance(node, BNode) else str(node)


def _category(graph: Graph, vocabulary: _Vocabulary, node) -> str | None:
    if _is(graph, vocabulary, node, NKG.Event):
        return "event"
    if _is(graph, vocabulary, node, NKG.Country):
        return "country"  # both an actor and a place
    if _is(graph, vocabulary, node, NKG.Actor):
        return "actor"
    if _is(graph, vocabulary, node, NKG.Place):
        return "place"
    return None


def to_graphml(graph: Graph) -> str:
    """Actors, places and events as GraphML nodes (id = IRI), the links between them as edges.

    Node attributes: label, type (most specific class), category (event, actor,
    place, country); events also date, event_type, sub_event_type, fatalities,
    injuries as in the events CSV. Edge attribute label is the property's local
    name (agent, target, place, killed, locatedIn…), property its IRI.
    """
    graph = _stable(graph)
    vocabulary = _vocabulary(graph)
    nodes: dict = {}
    for node in set(graph.subjects(RDF.type, None)):
        if isinstance(node, (URIRef, BNode)):
            category = _category(graph, vocabulary, node)
            if category is not None:
                nodes[node] = category
    events = {row.iri: row for row in event_rows(graph)}
    edges = set()
    for source in nodes:
        for prop, target in graph.predicate_objects(source):
            if prop in (RDF.type, NKG.location) or target not in nodes:
                continue  # nkg:location repeats a place or its container: the map's, not a link
            if prop == NKG.killedBy:  # kg writes it both ways: one edge, event → person
                edges.add((_node_id(target), str(NKG.killed), _node_id(source)))
            else:
                edges.add((_node_id(source), str(prop), _node_id(target)))

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    lines += [f'  <key id="{k}" for="node" attr.name="{name}" attr.type="{kind}"/>' for k, name, kind in _NODE_KEYS]
    lines += [f'  <key id="{k}" for="edge" attr.name="{name}" attr.type="{kind}"/>' for k, name, kind in _EDGE_KEYS]
    lines.append('  <graph id="kg" edgedefault="directed">')
    for node in sorted(nodes, key=_node_id):
        cls = vocabulary.most_specific(graph.objects(node, RDF.type))
        data = {"label": _label(graph, node), "type": _local(cls), "category": nodes[node]}
        row = events.get(node)
        if row is not None:
            data.update(
                date=row.event_date, event_type=row.event_type, sub_event_type=row.sub_event_type,
                fatalities=row.fatalities, injuries=row.injuries,
            )
        lines.append(f"    <node id={_xml_attr(_node_id(node))}>")
        lines += [
            f'      <data key="{key}">{_xml_text(data[key])}</data>' for key, _n, _t in _NODE_KEYS if data.get(key)
        ]
        lines.append("    </node>")
    for number, (source, prop, target) in enumerate(sorted(edges)):
        lines.append(f'    <edge id="e{number}" source={_xml_attr(source)} target={_xml_attr(target)}>')
        lines.append(f'      <data key="edge_label">{_xml_text(_local(prop))}</data>')
        lines.append(f'      <data key="property">{_xml_text(prop)}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


# --- one entry point ---------------------------------------------------------------

_EXPORTERS = {"events-csv": events_csv, "geojson": to_geojson, "jsonld": to_jsonld, "graphml": to_graphml}


def export_graph(graph: Graph, fmt: str) -> bytes:
    """The graph exported as ``fmt`` (one of :data:`FORMATS`), UTF-8 encoded; same graph, same bytes."""
    exporter = _EXPORTERS.get(fmt)
    if exporter is None:
        raise KgError("E040", fmt=fmt, choices=", ".join(FORMATS))
    return exporter(graph).encode("utf-8")


__all__ = [
    "ACLED_TYPES", "EVENT_COLUMNS", "FORMATS", "JSONLD_CONTEXT", "SUFFIX_FORMATS", "AcledType", "EventRow",
    "acled_type", "event_nodes", "event_rows", "events_csv", "export_graph", "to_geojson", "to_graphml", "to_jsonld",
]
