"""Measure ``kg serve`` on the seeds graph: latency under concurrent clients, and
its memory while runaway queries are stopped.

1. Load: ``--clients`` processes (50) each send ``--queries`` (40) library
   queries over their own keep-alive connection, all at once; every answer's
   latency is kept. Reported: answers by status, connection errors (resets), and the
   latency percentiles; twice: the library queries as they are (a dashboard:
   after the first, answers come from the server's answer cache), then each
   made new by a comment (every answer computed by a worker).
2. Runaway queries: while a few clients go on querying, others send queries that
   run past ``--timeout`` (a four-way cross product) or past ``--max-memory``
   (a sorted cross product). The proportional memory (PSS, so that pages the
   workers share with the zygote count once) of the server and all its
   processes is sampled throughout.

The server is started as a user would (``python -m kg serve GRAPH``), with the
given ``--workers``. Run from the repository root:

    python bench/serve.py [--clients 50] [--queries 40] [--runaway 20] [--json FILE]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

QUERIES = ("entity-types", "most-mentioned", "persons", "timeline", "killed-by", "attacks", "discrepancies", "threats", "articles")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i ?a"


def seeds_graph(directory: Path) -> Path:
    out = directory / "seeds.ttl"
    subprocess.run([sys.executable, "-m", "kg", "build", str(REPO / "seeds"), "-o", str(out), "-q"], check=True, cwd=REPO)
    return out


def library_texts() -> list[str]:
    from kg.sparql.query import library

    entries = {q.name: q for q in library() if not q.parameters}
    return [entries[name].path.read_text(encoding="utf-8") for name in QUERIES if name in entries]


def start_server(graph: Path, args) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(graph), "--port", "0", "-q", "--workers", str(args.workers),
         "--timeout", str(args.timeout), "--max-memory", str(args.max_memory)],
        stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    line = process.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/sparql", line)
    if not match:
        process.kill()
        sys.exit(f"kg serve did not start: {line}{process.stderr.read()}")
    # go on reading its standard error: a full pipe would stop the server at its next message
    threading.Thread(target=lambda: [print(extra, end="", file=sys.stderr) for extra in process.stderr], daemon=True).start()
    return process, int(match.group(1))


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def pss_mb(pid: int) -> float:
    total = 0
    for each in descendants(pid):
        try:
            with open(f"/proc/{each}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration, ValueError):
            pass
    return total / 1024


class Client:
    """One keep-alive connection; counts what it could not send or read."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def ask(self, text: str) -> tuple[int, float]:
        path = "/sparql?" + urllib.parse.urlencode({"query": text})
        started = time.perf_counter()
        try:
            self.connection.request("GET", path, headers={"Accept": "text/csv"})
            response = self.connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException) as err:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            status = -1 if isinstance(err, ConnectionResetError) else -2
        return status, time.perf_counter() - started


def _client_process(port: int, texts: list[str], index: int, queries: int, distinct: bool, barrier, results) -> None:
    client = Client(port)
    barrier.wait()
    answers = []
    try:
        for n in range(queries):
            # a comment makes each text new: the server's answer cache cannot serve it
            answers.append(client.ask(texts[(index + n) % len(texts)] + (f"\n# {index}-{n}" if distinct else "")))
    finally:
        results.put(answers)


def load_phase(port: int, texts: list[str], clients: int, queries: int, distinct: bool) -> dict:
    """Each client is a process of its own, as independent clients are: threads of
    one Python process would measure their wait for its lock, not the server.
    ``distinct``: every query text is new, so that a worker computes each answer."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(clients + 1), context.Queue()
    processes = [context.Process(target=_client_process, args=(port, texts, n, queries, distinct, barrier, results))
                 for n in range(clients)]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    answers = [answer for _ in processes for answer in results.get()]
    wall = time.perf_counter() - started
    for process in processes:
        process.join()
    latencies = sorted(seconds for _status, seconds in answers)
    statuses: dict[str, int] = {}
    for status, _seconds in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1

    def percentile(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    return {
        "requests": len(answers), "statuses": statuses, "resets": statuses.get("-1", 0),
        "other_errors": statuses.get("-2", 0), "wall_s": wall, "throughput_rps": len(answers) / wall,
        "p50_ms": percentile(0.50), "p90_ms": percentile(0.90), "p99_ms": percentile(0.99),
        "max_ms": latencies[-1] * 1000, "mean_ms": statistics.mean(latencies) * 1000,
    }


def runaway_phase(process: subprocess.Popen, port: int, texts: list[str], runaway: int) -> dict:
    samples: list[float] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append(pss_mb(process.pid))
            time.sleep(0.2)

    def normal(index: int) -> list[int]:
        client = Client(port)
        statuses = []
        while not done.is_set():
            statuses.append(client.ask(texts[index % len(texts)])[0])
            index += 1
            time.sleep(0.05)
        return statuses

    def hostile(index: int) -> tuple[int, float]:
        return Client(port).ask(RUNAWAY if index % 2 else HUNGRY)

    before = pss_mb(process.pid)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with ThreadPoolExecutor(4) as background:
        ongoing = [background.submit(normal, n) for n in range(2)]
        with ThreadPoolExecutor(2) as attackers:
            stopped = list(attackers.map(hostile, range(runaway)))
        done.set()
        normal_statuses = [status for future in ongoing for status in future.result()]
    sampler.join()
    time.sleep(1.0)
    after = pss_mb(process.pid)
    codes: dict[str, int] = {}
    for status, _seconds in stopped:
        codes[str(status)] = codes.get(str(status), 0) + 1
    return {
        "runaway_requests": runaway, "runaway_statuses": codes,
        "runaway_slowest_s": max(seconds for _status, seconds in stopped),
        "normal_requests_meanwhile": len(normal_statuses),
        "normal_ok_meanwhile": sum(1 for status in normal_statuses if status == 200),
        "normal_statuses_meanwhile": {str(s): normal_statuses.count(s) for s in sorted(set(normal_statuses))},
        "pss_before_mb": before, "pss_peak_mb": max(samples), "pss_after_mb": after,
    }


def report(results: dict) -> str:
    runaway = results["runaway"]
    repeated, distinct = results["load_repeated"], results["load_distinct"]
    clients = repeated["requests"] // results["queries"]

    def row(name: str, key: str, unit: str = "") -> str:
        return f"| {name} | {repeated[key]:.1f}{unit} | {distinct[key]:.1f}{unit} |"

    def answers(load: dict) -> str:
        return ", ".join(f"{n} × {s}" for s, n in sorted(load["statuses"].items()))

    lines = [
        f"Machine: {results['machine']}; Python {results['python']}, pyoxigraph {results['pyoxigraph']}, "
        f"waitress {results['waitress']}; kg serve --workers {results['workers']} --timeout {results['timeout']:g} "
        f"--max-memory {results['max_memory']} on the seeds graph ({results['quads']} quads)",
        "",
        f"| {clients} clients × {results['queries']} queries | library queries (cached after the first) | each made new (computed) |",
        "|---|---|---|",
        f"| answers | {answers(repeated)} | {answers(distinct)} |",
        f"| connection resets | {repeated['resets']} | {distinct['resets']} |",
        row("throughput (requests/s)", "throughput_rps"),
        row("latency p50 (ms)", "p50_ms"), row("latency p90 (ms)", "p90_ms"), row("**latency p99 (ms)**", "p99_ms"),
        row("latency max (ms)", "max_ms"),
        "",
        f"| {runaway['runaway_requests']} runaway queries (half past --timeout, half past --max-memory) | value |",
        "|---|---|",
        f"| their answers | {', '.join(f'{n} × {s}' for s, n in sorted(runaway['runaway_statuses'].items()))} |",
        f"| slowest of them | {runaway['runaway_slowest_s']:.2f} s |",
        f"| other queries meanwhile | {', '.join(f'{n} × {s}' for s, n in runaway['normal_statuses_meanwhile'].items())} |",
        f"| memory (PSS, all processes) before / peak / after | {runaway['pss_before_mb']:.0f} / "
        f"{runaway['pss_peak_mb']:.0f} / {runaway['pss_after_mb']:.0f} MB |",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--queries", type=int, default=40, help="queries per client")
    parser.add_argument("--runaway", type=int, default=20, help="runaway queries in the second phase")
    parser.add_argument("--workers", type=int, default=0, help="kg serve --workers (0: its default)")
    parser.add_argument("--timeout", type=float, default=2.0, help="kg serve --timeout")
    parser.add_argument("--max-memory", type=int, default=256, help="kg serve --max-memory (MiB)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args()

    import pyoxigraph
    import waitress

    texts = library_texts()
    with tempfile.TemporaryDirectory() as tmp:
        graph = seeds_graph(Path(tmp))
        process, port = start_server(graph, args)
        try:
            home = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            home.request("GET", "/")
            quads = json.loads(home.getresponse().read())["quads"]
            for text in texts:  # warm: each worker started, each query parsed once
                Client(port).ask(text)
            results = {
                "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
                "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
                "waitress": getattr(waitress, "__version__", None) or _version("waitress"),
                "workers": args.workers or "default", "timeout": args.timeout, "max_memory": args.max_memory,
                "quads": quads, "queries": args.queries,
                "load_repeated": load_phase(port, texts, args.clients, args.queries, distinct=False),
                "load_distinct": load_phase(port, texts, args.clients, args.queries, distinct=True),
                "runaway": runaway_phase(process, port, texts, args.runaway),
            }
        finally:
            process.terminate()
            process.wait(20)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()
