"""Resolution: turn per-article extractions into one node per real-world thing.

``resolve`` runs entity resolution (``kg.resolve.entities``), then event
coreference (``kg.resolve.events``), then maps relations onto the resolved
nodes. Everything is decided from content with fixed tie-breaks, so the result
does not depend on the order articles were read in.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..model import ArticleExtraction, Corpus, Mention, Relation, headline_end
from .entities import resolve_entities, slug
from .claims import resolve_claims
from .events import PlaceTree, resolve_events
from .places import link_places, locate_events

__all__ = ["resolve", "slug"]


def resolve(extractions: Iterable[ArticleExtraction], known=()) -> Corpus:
    """Resolve extractions into a Corpus; ``known`` are a user's gazetteer actors."""
    extractions = sorted(extractions, key=lambda x: x.article.identifier)
    entities, mention_key = resolve_entities(extractions, known)
    link_places(entities, mention_key, extractions)  # GeoNames links; may re-type and re-key places
    labels = {entity.key: entity.label for entity in entities}
    grouped: dict[tuple, set[Mention]] = defaultdict(set)
    for extraction in extractions:
        for rm in extraction.relations:
            subject = mention_key[rm.subject.mention]
            obj = mention_key[rm.obj.mention] if rm.obj is not None else None
            if obj == subject:
                continue  # "Bagdad, la capitale irakienne" when both resolve to one node
            grouped[(subject, rm.prop, obj, rm.literal)].add(rm.evidence)
    located_in: dict[str, set[str]] = defaultdict(set)
    for subject, prop, obj, _literal in grouped:
        if prop == "locatedIn" and obj is not None:
            located_in[subject].add(obj)
    countries = frozenset(entity.key for entity in entities if entity.kind == "country")
    local_mentions = {em.mention for x in extractions for em in x.entities if em.local}
    vague = frozenset(key for mention, key in mention_key.items() if mention in local_mentions)
    trigger_event: dict = {}
    headlines = {x.article.identifier: end for x in extractions if (end := headline_end(x.article)) is not None}
    events = resolve_events(extractions, mention_key, labels, trigger_event, PlaceTree(located_in, countries, vague), headlines)
    relations = [
        Relation(s, p, o, lit, tuple(sorted(ms)))
        for (s, p, o, lit), ms in sorted(grouped.items(), key=lambda kv: tuple("" if x is None else x for x in kv[0]))
    ]
    claims = resolve_claims(extractions, mention_key, labels, trigger_event)
    locate_events(events, entities, relations, extractions)
    return Corpus([x.article for x in extractions], entities, events, relations, claims)
