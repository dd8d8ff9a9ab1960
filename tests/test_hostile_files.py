"""Hostile and careless files: pipes and devices in the corpus, the modes of
what kg writes, file names that are not IRIs.

Fast: the tests of files and caches stand in for the NLP stage with a tiny
extractor (``fake_nlp``); one test runs the real pipeline on tiny articles,
for what only it shows (file names all the way to a graph that conforms).
"""
from __future__ import annotations

import os
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
import kg.nlp
from kg.cli import cli
from kg.extract import ArticleExtraction
from kg.files import TooLarge, read_regular_file, write_bytes_atomic
from kg.model import Article, EntityMention, Mention
from kg.rdfmap import mint
from kg.reader import article_identifier, read_articles
from kg.writer import serialize, write_atomic
from tests.conftest import ROOT

TEXT = "date 2020-01-03\nUne roquette a frappé jeudi la base de Bagdad, a indiqué une source militaire.\n"
NKGR = "https://w3id.org/newskg/id/"
HOSTILE_NAMES = ["%41é ü", 'guillemet"double', "<>{}|^`\\", "new\nline", "événement", "tab\there", "a'b#c?d&e"]


def extract_first_city(article: Article, _doc=None) -> ArticleExtraction:
    """The fake NLP stage: "Bagdad", wherever it is, is a city (no spaCy, same data flow)."""
    start = article.text.index("Bagdad")
    mention = Mention(article.identifier, start, start + 6, "Bagdad")
    return ArticleExtraction(article, [EntityMention(mention, "Bagdad", "city")])


@pytest.fixture
def fake_nlp(monkeypatch):
    monkeypatch.setattr(kg.nlp, "parse_articles", lambda articles, jobs=1: ((a, None) for a in articles))
    monkeypatch.setattr(kg.extract, "extract_article", extract_first_city)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    return folder


# --- special files: read only regular files, never past the byte limit -----------------


def test_pipes_and_devices_in_the_corpus_are_skipped_without_waiting(tmp_path, corpus):
    os.mkfifo(corpus / "pipe.txt")
    os.symlink("/dev/zero", corpus / "zero.txt")
    os.symlink("/dev/null", corpus / "null.txt")
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # reading /dev/zero would hit this\n"
        "from kg.reader import read_articles\n"
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
    graph = tmp_path / "out" / "graph.ttl"
    assert runner.invoke(cli, ["build", str(corpus), "-o", str(graph), "--no-cache"]).exit_code == 0
    written = [tmp_path / "x.ttl", graph]
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
    from kg.validate import validate

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
