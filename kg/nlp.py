"""Run spaCy's French model over article bodies.

The model is loaded once per process; ``parse_articles`` yields one spaCy
``Doc`` per article whose character offsets are relative to the article body
(add ``article.body_start`` to get offsets into the full text).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from .errors import KgError
from .model import Article

MODEL_NAME = "fr_core_news_md"


@lru_cache(maxsize=2)
def load_model(name: str = MODEL_NAME):
    """Load the spaCy pipeline (cached); raise KgError E003 if it is missing."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise KgError("E003", model=name) from err
    # Articles of several MB are legitimate input; the parser's memory is the
    # real bound, and kg reads one article at a time.
    nlp.max_length = max(nlp.max_length, 20_000_000)
    return nlp


def parse_articles(articles: Iterable[Article], batch_size: int = 16, jobs: int = 1) -> Iterator[tuple[Article, object]]:
    """Yield (article, Doc of its body) in input order.

    ``jobs`` > 1 parses in that many processes (spaCy's ``n_process``); spaCy
    keeps the input order, so the output is the same as with one.
    """
    nlp = load_model()
    articles = list(articles)
    jobs = max(1, min(jobs, len(articles)))
    docs = nlp.pipe((a.body for a in articles), batch_size=batch_size, n_process=jobs)
    yield from zip(articles, docs)
