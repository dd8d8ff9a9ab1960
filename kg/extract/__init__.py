"""Rule-based extractors over a spaCy parse, one module per kind of thing.

Each extractor reads a ``Doc`` and returns model objects (``kg.model``); their
rules live in the tables of ``kg/data`` (see ``kg.extract.lexicon``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, ClaimMention, EntityMention, EventMention, RelationMention


@dataclass
class ArticleExtraction:
    """Everything extracted from one article, before resolution."""

    article: Article
    entities: list[EntityMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    claims: list[ClaimMention] = field(default_factory=list)


def extract_article(article: Article, doc) -> ArticleExtraction:
    """Run every extractor over one parsed article."""
    from .claims import extract_claims
    from .dates import find_dates, token_dates
    from .entities import extract_entities
    from .events import extract_events
    from .relations import extract_relations

    entities, token_entities = extract_entities(article, doc)
    dates = token_dates(find_dates(doc, article.date))
    events, role_entities, replacements = extract_events(article, doc, token_entities, dates)
    if replacements:  # a city acting as its country is the country wherever it is used
        entities = [replacements.get(e.mention, e) for e in entities]
        token_entities = {i: replacements.get(e.mention, e) for i, e in token_entities.items()}
    relations, relation_entities = extract_relations(article, doc, entities, token_entities)
    claims, speakers = extract_claims(article, doc, token_entities)
    made = {e.mention: e for e in role_entities + relation_entities + speakers}  # one demonym, one entity
    replaced = {e.mention: e for e in entities}
    for mention, entity in made.items():
        replaced[mention] = entity  # a capital speaking is its country here too
    return ArticleExtraction(article, [replaced[m] for m in sorted(replaced)], events, relations, claims)
