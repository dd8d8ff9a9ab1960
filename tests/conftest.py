"""Shared fixtures: the seeds are parsed once per test session with the real model.

Lanes: a test is marked ``model`` when it uses a fixture that loads the model (MODEL_FIXTURES,
directly or through another fixture), ``browser`` when it uses the ``browser`` fixture,
``server`` when it uses one of SERVER_FIXTURES, and
``java`` tests are skipped, saying so, where there is no ``java``. Each test gets its own
cache folder (KG_CACHE_DIR); fixtures wider than a test share the session's, so that the
seeds are parsed once.
"""
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
# `kg build` caches extractions; in tests, away from the checkout (and from the user's cache).
# This folder is the one session- and module-scoped fixtures share (see `own_cache_folder`).
SESSION_CACHE = tempfile.mkdtemp(prefix="kg-test-cache-")
os.environ["KG_CACHE_DIR"] = SESSION_CACHE
# kg.geo's GeoNames index too (built once per session; set KG_GEO_CACHE to keep one between sessions)
os.environ.setdefault("KG_GEO_CACHE", tempfile.mkdtemp(prefix="kg-test-geo-"))

# fixtures that load fr_core_news_md: a test using one, even through another fixture, is `model`
MODEL_FIXTURES = {"nlp", "parse", "seeds_result", "seeds_extractions", "seeds_corpus", "seeds_graph_path", "seeds_graph"}
# fixtures that start an HTTP server (modules of server tests mark themselves with pytestmark)
SERVER_FIXTURES = {"recorder"}


def pytest_collection_modifyitems(config, items):
    no_java = pytest.mark.skip(reason="HermiT (owlready2's reasoner) needs Java: put a JRE's `java` on PATH to run this test")
    java_missing = shutil.which("java") is None
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & MODEL_FIXTURES or item.get_closest_marker("corpus"):  # corpus tests parse the corpus
            item.add_marker(pytest.mark.model)
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & SERVER_FIXTURES:
            item.add_marker(pytest.mark.server)
        if java_missing and item.get_closest_marker("java"):
            item.add_marker(no_java)


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory, monkeypatch):
    """Each test its own `kg build` cache: what one test cached never answers another's build."""
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path_factory.mktemp("kg-cache")))


@pytest.fixture
def shared_cache(monkeypatch) -> Path:
    """For a test that builds the seeds only to read the graph: the session's cache, where they are parsed once."""
    monkeypatch.setenv("KG_CACHE_DIR", SESSION_CACHE)
    return Path(SESSION_CACHE)


@pytest.fixture(scope="session")
def nlp():
    from kg.build.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def seeds_result(nlp):
    from kg.build.pipeline import build_corpus

    return build_corpus([SEEDS], cache_dir=Path(SESSION_CACHE))


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
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "-o", str(out), "--cache-dir", SESSION_CACHE])
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
