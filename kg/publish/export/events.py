"""The events of a graph as rows in ACLED's columns: what the events CSV, GeoJSON and
GraphML exports share (the mapping of kg's classes to ACLED's event types is
``ACLED_TYPES``, its reasons are in docs/exports.md)."""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, NamedTuple

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from ...geo import coordinate_text
from ...rdf.canonical import stable_blank_nodes
from ...rdf.namespaces import NKG, WGS84

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
class ClassTree:
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
    from ...resources import ontology_graph

    parents: dict = {}
    for sub, sup in ontology_graph().subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(sub, set()).add(sup)
    return parents


def class_tree(graph: Graph) -> ClassTree:
    """The ontology's class tree with the subclasses the graph adds."""
    parents = {cls: set(sups) for cls, sups in _ontology_parents().items()}
    for sub, sup in graph.subject_objects(RDFS.subClassOf):  # a graph may extend the class tree
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            parents.setdefault(sub, set()).add(sup)
    return ClassTree(parents)


def local_name(iri) -> str:
    """What follows the IRI's last # or / (the whole IRI when nothing does)."""
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


def node_label(graph: Graph, node) -> str:
    """The node's rdfs:label (French first), else its local name."""
    labels = sorted(graph.objects(node, RDFS.label), key=lambda lit: (getattr(lit, "language", None) != "fr", str(lit)))
    return str(labels[0]) if labels else local_name(node)


def _article_id(graph: Graph, article) -> str:
    identifier = graph.value(article, DCTERMS.identifier)
    return str(identifier) if identifier is not None else local_name(article)


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


def acled_type(vocabulary: ClassTree, cls) -> AcledType:
    """The ACLED type of a kg event class: its own entry, else its nearest listed superclass's."""
    for ancestor in vocabulary.ancestors(cls):
        if str(ancestor).startswith(str(NKG)) and local_name(ancestor) in ACLED_TYPES:
            return ACLED_TYPES[local_name(ancestor)]
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


def _countries(graph: Graph, vocabulary: ClassTree, places: Iterable) -> set:
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
    return sorted({node_label(graph, node) for node in nodes})


def _ranked(graph: Graph, nodes: Iterable) -> list[str]:
    """Labels of the nodes, the most mentioned first (Soleimani before his companions), then by label."""
    ranked = sorted((-len(set(graph.objects(node, PROV.wasDerivedFrom))), node_label(graph, node)) for node in set(nodes))
    return list(dict.fromkeys(label for _count, label in ranked))


def event_nodes(graph: Graph) -> dict[URIRef, URIRef]:
    """Every event node of the graph with its most specific event class."""
    vocabulary = class_tree(graph)
    classes: dict = {}
    for node, cls in graph.subject_objects(RDF.type):
        if isinstance(node, (URIRef, BNode)) and vocabulary.is_a(cls, NKG.Event):
            classes.setdefault(node, set()).add(cls)
    return {node: vocabulary.most_specific(found) for node, found in classes.items()}


def event_rows(graph: Graph) -> list[EventRow]:
    """One row per event node, in time order (undated events last), then by event_id."""
    graph = stable_blank_nodes(graph)
    vocabulary = class_tree(graph)
    rows = [_event_row(graph, vocabulary, node, cls) for node, cls in event_nodes(graph).items()]
    return sorted(rows, key=lambda row: (row.event_date == "", row.event_date, row.event_id, str(row.iri)))


def has_class(graph: Graph, vocabulary: ClassTree, node, root) -> bool:
    """Whether one of the node's classes is ``root`` or below it."""
    return any(vocabulary.is_a(cls, root) for cls in graph.objects(node, RDF.type))


def _event_row(graph: Graph, vocabulary: ClassTree, event, cls) -> EventRow:
    kind = acled_type(vocabulary, cls)
    row = EventRow(
        iri=event, kg_class=cls, event_id=local_name(event) if isinstance(event, URIRef) else event.n3(),
        event_type=kind.event_type, sub_event_type=kind.sub_event_type,
    )
    notes: list[str] = []
    label = node_label(graph, event).strip()
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
    victims = _ranked(graph, [t for t in targets if has_class(graph, vocabulary, t, NKG.Actor)]) or _ranked(graph, killed)
    row.actor2 = victims[0] if victims else ""

    # location: where it happened, else the place it targeted (an attack on a base happens there)
    places = [p for p in graph.objects(event, NKG.place)]
    if not places:
        places = [t for t in targets if has_class(graph, vocabulary, t, NKG.Place) and not has_class(graph, vocabulary, t, NKG.Country)]
    local = [p for p in places if not has_class(graph, vocabulary, p, NKG.Country)]
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
    notes.append(f"kg class: nkg:{local_name(cls)}." if str(cls).startswith(str(NKG)) else f"kg class: <{cls}>.")
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


def _fill_location(graph: Graph, vocabulary: ClassTree, event, row: EventRow) -> None:
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
        row.location = node_label(graph, location)
    if not row.country and code:
        countries = [c for c in graph.subjects(NKG.countryCode, Literal(code)) if has_class(graph, vocabulary, c, NKG.Country)]
        row.country = node_label(graph, min(countries, key=str)) if countries else ""


