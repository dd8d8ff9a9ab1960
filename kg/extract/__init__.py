"""Rule-based extractors over a spaCy parse, one module per kind of thing.

Each extractor reads a ``Doc`` and returns model objects (``kg.model``); their
rules live in the tables of ``kg/data`` (see ``kg.extract.lexicon``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, EntityMention, EventMention


@dataclass
class ArticleExtraction:
    """Everything extracted from one article, before resolution."""

    article: Article
    entities: list[EntityMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)


def extract_article(article: Article, doc) -> ArticleExtraction:
    """Run every extractor over one parsed article."""
    from .entities import extract_entities
    from .events import extract_events

    entities, token_entities = extract_entities(article, doc)
    events = extract_events(article, doc, token_entities)
    return ArticleExtraction(article, entities, events)
