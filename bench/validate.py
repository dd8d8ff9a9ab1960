"""Measure `kg validate` against pySHACL and against Oxigraph's parse, in one run.

For each graph (bench corpora of 200 and 2,000 articles built with
bench/run.py's corpus, or the graph files given), each in a fresh process so
that its peak memory (VmHWM) is its own:

- Oxigraph parsing the graph into an in-memory store: the floor;
- `kg validate` (the default engine, shacl);
- `kg validate --engine pyshacl` (pySHACL checks the core constraints; the
  SHACL-SPARQL constraints run on Oxigraph as with the default, so this is
  faster than kg validate was before the engine changed);

then the same two validations of a copy of the graph broken in a few places
(bench/shacl_engines.py's damage()), so that "the same results" compares
thousands of results, not an empty report. Results are compared as the JSON of
`kg validate --format json`. Run from the repository root:

    python bench/validate.py                      # builds 200 and 2,000 articles (minutes)
    python bench/validate.py --graphs out/a.ttl out/b.ttl --json out/validate-bench.json
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

# what each fresh process runs: its own seconds and peak memory as JSON on the last line
CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
started = time.perf_counter()
what, graph, out = sys.argv[2:5]
if what == "parse":
    import pyoxigraph as ox
    store = ox.Store()
    store.bulk_load(path=graph, format=ox.RdfFormat.TURTLE)
    found = len(store)
else:
    from kg.check.validate import validate_files
    report = validate_files([graph], engine=what)
    found = len(report.results)
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(report.to_json())
seconds = time.perf_counter() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "found": found}))
"""


def measure(what: str, graph: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(REPO), what, str(graph), str(out)], check=True,
                          capture_output=True, text=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_graph(articles: int, work: Path) -> Path:
    from run import make_corpus

    from kg.build.pipeline import build_corpus
    from kg.rdf.writer import serialize

    corpus = work / f"corpus-{articles}"
    corpus.mkdir()
    make_corpus(corpus, articles, 0)
    graph = work / f"graph-{articles}.ttl"
    graph.write_bytes(serialize(build_corpus([corpus]).corpus, "ttl")[0])
    return graph


def damaged_copy(graph: Path, work: Path) -> Path:
    from shacl_engines import damage

    from kg.rdf.graphio import load_graph

    target = work / f"{graph.stem}-damaged.nt"
    target.write_bytes(damage(load_graph([graph])).serialize(format="nt", encoding="utf-8"))
    return target


def compare(graph: Path, work: Path) -> dict:
    """Both engines on one graph: seconds, peak memory, results, same JSON."""
    rows = {}
    for what in ("parse", "shacl", "pyshacl"):
        rows[what] = measure(what, graph, work / f"{graph.stem}-{what}.json")
        print(f"  {graph.name} {what}: {rows[what]['seconds']:.1f} s, {rows[what]['peak_mb']:.0f} MB",
              file=sys.stderr)
    same = (work / f"{graph.stem}-shacl.json").read_bytes() == (work / f"{graph.stem}-pyshacl.json").read_bytes()
    return {"rows": rows, "same_results": same, "results": rows["shacl"]["found"], "triples": rows["parse"]["found"]}


def evaluate(graph: Path, work: Path) -> dict:
    plain = compare(graph, work)
    broken = compare(damaged_copy(graph, work), work)
    parse, fast, reference = (plain["rows"][k] for k in ("parse", "shacl", "pyshacl"))
    return {
        "graph": graph.name, "triples": plain["triples"], "plain": plain, "damaged": broken,
        "speedup_vs_pyshacl": reference["seconds"] / fast["seconds"],
        "time_vs_parse": fast["seconds"] / parse["seconds"],
        "memory_vs_parse": fast["peak_mb"] / parse["peak_mb"],
    }


def markdown(found: list[dict]) -> str:
    lines = ["| graph | triples | Oxigraph parse | `kg validate` | `--engine pyshacl` | speed-up | "
             "validate / parse (time, memory) | same results (plain, damaged) |", "|---|---|---|---|---|---|---|---|"]
    for f in found:
        rows = f["plain"]["rows"]
        cells = [f"{rows[k]['seconds']:.1f} s, {rows[k]['peak_mb']:,.0f} MB" for k in ("parse", "shacl", "pyshacl")]
        same = (f"{'yes' if f['plain']['same_results'] else 'NO'} ({f['plain']['results']:,}), "
                f"{'yes' if f['damaged']['same_results'] else 'NO'} ({f['damaged']['results']:,})")
        lines.append(f"| {f['graph']} | {f['triples']:,} | " + " | ".join(cells)
                     + f" | **{f['speedup_vs_pyshacl']:.0f}×** | **{f['time_vs_parse']:.2f}×, {f['memory_vs_parse']:.2f}×** "
                     f"| {same} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graphs", nargs="*", type=Path, help="graph files (Turtle) instead of building the corpora")
    parser.add_argument("--articles", nargs="*", type=int, default=[200, 2000], help="corpus sizes to build")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-bench-validate-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        graphs = args.graphs or [build_graph(n, work) for n in args.articles]
        print(f"graphs ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        found = [evaluate(graph, work) for graph in graphs]
    print(markdown(found))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
