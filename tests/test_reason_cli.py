"""`kg reason` and `kg validate --reason/--format junit` end to end (real HermiT, real pySHACL)."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from kg.cli import cli
from tests.conftest import FIXTURES

INCONSISTENT = sorted((FIXTURES / "reason" / "inconsistent").glob("*.ttl"))


@pytest.mark.java
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


@pytest.mark.java
@pytest.mark.parametrize("fixture", INCONSISTENT, ids=[p.stem for p in INCONSISTENT])
def test_reason_names_each_clash(runner, fixture):
    result = runner.invoke(cli, ["reason", str(fixture)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Consistent: no")


@pytest.mark.java
@pytest.mark.parametrize(
    "fixture, words",
    [("person-and-place.ttl", "is both nkg:Person and nkg:Place"), ("mention-two-starts.ttl", "functional")],
)
def test_reason_says_which_node_and_axioms(runner, fixture, words):
    result = runner.invoke(cli, ["reason", str(FIXTURES / "reason" / "inconsistent" / fixture), "--format", "json"])
    assert result.exit_code == 1
    assert words in result.output and '"node": "nkgr:' in result.output


@pytest.mark.java
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


@pytest.mark.java
@pytest.mark.model  # the workflow builds the graph
def test_workflow_example_runs_and_writes_a_junit_report(tmp_path):
    """examples/kg-validate.yml's steps, run as a runner would (kg installed: this checkout's),
    on a copy of the seeds as its articles/."""
    import subprocess

    import yaml

    from tests.conftest import ROOT, copy_seeds
    from tests.readme_examples import shell_env

    workflow = yaml.safe_load((ROOT / "examples" / "kg-validate.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert steps[0]["run"].startswith("pip install")  # installing kg: done here
    copy_seeds(tmp_path / "articles")
    env = shell_env(tmp_path / "bin", tmp_path)
    for step in steps[1:]:
        done = subprocess.run(["bash", "-c", step["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (step["name"], done.stderr)
    suite = ElementTree.parse(tmp_path / "kg-report.xml").getroot()
    cases = {(case.get("classname"), case.get("name")) for case in suite.iter("testcase")}
    assert suite.get("failures") == "0" and ("kg.reasoner", "HermiT consistency") in cases, cases
    assert ("kg.shapes", "nkgsh:EventShape") in cases
