"""``kg serve``: a local SPARQL 1.1 endpoint over pyoxigraph, read-only by default.

Protocol (SPARQL 1.1 Protocol and Graph Store HTTP Protocol, the parts a
client of a read-only store needs):

- ``GET /sparql?query=…``, ``POST /sparql`` (form ``query=…`` or a body of type
  ``application/sparql-query``): results as JSON, XML, CSV or TSV by the
  Accept header (or ``format=json|xml|csv|tsv``), graphs as Turtle or N-Triples.
- ``POST /update``: SPARQL Update, refused (403) unless started ``--writable``.
- ``GET /store?graph=IRI`` or ``?default``: a graph as N-Triples/Turtle;
  ``PUT``/``POST``/``DELETE`` only when writable (so ``kg push`` works on it).

Each query runs in a worker thread (pyoxigraph releases the GIL) under a time
limit, and at most ``max_rows`` rows are sent; a cut answer says so in the
``Kg-Results-Truncated`` header.
"""
from __future__ import annotations

import json
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

import pyoxigraph as ox

from . import __version__
from .engines import QueryResult, collect_answer, query_form
from .errors import KgError
from .prefixes import GRAPH_PREFIXES, QUERY_PREFIXES
from .results import format_result

RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA = {"turtle": ("text/turtle", ox.RdfFormat.TURTLE), "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES)}
_MEDIA_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
UPLOAD_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


@dataclass
class ServeSettings:
    timeout: float = 30.0
    max_rows: int = 10_000
    writable: bool = False
    quiet: bool = False


class QueryTimeout(Exception):
    pass


def evaluate(store: ox.Store, text: str, timeout: float, max_rows: int) -> QueryResult:
    """Run ``text`` in a worker thread; stop waiting after ``timeout`` seconds."""
    outcome: dict = {}
    cancelled = threading.Event()
    form = query_form(text)

    def work() -> None:
        try:
            answer = store.query(text, prefixes=QUERY_PREFIXES, use_default_graph_as_union=True)
            outcome["result"] = collect_answer(answer, form, max_rows, cancelled)
        except BaseException as err:  # handed to the request thread, which answers with it
            outcome["error"] = err

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancelled.set()
        raise QueryTimeout(f"the query ran longer than {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _accepts(header: str) -> list[str]:
    """Media types of an Accept header, best first."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media:
            ranked.append((-quality, position, media.lower()))
    return [media for _q, _p, media in sorted(ranked)]


def choose_results_format(accept: str, explicit: Optional[str]) -> Optional[str]:
    if explicit:
        return explicit if explicit in RESULT_MEDIA else None
    for media in _accepts(accept or "*/*"):
        for name, known in RESULT_MEDIA.items():
            if media == known:
                return name
        if media in _MEDIA_ALIASES:
            return _MEDIA_ALIASES[media]
        if media in ("*/*", "application/*", "text/*"):
            return "json" if media != "text/*" else "csv"
    return None


def choose_graph_format(accept: str) -> Optional[str]:
    for media in _accepts(accept or "*/*"):
        for name, (known, _fmt) in GRAPH_MEDIA.items():
            if media == known:
                return name
        if media in ("*/*", "text/*"):
            return "turtle"
        if media == "application/*":
            return "nt"
    return None


class SparqlHandler(BaseHTTPRequestHandler):
    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"

    # --- plumbing ---

    @property
    def store(self) -> ox.Store:
        return self.server.store  # type: ignore[attr-defined]

    @property
    def settings(self) -> ServeSettings:
        return self.server.settings  # type: ignore[attr-defined]

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        if not self.settings.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, body: bytes, media: str, headers: Optional[dict] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media if media.startswith("text/html") else f"{media}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _route(self) -> tuple[str, dict[str, list[str]]]:
        parts = urllib.parse.urlsplit(self.path)
        return parts.path.rstrip("/") or "/", urllib.parse.parse_qs(parts.query, keep_blank_values=True)

    # --- verbs ---

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path, params = self._route()
        if path in ("/sparql", "/query"):
            if "query" not in params:
                return self._error(400, "give the query as ?query=… (SPARQL 1.1 Protocol)")
            return self._query(params["query"][0], params.get("format", [None])[0])
        if path == "/store":
            return self._store_get(params)
        if path == "/":
            return self._home()
        self._error(404, f"no such resource {path}: use /sparql, /update or /store")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        path, params = self._route()
        media = self.headers.get_content_type()
        body = self._body()
        if path in ("/sparql", "/query", "/update"):
            if media == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                if "update" in form:
                    return self._update(form["update"][0])
                if "query" in form:
                    return self._query(form["query"][0], (form.get("format") or params.get("format") or [None])[0])
                return self._error(400, "the form has neither query= nor update=")
            if media == "application/sparql-query":
                return self._query(body.decode("utf-8", "replace"), params.get("format", [None])[0])
            if media == "application/sparql-update":
                return self._update(body.decode("utf-8", "replace"))
            return self._error(415, f"unsupported content type {media}: send a form or application/sparql-query")
        if path == "/store":
            return self._store_write(params, body, media, replace=False)
        self._error(404, f"no such resource {path}")

    def do_PUT(self) -> None:  # noqa: N802
        path, params = self._route()
        body = self._body()
        if path != "/store":
            return self._error(404, f"no such resource {path}")
        self._store_write(params, body, self.headers.get_content_type(), replace=True)

    def do_DELETE(self) -> None:  # noqa: N802
        path, params = self._route()
        if path != "/store":
            return self._error(404, f"no such resource {path}")
        if not self.settings.writable:
            return self._error(403, "this endpoint is read-only (start kg serve with --writable)")
        graph = self._graph_name(params)
        if graph is None:
            return
        self.store.clear_graph(graph)
        self._send(204, b"", "text/plain")

    # --- handlers ---

    def _query(self, text: str, explicit_format: Optional[str]) -> None:
        form = query_form(text)
        graph_answer = form in ("CONSTRUCT", "DESCRIBE")
        fmt = choose_graph_format(self.headers.get("Accept", "")) if graph_answer else choose_results_format(
            self.headers.get("Accept", ""), explicit_format)
        if fmt is None:
            return self._error(406, "no acceptable results format: ask for JSON, XML, CSV or TSV (graphs: Turtle or N-Triples)")
        try:
            result = evaluate(self.store, text, self.settings.timeout, self.settings.max_rows)
        except SyntaxError as err:
            return self._error(400, f"the query does not parse: {' '.join(str(err).split())}")
        except QueryTimeout as err:
            return self._error(503, str(err))
        except Exception as err:  # evaluation errors of the engine: the client's query, not the server
            return self._error(400, f"the query failed: {' '.join(str(err).split())}")
        headers = {"Kg-Results-Truncated": "true"} if result.truncated else {}
        if result.triples is not None:
            media, rdf_format = GRAPH_MEDIA[fmt]
            body = ox.serialize(result.triples, format=rdf_format, prefixes=GRAPH_PREFIXES if fmt == "turtle" else None)
            return self._send(200, body, media, headers)
        self._send(200, format_result(result, fmt).encode("utf-8"), RESULT_MEDIA[fmt], headers)

    def _update(self, text: str) -> None:
        if not self.settings.writable:
            return self._error(403, "SPARQL Update is refused: this endpoint is read-only (start kg serve with --writable)")
        try:
            self.store.update(text)
        except SyntaxError as err:
            return self._error(400, f"the update does not parse: {' '.join(str(err).split())}")
        except Exception as err:
            return self._error(400, f"the update failed: {' '.join(str(err).split())}")
        self._send(204, b"", "text/plain")

    def _graph_name(self, params):
        if "default" in params:
            return ox.DefaultGraph()
        if "graph" in params:
            try:
                return ox.NamedNode(params["graph"][0])
            except ValueError:
                self._error(400, f"not an IRI: {params['graph'][0]}")
                return None
        self._error(400, "name the graph: ?graph=IRI or ?default (Graph Store HTTP Protocol)")
        return None

    def _store_get(self, params) -> None:
        graph = self._graph_name(params)
        if graph is None:
            return
        if isinstance(graph, ox.NamedNode) and not self.store.contains_named_graph(graph):
            return self._error(404, f"no graph {graph.value}")
        fmt = choose_graph_format(self.headers.get("Accept", "")) or "turtle"
        media, rdf_format = GRAPH_MEDIA[fmt]
        triples = sorted((q.triple for q in self.store.quads_for_pattern(None, None, None, graph)), key=str)
        body = ox.serialize(triples, format=rdf_format, prefixes=GRAPH_PREFIXES if fmt == "turtle" else None)
        self._send(200, body, media)

    def _store_write(self, params, body: bytes, media: str, replace: bool) -> None:
        if not self.settings.writable:
            return self._error(403, "this endpoint is read-only (start kg serve with --writable)")
        graph = self._graph_name(params)
        if graph is None:
            return
        if media not in UPLOAD_FORMATS:
            return self._error(415, f"unsupported graph type {media}: send Turtle, N-Triples, RDF/XML or JSON-LD")
        try:
            quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(body, format=UPLOAD_FORMATS[media])]
        except SyntaxError as err:
            return self._error(400, f"the graph does not parse: {' '.join(str(err).split())}")
        existed = isinstance(graph, ox.DefaultGraph) or self.store.contains_named_graph(graph)
        if replace:
            self.store.clear_graph(graph) if existed else None
        self.store.extend(quads)
        self._send(204 if existed else 201, b"", "text/plain")

    def _home(self) -> None:
        mode = "read-write" if self.settings.writable else "read-only"
        graphs = sorted(g.value for g in self.store.named_graphs())
        text = {
            "service": "kg SPARQL endpoint", "version": __version__, "mode": mode,
            "query": "/sparql", "update": "/update", "graph_store": "/store",
            "quads": len(self.store), "named_graphs": len(graphs),
            "timeout_s": self.settings.timeout, "max_rows": self.settings.max_rows,
        }
        self._send(200, (json.dumps(text, indent=2) + "\n").encode("utf-8"), "application/json")


class SparqlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store: ox.Store, host: str, port: int, settings: ServeSettings) -> None:
        self.store = store
        self.settings = settings
        try:
            super().__init__((host, port), SparqlHandler)
        except OSError as err:
            raise KgError("E028", host=host, port=port, detail=err.strerror or str(err)) from err

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"


def make_server(store: ox.Store, host: str = "127.0.0.1", port: int = 7878, settings: Optional[ServeSettings] = None) -> SparqlServer:
    """A server for ``store``, not yet serving: call ``serve_forever()`` (or use it in a thread)."""
    return SparqlServer(store, host, port, settings or ServeSettings())


def serve_until_interrupted(server: SparqlServer) -> None:
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        time.sleep(0)
