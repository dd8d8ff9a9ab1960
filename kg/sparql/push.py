"""``kg push``: upload graph files to a triplestore with the SPARQL 1.1 Graph
Store HTTP Protocol (Oxigraph ``/store``, Fuseki ``/DATASET/data``, GraphDB
``/repositories/REPO/rdf-graphs/service``).

Triples (Turtle, N-Triples, JSON-LD, RDF/XML) go to ``?graph=IRI`` or
``?default``; a TriG or N-Quads file is sent one named graph at a time, each to
its own ``?graph=``, because the protocol addresses one graph per request.
Transient failures (no connection, no answer in time, 5xx, 429) are retried
with a growing pause; a refusal (4xx) stops at once with what the store said.
Only a 2xx answer of the store itself counts as stored: a redirect is followed
only when it keeps the method and the host (307, 308), never with the body or
the credentials to another host.
"""
from __future__ import annotations

import os
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

import pyoxigraph as ox

from ..errors import KgError
from ..rdf.graphio import QUAD_FORMATS, checked_bytes, graph_paths, parse_error_detail, rdf_format
from ..rdf.oxigraph import OX_FORMATS
from ..resources import ontology_files
from .httpclient import HttpFailure, redact, request

MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass
class Upload:
    """One request: a body for one graph (None = the default graph)."""

    source: str
    graph: Optional[str]
    body: bytes
    media: str
    triples: int


@dataclass
class PushReport:
    uploads: list[Upload] = field(default_factory=list)
    attempts: int = 0

    @property
    def triples(self) -> int:
        return sum(u.triples for u in self.uploads)


def graph_target(endpoint: str, graph: Optional[str]) -> str:
    """The Graph Store URL for ``graph`` (None: the default graph)."""
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    return endpoint + ("&" if "?" in endpoint else "?") + query


def plan_uploads(paths: Iterable[str | os.PathLike], graph: Optional[str] = None, with_ontology: bool = True) -> list[Upload]:
    """What to send: one upload per triples file, one per named graph of a quads file."""
    uploads = []
    named = [(path, str(path)) for path in graph_paths(paths)]
    named += [(path, f"ontology/{path.name}") for path in (ontology_files() if with_ontology else [])]
    for path, source in named:
        fmt = rdf_format(path)
        if fmt in QUAD_FORMATS:
            uploads += _quad_uploads(path, fmt, graph)
            continue
        body = checked_bytes(path, fmt)
        try:
            count = sum(1 for _ in ox.parse(body, format=OX_FORMATS[fmt]))
        except (SyntaxError, MemoryError) as err:
            raise KgError("E010", path=str(path), detail=parse_error_detail(err)) from err
        uploads.append(Upload(source, graph, body, MEDIA_TYPES[fmt], count))
    return uploads


def _quad_uploads(path: Path, fmt: str, graph: Optional[str]) -> list[Upload]:
    if graph is not None:
        raise KgError("E029", path=str(path), detail="--graph names one graph, but a TriG or N-Quads file names its own graphs")
    by_graph: dict[Optional[str], list] = {}
    try:
        for quad in ox.parse(path=str(path), format=OX_FORMATS[fmt]):
            name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            by_graph.setdefault(name, []).append(quad.triple)
    except (SyntaxError, MemoryError) as err:
        raise KgError("E010", path=str(path), detail=parse_error_detail(err)) from err
    return [
        Upload(str(path), name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), MEDIA_TYPES["nt"], len(triples))
        for name, triples in sorted(by_graph.items(), key=lambda item: item[0] or "")
    ]


def push(
    paths: Iterable[str | os.PathLike],
    endpoint: str,
    graph: Optional[str] = None,
    replace: bool = False,
    with_ontology: bool = True,
    retries: int = 3,
    timeout: float = 60.0,
    auth: Optional[str] = None,
    backoff: float = 0.5,
    progress: Optional[Callable[[Upload], None]] = None,
) -> PushReport:
    """Upload the graph files; ``replace`` empties each target graph first (HTTP PUT)."""
    if not endpoint.lower().startswith(("http://", "https://")):
        raise KgError("E027", url=redact(endpoint), detail="the URL must start with http:// or https://")
    report = PushReport()
    replaced: set = set()
    for upload in plan_uploads(paths, graph, with_ontology):
        # PUT replaces: only the first upload to a graph may use it, the others add
        method = "PUT" if replace and upload.graph not in replaced else "POST"
        replaced.add(upload.graph)
        report.attempts += _send(endpoint, upload, method, retries, timeout, auth, backoff)
        report.uploads.append(upload)
        if progress:
            progress(upload)
    return report


def _send(endpoint: str, upload: Upload, method: str, retries: int, timeout: float, auth: Optional[str], backoff: float) -> int:
    url = graph_target(endpoint, upload.graph)
    for attempt in range(1, retries + 2):
        try:
            response = request(method, url, upload.body, {"Content-Type": upload.media}, timeout, auth)
        except HttpFailure as err:
            if not err.transient or attempt > retries:
                tries = f", after {attempt} attempt{'s' if attempt > 1 else ''}" if err.transient else ""
                raise KgError("E027", url=redact(url), detail=f"{err.detail}{tries}") from err
        else:
            if 200 <= response.status < 300:
                return attempt
            said = response.said()
            detail = f"HTTP {response.status} {response.reason} for {upload.source}" + (f": {said}" if said else "")
            if response.status not in RETRY_STATUS or attempt > retries:
                raise KgError("E027", url=redact(url), detail=detail)
        time.sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
