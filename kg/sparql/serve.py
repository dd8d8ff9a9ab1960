"""``kg serve``: a local SPARQL 1.1 endpoint over pyoxigraph, read-only by default.

Protocol (SPARQL 1.1 Protocol and Graph Store HTTP Protocol, the parts a
client of a read-only store needs):

- ``GET /sparql?query=…``, ``POST /sparql`` (form ``query=…`` or a body of type
  ``application/sparql-query``): results as JSON, XML, CSV or TSV by the
  Accept header (or ``format=json|xml|csv|tsv``), graphs as Turtle or N-Triples.
- ``POST /update``: SPARQL Update, refused (403) unless started ``--writable``.
- ``GET /store?graph=IRI`` or ``?default``: a graph as N-Triples/Turtle;
  ``PUT``/``POST``/``DELETE`` only when writable (so ``kg push`` works on it).
- ``GET /``: a query page for a browser (kg.sparql.querypage), the server's
  description as JSON for anything else.
- CORS for the origins of ``--cors`` (preflight ``OPTIONS`` answered), so that
  browser tools such as YASGUI can query it; writes only from origins named.

What anyone who reaches the port can do is bounded: waitress reads requests
(body size checked before reading, slow or silent clients cut off, a real
listen backlog); a query is checked for size, nesting and outbound calls
(SERVICE, LOAD) before any parser sees it, then runs in a worker process
(kg.sparql.workers) that is killed past ``--timeout`` or ``--max-memory``. Requests
naming a host that is not this machine's (DNS rebinding) are refused, and so
are writes sent by a page of another site. At most ``max_rows`` rows are
sent; a cut answer says so in the ``Kg-Results-Truncated`` header.
"""
from __future__ import annotations

import ipaddress
import json
from collections import OrderedDict
import os
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

import pyoxigraph as ox

from .. import __version__
from ..rdf.sparql_text import query_form
from .engines import collect_answer, query_dataset, query_error_detail
from ..errors import KgError
from ..rdf.graphio import input_refusal, parse_error_detail
from ..rdf.prefixes import GRAPH_PREFIXES, QUERY_PREFIXES
from .querycheck import MAX_QUERY_BYTES, QueryShape, check_query, federation_refusal
from .results import format_result
from .sandbox import MIB, Stopped
from .workers import Busy, Recipe, WorkerDied, WorkerPool

RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA = {"turtle": ("text/turtle", ox.RdfFormat.TURTLE), "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES)}
_MEDIA_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
UPLOAD_FORMATS = {
    "text/turtle": ("turtle", ox.RdfFormat.TURTLE),
    "application/n-triples": ("nt", ox.RdfFormat.N_TRIPLES),
    "text/plain": ("nt", ox.RdfFormat.N_TRIPLES),
    "application/rdf+xml": ("xml", ox.RdfFormat.RDF_XML),
    "application/ld+json": ("json-ld", ox.RdfFormat.JSON_LD),
}
LOCAL_NAMES = frozenset({"localhost"})


@dataclass
class ServeSettings:
    timeout: float = 30.0
    max_rows: int = 10_000
    writable: bool = False
    quiet: bool = False
    max_memory: int = 1024 * MIB  # per request, over the worker's size at start
    workers: int = 0  # 0: one per CPU, at most 4
    allow_federation: tuple[str, ...] = ()  # hosts SERVICE and LOAD may reach
    allow_hosts: tuple[str, ...] = ()  # names (besides IP addresses and localhost) clients may use for this server
    max_body: int = 0  # bytes; 0: 4 MiB read-only, 256 MiB writable
    client_timeout: int = 30  # seconds a client may take to send a request, or stay idle
    max_query_bytes: int = MAX_QUERY_BYTES
    cache_answers: bool = True  # read-only: keep answers of repeated queries (AnswerCache)
    cors: tuple[str, ...] = ()  # origins whose pages may read answers (CORS); "*": any, for reads only

    @property
    def body_limit(self) -> int:
        return self.max_body or (256 * MIB if self.writable else 4 * MIB)

    @property
    def worker_count(self) -> int:
        if self.writable:
            return 1  # an on-disk store opens for writing in one process only
        return self.workers or max(1, min(4, os.cpu_count() or 1))


@dataclass
class Reply:
    status: int
    body: bytes
    media: str = "text/plain"
    headers: dict = field(default_factory=dict)


def text_reply(status: int, message: str) -> Reply:
    return Reply(status, (" ".join(message.split()) + "\n").encode("utf-8"))


# --- content negotiation -------------------------------------------------------------


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


# --- what a worker does (in its own process, on its own copy of the store) -----------


def handle(store: ox.Store, request: dict) -> Reply:
    """Answer one request of the server; every failure is a Reply, never an exception."""
    try:
        return OPERATIONS[request["op"]](store, request)
    except Exception as err:  # noqa: BLE001 (the worker must answer, whatever went wrong)
        return text_reply(500, f"the request failed: {type(err).__name__}: {err}")


def _query(store: ox.Store, request: dict) -> Reply:
    text, fmt = request["text"], request["format"]
    try:
        answer = store.query(text, prefixes=QUERY_PREFIXES, **query_dataset(store, text))
        result = collect_answer(answer, query_form(text), request["max_rows"])
    except SyntaxError as err:
        return text_reply(400, f"the query does not parse: {query_error_detail(err, text)}")
    except (OSError, RuntimeError, ValueError, TypeError, MemoryError) as err:  # evaluation errors: the client's query
        return text_reply(400, f"the query failed: {err}")
    headers = {"Kg-Results-Truncated": "true"} if result.truncated else {}
    if result.triples is not None:
        media, rdf_format = GRAPH_MEDIA[fmt]
        body = ox.serialize(result.triples, format=rdf_format, prefixes=GRAPH_PREFIXES if fmt == "turtle" else None)
        return Reply(200, body, media, headers)
    return Reply(200, format_result(result, fmt).encode("utf-8"), RESULT_MEDIA[fmt], headers)


def _update(store: ox.Store, request: dict) -> Reply:
    try:
        store.update(request["text"])
    except SyntaxError as err:
        return text_reply(400, f"the update does not parse: {query_error_detail(err, request['text'])}")
    except (OSError, RuntimeError, ValueError, MemoryError) as err:
        return text_reply(400, f"the update failed: {err}")
    return Reply(204, b"")


def _graph_name(iri: Optional[str]):
    return ox.DefaultGraph() if iri is None else ox.NamedNode(iri)


def _graph_get(store: ox.Store, request: dict) -> Reply:
    graph = _graph_name(request["graph"])
    if isinstance(graph, ox.NamedNode) and not store.contains_named_graph(graph):
        return text_reply(404, f"no graph {graph.value}")
    media, rdf_format = GRAPH_MEDIA[request["format"]]
    triples = sorted((q.triple for q in store.quads_for_pattern(None, None, None, graph)), key=str)
    body = ox.serialize(triples, format=rdf_format, prefixes=GRAPH_PREFIXES if request["format"] == "turtle" else None)
    return Reply(200, body, media)


def _graph_write(store: ox.Store, request: dict) -> Reply:
    graph = _graph_name(request["graph"])
    name, rdf_format = UPLOAD_FORMATS[request["media"]]
    refusal = input_refusal(request["body"], name)
    if refusal:
        return text_reply(400, f"the graph is refused: {refusal}")
    try:
        quads = [ox.Quad(q.subject, q.predicate, q.object, graph) for q in ox.parse(request["body"], format=rdf_format)]
    except (SyntaxError, MemoryError) as err:
        return text_reply(400, f"the graph does not parse: {parse_error_detail(err)}")
    existed = isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)
    if request["replace"] and existed:
        store.clear_graph(graph)
    store.extend(quads)
    return Reply(204 if existed else 201, b"")


def _graph_delete(store: ox.Store, request: dict) -> Reply:
    graph = _graph_name(request["graph"])
    if isinstance(graph, ox.NamedNode) and not store.contains_named_graph(graph):
        return text_reply(404, f"no graph {graph.value}")
    store.clear_graph(graph)
    if isinstance(graph, ox.NamedNode):
        store.remove_graph(graph)
    return Reply(204, b"")


def _info(store: ox.Store, request: dict) -> Reply:
    return Reply(200, json.dumps({"quads": len(store), "named_graphs": sum(1 for _ in store.named_graphs())}).encode())


def _fill(store: ox.Store, request: dict) -> Reply:
    """Load an N-Quads file into the on-disk store (a writable server's copy of an in-memory one)."""
    store.bulk_load(path=request["quads"], format=ox.RdfFormat.N_QUADS)
    store.flush()
    return Reply(204, b"")


OPERATIONS: dict[str, Callable[[ox.Store, dict], Reply]] = {
    "query": _query, "update": _update, "graph_get": _graph_get, "graph_write": _graph_write,
    "graph_delete": _graph_delete, "info": _info, "fill": _fill,
}
HANDLE = "kg.sparql.serve:handle"  # what workers run, by name (a fresh interpreter finds it so)


# --- the HTTP side (in the server process: no store here) -----------------------------


class AnswerCache:
    """Answers already given by a read-only server, by query text and the format asked.

    The served data never changes, so neither does the answer of a query that
    reads only it: one without RAND, NOW, UUID, STRUUID or SERVICE. Dashboards
    send the same few queries again and again; their answers then cost no
    worker. Bounded in entries and bytes, the oldest used dropped first."""

    def __init__(self, entries: int = 512, size: int = 64 * MIB, largest: int = MIB) -> None:
        self.entries, self.size, self.largest = entries, size, largest
        self._answers: OrderedDict = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key) -> Optional[Reply]:
        with self._lock:
            reply = self._answers.get(key)
            if reply is not None:
                self._answers.move_to_end(key)
            return reply

    def put(self, key, reply: Reply) -> None:
        if len(reply.body) > self.largest:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = reply
            self._bytes += len(reply.body) + len(key[0])
            while len(self._answers) > self.entries or self._bytes > self.size:
                (text, *_asked), dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped.body) + len(text)


def _host_of(header: str) -> str:
    """The host of a Host header or of an Origin's authority, without port or brackets."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class SparqlApp:
    """The WSGI application: checks each request, then hands it to a worker."""

    def __init__(self, pool: WorkerPool, settings: ServeSettings, updates: Optional[str] = None) -> None:
        self.pool = pool
        self.settings = settings
        self.updates = updates  # where updates go: None (read-only), "memory", or the store's folder
        self.hosts = LOCAL_NAMES | {host.lower() for host in settings.allow_hosts}
        self.cache = AnswerCache() if settings.cache_answers and not settings.writable else None
        self.cors = {origin.rstrip("/").lower() for origin in settings.cors}

    def __call__(self, environ, start_response):
        try:
            reply = self.respond(environ)
        except Exception as err:  # noqa: BLE001 (a one-line 500, never a traceback)
            reply = text_reply(500, f"the server failed on this request: {type(err).__name__}: {err}")
        origin = self.cors_origin(environ)
        if origin is not None:
            reply.headers = {**reply.headers, "Access-Control-Allow-Origin": origin, "Vary": "Origin",
                             "Access-Control-Expose-Headers": "Kg-Results-Truncated"}
        self.log(environ, reply.status)
        media = reply.media if reply.media.startswith("application/json") else f"{reply.media}; charset=utf-8"
        headers = [("Content-Type", media), ("Content-Length", str(len(reply.body))), *reply.headers.items()]
        start_response(f"{reply.status} {_REASONS.get(reply.status, 'Unknown')}", headers)
        return [reply.body]

    def log(self, environ, status: int) -> None:
        if not self.settings.quiet:
            path = environ.get("PATH_INFO", "")
            sys.stderr.write(f"{environ.get('REMOTE_ADDR', '-')} {environ.get('REQUEST_METHOD')} {path} {status}\n")

    # --- checks ---

    def host_refusal(self, environ) -> Optional[str]:
        """Why the Host header is refused: a name this server was not told it has
        is how a page of another site reaches it through DNS rebinding."""
        header = environ.get("HTTP_HOST")
        if not header:
            return None
        host = _host_of(header)
        if host in self.hosts or _is_ip(host):
            return None
        return (f"this server does not answer to the name {host!r} (a page of another site may be trying to reach it): "
                "use its IP address or localhost, or start kg serve with --allow-host NAME")

    @staticmethod
    def cross_site(environ) -> bool:
        """Whether a browser sent this request from a page of another origin."""
        origin = environ.get("HTTP_ORIGIN")
        if origin:
            authority = urllib.parse.urlsplit(origin).netloc.lower()
            return origin == "null" or authority != environ.get("HTTP_HOST", "").strip().lower()
        return environ.get("HTTP_SEC_FETCH_SITE") in ("cross-site", "same-site")

    def cors_origin(self, environ) -> Optional[str]:
        """The Origin header when --cors lets that origin's pages read answers, else None."""
        origin = environ.get("HTTP_ORIGIN")
        if not origin or not self.cors:
            return None
        return origin if "*" in self.cors or origin.rstrip("/").lower() in self.cors else None

    def named_origin(self, environ) -> bool:
        """Whether the request comes from an origin --cors names (not merely "*"): it may write."""
        origin = (environ.get("HTTP_ORIGIN") or "").rstrip("/").lower()
        return bool(origin) and origin in self.cors

    def write_refusal(self, environ) -> Optional[Reply]:
        if not self.settings.writable:
            return text_reply(403, "this endpoint is read-only (start kg serve with --writable)")
        if self.cross_site(environ) and not self.named_origin(environ):
            return text_reply(403, "writes from a page of another site are refused (its Origin is not this server, "
                              "nor one --cors names)")
        return None

    def preflight(self, environ, path: str) -> Reply:
        """The answer to OPTIONS: what the path allows, and CORS's preflight for a --cors origin."""
        methods = {"/sparql": "GET, POST, OPTIONS", "/query": "GET, POST, OPTIONS", "/update": "POST, OPTIONS",
                   "/store": "GET, PUT, POST, DELETE, OPTIONS", "/": "GET, OPTIONS"}.get(path)
        if methods is None:
            return text_reply(404, f"no such resource {path}")
        reply = Reply(204, b"", headers={"Allow": methods})
        if environ.get("HTTP_ORIGIN") is None:
            return reply
        if self.cors_origin(environ) is None:
            return text_reply(403, "this origin may not use the endpoint from a page (start kg serve with --cors ORIGIN)")
        writes = path in ("/update", "/store")
        if writes and not (self.settings.writable and self.named_origin(environ)):
            return text_reply(403, "writes are refused from this origin (a writable server, and --cors naming it)")
        reply.headers.update({"Access-Control-Allow-Methods": methods,
                              "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
                              "Access-Control-Max-Age": "600"})
        return reply

    def checked(self, text: str, keyword: str) -> Union[QueryShape, Reply]:
        """The query's shape, or the Reply refusing it before any parser sees it:
        too long (413), too deep (400), calling a host not allowed (403)."""
        size = len(text.encode("utf-8"))
        if size > self.settings.max_query_bytes:
            return text_reply(413, f"the {keyword} is refused: it is {size:,} bytes long, over the limit of "
                              f"{self.settings.max_query_bytes:,}")
        try:
            shape = check_query(text)
        except KgError as err:
            return text_reply(400, f"the {keyword} is refused: {err.details['detail']}")
        refusal = federation_refusal(shape, self.settings.allow_federation)
        return text_reply(403, f"the {keyword} is refused: {refusal}") if refusal else shape

    # --- routing ---

    def respond(self, environ) -> Reply:
        refusal = self.host_refusal(environ)
        if refusal:
            return text_reply(403, refusal)
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "").rstrip("/") or "/"
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        accept = environ.get("HTTP_ACCEPT", "")
        if method == "OPTIONS":
            return self.preflight(environ, path)
        if method in ("GET", "HEAD"):
            if path in ("/sparql", "/query"):
                if "query" not in params:
                    return text_reply(400, "give the query as ?query=… (SPARQL 1.1 Protocol)")
                return self.query(params["query"][0], params.get("format", [None])[0], accept)
            if path == "/store":
                return self.graph_get(params, accept)
            if path == "/":
                return self.home(accept)
            return text_reply(404, f"no such resource {path}: use /sparql, /update or /store")
        if path not in ("/sparql", "/query", "/update", "/store"):
            return text_reply(404, f"no such resource {path}")
        if method not in ("POST", "PUT", "DELETE") or (method != "POST" and path != "/store"):
            return text_reply(405, f"{method} is not allowed on {path}")
        media = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))  # waitress checked its size
        if path == "/store":
            return self.graph_write(environ, params, body, media, method)
        if media == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if "update" in form:
                return self.update(environ, form["update"][0])
            if "query" in form:
                return self.query(form["query"][0], (form.get("format") or params.get("format") or [None])[0], accept)
            return text_reply(400, "the form has neither query= nor update=")
        if media == "application/sparql-query":
            return self.query(body.decode("utf-8", "replace"), params.get("format", [None])[0], accept)
        if media == "application/sparql-update":
            return self.update(environ, body.decode("utf-8", "replace"))
        return text_reply(415, f"unsupported content type {media or 'none'}: send a form or application/sparql-query")

    # --- handlers ---

    def run(self, request: dict) -> Reply:
        """``request`` answered by a worker, within --timeout and --max-memory."""
        try:
            return self.pool.call(request, self.settings.timeout)
        except Stopped as err:
            status = 503 if err.kind == "timeout" else 507
            return text_reply(status, f"the request was stopped: {err.reason}")
        except Busy as err:
            return text_reply(503, f"{err} for {self.settings.timeout:g} s: try again later")
        except WorkerDied as err:
            return text_reply(500, f"{err}: the query engine crashed on this request; the endpoint goes on")
        except KgError as err:
            return text_reply(500, str(err))

    def query(self, text: str, explicit_format: Optional[str], accept: str) -> Reply:
        key = (text, explicit_format, accept)  # what the answer depends on: looked up before any check
        answered = self.cache.get(key) if self.cache is not None else None
        if answered is not None:
            return answered
        shape = self.checked(text, "query")
        if isinstance(shape, Reply):
            return shape
        form = query_form(text)
        graph_answer = form in ("CONSTRUCT", "DESCRIBE")
        fmt = choose_graph_format(accept) if graph_answer else choose_results_format(accept, explicit_format)
        if fmt is None:
            return text_reply(406, "no acceptable results format: ask for JSON, XML, CSV or TSV (graphs: Turtle or N-Triples)")
        reply = self.run({"op": "query", "text": text, "format": fmt, "max_rows": self.settings.max_rows})
        if self.cache is not None and reply.status == 200 and not (shape.volatile or shape.federation):
            self.cache.put(key, reply)
        return reply

    def update(self, environ, text: str) -> Reply:
        if not self.settings.writable:
            return text_reply(403, "SPARQL Update is refused: this endpoint is read-only (start kg serve with --writable)")
        refused = self.write_refusal(environ)
        shape = refused or self.checked(text, "update")
        return shape if isinstance(shape, Reply) else self.run({"op": "update", "text": text})

    @staticmethod
    def graph_iri(params) -> Union[str, None, Reply]:
        """The graph named by ?graph=IRI (None for ?default), or the Reply refusing it."""
        if "default" in params:
            return None
        if "graph" in params:
            iri = params["graph"][0]
            try:
                ox.NamedNode(iri)
            except ValueError:
                return text_reply(400, f"not an IRI: {iri}")
            return iri
        return text_reply(400, "name the graph: ?graph=IRI or ?default (Graph Store HTTP Protocol)")

    def graph_get(self, params, accept: str) -> Reply:
        graph = self.graph_iri(params)
        if isinstance(graph, Reply):
            return graph
        fmt = choose_graph_format(accept) or "turtle"
        return self.run({"op": "graph_get", "graph": graph, "format": fmt})

    def graph_write(self, environ, params, body: bytes, media: str, method: str) -> Reply:
        refused = self.write_refusal(environ)
        if refused:
            return refused
        graph = self.graph_iri(params)
        if isinstance(graph, Reply):
            return graph
        if method == "DELETE":
            return self.run({"op": "graph_delete", "graph": graph})
        if media not in UPLOAD_FORMATS:
            return text_reply(415, f"unsupported graph type {media or 'none'}: send Turtle, N-Triples, RDF/XML or JSON-LD")
        return self.run({"op": "graph_write", "graph": graph, "media": media, "body": body, "replace": method == "PUT"})

    def updates_said(self) -> str:
        """Where updates go, in words (the log line of kg serve, and GET /)."""
        if self.updates is None:
            return "read-only: updates and uploads are refused"
        if self.updates == "memory":
            return ("read-write, in memory only: updates are lost when the server stops "
                    "(serve a store of `kg load` with --store DIR to keep them)")
        return f"read-write: updates are written to the store {self.updates} and kept"

    def home(self, accept: str = "") -> Reply:
        info = self.run({"op": "info"})
        counts = json.loads(info.body) if info.status == 200 else {}
        ranked = _accepts(accept)
        wants_html = "text/html" in ranked and ranked.index("text/html") < min(
            (ranked.index(m) for m in ("application/json", "*/*") if m in ranked), default=len(ranked))
        if wants_html:
            from .query import library
            from .querypage import CONTENT_SECURITY_POLICY, query_page

            local = Path("queries")
            said = f"{counts.get('quads', '?')} quads; {self.updates_said()}. Queries: POST or GET /sparql (SPARQL 1.1 Protocol)."
            body = query_page(library(queries_dir=local if local.is_dir() else None), said, self.updates is not None)
            return Reply(200, body, "text/html", {"Content-Security-Policy": CONTENT_SECURITY_POLICY,
                                                  "X-Content-Type-Options": "nosniff"})
        text = {
            "service": "kg SPARQL endpoint", "version": __version__,
            "mode": "read-write" if self.settings.writable else "read-only", "updates": self.updates_said(),
            "query": "/sparql", "update": "/update", "graph_store": "/store", **counts,
            "timeout_s": self.settings.timeout, "max_rows": self.settings.max_rows,
            "max_memory_mib": self.settings.max_memory // MIB, "federation": sorted(self.settings.allow_federation),
            "cors": sorted(self.cors),
        }
        return Reply(200, (json.dumps(text, indent=2) + "\n").encode("utf-8"), "application/json")


_REASONS = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 406: "Not Acceptable", 413: "Content Too Large", 415: "Unsupported Media Type",
            500: "Internal Server Error", 503: "Service Unavailable", 507: "Insufficient Storage"}


# --- the server ---------------------------------------------------------------------------


def open_store_directory(path: str, writable: bool) -> ox.Store:
    """The on-disk store a worker opens for itself (read-only unless writable)."""
    for attempt in range(50):  # a killed predecessor may still hold the store's lock for a moment
        try:
            return ox.Store(path) if writable else ox.Store.read_only(path)
        except OSError as err:
            if attempt == 49 or "lock" not in str(err).lower():
                raise KgError("E024", path=path, detail=parse_error_detail(err)) from err
            time.sleep(0.1)
    raise AssertionError("unreachable")


def _store_opener(source: Union[ox.Store, Path], writable: bool):
    """What a worker runs to get its store: the in-memory one it inherits by fork,
    or the on-disk one it opens in a fresh interpreter."""
    if isinstance(source, ox.Store):
        return lambda: source
    return Recipe("kg.sparql.serve:open_store_directory", {"path": str(source), "writable": writable})


class SparqlServer:
    """waitress serving a SparqlApp, with its worker pool; ``serve_forever()`` runs it,
    ``shutdown()`` (from another thread) stops it."""

    def __init__(self, source: Union[ox.Store, str, os.PathLike], host: str, port: int, settings: ServeSettings) -> None:
        self.settings = settings
        self._scratch: Optional[str] = None
        self._stop = threading.Event()
        self._closed = threading.Event()
        self._close_lock = threading.Lock()
        self._serving: Optional[int] = None  # the thread running serve_forever
        self.pool = self._start_pool(source if isinstance(source, ox.Store) else Path(source))
        updates = None if not settings.writable else "memory" if isinstance(source, ox.Store) else str(source)
        try:
            self.app = SparqlApp(self.pool, settings, updates)
            self._server = _waitress_server(self.app, host, port, settings)
        except OSError as err:
            self.pool.close()
            self._remove_scratch()
            raise KgError("E028", host=host, port=port, detail=err.strerror or str(err)) from err
        self.server_address = (self._server.effective_host, self._server.effective_port)

    def _start_pool(self, source: Union[ox.Store, Path]) -> WorkerPool:
        settings = self.settings
        if settings.writable and isinstance(source, ox.Store):
            # writes go to an on-disk copy: a worker killed mid-write then loses nothing
            self._scratch = tempfile.mkdtemp(prefix="kg-serve-")
            directory, quads = Path(self._scratch) / "store", Path(self._scratch) / "start.nq"
            ox.serialize(source, output=str(quads), format=ox.RdfFormat.N_QUADS)
            filler = WorkerPool(_store_opener(directory, True), HANDLE, 1)
            try:
                reply = filler.call({"op": "fill", "quads": str(quads)}, 3600.0)
            finally:
                filler.close()
            quads.unlink()
            if reply.status != 204:
                raise KgError("E024", path=str(directory), detail=reply.body.decode("utf-8", "replace").strip())
            source = directory
        return WorkerPool(_store_opener(source, settings.writable), HANDLE, settings.worker_count, settings.max_memory)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/sparql"

    def info(self) -> dict:
        reply = self.pool.call({"op": "info"}, max(self.settings.timeout, 60.0))
        if reply.status != 200:
            raise KgError("E028", host=self.server_address[0], port=self.server_address[1], detail=reply.body.decode())
        return json.loads(reply.body)

    def serve_forever(self) -> None:
        from waitress import wasyncore

        self._serving = threading.get_ident()
        try:
            while not self._stop.is_set():
                wasyncore.loop(timeout=0.2, map=self._server._map, use_poll=True, count=1)
        finally:
            self._close_now()

    def shutdown(self) -> None:
        """Stop serving; from another thread, wait until it has stopped."""
        self._stop.set()
        if self._serving is not None and self._serving != threading.get_ident():
            self._closed.wait(10)

    def server_close(self) -> None:
        self.shutdown()
        self._close_now()

    def _close_now(self) -> None:
        with self._close_lock:
            if self._closed.is_set():
                return
            self._server.close()
            self._server.task_dispatcher.shutdown(timeout=1)
            for channel in list(self._server._map.values()):
                channel.close()
            self.pool.close()
            self._remove_scratch()
            self._closed.set()

    def _remove_scratch(self) -> None:
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)  # a folder this server made and only it used
            self._scratch = None


def _waitress_server(app: SparqlApp, host: str, port: int, settings: ServeSettings):
    """A waitress server that also cuts off a client still sending one request
    after ``client_timeout`` seconds (waitress alone waits for an idle one only)."""
    import logging

    from waitress import create_server
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser

    # "Task queue depth is N" at each request waiting for a thread: load, not a fault
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)

    class TimedParser(HTTPRequestParser):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.started = time.time()

    class TimedChannel(HTTPChannel):
        parser_class = TimedParser

    server = create_server(
        app, host=host, port=port, threads=max(8, 4 * settings.worker_count), backlog=1024,
        connection_limit=1000, channel_timeout=settings.client_timeout, cleanup_interval=1,
        max_request_body_size=settings.body_limit, ident=f"kg/{__version__}", asyncore_use_poll=True,
        clear_untrusted_proxy_headers=True,
    )
    server.channel_class = TimedChannel
    idle_maintenance = server.maintenance

    def maintenance(now: float) -> None:
        idle_maintenance(now)
        for channel in list(server.active_channels.values()):
            request = getattr(channel, "request", None)
            if request is not None and not request.completed and now - request.started > settings.client_timeout:
                channel.will_close = True

    server.maintenance = maintenance
    return server


def make_server(source: Union[ox.Store, str, os.PathLike], host: str = "127.0.0.1", port: int = 7878,
                settings: Optional[ServeSettings] = None) -> SparqlServer:
    """A server for ``source`` (an in-memory Store, or the directory of an on-disk
    one), not yet serving: call ``serve_forever()`` (or run it in a thread).

    Call it before starting threads of your own: the worker processes are forked
    from a process made here, which must not inherit a lock another thread holds.
    """
    return SparqlServer(source, host, port, settings or ServeSettings())


def _interrupt(_signal, _frame) -> None:
    raise KeyboardInterrupt


def serve_until_interrupted(server: SparqlServer) -> None:
    import signal

    # a SIGTERM stops the server as Ctrl-C does, so that its workers end with it
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
