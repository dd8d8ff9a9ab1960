"""Compare names across spellings: transliterations, short forms and acronyms.

Arabic and Persian names reach French news in many spellings (Abou Mehdi
al-Mouhandis, Abou Mahdi al-Mohandes, Abu Mahdi al-Muhandis). Each word is
reduced to a *skeleton*: ASCII, lower case, digraphs unified (ou→u, ch/sh→sh,
kh→k, dh/z→d, q/g→k…), doubled letters single, vowels dropped after the first
letter (an initial vowel kept as "a"). Articles ("al-", "el-") are dropped. Two
names are one when their skeletons are equal; a short form joins a full name
when its skeletons end it ("Trump" → "Donald Trump") or, for organizations,
begin it ("Hashed" → "Hashed al-Shaabi"). Different people stay apart: "Adel
Abdel Mahdi" is not "Abu Mahdi al-Muhandis".
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Articles and particles that spelling variants add or drop.
PARTICLES = frozenset({"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "es", "ez", "le", "la", "les", "l", "d", "de", "du"})
# Transliteration variants, applied in order to a folded ASCII word.
DIGRAPHS = (
    ("sch", "sh"), ("ch", "sh"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"),
    ("dj", "j"), ("ou", "u"), ("q", "k"), ("g", "k"), ("z", "d"), ("w", "u"), ("y", "i"),
)
VOWELS = frozenset("aeiou")
_WORD_SPLIT = re.compile(r"[\s\-‐’'`]+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Case- and accent-insensitive form used to compare words and names."""
    text = text.replace("’", "'").replace("‘", "'")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and (c.isalnum() or c.isspace() or c in "-'’"))


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The consonant skeleton of one word: "Mouhandis", "Mohandes", "Muhandis" → "mhnds"."""
    text = _ascii(word)
    for source, target in DIGRAPHS:
        text = text.replace(source, target)
    text = re.sub(r"(.)\1+", r"\1", text)
    if not text:
        return ""
    first = "a" if text[0] in VOWELS else text[0]
    return first + "".join(c for c in text[1:] if c not in VOWELS)


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, ...]:
    """The skeletons of a name's words, without articles: "Harakat al-Nujaba" → ("hrkt", "njb")."""
    words = [w for w in _WORD_SPLIT.split(_ascii(name)) if w]
    return tuple(s for w in words if w not in PARTICLES and (s := skeleton(w)))


def acronym(name: str) -> str | None:
    """Initials of a name of several capitalized words: "Agence France Presse" → "AFP"."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


def is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isalpha() and text.isupper()


def same_name(a: str, b: str) -> bool:
    key = name_key(a)
    return bool(key) and key == name_key(b)


def ends(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """The short form's words end the full name's ("Trump" / "Donald Trump")."""
    return 0 < len(short) < len(full) and full[-len(short):] == short and len(short[-1]) >= 3


def begins(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """The short form's words begin the full name's ("Hashed" / "Hashed al-Shaabi")."""
    return 0 < len(short) < len(full) and full[: len(short)] == short and len(short[0]) >= 3
