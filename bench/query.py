"""Measure ``kg query``: its cold start, and its engine (Oxigraph) against plain
rdflib on a graph of about a million triples, as ratios in one run.

1. Cold start: ``kg query timeline`` on the seeds graph, against
   ``python -c "import pyoxigraph"`` (the floor: the engine's own import), each
   the median of several runs in fresh processes.
2. Scale: a synthetic graph made of copies of the seeds graph, each copy's
   articles, mentions, events, claims and evidence renamed (the actors and
   places are shared, as in a real corpus where many articles name the same
   people), written as N-Triples. Each engine runs in its own process (so that
   peak memory is its own): load time, then the time of library queries.
   rdflib queries are cut at ``--budget`` seconds.

Run from the repository root:

    python bench/query.py [--triples 1000000] [--budget 120] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

QUERIES = ("entity-types", "most-mentioned", "persons", "timeline", "killed-by", "attacks")
# the nodes each copy gets anew; actors and places stay shared across copies
PER_ARTICLE = re.compile(r"<(https://w3id\.org/newskg/id/(?:mention|article|statement|claim|event|source|graph|discrepancy)_[^>]*)>")


def seeds_graph(directory: Path) -> Path:
    """Build the seeds graph with the installed kg (the bench measures queries, not builds)."""
    out = directory / "seeds.nt"
    subprocess.run([sys.executable, "-m", "kg", "build", str(REPO / "seeds"), "-o", str(out), "-q"], check=True, cwd=REPO)
    return out


def synthetic_graph(seeds: Path, triples: int, out: Path) -> int:
    """Copies of the seeds graph, renamed per copy, until about ``triples`` triples."""
    lines = [line for line in seeds.read_text(encoding="utf-8").splitlines() if line.strip()]
    copies = max(1, round(triples / len(lines)))
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            suffix = f"-c{copy}"
            handle.write("\n".join(PER_ARTICLE.sub(lambda m: f"<{m.group(1)}{suffix}>", line) for line in lines))
            handle.write("\n")
            written += len(lines)
    return written


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Budget(BaseException):
    """Raised by the timer; not an Exception, so that no engine turns it into a query error."""


def worker(engine: str, graph: Path, budget: float) -> dict:
    """Load ``graph`` with one engine and time the queries (run in a fresh process)."""
    from kg.sparql.engines import OxigraphEngine, RdflibEngine
    from kg.sparql.query import library, run_query

    base_mb = peak_mb()
    started = time.perf_counter()
    runner = (OxigraphEngine if engine == "oxigraph" else RdflibEngine).from_files([graph])
    load_s = time.perf_counter() - started
    entries = {q.name: q for q in library()}

    def stop(_signum, _frame):
        raise Budget()

    signal.signal(signal.SIGALRM, stop)
    timings = {}
    for name in QUERIES:
        text = entries[name].path.read_text(encoding="utf-8")
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, budget)
        try:
            rows = len(run_query(text, runner).rows)
            timings[name] = {"seconds": time.perf_counter() - started, "rows": rows}
        except Budget:
            timings[name] = {"seconds": None, "rows": None}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    return {"engine": engine, "load_s": load_s, "queries": timings, "peak_mb": peak_mb(), "base_mb": base_mb}


def run_worker(engine: str, graph: Path, budget: float) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", engine, "--graph", str(graph), "--budget", str(budget)],
        capture_output=True, text=True, cwd=REPO,
    )
    if out.returncode:
        sys.exit(f"the {engine} worker failed:\n{out.stderr}")
    return json.loads(out.stdout)


def fmt_s(value) -> str:
    return "—" if value is None else f"{value:.2f} s"


def report(results: dict) -> str:
    cold, ox_run, rdf_run = results["cold_start"], results["oxigraph"], results["rdflib"]
    lines = [
        f"Machine: {results['machine']}; Python {results['python']}, pyoxigraph {results['versions']['pyoxigraph']}, rdflib {results['versions']['rdflib']}",
        "",
        "| cold start (median of runs, fresh processes) | seconds |",
        "|---|---|",
        f"| `python -c \"import pyoxigraph\"` | {cold['import_pyoxigraph_s']:.3f} |",
        f"| `python -c \"import rdflib\"` (for comparison) | {cold['import_rdflib_s']:.3f} |",
        f"| `kg query timeline -g seeds.nt -f csv` | {cold['kg_query_s']:.3f} |",
        f"| **ratio kg query / import pyoxigraph** | **{cold['ratio']:.2f}** |",
        f"| kg's own overhead (difference) | {cold['kg_query_s'] - cold['import_pyoxigraph_s']:.3f} |",
        "",
        f"Synthetic graph: {results['triples']:,} triples ({results['copies']} copies of the seeds graph, "
        f"{results['nt_mb']:.0f} MB of N-Triples) plus the ontology.",
        "",
        "| measure | kg (Oxigraph) | plain rdflib | ratio rdflib / kg |",
        "|---|---|---|---|",
        f"| load | {fmt_s(ox_run['load_s'])} | {fmt_s(rdf_run['load_s'])} | {rdf_run['load_s'] / ox_run['load_s']:.1f}× |",
    ]
    for name in QUERIES:
        ours, theirs = ox_run["queries"][name]["seconds"], rdf_run["queries"][name]["seconds"]
        ratio = f"{theirs / ours:.1f}×" if ours and theirs else f"> {results['budget'] / ours:.0f}× (rdflib cut at {results['budget']:.0f} s)"
        lines.append(f"| query `{name}` | {fmt_s(ours)} | {fmt_s(theirs) if theirs else '> ' + fmt_s(results['budget'])} | {ratio} |")
    lines.append(f"| peak memory | {ox_run['peak_mb']:.0f} MB | {rdf_run['peak_mb']:.0f} MB | {rdf_run['peak_mb'] / ox_run['peak_mb']:.1f}× |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the synthetic graph")
    parser.add_argument("--budget", type=float, default=120.0, help="seconds before an rdflib query is cut")
    parser.add_argument("--runs", type=int, default=5, help="runs of each cold-start command")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    parser.add_argument("--worker", choices=("oxigraph", "rdflib"), help=argparse.SUPPRESS)
    parser.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.graph, args.budget)))
        return

    import pyoxigraph
    import rdflib

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seeds = seeds_graph(tmp)
        python = [sys.executable]
        cold = {
            "import_pyoxigraph_s": median_seconds(python + ["-c", "import pyoxigraph"], args.runs),
            "import_rdflib_s": median_seconds(python + ["-c", "import rdflib"], args.runs),
            "kg_query_s": median_seconds(python + ["-m", "kg", "query", "timeline", "-g", str(seeds), "-f", "csv"], args.runs),
        }
        cold["ratio"] = cold["kg_query_s"] / cold["import_pyoxigraph_s"]
        big = tmp / "synthetic.nt"
        triples = synthetic_graph(seeds, args.triples, big)
        print(f"synthetic graph: {triples:,} triples; loading with each engine…", file=sys.stderr)
        results = {
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores",
            "python": platform.python_version(), "versions": {"pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__},
            "cold_start": cold, "triples": triples, "copies": triples // sum(1 for _ in seeds.open(encoding="utf-8")),
            "nt_mb": big.stat().st_size / 1e6, "budget": args.budget,
            "oxigraph": run_worker("oxigraph", big, args.budget),
            "rdflib": run_worker("rdflib", big, args.budget),
        }
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
