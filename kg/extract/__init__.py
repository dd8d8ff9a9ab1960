"""Rule-based extractors over a spaCy parse, one module per kind of thing.

Every extractor has one shape: it reads :class:`Findings` (the article, its Doc
and what the extractors before it found) and adds its own typed model objects
(``kg.model``) to them. :data:`EXTRACTORS` lists them in the order they run;
their rules live in the tables of ``kg/data`` (see ``kg.extract.lexicon``).

Entity identity is decided first, once, by the entity extractor
(``kg.extract.identity``): metonymy, demonyms, descriptions, speakers and one
kind per name per article. Later extractors ask that index for the entity a
word stands for; the entities made for them (descriptions, countries of
adjectives) join the extraction when some fact uses them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from ..model import Article, ArticleExtraction, ClaimMention, EventMention, RelationMention

__all__ = ["EXTRACTORS", "ArticleExtraction", "Extractor", "Findings", "extract_article"]


@dataclass
class Findings:
    """What the extractors have found so far in one parsed article."""

    article: Article
    doc: object  # the spaCy Doc of ``article.body``
    index: Optional[object] = None  # kg.extract.identity.EntityIndex, from the entity extractor
    dates: dict = field(default_factory=dict)  # token index → kg.extract.dates.DateExpression
    events: list[EventMention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)

    def extraction(self) -> ArticleExtraction:
        """The article's extraction: its entities are those named, and those made that a fact uses."""
        return ArticleExtraction(self.article, self.index.entities(), self.events, self.relations, self.claims)


@dataclass(frozen=True)
class Extractor:
    """One extractor: ``run`` reads the findings named in ``needs`` and fills ``provides``."""

    name: str
    needs: tuple[str, ...]
    provides: str
    run: Callable[[Findings], None]


def _entities(found: Findings) -> None:
    from .entities import extract_entities

    found.index = extract_entities(found.article, found.doc)


def _dates(found: Findings) -> None:
    from .dates import find_dates, token_dates

    # the metadata line's or the dateline's date is the reference
    found.dates = token_dates(find_dates(found.doc, found.article.date, found.article.body))


def _events(found: Findings) -> None:
    from .events import extract_events

    found.events = extract_events(found.article, found.doc, found.index, found.dates)


def _relations(found: Findings) -> None:
    from .relations import extract_relations

    found.relations = extract_relations(found.article, found.doc, found.index)


def _claims(found: Findings) -> None:
    from .claims import extract_claims

    found.claims = extract_claims(found.article, found.doc, found.index, found.events)


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("entities", (), "index", _entities),
    Extractor("dates", (), "dates", _dates),
    Extractor("events", ("index", "dates"), "events", _events),
    Extractor("relations", ("index",), "relations", _relations),
    Extractor("claims", ("index", "events"), "claims", _claims),
)


def extract_article(article: Article, doc, extractors: tuple[Extractor, ...] = EXTRACTORS) -> ArticleExtraction:
    """Run the extractors over one parsed article, in order, and return what they found."""
    found = Findings(article, doc)
    for extractor in extractors:
        extractor.run(found)
    return found.extraction()
