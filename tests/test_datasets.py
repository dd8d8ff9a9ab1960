"""The dataset a query sees: FROM and FROM NAMED honoured on every engine (the
union default graph only when the query names no dataset), named graphs given
with --named-graph, graphs read from standard input with --syntax and --base."""
from __future__ import annotations

import http.server
import threading

import pytest

from kg.cli import cli
from kg.sparql.engines import OxigraphEngine, RdflibEngine
from kg.sparql.query import run_query

ENGINES = ("oxigraph", "rdflib")
NKGR = "https://w3id.org/newskg/id/"


def count(runner, query, *args):
    result = runner.invoke(cli, ["query", query, "-f", "csv", *args])
    assert result.exit_code == 0, result.output
    return int(result.stdout.splitlines()[1])


@pytest.fixture(scope="module")
def trig(tmp_path_factory, nlp):
    from click.testing import CliRunner

    from tests.conftest import SEEDS

    out = tmp_path_factory.mktemp("trig") / "graph.trig"
    assert CliRunner().invoke(cli, ["build", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    return out


@pytest.fixture(scope="module")
def graph_sizes(trig):
    """Triples per named graph of the seeds' TriG, and in its default graph, as the file has them."""
    import pyoxigraph as ox

    sizes: dict = {}
    for quad in ox.parse(path=str(trig), format=ox.RdfFormat.TRIG):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        sizes[name] = sizes.get(name, 0) + 1
    return sizes


@pytest.mark.parametrize("engine", ENGINES)
def test_from_picks_one_graph_of_the_trig(runner, trig, graph_sizes, engine):
    first = sorted(name for name in graph_sizes if name)[0]
    args = ["-g", str(trig), "--engine", engine, "--no-ontology"]
    everything = count(runner, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", *args)
    assert everything == sum(graph_sizes.values())  # no dataset named: the union of all graphs
    assert count(runner, f"SELECT (COUNT(*) AS ?n) FROM <{first}> WHERE {{ ?s ?p ?o }}", *args) == graph_sizes[first]
    two = sorted(name for name in graph_sizes if name)[:2]
    both = f"SELECT (COUNT(*) AS ?n) FROM <{two[0]}> FROM <{two[1]}> WHERE {{ ?s ?p ?o }}"
    assert count(runner, both, *args) == graph_sizes[two[0]] + graph_sizes[two[1]]  # their merge
    named = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{first}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(runner, named, *args) == 1
    # FROM NAMED alone: the default graph is empty (SPARQL 1.1 §13.2)
    assert count(runner, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{first}> WHERE {{ ?s ?p ?o }}", *args) == 0
    # a graph the dataset does not hold is empty
    assert count(runner, "SELECT (COUNT(*) AS ?n) FROM <https://example.org/nothing> WHERE { ?s ?p ?o }", *args) == 0


def test_from_on_a_store_and_with_the_ontology(runner, trig, graph_sizes, tmp_path):
    first = sorted(name for name in graph_sizes if name)[0]
    store = tmp_path / "store"
    assert runner.invoke(cli, ["load", str(trig), "--store", str(store)]).exit_code == 0
    query = f"SELECT (COUNT(*) AS ?n) FROM <{first}> WHERE {{ ?s ?p ?o }}"
    assert count(runner, query, "--store", str(store)) == graph_sizes[first]
    # the ontology is in the default graph of the files, not in the graph FROM names
    assert count(runner, query, "-g", str(trig)) == graph_sizes[first]
    assert count(runner, "SELECT (COUNT(*) AS ?n) WHERE { ?c a owl:Class }", "-g", str(trig)) > 10


@pytest.mark.server
def test_from_never_downloads_a_graph(tmp_path):
    """rdflib loads a graph FROM names from the web when it does not hold it: never in kg."""
    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<http://a> <http://b> <http://c> .\n")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    data = tmp_path / "data.ttl"
    data.write_text("<http://x> <http://y> <http://z> .\n", encoding="utf-8")
    url = f"http://127.0.0.1:{server.server_address[1]}/graph.ttl"
    try:
        for engine in (OxigraphEngine.from_files([data], False), RdflibEngine.from_files([data], False)):
            for clause in ("FROM", "FROM NAMED"):
                result = run_query(f"SELECT * {clause} <{url}> WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}", engine)
                assert result.rows == []
    finally:
        server.shutdown()
    assert hits == []


@pytest.mark.parametrize("engine", ENGINES)
def test_named_graphs_from_files(runner, tmp_path, engine):
    default, one, two = tmp_path / "default.ttl", tmp_path / "one.ttl", tmp_path / "two.nt"
    default.write_text("<http://d> <http://p> 1 .\n", encoding="utf-8")
    one.write_text("<http://a> <http://p> 1 .\n<http://a> <http://p> <> .\n", encoding="utf-8")
    two.write_text("<http://b> <http://p> <http://c> .\n", encoding="utf-8")
    args = ["-g", str(default), "--named-graph", str(one), "--named-graph", str(two), "--engine", engine, "--no-ontology"]
    # named graphs only: out of the default graph, named by their file: IRI
    assert count(runner, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", *args) == 1
    graphs = runner.invoke(cli, ["query", "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
                                 "-f", "csv", *args])
    assert graphs.stdout.splitlines()[1:] == [f"{one.resolve().as_uri()},2", f"{two.resolve().as_uri()},1"]
    # a relative IRI resolves against the file's own IRI, the graph's name
    assert runner.invoke(cli, ["query", "ASK { GRAPH ?g { ?s ?p ?g } }", *args]).exit_code == 0
    # FROM picks one by its name, the query's relative IRIs resolving against the query file's
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) FROM <two.nt> WHERE { ?s ?p ?o }", encoding="utf-8")
    assert count(runner, str(query), *args) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_standard_input_with_syntax_and_base(runner, engine):
    data = '<thing> <http://example.org/p> "x" .\n'
    args = ["--engine", engine, "--no-ontology"]
    refused = runner.invoke(cli, ["query", "SELECT * { ?s ?p ?o }", "-g", "-", *args], input=data)
    assert refused.exit_code == 2 and "Error [E017]" in refused.stderr and "--syntax" in refused.stderr
    result = runner.invoke(cli, ["query", "SELECT ?s { ?s ?p ?o }", "-g", "-", "--syntax", "ttl", "--base",
                                 "http://example.org/", "-f", "csv", *args], input=data)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["s", "http://example.org/thing"]
    # --base is the query's base too
    ask = runner.invoke(cli, ["query", "ASK { <thing> ?p ?o }", "-g", "-", "--syntax", "text/turtle", "--base",
                              "http://example.org/", *args], input=data)
    assert ask.exit_code == 0, ask.output
    nt = runner.invoke(cli, ["query", "SELECT ?o { ?s ?p ?o }", "-g", "-", "--syntax", "n-triples", "-f", "csv", *args],
                       input='<http://a> <http://b> "c" .\n')
    assert nt.stdout.splitlines() == ["o", "c"]


def test_syntax_and_base_are_checked(runner, tmp_path):
    data = tmp_path / "graph.data"
    data.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    assert runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "-g", str(data)]).exit_code == 2  # no suffix: E011
    assert runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "-g", str(data), "--syntax", "nt"]).exit_code == 0
    unknown = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "-g", str(data), "--syntax", "yaml"])
    assert unknown.exit_code == 2 and "Error [E016]" in unknown.stderr and "rdfxml" in unknown.stderr
    relative = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "-g", str(data), "--syntax", "nt", "--base", "some/where"])
    assert relative.exit_code == 2 and "Error [E018]" in relative.stderr
    twice = runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", "-g", "-", "-g", "-", "--syntax", "nt"], input="")
    assert twice.exit_code == 2 and "once" in twice.stderr


def test_a_file_without_base_resolves_against_its_own_iri(runner, tmp_path):
    data = tmp_path / "relative.ttl"
    data.write_text('<a> <http://example.org/p> "x" .\n', encoding="utf-8")
    for engine in ENGINES:
        result = runner.invoke(cli, ["query", "SELECT ?s { ?s ?p ?o }", "-g", str(data), "--engine", engine,
                                     "--no-ontology", "-f", "csv"])
        assert result.stdout.splitlines()[1] == (tmp_path / "a").resolve().as_uri(), engine
