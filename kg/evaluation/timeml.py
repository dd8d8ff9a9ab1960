"""Score the time-expression layer against TimeML documents, as TempEval-3 does.

A ``.tml`` file gives the reference date (the TIMEX3 whose functionInDocument
is CREATION_TIME, in <DCT>) and the text of <TEXT> with its tags removed; the
gold expressions are the TIMEX3 elements inside <TEXT>, with their offsets in
that text. :func:`evaluate_timeml` runs :func:`kg.timex.find_timexes` on each
text and counts, in TempEval-3's way:

- strict span: a found expression with exactly a gold one's offsets;
- relaxed span: one that overlaps a gold one (precision counts found
  expressions overlapping some gold one, recall gold ones overlapped);
- type accuracy: among relaxed matches, the share with the gold type;
- value: a found expression is right when it overlaps a gold one with the
  same value (precision over found expressions, recall over gold ones).

The per-type breakdown counts recall by the gold type and precision by the
found type.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..errors import KgError

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
MAX_TIMEML_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True)
class TimeMLDocument:
    name: str
    text: str
    creation_time: Optional[str]
    timexes: tuple[GoldTimex, ...]


@dataclass
class Counts:
    """Match counts for one slice (all expressions, or one type)."""

    gold: int = 0
    found: int = 0
    strict: int = 0  # found expressions with a gold one's exact offsets (one-to-one)
    relaxed_found: int = 0  # found expressions overlapping a gold one
    relaxed_gold: int = 0  # gold expressions overlapped by a found one
    value_found: int = 0  # found expressions overlapping a gold one of the same value
    value_gold: int = 0  # gold expressions overlapped by a found one of the same value
    type_matched: int = 0  # relaxed matches (found side) …
    type_correct: int = 0  # … whose type is the gold one's

    def add(self, other: "Counts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _prf(hit_found: int, found: int, hit_gold: int, gold: int) -> dict:
        precision = hit_found / found if found else 0.0
        recall = hit_gold / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": precision, "recall": recall, "f1": f1}

    @property
    def strict_prf(self) -> dict:
        return self._prf(self.strict, self.found, self.strict, self.gold)

    @property
    def relaxed_prf(self) -> dict:
        return self._prf(self.relaxed_found, self.found, self.relaxed_gold, self.gold)

    @property
    def value_prf(self) -> dict:
        return self._prf(self.value_found, self.found, self.value_gold, self.gold)

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.type_matched if self.type_matched else 0.0

    def summary(self) -> dict:
        return {
            "gold": self.gold, "found": self.found,
            "strict": self.strict_prf, "relaxed": self.relaxed_prf, "value": self.value_prf,
            "type_accuracy": self.type_accuracy,
        }


@dataclass(frozen=True)
class TimexError:
    """One disagreement: ``kind`` is missed, spurious, span (overlap, other offsets),
    value or type (overlap, other value or type)."""

    document: str
    kind: str
    start: int
    end: int
    text: str
    gold: str  # "TYPE value" of the gold expression, "" for spurious
    found: str  # "TYPE value (rule name)" of the found one, "" for missed


@dataclass
class TimeMLScore:
    documents: int
    overall: Counts
    by_type: dict[str, Counts]
    errors: list[TimexError] = field(default_factory=list)

    def to_dict(self, with_errors: bool = False) -> dict:
        data = {
            "documents": self.documents,
            "overall": self.overall.summary(),
            "by_type": {name: counts.summary() for name, counts in self.by_type.items()},
        }
        if with_errors:
            data["errors"] = [asdict(error) for error in self.errors]
        return data

    def to_json(self, with_errors: bool = False) -> str:
        return json.dumps(self.to_dict(with_errors), ensure_ascii=False, indent=2, sort_keys=False)

    def to_table(self) -> str:
        """A Markdown table: one row per slice, the overall one first."""
        head = ("| slice | gold | found | strict P | strict R | strict F1 | relaxed P | relaxed R | relaxed F1 "
                "| type acc. | value P | value R | value F1 |")
        rows = [head, "|" + "---|" * 13]
        for name, counts in [("all", self.overall), *self.by_type.items()]:
            s, r, v = counts.strict_prf, counts.relaxed_prf, counts.value_prf
            cells = [name, str(counts.gold), str(counts.found)]
            cells += [f"{x:.3f}" for x in (s["precision"], s["recall"], s["f1"], r["precision"], r["recall"], r["f1"],
                                           counts.type_accuracy, v["precision"], v["recall"], v["f1"])]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows) + "\n"


# --------------------------------------------------------------------------
# Reading TimeML
# --------------------------------------------------------------------------


def read_timeml(path: Path) -> TimeMLDocument:
    """One ``.tml`` file; KgError E060 when it is not readable TimeML."""
    try:
        data = path.read_bytes()[: MAX_TIMEML_BYTES + 1]
    except OSError as err:
        raise KgError("E060", path=str(path), detail=err.strerror or str(err)) from err
    if len(data) > MAX_TIMEML_BYTES:
        raise KgError("E060", path=str(path), detail=f"larger than {MAX_TIMEML_BYTES} bytes")
    if b"<!ENTITY" in data:  # entity declarations can expand without bound: refused
        raise KgError("E060", path=str(path), detail="entity declarations are not accepted")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise KgError("E060", path=str(path), detail=f"not well-formed XML ({err})") from err
    text_element = root.find(".//TEXT")
    if text_element is None:
        raise KgError("E060", path=str(path), detail="no <TEXT> element")
    creation_time = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME" and timex.get("value"):
            creation_time = timex.get("value")
            break
    parts: list[str] = []
    gold: list[GoldTimex] = []

    def walk(element) -> None:
        parts.append(element.text or "")
        for child in element:
            start = sum(map(len, parts))
            walk(child)
            if child.tag == "TIMEX3":
                end = sum(map(len, parts))
                surface = "".join(parts)[start:end]
                gold.append(GoldTimex(start, end, surface, child.get("type", ""), child.get("value", "")))
            parts.append(child.tail or "")

    walk(text_element)
    return TimeMLDocument(path.stem, "".join(parts), creation_time, tuple(gold))


def timeml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise KgError("E061", path=str(directory))
    files = sorted(p for p in directory.rglob("*.tml") if p.is_file())
    if not files:
        raise KgError("E061", path=str(directory))
    return files


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def score_document(document: TimeMLDocument, found: Iterable) -> tuple[dict[str, Counts], list[TimexError]]:
    """Counts per type (key "all" too) and the errors of one document."""
    found = sorted(found, key=lambda t: (t.start, t.end))
    gold = list(document.timexes)
    counts = {name: Counts() for name in ("all", *TIMEX_TYPES)}

    def bump(type_name: str, attribute: str) -> None:
        for key in ("all", type_name if type_name in counts else None):
            if key is not None:
                setattr(counts[key], attribute, getattr(counts[key], attribute) + 1)

    errors: list[TimexError] = []
    for g in gold:
        bump(g.type, "gold")
        overlapping = [f for f in found if _overlaps(f, g)]
        if overlapping:
            bump(g.type, "relaxed_gold")
        else:
            errors.append(TimexError(document.name, "missed", g.start, g.end, g.text, f"{g.type} {g.value}", ""))
        if any(f.value == g.value for f in overlapping):
            bump(g.type, "value_gold")
        if any(f.start == g.start and f.end == g.end for f in overlapping):
            bump(g.type, "strict")
    for f in found:
        bump(f.type, "found")
        overlapping = [g for g in gold if _overlaps(f, g)]
        rule = getattr(f, "rule", "")
        shown = f"{f.type} {f.value}" + (f" (rule {rule})" if rule else "")
        if not overlapping:
            errors.append(TimexError(document.name, "spurious", f.start, f.end, f.text, "", shown))
            continue
        bump(f.type, "relaxed_found")
        best = next((g for g in overlapping if g.start == f.start and g.end == f.end), overlapping[0])
        bump(f.type, "type_matched")
        if best.type == f.type:
            bump(f.type, "type_correct")
        if any(g.value == f.value for g in overlapping):
            bump(f.type, "value_found")
        expected = f"{best.type} {best.value}"
        if best.start != f.start or best.end != f.end:
            errors.append(TimexError(document.name, "span", f.start, f.end, f.text, f"{best.text!r} {expected}", shown))
        elif best.value != f.value:
            errors.append(TimexError(document.name, "value", f.start, f.end, f.text, expected, shown))
        elif best.type != f.type:
            errors.append(TimexError(document.name, "type", f.start, f.end, f.text, expected, shown))
    return counts, errors


def evaluate_timeml(
    directory: Path | str,
    parse: bool = True,
    progress: Optional[Callable[[int], None]] = None,
    on_total: Optional[Callable[[int], None]] = None,
    names: Optional[set[str]] = None,
) -> TimeMLScore:
    """Run the layer on every ``.tml`` file under ``directory`` and score it.

    ``parse`` gives the layer spaCy's parse of each text (as kg's extractors
    do); without it the layer works from the text alone. ``names`` keeps only
    the documents with these file stems (a development or held-out split).
    """
    from ..timex import find_timexes

    files = timeml_files(Path(directory))
    documents = [read_timeml(path) for path in files]
    if names is not None:
        documents = [d for d in documents if d.name in names]
    if on_total:
        on_total(len(documents))
    nlp = None
    if parse:
        from ..build.nlp import load_model

        nlp = load_model()
    overall = Counts()
    by_type = {name: Counts() for name in TIMEX_TYPES}
    errors: list[TimexError] = []
    docs = nlp.pipe(d.text for d in documents) if nlp is not None else (None for _ in documents)
    for document, doc in zip(documents, docs):
        found = find_timexes(document.text, document.creation_time, doc=doc)
        counts, document_errors = score_document(document, found)
        overall.add(counts["all"])
        for name in TIMEX_TYPES:
            by_type[name].add(counts[name])
        errors.extend(document_errors)
        if progress:
            progress(1)
    return TimeMLScore(len(documents), overall, by_type, errors)
