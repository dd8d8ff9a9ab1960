"""kg on the development corpus's gold: the figures of docs/quality.md, kept as a floor.

The corpus (``shared/corpus``: 140 real articles, gold for 36 of them in
``gold/dev.jsonl``) is not in the repository. ``measure`` builds every article,
as ``kg eval gold`` does, and scores the graph; ``tests/test_quality_floors.py``
fails when a figure falls more than the tolerance below the floor kept in
``tests/data/quality-floors.json``, or false merges rise above their ceiling.

Run from the repository root:

    python -m tests.quality_floors            # measure, print floor against measured (exit 1 on a drop)
    python -m tests.quality_floors --update   # measure, rewrite the floors and docs/quality.md's figures

The corpus is ``$KG_CORPUS`` when set, else ``shared/corpus`` beside the
checkout (or beside the folder holding it, for a git worktree).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
FLOORS_FILE = ROOT / "tests" / "data" / "quality-floors.json"
QUALITY_DOC = ROOT / "docs" / "quality.md"
DOC_SECTION = "## Events, roles, values, claims, entities on the dev gold"
DOC_COMMAND = "$ kg eval ../shared/corpus/gold/dev.jsonl ../shared/corpus/articles"
TOLERANCE = 0.02
# floats: 0.76 - 0.02 is not 0.74 in binary; a drop of exactly the tolerance passes
EPSILON = 1e-9

# the figures with a floor: the acceptance figures of issue 15 (name → Evaluation field, measure)
FLOORED = {
    "entities F1": ("entities", "f1"),
    "events P": ("events", "precision"),
    "events R": ("events", "recall"),
    "events F1": ("events", "f1"),
    "roles F1": ("roles", "f1"),
    "values F1": ("values", "f1"),
    "claims F1": ("claims", "f1"),
    "merge recall": ("merges", "value"),
}
CEILINGS = ("false merges",)
# the rows of docs/quality.md's table: row name → Evaluation field
DOC_ROWS = {"entities": "entities", "events": "events", "roles": "roles", "values": "values", "claims": "claims"}


class CorpusMissing(Exception):
    """The development corpus is not where it is looked for."""


def find_corpus() -> Path:
    """The corpus folder: ``$KG_CORPUS``, else ``shared/corpus`` beside the checkout or its parent."""
    explicit = os.environ.get("KG_CORPUS")
    candidates = [Path(explicit)] if explicit else [base / "shared" / "corpus" for base in (ROOT.parent, ROOT.parent.parent)]
    for candidate in candidates:
        if (candidate / "articles").is_dir() and (candidate / "gold" / "dev.jsonl").is_file():
            return candidate
    where = f"KG_CORPUS={explicit}" if explicit else " or ".join(str(c) for c in candidates)
    raise CorpusMissing(f"no development corpus (articles/ and gold/dev.jsonl) at {where}")


@dataclass
class Measurement:
    evaluation: object  # kg.evaluation.Evaluation
    articles: int  # articles built
    gold_articles: int
    seconds: float

    def field(self, name: str):
        """The Counts (or merge Ratio) of one field."""
        e = self.evaluation
        return {"entities": e.entities, "events": e.events, "roles": e.role_total, "values": e.value_total,
                "claims": e.claims, "merges": e.merge_total}[name]

    def note(self) -> str:
        return f"{self.articles} articles built, {self.gold_articles} with gold, in {self.seconds:.0f} s"

    def figures(self) -> dict[str, Optional[float]]:
        """The floored figures, then the false merges."""
        figures = {name: getattr(self.field(field), measure) for name, (field, measure) in FLOORED.items()}
        figures["false merges"] = len(self.evaluation.false_merges)
        return figures


def measure(corpus: Path, jobs: int = 1) -> Measurement:
    """Build every article of ``corpus`` and score the graph against its gold, as ``kg eval gold`` does."""
    from kg.build.pipeline import build_corpus
    from kg.evaluation import evaluate, graph_view, load_gold
    from kg.rdf.rdfmap import to_graph

    started = time.perf_counter()
    gold = load_gold(corpus / "gold" / "dev.jsonl")
    result = build_corpus([corpus / "articles"], jobs=jobs)  # no cache: every article parsed, as with --no-cache
    evaluation = evaluate(gold, graph_view(to_graph(result.corpus)))
    return Measurement(evaluation, len(result.corpus.articles), len(gold), time.perf_counter() - started)


def read_floors(path: Path = FLOORS_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def floors_of(measurement: Measurement) -> dict:
    """The floors file's content for this measurement."""
    figures = measurement.figures()
    return {
        "about": "kg eval gold on shared/corpus (gold/dev.jsonl, every article built): floors of "
                 "tests/test_quality_floors.py, which fails when a figure falls more than the tolerance below its "
                 "floor or a ceiling is passed. Rewrite with: python -m tests.quality_floors --update",
        "articles": measurement.articles,
        "gold_articles": measurement.gold_articles,
        "tolerance": TOLERANCE,
        "floors": {name: round(figures[name] or 0.0, 4) for name in FLOORED},
        "ceilings": {name: figures[name] for name in CEILINGS},
    }


def _cell(value) -> str:
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def compare(floors: dict, figures: dict[str, Optional[float]]) -> tuple[list[str], str]:
    """The figures that dropped (or passed a ceiling), and the table of floor against measured."""
    tolerance = floors.get("tolerance", TOLERANCE)
    failures = []
    rows = [f"{'figure':<14} {'floor':>7} {'measured':>9} {'change':>7}"]
    for name, floor in floors["floors"].items():
        now = figures.get(name)
        if now is None:
            failures.append(f"{name}: not measured (floor {floor:.3f})")
            rows.append(f"{name:<14} {floor:>7.3f} {'–':>9} {'':>7}  DROPPED")
            continue
        dropped = now < floor - tolerance - EPSILON
        if dropped:
            failures.append(f"{name}: {now:.3f}, more than {tolerance} below its floor {floor:.3f}")
        rows.append(f"{name:<14} {floor:>7.3f} {now:>9.3f} {round(now - floor, 3) + 0.0:>+7.3f}" + ("  DROPPED" if dropped else ""))
    for name, ceiling in floors["ceilings"].items():
        now = figures[name]
        passed = now > ceiling
        if passed:
            failures.append(f"{name}: {now}, above its ceiling {ceiling}")
        rows.append(f"{name:<14} {ceiling:>7} {now:>9} {now - ceiling:>+7}" + ("  ABOVE CEILING" if passed else ""))
    rows.append(f"(a figure may fall {tolerance} below its floor; false merges have a ceiling)")
    return failures, "\n".join(rows)


def _prf(counts) -> str:
    return " / ".join(f"{v:.2f}" if v is not None else "–" for v in (counts.precision, counts.recall, counts.f1))


def doc_section(text: str) -> tuple[int, int]:
    """Where the section of this measurement is in docs/quality.md (start, end)."""
    start = text.index(DOC_SECTION)
    following = text.find("\n## ", start + len(DOC_SECTION))
    return start, len(text) if following < 0 else following


def doc_now_column(text: str) -> dict[str, str]:
    """Row name → the "now" cell of the section's before/after table."""
    start, end = doc_section(text)
    cells = {}
    for line in text[start:end].splitlines():
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if len(parts) >= 4 and (parts[0] in DOC_ROWS or parts[0] in ("merge recall", "false merges")):
            cells[parts[0]] = parts[2]
    return cells


def doc_cells(measurement: Measurement) -> dict[str, str]:
    """The "now" cells as ``doc_now_column`` reads them."""
    cells = {row: _prf(measurement.field(field)) for row, field in DOC_ROWS.items()}
    merges = measurement.evaluation.merge_total
    cells["merge recall"] = f"{merges.value:.2f}" if merges.value is not None else "–"
    cells["false merges"] = str(len(measurement.evaluation.false_merges))
    return cells


def rewrite_doc(text: str, measurement: Measurement) -> str:
    """docs/quality.md with this measurement's `kg eval` output and "now" column."""
    from kg.evaluation import render_text

    start, end = doc_section(text)
    section = text[start:end]
    block = re.compile(r"(```\n" + re.escape(DOC_COMMAND) + r"\n)(.*?)(```)", re.S)
    if not block.search(section):
        raise ValueError(f"docs/quality.md: no ``` block starting with {DOC_COMMAND!r} in {DOC_SECTION!r}")
    section = block.sub(lambda m: m.group(1) + render_text(measurement.evaluation) + m.group(3), section, count=1)
    cells = doc_cells(measurement)
    lines = []
    for line in section.split("\n"):
        parts = line.split("|")
        name = parts[1].strip() if len(parts) > 4 else None
        if name in cells:
            parts[3] = f" {cells[name]} "
            line = "|".join(parts)
        lines.append(line)
    return text[:start] + "\n".join(lines) + text[end:]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.quality_floors",
        description="Build the development corpus, score it against gold/dev.jsonl, and compare with the floors "
                    f"of {FLOORS_FILE.relative_to(ROOT)}.",
    )
    parser.add_argument("--update", action="store_true",
                        help=f"rewrite {FLOORS_FILE.relative_to(ROOT)} and the figures of docs/quality.md with this measurement")
    parser.add_argument("--corpus", type=Path, help="the corpus folder (default: $KG_CORPUS, else shared/corpus beside the checkout)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="parse in this many processes (default 1)")
    args = parser.parse_args(argv)
    if args.corpus is not None:
        os.environ["KG_CORPUS"] = str(args.corpus)
    try:
        corpus = find_corpus()
    except CorpusMissing as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"building {corpus / 'articles'} and scoring it against {corpus / 'gold' / 'dev.jsonl'}…", file=sys.stderr)
    measurement = measure(corpus, jobs=max(1, args.jobs))
    if measurement.evaluation.absent:
        print(f"error: gold articles not built: {', '.join(measurement.evaluation.absent)}", file=sys.stderr)
        return 2
    if not args.update:
        failures, table = compare(read_floors(), measurement.figures())
        print(table)
        print(measurement.note())
        for failure in failures:
            print(f"DROPPED {failure}", file=sys.stderr)
        return 1 if failures else 0
    if FLOORS_FILE.is_file():
        print(compare(read_floors(), measurement.figures())[1])  # what changed since the floors were written
    print(measurement.note())
    document = rewrite_doc(QUALITY_DOC.read_text(encoding="utf-8"), measurement)  # fails before anything is written
    FLOORS_FILE.parent.mkdir(parents=True, exist_ok=True)
    FLOORS_FILE.write_text(json.dumps(floors_of(measurement), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    QUALITY_DOC.write_text(document, encoding="utf-8")
    print(f"wrote {FLOORS_FILE.relative_to(ROOT)} and the figures of {QUALITY_DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
