"""Every command end to end through the real CLI (click's runner)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import cli
from tests.conftest import FIXTURES, ROOT, SEEDS, copy_seeds

BROKEN = sorted((FIXTURES / "shapes" / "broken").glob("*.ttl"))


# --- help ----------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], *([name] for name in sorted(cli.commands)), ["ontology", "docs"], ["eval", "timeml"]], ids=" ".join)
def test_every_help_shows_examples(runner, command):
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "kg " in result.output


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and "kg, version" in result.output


# --- build ---------------------------------------------------------------------


def test_build_reports_a_summary(runner, tmp_path, nlp):
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(SEEDS / "003_62955a87ab4b12e5.txt"), "-o", str(out),
                                 "--cache-dir", str(tmp_path / "cache")])  # a cache of its own: nothing read from it
    assert result.exit_code == 0, result.output
    assert "1 articles read, 0 skipped" in result.stderr
    assert "triples written to" in result.stderr
    assert out.read_text(encoding="utf-8").startswith("@prefix")


def test_build_skips_bad_files_with_reasons_and_exit_1(runner, tmp_path, nlp):
    corpus = copy_seeds(tmp_path / "in", names={"003_62955a87ab4b12e5.txt"})
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "latin1.txt").write_bytes("Des roquettes ont frappé la ville à l'aube, a indiqué la police locale.".encode("latin-1"))
    out = tmp_path / "g.nt"
    result = runner.invoke(cli, ["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr
    assert "binary.txt: binary file" in result.stderr
    # the Latin-1 article is decoded and built; this test's cache is its own, so nothing comes from it
    assert "2 articles read, 2 skipped;" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and all(line.endswith(" .") for line in lines)


def test_build_with_nothing_readable_is_a_clear_error(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error [E001]")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_build_missing_path(runner, tmp_path):
    result = runner.invoke(cli, ["build", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "Error [E002]" in result.stderr


def test_build_trig_has_a_named_graph_per_article(runner, tmp_path, nlp):
    import rdflib

    out = tmp_path / "g.trig"
    result = runner.invoke(cli, ["build", str(SEEDS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    dataset = rdflib.Dataset()
    dataset.parse(out, format="trig")
    named = {str(g.identifier) for g in dataset.graphs() if len(g) and str(g.identifier).startswith("https://w3id.org/newskg/id/graph_")}
    assert named == {f"https://w3id.org/newskg/id/graph_{p.stem}" for p in SEEDS.glob("*.txt")}


def test_build_to_stdout(runner, nlp):
    result = runner.invoke(cli, ["build", str(SEEDS / "002_b3c8fdb19b476927.txt"), "-o", "-", "-f", "nt", "-q"])
    assert result.exit_code == 0
    assert result.stdout.count(" .\n") > 50 and result.stderr == ""


def test_interrupted_write_keeps_the_old_graph(tmp_path, monkeypatch):
    from kg.rdf import writer

    target = tmp_path / "g.ttl"
    target.write_text("good graph", encoding="utf-8")

    def boom(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        writer.write_atomic(target, b"half a graph")
    assert target.read_text(encoding="utf-8") == "good graph"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


# --- validate ------------------------------------------------------------------


def test_validate_seeds_graph_conforms(runner, seeds_graph_path):
    result = runner.invoke(cli, ["validate", str(seeds_graph_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Conforms: yes")


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_validate_names_the_broken_shape(runner, fixture):
    first_line = fixture.read_text(encoding="utf-8").splitlines()[0]
    expected = first_line.split(":", 1)[1].strip()
    warning = first_line.startswith("# expect-warning:")
    result = runner.invoke(cli, ["validate", str(fixture)])
    assert result.exit_code == 1, result.output  # a Warning too, as SHACL and pySHACL say
    assert ("[Warning]" in result.output) == warning
    assert f"nkgsh:{expected}" in result.output
    assert "focus:" in result.output and "message:" in result.output
    allowed = runner.invoke(cli, ["validate", str(fixture), "--allow-warnings"])
    assert allowed.exit_code == (0 if warning else 1), allowed.output
    assert allowed.output.startswith("Conforms: yes" if warning else "Conforms: no")


def test_validate_engines_print_the_same_report(runner):
    fixture = FIXTURES / "shapes" / "broken" / "event-place-person.ttl"
    outputs = {}
    for engine in ("shacl", "pyshacl"):
        result = runner.invoke(cli, ["validate", str(fixture), "--engine", engine, "--format", "json"])
        assert result.exit_code == 1, result.output
        outputs[engine] = result.output
    assert outputs["shacl"] == outputs["pyshacl"]
    assert json.loads(outputs["shacl"])["results"]


def test_validate_report_formats(runner):
    fixture = FIXTURES / "shapes" / "broken" / "mention-quote-length-mismatch.ttl"
    as_json = runner.invoke(cli, ["validate", str(fixture), "--format", "json"])
    assert as_json.exit_code == 1
    data = json.loads(as_json.output)
    assert data["conforms"] is False
    assert data["results"][0]["shape"] == "nkgsh:MentionShape"
    assert data["results"][0]["quote"]
    as_turtle = runner.invoke(cli, ["validate", str(fixture), "--format", "turtle"])
    assert as_turtle.exit_code == 1 and "sh:ValidationReport" in as_turtle.output


def test_validate_shows_the_label_and_quote_of_the_focus_node(runner):
    result = runner.invoke(cli, ["validate", str(FIXTURES / "shapes" / "broken" / "actor-two-labels.ttl")])
    assert result.exit_code == 1
    assert 'focus:   nkgr:person_' in result.output
    assert "quote:   «" in result.output


@pytest.mark.parametrize(
    "args, code",
    [
        (["validate", "missing.ttl"], "E010"),
        (["validate", "graph.xyz"], "E011"),
        (["validate", "bad.ttl"], "E010"),
        (["validate", "good.ttl", "--shapes", "bad-shapes.ttl"], "E012"),
    ],
)
def test_validate_unreadable_input_exits_2(runner, tmp_path, monkeypatch, args, code):
    monkeypatch.chdir(tmp_path)
    Path("graph.xyz").write_text("x", encoding="utf-8")
    Path("bad.ttl").write_text("@prefix ex: <http://e/> .\nex:a ex:b ", encoding="utf-8")
    Path("good.ttl").write_text("<http://e/a> <http://e/b> <http://e/c> .\n", encoding="utf-8")
    Path("bad-shapes.ttl").write_text("this is not turtle", encoding="utf-8")
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert f"Error [{code}]" in result.stderr
    assert "Traceback" not in result.output


# --- query ---------------------------------------------------------------------


def test_query_formats(runner, seeds_graph_path):
    base = ["query", "SELECT ?l WHERE { ?p a nkg:Person ; rdfs:label ?l } ORDER BY ?l LIMIT 2", "-g", str(seeds_graph_path)]
    table = runner.invoke(cli, [*base, "-f", "table"])
    assert table.exit_code == 0 and "| l " in table.output and "2 rows" in table.output
    csv_out = runner.invoke(cli, [*base, "-f", "csv"])
    assert csv_out.stdout.splitlines()[0] == "l" and len(csv_out.stdout.splitlines()) == 3
    assert csv_out.stderr == "2 rows\n"  # the count goes beside the data, not into it
    tsv = runner.invoke(cli, [*base, "-f", "tsv"])
    assert tsv.stdout.splitlines()[0] == "?l" and tsv.stdout.splitlines()[1].endswith("@fr")
    data = json.loads(runner.invoke(cli, [*base, "-f", "json"]).stdout)
    assert data["head"]["vars"] == ["l"]
    assert data["results"]["bindings"][0]["l"]["xml:lang"] == "fr"


def test_query_ask_exit_codes(runner, seeds_graph_path):
    yes = runner.invoke(cli, ["query", "ASK { ?e a nkg:RocketAttack }", "-g", str(seeds_graph_path)])
    assert yes.exit_code == 0 and yes.output == "true\n"
    no = runner.invoke(cli, ["query", "ASK { ?e nkg:killed nkgr:person_mike-pompeo }", "-g", str(seeds_graph_path)])
    assert no.exit_code == 1 and no.output == "false\n"


def test_query_construct_prints_turtle(runner, seeds_graph_path):
    result = runner.invoke(
        cli, ["query", "CONSTRUCT { ?p a nkg:Person } WHERE { ?p a nkg:Person }", "-g", str(seeds_graph_path)]
    )
    assert result.exit_code == 0
    import rdflib

    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) >= 10


def test_query_from_a_file(runner, seeds_graph_path, tmp_path):
    query = tmp_path / "count.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a a nkg:Article }", encoding="utf-8")
    result = runner.invoke(cli, ["query", str(query), "-g", str(seeds_graph_path), "-f", "csv"])
    assert result.stdout.splitlines() == ["n", "5"]


@pytest.mark.parametrize(
    "query, code",
    [("SELECT ?x WHERE { ?x ?y }", "E021"), ("no-such-query", "E020")],
)
def test_query_errors_exit_2(runner, seeds_graph_path, query, code):
    result = runner.invoke(cli, ["query", query, "-g", str(seeds_graph_path)])
    assert result.exit_code == 2
    assert f"Error [{code}]" in result.stderr and "Traceback" not in result.output


def test_query_without_graph_explains_what_to_do(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 2 and "Error [E013]" in result.stderr and "kg build" in result.stderr


def test_queries_lists_the_library(runner):
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0
    assert "attacks" in result.output and "Attacks and their targets" in result.output


def test_ontology_docs_command_writes_the_documented_page(runner, tmp_path):

    out = tmp_path / "ontology.md"
    result = runner.invoke(cli, ["ontology", "docs", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    html = runner.invoke(cli, ["ontology", "docs", "--format", "html"])
    assert html.exit_code == 0 and html.output.lstrip().lower().startswith("<!doctype html")
