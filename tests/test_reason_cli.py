"""`kg reason` and `kg validate --reason/--format junit` end to end (real HermiT, real pySHACL)."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ElementTree

import pytest

from kg.cli import cli
from tests.conftest import FIXTURES

needs_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
INCONSISTENT = sorted((FIXTURES / "reason" / "inconsistent").glob("*.ttl"))


@needs_java
def test_reason_seeds_graph_is_consistent_and_infers(runner, seeds_graph_path, tmp_path):
    import rdflib

    from kg.rdf.namespaces import NKG, NKGR

    inferred = tmp_path / "inferred.ttl"
    result = runner.invoke(cli, ["reason", str(seeds_graph_path), "--infer", str(inferred)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Consistent: yes")
    graph = rdflib.Graph().parse(inferred)
    assert (NKGR["person_qassem-soleimani"], rdflib.RDF.type, NKG.Actor) in graph  # Person ⊑ Actor
    assert (NKGR["country_irak"], rdflib.RDF.type, NKG.Place) in graph  # Country ⊑ Place
    assert (NKGR["city_bagdad"], rdflib.RDF.type, NKG.City) not in graph  # only what is not written


@needs_java
@pytest.mark.parametrize("fixture", INCONSISTENT, ids=[p.stem for p in INCONSISTENT])
def test_reason_names_each_clash(runner, fixture):
    result = runner.invoke(cli, ["reason", str(fixture)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Consistent: no")


@needs_java
@pytest.mark.parametrize(
    "fixture, words",
    [("person-and-place.ttl", "is both nkg:Person and nkg:Place"), ("mention-two-starts.ttl", "functional")],
)
def test_reason_says_which_node_and_axioms(runner, fixture, words):
    result = runner.invoke(cli, ["reason", str(FIXTURES / "reason" / "inconsistent" / fixture), "--format", "json"])
    assert result.exit_code == 1
    assert words in result.output and '"node": "nkgr:' in result.output


@needs_java
def test_validate_with_reasoner_and_junit(runner, seeds_graph_path):
    result = runner.invoke(cli, ["validate", str(seeds_graph_path), "--reason", "--format", "junit"])
    assert result.exit_code == 0, result.output
    suite = ElementTree.fromstring(result.output)
    names = {case.get("name") for case in suite.iter("testcase")}
    assert {"nkgsh:MentionShape", "nkgsh:EventShape", "HermiT consistency"} <= names
    assert suite.get("failures") == "0"


def test_junit_reports_the_failing_shape(runner):
    fixture = FIXTURES / "shapes" / "broken" / "mention-quote-length-mismatch.ttl"
    result = runner.invoke(cli, ["validate", str(fixture), "--format", "junit"])
    assert result.exit_code == 1
    suite = ElementTree.fromstring(result.output)
    failing = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
    assert failing == ["nkgsh:MentionShape"]
    assert suite.get("failures") == "1"


def test_workflow_example_runs_kg_validate():
    from tests.conftest import ROOT

    workflow = (ROOT / "examples" / "kg-validate.yml").read_text(encoding="utf-8")
    assert "kg validate out/graph.ttl --reason --format junit" in workflow
