"""Rule-based extractors over a spaCy parse, one module per kind of thing.

Each extractor reads a ``Doc`` and returns model objects (``kg.model``); their
rules live in the tables of ``kg/data`` (see ``kg.extract.lexicon``).
"""
from __future__ import annotations

from ..model import Article, ArticleExtraction

__all__ = ["ArticleExtraction", "extract_article"]


def extract_article(article: Article, doc) -> ArticleExtraction:
    """Run every extractor over one parsed article, in order.

    Entity identity is decided first, once (``kg.extract.identity``); each later
    extractor reads the article, its Doc and what the earlier ones found, and
    returns typed model objects. The entities made for them (descriptions,
    countries of adjectives) join the extraction when some fact uses them.
    """
    from .claims import extract_claims
    from .dates import find_dates, token_dates
    from .entities import extract_entities
    from .events import extract_events
    from .relations import extract_relations

    index = extract_entities(article, doc)
    dates = token_dates(find_dates(doc, article.date, article.body))  # the metadata line's or the dateline's date
    events = extract_events(article, doc, index, dates)
    relations = extract_relations(article, doc, index)
    claims = extract_claims(article, doc, index)
    return ArticleExtraction(article, index.entities(), events, relations, claims)
