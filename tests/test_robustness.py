"""Bad input never stops a build: each bad file is reported, the good ones are
built, and a build killed midway leaves the previous graph as it was."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from kg.cli import cli
from kg.build.reader import read_articles
from kg.check.validate import validate
from tests.conftest import FIXTURES, ROOT, SEEDS

BROKEN = FIXTURES / "broken-corpus"
GOOD = sorted(p.stem for p in BROKEN.iterdir() if p.name.startswith("good-"))
BAD = {
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "binary.txt": "binary file",
    "english.txt": "not French text",
    "only-metadata.txt": "no text after the metadata line",
}


def test_the_broken_corpus_builds_every_good_file_and_reports_every_bad_one(runner, tmp_path, nlp):
    out = tmp_path / "graph.ttl"
    result = runner.invoke(cli, ["build", str(BROKEN), "-o", str(out), "--no-cache"])
    assert result.exit_code == 1  # written, but some inputs were skipped
    reports = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(reports) == len(BAD)
    for name, reason in BAD.items():
        assert any(line.startswith(f"skipped {BROKEN / name}: {reason}") for line in reports), name
    graph = Graph().parse(out)
    built = {str(o) for o in graph.objects(None, DCTERMS.identifier)}
    assert built == set(GOOD)
    assert validate(graph).conforms
    assert f"{len(GOOD)} articles read, {len(BAD)} skipped" in result.stderr


def test_decoded_texts_keep_their_words(nlp):
    articles, _ = read_articles([BROKEN])
    texts = {a.identifier: a for a in articles}
    assert "n’accepterons" in texts["good-cp1252"].text and texts["good-cp1252"].encoding == "cp1252"
    assert "abattue jeudi près de l'aéroport" in texts["good-latin1"].text
    assert "\ufeff" not in texts["good-bom-crlf"].text and "\r\n" in texts["good-bom-crlf"].text
    page = texts["good-page"]
    assert page.media_type == "text/html" and "« au moins »" in page.text.replace("\xa0", " ")
    assert "pas du texte" not in page.text and "color" not in page.text


def test_any_language_builds_the_english_text(runner, tmp_path, nlp):
    out = tmp_path / "graph.ttl"
    result = runner.invoke(cli, ["build", str(BROKEN / "english.txt"), "-o", str(out), "--any-language", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (None, DCTERMS.identifier, Literal("english")) in Graph().parse(out)


def test_symlink_loops_and_dangling_links_are_reported(runner, tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "article.txt").write_bytes((BROKEN / "good-utf8.txt").read_bytes())
    os.symlink("loop.txt", corpus / "loop.txt")  # a link to itself
    os.symlink("missing.txt", corpus / "dangling.txt")
    os.symlink("..", corpus / "parent")  # a folder loop: not followed
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "g.ttl"), "--no-cache"])
    assert result.exit_code == 1, result.output
    assert f"skipped {corpus / 'loop.txt'}: unreadable (Too many levels of symbolic links)" in result.stderr
    assert f"skipped {corpus / 'dangling.txt'}: unreadable (No such file or directory)" in result.stderr
    assert "1 articles read, 2 skipped" in result.stderr


def test_unreadable_files_are_reported(monkeypatch, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_bytes((BROKEN / "good-utf8.txt").read_bytes())
    locked = corpus / "locked.txt"
    locked.write_bytes((BROKEN / "good-utf8.txt").read_bytes())
    if os.geteuid() == 0:  # root reads any file: make the read fail as permissions would
        import kg.build.reader

        real = kg.build.reader.read_regular_file

        def read_regular_file(path, max_bytes):
            if path.name == "locked.txt":
                raise PermissionError(13, "Permission denied")
            return real(path, max_bytes)

        monkeypatch.setattr(kg.build.reader, "read_regular_file", read_regular_file)
    else:
        locked.chmod(0)
    articles, skipped = read_articles([corpus])
    assert [a.identifier for a in articles] == ["ok"]
    assert [(s.path, s.reason) for s in skipped] == [(str(locked), "unreadable (Permission denied)")]


def test_a_five_megabyte_article_is_read_and_a_larger_one_skipped(tmp_path):
    paragraph = (BROKEN / "good-utf8.txt").read_text(encoding="utf-8").split("\n", 1)[1]
    big = tmp_path / "long.txt"
    big.write_text(paragraph * (5_000_000 // len(paragraph.encode())), encoding="utf-8")
    assert big.stat().st_size > 4_900_000
    started = time.perf_counter()
    articles, skipped = read_articles([big])
    assert len(articles) == 1 and not skipped and time.perf_counter() - started < 5
    _, skipped = read_articles([big], max_bytes=1_000_000)
    assert skipped[0].reason.startswith("too large (")


def test_killing_a_build_leaves_the_previous_graph(tmp_path, nlp):
    out = tmp_path / "graph.ttl"
    out.write_bytes(b"# the previous, good graph\n")
    before = out.read_bytes()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):  # enough to still be parsing when killed
        (corpus / f"a{i:02d}.txt").write_bytes((SEEDS / "003_62955a87ab4b12e5.txt").read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--no-cache"],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(6)  # the model is loaded and parsing has begun
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".graph.ttl")] == []  # nothing half-written


@pytest.mark.parametrize("args, message", [
    (["query", "SELECT ?x WHERE { ?x ?y }"], "Error [E021]"),
    (["validate", "--shapes"], "Error [E012]"),
])
def test_malformed_queries_and_shapes_name_the_problem(runner, tmp_path, seeds_graph_path, args, message):
    if args[-1] == "--shapes":
        bad = tmp_path / "shapes.ttl"
        bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle\n", encoding="utf-8")
        args = [*args, str(bad), str(seeds_graph_path)]
    else:
        args = [*args, "-g", str(seeds_graph_path)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
    if message == "Error [E012]":
        assert "shapes.ttl" in result.stderr and "line 2" in result.stderr
