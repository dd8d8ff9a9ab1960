"""Hostile files, queries and stores outside `kg serve` (issue 14): `kg query`
stops what runs too long or too big, graph files never make kg fetch or expand
without bound, and `kg push` / `kg query --endpoint` trust no redirect, show no
password and keep their deadline against a store that trickles."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.cli import cli
from kg.rdf.graphio import input_refusal
from kg.sparql.querycheck import check_query, query_shape
from tests.conftest import ROOT

EX = "http://example.org/"
# 150 subjects: a join of three patterns has 3.4 million rows, of four 500 million
GRAPH = "".join(f"<{EX}s{i}> <{EX}p> <{EX}o{i % 7}> ; <{EX}label> \"thing {i}\" .\n" for i in range(150))
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i ?a"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + ']><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">'
          '<rdf:Description rdf:about="http://example.org/a"><e:p>&lol9;</e:p></rdf:Description></rdf:RDF>')
PROTEGE = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY ex "http://example.org/" >\n]>\n'
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://example.org/">'
           '<rdf:Description rdf:about="&ex;a"><e:p>1</e:p></rdf:Description></rdf:RDF>')


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def kg_query(runner, graph, text, *options):
    return runner.invoke(cli, ["query", text, "-g", str(graph), "--no-ontology", "-f", "csv", *options])


# --- kg query ----------------------------------------------------------------------


def test_kg_query_stops_at_its_timeout(runner, graph):
    started = time.monotonic()
    result = kg_query(runner, graph, RUNAWAY, "--timeout", "1")
    assert result.exit_code == 2 and "Error [E034]" in result.stderr and "longer than 1 s" in result.stderr
    assert time.monotonic() - started < 5


def test_kg_query_stops_at_its_memory(runner, graph):
    result = kg_query(runner, graph, HUNGRY, "--max-memory", "64")
    assert result.exit_code == 2 and "more than 64 MiB of memory" in result.stderr


def test_kg_query_refuses_deep_nesting_and_survives_an_engine_crash(runner, graph):
    deep = kg_query(runner, graph, "SELECT * WHERE " + "{" * 2500 + "}" * 2500)
    assert deep.exit_code == 2 and "Error [E035]" in deep.stderr and "2500 deep" in deep.stderr
    crash = kg_query(runner, graph, "SELECT * WHERE { FILTER(" + "!" * 20000 + "true) }")
    assert crash.exit_code == 2 and "Error [E034]" in crash.stderr and "crashed" in crash.stderr
    assert kg_query(runner, graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").stdout == "n\n300\n"


def test_ctrl_c_stops_a_running_query_at_once(graph):
    process = subprocess.Popen([sys.executable, "-m", "kg", "query", RUNAWAY, "-g", str(graph), "--no-ontology"],
                               cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(1.5)  # loaded, and computing
    started = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole group
    assert process.wait(10) == 130 and "Interrupted." in process.stderr.read()
    assert time.monotonic() - started < 2
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no process of it is left computing


def test_a_long_inline_query_is_a_query_not_a_file_name(runner, graph):
    text = f"SELECT ?s WHERE {{ ?s <{EX}label> ?l FILTER(?l != \"{'x' * 400}\") }} ORDER BY ?s LIMIT 1"
    result = kg_query(runner, graph, text)
    assert result.exit_code == 0 and result.stdout.splitlines()[1] == f"{EX}s0"


def test_query_shape_sees_through_strings_comments_iris_and_escapes():
    shape = query_shape("SELECT * { ?s ?p \"{{{ SERVICE <x> }\" # SERVICE <y> {{{\n <http://a/{b}> ?o "
                        "FILTER(?o = ex:SERVICE) }")
    assert shape.depth == 2 and shape.federation == ()
    escaped = query_shape("SELECT * { ?a ?b ?c .\\u0053ERVICE <http://e/> { } }")
    assert [(f.keyword, f.target) for f in escaped.federation] == [("SERVICE", "http://e/")]
    started = time.monotonic()
    for pathological in ["1" * 10**6, "-" * 10**6, '"' * 10**6, "<a" * 500000, "a:" * 500000]:
        check_query(pathological)
    assert time.monotonic() - started < 5  # linear: a megabyte is a fraction of a second


# --- graph files ----------------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """An HTTP server that records each request and answers by ``plan``: path → (status, headers, body)."""

    calls: list = []
    plan: dict = {}

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        type(self).calls.append((self.command, self.path, self.headers.get("Authorization"), body))
        status, headers, payload = self.plan.get(self.path.split("?")[0], (404, {}, b"no"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    handler = type("Recorded", (Recorder,), {"calls": [], "plan": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    handler.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield handler
    server.shutdown()


COMMANDS = [
    ("validate", ["validate", "{graph}"]),
    ("export", ["export", "{graph}", "-f", "events-csv"]),
    ("explain", ["explain", "nkgr:x", "-g", "{graph}"]),
    ("reason", ["reason", "{graph}"]),
    ("report", ["report", "{graph}", "-o", "{tmp}/report", "-q"]),
    ("query", ["query", "ASK {}", "-g", "{graph}"]),
    ("query rdflib", ["query", "ASK {}", "-g", "{graph}", "--engine", "rdflib"]),
    ("load", ["load", "{graph}", "--store", "{tmp}/store"]),
    ("push", ["push", "{graph}", "--endpoint", "http://127.0.0.1:9/store", "--retries", "0"]),
]


def invoke(runner, command, graph, tmp_path):
    return runner.invoke(cli, [part.replace("{graph}", str(graph)).replace("{tmp}", str(tmp_path)) for part in command])


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_no_command_fetches_a_json_ld_context_or_expands_entities(name, command, runner, tmp_path, recorder):
    remote = tmp_path / "remote.jsonld"
    remote.write_text(json.dumps({"@context": recorder.url + "/context.jsonld", "@id": EX + "a", "name": "x"}))
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(LAUGHS)
    for path, words in [(remote, "kg reads no URL"), (bomb, "entity expansion is refused")]:
        result = invoke(runner, command, path, tmp_path)
        assert result.exit_code == 2 and "Error [E010]" in result.stderr and words in result.stderr, result.output
    assert recorder.calls == []


def test_flat_entities_as_ontology_editors_write_them_are_read(runner, tmp_path):
    path = tmp_path / "protege.rdf"
    path.write_text(PROTEGE)
    for engine in ("oxigraph", "rdflib"):
        result = runner.invoke(cli, ["query", f"SELECT ?o WHERE {{ <{EX}a> ?p ?o }}", "-g", str(path), "--no-ontology",
                                     "-f", "csv", "--engine", engine])
        assert result.stdout == "o\n1\n", (engine, result.output)
    assert input_refusal(PROTEGE.encode("utf-16"), "xml") is None
    assert "external DTD" in input_refusal(b'<!DOCTYPE r SYSTEM "http://x/r.dtd"><r/>', "xml")
    assert "entity" in input_refusal(b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', "xml")


def test_deep_json_ld_is_refused_not_a_crash(runner, tmp_path):
    path = tmp_path / "deep.jsonld"
    path.write_bytes(b'{"@id": "http://example.org/a", "http://example.org/p": ' + b'{"http://example.org/p": ' * 5000
                     + b"1" + b"}" * 5001)
    for command in (["query", "ASK {}", "-g", str(path)], ["load", str(path), "--store", str(tmp_path / "s")]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2 and "nests deeper than 512 levels" in result.stderr


def test_a_literal_over_16_mib_is_a_clear_error(runner, tmp_path):
    path = tmp_path / "big.nt"
    path.write_text(f'<{EX}a> <{EX}p> "{"x" * (17 * 1024 * 1024)}" .\n')
    for command in (["query", "ASK {}", "-g", str(path)], ["load", str(path), "--store", str(tmp_path / "s")],
                    ["validate", str(path)]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2 and "longer than 16 MiB" in result.stderr, command


# --- kg push and kg query --endpoint --------------------------------------------------------


def test_a_redirect_is_never_a_successful_push(runner, graph, recorder):
    other = type("Other", (Recorder,), {"calls": [], "plan": {}})
    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), other)
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    away = f"http://127.0.0.1:{elsewhere.server_address[1]}/store"
    try:
        recorder.plan.update({"/found": (302, {"Location": "/store"}, b""), "/store": (200, {}, b""),
                              "/moved": (307, {"Location": "/stored?default"}, b""), "/stored": (204, {}, b""),
                              "/away": (307, {"Location": away}, b"")})
        found = runner.invoke(cli, ["push", str(graph), "--endpoint", recorder.url + "/found", "--no-ontology"])
        assert found.exit_code == 2 and "HTTP 302" in found.stderr and "not followed" in found.stderr
        assert [c[0] for c in recorder.calls] == ["POST"]  # no GET that would have "succeeded"
        moved = runner.invoke(cli, ["push", str(graph), "--endpoint", recorder.url + "/moved", "--no-ontology"])
        assert moved.exit_code == 0, moved.output  # same host, same method: followed
        assert recorder.calls[-1][:2] == ("POST", "/stored?default") and recorder.calls[-1][3] == graph.read_bytes()
        off = runner.invoke(cli, ["push", str(graph), "--endpoint", recorder.url + "/away", "--no-ontology", "--auth", "ana:secret"])
        assert off.exit_code == 2 and "another host" in off.stderr
        assert other.calls == []  # neither the body nor the credentials went there
    finally:
        elsewhere.shutdown()


def test_a_query_redirect_stays_on_its_host(runner, recorder):
    results = json.dumps({"head": {}, "boolean": True}).encode()
    recorder.plan.update({"/old": (301, {"Location": "/sparql"}, b""),
                          "/sparql": (200, {"Content-Type": "application/sparql-results+json"}, results),
                          "/leave": (302, {"Location": "http://attacker.example/steal"}, b"")})
    moved = runner.invoke(cli, ["query", "ASK {}", "--endpoint", recorder.url + "/old", "--auth", "ana:secret"])
    assert moved.exit_code == 0 and moved.stdout == "true\n"
    assert recorder.calls[-1][2] == "Basic YW5hOnNlY3JldA=="
    leave = runner.invoke(cli, ["query", "ASK {}", "--endpoint", recorder.url + "/leave", "--auth", "ana:secret"])
    assert leave.exit_code == 2 and "another host (http://attacker.example/steal)" in leave.stderr


def test_credentials_in_the_url_are_used_but_never_shown(runner, graph, recorder):
    host = recorder.url.split("//")[1]
    recorder.plan["/store"] = (403, {}, b"read-only")
    refused = runner.invoke(cli, ["push", str(graph), "--endpoint", f"http://ana:s3cret@{host}/store", "--no-ontology"])
    assert refused.exit_code == 2 and "ana:***@" in refused.stderr and "s3cret" not in refused.output
    assert recorder.calls[-1][2] == "Basic YW5hOnMzY3JldA=="
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    for command in (["push", str(graph), "--endpoint", f"http://ana:s3cret@127.0.0.1:{port}/store", "--retries", "0"],
                    ["query", "ASK {}", "--endpoint", f"http://ana:s3cret@127.0.0.1:{port}/sparql"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2 and "cannot connect" in result.stderr and "s3cret" not in result.output


@pytest.fixture
def trickling_store():
    """A store that accepts, then sends its answer a byte every 0.2 s (or, with silent, never)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    mode = {"silent": False}

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            except OSError:  # closed: the test is over
                return
            threading.Thread(target=trickle, args=(connection,), daemon=True).start()

    def trickle(connection):
        with connection:
            connection.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000:
                if stop.is_set() or mode["silent"]:
                    stop.wait(30)
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.2)

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", mode
    stop.set()
    listener.close()


def test_a_trickling_or_silent_store_does_not_defeat_the_timeout(runner, graph, trickling_store):
    url, mode = trickling_store
    for silent in (False, True):
        mode["silent"] = silent
        started = time.monotonic()
        push = runner.invoke(cli, ["push", str(graph), "--endpoint", url + "/store", "--no-ontology", "--timeout", "1",
                                   "--retries", "0"])
        assert push.exit_code == 2 and "timed out" in push.stderr and "cannot connect" not in push.stderr
        query = runner.invoke(cli, ["query", "ASK {}", "--endpoint", url + "/sparql", "--timeout", "1"])
        assert query.exit_code == 2 and "timed out" in query.stderr
        assert time.monotonic() - started < 5
