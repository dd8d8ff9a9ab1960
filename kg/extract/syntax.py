"""Shared readings of the French dependency parse, used by every extractor.

Prepositions of complements, voice, negation and modality of verbs, and the
resolution of a role's filler to an entity (names, group and title nouns,
nationality adjectives, capitals acting for their countries).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Article, EntityMention, Mention
from .entities import token_mention
from ..names import fold
from .lexicon import entity_cues, gazetteer

# Contracted prepositions, by their folded form ("du" is "de le").
CONTRACTIONS = {"du": "de", "des": "de", "d'": "de", "au": "a", "aux": "a"}


def case_of(token) -> str | None:
    """The preposition of a complement, folded ("à" → "a", "du" → "de"); by its form,
    since the lemmatizer sometimes takes "entre" for the verb "entrer"."""
    for child in token.children:
        if child.dep_ in ("case", "mark"):
            form = fold(child.text)
            return CONTRACTIONS.get(form, form)
    return None


def is_passive(verb) -> bool:
    return "Pass" in verb.morph.get("Voice") or any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children)


MODAL_GOVERNORS = frozenset(map(fold, (
    "pouvoir", "devoir", "vouloir", "aller", "menacer", "promettre", "risquer", "envisager",
    "compter", "prévoir", "refuser", "cesser", "tenter", "essayer", "projeter", "souhaiter",
)))
CONDITION_WORDS = frozenset(map(fold, ("condition", "pourvu", "cas", "moins")))
NEGATION_ADVERBS = frozenset(map(fold, ("ne", "pas", "jamais", "plus", "aucunement", "nullement")))
ACTOR_KINDS = frozenset({"person", "organization", "armed-group", "media", "country"})


def negated(verb) -> bool:
    return any(c.dep_ == "advmod" and fold(c.lemma_) in NEGATION_ADVERBS for c in verb.children)


def hypothetical(verb) -> bool:
    """Conditional, future, under a modal or in a "si"/"pour" clause."""
    forms = [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    moods = {m for t in forms for m in t.morph.get("Mood")}
    if moods & {"Cnd", "Sub"} or any("Fut" in t.morph.get("Tense") for t in forms):
        return True
    for mark in (c for c in verb.children if c.dep_ == "mark"):
        if fold(mark.lemma_) in ("si", "pour", "afin"):
            return True
        before = {fold(t.text) for t in verb.doc[max(mark.i - 2, 0) : mark.i]}
        if before & CONDITION_WORDS:  # "à condition que", "pourvu que", "au cas où"
            return True
    head = verb.head
    return verb.dep_ in ("xcomp", "ccomp") and head.i != verb.i and fold(head.lemma_) in MODAL_GOVERNORS


@dataclass
class RoleContext:
    article: Article
    doc: object
    token_entities: dict[int, EntityMention]
    new_entities: dict[int, EntityMention]  # demonyms made entities for a role
    replacements: dict[Mention, EntityMention] = field(default_factory=dict)  # city → country (metonymy)


def demonym_entity(token, ctx: RoleContext) -> EntityMention | None:
    """A nationality adjective as the country it names ("frappe américaine" → États-Unis)."""
    country = gazetteer().demonyms.get(fold(token.text)) or gazetteer().demonyms.get(fold(token.lemma_))
    if country is None:
        return None
    if token.i not in ctx.new_entities:
        ctx.new_entities[token.i] = EntityMention(
            token_mention(ctx.article, ctx.doc, token.i, token.i + 1), country, "country", source="demonym"
        )
    return ctx.new_entities[token.i]


def metonymy(city: EntityMention, ctx: RoleContext) -> EntityMention | None:
    """A known city acting stands for its country's government ("Washington accuse",
    "frappé par Téhéran"); the mention is then the country's, not the city's."""
    place = gazetteer().places.get(fold(city.name))
    if place is None or not place.country or city.source == "demonym":
        return None
    country = EntityMention(city.mention, place.country, "country", source="metonymy")
    ctx.replacements[city.mention] = country
    return country


def filler_entity(token, ctx: RoleContext, allow_demonym: bool = False) -> EntityMention | None:
    """The entity filling a role headed by ``token``.

    A group or title noun that is not a name itself stands for the name it
    governs ("les brigades du Hamas" → Hamas, "le général Qassem Soleimani" →
    Qassem Soleimani); with ``allow_demonym``, for the country its
    nationality adjective names ("l'armée américaine" → États-Unis).
    """
    entity = ctx.token_entities.get(token.i)
    if entity is not None:
        return entity
    cues = entity_cues()
    lemma = fold(token.lemma_)
    if lemma in cues.head or lemma in cues.title:
        named = [
            ctx.token_entities[c.i]
            for c in token.children
            if c.dep_ in ("nmod", "appos", "flat:name") and c.i in ctx.token_entities
            and ctx.token_entities[c.i].kind in ACTOR_KINDS
        ]
        if lemma in cues.title:  # a title stands for the person named beside it
            named.sort(key=lambda e: e.kind != "person")
        if not named and lemma in cues.title:
            # "l'assassinat du général iranien, Qassem Soleimani": the name after a comma
            after = token.doc[token.right_edge.i + 1 : token.right_edge.i + 3]
            named = [ctx.token_entities[t.i] for t in after if t.i in ctx.token_entities and ctx.token_entities[t.i].kind == "person"][:1]
        if named:
            return named[0]
    if token.pos_ == "NOUN":  # "le journaliste Daniel Pearl": a noun with a name in apposition
        for child in token.children:
            named = ctx.token_entities.get(child.i)
            if named is not None and named.kind == "person" and child.dep_ in ("appos", "flat:name", "nmod") and case_of(child) is None:
                return named
    if allow_demonym and token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ == "amod":
                demonym = demonym_entity(child, ctx)
                if demonym is not None:
                    return demonym
    return None


