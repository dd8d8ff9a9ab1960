"""Parse and extract on a Dask cluster (``kg build --dask SCHEDULER``).

The parse is nearly all of a build's time and each article is independent, so
it is what goes to the cluster: one task per batch of articles, each returning
the batch's extractions (the typed model of kg.extract, about the size of the
texts). Resolution needs every article at once; it runs where ``kg build``
runs, over all extractions, and is a small part of the time (bench/README.md).
See docs/distributed.md.

Workers need kg and its model installed (the same versions as the client).
"""
from __future__ import annotations

from typing import Callable, Optional

from ..errors import KgError
from ..model import Article

DEFAULT_BATCH = 32
CONNECT_TIMEOUT_S = 20


def extract_batch(articles: list[Article]) -> list:
    """Runs on a worker: parse a batch with the worker's model, extract each article."""
    from ..extract import extract_article
    from .nlp import parse_articles

    return [extract_article(article, doc) for article, doc in parse_articles(articles)]


def _client(scheduler: str):
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise KgError("E032", detail="Dask is not installed: pip install 'kg[dask]'") from err
    if scheduler == "local" or scheduler.startswith("local:"):
        workers = int(scheduler.partition(":")[2] or 2)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_S), None
    except (OSError, TimeoutError, ValueError) as err:
        raise KgError("E032", detail=f"cannot reach the Dask scheduler {scheduler}: {err}") from err


def extract_on_dask(
    articles: list[Article], scheduler: str, batch_size: int = DEFAULT_BATCH, progress: Optional[Callable[[int], None]] = None
) -> list:
    """The extractions of ``articles``, in their order, computed on the cluster at ``scheduler``.

    ``scheduler`` is a Dask address (``tcp://host:8786``) or ``local[:N]`` for a
    cluster of N worker processes on this machine.
    """
    client, cluster = _client(scheduler)  # E032 when Dask is not installed
    from distributed import as_completed

    try:
        batches = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
        futures = client.map(extract_batch, batches, pure=False)
        done = {}
        for future, extractions in as_completed(futures, with_results=True):
            done[future.key] = extractions
            if progress:
                progress(len(extractions))
        results = [extraction for future in futures for extraction in done[future.key]]
    except KgError:
        raise
    except Exception as err:  # a worker's failure, as Dask reports it
        raise KgError("E032", detail=f"a task failed on the cluster: {type(err).__name__}: {err}") from err
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return results
