"""kg query and kg queries as RDF users expect them: library names found in
./queries first, CONSTRUCT and DESCRIBE in every RDF syntax (or an error),
updates sent to kg update, parser errors in one readable line."""
from __future__ import annotations

import os

import pyoxigraph as ox
import pytest

from kg.cli import cli

DATA = """@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:a rdfs:label "Alice"@fr ; ex:knows ex:b , [ rdfs:label "anonyme" ] .
ex:b rdfs:label "Bob" ; ex:age 42 .
"""


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture
def workdir(tmp_path):
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


def test_queries_show_prints_the_file_as_it_is(runner):
    from kg.resources import resource_path

    shown = runner.invoke(cli, ["queries", "--show", "most-attacked"])
    assert shown.exit_code == 0
    assert shown.stdout == (resource_path("queries") / "most-attacked.rq").read_text(encoding="utf-8")
    missing = runner.invoke(cli, ["queries", "--show", "no-such-query"])
    assert missing.exit_code == 2 and "Error [E020]" in missing.stderr and "most-attacked" in missing.stderr


def test_a_name_is_looked_for_in_the_working_directory_first(runner, workdir, data):
    (workdir / "queries").mkdir()
    (workdir / "queries" / "persons.rq").write_text(
        "# title: My persons\n# description: mine, not kg's\nSELECT ?x WHERE { VALUES ?x { \"mine\" } }\n", encoding="utf-8")
    mine = runner.invoke(cli, ["query", "persons", "-g", str(data), "-f", "csv"])
    assert mine.exit_code == 0 and mine.stdout.splitlines() == ["x", "mine"]
    listed = runner.invoke(cli, ["queries"])
    assert "My persons" in listed.stdout and "Most attacked targets" in listed.stdout  # kg's others too
    assert "My persons" in runner.invoke(cli, ["queries", "--show", "persons"]).stdout
    other = workdir / "elsewhere"
    other.mkdir()
    (other / "ages.rq").write_text("PREFIX ex: <http://example.org/>\nSELECT ?age WHERE { ?p ex:age ?age }\n", encoding="utf-8")
    found = runner.invoke(cli, ["query", "ages", "--queries", str(other), "-g", str(data), "-f", "csv"])
    assert found.exit_code == 0 and found.stdout.splitlines() == ["age", "42"]
    # --queries DIR stands for ./queries: kg's own are still found
    assert runner.invoke(cli, ["query", "merged", "--queries", str(other), "-g", str(data), "-f", "csv"]).exit_code == 0
    missing = runner.invoke(cli, ["query", "ages", "--queries", str(workdir / "nope"), "-g", str(data)])
    assert missing.exit_code == 2 and "Error [E020]" in missing.stderr


GRAPH_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
SYNTAXES = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
            "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("fmt", sorted(SYNTAXES))
def test_construct_in_every_syntax(runner, data, fmt, engine):
    import rdflib
    from rdflib.compare import isomorphic

    result = runner.invoke(cli, ["query", GRAPH_QUERY, "-g", str(data), "--no-ontology", "-f", fmt, "--engine", engine])
    assert result.exit_code == 0, result.output
    parsed = rdflib.Graph()
    for quad in ox.parse(result.stdout_bytes, format=SYNTAXES[fmt]):  # Oxigraph reads what kg wrote
        parsed.add(tuple(rdflib_term(t) for t in (quad.subject, quad.predicate, quad.object)))
    assert isomorphic(parsed, rdflib.Graph().parse(data=DATA, format="turtle"))
    again = runner.invoke(cli, ["query", GRAPH_QUERY, "-g", str(data), "--no-ontology", "-f", fmt, "--engine", engine])
    assert again.stdout_bytes == result.stdout_bytes  # sorted: same answer, same bytes


def rdflib_term(term):
    from kg.rdf.graphio import rdflib_term as convert

    return convert(term)


def test_describe_and_a_format_that_does_not_apply(runner, data):
    described = runner.invoke(cli, ["query", "DESCRIBE <http://example.org/b>", "-g", str(data), "-f", "nt"])
    assert described.exit_code == 0 and '<http://example.org/b> <http://example.org/age> "42"' in described.stdout
    for query, fmt in ((GRAPH_QUERY, "csv"), (GRAPH_QUERY, "table"), ("SELECT * { ?s ?p ?o }", "ttl"), ("ASK { ?s ?p ?o }", "jsonld")):
        refused = runner.invoke(cli, ["query", query, "-g", str(data), "-f", fmt])
        assert refused.exit_code == 2 and "Error [E037]" in refused.stderr, (query, fmt)
        assert refused.stdout == ""  # never silently another format
    default = runner.invoke(cli, ["query", GRAPH_QUERY, "-g", str(data), "--no-ontology"])
    assert default.exit_code == 0 and default.stdout.startswith("@prefix")  # Turtle by default


def test_rdfxml_that_cannot_be_written_says_so(runner, tmp_path):
    odd = tmp_path / "odd.nt"
    odd.write_text("<http://a> <http://example.org/1> <http://b> .\n", encoding="utf-8")  # no XML name for the predicate
    result = runner.invoke(cli, ["query", GRAPH_QUERY, "-g", str(odd), "--no-ontology", "-f", "rdfxml"])
    assert result.exit_code == 2 and "Error [E038]" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("update", ["INSERT DATA { <http://a> <http://b> <http://c> }", "PREFIX ex: <http://e/> DELETE WHERE { ?s ex:p ?o }",
                                    "CLEAR ALL", "LOAD <http://example.org/data.ttl>", "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_an_update_given_to_kg_query_says_so(runner, data, update):
    result = runner.invoke(cli, ["query", update, "-g", str(data)])
    assert result.exit_code == 2 and "Error [E036]" in result.stderr and "kg update" in result.stderr


def test_an_update_file_given_to_kg_query_says_so(runner, data, tmp_path):
    path = tmp_path / "fix.ru"
    path.write_text("# fix labels\nPREFIX ex: <http://example.org/>\nDELETE DATA { ex:b ex:age 42 }\n", encoding="utf-8")
    result = runner.invoke(cli, ["query", str(path), "-g", str(data)])
    assert result.exit_code == 2 and "Error [E036]" in result.stderr and "fix.ru" in result.stderr


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("query, words", [
    ("SELECT * WHERE {\n  ?s ?p ?o .\n  OPTINAL { ?s ?p ?x }\n}", ["line 3"]),
    ("SELECT * WHERE { ?s ex:p ?o }", ["line 1", "ex:"]),
    ("SELECT * WHERE { ?s ?p ?o ", ["line 1"]),
])
def test_parser_errors_are_one_readable_line(runner, data, engine, query, words):
    result = runner.invoke(cli, ["query", query, "-g", str(data), "--engine", engine])
    assert result.exit_code == 2 and result.stderr.startswith("Error [E021]"), result.output
    message = result.stderr.strip()
    assert "\n" not in message and all(word in message for word in words), message
    assert not any(raw in message for raw in ("error at ", "[_]", "Traceback"))
    if engine == "oxigraph" and "ex:" in query:
        assert "prefix ex: is not declared" in message


def test_no_rdflib_warning_before_kgs_message(data):
    import subprocess
    import sys

    from tests.conftest import ROOT

    # rdflib logs "… does not look like a valid URI" for escaped local names (valid SPARQL)
    query = "PREFIX ex: <http://example.org/> SELECT ?o { ?s ?p ?o FILTER(?s != ex:c\\~z\\.) } ORDER BY ?o LIMIT 1"
    result = subprocess.run([sys.executable, "-m", "kg", "query", query, "-g", str(data), "--engine", "rdflib",
                             "--no-ontology", "-f", "csv"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0 and result.stderr.strip() == "1 row", result.stderr


def test_graph_parser_errors_say_line_and_column(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n  ex:d \"open .\n", encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        result = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "-g", str(bad), "--engine", engine])
        message = result.stderr.strip()
        assert result.exit_code == 2 and message.startswith("Error [E010]") and "bad.ttl" in message, message
        assert "\n" not in message and "Traceback" not in message
        if engine == "oxigraph":
            assert "line 3, column" in message and "between" not in message and "Parser error" not in message, message
