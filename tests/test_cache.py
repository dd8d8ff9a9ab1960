"""Incremental builds: unchanged articles come from the extraction cache, the
graph is the same as a full build, and a changed pipeline starts afresh."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import kg.build.nlp
from kg.build.pipeline import build_corpus
from kg.build.cache import TAG, ExtractionCache, pipeline_fingerprint
from kg.cli import cli
from kg.rdf.writer import serialize
from tests.conftest import ROOT, SEEDS

FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def parsed(monkeypatch, nlp):
    """Records the identifiers of the articles spaCy parses."""
    seen: list[str] = []
    real = kg.build.nlp.parse_articles

    def spy(articles, **kwargs):
        articles = list(articles)
        seen.extend(a.identifier for a in articles)
        return real(articles, **kwargs)

    monkeypatch.setattr(kg.build.nlp, "parse_articles", spy)
    return seen


def corpus_dir(tmp_path, files):
    folder = tmp_path / "corpus"
    folder.mkdir(exist_ok=True)
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def test_adding_one_article_parses_only_that_article(tmp_path, parsed):
    cache = tmp_path / "cache"
    folder = corpus_dir(tmp_path, FILES[:4])
    first = build_corpus([folder], cache_dir=cache)
    assert first.cached == 0 and len(parsed) == 4
    parsed.clear()
    again = build_corpus([folder], cache_dir=cache)
    assert again.cached == 4 and parsed == []
    assert serialize(again.corpus, "ttl") == serialize(first.corpus, "ttl")
    corpus_dir(tmp_path, FILES[4:])  # a fifth article arrives
    incremental = build_corpus([folder], cache_dir=cache)
    assert parsed == [FILES[4].stem] and incremental.cached == 4
    # resolution ran over all five: the same graph as a build from scratch
    assert serialize(incremental.corpus, "ttl") == serialize(build_corpus([folder]).corpus, "ttl")


def test_a_changed_article_is_parsed_again(tmp_path, parsed):
    cache = tmp_path / "cache"
    folder = corpus_dir(tmp_path, FILES[:2])
    build_corpus([folder], cache_dir=cache)
    parsed.clear()
    changed = folder / FILES[1].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\nLe Parlement irakien a voté mardi le départ des troupes étrangères.\n",
                       encoding="utf-8")
    result = build_corpus([folder], cache_dir=cache)
    assert parsed == [FILES[1].stem] and result.cached == 1
    assert any(e.event_class == "Vote" and e.article_id == FILES[1].stem for e in result.corpus.events)


def test_broken_entries_are_parsed_again(tmp_path, parsed):
    cache = tmp_path / "cache"
    folder = corpus_dir(tmp_path, FILES[:2])
    expected = serialize(build_corpus([folder], cache_dir=cache).corpus, "ttl")
    for entry in (cache / pipeline_fingerprint()).rglob("*.json"):
        entry.write_bytes(entry.read_bytes()[:40])  # truncated, as by a crash
    parsed.clear()
    result = build_corpus([folder], cache_dir=cache)
    assert sorted(parsed) == [p.stem for p in FILES[:2]] and result.cached == 0
    assert serialize(result.corpus, "ttl") == expected


def test_another_pipeline_starts_a_fresh_cache_and_prunes_the_old(tmp_path, nlp):
    cache = tmp_path / "cache"
    old = cache / ("0" * len(pipeline_fingerprint()))  # as an older kg left it: its tag, its entries
    (old / "ab").mkdir(parents=True)
    (old / "ab" / ("ab" + "0" * 62 + ".pickle")).write_bytes(b"from an older kg")
    (cache / "CACHEDIR.TAG").write_bytes(TAG)
    build_corpus([FILES[0]], cache_dir=cache)
    assert not old.exists() and (cache / pipeline_fingerprint()).is_dir()
    assert (cache / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_entries_are_keyed_by_content_not_by_name(tmp_path, nlp):
    cache = ExtractionCache(tmp_path / "cache").open()
    from kg.build.reader import read_articles

    (one,), _ = read_articles([FILES[0]])
    assert cache.get(one) is None and cache.misses == 1
    twin = tmp_path / FILES[0].name
    twin.write_text(FILES[0].read_text(encoding="utf-8").replace("Bagdad", "Mossoul"), encoding="utf-8")
    (other,), _ = read_articles([twin])
    assert other.identifier == one.identifier and other.sha256 != one.sha256
    from kg.model import ArticleExtraction

    cache.put(ArticleExtraction(one))
    assert cache.get(one) is not None and cache.get(other) is None


def test_cli_reports_cached_articles_and_no_cache_forces_a_parse(runner, tmp_path, nlp):
    cache = tmp_path / "cache"
    args = ["build", str(FILES[0]), str(FILES[1]), "-o", str(tmp_path / "g.ttl"), "--cache-dir", str(cache)]
    assert runner.invoke(cli, args).exit_code == 0
    second = runner.invoke(cli, args)
    assert "2 articles read (2 from the cache)" in second.stderr
    forced = runner.invoke(cli, [*args, "--no-cache"])
    assert "from the cache" not in forced.stderr


def test_a_build_served_from_the_cache_does_not_load_spacy(tmp_path, nlp):
    cache = tmp_path / "cache"
    build_corpus(FILES[:2], cache_dir=cache)
    code = (
        "import sys\n"
        "from kg.build.pipeline import build_corpus\n"
        f"result = build_corpus({[str(p) for p in FILES[:2]]!r}, cache_dir={str(cache)!r})\n"
        "print(result.cached, 'spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == ["2", "False"]
