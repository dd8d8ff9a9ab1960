"""The build pipeline: read → parse → extract → resolve → RDF, as one call.

``build_corpus`` is the importable API behind ``kg build``; the CLI adds only
argument parsing, the progress bar and the summary.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional

from .cache import ExtractionCache
from ..errors import KgError
from ..resolve.known_actors import load_gazetteer
from ..model import Corpus
from ..perf import gc_paused
from . import DEFAULT_MAX_BYTES
from .reader import SkippedInput, read_articles


@dataclass
class BuildResult:
    corpus: Corpus
    skipped: list[SkippedInput] = field(default_factory=list)
    seconds: float = 0.0
    cached: int = 0  # articles whose extraction came from the cache


def build_corpus(
    paths: Iterable[str | os.PathLike],
    progress: Optional[Callable[[int], None]] = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_articles: Optional[Callable[[int], None]] = None,
    gazetteer: Optional[str | os.PathLike] = None,
    jobs: int = 1,
    cache_dir: Optional[str | os.PathLike] = None,
    any_language: bool = False,
    dask: Optional[str] = None,
) -> BuildResult:
    """Build the resolved corpus of every readable article under ``paths``.

    ``on_articles(n)`` is called once the articles are read; ``progress(1)``
    after each article is parsed and extracted. ``gazetteer`` is an optional
    file of known actors (``kg.resolve.known_actors``); ``jobs`` the number of processes
    that parse (the output does not depend on it). With ``cache_dir``, articles
    extracted before by the same pipeline are not parsed again (``kg.build.cache``);
    the output is the same. ``any_language`` keeps texts that do not look French.
    ``dask`` is a Dask scheduler address (or ``local[:N]``): the articles to
    parse are parsed and extracted there (``kg.build.distributed``), the rest here.
    """
    from ..extract import extract_article
    from .nlp import parse_articles
    from ..resolve import resolve

    started = time.perf_counter()
    known = load_gazetteer(gazetteer) if gazetteer else []  # fail before the long part
    articles, skipped = read_articles(paths, max_bytes=max_bytes, check_language=not any_language)
    if not articles:
        reasons = "; ".join(f"{s.path}: {s.reason}" for s in skipped) or "no .txt file found"
        raise KgError("E001", detail=reasons)
    cache = ExtractionCache(cache_dir).open() if cache_dir is not None else None  # before the long part
    if on_articles:
        on_articles(len(articles))
    extracted = {}
    to_parse = []
    for article in articles:
        hit = cache.get(article) if cache else None
        if hit is None:
            to_parse.append(article)
            continue
        extracted[article.identifier] = hit
        if progress:
            progress(1)
    if to_parse and dask:
        from .distributed import extract_on_dask

        for extraction in extract_on_dask(to_parse, dask, progress=progress):
            extracted[extraction.article.identifier] = extraction
            if cache:
                cache.put(extraction)
    elif to_parse:  # all from the cache: spaCy is not even loaded
        for article, doc in parse_articles(to_parse, jobs=jobs):
            extraction = extract_article(article, doc)
            extracted[article.identifier] = extraction
            if cache:
                cache.put(extraction)
            if progress:
                progress(1)
    if cache:
        cache.prune()
    with gc_paused():
        corpus = resolve([extracted[a.identifier] for a in articles], known)
    return BuildResult(corpus, skipped, time.perf_counter() - started, cached=len(articles) - len(to_parse))
