"""TIMEX3 values of the matched expressions: calendar arithmetic, never a guess.

Each normalizer named in ``rules.tsv`` takes the match's named parts and the
:class:`Context` (the reference date, the last day the text gave, the years
each sentence stated, the direction the verb's tense gives) and returns the
expression's (type, value, mod), or None to drop the match (an impossible
date such as "31 février"). What the context cannot fix keeps X's:
"XXXX-12-20" when the year is unknown, "XXXX-XX-XX" for "hier" without a
reference date.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from .grammar import Candidate, Vocabulary, fold

UNKNOWN_DAY = "XXXX-XX-XX"
SEASONS = ("SP", "SU", "FA", "WI")  # in the order of one TimeML year (WI: December to February)
_PART_MODS = (("mi-", "MID"), ("milieu", "MID"), ("début", "START"), ("commencement", "START"), ("fin", "END"))


@dataclass(frozen=True)
class Anchor:
    """A reference date at the precision known: year, year-month or a day."""

    year: int
    month: Optional[int] = None
    day: Optional[int] = None

    @property
    def date(self) -> Optional[dt.date]:
        return dt.date(self.year, self.month, self.day) if self.day else None


def parse_anchor(value: Optional[str]) -> Optional[Anchor]:
    """YYYY, YYYY-MM or YYYY-MM-DD (a TIMEX3 value may go on with a time: it is cut), else None."""
    match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T|\s|$)", value or "")
    if not match:
        return None
    year, month, day = int(match.group(1)), match.group(2), match.group(3)
    if year < 1 or (month and not 1 <= int(month) <= 12):
        return None
    if day and not _valid(year, int(month), int(day)):
        return None
    return Anchor(year, int(month) if month else None, int(day) if day else None)


@dataclass
class Context:
    reference: Optional[Anchor]
    vocab: Vocabulary
    text: str
    last_day: Optional[dt.date] = None  # the last day-precision date found before
    sentence_years: dict[int, int] = field(default_factory=dict)  # sentence → last year it stated
    sentence: int = 0  # the sentence of the expression being normalized
    direction: Optional[str] = None  # "before" / "after" from the tense, None when unknown


Result = Optional[tuple[str, str, Optional[str]]]  # (type, value, mod)

# --------------------------------------------------------------------------
# Calendar helpers (never raise)
# --------------------------------------------------------------------------


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _day_value(day: Optional[dt.date]) -> str:
    return day.isoformat() if day else UNKNOWN_DAY


def _shift_days(anchor: Optional[Anchor], days: int) -> Optional[dt.date]:
    if anchor is None or anchor.day is None:
        return None
    try:
        return anchor.date + dt.timedelta(days=days)
    except OverflowError:
        return None


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _from_month_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _number(text: str) -> Optional[float]:
    """Digits ("30,4") or French number words ("vingt-trois"), via text2num."""
    text = fold(text)
    if re.fullmatch(r"\d+(?:,\d+)?", text):
        return float(text.replace(",", "."))
    from text_to_num import text2num

    try:
        return float(text2num(text.replace(" et ", " et "), "fr"))
    except (ValueError, TypeError):
        return None


def _format_number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _mod_of(text: str) -> Optional[str]:
    head = fold(text)
    for word, mod in _PART_MODS:
        if re.match(rf"(?:(?:la|le|au|à la)\s+)?(?:tout\s+|toute\s+)?{re.escape(word)}", head):
            return mod
    return None


def _direction(g: dict, ctx: Context, key: str = "relative") -> Optional[str]:
    """'last' / 'next' (strict) from a written marker, else the tense's 'before' / 'after', else None."""
    marker = g.get(key)
    if marker:
        return "last" if ctx.vocab.value("relative", marker) == "-1" else "next"
    return ctx.direction


def _pick(candidates: list, ref, direction: Optional[str]):
    """From sorted candidates (comparable with ref), the one the direction names:
    the latest on or before ref by default, strictly before for 'last',
    the earliest on or after for 'after', strictly after for 'next'."""
    if direction in ("after", "next"):
        for c in candidates:
            if c > ref or (direction == "after" and c == ref):
                return c
        return None
    for c in reversed(candidates):
        if c < ref or (direction != "last" and c == ref):
            return c
    return None


def _stated_year(ctx: Context) -> Optional[int]:
    return ctx.sentence_years.get(ctx.sentence)


def _century_year(yy: str, ctx: Context) -> Optional[int]:
    """A two-digit year: the latest year ending so, not more than 10 years after the reference."""
    number = int(yy.lstrip("'’"))
    if ctx.reference is None:
        return None
    limit = ctx.reference.year + 10
    year = (limit // 100) * 100 + number
    return year if year <= limit else year - 100


# --------------------------------------------------------------------------
# Normalizers, by the name rules.tsv gives them
# --------------------------------------------------------------------------


def _day_of(g: dict) -> int:
    word = fold(g["day"])
    return 1 if word in ("1er", "1re", "premier") else int(word)


def _month_of(g: dict, ctx: Context, key: str = "month") -> int:
    if key == "month" and g.get("month_number"):
        return int(g["month_number"])
    if key == "month" and g.get("month_abbreviation"):
        return int(ctx.vocab.value("month-abbreviation", g["month_abbreviation"]))
    return int(ctx.vocab.value("month", g[key]))


def _with_daypart(value: str, g: dict, ctx: Context, type_: str = "DATE") -> tuple[str, str]:
    part = g.get("daypart")
    if part:
        return "TIME", f"{value}T{ctx.vocab.value('daypart', part)}"
    return type_, value


def _resolve_day_month(day: int, month: int, weekday: Optional[int], direction, ctx: Context) -> Optional[str]:
    """The year of a day-month written without one (see find_timexes)."""
    stated, ref = _stated_year(ctx), ctx.reference
    if weekday is not None:  # "samedi 5 juin": the year, stated or around the reference, whose 5 June is a Saturday
        around = (ref.year, ref.year - 1, ref.year + 1) if ref else ()
        years = [y for y in (stated, *around) if y and _valid(y, month, day) and dt.date(y, month, day).isoweekday() == weekday]
        if years:
            return dt.date(years[0], month, day).isoformat()
    if stated is not None and direction not in ("last", "next") and _valid(stated, month, day):
        return dt.date(stated, month, day).isoformat()
    if ref is None:
        return f"XXXX-{month:02d}-{day:02d}"
    if ref.month is None:
        return f"XXXX-{month:02d}-{day:02d}"
    if ref.day is None:  # month precision: compare months only
        key, candidates = (ref.year, ref.month), [(y, month) for y in range(ref.year - 1, ref.year + 2)]
        if month == ref.month:
            return f"{ref.year:04d}-{month:02d}-{day:02d}" if _valid(ref.year, month, day) else None
        chosen = _pick(candidates, key, direction)
        return f"{chosen[0]:04d}-{month:02d}-{day:02d}" if chosen and _valid(chosen[0], month, day) else None
    dates = [dt.date(y, month, day) for y in range(ref.year - 8, ref.year + 9) if _valid(y, month, day)]
    chosen = _pick(dates, ref.date, direction)
    return chosen.isoformat() if chosen else f"XXXX-{month:02d}-{day:02d}"


def normalize_date(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    day, month = _day_of(g), _month_of(g, ctx)
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    weekday = int(ctx.vocab.value("weekday", g["weekday"])) if g.get("weekday") else None
    if g.get("year"):
        year = int(g["year"])
        if not _valid(year, month, day):
            return None
        value = dt.date(year, month, day).isoformat()
    else:
        value = _resolve_day_month(day, month, weekday, _direction(g, ctx), ctx)
        if value is None:
            return None
    type_, value = _with_daypart(value, g, ctx)
    return type_, value, None


def normalize_numeric(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    year, month, day = int(g["year"]), int(g["month_number"]), int(g["day_number"])
    if not _valid(year, month, day):
        return None
    return "DATE", dt.date(year, month, day).isoformat(), None


def normalize_month(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    month = _month_of(g, ctx)
    mod = _mod_of(ctx.text[c.start : c.end])
    if g.get("year"):
        return "DATE", f"{int(g['year']):04d}-{month:02d}", mod
    if g.get("yy"):
        year = _century_year(g["yy"], ctx)
        return "DATE", (f"{year:04d}-{month:02d}" if year else f"XX{g['yy'][-2:]}-{month:02d}"), mod
    stated = _stated_year(ctx)
    direction = _direction(g, ctx)
    if stated is not None and not g.get("relative"):
        return "DATE", f"{stated:04d}-{month:02d}", mod
    ref = ctx.reference
    if ref is None or ref.month is None:
        return "DATE", f"XXXX-{month:02d}", mod
    candidates = [_month_index(y, month) for y in range(ref.year - 1, ref.year + 2)]
    chosen = _pick(candidates, _month_index(ref.year, ref.month), direction)
    return "DATE", (_from_month_index(chosen) if chosen is not None else f"XXXX-{month:02d}"), mod


def normalize_year(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    mod = _mod_of(ctx.text[c.start : c.end])
    if g.get("year"):
        return "DATE", f"{int(g['year']):04d}", mod
    year = _century_year(g["yy"], ctx)
    return "DATE", (f"{year:04d}" if year else f"XX{g['yy'][-2:]}"), mod


_DECADE_WORDS = {"vingt": 2, "trente": 3, "quarante": 4, "cinquante": 5, "soixante": 6, "soixante-dix": 7,
                 "quatre-vingt": 8, "quatre-vingts": 8, "quatre-vingt-dix": 9}


def normalize_decade(c: Candidate, ctx: Context) -> Result:
    word = fold(c.groups["decade"])
    mod = _mod_of(ctx.text[c.start : c.end])
    if len(word) == 4:
        return "DATE", f"{word[:3]}X", mod
    digit = _DECADE_WORDS[word] if word in _DECADE_WORDS else int(word) // 10
    if ctx.reference is None:
        return "DATE", f"XX{digit}X", mod
    century = ctx.reference.year // 100
    if century * 100 + digit * 10 > ctx.reference.year:
        century -= 1
    return "DATE", f"{century:02d}{digit}X", mod


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def normalize_century(c: Candidate, ctx: Context) -> Result:
    raw = re.match(r"[IVXivx]+|\d+", c.groups["century"]).group(0).upper()
    if raw.isdigit():
        number = int(raw)
    else:
        values = [_ROMAN[ch] for ch in raw]
        number = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    if not 1 <= number <= 99:
        return None
    return "DATE", f"{number - 1:02d}XX", _mod_of(ctx.text[c.start : c.end])


def _season_of(month: int, year: int) -> tuple[int, int]:
    """(year, index in SEASONS) of a month: December to February is the winter of the December's year."""
    if month in (1, 2):
        return year - 1, 3
    return year, {3: 0, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 2, 10: 2, 11: 2, 12: 3}[month]


def normalize_season(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    season = ctx.vocab.value("season", g["season"])
    mod = _mod_of(ctx.text[c.start : c.end])
    if g.get("year"):
        return "DATE", f"{int(g['year']):04d}-{season}", mod
    ref = ctx.reference
    if ref is None or ref.month is None:
        return "DATE", f"XXXX-{season}", mod
    index = SEASONS.index(season)
    key = _season_of(ref.month, ref.year)
    chosen = _pick([(y, index) for y in range(ref.year - 2, ref.year + 2)], key, _direction(g, ctx))
    return "DATE", (f"{chosen[0]:04d}-{season}" if chosen else f"XXXX-{season}"), mod


def _holiday_date(rule: str, year: int) -> Optional[dt.date]:
    if rule.startswith("easter"):
        return easter(year) + dt.timedelta(days=int(rule[6:] or 0))
    month, day = map(int, rule.split("-"))
    return dt.date(year, month, day) if _valid(year, month, day) else None


def normalize_holiday(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    rule = ctx.vocab.value("holiday", g["holiday"])
    if g.get("year"):
        day = _holiday_date(rule, int(g["year"]))
        return ("DATE", day.isoformat(), None) if day else None
    ref = ctx.reference
    if ref is None or ref.day is None:
        return "DATE", (f"XXXX-{rule}" if re.fullmatch(r"\d\d-\d\d", rule) else UNKNOWN_DAY), None
    days = [d for d in (_holiday_date(rule, y) for y in range(ref.year - 1, ref.year + 2)) if d]
    chosen = _pick(days, ref.date, _direction(g, ctx))
    return "DATE", _day_value(chosen), None


def _weekday_date(weekday: int, direction: Optional[str], ctx: Context) -> Optional[dt.date]:
    ref = ctx.reference
    if ref is None or ref.day is None:
        return None
    days = [ref.date + dt.timedelta(days=n) for n in range(-7, 8) if (ref.date + dt.timedelta(days=n)).isoweekday() == weekday]
    return _pick(days, ref.date, direction)


def normalize_weekday(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    weekday = int(ctx.vocab.value("weekday", g["weekday"]))
    words = fold(ctx.text[c.start : c.end])
    if words.startswith("le ") and not g.get("relative") and not g.get("daypart"):
        return "SET", f"XXXX-WXX-{weekday}", None  # "le mercredi": every Wednesday
    day = _weekday_date(weekday, _direction(g, ctx), ctx)
    type_, value = _with_daypart(_day_value(day), g, ctx)
    return type_, value, None


def normalize_night(c: Candidate, ctx: Context) -> Result:
    """ "la nuit de samedi à dimanche": the night of the first day (TNI)."""
    g = c.groups
    if g.get("weekday"):
        day = _day_value(_weekday_date(int(ctx.vocab.value("weekday", g["weekday"])), ctx.direction, ctx))
    else:
        result = normalize_date(c, ctx)
        if result is None:
            return None
        day = result[1]
    return "TIME", f"{day}TNI", None


def _phrase_value(recipe: str, ctx: Context) -> Optional[str]:
    """The value of a phrases.tsv recipe (see its header)."""
    match = re.fullmatch(r"(day|week|weekend|month|year|century|previous):(-?\d+)(?::([A-Z]{2}))?", recipe)
    if not match:
        return recipe
    kind, offset, part = match.group(1), int(match.group(2)), match.group(3)
    ref = ctx.reference
    suffix = f"T{part}" if part else ""
    if kind == "day":
        return _day_value(_shift_days(ref, offset)) + suffix
    if kind == "previous":
        day = ctx.last_day + dt.timedelta(days=offset) if ctx.last_day else None
        return _day_value(day) + suffix
    if kind in ("week", "weekend"):
        day = _shift_days(ref, 7 * offset)
        if kind == "weekend" and day is not None and offset == 0:
            day = _weekend_day(day, ctx.direction)
        value = _iso_week(day) if day else "XXXX-WXX"
        return value + ("-WE" if kind == "weekend" else "")
    if kind == "month":
        if ref is None or ref.month is None:
            return "XXXX-XX"
        return _from_month_index(_month_index(ref.year, ref.month) + offset)
    if kind == "year":
        return f"{ref.year + offset:04d}" if ref else "XXXX"
    century = (ref.year // 100 + offset) if ref else None
    return f"{century:02d}XX" if century is not None else "XXXX"


def _weekend_day(day: dt.date, direction: Optional[str]) -> dt.date:
    """ "ce week-end": the coming one, or the one just past when the verb is in the past."""
    if day.isoweekday() >= 6:
        return day
    if direction in ("before", "last"):
        return day - dt.timedelta(days=day.isoweekday())  # the Sunday before
    return day + dt.timedelta(days=6 - day.isoweekday())  # the Saturday after


def normalize_phrase(c: Candidate, ctx: Context) -> Result:
    words = ctx.text[c.start : c.end]
    entry = ctx.vocab.phrases.get(fold(c.groups["phrase"]))
    if entry is None:
        return None
    value = _phrase_value(entry.value, ctx)
    mod = _mod_of(words) if fold(words) != fold(c.groups["phrase"]) else None
    return entry.type, value, mod


def normalize_relative_day(c: Candidate, ctx: Context) -> Result:
    entry = ctx.vocab.phrases[fold(c.groups["relative_day"])]
    value = _phrase_value(entry.value, ctx)
    type_, value = _with_daypart(value, c.groups, ctx)
    suffix = ctx.text[c.start : c.end][len(c.groups["relative_day"]) :]
    return type_, value, _mod_of(re.sub(r"^[\s,]*(?:en|dans|au|à)\s+", "", suffix))


def normalize_daypart(c: Candidate, ctx: Context) -> Result:
    """ "en fin d'après-midi": a part of the last day the text gave."""
    part = ctx.vocab.value("daypart", c.groups["daypart"])
    return "TIME", f"{_day_value(ctx.last_day)}T{part}", _mod_of(ctx.text[c.start : c.end])


def normalize_ici(c: Candidate, ctx: Context) -> Result:
    """ "d'ici (le 30 juin)": TimeML marks "ici" as the reference date."""
    return "DATE", _day_value(_shift_days(ctx.reference, 0)), None


_UNIT_DAYS = {"D": 1, "W": 7}


def _unit(g: dict, ctx: Context) -> Optional[str]:
    word = g.get("unit") or g.get("unit_abbreviation")
    return ctx.vocab.value("unit", word) or ctx.vocab.value("unit-abbreviation", word)


def normalize_ago(c: Candidate, ctx: Context, sign: int = -1) -> Result:
    g = c.groups
    count, unit = _number(g["number"]), _unit(g, ctx)
    if count is None or unit is None or count != int(count):
        return None
    count, ref = int(count) * sign, ctx.reference
    if unit in _UNIT_DAYS:
        return "DATE", _day_value(_shift_days(ref, count * _UNIT_DAYS[unit])), None
    if unit in ("H", "MIN", "S"):
        return "DATE", _day_value(_shift_days(ref, 0)), None
    if unit == "M":
        return "DATE", (_from_month_index(_month_index(ref.year, ref.month) + count) if ref and ref.month else "XXXX-XX"), None
    if unit == "Y":
        return "DATE", (f"{ref.year + count:04d}" if ref else "XXXX"), None
    return None


def normalize_in(c: Candidate, ctx: Context) -> Result:
    return normalize_ago(c, ctx, sign=1)


# TIMEX3 duration units; Q (quarter) and HALF (half-year) are written in months
_DURATION_UNITS = {"Y": ("", "Y"), "M": ("", "M"), "W": ("", "W"), "D": ("", "D"), "WE": ("", "WE"),
                   "DE": ("", "DE"), "CE": ("", "CE"), "ML": ("", "ML"),
                   "H": ("T", "H"), "MIN": ("T", "M"), "S": ("T", "S")}
_FIXED_DURATIONS = {"une demi-heure": "PT30M", "un quart d'heure": "PT15M", "trois quarts d'heure": "PT45M", "une demi-journée": "P0.5D"}


def _duration_value(count: Optional[float], unit: str) -> Optional[str]:
    if unit == "Q":
        unit, count = "M", None if count is None else count * 3
    elif unit == "HALF":
        unit, count = "M", None if count is None else count * 6
    if unit not in _DURATION_UNITS:
        return None
    time_part, letter = _DURATION_UNITS[unit]
    return f"P{time_part}{'X' if count is None else _format_number(count)}{letter}"


def normalize_duration(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    mod = ctx.vocab.value("approximation", g["approximation"]) if g.get("approximation") else None
    words = fold(ctx.text[c.start : c.end])
    for phrase, value in _FIXED_DURATIONS.items():
        if words.endswith(phrase):
            return "DURATION", value, mod
    if g.get("period_noun"):
        return "DURATION", ctx.vocab.value("period-noun", g["period_noun"]), None
    unit = _unit(g, ctx)
    if unit is None:
        return None
    if g.get("vague_count"):
        return "DURATION", _duration_value(None, unit), None
    count = _number(g["number"])
    if count is None or count == 0:
        return None
    if re.search(r"et\s+demie?$", words):
        count += 0.5
    value = _duration_value(count, unit)
    return ("DURATION", value, mod) if value else None


def normalize_set(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    if g.get("frequency_adjective"):
        return "SET", ctx.vocab.value("frequency-adjective", g["frequency_adjective"]), None
    weekday = g.get("weekday") or g.get("weekdays")
    if weekday:
        number = ctx.vocab.value("weekday", weekday) or ctx.vocab.value("weekdays", weekday)
        return "SET", f"XXXX-WXX-{number}", None
    if c.rule.name == "set-per":
        word = fold(ctx.text[c.start : c.end])
        unit = ctx.vocab.value("unit", word)
        return "SET", _duration_value(1, unit), None
    unit = _unit(g, ctx)
    if unit is None:
        return None
    count = _number(g["number"]) if g.get("number") else 1
    return ("SET", _duration_value(count, unit), None) if count else None


def normalize_time(c: Candidate, ctx: Context) -> Result:
    g = c.groups
    words = fold(ctx.text[c.start : c.end])
    if words in ("midi", "minuit"):
        hour, minute = (12, 0) if words == "midi" else (24, 0)
    else:
        hour_word = g.get("hour") or g.get("number")
        hour_number = _number(hour_word) if hour_word else None
        if hour_number is None or hour_number != int(hour_number):
            return None
        hour, minute = int(hour_number), int(g.get("minute") or 0)
        if words.endswith(("du soir", "de l'après-midi")) and hour < 12:
            hour += 12
        if hour > 24 or (hour == 24 and minute):
            return None
    return "TIME", f"{_day_value(ctx.last_day)}T{hour:02d}:{minute:02d}", None


NORMALIZERS: dict[str, Callable[[Candidate, Context], Result]] = {
    "date": normalize_date,
    "numeric": normalize_numeric,
    "month": normalize_month,
    "year": normalize_year,
    "decade": normalize_decade,
    "century": normalize_century,
    "season": normalize_season,
    "holiday": normalize_holiday,
    "weekday": normalize_weekday,
    "night": normalize_night,
    "phrase": normalize_phrase,
    "relative_day": normalize_relative_day,
    "daypart": normalize_daypart,
    "ici": normalize_ici,
    "ago": normalize_ago,
    "in": normalize_in,
    "duration": normalize_duration,
    "set": normalize_set,
    "time": normalize_time,
}
