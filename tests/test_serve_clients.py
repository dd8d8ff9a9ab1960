"""kg serve for the tools RDF users bring: where updates go said plainly (memory
or the --store folder) and tested both ways, CORS for --cors origins (the
preflight answered), a query page at / for a browser (offline, tested in
chromium), and FROM honoured as by kg query."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse

import pytest

from kg.cli import cli
from kg.sparql.sandbox import MIB
from tests.conftest import ROOT
from tests.test_hostile_serve import Served

pytestmark = pytest.mark.server  # every test here starts kg serve

DATA = "<http://example.org/a> <http://example.org/p> \"1\" .\n"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
INSERT = "INSERT DATA { <http://example.org/b> <http://example.org/p> 2 }"


def start(*args):
    """`kg serve ARGS` on a free port, as a user starts it: (process, base URL, its first line)."""
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", *args, "--port", "0", "-q", "--workers", "1"],
                               stderr=subprocess.PIPE, text=True, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = process.stderr.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)/sparql", line)
    assert match, line + process.stderr.read()
    return process, match.group(1), line


def stop(process):
    process.terminate()
    assert process.wait(20) is not None


def exchange(base, method, path, body=b"", headers=None):
    import http.client

    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def count(base):
    status, _headers, body = exchange(base, "GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT}), headers={"Accept": "text/csv"})
    assert status == 200, body
    return int(body.split()[1])


def update(base, text=INSERT):
    return exchange(base, "POST", "/update", text.encode(), {"Content-Type": "application/sparql-update"})[0]


def test_writable_on_graph_files_says_updates_stay_in_memory(tmp_path):
    graph = tmp_path / "graph.nt"
    graph.write_text(DATA, encoding="utf-8")
    process, base, line = start(str(graph), "--writable", "--no-ontology")
    try:
        assert "in memory only" in line and "lost when the server stops" in line, line
        said = json.loads(exchange(base, "GET", "/", headers={"Accept": "application/json"})[2])
        assert "in memory only" in said["updates"]
        assert update(base) == 204 and count(base) == 2
    finally:
        stop(process)
    assert graph.read_text(encoding="utf-8") == DATA  # the file is not touched
    process, base, line = start(str(graph), "--writable", "--no-ontology")
    try:
        assert count(base) == 1  # the update was lost with the server, as it said
    finally:
        stop(process)


def test_writable_on_a_store_says_updates_are_kept_and_keeps_them(runner, tmp_path):
    graph, store = tmp_path / "graph.nt", tmp_path / "store"
    graph.write_text(DATA, encoding="utf-8")
    assert runner.invoke(cli, ["load", str(graph), "--store", str(store), "--no-ontology"]).exit_code == 0
    process, base, line = start("--store", str(store), "--writable")
    try:
        assert f"written to the store {store}" in line and "kept" in line, line
        assert update(base) == 204 and count(base) == 2
    finally:
        stop(process)
    after = runner.invoke(cli, ["query", COUNT, "--store", str(store), "-f", "csv"])
    assert after.stdout.splitlines()[1] == "2"  # in the folder, after the server stopped
    read_only, base, line = start("--store", str(store))
    try:
        assert "read-only" in line and update(base) == 403
    finally:
        stop(read_only)


@pytest.fixture(scope="module")
def cors():
    server = Served(writable=True, cors=("https://yasgui.example",), timeout=10.0, max_memory=256 * MIB)
    yield server
    server.close()


def test_cors_for_the_origins_named(cors):
    allowed, other = "https://yasgui.example", "https://elsewhere.example"
    preflight = {"Origin": allowed, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    status, headers, _ = exchange(f"http://127.0.0.1:{cors.port}", "OPTIONS", "/sparql", headers=preflight)
    assert status == 204 and headers["Access-Control-Allow-Origin"] == allowed
    assert "POST" in headers["Access-Control-Allow-Methods"] and "Content-Type" in headers["Access-Control-Allow-Headers"]
    status, headers, body = exchange(f"http://127.0.0.1:{cors.port}", "GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT}),
                                     headers={"Origin": allowed, "Accept": "text/csv"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == allowed and headers["Vary"] == "Origin"
    # another origin: no CORS header (the browser keeps the answer from its page), its preflight refused
    status, headers, _ = exchange(f"http://127.0.0.1:{cors.port}", "GET", "/sparql?" + urllib.parse.urlencode({"query": COUNT}),
                                  headers={"Origin": other, "Accept": "text/csv"})
    assert "Access-Control-Allow-Origin" not in headers
    assert exchange(f"http://127.0.0.1:{cors.port}", "OPTIONS", "/sparql", headers={**preflight, "Origin": other})[0] == 403
    # a named origin may write to a writable server; another site may not
    assert exchange(f"http://127.0.0.1:{cors.port}", "OPTIONS", "/update", headers=preflight)[0] == 204
    assert cors.update(INSERT, Origin=allowed)[0] == 204
    assert cors.update(INSERT, Origin=other)[0] == 403
    assert exchange(f"http://127.0.0.1:{cors.port}", "OPTIONS", "/nowhere")[0] == 404


def test_cors_for_any_origin_is_for_reads_only():
    server = Served(writable=True, cors=("*",))
    try:
        origin = "https://any.example"
        status, headers, _ = exchange(f"http://127.0.0.1:{server.port}", "GET",
                                      "/sparql?" + urllib.parse.urlencode({"query": COUNT}),
                                      headers={"Origin": origin, "Accept": "text/csv"})
        assert status == 200 and headers["Access-Control-Allow-Origin"] == origin
        assert server.update(INSERT, Origin=origin)[0] == 403
        preflight = {"Origin": origin, "Access-Control-Request-Method": "POST"}
        assert exchange(f"http://127.0.0.1:{server.port}", "OPTIONS", "/update", headers=preflight)[0] == 403
    finally:
        server.close()


def test_from_is_honoured_by_the_server(tmp_path):
    import pyoxigraph as ox

    from kg.sparql.serve import ServeSettings, make_server

    store = ox.Store()
    store.load("<http://g/1> { <http://a> <http://p> 1 } <http://g/2> { <http://b> <http://p> 2 . <http://c> <http://p> 3 }",
               format=ox.RdfFormat.TRIG)
    server = make_server(store, "127.0.0.1", 0, ServeSettings(quiet=True, workers=1))
    import threading

    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert count(base) == 3  # the union, when the query names no dataset
        status, _h, body = exchange(base, "GET", "/sparql?" + urllib.parse.urlencode(
            {"query": "SELECT (COUNT(*) AS ?n) FROM <http://g/2> WHERE { ?s ?p ?o }"}), headers={"Accept": "text/csv"})
        assert status == 200 and body.split()[1] == "2"
    finally:
        server.server_close()


# --- the query page, in a browser -------------------------------------------------------


def test_the_page_for_browsers_is_self_contained(served_seeds, seeds_graph):
    status, headers, body = exchange(served_seeds, "GET", "/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "connect-src 'self'" in headers["Content-Security-Policy"]
    assert not re.search(r"(src|href)=\"?(https?:)?//", body)  # nothing from elsewhere
    assert "most-attacked" in body and "attacks-on" not in body  # queries without parameters
    as_json = exchange(served_seeds, "GET", "/", headers={"Accept": "application/json"})
    assert json.loads(as_json[2])["service"] == "kg SPARQL endpoint"
    from kg.resources import ontology_graph

    served = seeds_graph + ontology_graph()  # kg serve serves the ontology beside the graph
    assert json.loads(exchange(served_seeds, "GET", "/")[2])["quads"] == len(served)  # curl's */*: JSON


@pytest.fixture(scope="module")
def served_seeds(seeds_graph_path):
    process, base, _line = start(str(seeds_graph_path))
    yield base
    stop(process)


def test_the_query_page_runs_a_library_query_in_chromium(served_seeds, browser):
    context = browser.new_context()
    page = context.new_page()
    errors, elsewhere = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(request_route):
        if not request_route.request.url.startswith(served_seeds):
            elsewhere.append(request_route.request.url)
            return request_route.abort()
        return request_route.continue_()

    page.route("**/*", route)
    try:
        page.goto(served_seeds + "/")
        page.select_option("#library", "most-attacked")
        assert "nkg:Attack" in page.input_value("#query")
        page.click("#run")
        page.wait_for_selector("#answer table tbody tr")
        headers = page.locator("#answer th").all_inner_texts()
        assert headers == ["target", "label", "attacks", "articles"]
        assert "row" in page.inner_text("#status")
        page.fill("#query", "CONSTRUCT WHERE { ?a a nkg:Article } LIMIT 2")
        page.click("#run")
        page.wait_for_selector("#answer pre")
        assert "nkg:Article" in page.inner_text("#answer pre")
        page.fill("#query", "SELECT * WHERE { ?s ?p }")
        page.click("#run")
        page.wait_for_selector("#status.error")
        assert "400" in page.inner_text("#status")
    finally:
        context.close()
    assert errors == [] or all("400" in e for e in errors), errors  # the refused query's own 400
    assert elsewhere == []


from tests.test_report import browser  # noqa: E402,F401 (Debian's chromium, as the report's tests drive it)
