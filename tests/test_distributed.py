"""`kg build --dask`: parsing on a real (local) Dask cluster gives the same graph."""
from __future__ import annotations

import sys

import pytest

from kg.cli import cli
from tests.conftest import SEEDS

distributed = pytest.importorskip("distributed", reason="Dask is in the test extra: pip install '.[test]'")

pytestmark = [pytest.mark.server, pytest.mark.slow]  # a local Dask scheduler and its workers

FILES = [str(p) for p in sorted(SEEDS.glob("*.txt"))[:3]]


def build(runner, tmp_path, name, *args):
    out = tmp_path / name
    result = runner.invoke(cli, ["build", *FILES, "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out.read_bytes(), result.stderr


def test_a_local_cluster_of_worker_processes_builds_the_same_graph(runner, tmp_path, nlp):
    expected, _ = build(runner, tmp_path, "plain.ttl", "--no-cache")
    on_dask, _ = build(runner, tmp_path, "dask.ttl", "--no-cache", "--dask", "local:1")
    assert on_dask == expected


def test_a_scheduler_address_is_used_and_cached_articles_stay_home(runner, tmp_path, nlp, monkeypatch):
    expected, _ = build(runner, tmp_path, "plain.ttl", "--no-cache")
    sent = []
    import kg.build.distributed

    real = kg.build.distributed.extract_on_dask

    def spy(articles, scheduler, **kwargs):
        sent.extend(a.identifier for a in articles)
        return real(articles, scheduler, **kwargs)

    monkeypatch.setattr(kg.build.distributed, "extract_on_dask", spy)
    cache = tmp_path / "cache"
    first = runner.invoke(cli, ["build", FILES[0], "-o", str(tmp_path / "first.ttl"), "--cache-dir", str(cache)])
    assert first.exit_code == 0  # one article cached beforehand
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        graph, stderr = build(runner, tmp_path, "dask.ttl", "--cache-dir", str(cache), "--dask", cluster.scheduler_address)
    assert graph == expected
    assert sent == [p.rsplit("/", 1)[1][:-4] for p in FILES[1:]]
    assert "3 articles read (1 from the cache)" in stderr


def test_an_unreachable_scheduler_is_a_clear_error(runner, tmp_path, monkeypatch):
    import socket

    import kg.build.distributed

    monkeypatch.setattr(kg.build.distributed, "CONNECT_TIMEOUT_S", 2)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = runner.invoke(cli, ["build", FILES[0], "-o", str(tmp_path / "g.ttl"), "--no-cache", "--dask", f"tcp://127.0.0.1:{port}"])
    assert result.exit_code == 2
    assert "Error [E032]" in result.stderr and f"127.0.0.1:{port}" in result.stderr
    assert not (tmp_path / "g.ttl").exists()


def test_without_dask_installed_the_error_says_what_to_install(runner, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    result = runner.invoke(cli, ["build", FILES[0], "-o", str(tmp_path / "g.ttl"), "--no-cache", "--dask", "local:1"])
    assert result.exit_code == 2 and "Error [E032]" in result.stderr and "pip install 'kg[dask]'" in result.stderr
    assert "Traceback" not in result.output
