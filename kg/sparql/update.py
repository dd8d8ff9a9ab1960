"""SPARQL Update on an on-disk store filled by ``kg load``, or on an endpoint,
as ``oxigraph update`` and Jena's ``update`` run it. Never imports spaCy.

An update is a .ru file or inline text. On a store it runs in a worker process
(kg.sparql.workers) stopped past its time or memory, in one transaction: stopped or
failed, it leaves the store as it was. On an endpoint it is sent with the
SPARQL 1.1 Protocol (``application/sparql-update``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import KgError
from ..rdf.prefixes import QUERY_PREFIXES
from ..rdf.sparql_text import is_query, is_update, with_prefix_declarations
from .querycheck import check_query



@dataclass(frozen=True)
class UpdateOutcome:
    """What an update did: the store's quads before and after, or the endpoint's answer."""

    target: str
    before: Optional[int] = None
    after: Optional[int] = None
    status: Optional[int] = None

    def summary(self) -> str:
        if self.status is not None:
            return f"update accepted by {self.target} (HTTP {self.status})"
        return f"update applied to {self.target}: {self.before} → {self.after} quads"


def resolve_update(update: str) -> tuple[str, str, Optional[str]]:
    """(text, where it came from, base IRI) of a .ru file or inline SPARQL Update."""
    from .query import names_a_file

    path = Path(update)
    if (update.endswith((".ru", ".rq", ".sparql")) or os.path.sep in update) and names_a_file(path):
        text, source, base = path.read_text(encoding="utf-8"), update, path.resolve().as_uri()
    else:
        text, source, base = update, "The text given", None
    if not is_update(text):
        if is_query(text):
            raise KgError("E041", source=source)
        shown = update if len(update) <= 200 else update[:200] + "…"
        raise KgError("E042", update=shown)
    return text, source, base


def update_store(directory: str | os.PathLike, text: str, base: Optional[str] = None,
                 timeout: Optional[float] = None, max_memory: Optional[int] = None) -> UpdateOutcome:
    """Run the update on the store ``directory`` in a worker process of a fresh
    interpreter (RocksDB, once used in a process, leaves its forks without its
    threads), in one transaction."""
    from .engines import check_store_directory
    from .sandbox import Stopped
    from .workers import Recipe, WorkerDied, WorkerPool

    directory = check_store_directory(directory)
    check_query(text)
    opener = Recipe("kg.sparql.serve:open_store_directory", {"path": str(directory), "writable": True})
    pool = WorkerPool(opener, "kg.sparql.update:handle_update", 1, max_memory)
    try:
        outcome = pool.call({"text": text, "base": base}, timeout if timeout is not None else 1e9)
    except Stopped as err:
        raise KgError("E034", detail=f"{err.reason}; the store is as it was") from err
    except WorkerDied as err:
        raise KgError("E022", detail=f"{err}; the store is as it was") from err
    finally:
        pool.close()
    if isinstance(outcome, KgError):
        raise outcome
    before, after = outcome
    return UpdateOutcome(str(directory), before, after)


def handle_update(store, request: dict):
    """In the worker: (quads before, quads after) of the update, or the KgError saying why it failed."""
    from .engines import query_error_detail
    from ..rdf.graphio import parse_error_detail

    text = request["text"]
    before = len(store)
    try:
        store.update(text, prefixes=QUERY_PREFIXES, base_iri=request["base"])
        store.flush()
    except SyntaxError as err:
        return KgError("E021", detail=query_error_detail(err, text))
    except (OSError, ValueError, RuntimeError, MemoryError) as err:
        return KgError("E022", detail=parse_error_detail(err))
    return before, len(store)


def update_endpoint(url: str, text: str, base: Optional[str] = None, timeout: float = 60.0,
                    auth: Optional[str] = None) -> UpdateOutcome:
    """Send the update to a SPARQL 1.1 update endpoint (Oxigraph's /update, Fuseki's /DATASET/update…)."""
    from .protocol import checked_endpoint, post

    shown = checked_endpoint(url)
    check_query(text)
    text = with_prefix_declarations(text)
    if base:
        text = f"BASE <{base}>\n{text}"
    headers = {"Content-Type": "application/sparql-update; charset=utf-8"}
    # a redirect is followed only on the endpoint's host, and only one that keeps the request (307, 308)
    response = post(url, text.encode("utf-8"), headers, timeout, auth)
    return UpdateOutcome(shown, status=response.status)
