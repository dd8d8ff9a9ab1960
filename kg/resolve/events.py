"""One node per real event: merge the reports of one event, within and across articles.

Two reports are one event when (after entity resolution):

- they report the killing of the same person (a person dies once), or
- they give the same day, are of compatible kinds, and share a target or a
  place ("the attack of 16 February on the base").

Reports are compared only inside blocks (same person killed, same day), so
the cost grows with the number of candidates, not with the square of the
corpus. Merging fills gaps (one report's date, another's toll) and never
hides disagreement: each value stays with its own evidence, and a property on
which sources disagree is listed as a discrepancy. Every merge is recorded as
a note that ``kg explain`` prints.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Event, EventValue, Mention
from ..unionfind import UnionFind
from ..vocabulary import CLASS_FAMILY, CLASS_PRECEDENCE, event_label

# Kinds that say less than their siblings: they may join a more specific report.
GENERIC_CLASSES = frozenset({"Attack", "Killing"})


@dataclass
class _Report:
    """One event report, with what coreference needs beyond the Event itself."""

    event: Event
    killing: bool  # one of its words is a killing ("assassinat", "tuer")
    sentence_persons: frozenset[str]  # keys of the persons its sentence names

    def __post_init__(self) -> None:
        # read once: a report is compared with every other report of its blocks
        self.role_keys: dict[str, frozenset[str]] = defaultdict(frozenset)
        for role in {r for r, _key, _ in self.event.roles}:
            self.role_keys[role] = frozenset(_keys(self.event, role))
        self.day = _day(self.event)


def _report(article_id: str, em, mention_key: dict[Mention, str]) -> Event:
    role_mentions: dict[tuple[str, str], set[Mention]] = defaultdict(set)
    for filler in em.roles:
        role_mentions[(filler.role, mention_key[filler.entity.mention])].add(filler.entity.mention)
    return Event(
        article_id=article_id,
        event_class=em.event_class,
        label=em.label,
        trigger=em.trigger,
        roles=[(role, key, tuple(sorted(ms))) for (role, key), ms in sorted(role_mentions.items())],
        mentions=sorted({em.trigger, *em.evidence}),
        values=sorted(set(em.values)),
    )


def _keys(event: Event, role: str) -> set[str]:
    return {key for r, key, _ in event.roles if r == role}


def _day(event: Event) -> str | None:
    dates = {v.value for v in event.values if v.prop == "date" and len(v.value) == 10}
    return dates.pop() if len(dates) == 1 else None


def _compatible_classes(a: str, b: str) -> bool:
    return CLASS_FAMILY[a] == CLASS_FAMILY[b] and (a == b or a in GENERIC_CLASSES or b in GENERIC_CLASSES)


def _same_event(ra: _Report, rb: _Report, labels: dict[str, str]) -> str | None:
    """Why two reports are one event, or None."""
    a, b = ra.event, rb.event
    if CLASS_FAMILY[a.event_class] != CLASS_FAMILY[b.event_class]:
        return None
    killed = ra.role_keys["killed"] & rb.role_keys["killed"]
    if killed:
        return "both report the killing of " + ", ".join(sorted(labels[k] for k in killed))
    for one, other in ((ra, rb), (rb, ra)):
        # a killing whose victims the parse missed, in a sentence naming the victims of the other
        named = one.sentence_persons & other.role_keys["killed"]
        if one.killing and not one.role_keys["killed"] and named:
            return "a killing reported in a sentence that names " + ", ".join(sorted(labels[k] for k in named))
    day = ra.day
    if day is None or day != rb.day or not _compatible_classes(a.event_class, b.event_class):
        return None
    shared = (ra.role_keys["target"] & rb.role_keys["target"]) | (ra.role_keys["place"] & rb.role_keys["place"])
    if shared:
        return f"same day ({day}) and same target or place: " + ", ".join(sorted(labels[k] for k in shared))
    return None


def _blocks(reports: list[_Report]) -> dict[tuple, list[int]]:
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        persons = report.role_keys["killed"]
        if report.killing and not persons:
            persons = report.sentence_persons
        for key in persons:
            blocks[("killed", key)].append(index)
        if report.day is not None:
            blocks[("day", report.day)].append(index)
    return blocks


def _merged_values(values: list[EventValue]) -> tuple[list[EventValue], list[Mention], list[str]]:
    """Keep every value the sources give, minus dates another value makes more precise.

    Returns (values, mentions of the values dropped as less precise, properties in dispute).
    """
    by_prop: dict[str, list[EventValue]] = defaultdict(list)
    for value in sorted(set(values)):
        by_prop[value.prop].append(value)
    kept, extra, disputed = [], [], []
    for prop in sorted(by_prop):
        candidates = by_prop[prop]
        if prop == "date":  # "2020-01" agrees with "2020-01-03": only the precise one is a value
            lexicals = {v.value for v in candidates}
            precise = {x for x in lexicals if not any(y != x and y.startswith(x) for y in lexicals)}
            extra += [v.mention for v in candidates if v.value not in precise]
            candidates = [v for v in candidates if v.value in precise]
        kept += candidates
        if len({v.value for v in candidates}) > 1:
            disputed.append(prop)
    return kept, extra, disputed


def resolve_events(
    extractions, mention_key: dict[Mention, str], labels: dict[str, str], trigger_event: dict | None = None
) -> list[Event]:
    """Merge the event reports of all articles; ``labels`` maps entity keys to labels.

    ``trigger_event``, when given, is filled with each report's trigger → its merged event.
    """
    trigger_event = {} if trigger_event is None else trigger_event
    reports = [
        _Report(
            _report(x.article.identifier, em, mention_key),
            killing="Killing" in em.word_classes,
            sentence_persons=frozenset(mention_key[p.mention] for p in em.sentence_persons),
        )
        for x in sorted(extractions, key=lambda x: x.article.identifier)
        for em in x.events
    ]
    union = UnionFind(range(len(reports)))
    reasons: dict[int, set[str]] = defaultdict(set)  # report → why it joined another
    for block in _blocks(reports).values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if union.find(a) == union.find(b):
                    continue  # already one event: a reason more would not be recorded
                why = _same_event(reports[a], reports[b], labels)
                if why is not None and union.union(a, b):
                    reasons[a].add(why)
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(reports)):
        clusters[union.find(index)].append(index)
    events = []
    for members in clusters.values():
        why = sorted({text for a in members for text in reasons.get(a, ())})
        merged = _merge([reports[i].event for i in members], why, labels)
        events.append(merged)
        for i in members:
            trigger_event[reports[i].event.trigger] = merged
    return sorted(events, key=lambda e: (e.article_id, e.trigger.start))


def _merge(reports: list[Event], why: list[str], labels: dict[str, str]) -> Event:
    if len(reports) == 1:
        return reports[0]
    first = min(reports, key=lambda r: (r.article_id, r.trigger.start))  # gives the node its IRI
    event_class = min((r.event_class for r in reports), key=CLASS_PRECEDENCE.index)
    role_mentions: dict[tuple[str, str], set[Mention]] = defaultdict(set)
    for report in reports:
        for role, key, mentions in report.roles:
            role_mentions[(role, key)].update(mentions)
    roles = [(role, key, tuple(sorted(ms))) for (role, key), ms in sorted(role_mentions.items())]
    values, extra, disputed = _merged_values([v for r in reports for v in r.values])
    articles = sorted({r.article_id for r in reports})
    notes = [f"merged {len(reports)} reports from {len(articles)} article(s): " + ", ".join(articles)] + why
    return Event(
        article_id=first.article_id,
        event_class=event_class,
        label=event_label(event_class, sorted({(role, labels[key]) for role, key, _ in roles})),
        trigger=first.trigger,
        roles=roles,
        mentions=sorted({m for r in reports for m in r.mentions} | set(extra)),
        values=values,
        notes=notes,
        discrepancies=disputed,
    )
