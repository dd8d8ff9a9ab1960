"""Read the count a French text gives for a noun: "au moins 5 roquettes", "aucune victime".

``count_of`` reads the number words written just before a noun (or the token
itself when it is a number, as in "500 de leurs soldats"), the zero
determiners ("aucun"), and the singular indefinite article ("un mort"); it
notes a lower bound ("au moins", "pas moins de", "plus de"). The parser's
attachment of numbers is unreliable ("5 200" comes out as det + nmod, "deux
cents soldats" makes "cents" the head, a no-break space becomes its own
token), so the surface order of tokens decides and the parse only names the
determiners and adjectives.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from text_to_num import text2num

from .lexicon import word_list, written_list


@dataclass(frozen=True)
class Count:
    """A count read from the text; ``value`` is the lower bound when ``at_least``."""

    value: int
    start_i: int  # token span [start_i, end_i) of the number words ("au moins 5")
    end_i: int
    at_least: bool


# Digits, alone or in groups of three separated the French way: "2.500", "5 200"
# (a space, a no-break space U+00A0, a narrow one U+202F or a thin one U+2009).
# A comma is the decimal mark in French, so "2,5" is not an integer count.
DIGITS_RE = re.compile(r"\d{1,3}(?:[ .\u00a0\u202f\u2009]\d{3})+|\d+")
NON_DIGIT_RE = re.compile(r"\D")
WORD_SPLIT_RE = re.compile(r"[\s\-]+")

# Words that text2num combines into a cardinal; "et" only joins "vingt et un".
NUMBER_WORDS = frozenset(
    """zéro zero un une deux trois quatre cinq six sept huit neuf dix onze douze
    treize quatorze quinze seize vingt vingts trente quarante cinquante soixante
    septante huitante octante nonante cent cents mille""".split()
)
# "et" belongs to a number only in "vingt et un", "soixante et onze".
ET_BEFORE = word_list("numbers", "et-before")
ET_AFTER = word_list("numbers", "et-after")

# Zero determiners: "aucune victime", "nul blessé".
ZERO_DETERMINERS = word_list("numbers", "zero-determiners")
INDEFINITE_ONE = word_list("numbers", "indefinite-one")
# Nouns whose "un/une" is an idiom or a collective, never one thing counted:
# "une nouvelle fois", "d'une part", "une dizaine de", "un millier de".
NOT_ONE_NOUNS = frozenset(written_list("numbers", "not-one-nouns"))
# "une cinquantaine de migrants": about fifty, as the article writes it (a round number, not a bound).
APPROXIMATE_NOUNS = {word: int(value) for word, value in (entry.split("=") for entry in written_list("numbers", "approximate-nouns"))}
# Nouns whose number is a clock time or a date, not a count ("15 h 24",
# "dimanche 20 décembre"); a number right after them is not a count either ("janvier 2020").
NOT_COUNTED_NOUNS = frozenset(written_list("numbers", "not-counted-nouns"))
# A number right after these is a date, a time or a rank, not a count ("en 2014",
# "depuis 2011", "à 15 h", "le numéro deux"); used only when the token itself is read.
NOT_COUNT_BEFORE = frozenset(written_list("numbers", "not-count-before"))
# Pre-nominal adjectives that may sit between the number and the noun:
# "trois autres blessés", "deux nouveaux convois", "un seul mort". Any ADJ is
# accepted; this bounds how many are skipped.
MAX_SKIPPED_ADJECTIVES = 2
MAX_RUN_TOKENS = 8  # "deux mille cinq cent quatre-vingt-dix-neuf" with spaces between

# Word sequences (lower-cased) before the number: a lower bound, or an upper
# bound (which Count cannot say, so no count is given rather than a false exact
# one). Approximations ("environ", "quelque", "près de") leave the number as given.
AT_LEAST_PREFIXES = tuple(tuple(phrase.replace("'", "' ").split()) for phrase in written_list("numbers", "at-least-prefixes"))
UPPER_BOUND_PREFIXES = tuple(tuple(phrase.replace("'", "' ").split()) for phrase in written_list("numbers", "upper-bound-prefixes"))
# After the noun: "12 morts au moins" (the span stays on the number words).
AT_LEAST_SUFFIXES = tuple(tuple(phrase.split()) for phrase in written_list("numbers", "at-least-suffixes"))


def _low(token) -> str:
    return token.lower_.replace("’", "'")


def _is_number_word(text: str) -> bool:
    parts = [p for p in text.split("-") if p]
    return bool(parts) and all(p in NUMBER_WORDS or p == "et" for p in parts) and parts[0] != "et"


def _is_piece(token) -> bool:
    """A token that may be part of a written number: digits or a number word."""
    text = token.text
    if text[:1].isdigit():
        return DIGITS_RE.fullmatch(text) is not None
    return _is_number_word(_low(token))


def parse_number(text: str) -> Optional[int]:
    """'750', '2.500', '2 500', '5 200', 'sept', 'vingt-cinq', 'deux cents', 'un' → int; else None."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if text[:1].isdigit():
        if DIGITS_RE.fullmatch(text):
            return int(NON_DIGIT_RE.sub("", text))
        return None  # "19e", "2,5", "15h"
    words = [w for w in WORD_SPLIT_RE.split(text.lower().replace("’", "'")) if w]
    if not words or not all(w in NUMBER_WORDS or w == "et" for w in words):
        return None
    try:
        return int(text2num(" ".join(words), "fr"))
    except (ValueError, TypeError, AttributeError):
        return None  # "un un", "deux trois", a lone "et"


def _is_et_joint(doc, i: int) -> bool:
    """Whether doc[i] is the "et" inside "vingt et un"."""
    return (
        _low(doc[i]) == "et"
        and 0 < i < len(doc) - 1
        and _low(doc[i - 1]) in ET_BEFORE
        and _low(doc[i + 1]) in ET_AFTER
    )


def _joins(doc, i: int) -> bool:
    """Whether doc[i] can be inside a number run: a piece, "et" of "vingt et un",
    or the no-break space token that spaCy splits out of "5\u202f200"."""
    token = doc[i]
    if token.is_space:
        return 0 < i < len(doc) - 1 and doc[i - 1].text[:1].isdigit() and doc[i + 1].text[:1].isdigit()
    return _is_piece(token) or _is_et_joint(doc, i)


def _read_run(doc, start: int, end: int) -> Optional[tuple[int, int, int]]:
    """The value of tokens [start, end), shrinking from the left until it parses."""
    while start < end:
        first = doc[start]
        if not first.is_space and _low(first) != "et":
            value = parse_number(doc[start:end].text)
            if value is not None:
                return start, end, value
        start += 1
    return None


def _run_ending_at(doc, end: int) -> Optional[tuple[int, int, int]]:
    """The number written in the tokens just before index ``end``, if any."""
    start = end
    while start > 0 and end - start < MAX_RUN_TOKENS and _joins(doc, start - 1):
        start -= 1
    if start == end:
        return None
    return _read_run(doc, start, end)


def _run_around(doc, i: int) -> Optional[tuple[int, int, int]]:
    """The number written around token ``i`` (itself a piece): "5 200" from either half."""
    start, end = i, i + 1
    while start > 0 and end - start < MAX_RUN_TOKENS and _joins(doc, start - 1):
        start -= 1
    while end < len(doc) and end - start < MAX_RUN_TOKENS and _joins(doc, end):
        end += 1
    # a run may hold two numbers ("2014 500"): keep the one that contains i
    while end > i + 1:
        found = _read_run(doc, start, end)
        if found is not None and found[0] <= i:
            return found
        end -= 1
    found = _read_run(doc, start, end)
    return found if found is not None and found[0] <= i else None


def _words_before(doc, start: int, size: int) -> tuple[str, ...]:
    return tuple(_low(doc[j]) for j in range(max(0, start - size), start))


def _qualify(doc, start: int, end: int, value: int, after: int) -> Optional[Count]:
    """Attach the bound words around the number run [start, end); ``after`` is
    the index following the counted noun."""
    for prefix in UPPER_BOUND_PREFIXES:
        if _words_before(doc, start, len(prefix)) == prefix and not (
            # "pas moins de" is a lower bound, not "moins de"
            prefix[0] == "moins" and start - 3 >= 0 and _low(doc[start - 3]) == "pas"
        ):
            return None
    for prefix in AT_LEAST_PREFIXES:
        if start - len(prefix) >= 0 and _words_before(doc, start, len(prefix)) == prefix:
            return Count(value, start - len(prefix), end, True)
    for suffix in AT_LEAST_SUFFIXES:
        if tuple(_low(t) for t in doc[after : after + len(suffix)]) == suffix:
            return Count(value, start, end, True)
    return Count(value, start, end, False)


def _self_count(token) -> Optional[Count]:
    """The token is itself a number: "500 de leurs soldats", "2.500 d'entre eux"."""
    doc = token.doc
    found = _run_around(doc, token.i)
    if found is None:
        return None
    start, end, value = found
    if end < len(doc) and (_low(doc[end]) in NOT_COUNTED_NOUNS or doc[end].text in (":", "e", "ème")):
        return None  # "15 h 24", "15:30"
    before = _low(doc[start - 1]) if start > 0 else ""
    if before in NOT_COUNT_BEFORE or before in NOT_COUNTED_NOUNS:
        return None  # "en 2014", "depuis 2011", "l'un d'entre eux", the "24" of "15 h 24"
    if before == "pas" and _low(doc[start]) in INDEFINITE_ONE:
        return Count(0, start - 1, end, False)
    return _qualify(doc, start, end, value, end)


def _count_of(noun) -> Optional[Count]:
    doc = noun.doc
    if _is_piece(noun):
        return _self_count(noun)
    low = _low(noun)
    if low in NOT_COUNTED_NOUNS:
        return None
    for child in noun.lefts:
        if child.dep_ == "det" and _low(child) in ZERO_DETERMINERS:
            return Count(0, child.i, child.i + 1, False)
    # skip pre-nominal adjectives: "trois autres blessés", "un seul mort"
    end = noun.i
    skipped = 0
    while end > 0 and skipped < MAX_SKIPPED_ADJECTIVES and doc[end - 1].pos_ == "ADJ" and not _is_piece(doc[end - 1]):
        end -= 1
        skipped += 1
    found = _run_ending_at(doc, end)
    if found is None:
        return None
    start, end, value = found
    if end - start == 1 and _low(doc[start]) in INDEFINITE_ONE:
        return _indefinite_one(noun, doc[start])
    return _qualify(doc, start, end, value, noun.i + 1)


def _indefinite_one(noun, article) -> Optional[Count]:
    """"un mort", "une fillette": one, when "un/une" is this singular noun's article; "une
    cinquantaine", "un millier": the round number the noun says."""
    doc = noun.doc
    if _low(noun) in APPROXIMATE_NOUNS and "Plur" not in noun.morph.get("Number"):
        return _qualify(doc, article.i, noun.i + 1, APPROXIMATE_NOUNS[_low(noun)], noun.i + 1)
    if "Plur" in noun.morph.get("Number") or noun.lemma_.lower() in NOT_ONE_NOUNS or _low(noun) in NOT_ONE_NOUNS:
        return None
    if article.head.i != noun.i and article.pos_ != "DET":
        return None  # "un" is a pronoun or belongs elsewhere
    before = _low(doc[article.i - 1]) if article.i > 0 else ""
    if before in ("l'", "l", "chaque", "quelqu'"):
        return None  # "l'un des gardes"
    if before == "pas":
        # "pas un seul blessé" is none; "pas une simple mise en garde" is no count
        following = _low(doc[article.i + 1]) if article.i + 1 < len(doc) else ""
        return Count(0, article.i - 1, article.i + 1, False) if following in ("seul", "seule") else None
    return _qualify(doc, article.i, article.i + 1, 1, noun.i + 1)


def count_of(noun) -> Optional[Count]:
    """The count the text gives for this noun token, or None when it gives none."""
    try:
        return _count_of(noun)
    except (AttributeError, IndexError, TypeError, ValueError):
        return None  # odd input (a non-token, a truncated doc) gives no count
