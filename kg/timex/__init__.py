"""Time expressions of French text, found and normalised as ISO-TimeML TIMEX3.

:func:`find_timexes` finds every DATE, TIME, DURATION and SET expression
("le 3 janvier 2020", "hier soir", "à 15 h 24", "deux semaines", "chaque
année") and gives its TIMEX3 ``value`` ("2020-01-03", "2020-01-02TEV",
"2020-01-02T15:24", "P2W", "P1Y"). Relative and underspecified expressions
are resolved against the reference date (:func:`reference_date`): with none,
their value keeps X's ("XXXX-XX-XX"), it is never guessed. A day-month
without a year, a weekday, a month alone take the year, the week that the
verb's tense points to (backward unless it says otherwise; a spaCy ``doc`` of
the text gives the tense: without one, backward), and a year that the same
sentence states ("en 1997 (en janvier…)"). Times of day ("22 h") and
anchored phrases ("le lendemain", "la nuit") take the last day the text gave.

The patterns and words are tables in ``kg/data/timex`` (see
:mod:`kg.timex.grammar`); the arithmetic is in :mod:`kg.timex.normalize`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from ..errors import KgError
from . import grammar
from .normalize import NORMALIZERS, Context, parse_anchor

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")

__all__ = ["TIMEX_TYPES", "Timex", "find_timexes", "reference_date", "xsd_value"]

_CALENDAR_VALUE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:T.*)?")


def xsd_value(value: str) -> Optional[str]:
    """The lexical xsd:date, xsd:gYearMonth or xsd:gYear a TIMEX3 DATE/TIME value states,
    or None when it is not a fully known day, month or year ("XXXX-12-20", "2012-W25",
    "2012-SU", "199X", "PRESENT_REF"). A time keeps its day: "2020-01-02TEV" → "2020-01-02"."""
    match = _CALENDAR_VALUE.fullmatch(value or "")
    if not match:
        return None
    lexical = match.group(1)
    if "T" in value and len(lexical) != 10:
        return None
    if parse_anchor(lexical) is None:
        return None
    return lexical


@dataclass(frozen=True, order=True)
class Timex:
    """One time expression: ``text == source[start:end]`` (end exclusive)."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION or SET
    value: str  # the TIMEX3 value, as ISO-TimeML writes it
    mod: Optional[str] = None  # TIMEX3 mod: START, END, MID, APPROX, MORE_THAN, LESS_THAN…
    rule: str = field(default="", compare=False)  # the rules.tsv rule that found it

    def xsd_value(self) -> Optional[str]:
        """The date an event can take from it (see :func:`xsd_value`); None for durations and sets."""
        return xsd_value(self.value) if self.type in ("DATE", "TIME") else None

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value}


# --------------------------------------------------------------------------
# Reference date
# --------------------------------------------------------------------------

_LEXICAL_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# How far into the text a dateline is looked for: the headline and the first paragraphs.
DATELINE_LINES = 4


def _dateline_pattern() -> re.Pattern:
    vocab = grammar.vocabulary()
    months = grammar._alternation(vocab.words["month"])
    weekdays = grammar._alternation(vocab.words["weekday"])
    return re.compile(
        rf"[ \t]*(?:[A-ZÀ-Ý][\w'’. -]{{0,40}}?,[ \t]*)?(?:(?:{weekdays})[ \t]+)?"
        rf"(?P<day>1er|\d{{1,2}})[ \t]+(?P<month>{months})(?:[ \t]+(?P<year>\d{{4}}))?"
        r"[ \t]*(?:\([^()\n]{0,40}\))?[ \t]*[.,]?[ \t]*[-–—_]",
        re.IGNORECASE,
    )


def dateline_date(text: str) -> Optional[str]:
    """The date of a dateline opening one of the first lines ("22 juin 2012. - …",
    "BAGDAD, 3 mars 2020 (AFP) - …"), as YYYY-MM-DD; None without one, or when it
    has no year ("BAGDAD, 3 mars (AFP) -"): the year is not guessed."""
    pattern = _dateline_pattern()
    lines = [line for line in text.splitlines() if line.strip()][:DATELINE_LINES]
    for line in lines:
        match = pattern.match(line)
        if match is None:
            continue
        if not match.group("year"):
            return None
        day = 1 if match.group("day").lower() == "1er" else int(match.group("day"))
        month = int(grammar.vocabulary().value("month", match.group("month")))
        year = int(match.group("year"))
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    return None


def _checked(value: str) -> str:
    if not _LEXICAL_DATE.fullmatch(value.strip()) or parse_anchor(value.strip()) is None:
        raise KgError("E062", value=value)
    return value.strip()


def reference_date(text: str, metadata_date: Optional[str] = None, explicit: Optional[str] = None) -> Optional[str]:
    """The date relative expressions count from: ``explicit`` (``kg timex --date``), else the
    article's metadata date, else its dateline, else None (unknown). A lexical
    YYYY-MM-DD, YYYY-MM or YYYY; KgError E062 for an explicit or metadata date that is none."""
    if explicit:
        return _checked(explicit)
    if metadata_date:
        return _checked(metadata_date)
    return dateline_date(text)


# --------------------------------------------------------------------------
# Finding
# --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?…]+[\"»”)]*\s+(?=[\"«“(]?[A-ZÀ-Ý0-9])|\n\s*")


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _choose(candidates: list[grammar.Candidate], length: int) -> list[grammar.Candidate]:
    """Non-overlapping matches: the longest first, then the rule higher in rules.tsv."""
    taken: list[grammar.Candidate] = []
    used = bytearray(length)  # characters already in a chosen expression
    for candidate in sorted(candidates, key=lambda c: (-c.length, c.rule.priority, c.start)):
        if any(used[candidate.start : candidate.end]):
            continue
        taken.append(candidate)
        used[candidate.start : candidate.end] = b"\x01" * candidate.length
    return sorted(taken, key=lambda c: c.start)


_FORWARD_CUES = re.compile(r"(?:d['’]ici|jusqu['’](?:à|au|aux)|à\s+partir\s+d[eu'’])\s*(?:le\s+|la\s+|l['’])?$", re.IGNORECASE)
_BACKWARD_CUES = re.compile(r"(?:depuis)\s*(?:le\s+|la\s+|l['’])?$", re.IGNORECASE)


def _text_direction(text: str, start: int) -> Optional[str]:
    """A cue right before the expression that says which way it points, whatever the verb:
    "d'ici le 30 juin" forward, "depuis mardi" backward."""
    before = text[max(0, start - 20) : start]
    if _FORWARD_CUES.search(before):
        return "after"
    return "before" if _BACKWARD_CUES.search(before) else None


def find_timexes(text: str, reference_date: Optional[str] = None, doc=None) -> list[Timex]:
    """Every time expression of ``text``, in text order, with its TIMEX3 type and value.

    ``reference_date``: YYYY-MM-DD, YYYY-MM or YYYY (see :func:`reference_date`), or None.
    ``doc``: spaCy's parse of ``text`` (optional): the verb's tense then decides whether
    "mardi" is the last or the next Tuesday.
    """
    if doc is not None and len(doc) and (doc[-1].idx + len(doc[-1].text_with_ws) != len(text)
                                         or not text.startswith(doc[0].text, doc[0].idx)):
        # checked by the ends (doc.text joins every token again)
        raise ValueError("find_timexes: doc must be the parse of text itself")
    reference = parse_anchor(reference_date) if reference_date else None
    if reference_date and reference is None:
        raise KgError("E062", value=reference_date)
    from .tense import direction as tense_direction

    starts = _sentence_starts(text)
    context = Context(reference, grammar.vocabulary(), text)
    found: list[Timex] = []
    for candidate in _choose(grammar.candidates(text), len(text)):
        context.sentence = bisect.bisect_right(starts, candidate.start) - 1
        context.direction = _text_direction(text, candidate.start)
        if context.direction is None and doc is not None:
            context.direction = tense_direction(doc, candidate.start, candidate.end)
        result = NORMALIZERS[candidate.rule.normalizer](candidate, context)
        if result is None:
            continue
        type_, value, mod = result
        timex = Timex(candidate.start, candidate.end, text[candidate.start : candidate.end], type_, value, mod, candidate.rule.name)
        found.append(timex)
        _remember(timex, candidate, context)
    return found


def _remember(timex: Timex, candidate: grammar.Candidate, context: Context) -> None:
    """What later expressions take from this one: its day, the year its sentence states."""
    if timex.type in ("DATE", "TIME"):
        day = re.match(r"(\d{4})-(\d{2})-(\d{2})", timex.value)
        if day:
            try:
                context.last_day = dt.date(*map(int, day.groups()))
            except ValueError:
                pass
        year = re.match(r"\d{4}", timex.value)
        if year and ("year" in candidate.groups or "yy" in candidate.groups or re.fullmatch(r"\d{4}", timex.value)):
            context.sentence_years[context.sentence] = int(year.group(0))
