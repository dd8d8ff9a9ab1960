"""The typed model between NLP and RDF: plain dataclasses that tests build by hand.

Extractors produce ``EntityMention`` and ``EventMention`` objects for one
article; resolution turns them into ``Entity`` and ``Event`` nodes; the RDF
mapping only reads these classes, never spaCy objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# Entity kinds and the ontology class each maps to (see kg/rdf/rdfmap.py).
ENTITY_KINDS = (
    "person",
    "organization",
    "armed-group",
    "media",
    "place",
    "country",
    "city",
    "area",
    "facility",
    "source",  # an unnamed speaker: "une source militaire américaine" (one node per article)
)
PLACE_KINDS = frozenset({"place", "country", "city", "area", "facility"})


@dataclass(frozen=True, order=True)
class Article:
    """One input document, decoded. Offsets everywhere are into ``text``."""

    identifier: str
    text: str
    sha256: str
    body_start: int = 0  # where the parsed text starts (after a metadata line)
    date: Optional[str] = None  # lexical xsd:date / gYearMonth / gYear
    language: str = "fr"
    title: Optional[str] = None
    encoding: str = "utf-8"  # how the file's bytes were decoded
    media_type: str = "text/plain"  # "text/html" when markup was stripped

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


MAX_HEADLINE_CHARS = 200


def headline_end(article: Article) -> Optional[int]:
    """Where the article's headline ends: its first line, when that line is short and a
    paragraph follows (news as published: headline, then text); None otherwise."""
    body = article.body
    stripped = len(body) - len(body.lstrip())
    line_end = body.find("\n", stripped)
    if line_end < 0 or line_end - stripped > MAX_HEADLINE_CHARS or not body[line_end:].strip():
        return None
    if body[stripped:line_end].rstrip().endswith((".", "!", "?", ":")):
        return None  # a first paragraph, not a headline
    return article.body_start + line_end


@dataclass(frozen=True, order=True)
class Mention:
    """A span of an article: ``quote == article.text[start:end]``."""

    article_id: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class EntityMention:
    """A named thing found in one place of one article."""

    mention: Mention
    name: str  # the cleaned surface form, used as label candidate
    kind: str  # one of ENTITY_KINDS
    source: str = "ner"  # "ner", or what found it: "place-noun", "description", "demonym", "metonymy"…
    local: bool = False  # a description that names this article's thing only ("l'armée", "un témoin")
    aliases: tuple[str, ...] = ()  # shorter forms the same words give ("hommes armés")

    def __post_init__(self) -> None:
        if self.kind not in ENTITY_KINDS:
            raise ValueError(f"unknown entity kind {self.kind!r}")


@dataclass(frozen=True)
class RoleFiller:
    """An event role filled by an entity mention (``role`` is an nkg property name)."""

    role: str
    entity: EntityMention


@dataclass(frozen=True, order=True)
class EventValue:
    """A literal value of an event, with the words it was read from.

    ``prop`` is an nkg property (date, fatalities, injuries, projectiles,
    troops); ``value`` its lexical form ("2020-01-03", "7"); ``at_least`` marks
    a lower bound ("au moins 3 roquettes").
    """

    prop: str
    value: str
    mention: Mention
    at_least: bool = False


@dataclass(frozen=True)
class EventMention:
    """An event reported at one place of one article."""

    event_class: str  # local name of an nkg Event class, e.g. "RocketAttack"
    trigger: Mention
    label: str
    roles: tuple[RoleFiller, ...] = ()
    evidence: tuple[Mention, ...] = ()  # other words that support it (instrument nouns…)
    values: tuple[EventValue, ...] = ()
    word_classes: frozenset[str] = frozenset()  # the classes of all its words ("AirStrike", "Killing")
    sentence_persons: tuple[EntityMention, ...] = ()  # persons named in its sentence (for coreference)
    refers_back: bool = False  # names an event reported around it ("cette attaque", "le bilan")
    distinct: bool = False  # says it is another event than the one before ("une nouvelle attaque")
    definite: bool = False  # "l'attaque": most likely the one the article is about
    additive: bool = False  # "des roquettes se sont aussi abattues sur X": more of the event just told


@dataclass(frozen=True)
class RelationMention:
    """A relation stated at one place of one article: (subject, prop, object or literal)."""

    subject: EntityMention
    prop: str  # role, leaderOf, memberOf, affiliatedWith, locatedIn
    evidence: Mention
    obj: Optional[EntityMention] = None
    literal: Optional[str] = None


@dataclass(frozen=True)
class ClaimMention:
    """A claim made at one place of one article."""

    claim_type: str  # Accusation, Confirmation, Denial, Threat, Announcement, ResponsibilityClaim
    trigger: Mention  # the word of attribution
    claimants: tuple[EntityMention, ...]
    statement: Mention  # the claim's words, as written
    accused: tuple[EntityMention, ...] = ()
    reported_by: tuple[EntityMention, ...] = ()
    hedged: bool = False
    negated: bool = False


@dataclass
class ArticleExtraction:
    """Everything extracted from one article, before resolution."""

    article: Article
    entities: list[EntityMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)


@dataclass(frozen=True)
class GeoLink:
    """The GeoNames feature a place node is (kg.resolve.places), and why."""

    geonames_id: int
    feature_class: str  # "country" or "city"
    name: str  # GeoNames' name
    country_code: str  # ISO 3166-1 alpha-2
    iso_numeric: int  # ISO 3166-1 numeric (ACLED's iso)
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""  # the first-level division's name, when known

    @property
    def iri(self) -> str:
        return f"https://sws.geonames.org/{self.geonames_id}/"


@dataclass(frozen=True)
class EventLocation:
    """Where an event goes on a map: the linked place whose point it takes, and how
    precisely that place says where the event was (ACLED's geo_precision)."""

    key: str  # the entity key of the linked place
    precision: int  # 1 the town itself, 2 near it or part of a region, 3 only a larger region or the country
    note: str = ""


@dataclass
class Entity:
    """One node per real-world actor or place, with every mention of it."""

    key: str  # "{kind}_{slug}", the local name of its IRI: "person_qassem-soleimani" (unencoded)
    kind: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why mentions were merged into this node
    same_as: list[str] = field(default_factory=list)  # IRIs of the same thing elsewhere (gazetteer)
    geo: Optional[GeoLink] = None  # its GeoNames feature, for places (kg.resolve.places)
    geo_note: str = ""  # why it is linked to that feature, or why not


@dataclass
class Event:
    """One node per reported event; roles point at resolved entity keys."""

    article_id: str
    event_class: str
    label: str
    trigger: Mention
    roles: list[tuple[str, str, tuple[Mention, ...]]] = field(default_factory=list)  # (role, entity key, evidence)
    mentions: list[Mention] = field(default_factory=list)
    values: list[EventValue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why reports were merged into this event
    discrepancies: list[str] = field(default_factory=list)  # properties on which the sources disagree
    location: Optional[EventLocation] = None  # its point on a map, from its place (kg.resolve.places)

    @property
    def key(self) -> str:
        """The local name of its IRI (unencoded: kg.rdf.rdfmap.mint encodes it), as Entity.key."""
        return f"event_{self.article_id}_{self.trigger.start}"


@dataclass(frozen=True, order=True)
class Relation:
    """A resolved relation between actors and places, or an actor's title.

    ``obj`` is an entity key, or None when ``literal`` holds the value (nkg:role).
    """

    subject: str
    prop: str  # role, leaderOf, memberOf, affiliatedWith, locatedIn
    obj: Optional[str]
    literal: Optional[str]
    mentions: tuple[Mention, ...] = ()


@dataclass
class Claim:
    """A resolved claim: speakers, accused and outlets are entity keys; ``about`` are
    event keys (Event.key) or entity keys: local names, unencoded."""

    article_id: str
    claim_type: str
    trigger: Mention
    statement: Mention
    claimants: list[tuple[str, Mention]]
    accused: list[tuple[str, Mention]] = field(default_factory=list)
    reported_by: list[tuple[str, Mention]] = field(default_factory=list)
    about: list[str] = field(default_factory=list)
    hedged: bool = False
    negated: bool = False
    label: str = ""


@dataclass
class Corpus:
    """What the RDF mapping needs: articles, resolved entities, events, relations and claims."""

    articles: list[Article]
    entities: list[Entity]
    events: list[Event]
    relations: list[Relation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
