"""Checks on SPARQL text before any parser sees it: its size, its nesting depth,
and the hosts its SERVICE and LOAD clauses would reach.

Oxigraph's parser is recursive: a few thousand nested ``{`` or ``(`` overflow
its stack and kill the process, so depth is measured here, by a lexer that
skips what SPARQL skips (comments, strings, IRIs). The same lexer finds the
SERVICE and LOAD keywords; where it cannot be sure (a keyword-like word in an
odd place) it errs on the side of refusing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from ..errors import KgError

MAX_DEPTH = 128  # real queries nest a few levels; Oxigraph overflows near 2,500
MAX_QUERY_BYTES = 1024 * 1024

# SPARQL 1.1 §19.2: \u and \U escapes are replaced before the grammar applies,
# so a keyword may be written with them; replace them as a parser may
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_STRINGS = (
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n\r]|\\.)*"',
    r"'(?:[^'\\\n\r]|\\.)*'",
)
# every alternative consumes a whole run, so that scanning stays linear in the text
TOKENS = re.compile(
    "|".join((
        r"(?P<comment>#[^\n\r]*)",
        "(?P<string>" + "|".join(_STRINGS) + ")",
        r"(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)",
        r"(?P<open>[{(\[])",
        r"(?P<close>[})\]])",
        r"(?P<escape>\\.)",
        r"(?P<word>(?<![\w?$:])[A-Za-z]+(?![\w:]))",  # a keyword, not part of a name
        r"(?P<var>[?$]\w*)",
        r"(?P<name>[\w-]+(?::[\w.\-:%\\]*)?)",  # a prefixed name, a number, a plain word
    )),
    re.DOTALL,
)
FEDERATION_KEYWORDS = ("SERVICE", "LOAD")
VOLATILE_FUNCTIONS = frozenset({"RAND", "NOW", "UUID", "STRUUID"})  # a new value at each evaluation
DATASET_KEYWORDS = frozenset({"FROM", "USING", "WITH"})  # SPARQL uses them for nothing else


@dataclass(frozen=True)
class Federation:
    """A SERVICE or LOAD clause: the IRI it names, or None when not a plain IRI."""

    keyword: str
    target: Optional[str]


@dataclass(frozen=True)
class QueryShape:
    depth: int
    federation: tuple[Federation, ...]
    volatile: bool = False  # calls RAND, NOW, UUID or STRUUID: two runs may differ
    dataset: bool = False  # names its dataset (FROM, FROM NAMED; an update's USING, WITH)


def _unescape(text: str) -> str:
    return _CODEPOINT.sub(lambda m: _codepoint(m.group(1) or m.group(2)), text)


def _codepoint(hex_digits: str) -> str:
    value = int(hex_digits, 16)
    return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"


def query_shape(text: str) -> QueryShape:
    """The deepest bracket nesting of ``text``, its SERVICE / LOAD clauses,
    whether it calls a function whose value changes at each evaluation, and
    whether it names its dataset."""
    depth = deepest = 0
    volatile = dataset = False
    federation: list[Federation] = []
    pending: Optional[str] = None  # a federation keyword waiting for its target
    for match in TOKENS.finditer(_unescape(text)):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        if pending is not None:
            if kind == "word" and match.group().upper() == "SILENT":
                continue
            federation.append(Federation(pending, match.group()[1:-1] if kind == "iri" else None))
            pending = None
        if kind == "word":
            word = match.group().upper()
            if word in FEDERATION_KEYWORDS:
                pending = word
            volatile = volatile or word in VOLATILE_FUNCTIONS
            dataset = dataset or word in DATASET_KEYWORDS
    if pending is not None:
        federation.append(Federation(pending, None))
    return QueryShape(deepest, tuple(federation), volatile, dataset)


def check_query(text: str, max_depth: int = MAX_DEPTH, max_bytes: Optional[int] = None,
                allowed_hosts: Optional[Iterable[str]] = None) -> QueryShape:
    """Refuse (KgError E035) a query too long, too deeply nested, or reaching a host
    not in ``allowed_hosts`` (None: any host may be reached, as the user's own
    ``kg query`` may)."""
    if max_bytes is not None:
        size = len(text.encode("utf-8"))
        if size > max_bytes:
            raise KgError("E035", detail=f"it is {size:,} bytes long, over the limit of {max_bytes:,}")
    shape = query_shape(text)
    if shape.depth > max_depth:
        raise KgError("E035", detail=f"it nests brackets {shape.depth} deep, over the limit of {max_depth}")
    if allowed_hosts is not None:
        refusal = federation_refusal(shape, allowed_hosts)
        if refusal:
            raise KgError("E035", detail=refusal)
    return shape


def federation_refusal(shape: QueryShape, allowed_hosts: Iterable[str]) -> Optional[str]:
    """Why the query's SERVICE or LOAD clauses may not run (None: they may)."""
    allowed = {host.lower() for host in allowed_hosts}
    return next((refusal for refusal in (_clause_refusal(c, allowed) for c in shape.federation) if refusal), None)


def _clause_refusal(clause: Federation, allowed: set[str]) -> Optional[str]:
    """Why ``clause`` may not run (None: its host is allowed)."""
    import urllib.parse  # here only: kg query does without it

    verb = "SERVICE calls another endpoint" if clause.keyword == "SERVICE" else "LOAD fetches a URL"
    if not allowed:
        return f"{verb}, and this endpoint makes no outbound request (start kg serve with --allow-federation HOST)"
    parts = urllib.parse.urlsplit(clause.target or "")
    host = (parts.hostname or "").lower()
    if clause.target is None or parts.scheme.lower() not in ("http", "https") or not host:
        return f"{verb}: name it by an absolute http(s) IRI in <…>, so that its host can be checked"
    try:
        port = parts.port
    except ValueError:
        return f"{verb}: {clause.target} has no valid port"
    if host in allowed or (port is not None and f"{host}:{port}" in allowed):
        return None
    return f"{verb}, and {host} is not among the hosts of --allow-federation ({', '.join(sorted(allowed))})"
