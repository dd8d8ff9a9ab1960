"""The dates an article's events can take, from the time-expression layer (``kg.timex``).

Every DATE and TIME expression the layer finds ("le 3 janvier 2020", "hier
soir", "mardi dernier", "fin décembre") becomes a :class:`DateExpression` over
the tokens of the parse, with the lexical value an event date can have:
``YYYY-MM-DD`` (xsd:date), ``YYYY-MM`` (xsd:gYearMonth) or ``YYYY`` (xsd:gYear),
at the precision the text supports. Relative expressions count from the
article's date (its metadata line or its dateline), never from a date found in
the text; where it is unknown they stay without a value. One deduction is made
from the words themselves: a weekday with its day and month ("dimanche 20
décembre") names the one year, near the years the article states, in which that
day is that weekday.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from ..names import fold
from ..timex import Timex, find_timexes, xsd_value
from ..timex.grammar import vocabulary
from ..timex.normalize import parse_anchor

EVENT_TIMEX_TYPES = frozenset({"DATE", "TIME"})
# Times of day alone ("à 15 h 24", "la nuit") take the last day the text gave: that day is an
# event's, not the time's own, so they give no event a date.
DAYLESS_TIME_RULES = frozenset({"time-colon", "time-h", "time-heures", "time-heures-range", "time-noon", "part-of-daypart", "phrase"})
# How far from the years an article states a weekday-pinned date is looked for.
WEEKDAY_YEAR_WINDOW = 3
_UNKNOWN_YEAR = re.compile(r"XXXX-(\d{2})-(\d{2})")
# A season, week, quarter or half of a known year ("au printemps 2016", "2012-W25"): the year is known.
_PART_OF_YEAR = re.compile(r"(\d{4})-(?:SP|SU|FA|WI|W\d{2}|Q\d|H\d)")
_YEAR = re.compile(r"(?<![\d-])(1[89]\d\d|20\d\d)(?![\d-])")
def _weekdays() -> dict[str, int]:
    """Weekday name → Monday-based index, from the time expressions' vocabulary (1 is Monday there)."""
    return {word: int(value) - 1 for word, value in vocabulary().words.get("weekday", {}).items()}


@dataclass(frozen=True)
class DateExpression:
    start_i: int  # token span [start_i, end_i) in the doc
    end_i: int
    value: Optional[str]  # the lexical xsd value, None when the text does not fix one
    text: str
    timex: Timex


def find_dates(doc, reference_date: Optional[str] = None, text: Optional[str] = None) -> list[DateExpression]:
    """The date and time expressions of a parsed body, in text order, with their event values.
    A reference date that is no date (a broken metadata line) is no reference. ``text``: the
    body ``doc`` parses, when the caller has it (``doc.text`` joins every token again)."""
    if reference_date is not None and parse_anchor(reference_date) is None:
        reference_date = None
    text = doc.text if text is None else text
    timexes = [t for t in find_timexes(text, reference_date, doc=doc) if t.type in EVENT_TIMEX_TYPES]
    years = {int(y) for y in _YEAR.findall(text)} | ({int(reference_date[:4])} if reference_date else set())
    found = []
    for timex in timexes:
        span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if timex.type == "TIME" and timex.rule in DAYLESS_TIME_RULES:
            value = None
        else:
            value = _consistent(timex, xsd_value(timex.value)) or _year_of_part(timex.value) or _weekday_pinned(timex, years)
        found.append(DateExpression(span.start, span.end, value, timex.text, timex))
    return found


def _weekday(timex: Timex) -> Optional[int]:
    words = re.findall(r"[a-zé]+", timex.text.lower())
    weekdays = _weekdays()
    return next((weekdays[fold(w)] for w in words if fold(w) in weekdays), None)


def _consistent(timex: Timex, value: Optional[str]) -> Optional[str]:
    """A day the text also names by its weekday must be that weekday: "lundi 15 mars" given
    the year of a nearby "en 2007" (a Thursday) is not known to be in 2007."""
    weekday = _weekday(timex)
    if value is None or len(value) != 10 or weekday is None:
        return value
    return value if dt.date.fromisoformat(value).weekday() == weekday else None


def _year_of_part(value: str) -> Optional[str]:
    match = _PART_OF_YEAR.fullmatch(value)
    return match.group(1) if match else None


def _weekday_pinned(timex: Timex, years: set[int]) -> Optional[str]:
    """ "dimanche 20 décembre" with no year: the year near the stated ones in which the
    20th of December is a Sunday, when there is one nearest; else None."""
    match = _UNKNOWN_YEAR.fullmatch(timex.value) or re.fullmatch(r"\d{4}-(\d{2})-(\d{2})", timex.value[:10])
    weekday = _weekday(timex)
    if match is None or weekday is None or not years:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    best = None
    for year in range(min(years) - WEEKDAY_YEAR_WINDOW, max(years) + WEEKDAY_YEAR_WINDOW + 1):
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if date.weekday() != weekday:
            continue
        key = (min(abs(year - y) for y in years), -year)  # nearest; ties → the later year
        if best is None or key < best[0]:
            best = (key, date)
    return best[1].isoformat() if best else None


def token_dates(dates) -> dict[int, DateExpression]:
    """Map every token index inside an expression to that expression."""
    return {i: date for date in dates for i in range(date.start_i, date.end_i)}
