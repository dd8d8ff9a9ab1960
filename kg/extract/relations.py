"""Relations between actors and places: titles (nkg:role), leaderOf, memberOf,
affiliatedWith, and locatedIn, each with the words that state it.

Titles are read beside a person's name, before it ("le secrétaire d'Etat
américain Mike Pompeo") or in apposition after it ("Mark Esper, secrétaire à
la Défense"). A title noun's complements give the organization or country:
a leader title governing it directly gives leaderOf ("le président
américain" → États-Unis), a member title memberOf, any other affiliatedWith.
Places are located by what the text says: "l'ambassade des Etats-Unis à
Bagdad", "Bagdad (Irak)", "Bagdad, la capitale irakienne".
"""
from __future__ import annotations

from typing import Optional

from ..model import PLACE_KINDS, Article, EntityMention, Mention, RelationMention
from .syntax import token_mention
from ..names import fold
from .identity import EntityIndex
from .lexicon import entity_cues, word_list

LEADER_TITLES = word_list("relations", "leader-titles")
MEMBER_TITLES = word_list("relations", "member-titles")
DEPUTY_MODIFIERS = word_list("relations", "deputy-modifiers")
ACTOR_KINDS = frozenset({"organization", "armed-group", "media", "country"})
CIVILITIES = word_list("relations", "civilities")
# How far from its subject a relation may be stated, in tokens.
MAX_TITLE_TOKENS = 10
LOCATIVE_CASES = word_list("relations", "locative-cases")
# Place kinds from the smallest to the largest: a place is located in a larger one.
PLACE_SIZE = {"facility": 0, "area": 1, "place": 1, "city": 2, "country": 3}


class _Finder:
    def __init__(self, article: Article, doc, index: EntityIndex):
        self.article, self.doc, self.index = article, doc, index

    def entity(self, token) -> Optional[EntityMention]:
        found = self.index.at(token)
        if found is None and token.pos_ == "ADJ":
            found = self.index.demonym(token)
        return found

    def span_mention(self, tokens) -> Mention:
        indices = [t.i for t in tokens]
        return token_mention(self.article, self.doc, min(indices), max(indices) + 1)


def _title_before(name_start: int, doc) -> list:
    """Tokens of a title written just before a name: "le président américain | Donald Trump"."""
    titles = entity_cues().title
    tokens = []
    i = name_start - 1
    if i >= 0 and fold(doc[i].text) in CIVILITIES:
        return []  # "le bureau de M. Kazimi": a civility, and what precedes is not his title
    while i >= 0 and len(tokens) < MAX_TITLE_TOKENS:
        token = doc[i]
        if token.pos_ in ("DET", "PUNCT", "VERB", "AUX", "PRON", "CCONJ", "SCONJ") or (
            token.pos_ == "ADP" and fold(token.text) not in ("de", "d'")
        ):
            break
        tokens.insert(0, token)
        i -= 1
    while tokens and (tokens[0].pos_ == "ADP" or fold(tokens[0].text) in ("de", "d'")):
        tokens.pop(0)
    if not any(fold(t.lemma_) in titles or fold(t.text) in titles for t in tokens):
        return []
    return tokens


def _title_after(root) -> list:
    """Tokens of a title in apposition after a name: "Mark Esper, | secrétaire à la Défense"."""
    titles = entity_cues().title
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and fold(child.lemma_) in titles:
            tokens = []
            for token in child.subtree:
                if token.dep_ in ("acl:relcl", "acl") and token.head.i == child.i:
                    break  # stop before a relative clause
                if token.pos_ == "PUNCT" and token.i > child.i:
                    break
                if token.i >= child.i:
                    tokens.append(token)
            return tokens[:MAX_TITLE_TOKENS]
    return []


def _title_head(tokens):
    titles = entity_cues().title
    heads = [t for t in tokens if fold(t.lemma_) in titles and t.pos_ == "NOUN"]
    return heads[0] if heads else None


def _title_relations(finder: _Finder, person: EntityMention, tokens) -> list[RelationMention]:
    if not tokens:
        return []
    text = finder.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,")
    evidence = finder.span_mention(tokens + [finder.doc[i] for i in _span_tokens(finder, person)])
    relations = [RelationMention(person, "role", evidence, literal=text)]
    head = _title_head(tokens)
    if head is None:
        return relations
    title_ids = {t.i for t in tokens}
    lemma = fold(head.lemma_)
    phrase = fold(" ".join(t.text for t in tokens))
    deputy = any(fold(t.lemma_) in DEPUTY_MODIFIERS for t in tokens)
    for token in tokens:
        entity = finder.entity(token)
        if entity is None or entity.kind not in ACTOR_KINDS:
            continue
        direct = token.head.i == head.i or (token.head.i in title_ids and finder.doc[token.head.i].pos_ == "ADJ")
        if direct and not deputy and (lemma in LEADER_TITLES or "premier ministre" in phrase):
            prop = "leaderOf"
        elif direct and lemma in MEMBER_TITLES and entity.kind != "country":
            prop = "memberOf"
        else:
            prop = "affiliatedWith"
        relations.append(RelationMention(person, prop, evidence, obj=entity))
    return relations


def _span_tokens(finder: _Finder, entity: EntityMention) -> list[int]:
    doc = finder.doc
    start = entity.mention.start - finder.article.body_start
    end = entity.mention.end - finder.article.body_start
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(range(span.start, span.end)) if span is not None else []


def _apposed_container(doc, indices: list[int]) -> list:
    """ "Dibilou, une localité située dans la commune de Pissila, au nord de…": the place the
    apposed place noun is said to be in (the first one its words name), however it is parsed."""
    last = max(indices)
    if last + 3 >= len(doc) or doc[last + 1].text != ",":
        return []
    noun = doc[last + 2] if doc[last + 2].pos_ == "NOUN" else doc[last + 3]
    if noun.pos_ != "NOUN" or fold(noun.lemma_) not in PLACE_POINTER_NOUNS:
        return []
    for token in noun.subtree:
        if token.i <= noun.i or token.pos_ != "PROPN":
            continue
        if any(fold(t.lemma_) in DIRECTION_NOUNS for t in token.ancestors if t.i > noun.i):
            break  # "au nord de Ouagadougou": a bearing, not a container
        return [token]
    return []


def _place_relations(finder: _Finder, place: EntityMention, indices: list[int]) -> list[RelationMention]:
    """Where a place is said to be: a locative complement, a parenthesis, an apposition."""
    doc = finder.doc
    span = set(indices)
    relations = []
    for i in indices:
        for child in doc[i].children:
            if child.i in span:
                continue
            case = next((fold(c.lemma_) for c in child.children if c.dep_ == "case"), None)
            parenthesis = child.i > 0 and doc[child.i - 1].text == "("
            candidates = []
            if child.dep_ == "nmod" and (case in LOCATIVE_CASES or (case in ("de", "d'") and place.kind in ("facility", "area"))):
                candidates.append(child)
            elif parenthesis and child.dep_ in ("nmod", "appos"):  # "Bagdad (Irak)"
                candidates.append(child)
            elif child.dep_ == "appos" and fold(child.lemma_) in (fold("capitale"), fold("ville")):
                candidates += [c for c in child.children if c.dep_ == "amod"]  # "la capitale irakienne"
            candidates += _apposed_container(doc, indices) if i == indices[-1] else []
            for candidate in candidates:
                container = finder.entity(candidate)
                if container is None or container.kind not in PLACE_KINDS or container.name == place.name:
                    continue
                if PLACE_SIZE.get(container.kind, 1) <= PLACE_SIZE.get(place.kind, 1) and container.kind != "place":
                    continue  # a country is not in a city
                evidence = finder.span_mention([doc[j] for j in indices] + [candidate])
                relations.append(RelationMention(place, "locatedIn", evidence, obj=container))
    return relations


PLACE_POINTER_NOUNS = word_list("entities", "place-pointer-nouns")
DIRECTION_NOUNS = word_list("relations", "direction-nouns")


def extract_relations(article: Article, doc, index: EntityIndex) -> list[RelationMention]:
    """Relations stated in one parsed article between its named things (the countries of
    nationality adjectives included: "le président américain")."""
    finder = _Finder(article, doc, index)
    entities = index.entities()
    relations: list[RelationMention] = []
    for entity in entities:
        if entity.source == "demonym":
            continue
        indices = _span_tokens(finder, entity)
        if not indices:
            continue
        if entity.kind == "person":
            relations += _title_relations(finder, entity, _title_before(indices[0], doc))
            root = min((doc[i] for i in indices), key=lambda t: (t.head.i in indices, t.i))
            relations += _title_relations(finder, entity, _title_after(root))
            before = _title_before(indices[0], doc)
            head = _title_head(before) if before else None
            if head is not None:  # "le général Frank McKenzie, chef des forces…": apposition on the title
                relations += _title_relations(finder, entity, _title_after(head))
        elif entity.kind in PLACE_KINDS:
            relations += _place_relations(finder, entity, indices)
    unique = {(r.subject.mention, r.prop, r.obj.mention if r.obj else None, r.literal): r for r in relations}
    ordered = [unique[key] for key in sorted(unique, key=lambda k: (k[0], k[1], k[2] or k[0], k[3] or ""))]
    for relation in ordered:
        index.use(relation.subject)
        index.use(relation.obj)
    return ordered
