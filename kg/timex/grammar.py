"""The patterns of the time-expression layer, compiled from the tables of ``kg/data/timex``.

``words.tsv`` holds the vocabulary by class, ``phrases.tsv`` the fixed phrases,
``rules.tsv`` the patterns that name them (``@month``, ``@day:day2``…). Each
rule is compiled once into one regular expression; :func:`candidates` runs
them all over a text and keeps the matches that the context allows (a year
that counts soldiers, an age, a month that is a planet are dropped). Which
matches win where they overlap is decided by :mod:`kg.timex` itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from ..resources import read_table

TABLES = ("timex/words.tsv", "timex/phrases.tsv", "timex/rules.tsv")


def fold(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces: how table entries are looked up."""
    return " ".join(text.lower().replace("’", "'").split())


@dataclass(frozen=True)
class Phrase:
    type: str
    value: str


@dataclass(frozen=True)
class Vocabulary:
    words: dict[str, dict[str, str]]  # class → folded word → value
    phrases: dict[str, Phrase]  # folded phrase → type and value recipe

    def value(self, cls: str, word: str) -> Optional[str]:
        return self.words.get(cls, {}).get(fold(word))

    def has(self, cls: str, word: str) -> bool:
        return fold(word) in self.words.get(cls, {})


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    words: dict[str, dict[str, str]] = {}
    for row in read_table("timex/words.tsv"):
        words.setdefault(row["class"], {})[fold(row["word"])] = row.get("value", "")
    phrases = {fold(row["phrase"]): Phrase(row["type"], row["value"]) for row in read_table("timex/phrases.tsv")}
    return Vocabulary(words, phrases)


# --------------------------------------------------------------------------
# From table words to regular expressions
# --------------------------------------------------------------------------


def _literal(phrase: str) -> str:
    """A table phrase as a regex: spaces match any whitespace, ' both apostrophes."""
    out = []
    for char in phrase:
        if char == " ":
            out.append(r"\s+")
        elif char in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(char))
    return "".join(out)


def _alternation(words) -> str:
    return "|".join(_literal(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _builtin_macros(vocab: Vocabulary) -> dict[str, str]:
    """Macros that are not a plain word class (each is wrapped in its named group)."""
    number_atoms = _alternation(vocab.words.get("number", {}))
    parts = _alternation(w for w in vocab.words.get("part", {}) if w != "mi")
    relative_days = [p for p, entry in vocab.phrases.items() if re.fullmatch(r"day:-?\d+", entry.value)]
    daypart = _alternation(vocab.words.get("daypart", {}))
    return {
        "day": r"(?:1er|1re|premier|0?[1-9]|[12]\d|3[01])(?![\d,.]\d)(?!\d)",

        "day-number": r"(?<![\d.,/])(?:0?[1-9]|[12]\d|3[01])",
        "month-number": r"(?:0?[1-9]|1[0-2])",
        "year": r"(?<![\d.,])[12]\d{3}(?!\d|[.,]\d)",
        "yy": r"(?<![\d.,])['’]?\d{2}(?!\d|[.,]\d)",
        "hour": r"(?<![\d.,])(?:[01]?\d|2[0-4])(?!\d)",
        "minute": r"[0-5]\d(?!\d)",
        "digits": r"(?<![\d.,])\d+(?:,\d+)?(?![\d.])",
        "number": rf"(?:(?<![\d.,])\d+(?:,\d+)?(?![\d.])|(?:{number_atoms})(?:(?:-|\s+et\s+|-et-|\s+)(?:{number_atoms}))*)",
        "century": r"(?:[IVX]{1,5}|\d{1,2})(?:e|ème|eme|è|er)",
        "decade": r"(?:(?:18|19|20)?[0-9]0|vingt|trente|quarante|cinquante|soixante-dix|soixante|quatre-vingt-dix|quatre-vingts?)(?![\w-])",
        "part-prefix": (
            rf"(?:(?:(?:la|le)\s+)?(?:tout\s+|toute\s+)?(?:{parts})(?:\s+de\s+la\s+|\s+de\s+l['’]|\s+du\s+|\s+des\s+|\s+de\s+|\s+d['’]|\s+)"
            r"|(?:la\s+)?mi-)"
        ),
        "daypart-suffix": (
            rf"(?:,?\s+(?:en\s+|dans\s+la\s+|dans\s+l['’]|au\s+|à\s+la\s+|(?:en\s+|au\s+|dans\s+la\s+)?(?:{parts})\s+(?:de\s+la\s+|de\s+l['’]|du\s+|de\s+|d['’]))?"
            rf"(?P<daypart>{daypart})(?![\w-]))"
        ),
        "relative-day": _alternation(relative_days),
        "phrase": _alternation(vocab.phrases),
    }


_MACRO = re.compile(r"@([a-z]+(?:-[a-z]+)*)(?::([a-z][a-z0-9_]*))?")
# macros that carry their own named group (or none), not wrapped again
_UNWRAPPED = frozenset({"part-prefix", "daypart-suffix"})


def expand(pattern: str, vocab: Vocabulary) -> str:
    """A rules.tsv pattern as a Python regex (see the header of rules.tsv)."""
    builtins = _builtin_macros(vocab)

    def macro(match: re.Match) -> str:
        name, group = match.group(1), match.group(2)
        if name in builtins:
            body = builtins[name]
        elif name in vocab.words:
            body = _alternation(vocab.words[name])
        else:
            raise ValueError(f"unknown class @{name} in timex/rules.tsv")
        if name in _UNWRAPPED:
            return f"(?:{body})"
        return f"(?P<{group or name.replace('-', '_')}>{body})"

    out, last = [], 0
    for match in _MACRO.finditer(pattern):
        out.append(_spaces(pattern[last : match.start()]))
        out.append(macro(match))
        last = match.end()
    out.append(_spaces(pattern[last:]))
    return "".join(out)


def _spaces(fragment: str) -> str:
    """Pattern text: " ?" is optional whitespace, " " some, ' either apostrophe."""
    return fragment.replace(" ?", "\x00").replace(" ", r"\s+").replace("\x00", r"\s*").replace("'", "['’]")


@dataclass(frozen=True)
class Rule:
    name: str
    normalizer: str
    regex: re.Pattern
    priority: int


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    vocab = vocabulary()
    compiled = []
    for priority, row in enumerate(read_table("timex/rules.tsv")):
        body = expand(row["pattern"], vocab)
        regex = re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)
        compiled.append(Rule(row["rule"], row["normalizer"], regex, priority))
    return tuple(compiled)


# --------------------------------------------------------------------------
# Matches and the context checks
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    start: int  # the expression's words (the pre and post parts left out)
    end: int
    rule: Rule
    groups: dict  # named parts that matched

    @property
    def length(self) -> int:
        return self.end - self.start


_WORD_BEFORE = re.compile(r"([\w'’-]+)[\s,]*$")
_WORDS_BEFORE = re.compile(r"((?:[\w'’-]+\s+){0,2}[\w'’-]+)\s*$")
_WORD_AFTER = re.compile(r"^\s*([\w%€$£'’-]+)")
_DETERMINERS = frozenset("le la les l' un une du des au aux ce cet cette ces son sa ses leur leurs notre nos votre vos mon ma mes".split())
_POSSESSIVES = frozenset("son sa ses leur leurs notre nos votre vos mon ma mes".split())
_HAVE = frozenset("a avait ait aura aurait avoir ayant eu eut ont avaient aient auront".split())
_AGE_CUES = ("âgé de", "âgée de", "âgés de", "âgées de", "agé de", "agée de", "âge de", "l'âge de", "moins de", "plus de")


def _before(text: str, start: int, width: int = 40) -> str:
    return fold(text[max(0, start - width) : start])


def _word_before(text: str, start: int) -> str:
    match = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    return fold(match.group(1)) if match else ""


def _word_after(text: str, end: int) -> str:
    match = _WORD_AFTER.match(text[end : end + 40])
    return match.group(1) if match else ""


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start]
    return start == 0 or bool(re.search(r"(?:^|[.!?:;»\"\n]\s*|\n\s*|^\s+)$", before)) or text[:start].strip() == ""


def _count_follows(text: str, end: int, vocab: Vocabulary) -> bool:
    """A number followed by a noun (lower-case word that is not a function word) counts it: "2000 soldats"."""
    after = _word_after(text, end)
    if not after:
        return False
    if after in ("%", "€", "$", "£") or after.startswith(("%", "€")):
        return True
    if not after[0].isalpha() or not after[0].islower():
        return False
    return not vocab.has("function-word", after) and not vocab.has("month", after)


def _is_age(text: str, candidate: Candidate, vocab: Vocabulary) -> bool:
    """ "un homme de 40 ans", "Jean, 87 ans,", "âgée de 17 ans", "les moins de 17 ans": ages, not durations."""
    unit = fold(candidate.groups.get("unit", ""))
    if unit != "ans":
        return False
    start, end = candidate.start, candidate.end
    approximation = fold(candidate.groups.get("approximation", ""))
    before = _before(text, start)
    after = text[end : end + 2].lstrip(" ")
    if approximation:
        return before.endswith(("les", "des", "aux")) and approximation in ("moins de", "plus de")
    if before.endswith(_AGE_CUES) or _word_before(text, start) in _POSSESSIVES | _HAVE:
        return True  # "âgée de 17 ans", "ses 80 ans", "elle avait 8 ans"
    if _word_before(text, start) == "à" and (after[:1] == "," or _sentence_start(text, start - 2)):
        return True  # "À 84 ans, elle travaille"
    if re.search(r",\s*$", text[max(0, start - 3) : start]) and after[:1] in (",", ")"):
        return True  # an apposition: "Jean Burget, 87 ans, a été…"
    if text[max(0, start - 1) : start] == "(" and after[:1] == ")":
        return True
    # "de N ans", or "de N à M ans": look at the word before "de"
    if re.match(r"\s+d(?:e\s|')", text[end : end + 4]):
        return False  # "trois ans de tractations": what lasted follows
    match = re.search(r"(?:^|\s)(?P<head>[\w'’-]+)\s+d[e']\s*(?:(?P<first>\S+)\s+(?:à|et|ou)\s*)?$", before)
    if match and match.group("first") and not (match.group("first").isdigit() or vocab.has("number", match.group("first"))):
        return False  # "d'ici à dix ans": no range of ages
    if match:
        head = match.group("head")
        return not (vocab.has("function-word", head) or vocab.has("duration-noun", head) or head.isdigit())
    return False


def _allowed(text: str, candidate: Candidate, vocab: Vocabulary) -> bool:
    """The context checks of one match (see the module doc)."""
    g = candidate.groups
    name, normalizer = candidate.rule.name, candidate.rule.normalizer
    word_before = _word_before(text, candidate.start)
    if normalizer == "month" and "day" not in g:
        month = g.get("month", "")
        plain = not any(k in g for k in ("year", "yy", "relative", "month2"))
        if month[:1].isupper() and not month.isupper() and plain:
            if not _sentence_start(text, candidate.start):
                return False  # "la planète Mars", "le 8-Mai": a name
    if normalizer == "year":
        if word_before in vocab.words.get("number-noun", {}):
            return False
        if _count_follows(text, candidate.end, vocab) and word_before != "en":
            return False  # "2000 soldats"; but "publié en 2007 citait…" is a year
        if name == "year":
            cued = candidate.start != _group_start(candidate, "year")
            year = int(g["year"])
            if not (1800 <= year <= 2099 or (cued and 1000 <= year <= 2999)):
                return False
    if normalizer in ("duration", "set"):
        unit = g.get("unit", "")
        if unit[:1].isupper() and not unit.isupper() and not _sentence_start(text, _group_start(candidate, "unit")):
            return False  # "des Journées de l'archéologie": a name
    if normalizer == "time" and "heure" in fold(text[candidate.start : candidate.end]):
        if re.match(r"\s+d(?:e\s|')", text[candidate.end : candidate.end + 4]):
            return False  # "après neuf heures de route": a duration
    if normalizer == "duration":
        if _is_age(text, candidate, vocab):
            return False
        if name == "duration-hours" and not (g.get("approximation") or _duration_cue_before(text, candidate, vocab)):
            return False
        number = fold(g.get("number", ""))
        if number in ("un", "une") and fold(g.get("unit", "")) == "jour" and not _duration_cue_before(text, candidate, vocab):
            return False  # "un jour" is some day, not a duration
        if fold(g.get("unit", "")) == "seconde" and _count_follows(text, candidate.end, vocab):
            return False  # "une seconde fois": the ordinal
    if normalizer in ("ago", "in") and fold(g.get("number", "")) in ("un", "une") and fold(g.get("unit", "")) == "jour":
        return False  # "dans un jour de grande forme"
    if name == "year-yy" and re.match(r"\s*[\w%€$]", text[candidate.end : candidate.end + 3]):
        return False  # "en 17 Grands Prix": a count; "en 97," "en 97 (" are years
    if normalizer == "weekday" and g["weekday"][:1].isupper() and not g["weekday"].isupper():
        if not _sentence_start(text, candidate.start) and "day" not in g:
            return False  # "l'accord du Vendredi saint", "Robinson et Vendredi": names
    if name == "time-h" and _duration_cue_before(text, candidate, vocab):
        return False  # "pendant 48 h": duration-hours takes it
    if name == "set-frequency-adjective" and (word_before in _DETERMINERS or vocab.has("function-word", word_before)):
        return False  # "le quotidien", a newspaper
    if normalizer == "holiday":
        holiday = g.get("holiday", "")
        cued = candidate.start != _group_start(candidate, "holiday") or "year" in g
        if not cued and not re.search(r"(?:^|\s)(?:à|de|d'|du|pour|depuis|avant|après|dès|jusqu'à|le|la|l')\s*$", _before(text, candidate.start)):
            return False
        if holiday[:1].isupper() and re.match(r"\s+[A-ZÀ-Ý][a-zà-ÿ]", text[candidate.end : candidate.end + 3]):
            return False  # "Noël Mamère": a first name
    return True


def _group_start(candidate: Candidate, group: str) -> int:
    return candidate.groups.get(f"_{group}_start", candidate.start)


def _duration_cue_before(text: str, candidate: Candidate, vocab: Vocabulary) -> bool:
    before = _before(text, candidate.start, 20)
    return any(before.endswith(cue) and (len(before) == len(cue) or not before[-len(cue) - 1].isalnum())
               for cue in vocab.words.get("duration-cue", {}))


# Classes whose words are too common to say that a time expression may be near ("un", "le").
_NOT_TRIGGERS = frozenset({"number", "ordinal", "function-word", "number-noun", "duration-cue", "duration-noun",
                           "approximation", "vague-count", "part", "relative"})
# Every expression holds a digit or a trigger word; the rules run only this far around them.
WINDOW_MARGIN = 60


@lru_cache(maxsize=1)
def _triggers() -> tuple[frozenset, tuple[re.Pattern, ...]]:
    """The words that every rule needs one of (names of months and days, units, parts of the
    day, the longest word of each fixed phrase…), folded, and the few multi-word triggers."""
    vocab = vocabulary()
    function_words = vocab.words.get("function-word", {})
    words = {w for cls, table in vocab.words.items() if cls not in _NOT_TRIGGERS for w in table}
    words -= set(vocab.words.get("season", {}))  # "été" is mostly "a été": the season rules need a cue
    words -= set(vocab.words.get("unit-abbreviation", {})) - {"h"}  # they follow a digit
    for phrase in vocab.phrases:
        words.add(max(re.split(r"[\s'’]+", phrase), key=lambda w: (w not in function_words, len(w))))
    words.update({"ici", "midi", "minuit", "siècle", "siècles", "années", "nuit", "y"})
    single = frozenset(fold(w.strip(".")) for w in words if w.strip(".") and not re.search(r"[\s'’]", w))
    seasons = _alternation(vocab.words.get("season", {}))
    multi = tuple(re.compile(_literal(w), re.IGNORECASE) for w in words if re.search(r"[\s'’]", w.strip(".")))
    multi += (re.compile(rf"(?:l|d|en|au|cet|ce|le)['’\s]\s*(?:{seasons})", re.IGNORECASE),)
    return single, multi


_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:-[^\W\d_]+)*")


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of the text around digits and trigger words, merged, cut at whitespace:
    every expression holds one, and the rules need not scan the rest."""
    single, multi = _triggers()
    hits = [m.start() for m in _TOKEN.finditer(text) if m.group(0)[0].isdigit() or m.group(0).lower() in single
            or any(part in single for part in m.group(0).lower().split("-"))]
    for pattern in multi:
        hits.extend(m.start() for m in pattern.finditer(text))
    spans: list[tuple[int, int]] = []
    for hit in sorted(hits):
        start, end = max(0, hit - WINDOW_MARGIN), min(len(text), hit + 2 * WINDOW_MARGIN)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    aligned = []
    for start, end in spans:
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        aligned.append((start, end))
    return aligned


def candidates(text: str) -> list[Candidate]:
    """Every rule's matches that pass the context checks (they may overlap)."""
    vocab = vocabulary()
    found = []
    windows = _windows(text)
    for rule in rules():
        for window_start, window_end in windows:
            for match in rule.regex.finditer(text, window_start, window_end):
                found.extend(_candidate(text, match, rule, vocab))
    return found


def _candidate(text: str, match: re.Match, rule: Rule, vocab: Vocabulary) -> list[Candidate]:
    """The match as a candidate (its pre and post parts left out), if the context allows it."""
    start, end = match.span()
    groups_present = match.re.groupindex
    if "pre" in groups_present and match.group("pre"):
        start = match.end("pre")
    if "post" in groups_present and match.group("post"):
        end = match.start("post")
    if start >= end:
        return []
    groups = {k: v for k, v in match.groupdict().items() if v is not None and k not in ("pre", "post")}
    for key in list(groups):
        groups[f"_{key}_start"] = match.start(key)
    candidate = Candidate(start, end, rule, groups)
    return [candidate] if _allowed(text, candidate, vocab) else []
