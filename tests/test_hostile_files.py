"""Hostile and careless files: a cache folder of the user's, planted cache
entries, file names that are not IRIs, pipes and devices in the corpus, the
modes of what kg writes, a build interrupted while it writes.

Fast: the tests of files and caches stand in for the NLP stage with a tiny
extractor (``fake_nlp``); one test runs the real pipeline on tiny articles,
for what only it shows (file names all the way to a graph that conforms).
"""
from __future__ import annotations

import json
import os
import pickle
import re
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.extract
import kg.build.nlp
from kg.build.cache import FORMAT, TAG, ExtractionCache, article_key, pipeline_fingerprint
from kg.cli import cli
from kg.errors import KgError
from kg.model import ArticleExtraction
from kg.files import TooLarge, read_regular_file, write_bytes_atomic
from kg.model import Article, EntityMention, Mention
from kg.rdf.rdfmap import mint
from kg.build.reader import article_identifier, read_articles
from kg.rdf.writer import serialize, write_atomic
from tests.conftest import ROOT

TEXT = "date 2020-01-03\nUne roquette a frappé jeudi la base de Bagdad, a indiqué une source militaire.\n"
NKGR = "https://w3id.org/newskg/id/"
HOSTILE_NAMES = ["%41é ü", 'guillemet"double', "<>{}|^`\\", "new\nline", "événement", "tab\there", "a'b#c?d&e"]


def extract_first_city(article: Article, _doc=None) -> ArticleExtraction:
    """The fake NLP stage: "Bagdad", wherever it is, is a city (no spaCy, same data flow)."""
    start = article.text.index("Bagdad")
    mention = Mention(article.identifier, start, start + 6, "Bagdad")
    return ArticleExtraction(article, [EntityMention(mention, "Bagdad", "city")])


FAKE_NLP = (  # the same stand-in, for builds run in a process of their own
    "import kg.extract, kg.build.nlp, tests.test_hostile_files as t\n"
    "kg.build.nlp.parse_articles = lambda articles, jobs=1: ((a, None) for a in articles)\n"
    "kg.extract.extract_article = t.extract_first_city\n"
)


@pytest.fixture
def fake_nlp(monkeypatch):
    monkeypatch.setattr(kg.build.nlp, "parse_articles", lambda articles, jobs=1: ((a, None) for a in articles))
    monkeypatch.setattr(kg.extract, "extract_article", extract_first_city)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (links not followed) with its bytes (None for folders and links)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        out[str(path.relative_to(folder))] = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    return out


def article(text: str = TEXT, identifier: str = "a") -> Article:
    import hashlib

    return Article(identifier, text, hashlib.sha256(text.encode()).hexdigest(), body_start=16, date="2020-01-03")


# --- special files: read only regular files, never past the byte limit -----------------


def test_pipes_and_devices_in_the_corpus_are_skipped_without_waiting(tmp_path, corpus):
    os.mkfifo(corpus / "pipe.txt")
    os.symlink("/dev/zero", corpus / "zero.txt")
    os.symlink("/dev/null", corpus / "null.txt")
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # reading /dev/zero would hit this\n"
        "from kg.build.reader import read_articles\n"
        f"articles, skipped = read_articles([{str(corpus)!r}, {str(corpus / 'pipe.txt')!r}])\n"
        "print([a.identifier for a in articles])\n"
        "for s in skipped: print(s.path, '|', s.reason)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "['a']",
        f"{corpus / 'null.txt'} | not a regular file (a character device)",
        f"{corpus / 'pipe.txt'} | not a regular file (a named pipe)",
        f"{corpus / 'zero.txt'} | not a regular file (a character device)",
    ]


def test_the_build_reports_special_files_one_line_each(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    os.symlink("/dev/zero", folder / "zero.txt")
    out = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "-o", str(tmp_path / "g.ttl")],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.strip() == (f"Error [E001]: No article could be built: {folder / 'pipe.txt'}: not a regular file "
                                  f"(a named pipe); {folder / 'zero.txt'}: not a regular file (a character device)")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_byte_limit_holds_for_a_file_larger_than_stat_says(tmp_path):
    link = tmp_path / "status.txt"
    os.symlink("/proc/self/status", link)  # a regular file whose size reads 0
    assert link.stat().st_size == 0 and len(Path("/proc/self/status").read_bytes()) > 100
    with pytest.raises(TooLarge):
        read_regular_file(link, 100)
    _, skipped = read_articles([link], max_bytes=100)
    assert [s.reason for s in skipped] == ["too large (more bytes > 100)"]


# --- what kg writes: the umask's mode, and nothing left behind on errors ----------------


@pytest.fixture
def umask():
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)], ids=["022", "027", "077"])
def test_written_files_have_the_mode_the_umask_gives(tmp_path, corpus, fake_nlp, runner, umask, mask, mode):
    umask(mask)
    write_atomic(tmp_path / "x.ttl", b"")
    cache = tmp_path / "cache"
    graph = tmp_path / "out" / "graph.ttl"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(graph), "--cache-dir", str(cache)]).exit_code == 0
    written = [tmp_path / "x.ttl", graph, cache / "CACHEDIR.TAG", *(p for p in cache.rglob("*.json"))]
    assert len(written) == 4
    assert {str(p): stat.S_IMODE(p.stat().st_mode) for p in written} == {str(p): mode for p in written}


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"the previous graph")
    with pytest.raises(TypeError):
        write_bytes_atomic(target, "not bytes")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"] and target.read_bytes() == b"the previous graph"


# --- file names become IRIs that every syntax writes and every parser reads ------------

RFC3986_SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*\Z")


@given(st.text(st.characters(blacklist_categories=())))  # any code point, lone surrogates too
def test_mint_gives_a_valid_iri_that_keeps_the_whole_name(name):
    iri = str(mint(name))
    assert iri.startswith(NKGR) and RFC3986_SEGMENT.match(iri[len(NKGR):])
    assert unquote_to_bytes(iri[len(NKGR):]) == name.encode("utf-8", "surrogatepass")  # so distinct names: distinct IRIs
    assert mint.__wrapped__(name) == mint(name)  # deterministic, not an artefact of its memo


def parse_everywhere(data: bytes, fmt: str) -> set[tuple[str, str, str]]:
    """The triples of ``data`` as read by rdflib and by Oxigraph, after checking that both read the same."""
    rdflib_format, ox_format = {"ttl": ("turtle", ox.RdfFormat.TURTLE), "nt": ("nt", ox.RdfFormat.N_TRIPLES),
                                "trig": ("trig", ox.RdfFormat.TRIG)}[fmt]
    graph = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    graph.parse(data=data, format=rdflib_format)
    by_rdflib = {tuple(str(t) for t in q[:3]) for q in (graph.quads() if fmt == "trig" else graph)}
    by_oxigraph = {(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(data, format=ox_format)}
    assert by_rdflib == by_oxigraph
    return by_oxigraph


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40))
def test_any_identifier_gives_a_graph_both_parsers_read(identifier):
    text = "Une roquette a frappé Bagdad."
    one = Article(identifier, text, "0" * 64)
    city = EntityMention(Mention(identifier, 22, 28, "Bagdad"), "Bagdad", "city")
    from kg.resolve import resolve

    corpus = resolve([ArticleExtraction(one, [city])])
    node = str(mint(f"article_{identifier}"))
    for fmt in ("ttl", "nt", "trig"):
        triples = parse_everywhere(serialize(corpus, fmt)[0], fmt)
        assert (node, "http://purl.org/dc/terms/identifier", identifier) in triples


@given(st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_a_file_name_of_any_bytes_gives_an_identifier_of_text(raw):
    identifier = article_identifier(Path(os.fsdecode(raw + b".txt")))
    identifier.encode("utf-8")  # no surrogate escapes: every RDF syntax can write it
    if raw.decode("utf-8", "ignore").encode() == raw:
        assert identifier == os.fsdecode(raw)  # UTF-8 names are kept as they are


def test_hostile_file_names_build_a_graph_that_parses_and_conforms(runner, tmp_path, nlp):
    from kg.check.validate import validate

    folder = tmp_path / "corpus"
    folder.mkdir()
    for i, name in enumerate(HOSTILE_NAMES):  # a different attack in each, so that each has its event
        (folder / f"{name}.txt").write_text(TEXT.replace("jeudi", ["jeudi", "lundi", "mardi", "mercredi", "vendredi",
                                                                    "samedi", "dimanche"][i]), encoding="utf-8")
    (folder / os.fsdecode(b"\xe9t\xe9.txt")).write_bytes(TEXT.encode())  # a Latin-1 file name
    graphs = {}
    for fmt in ("ttl", "nt", "trig"):
        out = tmp_path / f"graph.{fmt}"
        result = runner.invoke(cli, ["build", str(folder), "-o", str(out), "--no-cache"])
        assert result.exit_code == 0, result.output
        graphs[fmt] = parse_everywhere(out.read_bytes(), fmt)
    assert graphs["ttl"] == graphs["nt"] == graphs["trig"]
    identifiers = {o for s, p, o in graphs["nt"] if p == "http://purl.org/dc/terms/identifier"}
    assert identifiers == {*HOSTILE_NAMES, "été"}
    subjects = {s for s, _p, _o in graphs["nt"]}
    about = {o for _s, p, o in graphs["nt"] if p.endswith("#about")}
    assert about and about <= subjects  # every claim is about a node of the graph
    assert str(mint(f"event_événement_{TEXT.index('frappé')}")) in subjects
    report = validate(rdflib.Graph().parse(tmp_path / "graph.ttl"))
    assert report.conforms, report.text
    assert runner.invoke(cli, ["validate", str(tmp_path / "graph.ttl")]).exit_code == 0


# --- the cache folder: only kg's, and only kg's files pruned ----------------------


def test_a_folder_of_the_users_is_refused_and_left_as_it_was(runner, tmp_path, corpus):
    mine = tmp_path / "mine"
    for folder in ("abcdefghij0123456789", "0123456789abcdef0123", "0123456789abcdef0123/ab"):  # 20 characters
        (mine / folder).mkdir(parents=True)
    (mine / "abcdefghij0123456789" / "thesis.tex").write_text("years of work")
    (mine / "0123456789abcdef0123" / "ab" / ("ab" + "0" * 62 + ".json")).write_text("{}")
    before = tree(mine)
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "g.ttl"), "--cache-dir", str(mine)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error [E033]: Cannot use {mine} as the cache folder: it is not empty and holds no kg cache "
        "(no CACHEDIR.TAG written by kg): name a new or empty folder with --cache-dir, or build with --no-cache.")
    assert tree(mine) == before and not (tmp_path / "g.ttl").exists()


def test_a_file_given_as_the_cache_folder_is_refused(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    with pytest.raises(KgError, match="it is not a folder") as err:
        ExtractionCache(notes).open()
    assert err.value.code == "E033" and notes.read_text() == "mine"


def test_a_new_or_empty_folder_becomes_kgs_cache(tmp_path, corpus, fake_nlp):
    from kg.build.pipeline import build_corpus

    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (empty, tmp_path / "new" / "cache"):
        build_corpus([corpus], cache_dir=folder)
        assert (folder / "CACHEDIR.TAG").read_bytes() == TAG
        assert [p.suffix for p in (folder / pipeline_fingerprint()).rglob("*") if p.is_file()] == [".json"]
        assert build_corpus([corpus], cache_dir=folder).cached == 1  # and it is used


def test_pruning_deletes_only_what_kg_wrote(tmp_path, corpus, fake_nlp):
    from kg.build.pipeline import build_corpus

    cache = tmp_path / "cache"
    build_corpus([corpus], cache_dir=cache)
    entry = "ab" + "0" * 62
    old = cache / ("0" * 20)  # an older kg's folder: its entries go, what someone put there stays
    (old / "ab").mkdir(parents=True)
    for name in (f"{entry}.pickle", f"{entry}.json", f".{entry}.json.abc_1234.tmp", ".x1y2z3w4.tmp"):
        (old / "ab" / name).write_bytes(b"kg's")
    (old / "ab" / "notes.txt").write_text("the user's")
    gone = cache / ("1" * 20)
    (gone / "cd").mkdir(parents=True)
    (gone / "cd" / f"{entry}.json").write_bytes(b"kg's")
    elsewhere = tmp_path / "elsewhere"  # reached through links named as kg names its files: never touched
    (elsewhere / "ab").mkdir(parents=True)
    (elsewhere / "ab" / f"{entry}.json").write_text("the user's")
    os.symlink(elsewhere, cache / ("2" * 20))
    os.symlink(elsewhere / "ab", old / "ef")
    os.symlink(elsewhere / "ab" / f"{entry}.json", old / "ab" / f"{'cd' + '1' * 62}.json")
    (cache / "not-a-fingerprint").mkdir()
    (cache / "not-a-fingerprint" / "x.json").write_text("the user's")
    outside = tree(elsewhere)
    build_corpus([corpus], cache_dir=cache)
    assert tree(old) == {"ab": None, "ab/notes.txt": b"the user's", f"ab/{'cd' + '1' * 62}.json": None, "ef": None}
    assert not gone.exists() and (cache / ("2" * 20)).is_symlink()
    assert tree(elsewhere) == outside and (cache / "not-a-fingerprint" / "x.json").exists()
    assert (cache / pipeline_fingerprint()).is_dir()


def test_a_stale_temporary_file_of_a_killed_build_is_removed(tmp_path, corpus, fake_nlp):
    from kg.build.pipeline import build_corpus

    cache = tmp_path / "cache"
    build_corpus([corpus], cache_dir=cache)
    (shard,) = [p for p in (cache / pipeline_fingerprint()).iterdir()]
    stale, fresh = shard / f".{'e' * 64}.json.abcd1234.tmp", shard / f".{'f' * 64}.json.abcd1234.tmp"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"being written by another build")
    os.utime(stale, (1e9, 1e9))
    build_corpus([corpus], cache_dir=cache)
    assert not stale.exists() and fresh.exists()


# --- cache entries: JSON, checked; a planted or broken entry is a miss ---------------


class Payload:
    def __reduce__(self):
        return (os.system, (f"touch {Path(os.environ['KG_TEST_MARKER'])}",))


def test_a_planted_pickle_is_never_run(tmp_path, monkeypatch, corpus, fake_nlp):
    from kg.build.pipeline import build_corpus

    marker = tmp_path / "ran"
    monkeypatch.setenv("KG_TEST_MARKER", str(marker))
    cache = tmp_path / "cache"
    ExtractionCache(cache).open()
    (one,), _ = read_articles([corpus])
    key = article_key(one)
    shard = cache / pipeline_fingerprint() / key[:2]
    shard.mkdir(parents=True)
    for name in (f"{key}.pickle", f"{key}.json"):  # where older kg looked, and where kg looks now
        (shard / name).write_bytes(pickle.dumps(Payload()))
    result = build_corpus([corpus], cache_dir=cache)
    assert not marker.exists() and result.cached == 0
    assert json.loads((shard / f"{key}.json").read_bytes())["format"] == FORMAT  # overwritten with a good entry
    assert build_corpus([corpus], cache_dir=cache).cached == 1


def good_entry(extraction: ArticleExtraction) -> dict:
    from kg.build.codec import to_json

    return {"format": FORMAT, "extraction": to_json(extraction)}


def tampered_entries(entry: dict):
    """Entries that parse as JSON but are not what kg wrote."""
    def changed(edit):
        copy = json.loads(json.dumps(entry))
        edit(copy["extraction"])
        return copy

    yield changed(lambda x: x["entities"][0]["mention"].update(quote="Washington"))  # a quote not in the text
    yield changed(lambda x: x["entities"][0]["mention"].update(start=-3))
    yield changed(lambda x: x["entities"][0]["mention"].update(article_id="other"))
    yield changed(lambda x: x["entities"][0].update(kind="wizard"))  # a kind the model refuses
    yield changed(lambda x: x["entities"][0]["mention"].update(start="0"))  # a string for an int
    yield changed(lambda x: x["entities"][0]["mention"].update(start=True))
    yield changed(lambda x: x["entities"][0].update(__class__="os.system"))  # an unknown field
    yield changed(lambda x: x["entities"][0].pop("source"))  # a missing one
    yield changed(lambda x: x.update(events={"0": 1}))
    yield changed(lambda x: x["article"].update(text=x["article"]["text"] + "!"))  # another article
    yield {**entry, "format": "kg-extraction/0"}
    yield [entry]
    yield "[" * 100_000 + "]" * 100_000  # deep enough to exhaust a recursive reader


def test_tampered_broken_and_special_entries_are_misses(tmp_path):
    cache = ExtractionCache(tmp_path / "cache").open()
    one = article()
    extraction = extract_first_city(one)
    cache.put(extraction)
    path = next((tmp_path / "cache").rglob("*.json"))
    assert cache.get(one) == extraction
    for bad in tampered_entries(good_entry(extraction)):
        path.write_text(bad if isinstance(bad, str) else json.dumps(bad), encoding="utf-8")
        assert cache.get(one) is None, bad
    path.unlink()
    os.mkfifo(path)  # would block a plain open()
    assert cache.get(one) is None
    path.unlink()
    os.symlink("/dev/zero", path)  # would never end
    assert cache.get(one) is None
    assert (cache.hits, cache.misses) == (1, len(list(tampered_entries(good_entry(extraction)))) + 2)


def span(words: str) -> Mention:
    start = TEXT.index(words)
    return Mention("a", start, start + len(words), words)


def test_entries_round_trip_exactly(tmp_path):
    from kg.model import ClaimMention, EventMention, EventValue, RelationMention, RoleFiller

    one = article()
    bagdad = extract_first_city(one).entities[0]
    source = EntityMention(span("source militaire"), "source militaire", "source")
    event = EventMention("RocketAttack", span("frappé"), "frappe", roles=(RoleFiller("place", bagdad),),
                         values=(EventValue("date", "2020-01-03", span("jeudi")),),
                         word_classes=frozenset({"RocketAttack", "Attack"}), sentence_persons=())
    claim = ClaimMention("Announcement", span("indiqué"), (source,), span("Une roquette a frappé jeudi la base de Bagdad"))
    relation = RelationMention(bagdad, "role", span("base"), literal="ville")
    extraction = ArticleExtraction(one, [bagdad, source], [event], [relation], [claim])
    cache = ExtractionCache(tmp_path / "cache").open()
    cache.put(extraction)
    again = cache.get(one)
    assert again == extraction and type(again.events[0].roles) is tuple and type(again.entities) is list
    assert again.events[0].word_classes == frozenset({"RocketAttack", "Attack"})


# --- a build interrupted while it writes the cache ----------------------------------


def test_ctrl_c_while_the_cache_is_written_leaves_no_temporary_file(tmp_path, corpus):
    for i in range(5):
        (corpus / f"b{i}.txt").write_text(TEXT, encoding="utf-8")
    cache = tmp_path / "cache"
    script = FAKE_NLP + (
        "import os, signal, time, kg.files\n"
        "real, calls = kg.files.current_umask, []\n"
        "def interrupted():  # a real SIGINT while the second entry's temporary file exists\n"
        "    calls.append(1)  # 1: CACHEDIR.TAG, 2: the first entry\n"
        "    if len(calls) == 3:\n"
        "        assert list(kg.files.Path(%r).rglob('*.tmp'))\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "        time.sleep(5)\n"
        "    return real()\n"
        "kg.files.current_umask = interrupted\n"
        "from kg.cli import main\n"
        "main()\n"
    ) % str(cache)
    out = subprocess.run([sys.executable, "-c", script, "build", str(corpus), "-o", str(tmp_path / "g.ttl"),
                          "--cache-dir", str(cache)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 130 and out.stderr.strip() == "Interrupted.", out.stderr
    assert list(cache.rglob("*.tmp")) == [] and list(cache.rglob("*.json"))  # interrupted after the first entry
    assert not (tmp_path / "g.ttl").exists()
