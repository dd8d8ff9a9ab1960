"""Benchmark: what the time-expression layer (kg.timex) costs beside spaCy's parse.

Reads the articles of a folder (default: the shared development corpus) with
kg's reader, parses their bodies once with ``nlp.pipe`` (timed), then times
``find_timexes`` over every body, with the parse (tense) and without it, in
the same process. The ratio ``timex / nlp.pipe`` is what to watch; seconds
depend on the machine. Each measurement is repeated and the minimum kept.

``--dateparser`` also scores, on a TimeML folder, dateparser (if installed:
it is no dependency of kg) as a finder and as the normaliser of kg's DATE
expressions, beside kg.timex: the measurement that kept it out.

    python bench/timex.py                          # ../shared/corpus/articles
    python bench/timex.py ARTICLES --repeat 5 --json out/timex-bench.json
    python bench/timex.py --dateparser ../shared/corpus/timebank
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _shared(name: str) -> Path:
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / name).is_dir():
            return base / "shared" / name
    return ROOT.parent / "shared" / name


def _best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def speed(folder: Path, repeat: int) -> dict:
    from kg.build.nlp import load_model
    from kg.build.reader import read_articles
    from kg.timex import find_timexes, reference_date

    articles, _skipped = read_articles([folder])
    bodies = [a.body for a in articles]
    references = [reference_date(a.body, a.date) for a in articles]
    nlp = load_model()
    list(nlp.pipe(bodies[:4]))  # warm-up
    docs: list = []
    pipe_s = _best(repeat, lambda: docs.__setitem__(slice(None), list(nlp.pipe(bodies, batch_size=16))))
    find_timexes(bodies[0], references[0])  # tables and patterns compiled once, outside the timing
    counts = []

    def with_doc():
        counts[:] = [len(find_timexes(b, r, doc=d)) for b, r, d in zip(bodies, references, docs)]

    def without_doc():
        for body, reference in zip(bodies, references):
            find_timexes(body, reference)

    timex_doc_s = _best(repeat, with_doc)
    timex_text_s = _best(repeat, without_doc)
    return {
        "articles": len(articles),
        "characters": sum(map(len, bodies)),
        "expressions": sum(counts),
        "nlp_pipe_s": round(pipe_s, 3),
        "timex_with_doc_s": round(timex_doc_s, 3),
        "timex_text_only_s": round(timex_text_s, 3),
        "ratio_with_doc": round(timex_doc_s / pipe_s, 4),
        "ratio_text_only": round(timex_text_s / pipe_s, 4),
    }


def dateparser_scores(folder: Path) -> dict:
    """kg.timex, dateparser's search_dates, and kg's spans with dateparser's values, scored alike."""
    import datetime as dt

    import dateparser
    from dateparser.search import search_dates

    from kg.evaluation.timeml import Counts, read_timeml, score_document
    from kg.timex import Timex, find_timexes

    documents = [read_timeml(p) for p in sorted(folder.glob("*.tml"))]
    settings = lambda doc: {"RELATIVE_BASE": dt.datetime.fromisoformat(doc.creation_time), "PREFER_DATES_FROM": "past"}

    def searched(doc):
        out, position = [], 0
        for words, when in search_dates(doc.text, languages=["fr"], settings=settings(doc)) or []:
            start = doc.text.find(words, position)
            if start >= 0:
                position = start + len(words)
                out.append(Timex(start, position, words, "DATE", when.date().isoformat()))
        return out

    def hybrid(doc):
        out = []
        for t in find_timexes(doc.text, doc.creation_time):
            when = dateparser.parse(t.text, languages=["fr"], settings=settings(doc)) if t.type == "DATE" else None
            out.append(Timex(t.start, t.end, t.text, t.type, when.date().isoformat()) if when else t)
        return out

    finders = {"kg.timex (text only)": lambda doc: find_timexes(doc.text, doc.creation_time),
               "dateparser.search_dates": searched, "kg spans, dateparser DATE values": hybrid}
    results = {}
    for name, finder in finders.items():
        total = Counts()
        for doc in documents:
            total.add(score_document(doc, finder(doc))[0]["all"])
        results[name] = {"strict_f1": round(total.strict_prf["f1"], 3), "relaxed_f1": round(total.relaxed_prf["f1"], 3),
                         "value_f1": round(total.value_prf["f1"], 3)}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="Also write the figures to this file.")
    parser.add_argument("--dateparser", action="store_true", help="Score dateparser on the TimeML folder instead.")
    args = parser.parse_args()
    if args.dateparser:
        results = dateparser_scores(args.folder or _shared("corpus/timebank"))
    else:
        results = speed(args.folder or _shared("corpus/articles"), args.repeat)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
