"""Serialize the graph deterministically and write files atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import KgError
from .model import Corpus

FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig"}
SUFFIX_FORMATS = {".ttl": "ttl", ".nt": "nt", ".trig": "trig"}


def serialize(corpus: Corpus, fmt: str = "ttl") -> tuple[bytes, int]:
    """(the graph as bytes in ``fmt``, its number of triples); same corpus, same bytes.

    ``fmt`` is ttl, nt or trig; for trig the count is of quads.
    """
    from .rdfmap import to_dataset, to_graph

    if fmt not in FORMATS:
        raise KgError("E031", fmt=fmt, choices=", ".join(FORMATS))
    if fmt == "trig":
        dataset = to_dataset(corpus)
        return dataset.serialize(format="trig", encoding="utf-8"), sum(1 for _ in dataset.quads())
    graph = to_graph(corpus)
    if fmt == "nt":
        # rdflib writes N-Triples in store order: sort lines for stable output
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(set(line for line in lines if line.strip()))), len(graph)
    return graph.serialize(format="turtle", encoding="utf-8"), len(graph)


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    An interrupted build never leaves a truncated file where a good one was.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise KgError("E030", path=str(target), detail=err.strerror or str(err)) from err
