"""Outputs follow their suffix or are refused (kg build, kg export, kg ontology
docs); ``-`` is standard input for kg build, validate, load, export and
explain; kg explain finds a node by its name."""
from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.cli import cli
from tests.conftest import ROOT, SEEDS

BUILT = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS,
         "jsonld": ox.RdfFormat.JSON_LD}


def quads(path, fmt):
    return {(q.subject, q.predicate, q.object, None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name)
            for q in ox.parse(path=str(path), format=fmt)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory, nlp):
    """The seeds built once in every format, named by suffix alone."""
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("builds")
    paths = {}
    for suffix in BUILT:
        path = folder / f"graph.{suffix}"
        result = CliRunner().invoke(cli, ["build", str(SEEDS), "-o", str(path)])
        assert result.exit_code == 0, result.output
        paths[suffix] = (path, result.stderr)
    return paths


def test_build_writes_what_the_suffix_says(builds):
    triples = {q[:3] for q in quads(builds["ttl"][0], BUILT["ttl"])}
    for suffix, (path, summary) in builds.items():
        found = quads(path, BUILT[suffix])
        assert {q[:3] for q in found} == triples, suffix
        named = {q[3] for q in found} - {None}
        assert bool(named) == (suffix in ("trig", "nq")), suffix  # evidence per article in the quad formats
        assert ("quads" if suffix in ("trig", "nq") else "triples") in summary
    assert quads(builds["nq"][0], BUILT["nq"]) == quads(builds["trig"][0], BUILT["trig"])
    assert json.loads(builds["jsonld"][0].read_text(encoding="utf-8"))["@context"]


@pytest.mark.parametrize("suffix", sorted(BUILT))
def test_what_build_writes_kg_query_reads(runner, builds, suffix):
    result = runner.invoke(cli, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?a a nkg:Article }", "-g", str(builds[suffix][0]),
                                 "-f", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["n", "5"], (suffix, result.output)


@pytest.mark.model  # the last build parses the seeds
def test_build_refuses_a_suffix_it_does_not_write(runner, tmp_path, shared_cache):
    for name, extra in (("graph.xlsx", []), ("graph", []), ("graph.ttl", ["-f", "nt"])):
        result = runner.invoke(cli, ["build", str(SEEDS), "-o", str(tmp_path / name), *extra])
        assert result.exit_code == 2 and "Error [E039]" in result.stderr, (name, result.output)
        assert not (tmp_path / name).exists()
    # an explicit format for a name without a known suffix is the user's choice
    assert runner.invoke(cli, ["build", str(SEEDS), "-o", str(tmp_path / "graph.data"), "-f", "nt", "-q"]).exit_code == 0
    assert next(ox.parse(path=str(tmp_path / "graph.data"), format=ox.RdfFormat.N_TRIPLES), None) is not None


@pytest.mark.model
def test_build_reads_one_article_on_standard_input(runner, tmp_path):
    text = (SEEDS / "000_7afa567106cc4b63.txt").read_bytes()
    result = runner.invoke(cli, ["build", "-", "-o", "-", "-f", "nt"], input=text)
    assert result.exit_code == 0, result.output
    import hashlib

    identifier = "stdin_" + hashlib.sha256(text).hexdigest()[:16]
    assert f'"{identifier}"' in result.stdout and "1 articles read" in result.stderr
    # the graph kg writes on standard output is what kg validate reads on standard input
    checked = runner.invoke(cli, ["validate", "-", "--syntax", "nt"], input=result.stdout_bytes)
    assert checked.exit_code == 0, checked.output
    empty = runner.invoke(cli, ["build", "-", "-o", str(tmp_path / "g.ttl")], input=b"")
    assert empty.exit_code == 2 and "standard input" in empty.stderr and "empty" in empty.stderr


def test_load_and_export_read_standard_input(runner, builds, tmp_path):
    nt = builds["nt"][0].read_bytes()
    loaded = runner.invoke(cli, ["load", "-", "--syntax", "nt", "--store", str(tmp_path / "store"), "--no-ontology"], input=nt)
    assert loaded.exit_code == 0 and f"{len(nt.splitlines())} quads" in loaded.stderr
    exported = runner.invoke(cli, ["export", "-", "--syntax", "nt", "-f", "events-csv"], input=nt)
    direct = runner.invoke(cli, ["export", str(builds["ttl"][0]), "-f", "events-csv"])
    assert exported.exit_code == 0 and exported.stdout == direct.stdout
    missing = runner.invoke(cli, ["export", "-"], input=nt)
    assert missing.exit_code == 2 and "Error [E017]" in missing.stderr


def test_export_follows_its_suffix_or_says_no(runner, builds, tmp_path):
    graph = str(builds["ttl"][0])
    for name, extra in (("events.xlsx", []), ("events.csv", ["-f", "geojson"]), ("events", [])):
        result = runner.invoke(cli, ["export", graph, "-o", str(tmp_path / name), *extra])
        assert result.exit_code == 2 and "Error [E039]" in result.stderr, name
        assert not (tmp_path / name).exists()
    assert runner.invoke(cli, ["export", graph, "-o", str(tmp_path / "events.geojson")]).exit_code == 0
    assert json.loads((tmp_path / "events.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_ontology_docs_follow_their_suffix_or_say_no(runner, tmp_path):
    assert runner.invoke(cli, ["ontology", "docs", "-o", str(tmp_path / "ontology.html")]).exit_code == 0
    page = (tmp_path / "ontology.html").read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith(("<!doctype html", "<html"))
    assert runner.invoke(cli, ["ontology", "docs", "-o", str(tmp_path / "ontology.md")]).exit_code == 0
    assert (tmp_path / "ontology.md").read_text(encoding="utf-8").startswith("#")
    for name, extra in (("ontology.pdf", []), ("ontology.md", ["-f", "html"])):
        result = runner.invoke(cli, ["ontology", "docs", "-o", str(tmp_path / "refused" / name), *extra])
        assert result.exit_code == 2 and "Error [E039]" in result.stderr, name
    assert runner.invoke(cli, ["ontology", "docs"]).stdout.startswith("#")  # Markdown on standard output


def test_explain_by_name(runner, seeds_graph_path):
    by_name = runner.invoke(cli, ["explain", "qassem SOLEIMANI", "-g", str(seeds_graph_path)])
    by_iri = runner.invoke(cli, ["explain", "nkgr:person_qassem-soleimani", "-g", str(seeds_graph_path)])
    assert by_name.exit_code == 0 and by_name.stdout == by_iri.stdout
    accents = runner.invoke(cli, ["explain", "etats-unis", "-g", str(seeds_graph_path)])
    assert accents.exit_code == 0 and accents.stdout.startswith("nkgr:country_etats-unis")
    several = runner.invoke(cli, ["explain", "base", "-g", str(seeds_graph_path)])  # two bases, two attacks on them
    assert several.exit_code == 2 and "Error [E019]" in several.stderr
    assert "nkgr:facility_base-irakienne «" in several.stderr and "nkgr:facility_base-irakienne-du-k1" in several.stderr
    none = runner.invoke(cli, ["explain", "Personne Inconnue", "-g", str(seeds_graph_path)])
    assert none.exit_code == 2 and "Error [E014]" in none.stderr


def test_explain_shows_no_rdflib_warning(seeds_graph_path):
    result = subprocess.run([sys.executable, "-m", "kg", "explain", "Personne Inconnue", "-g", str(seeds_graph_path)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 2 and result.stderr.startswith("Error [E014]"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
