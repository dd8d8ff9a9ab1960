"""Find French date expressions in a parsed article and normalize them to XSD values.

Each expression ("dimanche 20 décembre", "en 2014", "la mi-octobre", "hier")
becomes a :class:`DateExpression` over a token span, with a lexical value at the
precision the text supports: ``YYYY-MM-DD`` (xsd:date), ``YYYY-MM``
(xsd:gYearMonth) or ``YYYY`` (xsd:gYear). What the text cannot support stays
``None``: a day-month needs a year from the article's date, a weekday needs the
article's day. Nothing is ever guessed beyond that. A date without year is
looked for backward from the article date (news report what happened), forward
when "prochain" says so or when its verb is in the future tense.

The vocabulary is in the tables below; the patterns are compiled from them once,
at import, and run over the document text; matches are mapped back to tokens.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Optional

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
# Abbreviations are taken only after a day number: "de sept." is a count of seven.
MONTH_ABBREVIATIONS = {
    "janv.": 1, "févr.": 2, "fevr.": 2, "avr.": 4, "juil.": 7, "sept.": 9, "oct.": 10,
    "nov.": 11, "déc.": 12, "dec.": 12,
}
# datetime.weekday() numbers
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
# A day number: "1er", "premier", "3", "03".
DAY_WORDS = {"1er": 1, "premier": 1}
# Words after a date that shift its resolution: "le 17 novembre dernier".
RELATIVE_MARKERS = {"dernier": "last", "dernière": "last", "passé": "last", "prochain": "next", "prochaine": "next"}
# Parts of a day: they never change the value ("mardi soir" is Tuesday).
DAY_PARTS = ("matin", "soir", "midi", "après-midi", "apres-midi", "matinée", "soirée", "nuit")

# Words before a month name that make it a date ("en octobre", "la mi-octobre").
# Without one, a bare month name is not taken ("Mars" is also a planet);
# "fin", "mi-", "début" keep month precision: xsd has nothing finer.
MONTH_CUES = (
    "en", "depuis", "dès", "jusqu'en", "jusqu'à", "d'ici", "courant", "avant", "après",
    "fin", "début", "debut", "mi-", "la mi-", "à la mi-", "a la mi-", "vers la mi-", "jusqu'à la mi-",
    "la fin", "à la fin", "fin de", "fin d'", "début de", "début d'", "au début de", "au début d'",
    "à la fin de", "à la fin d'", "au mois de", "au mois d'", "le mois de", "le mois d'",
    "plus tôt en", "plus tard en", "de", "d'", "entre",
)
# Words before a 4-digit year that make it a year ("en 2014", "depuis 2003");
# without one, a number is a number ("2500 soldats").
YEAR_CUES = (
    "en", "depuis", "dès", "de", "d'", "jusqu'en", "d'ici", "avant", "après", "à partir de", "vers",
    "année", "l'année", "l'an", "courant", "fin", "début", "debut", "mi-", "la mi-",
    "printemps", "été", "automne", "hiver", "entre", "au cours de",
)
# After a cued year, a second year of a range: "de 2003 à 2011", "entre 2003 et 2011".
YEAR_RANGE_LINKS = ("à", "au", "et")

# Days relative to the article's day; None: relative to another event of the
# text ("la veille" of what?), so it cannot be resolved from the article date.
RELATIVE_DAYS = {
    "aujourd'hui": 0, "ce matin": 0, "ce midi": 0, "ce soir": 0, "cet après-midi": 0, "cet apres-midi": 0,
    "cette nuit": 0,
    "hier": -1, "hier matin": -1, "hier midi": -1, "hier soir": -1, "hier après-midi": -1,
    "avant-hier": -2,
    "demain": 1, "demain matin": 1, "demain soir": 1, "après-demain": 2,
    "la veille": None, "l'avant-veille": None, "le lendemain": None, "le surlendemain": None,
    "ce jour-là": None, "le jour même": None,
}
# Months relative to the article's month.
RELATIVE_MONTHS = {
    "ce mois-ci": 0, "le mois en cours": 0,
    "le mois dernier": -1, "le mois passé": -1,
    "le mois prochain": 1,
}
# Years relative to the article's year.
RELATIVE_YEARS = {
    "cette année": 0, "l'année en cours": 0, "la fin de l'année": 0, "fin de l'année": 0,
    "le début de l'année": 0, "début de l'année": 0,
    "l'an dernier": -1, "l'année dernière": -1, "l'an passé": -1, "l'année passée": -1,
    "l'an prochain": 1, "l'année prochaine": 1,
}
# "il y a N <unit>": unit → how to step back from the article date.
AGO_UNITS = {
    "minute": "day", "minutes": "day", "heure": "day", "heures": "day",
    "jour": "days", "jours": "days", "semaine": "weeks", "semaines": "weeks",
    "mois": "months", "an": "years", "ans": "years", "année": "years", "années": "years",
}
# Counts in "il y a …"; None: vague ("quelques"), fine for hours (still today), not for days.
AGO_COUNTS = {
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30,
    "quelques": None, "plusieurs": None,
}
# Words kept in a weekday's span: "ce dimanche", "dès lundi".
WEEKDAY_CUES = ("ce", "dès", "depuis", "jusqu'à")
# "dans la nuit de samedi à dimanche" is the Sunday (the night ends on it).
NIGHT_INTROS = ("dans la nuit de", "dans la nuit du", "la nuit de", "la nuit du", "nuit de", "nuit du")
NIGHT_LINKS = ("à", "au", "a")
# Habitual weekdays ("le dimanche", "chaque mardi") name no particular day.
HABITUAL_BEFORE_WEEKDAY = ("le", "chaque", "tous les", "les")
# A time of day may follow a date and stays in its span (the value keeps day precision).
TIME_INTRO = ("à", "a", "vers", "dès", "peu avant", "peu après", "aux alentours de")

# A date without year or marker, governed by a verb in one of these tenses, is
# looked for forward: "Le sommet aura lieu mardi", "il se rendra le 5 mai à Rome".
FORWARD_TENSES = frozenset({"Fut"})
# How far up the parse to look for the governing verb ("aura lieu mardi": mardi → lieu → aura).
GOVERNING_VERB_DEPTH = 3

YEAR_MIN_BARE, YEAR_MAX_BARE = 1900, 2099  # a cued number outside is not taken as a year
WEEKDAY_YEAR_WINDOW = 10  # rule 3 looks this many years around the mentioned years

# --------------------------------------------------------------------------
# Patterns, compiled once from the tables
# --------------------------------------------------------------------------


def _alt(words) -> str:
    """Regex alternation of phrases, longest first, spaces matching any whitespace."""
    parts = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+") for w in parts)


def _cues(words) -> str:
    """Cue phrases followed by whitespace, or glued when they end in ' or - ("d'octobre", "mi-2019")."""
    glued = [w for w in words if w[-1] in "'-"]
    spaced = [w for w in words if w[-1] not in "'-"]
    return rf"(?:(?:{_alt(glued)})\s*|(?:{_alt(spaced)})\s+)"


_B = r"(?<![\w'])"  # start of a word (not inside "l'an", "2.500")
_E = r"(?![\w])"
_WEEKDAY = _alt(WEEKDAYS)


def _month(group: str) -> str:
    return rf"(?P<{group}>{_alt(MONTHS)}){_E}"


def _year(group: str) -> str:
    return rf"(?P<{group}>\d{{4}})(?![\w,.]\d)(?!\w)"  # not "2020,5", "20201"


def _rel(group: str) -> str:
    return rf"(?:\s+(?P<{group}>{_alt(RELATIVE_MARKERS)}){_E})"


_MONTH_OR_ABBREVIATION = rf"(?P<month>{_alt(MONTHS)}{_E}|(?:{_alt(MONTH_ABBREVIATIONS)}))"
_TIME = (
    rf"(?:\s*,?\s*(?:{_alt(TIME_INTRO)})\s+\d{{1,2}}\s*h(?:eures?)?(?:\s*\d{{2}})?(?!\w)"
    r"(?:\s*\((?:heure|GMT|UTC|\d)[^()\n]{0,40}\))?)?"
)
_DAY_PART = rf"(?:\s+(?:{_alt(DAY_PARTS)}){_E})?"

_PATTERNS = {
    # "le dimanche 20 décembre 2020 à 15 h 24", "3 janvier 2020", "le 17 novembre dernier"
    "date": re.compile(
        rf"{_B}(?:le\s+)?(?:(?P<weekday>{_WEEKDAY}){_E}{_DAY_PART}\s*,?\s+)?"
        rf"(?P<day>{_alt(DAY_WORDS)}|\d{{1,2}})(?!\w)\s*{_MONTH_OR_ABBREVIATION}"
        rf"(?:\s+{_year('year')}|{_rel('rel')})?{_TIME}",
        re.IGNORECASE,
    ),
    # "03/01/2020", "3.1.2020": day first, as in French
    "numeric": re.compile(
        r"(?<![\w./-])(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})(?![\w/]|[.-]\d)" + _TIME
    ),
    # "2020-01-03"
    "iso": re.compile(r"(?<![\w./-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\w/]|[.-]\d)"),
    # "en octobre", "la mi-octobre", "janvier 2020", "octobre dernier"
    "month": re.compile(
        rf"{_B}(?:(?P<cue>{_cues(MONTH_CUES)}){_month('month')}(?:\s+{_year('year')}|{_rel('rel')})?"
        rf"|{_month('month2')}(?:\s+{_year('year2')}|{_rel('rel2')}))",
        re.IGNORECASE,
    ),
    # "en 2014", "depuis 2003", "mi-2019"
    "year": re.compile(rf"{_B}(?P<cue>{_cues(YEAR_CUES)}){_year('year')}", re.IGNORECASE),
    # the second year of "de 2003 à 2011"
    "year_range": re.compile(rf"(?<=\d{{4}}\s)(?:{_alt(YEAR_RANGE_LINKS)})\s+{_year('year')}", re.IGNORECASE),
    # "dans la nuit de samedi à dimanche"
    "night": re.compile(
        rf"{_B}(?:{_alt(NIGHT_INTROS)})\s+(?P<first>{_WEEKDAY})\s+(?:{_alt(NIGHT_LINKS)})\s+(?P<weekday>{_WEEKDAY}){_E}",
        re.IGNORECASE,
    ),
    # "mardi soir", "ce dimanche matin", "dimanche dernier"
    "weekday": re.compile(
        rf"{_B}(?:(?:{_alt(WEEKDAY_CUES)})\s+)?(?P<weekday>{_WEEKDAY}){_E}(?:{_rel('rel')}|{_DAY_PART})",
        re.IGNORECASE,
    ),
    "relday": re.compile(rf"{_B}(?P<phrase>{_alt(RELATIVE_DAYS)}){_E}", re.IGNORECASE),
    "relmonth": re.compile(rf"{_B}(?P<phrase>{_alt(RELATIVE_MONTHS)}){_E}", re.IGNORECASE),
    "relyear": re.compile(rf"{_B}(?P<phrase>{_alt(RELATIVE_YEARS)}){_E}", re.IGNORECASE),
    # "il y a quelques heures", "il y a trois jours"
    "ago": re.compile(
        rf"{_B}il\s+y\s+a\s+(?P<count>\d{{1,3}}|{_alt(AGO_COUNTS)})\s+(?P<unit>{_alt(AGO_UNITS)}){_E}",
        re.IGNORECASE,
    ),
}
_HABITUAL = re.compile(rf"(?<![\w'])(?:{_alt(HABITUAL_BEFORE_WEEKDAY)})\s+$", re.IGNORECASE)
_LOOKUP_MONTHS = {k.lower(): v for k, v in {**MONTHS, **MONTH_ABBREVIATIONS}.items()}
_LOOKUP_WEEKDAYS = {k.lower(): v for k, v in WEEKDAYS.items()}


def _norm(phrase: str) -> str:
    return " ".join(phrase.lower().replace("’", "'").split())


_LOOKUP_RELDAYS = {_norm(k): v for k, v in RELATIVE_DAYS.items()}
_LOOKUP_RELMONTHS = {_norm(k): v for k, v in RELATIVE_MONTHS.items()}
_LOOKUP_RELYEARS = {_norm(k): v for k, v in RELATIVE_YEARS.items()}

# --------------------------------------------------------------------------
# Public interface
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DateExpression:
    start_i: int  # token span [start_i, end_i) in the doc
    end_i: int
    value: Optional[str]  # normalized lexical value, None when it cannot be resolved
    text: str  # the surface text of the span
    weekday_pinned: bool  # True when the expression had weekday + day + month ("dimanche 20 décembre")


@dataclass(frozen=True)
class _Anchor:
    year: int
    month: Optional[int]
    day: Optional[int]

    @property
    def date(self) -> Optional[_dt.date]:
        return _dt.date(self.year, self.month, self.day) if self.day else None


@dataclass(frozen=True)
class _Match:
    """One pattern match, before resolution."""

    start: int  # character offsets into doc.text
    end: int
    kind: str
    groups: dict
    month_at: int = -1  # offset of the month name, when there is one


def find_dates(doc, article_date: Optional[str] = None) -> list[DateExpression]:
    """All date expressions of the doc, in text order, resolved against an anchor."""
    matched = _scan(doc)
    years = _mentioned_years(matched)
    anchor = _anchor(matched, years, article_date)
    if anchor is not None:
        years = years | {anchor.year}
    found = []
    for start_i, end_i, match in matched:
        value, pinned = _resolve(match, anchor, years)
        found.append(DateExpression(start_i, end_i, value, doc[start_i:end_i].text, pinned))
    return found


def infer_anchor(doc, article_date: Optional[str]) -> Optional[str]:
    """The article's date if known (metadata, lexical YYYY / YYYY-MM / YYYY-MM-DD), else one inferred
    from the text ONLY when reliable (see rules), else None."""
    matched = _scan(doc)
    anchor = _anchor(matched, _mentioned_years(matched), article_date)
    return _lexical(anchor.year, anchor.month, anchor.day) if anchor else None


def token_dates(dates) -> dict[int, DateExpression]:
    """Map every token index inside an expression to that expression."""
    return {i: date for date in dates for i in range(date.start_i, date.end_i)}


# --------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------


def _scan(doc) -> list[tuple[int, int, _Match]]:
    """Pattern matches mapped to token spans; overlaps keep the longest, in text order."""
    text = doc.text.replace("’", "'")  # same length: offsets are unchanged
    candidates: list[_Match] = []
    for kind, pattern in _PATTERNS.items():
        for m in pattern.finditer(text):
            if kind == "weekday" and _HABITUAL.search(text, max(0, m.start() - 12), m.start()):
                continue  # "le dimanche", "tous les mardis": no particular day
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            month_at = m.start("month2") if "month2" in groups else m.start("month") if "month" in groups else -1
            candidates.append(_Match(m.start(), m.end(), kind, groups, month_at))
    candidates.sort(key=lambda c: (c.start - c.end, c.start))  # longest first
    taken: list[tuple[int, int, _Match]] = []
    used: set[int] = set()
    for match in candidates:
        span = doc.char_span(match.start, match.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        tokens = range(span.start, span.end)
        if used.intersection(tokens) or not _plausible(doc, span, match):
            continue
        used.update(tokens)
        if _forward(span):
            match.groups["forward"] = "yes"
        taken.append((span.start, span.end, match))
    taken.sort(key=lambda t: t[0])
    return taken


def _plausible(doc, span, match: _Match) -> bool:
    """Checks that need the parse: a number that counts something, a month that is a name."""
    if match.kind in ("year", "year_range"):
        if not YEAR_MIN_BARE <= int(match.groups["year"]) <= YEAR_MAX_BARE:
            return False
        number = span[-1]
        following = doc[span.end] if span.end < len(doc) else None
        counts_outside = number.dep_ == "nummod" and not span.start <= number.head.i < span.end
        if counts_outside or (following is not None and following.pos_ == "NOUN"):
            return False  # "de 2000 hommes": a count, not a year ("l'année 2018" is fine)
    if match.kind == "month" and _month_capitalized(match):
        # "de Mars", "Juillet" mid-sentence: a name; "Fin décembre", "Octobre 2020" open a sentence
        month_token = doc.char_span(match.month_at, match.month_at + 1, alignment_mode="expand")
        if month_token is None or not (month_token[0].is_sent_start and month_token[0].i == span.start):
            return False
    return True


def _forward(span) -> bool:
    """Whether the verb governing the span is in a future tense (see FORWARD_TENSES)."""
    head = span.root.head
    for _ in range(GOVERNING_VERB_DEPTH):
        if head.pos_ in ("VERB", "AUX"):
            return any(tense in FORWARD_TENSES for tense in head.morph.get("Tense"))
        if head.head.i == head.i:  # the sentence root
            break
        head = head.head
    return False


def _month_capitalized(match: _Match) -> bool:
    name = match.groups.get("month2") or match.groups.get("month", "")
    return name[:1].isupper()


def _mentioned_years(matched) -> set[int]:
    """Years the text states explicitly (rule 3 chooses a weekday's year near them)."""
    years = set()
    for _s, _e, match in matched:
        for key in ("year", "year2"):
            if key in match.groups and YEAR_MIN_BARE <= int(match.groups[key]) <= YEAR_MAX_BARE:
                years.add(int(match.groups[key]))
    return years


def _anchor(matched, years: set[int], article_date: Optional[str]) -> Optional[_Anchor]:
    """The metadata date, or the latest weekday-pinned date of the text.

    Only a weekday-pinned date is trusted: news ledes name the day they report
    as "dimanche 20 décembre", and the weekday fixes its year. A plain explicit
    date is not: articles recall older events ("l'assassinat le 3 janvier 2020"
    in an article written in November 2020), and taking it as the article date
    would shift every relative date of the text.
    """
    if article_date is not None:
        parsed = _parse_lexical(article_date)
        if parsed is not None:
            return parsed
    pinned = []
    for _s, _e, match in matched:
        if match.kind == "date" and "weekday" in match.groups:
            value, is_pinned = _resolve(match, None, years)
            if is_pinned and value is not None:
                pinned.append(value)
    return _parse_lexical(max(pinned)) if pinned else None


# --------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------


def _resolve(match: _Match, anchor: Optional[_Anchor], years: set[int]) -> tuple[Optional[str], bool]:
    """(lexical value or None, weekday_pinned) for one match."""
    try:
        return _RESOLVERS[match.kind](match.groups, anchor, years)
    except (ValueError, OverflowError, KeyError):
        return None, False  # odd input ("31 février", year 0): a date, but no value


def _resolve_date(g, anchor, years):
    day = DAY_WORDS.get(g["day"].lower()) or int(g["day"])
    month = _LOOKUP_MONTHS[g["month"].lower()]
    if not _possible(month, day):
        return None, False
    weekday = _LOOKUP_WEEKDAYS.get(g.get("weekday", "").lower())
    if "year" in g:
        year = int(g["year"])
        value = _valid_lexical(year, month, day)
        pinned = weekday is not None and value is not None and _dt.date(year, month, day).weekday() == weekday
        return value, pinned
    if weekday is not None:
        return _weekday_pinned(day, month, weekday, years), True
    return _day_month(day, month, _direction(g.get("rel"), g), anchor), False


def _direction(marker: Optional[str], g) -> Optional[str]:
    """"last" / "next" from a written marker, "coming" (on or after) under a future verb, else None."""
    if marker:
        return RELATIVE_MARKERS.get(marker.lower())
    return "coming" if g.get("forward") else None


def _weekday_pinned(day: int, month: int, weekday: int, years: set[int]) -> Optional[str]:
    """Rule 3: the year, near the mentioned ones, in which day-month falls on weekday."""
    if not years:
        return None
    best = None
    for year in range(max(1, min(years) - WEEKDAY_YEAR_WINDOW), min(9999, max(years) + WEEKDAY_YEAR_WINDOW) + 1):
        if not _is_valid(year, month, day) or _dt.date(year, month, day).weekday() != weekday:
            continue
        key = (min(abs(year - y) for y in years), -year)  # nearest; ties → the later year
        if best is None or key < best[0]:
            best = (key, year)
    return _lexical(best[1], month, day) if best else None


def _day_month(day: int, month: int, rel: Optional[str], anchor: Optional[_Anchor]) -> Optional[str]:
    """Rule 2: the latest day-month not after the anchor (before it with "dernier", after with "prochain")."""
    if anchor is None or anchor.month is None:
        return None
    if anchor.day is None:  # month precision: compare months only
        if month == anchor.month:
            year = anchor.year
        elif rel in ("next", "coming"):
            year = anchor.year if month > anchor.month else anchor.year + 1
        else:
            year = anchor.year if month < anchor.month else anchor.year - 1
        return _valid_lexical(year, month, day)
    ref = anchor.date
    step = 1 if rel in ("next", "coming") else -1
    for year in range(ref.year, ref.year + 9 * step, step):  # 9 years always meet a 29 February
        if not _is_valid(year, month, day):
            continue
        candidate = _dt.date(year, month, day)
        if (
            (rel == "next" and candidate > ref)
            or (rel == "coming" and candidate >= ref)
            or (rel == "last" and candidate < ref)
            or (rel is None and candidate <= ref)
        ):
            return candidate.isoformat()
    return None


def _month_value(month: int, rel: Optional[str], anchor: Optional[_Anchor]) -> Optional[str]:
    """Rule 4: the latest such month not after the anchor's month (or the next one)."""
    if anchor is None or anchor.month is None:
        return None
    if rel == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "coming":
        year = anchor.year if month >= anchor.month else anchor.year + 1
    elif rel == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    else:
        year = anchor.year if month <= anchor.month else anchor.year - 1
    return _lexical(year, month, None) if 1 <= year <= 9999 else None


def _resolve_month(g, anchor, years):
    name = g.get("month") or g.get("month2")
    month = _LOOKUP_MONTHS[name.lower()]
    year = g.get("year") or g.get("year2")
    if year is not None:
        return (_lexical(int(year), month, None) if int(year) >= 1 else None), False
    rel = _direction(g.get("rel") or g.get("rel2"), g)
    return _month_value(month, rel, anchor), False


def _resolve_numeric(g, anchor, years):
    return _valid_lexical(int(g["year"]), int(g["month"]), int(g["day"])), False


def _resolve_year(g, anchor, years):
    return str(int(g["year"])).zfill(4), False


def _resolve_weekday(g, anchor, years):
    """Rule 5: the latest such weekday on or before the anchor day (strictly, with dernier/prochain)."""
    if anchor is None or anchor.day is None:
        return None, False
    ref = anchor.date
    weekday = _LOOKUP_WEEKDAYS[g["weekday"].lower()]
    rel = _direction(g.get("rel"), g)
    if rel == "next":
        delta = (weekday - ref.weekday()) % 7 or 7
    elif rel == "coming":
        delta = (weekday - ref.weekday()) % 7
    else:
        back = (ref.weekday() - weekday) % 7
        delta = -(back or 7) if rel == "last" else -back
    return (ref + _dt.timedelta(days=delta)).isoformat(), False


def _resolve_relday(g, anchor, years):
    offset = _LOOKUP_RELDAYS.get(_norm(g["phrase"]))
    if offset is None or anchor is None or anchor.day is None:
        return None, False
    return (anchor.date + _dt.timedelta(days=offset)).isoformat(), False


def _resolve_relmonth(g, anchor, years):
    if anchor is None or anchor.month is None:
        return None, False
    index = anchor.year * 12 + anchor.month - 1 + _LOOKUP_RELMONTHS[_norm(g["phrase"])]
    return _lexical(index // 12, index % 12 + 1, None), False


def _resolve_relyear(g, anchor, years):
    if anchor is None:
        return None, False
    return _lexical(anchor.year + _LOOKUP_RELYEARS[_norm(g["phrase"])], None, None), False


def _resolve_ago(g, anchor, years):
    """"il y a N unités": counted back from the article date; vague counts only for hours."""
    unit = AGO_UNITS[g["unit"].lower()]
    raw = g["count"].lower()
    count = int(raw) if raw.isdigit() else AGO_COUNTS[raw]
    if anchor is None or (count is None and unit != "day"):
        return None, False
    if unit == "day":
        return (anchor.date.isoformat() if anchor.day else None), False
    if unit in ("days", "weeks"):
        if anchor.day is None:
            return None, False
        return (anchor.date - _dt.timedelta(days=count * (7 if unit == "weeks" else 1))).isoformat(), False
    if unit == "months":
        if anchor.month is None:
            return None, False
        index = anchor.year * 12 + anchor.month - 1 - count
        return _lexical(index // 12, index % 12 + 1, None), False
    return _lexical(anchor.year - count, None, None), False


_RESOLVERS = {
    "date": _resolve_date,
    "numeric": _resolve_numeric,
    "iso": _resolve_numeric,
    "month": _resolve_month,
    "year": _resolve_year,
    "year_range": _resolve_year,
    "night": _resolve_weekday,  # "nuit de samedi à dimanche": the Sunday
    "weekday": _resolve_weekday,
    "relday": _resolve_relday,
    "relmonth": _resolve_relmonth,
    "relyear": _resolve_relyear,
    "ago": _resolve_ago,
}

# --------------------------------------------------------------------------
# Calendar helpers (never raise)
# --------------------------------------------------------------------------


def _possible(month: int, day: int) -> bool:
    """Whether day-month exists in some year (29 February does)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]


def _is_valid(year: int, month: int, day: int) -> bool:
    return 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _valid_lexical(year: int, month: int, day: int) -> Optional[str]:
    return _lexical(year, month, day) if _is_valid(year, month, day) else None


def _lexical(year: int, month: Optional[int], day: Optional[int]) -> Optional[str]:
    if not 1 <= year <= 9999:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _parse_lexical(value: str) -> Optional[_Anchor]:
    """A lexical YYYY / YYYY-MM / YYYY-MM-DD, or None when it is not a real date."""
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*", value or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2) and int(m.group(2)), m.group(3) and int(m.group(3))
    if year < 1 or (month is not None and not 1 <= month <= 12):
        return None
    if day is not None and not _is_valid(year, month, day):
        return None
    return _Anchor(year, month, day)
