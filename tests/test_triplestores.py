"""kg and real triplestores over HTTP: a real Oxigraph server (the `oxigraph`
package) filled by `kg push` answers every library query as kg does locally;
`kg serve` answers plain HTTP clients as a SPARQL 1.1 endpoint should."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import cli
from kg.sparql.engines import EndpointEngine, OxigraphEngine, RdflibEngine
from kg.errors import KgError
from kg.sparql.push import push
from kg.sparql.query import library, run_query
from tests.conftest import ROOT
from tests.test_sparql import EXAMPLE_PARAMS, answer

pytestmark = pytest.mark.server  # Oxigraph's server, kg serve or a store that fails on purpose


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(found).is_file(), "the oxigraph server (pip package `oxigraph`, in the test extra) is not installed"
    return found


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server on a free localhost port, with an empty store."""
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-store")
    process = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def pushed(oxigraph_server, seeds_graph_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["push", str(seeds_graph_path), "--endpoint", oxigraph_server + "/store"])
    assert result.exit_code == 0, result.output
    return oxigraph_server


def test_push_reports_what_it_sent(pushed, seeds_graph_path):
    # the server holds the graph and the ontology, as `kg query` sees them locally
    local = OxigraphEngine.from_files([seeds_graph_path])
    remote = EndpointEngine(pushed + "/query")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert answer(run_query(count, remote)) == answer(run_query(count, local))


@pytest.mark.parametrize("entry", library(), ids=lambda q: q.name)
def test_oxigraph_server_rdflib_and_pyoxigraph_agree_on_every_library_query(pushed, seeds_graph_path, entry):
    text = entry.path.read_text(encoding="utf-8")
    params = EXAMPLE_PARAMS.get(entry.name, {})
    local = run_query(text, _local(seeds_graph_path), params, declared=entry.parameters)
    server = run_query(text, EndpointEngine(pushed + "/query"), params, declared=entry.parameters)
    reference = run_query(text, _reference(seeds_graph_path), params, declared=entry.parameters)
    # the server and pyoxigraph are one engine: identical terms, in the same order
    assert server.variables == local.variables and server.rows == local.rows
    assert answer(server) == answer(reference)


_ENGINES: dict = {}


def _local(path):
    return _ENGINES.setdefault(("ox", path), OxigraphEngine.from_files([path]))


def _reference(path):
    return _ENGINES.setdefault(("rdflib", path), RdflibEngine.from_files([path]))


def test_kg_query_endpoint_option(pushed, runner, seeds_graph_path):
    remote = runner.invoke(cli, ["query", "timeline", "--endpoint", pushed + "/query", "-f", "csv"])
    local = runner.invoke(cli, ["query", "timeline", "-g", str(seeds_graph_path), "-f", "csv"])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    ask = runner.invoke(cli, ["query", "ASK { ?e a nkg:AirStrike }", "--endpoint", pushed + "/query"])
    assert ask.exit_code == 0 and ask.stdout == "true\n"
    construct = runner.invoke(cli, ["query", "CONSTRUCT { ?p a nkg:Person } WHERE { ?p a nkg:Person }", "--endpoint", pushed + "/query"])
    local_construct = runner.invoke(cli, ["query", "CONSTRUCT { ?p a nkg:Person } WHERE { ?p a nkg:Person }", "-g", str(seeds_graph_path)])
    assert construct.stdout == local_construct.stdout


def test_push_trig_keeps_named_graphs_and_replace(oxigraph_server, nlp, tmp_path):
    from click.testing import CliRunner

    from tests.conftest import SEEDS

    trig = tmp_path / "graph.trig"
    assert CliRunner().invoke(cli, ["build", str(SEEDS), "-o", str(trig), "-q"]).exit_code == 0
    report = push([trig], oxigraph_server + "/store", replace=True, with_ontology=False)
    assert len(report.uploads) == 6  # the default graph and one graph per article
    remote = EndpointEngine(oxigraph_server + "/query")
    graphs = run_query("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", remote)
    assert graphs.rows[0][0].value == "5"
    one = report.uploads[1]
    before = run_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{one.graph}> {{ ?s ?p ?o }} }}", remote).rows[0][0].value
    push([trig], oxigraph_server + "/store", replace=True, with_ontology=False)  # again: replaced, not doubled
    after = run_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{one.graph}> {{ ?s ?p ?o }} }}", remote).rows[0][0].value
    assert before == after == str(one.triples)


def test_push_into_a_named_graph(oxigraph_server, seeds_graph_path):
    iri = "https://example.org/graphs/news"
    push([seeds_graph_path], oxigraph_server + "/store", graph=iri, replace=True, with_ontology=False)
    remote = EndpointEngine(oxigraph_server + "/query")
    count = run_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?a a nkg:Article }} }}", remote)
    assert count.rows[0][0].value == "5"


class FlakyStore(BaseHTTPRequestHandler):
    """Fails twice with 503, then stores; or always refuses, as configured."""

    calls: list = []
    failures_left = 2
    refuse = False

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).calls.append((self.command, self.path, self.headers.get_content_type(), self.headers.get("Authorization")))
        if type(self).refuse:
            self.send_response(403)
            body = b"Forbidden: this repository is read-only"
        elif type(self).failures_left:
            type(self).failures_left -= 1
            self.send_response(503)
            body = b"busy"
        else:
            self.send_response(204)
            body = b""
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky_store():
    FlakyStore.calls, FlakyStore.failures_left, FlakyStore.refuse = [], 2, False
    server = HTTPServer(("127.0.0.1", 0), FlakyStore)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/repositories/news/rdf-graphs/service"
    server.shutdown()


def test_push_retries_transient_failures(flaky_store, seeds_graph_path):
    report = push([seeds_graph_path], flaky_store, with_ontology=False, backoff=0.01, auth="ana:secret")
    assert report.attempts == 3 and len(FlakyStore.calls) == 3
    method, path, media, authorization = FlakyStore.calls[-1]
    assert (method, media) == ("POST", "text/turtle")
    assert path.endswith("/rdf-graphs/service?default")
    assert authorization == "Basic YW5hOnNlY3JldA=="


def test_push_refused_is_a_clear_error(flaky_store, seeds_graph_path, runner):
    FlakyStore.refuse = True
    result = runner.invoke(cli, ["push", str(seeds_graph_path), "--endpoint", flaky_store, "--no-ontology"])
    assert result.exit_code == 2
    assert "Error [E027]" in result.stderr and "HTTP 403" in result.stderr and "read-only" in result.stderr
    assert len(FlakyStore.calls) == 1  # a refusal is not retried


def test_push_to_nothing_gives_up_after_retries(seeds_graph_path):
    with pytest.raises(KgError) as err:
        push([seeds_graph_path], f"http://127.0.0.1:{free_port()}/store", with_ontology=False, retries=2, backoff=0.01)
    assert err.value.code == "E027" and "after 3 attempts" in str(err.value)


# --- kg serve ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kg_server(seeds_graph_path):
    """`kg serve` started as a user would, on a free port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(seeds_graph_path), "--port", "0", "--timeout", "2", "--max-rows", "50"],
        stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    line = process.stderr.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
    assert match, line + process.stderr.read()
    try:
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(10)


def http(url, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


PERSONS = "SELECT ?p ?l WHERE { ?p a nkg:Person ; rdfs:label ?l } ORDER BY ?l"


def test_serve_answers_get_and_post_in_every_format(kg_server):
    status, headers, body = http(kg_server + "/sparql?" + urllib.parse.urlencode({"query": PERSONS}))
    assert status == 200 and headers.get_content_type() == "application/sparql-results+json"
    rows = json.loads(body)["results"]["bindings"]
    assert {"Qassem Soleimani", "Donald Trump"} <= {r["l"]["value"] for r in rows}
    form = urllib.parse.urlencode({"query": PERSONS}).encode()
    for accept, media in [("application/sparql-results+xml", "application/sparql-results+xml"), ("text/csv", "text/csv"),
                          ("text/tab-separated-values", "text/tab-separated-values")]:
        status, headers, body = http(kg_server + "/sparql", form, {"Accept": accept})
        assert status == 200 and headers.get_content_type() == media and "Soleimani" in body
    status, _, body = http(kg_server + "/sparql", PERSONS.encode(), {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and body.startswith("p,l\r\n")
    status, headers, body = http(kg_server + "/sparql?" + urllib.parse.urlencode({"query": "CONSTRUCT WHERE { ?p a nkg:Person }"}))
    assert status == 200 and headers.get_content_type() == "text/turtle" and "nkg:Person" in body


def test_serve_answers_every_library_query_as_kg_query_does(kg_server, seeds_graph_path):
    remote = EndpointEngine(kg_server + "/sparql")
    for entry in library():
        text = entry.path.read_text(encoding="utf-8")
        params = EXAMPLE_PARAMS.get(entry.name, {})
        served = run_query(text, remote, params, declared=entry.parameters)
        local = run_query(text, _local(seeds_graph_path), params, declared=entry.parameters, limit=50)
        assert served.rows == local.rows and served.truncated == local.truncated, entry.name


def test_serve_is_read_only(kg_server):
    status, _, body = http(kg_server + "/update", urllib.parse.urlencode({"update": "CLEAR ALL"}).encode())
    assert status == 403 and "read-only" in body
    status, _, _ = http(kg_server + "/store?default", b"<http://a> <http://b> <http://c> .", {"Content-Type": "application/n-triples"}, "PUT")
    assert status == 403
    status, _, body = http(kg_server + "/sparql", PERSONS.encode(), {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and "Soleimani" in body  # still all there


def test_serve_limits_rows_and_time(kg_server):
    status, headers, body = http(kg_server + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}), headers={"Accept": "text/csv"})
    assert status == 200 and headers["Kg-Results-Truncated"] == "true" and len(body.splitlines()) == 51
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }"
    started = time.monotonic()
    status, _, body = http(kg_server + "/sparql?" + urllib.parse.urlencode({"query": slow}))
    assert status == 503 and "longer than 2 s" in body and time.monotonic() - started < 10


def test_serve_reports_bad_queries(kg_server):
    status, _, body = http(kg_server + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x ?y }"}))
    assert status == 400 and "does not parse" in body
    status, _, _ = http(kg_server + "/sparql", b"query=x", {"Content-Type": "text/plain"})
    assert status == 415
    status, _, _ = http(kg_server + "/sparql?" + urllib.parse.urlencode({"query": PERSONS}), headers={"Accept": "image/png"})
    assert status == 406


def test_serve_writable_accepts_push_and_update(seeds_graph_path, tmp_path):
    from kg.sparql.serve import ServeSettings, make_server

    server = make_server(ox.Store(), "127.0.0.1", 0, ServeSettings(writable=True, quiet=True))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = server.url.rsplit("/", 1)[0]
    try:
        report = push([seeds_graph_path], base + "/store")
        assert report.triples == server.info()["quads"]
        update = "DELETE WHERE { ?a a <https://w3id.org/newskg/ontology#Article> }"
        status, _, body = http(base + "/update", urllib.parse.urlencode({"update": update}).encode())
        assert status == 204, body
        remote = EndpointEngine(base + "/sparql")
        assert run_query("ASK { ?a a nkg:Article }", remote).boolean is False
    finally:
        server.shutdown()
        server.server_close()


def test_serve_binds_to_localhost_by_default():
    from kg.sparql.serve import make_server

    server = make_server(ox.Store(), port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_serve_port_in_use_is_a_clear_error(runner, seeds_graph_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        result = runner.invoke(cli, ["serve", str(seeds_graph_path), "--port", str(port)])
    assert result.exit_code == 2 and "Error [E028]" in result.stderr


def test_endpoint_errors_are_clear(runner, kg_server, seeds_graph_path):
    bad = runner.invoke(cli, ["query", "SELECT ?x WHERE { ?x ?y }", "--endpoint", kg_server + "/sparql"])
    assert bad.exit_code == 2 and "Error [E021]" in bad.stderr and "HTTP 400" in bad.stderr
    gone = runner.invoke(cli, ["query", "persons", "--endpoint", f"http://127.0.0.1:{free_port()}/sparql", "--timeout", "5"])
    assert gone.exit_code == 2 and "Error [E025]" in gone.stderr and "cannot connect" in gone.stderr
    both = runner.invoke(cli, ["query", "persons", "-g", str(seeds_graph_path), "--endpoint", kg_server + "/sparql"])
    assert both.exit_code == 2 and "one of them" in both.output
