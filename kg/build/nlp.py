"""Run spaCy's French model over article bodies.

The model is loaded once per process; ``parse_articles`` yields one spaCy
``Doc`` per article whose character offsets are relative to the article body
(add ``article.body_start`` to get offsets into the full text).

Before the parser, ``kg_segments`` marks sentence starts the parser cannot see
in news as scraped: a line break ends a sentence (headlines, one sentence per
line), "Lire aussi :" opens a link headline of its own, and a capitalized
sentence opener right after a lower-case word starts a sentence that lost its
full stop (``kg/data/segment_starters.tsv``).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from typing import Iterable, Iterator

from ..errors import KgError
from ..model import Article
from ..resources import data_path

MODEL_NAME = "fr_core_news_md"
SEGMENTER = "kg_segments"


@lru_cache(maxsize=1)
def segment_starters() -> dict[str, bool]:
    """Sentence openers (lower case) → whether they also begin names."""
    with data_path("segment_starters.tsv").open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return {row["word"]: row["names"] == "yes" for row in csv.DictReader(lines, delimiter="\t")}


def mark_segments(doc):
    """Set the sentence starts of line breaks, "Lire aussi :" and glued sentences."""
    starters = segment_starters()
    tokens = list(doc)
    for i, token in enumerate(tokens[1:], start=1):
        previous = tokens[i - 1]
        if token.is_space:
            continue
        if previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
        elif token.lower_ == "lire" and i + 1 < len(tokens) and tokens[i + 1].lower_ == "aussi" \
                and not (previous.lower_ in ("a", "à") and previous.text[:1].isupper()):
            token.is_sent_start = True
        elif token.lower_ in ("a", "à") and token.text[:1].isupper() and i + 2 < len(tokens) \
                and tokens[i + 1].lower_ == "lire" and tokens[i + 2].lower_ == "aussi":
            token.is_sent_start = True  # "A lire aussi :"
        elif previous.text == ":" and i >= 3 and tokens[i - 2].lower_ == "aussi" and tokens[i - 3].lower_ == "lire":
            token.is_sent_start = True  # the link headline after "Lire aussi :"
        elif token.is_title and previous.is_alpha and previous.is_lower and not previous.is_space:
            opener = token.lower_
            if opener not in starters:
                continue
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if starters[opener] and following is not None and following.text[:1].isupper():
                continue  # "selon Le Monde", "à La Haye"
            token.is_sent_start = True
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(SEGMENTER):
        Language.component(SEGMENTER, func=mark_segments)


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
    _register()
    nlp.add_pipe(SEGMENTER, before="parser")
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
