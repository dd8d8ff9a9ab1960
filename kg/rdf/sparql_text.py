"""SPARQL as text: its comments and prologue, its form, the prefixes it leaves
undeclared, parameters bound into its WHERE group. No engine, no rdflib: kg query,
kg update and kg serve share these."""
from __future__ import annotations

import re
from typing import Mapping

from ..errors import KgError
from .prefixes import QUERY_PREFIXES

PROLOGUE = re.compile(r"(?is)^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*")
QUERY_START = re.compile(r"(?i)(select|ask|construct|describe)(?=[\s*?$({<]|$)")
UPDATE_START = re.compile(r"(?i)(insert|delete|load|clear|create|drop|copy|move|add|with)(?=[\s{<]|$)")


def without_comments(text: str) -> str:
    """The text without its comment lines (``# …``), stripped."""
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith("#")).strip()


def after_prologue(text: str) -> str:
    """What follows the PREFIX and BASE declarations, comments left out."""
    return PROLOGUE.sub("", without_comments(text))


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue."""
    match = re.match(r"(?i)\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", after_prologue(text))
    return match.group(1).upper() if match else "SELECT"


def is_query(text: str) -> bool:
    """Whether ``text`` is a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) after its prologue."""
    return QUERY_START.match(after_prologue(text)) is not None


def is_update(text: str) -> bool:
    """Whether ``text`` is SPARQL Update (INSERT, DELETE, LOAD, CLEAR…) rather than a query."""
    return UPDATE_START.match(after_prologue(text)) is not None


def with_prefix_declarations(text: str) -> str:
    """Declare the usual prefixes the query uses without declaring them (for remote stores)."""
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
    lines = [
        f"PREFIX {prefix}: <{iri}>"
        for prefix, iri in QUERY_PREFIXES.items()
        if prefix not in declared and re.search(rf"(?<![\w.-]){prefix}:", text)
    ]
    return "\n".join(lines + [text]) if lines else text


def inline_bindings(text: str, bindings: Mapping[str, object]) -> str:
    """Bind variables by a VALUES block opening the query's WHERE group.

    The values are written in N-Triples syntax by pyoxigraph (escaped), never as
    raw user text, so a value cannot change the query's structure. At the top of
    the group they are joined first and seen by the group's FILTERs, as
    substituted values are.
    """
    if not bindings:
        return text
    names = sorted(bindings)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(str(bindings[n]) for n in names) + ") } "
    at = where_group_start(text)
    return text[:at] + " " + block + text[at:]


def where_group_start(text: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group.

    Skips comments, strings and IRIs; takes the brace after the WHERE keyword,
    or the first brace when WHERE is left out (``ASK { … }``).
    """
    i, n = 0, len(text)
    seen_where = False
    form = query_form(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if ch in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        if ch == "<" and re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:]):
            i = text.index(">", i) + 1
            continue
        if ch == "{":
            if form == "CONSTRUCT" and not seen_where:  # skip the template
                depth = 1
                i += 1
                while i < n and depth:
                    depth += {"{": 1, "}": -1}.get(text[i], 0)
                    i += 1
                continue
            return i + 1
        if text[i : i + 5].upper() == "WHERE" and not _in_word(text, i, i + 5):
            seen_where = True
            i += 5
            continue
        i += 1
    raise KgError("E021", detail="no WHERE group found to bind the parameters in")


def _in_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "_?$:" or after.isalnum() or after in "_:"
