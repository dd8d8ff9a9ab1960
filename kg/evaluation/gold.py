"""Read a gold file (JSON Lines, one article per line) as typed records.

The format is the one of ``docs/evaluation.md``: per article its named things,
its events with roles and values, and its claims. A line that breaks the
format is a clear error naming the line, never a traceback.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Optional

from ..errors import KgError

ENTITY_TYPES = ("Person", "Organization", "ArmedGroup", "MediaOutlet", "Country", "City", "Facility", "Area", "Place")
EVENT_TYPES = (
    "Attack", "RocketAttack", "AirStrike", "Bombing", "Killing", "Protest", "Deployment", "Withdrawal", "Truce", "Vote",
)
CLAIM_TYPES = ("Accusation", "Confirmation", "Denial", "Threat", "Announcement", "ResponsibilityClaim")
ROLES = ("agent", "target", "place", "killed", "orderedBy", "participant")
COUNTS = ("fatalities", "injuries", "projectiles", "troops")
VALUES = ("date",) + COUNTS
_DATE = re.compile(r"\A\d{4}(-\d{2}(-\d{2})?)?\Z")


@dataclass(frozen=True)
class GoldEntity:
    id: str
    type: str
    names: tuple[str, ...]  # the name first, then the aliases, as written


@dataclass(frozen=True)
class GoldEvent:
    id: str
    type: str
    evidence: tuple[str, ...]
    roles: dict[str, tuple[str, ...]]
    values: dict[str, tuple[str, ...]]  # lexical forms: "2020-01-03", "15"


@dataclass(frozen=True)
class GoldClaim:
    type: str
    claimant: Optional[str]
    accused: tuple[str, ...]
    reported_by: tuple[str, ...]
    evidence: str


@dataclass
class GoldArticle:
    article: str
    date: Optional[str]
    entities: list[GoldEntity] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)
    claims: list[GoldClaim] = field(default_factory=list)

    def entity(self, entity_id: str) -> Optional[GoldEntity]:
        return next((e for e in self.entities if e.id == entity_id), None)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'"})
_LEADING_ARTICLE = re.compile(r"\A(?:(?:le|la|les)\s+|l')")


def normalize_name(name: str) -> str:
    """The form names are compared in: accents removed, casefolded, curly apostrophes
    as ', whitespace collapsed, a leading article (le, la, les, l') removed."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = " ".join(bare.translate(_APOSTROPHES).casefold().split())
    return _LEADING_ARTICLE.sub("", folded, count=1)


def load_gold(path: str | os.PathLike) -> list[GoldArticle]:
    """Every article of a gold file; raises KgError E060 on a line that breaks the format."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise KgError("E060", path=str(path), line=0, detail=str(err) or type(err).__name__) from err
    articles: list[GoldArticle] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            article = _article(json.loads(line))
        except (ValueError, TypeError, KeyError, AttributeError) as err:
            detail = f"missing field {err}" if isinstance(err, KeyError) else str(err)
            raise KgError("E060", path=str(path), line=number, detail=detail) from err
        if article.article in seen:
            raise KgError("E060", path=str(path), line=number, detail=f"article {article.article!r} given twice")
        seen.add(article.article)
        articles.append(article)
    if not articles:
        raise KgError("E060", path=str(path), line=0, detail="no article in the file")
    return articles


def _text(value, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _texts(value, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"{what} must be a list, not {value!r}")
    return tuple(_text(v, what) for v in value)


def _choice(value, choices, what: str) -> str:
    if value not in choices:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(choices)}")
    return value


def _date(value, what: str) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"{what} must be YYYY-MM-DD, YYYY-MM, YYYY or null, not {value!r}")
    return value


def _counts(value, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value):
        raise ValueError(f"{what} must be a list of non-negative integers, not {value!r}")
    return tuple(str(v) for v in value)


def _article(record) -> GoldArticle:
    if not isinstance(record, dict):
        raise ValueError("each line must be a JSON object")
    name = _text(record["article"], "article")
    entities = []
    for item in record.get("entities") or []:
        entity_id = _text(item["id"], "entity id")
        names = (_text(item["name"], f"name of {entity_id}"), *_texts(item.get("aliases"), f"aliases of {entity_id}"))
        entities.append(GoldEntity(entity_id, _choice(item["type"], ENTITY_TYPES, f"type of {entity_id}"), names))
    known = {e.id for e in entities}

    def ids(value, what: str) -> tuple[str, ...]:
        found = _texts(value, what)
        unknown = [i for i in found if i not in known]
        if unknown:
            raise ValueError(f"{what} names {', '.join(unknown)}, which is not an entity of the article")
        return found

    events = []
    for item in record.get("events") or []:
        event_id = _text(item["id"], "event id")
        evidence = _texts(item["evidence"], f"evidence of {event_id}")
        if not evidence:
            raise ValueError(f"event {event_id} has no evidence")
        values = {"date": tuple(filter(None, [_date(item.get("date"), f"date of {event_id}")]))}
        values.update({c: _counts(item.get(c), f"{c} of {event_id}") for c in COUNTS})
        events.append(GoldEvent(
            event_id, _choice(item["type"], EVENT_TYPES, f"type of {event_id}"), evidence,
            {r: ids(item.get(r), f"{r} of {event_id}") for r in ROLES}, values,
        ))
    claims = []
    for number, item in enumerate(record.get("claims") or [], 1):
        claimant = item.get("claimant")
        claims.append(GoldClaim(
            _choice(item["type"], CLAIM_TYPES, f"type of claim {number}"),
            ids([claimant], f"claimant of claim {number}")[0] if claimant is not None else None,
            ids(item.get("accused"), f"accused of claim {number}"),
            ids(item.get("reportedBy"), f"reportedBy of claim {number}"),
            _text(item["evidence"], f"evidence of claim {number}"),
        ))
    return GoldArticle(name, _date(record.get("date"), "date"), entities, events, claims)
