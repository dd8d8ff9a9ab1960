"""What linking places to GeoNames costs beside the parse (issue 19): one run, ratios.

    python bench/geo.py [ARTICLES...]     # default: seeds/

Measures, in one process: opening the GeoNames index (kg.geo; and building it,
once, in a fresh folder), a bare ``nlp.pipe`` over the article bodies (the cost
floor of a build), and resolution with and without ``link_places`` and
``locate_events`` on the same extractions. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["seeds"])
    parser.add_argument("--repeat", type=int, default=3, help="resolution runs; the minimum is kept")
    args = parser.parse_args()

    from kg import geo
    from kg.extract import extract_article
    from kg.build.nlp import load_model
    from kg.build.reader import read_articles
    from kg.resolve import places, resolve

    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        geo._build_index(Path(folder) / "geo", geo.source_digest())
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        geo._build_index(Path(folder) / "geo", geo.source_digest())
        open_s = time.perf_counter() - start
    articles, _ = read_articles(args.paths)
    nlp = load_model()
    nlp("Échauffement.")
    start = time.perf_counter()
    docs = list(nlp.pipe([a.body for a in articles], batch_size=16))
    nlp_s = time.perf_counter() - start
    extractions = [extract_article(a, d) for a, d in zip(articles, docs)]
    geo.gazetteer()  # opened once per process, as in a build

    def timed() -> float:
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            resolve(extractions)
            best = min(best, time.perf_counter() - start)
        return best

    with_geo = timed()
    link, locate = places.link_places, places.locate_events
    import kg.resolve as resolve_module

    resolve_module.link_places = lambda *a, **k: {}
    resolve_module.locate_events = lambda *a, **k: None
    try:
        without = timed()
    finally:
        resolve_module.link_places, resolve_module.locate_events = link, locate
    corpus = resolve(extractions)
    linked = sum(1 for e in corpus.entities if e.geo is not None)
    located = sum(1 for e in corpus.events if e.location is not None)
    print("| measure | value |\n|---|---|")
    print(f"| articles | {len(articles)} |")
    print(f"| GeoNames index: first build (once per install) | {build_s:.2f} s |")
    print(f"| GeoNames index: open | {open_s * 1000:.1f} ms |")
    print(f"| bare `nlp.pipe` | {nlp_s:.2f} s |")
    print(f"| resolution without places | {without:.3f} s |")
    print(f"| resolution with places (link + locate) | {with_geo:.3f} s |")
    print(f"| **linking / nlp.pipe** | **{(with_geo - without + open_s) / nlp_s * 100:.2f} %** |")
    print(f"| places linked, events located | {linked}, {located} of {len(corpus.events)} |")
    print(f"| peak memory | {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB |")


if __name__ == "__main__":
    main()
