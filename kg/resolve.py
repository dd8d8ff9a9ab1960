"""Turn per-article mentions into one node per thing.

First pass (deepened by later work): within an article a lone family name
joins the unique full name that ends with it ("Trump" → "Donald Trump");
across articles, names with the same folded form are one node. Every choice
(kind, label) is a vote over all mentions with fixed tie-breaks, so that the
result does not depend on the order the articles were read in.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable

from .extract import ArticleExtraction
from .extract.lexicon import fold
from .model import ENTITY_KINDS, Corpus, Entity, EntityMention, Event, Mention, Relation

_NAME_PARTICLES = re.compile(r"^(?:al|el|ad|as|ar|ash|an)[-\s]", re.IGNORECASE)


def slug(name: str) -> str:
    """ASCII, lower-case, hyphen-joined form of a name: the last part of an IRI."""
    folded = fold(name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def _family_name(name: str) -> str:
    last = fold(name).split()[-1]
    return _NAME_PARTICLES.sub("", last)


def _person_aliases(mentions: list[EntityMention]) -> dict[str, str]:
    """Within one article: single-word name → the unique full person name ending with it.

    NER sometimes tags a lone family name as a place ("Soleimani"): any kind
    but a known country or city may join a person's full name.
    """
    full_names = sorted({m.name for m in mentions if m.kind == "person" and len(m.name.split()) > 1})
    aliases = {}
    singles = {m.name for m in mentions if m.kind not in ("country", "city") and len(m.name.split()) == 1}
    for short in sorted(singles):
        candidates = [full for full in full_names if _family_name(full) == _NAME_PARTICLES.sub("", fold(short))]
        if len(candidates) == 1:
            aliases[short] = candidates[0]
    return aliases


def _pick_label(names: Counter) -> str:
    return min(names, key=lambda n: (-names[n], -len(n), n))


def resolve(extractions: Iterable[ArticleExtraction]) -> Corpus:
    extractions = sorted(extractions, key=lambda x: x.article.identifier)
    groups: dict[str, list[tuple[EntityMention, str]]] = defaultdict(list)
    mention_key: dict[Mention, str] = {}
    for extraction in extractions:
        aliases = _person_aliases(extraction.entities)
        for em in extraction.entities:
            if em.name in aliases:
                em = EntityMention(em.mention, aliases[em.name], "person", em.source)
            groups[slug(em.name)].append((em, em.name))

    entities: list[Entity] = []
    for name_slug in sorted(groups):
        members = groups[name_slug]
        kinds = Counter(em.kind for em, _ in members)
        kind = min(kinds, key=lambda k: (-kinds[k], ENTITY_KINDS.index(k)))
        names = Counter(name for _, name in members)
        label = _pick_label(names)
        surface = {name for name in names} | {em.mention.quote for em, _ in members}
        entity = Entity(
            key=f"{kind}_{name_slug}",
            kind=kind,
            label=label,
            alt_labels=sorted(s for s in surface if s != label),
            mentions=sorted({em.mention for em, _ in members}),
        )
        entities.append(entity)
        for em, _ in members:
            mention_key[em.mention] = entity.key

    events: list[Event] = []
    for extraction in extractions:
        for em in extraction.events:
            role_mentions: dict[tuple[str, str], set[Mention]] = defaultdict(set)
            for filler in em.roles:
                role_mentions[(filler.role, mention_key[filler.entity.mention])].add(filler.entity.mention)
            roles = [(role, key, tuple(sorted(ms))) for (role, key), ms in sorted(role_mentions.items())]
            events.append(
                Event(
                    article_id=extraction.article.identifier,
                    event_class=em.event_class,
                    label=em.label,
                    trigger=em.trigger,
                    roles=roles,
                    mentions=sorted({em.trigger, *em.evidence}),
                    values=sorted(set(em.values)),
                )
            )
    grouped: dict[tuple, set[Mention]] = defaultdict(set)
    for extraction in extractions:
        for rm in extraction.relations:
            subject = mention_key[rm.subject.mention]
            obj = mention_key[rm.obj.mention] if rm.obj is not None else None
            if obj == subject:
                continue  # "Bagdad, la capitale irakienne" when both resolve to one node
            grouped[(subject, rm.prop, obj, rm.literal)].add(rm.evidence)
    relations = [Relation(s, p, o, lit, tuple(sorted(ms))) for (s, p, o, lit), ms in sorted(grouped.items(), key=lambda kv: tuple("" if x is None else x for x in kv[0]))]
    return Corpus([x.article for x in extractions], entities, events, relations)
