"""Shared fixtures: the seeds are parsed once per test session with the real model."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# `kg build` caches extractions; in tests, away from the checkout (and from the user's cache)
os.environ["KG_CACHE_DIR"] = tempfile.mkdtemp(prefix="kg-test-cache-")
# kg.geo's GeoNames index too (built once per session; set KG_GEO_CACHE to keep one between sessions)
os.environ.setdefault("KG_GEO_CACHE", tempfile.mkdtemp(prefix="kg-test-geo-"))


@pytest.fixture(scope="session")
def nlp():
    from kg.build.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seeds_result(nlp):
    from kg.build.pipeline import build_corpus

    return build_corpus([SEEDS])


@pytest.fixture(scope="session")
def seeds_extractions(nlp):
    """Each seed article's extraction, before resolution."""
    from kg.extract import extract_article
    from kg.build.reader import read_articles

    articles, _ = read_articles([SEEDS])
    return [extract_article(article, nlp(article.body)) for article in articles]


@pytest.fixture(scope="session")
def seeds_corpus(seeds_result):
    return seeds_result.corpus


@pytest.fixture(scope="session")
def seeds_graph_path(tmp_path_factory, nlp) -> Path:
    """The seeds graph written by the real CLI, as a user would build it."""
    from kg.cli import cli

    out = tmp_path_factory.mktemp("seeds") / "graph.ttl"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def seeds_graph(seeds_graph_path):
    import rdflib

    return rdflib.Graph().parse(seeds_graph_path)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def parse(nlp):
    """Extract from one French text given inline: returns the ArticleExtraction."""
    import hashlib

    from kg.extract import extract_article
    from kg.model import Article

    def run(text: str, identifier: str = "t"):
        article = Article(identifier, text, hashlib.sha256(text.encode()).hexdigest())
        return extract_article(article, nlp(article.body))

    return run


def copy_seeds(target: Path, names=None) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(SEEDS.glob("*.txt")):
        if names is None or path.name in names:
            shutil.copy(path, target / path.name)
    return target


def found_events(extraction):
    """(class, {(role, name)}, {(value property, value)}) for each event of an extraction."""
    return [
        (e.event_class, {(r.role, r.entity.name) for r in e.roles}, {(v.prop, v.value) for v in e.values})
        for e in extraction.events
    ]
