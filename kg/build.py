"""The build pipeline: read → parse → extract → resolve → RDF, as one call.

``build_corpus`` is the importable API behind ``kg build``; the CLI adds only
argument parsing, the progress bar and the summary.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .errors import KgError
from .gazetteer import load_gazetteer
from .model import Corpus
from .reader import DEFAULT_MAX_BYTES, SkippedInput, read_articles


@dataclass
class BuildResult:
    corpus: Corpus
    skipped: list[SkippedInput] = field(default_factory=list)
    seconds: float = 0.0


def build_corpus(
    paths: Iterable[str | os.PathLike],
    progress: Optional[Callable[[int], None]] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_articles: Optional[Callable[[int], None]] = None,
    gazetteer: Optional[str | os.PathLike] = None,
    jobs: int = 1,
) -> BuildResult:
    """Build the resolved corpus of every readable article under ``paths``.

    ``on_articles(n)`` is called once the articles are read; ``progress(1)``
    after each article is parsed and extracted. ``gazetteer`` is an optional
    file of known actors (``kg.gazetteer``); ``jobs`` the number of processes
    that parse (the output does not depend on it).
    """
    from .extract import extract_article
    from .nlp import parse_articles
    from .resolve import resolve

    started = time.perf_counter()
    known = load_gazetteer(gazetteer) if gazetteer else []  # fail before the long part
    articles, skipped = read_articles(paths, max_bytes=max_bytes)
    if not articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped) or "no .txt file found"
        raise KgError("E001", detail=reasons)
    if on_articles:
        on_articles(len(articles))
    extractions = []
    for article, doc in parse_articles(articles, jobs=jobs):
        extractions.append(extract_article(article, doc))
        if progress:
            progress(1)
    corpus = resolve(extractions, known)
    return BuildResult(corpus, skipped, time.perf_counter() - started)
