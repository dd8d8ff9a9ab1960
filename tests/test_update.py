"""kg update: SPARQL Update on a store of kg load or on an endpoint, as
`oxigraph update` and Jena's `update` run it; one transaction that a failure,
a timeout or a memory limit leaves undone."""
from __future__ import annotations

import pytest

from kg.cli import cli
from tests.test_hostile_serve import Served

DATA = """@prefix ex: <http://example.org/> .
ex:a ex:p 1 . ex:b ex:p 2 . ex:c ex:p 3 . ex:d ex:p 4 . ex:e ex:p 5 .
"""


@pytest.fixture
def store(runner, tmp_path):
    graph = tmp_path / "data.ttl"
    graph.write_text(DATA, encoding="utf-8")
    folder = tmp_path / "store"
    assert runner.invoke(cli, ["load", str(graph), "--store", str(folder), "--no-ontology"]).exit_code == 0
    return folder


def quads(runner, store):
    result = runner.invoke(cli, ["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--store", str(store), "-f", "csv"])
    return int(result.stdout.splitlines()[1])


def test_update_a_store(runner, store, tmp_path):
    added = runner.invoke(cli, ["update", "PREFIX ex: <http://example.org/> INSERT DATA { ex:f ex:p 6 }", "--store", str(store)])
    assert added.exit_code == 0 and "5 → 6 quads" in added.stderr, added.output
    # a .ru file; kg's prefixes predeclared; relative IRIs resolve against the file
    fix = tmp_path / "fix.ru"
    fix.write_text("# drop the small ones\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER (?o < 3) } ;\n"
                   "INSERT DATA { <thing> rdfs:label \"x\" }\n", encoding="utf-8")
    fixed = runner.invoke(cli, ["update", str(fix), "--store", str(store)])
    assert fixed.exit_code == 0 and "6 → 5 quads" in fixed.stderr, fixed.output
    label = runner.invoke(cli, ["query", "SELECT ?s WHERE { ?s rdfs:label ?l }", "--store", str(store), "-f", "csv"])
    assert label.stdout.splitlines()[1] == (tmp_path / "thing").resolve().as_uri()
    based = runner.invoke(cli, ["update", "INSERT DATA { <other> rdfs:label \"y\" }", "--store", str(store), "--base",
                                "http://example.org/"])
    assert based.exit_code == 0
    assert runner.invoke(cli, ["query", "ASK { <http://example.org/other> ?p ?o }", "--store", str(store)]).exit_code == 0


def test_what_is_not_an_update_is_refused_and_the_store_kept(runner, store):
    for text, code in (("SELECT * WHERE { ?s ?p ?o }", "E041"), ("INSRT DATA { }", "E042"),
                       ("INSERT DATA { <http://a> <http://b> }", "E021"),
                       ("INSERT DATA { <http://a> <http://b> <http://c> } ; DELETE DATA { <http://a> <http://b> }", "E021")):
        result = runner.invoke(cli, ["update", text, "--store", str(store)])
        assert result.exit_code == 2 and f"Error [{code}]" in result.stderr, (text, result.output)
    assert quads(runner, store) == 5
    assert runner.invoke(cli, ["update", "CLEAR ALL"]).exit_code == 2  # neither --store nor --endpoint
    missing = runner.invoke(cli, ["update", "CLEAR ALL", "--store", str(store.parent / "none")])
    assert missing.exit_code == 2 and "Error [E023]" in missing.stderr


def test_an_update_past_its_time_or_memory_is_stopped_and_leaves_the_store_as_it_was(runner, store):
    many = "PREFIX ex: <http://example.org/> INSERT DATA { " + " ".join(f"ex:n{i} ex:q {i} ." for i in range(200)) + " }"
    assert runner.invoke(cli, ["update", many, "--store", str(store)]).exit_code == 0
    before = quads(runner, store)
    endless = "INSERT { ?a ?b ?d } WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?s ?w }"  # 205⁴ bindings
    result = runner.invoke(cli, ["update", endless, "--store", str(store), "--timeout", "1", "--max-memory", "200"])
    assert result.exit_code == 2 and "Error [E034]" in result.stderr and "as it was" in result.stderr, result.output
    assert quads(runner, store) == before


def test_update_an_endpoint(runner):
    server = Served(writable=True)
    endpoint = f"http://127.0.0.1:{server.port}"
    try:
        sent = runner.invoke(cli, ["update", "INSERT DATA { <http://example.org/x> rdfs:label \"x\" }",
                                   "--endpoint", endpoint + "/update"])
        assert sent.exit_code == 0 and "HTTP 204" in sent.stderr, sent.output
        asked = runner.invoke(cli, ["query", "ASK { <http://example.org/x> rdfs:label \"x\" }", "--endpoint", endpoint + "/sparql"])
        assert asked.exit_code == 0
        refused = runner.invoke(cli, ["update", "INSERT DATA { <http://a> <http://b> }", "--endpoint", endpoint + "/update"])
        assert refused.exit_code == 2 and "Error [E021]" in refused.stderr
    finally:
        server.close()
    read_only = Served()
    try:
        result = runner.invoke(cli, ["update", "CLEAR ALL", "--endpoint", f"http://127.0.0.1:{read_only.port}/update"])
        assert result.exit_code == 2 and "Error [E025]" in result.stderr and "403" in result.stderr
    finally:
        read_only.close()
