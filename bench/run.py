"""Measure what ``kg build`` costs beyond spaCy, as a ratio that compares across machines.

One job: build a deterministic synthetic corpus (or take a folder of real
articles, ``--corpus``), then time in one process (after loading the spaCy
model once) a bare ``nlp.pipe`` over the article bodies and the whole kg build
(read → parse → extract → resolve → Turtle), and report
``kg_build_s / nlp_pipe_s``. Run from the repository root:

    python bench/run.py [--articles 200 | --corpus DIR] [--repeat 1] [--profile] [--cprofile N] [--scaling] [--memory N] [--report] [--json FILE] [--check]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from kg.build.pipeline import build_corpus  # noqa: E402
from kg.extract import extract_article  # noqa: E402
from kg.build.nlp import load_model, parse_articles  # noqa: E402
from kg.build.reader import read_articles  # noqa: E402
from kg.resolve import resolve  # noqa: E402
from kg.rdf.writer import serialize  # noqa: E402

SEEDS_DIR = REPO / "seeds"
SENTENCES_FILE = Path(__file__).resolve().parent / "sentences.txt"
STAGES = ("read", "parse", "extract", "resolve", "serialize")


def make_corpus(directory: Path, articles: int, seed: int) -> None:
    """Write ``articles`` files bench_NNNN.txt: a seed text (cycled) plus 2–5 extra sentences."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]
    sentences = [s.strip() for s in SENTENCES_FILE.read_text(encoding="utf-8").splitlines() if s.strip()]
    rng = random.Random(seed)
    for i in range(articles):
        extra = " ".join(rng.sample(sentences, rng.randint(2, 5)))
        text = seeds[i % len(seeds)].rstrip() + "\n\n" + extra + "\n"
        (directory / f"bench_{i:04d}.txt").write_text(text, encoding="utf-8")


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def time_nlp_pipe(nlp, texts: list[str]) -> float:
    """Seconds for a bare spaCy parse of ``texts`` (the Docs are dropped at once)."""
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=16))
    seconds = time.perf_counter() - started
    del docs
    return seconds


def time_build(corpus_dir: Path, jobs: int = 1, cache_dir: Path | None = None) -> tuple[float, int]:
    """Seconds for the whole kg build of ``corpus_dir`` to Turtle bytes, and its triple count."""
    started = time.perf_counter()
    result = build_corpus([corpus_dir], jobs=jobs, cache_dir=cache_dir)
    _data, triples = serialize(result.corpus, "ttl")
    return time.perf_counter() - started, triples


def measure_scaling(corpus_dir: Path, work: Path, articles: int, seed: int) -> dict:
    """-j 1 against -j 2, and an incremental rebuild (one article added) against a full build."""
    j1, _ = time_build(corpus_dir, jobs=1)
    j2, _ = time_build(corpus_dir, jobs=2)
    cache = work / "cache"
    full, _ = time_build(corpus_dir, cache_dir=cache)  # fills the cache
    extra = work / "extra"
    extra.mkdir()
    make_corpus(extra, 1, seed + 1)
    (extra / "bench_0000.txt").rename(corpus_dir / f"bench_{articles:04d}_added.txt")
    incremental, _ = time_build(corpus_dir, cache_dir=cache)
    return {"j1_s": j1, "j2_s": j2, "speedup_j2": j1 / j2, "full_with_cache_fill_s": full,
            "incremental_s": incremental, "incremental_ratio": incremental / full}


def measure_report(graph_path: Path, work: Path, build_s: float, jobs: int = 2) -> dict:
    """`kg report` of a built graph as the CLI runs it (read the file, write the
    site; no SHACL), with ``jobs`` processes and with one (the same bytes?), then
    again into the same folder (nothing changed: nothing written), against the
    build time; and how long the largest pages of each kind take to open in
    chromium, where Debian's chromium and Playwright are installed."""
    import filecmp

    from kg.publish.report import build_report

    def run(out: Path, j: int):
        started = time.perf_counter()
        summary = build_report([graph_path], out, date="bench", validation=False, jobs=j)
        return time.perf_counter() - started, summary

    total, summary = run(work / "report", jobs)
    single, _ = run(work / "report-j1", 1)
    files = sorted(str(p.relative_to(work / "report")) for p in (work / "report").rglob("*") if p.is_file())
    _same, differ, errors = filecmp.cmpfiles(work / "report", work / "report-j1", files, shallow=False)
    again, rerun = run(work / "report", jobs)
    return {"jobs": jobs, "load_s": summary.timings["load"], "index_s": summary.timings["index"],
            "pages_s": summary.timings["pages"], "total_s": total, "single_s": single, "pages": summary.pages,
            "files": summary.files, "same_bytes_as_j1": not differ and not errors, "again_s": again,
            "again_written": rerun.written, "build_s": build_s, "ratio": total / build_s,
            "open_ms": page_open_times(work / "report")}


def page_open_times(site: Path) -> dict | None:
    """Milliseconds to the load event of the largest page of each kind, in chromium."""
    import shutil

    executable = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if executable is None:
        return None
    largest = {kind: max((site / kind).glob("*.html"), key=lambda p: p.stat().st_size)
               for kind in ("entity", "event", "claim", "article")}
    largest["index"] = site / "index.html"
    times = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        page = browser.new_page()
        for kind, path in largest.items():
            page.goto(path.as_uri())  # warm: the browser's own first start is not the page's
            started = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            times[kind] = {"ms": (time.perf_counter() - started) * 1000, "kb": path.stat().st_size / 1024}
        browser.close()
    return times


def measure_memory(work: Path, small: int, seed: int) -> dict:
    """Peak memory of `kg build` (fresh processes) on a corpus and on one ten times larger."""
    peaks = {}
    # each build reports its own peak: VmHWM, the high-water mark of its own memory
    # (ru_maxrss would count the benchmark process it was forked from, and
    # RUSAGE_CHILDREN every child this benchmark ever ran)
    child = ("import resource, sys\nfrom kg.cli import cli\n"
             "try:\n    cli(sys.argv[2:], prog_name='kg')\nexcept SystemExit:\n    pass\n"
             "try:\n    kib = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:'))\n"
             "except (OSError, StopIteration):\n    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "open(sys.argv[1], 'w').write(str(kib))\n")
    for size in (small, small * 10):
        corpus = work / f"memory_{size}"
        corpus.mkdir()
        make_corpus(corpus, size, seed)
        started = time.perf_counter()
        peak_file = work / f"peak_{size}"
        subprocess.run([sys.executable, "-c", child, str(peak_file), "build", str(corpus), "-o", str(work / f"m{size}.ttl"),
                        "--no-cache", "-q"], check=True, cwd=REPO)
        peaks[size] = {"peak_mb": int(peak_file.read_text()) / 1024, "seconds": time.perf_counter() - started}
    low, high = peaks[small], peaks[small * 10]
    return {"articles": small, "peak_mb": low["peak_mb"], "articles_10x": small * 10, "peak_mb_10x": high["peak_mb"],
            "ratio": high["peak_mb"] / low["peak_mb"], "seconds": low["seconds"], "seconds_10x": high["seconds"],
            "graph_10x": str(work / f"m{small * 10}.ttl")}


def time_stages(corpus_dir: Path) -> dict[str, float]:
    """The build again, timed stage by stage with the functions build_corpus uses."""
    times = dict.fromkeys(STAGES, 0.0)
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[stage] += now - clock
        clock = now

    articles, _skipped = read_articles([corpus_dir])
    lap("read")
    extractions = []
    for article, doc in parse_articles(articles):  # spaCy runs lazily, inside the iteration
        lap("parse")
        extractions.append(extract_article(article, doc))
        lap("extract")
    corpus = resolve(extractions)
    lap("resolve")
    serialize(corpus, "ttl")
    lap("serialize")
    return times


def profile_kg_functions(corpus_dir: Path, top: int) -> list[dict]:
    """cProfile of kg's own work on ``corpus_dir`` (extract, resolve, Turtle; the parse
    done beforehand, unprofiled): the ``top`` functions of kg by the time spent in
    them and in what they call outside kg (spaCy's Doc and Token, the standard library),
    calls into other kg functions left to those. cProfile slows Python code down
    (about threefold here), so the shares say where the time goes, not its seconds."""
    import cProfile
    import pstats

    articles, _skipped = read_articles([corpus_dir])
    profiler = cProfile.Profile()
    extractions = []
    for article, doc in parse_articles(articles):  # the profiler is on only while kg works on each Doc
        if not extractions:
            extract_article(article, doc)  # one-time costs (tables, lazy imports) are not the per-article cost
        profiler.enable()
        extractions.append(extract_article(article, doc))
        profiler.disable()
    profiler.enable()
    serialize(resolve(extractions), "ttl")
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    package = str(REPO / "kg") + os.sep

    def ours(function) -> bool:
        return function[0].startswith(package)

    total = sum(own for (_calls, _primitive, own, _cumulative, _callers) in stats.values())
    into_kg: dict = {}  # kg function → time of its calls into other kg functions
    for callee, (_calls, _primitive, _own, _cumulative, callers) in stats.items():
        if ours(callee):
            for caller, edge in callers.items():
                if ours(caller) and caller != callee:
                    into_kg[caller] = into_kg.get(caller, 0.0) + edge[3]
    rows = []
    for function, (_calls, primitive, own, cumulative, _callers) in stats.items():
        if ours(function):
            path, line, name = function
            rows.append({"function": f"{Path(path).relative_to(REPO)}:{line} {name}", "calls": primitive,
                         "own_and_outside_kg_s": max(0.0, cumulative - into_kg.get(function, 0.0)),
                         "cumulative_s": cumulative, "profiled_total_s": total})
    rows.sort(key=lambda row: -row["own_and_outside_kg_s"])
    return rows[:top]


def machine() -> dict[str, str]:
    """CPU model, cores, Python and spaCy versions."""
    import spacy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
    }


def markdown(report: dict) -> str:
    """The report as Markdown tables."""
    m, r = report["machine"], report["results"]
    meets = "met" if r["ratio"] <= report["max_ratio"] else "NOT met"
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores; Python {m['python']}, spaCy {m['spacy']}",
        "",
        "| measure | value |",
        "|---|---|",
        f"| articles | {r['articles']} ({r['corpus_chars']:,} characters) |",
        f"| model load | {r['model_load_s']:.2f} s |",
        f"| bare `nlp.pipe` (`nlp_pipe_s`) | {r['nlp_pipe_s']:.2f} s |",
        f"| kg build to Turtle (`kg_build_s`) | {r['kg_build_s']:.2f} s |",
        f"| **ratio `kg_build_s / nlp_pipe_s`** | **{r['ratio']:.2f}** (target ≤ {report['max_ratio']}: {meets}) |",
        f"| build throughput | {r['articles_per_s']:.1f} articles/s |",
        f"| peak memory after model load | {r['peak_mb_after_load']:.0f} MB |",
        f"| peak memory after build | {r['peak_mb_after_build']:.0f} MB |",
        f"| triples written | {r['triples']:,} |",
    ]
    if report.get("profile"):
        total = sum(report["profile"].values())
        lines += ["", "| stage | seconds | share |", "|---|---|---|"]
        lines += [f"| {stage} | {s:.2f} | {s / total:.0%} |" for stage, s in report["profile"].items()]
        lines.append(f"| total | {total:.2f} | 100% |")
    if report.get("cprofile"):
        total = report["cprofile"][0]["profiled_total_s"]
        lines += ["", "| kg function (cProfile: extract, resolve, Turtle) | calls | in it and outside kg | share | cumulative |",
                  "|---|---|---|---|---|"]
        lines += [f"| `{row['function']}` | {row['calls']:,} | {row['own_and_outside_kg_s']:.2f} s | "
                  f"{row['own_and_outside_kg_s'] / total:.0%} | {row['cumulative_s']:.2f} s |" for row in report["cprofile"]]
        lines.append(f"| all profiled | | {total:.2f} s | 100% | |")
    if report.get("scaling"):
        sc = report["scaling"]
        lines += [
            "",
            "| scaling | value |",
            "|---|---|",
            f"| build `-j 1` | {sc['j1_s']:.2f} s |",
            f"| build `-j 2` | {sc['j2_s']:.2f} s |",
            f"| **speed-up with 2 processes** | **{sc['speedup_j2']:.2f}×** |",
            f"| full build, filling the cache | {sc['full_with_cache_fill_s']:.2f} s |",
            f"| rebuild after adding one article | {sc['incremental_s']:.2f} s |",
            f"| **incremental / full** | **{sc['incremental_ratio']:.3f}** |",
        ]
    if report.get("memory"):
        mem = report["memory"]
        lines += [
            "",
            "| peak memory of `kg build` (fresh process) | articles | peak | seconds |",
            "|---|---|---|---|",
            f"| corpus | {mem['articles']} | {mem['peak_mb']:.0f} MB | {mem['seconds']:.1f} |",
            f"| corpus ten times larger | {mem['articles_10x']} | {mem['peak_mb_10x']:.0f} MB | {mem['seconds_10x']:.1f} |",
            f"| **ratio (10× the articles)** | | **{mem['ratio']:.2f}×** | |",
        ]
    if report.get("report"):
        rep = report["report"]
        lines += [
            "",
            "| `kg report` of the corpus's graph (no SHACL) | value |",
            "|---|---|",
            f"| read the graph (Oxigraph's parser, kg's indexes) | {rep['load_s']:.2f} s |",
            f"| index nodes and evidence | {rep['index_s']:.2f} s |",
            f"| write {rep['pages']:,} pages ({rep['files']:,} files), `-j {rep['jobs']}` | {rep['pages_s']:.2f} s |",
            f"| **report / build** | **{rep['ratio']:.3f}** ({rep['total_s']:.1f} s against {rep['build_s']:.1f} s) |",
            f"| the same with `-j 1` | {rep['single_s']:.1f} s; same bytes: {'yes' if rep['same_bytes_as_j1'] else 'NO'} |",
            f"| again into the same folder | {rep['again_s']:.1f} s, {rep['again_written']} files written |",
        ]
        for kind, opened in (rep.get("open_ms") or {}).items():
            lines.append(f"| largest {kind} page ({opened['kb']:.0f} KB) opens in chromium | {opened['ms']:.0f} ms |")
    runs = f"minimum of {report['repeat']} runs" if report["repeat"] > 1 else "one run"
    corpus = f"corpus {report['corpus']}" if report.get("corpus") else f"synthetic corpus, seed {report['seed']}"
    lines += ["", f"Times: {runs}; {corpus}."]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark kg build against a bare spaCy parse of the same corpus (synthetic, or --corpus).",
        epilog="examples: python bench/run.py --articles 200 --repeat 3 --profile --json out/bench.json; "
               "python bench/run.py --corpus ../shared/corpus/articles --repeat 2 --profile",
    )
    parser.add_argument("--articles", type=int, default=200, help="number of synthetic articles (default 200)")
    parser.add_argument("--corpus", type=Path, metavar="DIR",
                        help="time these articles (a folder, read as kg build reads it) instead of a synthetic corpus")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the corpus (default 0)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement, the minimum is kept (default 1)")
    parser.add_argument("--profile", action="store_true", help="also time the build stage by stage")
    parser.add_argument("--cprofile", type=int, metavar="N", default=0,
                        help="also profile kg's own work (extract, resolve, Turtle) with cProfile: its N costliest functions")
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON to FILE")
    parser.add_argument("--check", action="store_true", help="exit 1 when the ratio is above --max-ratio")
    parser.add_argument("--max-ratio", type=float, default=1.3, help="ratio target (default 1.3)")
    parser.add_argument("--scaling", action="store_true", help="also measure -j 1 vs -j 2 and an incremental rebuild")
    parser.add_argument("--report", action="store_true", help="also time `kg report` of the corpus's graph against its build")
    parser.add_argument("--memory", type=int, metavar="N", default=0,
                        help="also measure peak memory of kg build on N and 10×N articles (fresh processes)")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.repeat < 1:
        parser.error("--articles and --repeat must be at least 1")
    if args.corpus is not None and not args.corpus.is_dir():
        parser.error(f"--corpus {args.corpus}: not a folder")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    nlp = load_model()
    model_load_s = time.perf_counter() - started
    mb_after_load = peak_mb()

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        # a folder of its own: kg reads folders recursively, and the work files below must not join the corpus
        corpus_dir = Path(tmp) / "corpus"
        if args.corpus is not None:
            shutil.copytree(args.corpus, corpus_dir)  # --scaling adds an article: never to the user's folder
        else:
            corpus_dir.mkdir()
            make_corpus(corpus_dir, args.articles, args.seed)
        articles, _skipped = read_articles([corpus_dir])
        texts = [a.body for a in articles]
        nlp(texts[0])  # warm-up: first-call costs belong to neither measurement

        builds, pipes = [], []
        mb_after_build = None
        for _ in range(args.repeat):
            builds.append(time_build(corpus_dir))
            if mb_after_build is None:
                mb_after_build = peak_mb()  # before the bare parse can raise the peak
            pipes.append(time_nlp_pipe(nlp, texts))
        profile = None
        if args.profile:
            runs = [time_stages(corpus_dir) for _ in range(args.repeat)]
            profile = {stage: min(run[stage] for run in runs) for stage in STAGES}
        cprofile = profile_kg_functions(corpus_dir, args.cprofile) if args.cprofile else None
        work = Path(tempfile.mkdtemp(prefix="kg-bench-work-", dir=tmp))
        scaling = measure_scaling(corpus_dir, work, len(articles), args.seed) if args.scaling else None
        memory = measure_memory(work, args.memory, args.seed) if args.memory else None
        report_site = None
        if args.report:
            graph_path = work / "report-graph.ttl"
            graph_path.write_bytes(serialize(build_corpus([corpus_dir], cache_dir=work / "cache").corpus, "ttl")[0])
            report_site = measure_report(graph_path, work, min(builds)[0])

    kg_build_s, triples = min(builds)
    nlp_pipe_s = min(pipes)
    report = {
        "machine": machine(),
        "seed": args.seed,
        "corpus": str(args.corpus) if args.corpus is not None else None,
        "repeat": args.repeat,
        "max_ratio": args.max_ratio,
        "results": {
            "articles": len(articles),
            "corpus_chars": sum(len(t) for t in texts),
            "model_load_s": model_load_s,
            "nlp_pipe_s": nlp_pipe_s,
            "kg_build_s": kg_build_s,
            "ratio": kg_build_s / nlp_pipe_s,
            "articles_per_s": len(articles) / kg_build_s,
            "peak_mb_after_load": mb_after_load,
            "peak_mb_after_build": mb_after_build,
            "triples": triples,
        },
        "profile": profile,
        "cprofile": cprofile,
        "scaling": scaling,
        "memory": memory,
        "report": report_site,
    }
    print(markdown(report))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    ratio = report["results"]["ratio"]
    if ratio > args.max_ratio:
        print(f"\nWARNING: ratio {ratio:.2f} is above {args.max_ratio}", file=sys.stderr)
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
