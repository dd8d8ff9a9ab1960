"""Find attacks: trigger words from ``kg/data/event_triggers.tsv`` and their roles.

Words of one event are grouped along the parse ("Sept roquettes ont visé…":
the verb and its weapon subject are one RocketAttack). Roles come from the
dependency structure only: subject and object in the active voice, subject and
"par" phrase in the passive, "contre"/"sur" phrases as targets, locative
phrases naming a place as the place, "X a été la cible de tirs" as a target.
A role is filled only by an extracted entity; otherwise it stays absent.
"""
from __future__ import annotations

from ..model import PLACE_KINDS, Article, EntityMention, EventMention, Mention, RoleFiller
from .entities import token_mention
from .lexicon import EventTrigger, entity_cues, event_triggers, fold

# Class specificity: a weapon noun refines a generic attack word.
CLASS_RANK = {"Attack": 0, "RocketAttack": 1, "AirStrike": 1, "Bombing": 1}
CLASS_LABEL_FR = {
    "Attack": "attaque",
    "RocketAttack": "attaque à la roquette",
    "AirStrike": "frappe aérienne",
    "Bombing": "attentat à la bombe",
}
# Dependencies along which two event words belong to the same event.
LINKING_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "obl:agent", "obl", "obl:mod", "obl:arg", "nmod", "acl", "appos"})
# prepositions, compared folded (without accents: "à" → "a")
TARGET_CASES = frozenset(map(fold, ("contre", "sur", "vers")))
PLACE_CASES = frozenset(map(fold, ("à", "dans", "en", "au")))
AGENT_CASES = frozenset(map(fold, ("par",)))
# Determiners that refer back to an event already reported ("cette attaque").
ANAPHORIC_DETERMINERS = frozenset({"ce", "cet", "cette", "ces"})
# "X a été la cible de tirs": the noun whose subject is the target.
TARGET_NOUNS = frozenset({"cible"})


def _entry(token) -> EventTrigger | None:
    table = event_triggers()
    if token.pos_ not in ("NOUN", "VERB", "ADJ"):
        return None
    return table.get((fold(token.lemma_), token.pos_)) or table.get((fold(token.text), token.pos_))


def _case(token) -> str | None:
    for child in token.children:
        if child.dep_ in ("case", "mark"):
            return fold(child.lemma_)
    return None


def _is_passive(verb) -> bool:
    return "Pass" in verb.morph.get("Voice") or any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children)


class _Clusters:
    """Union-find over token indices."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _roles_of(member, cluster_ids: set[int], token_entities: dict[int, EntityMention]) -> list[tuple[str, object]]:
    """(role, filler token) pairs read off the children of one event word."""
    roles = []
    passive = member.pos_ == "VERB" and _is_passive(member)
    for child in member.children:
        if child.i in cluster_ids:
            continue
        dep = child.dep_
        case = _case(child)
        if member.pos_ == "VERB" and dep == "nsubj" and not passive:
            roles.append(("agent", child))
        elif member.pos_ == "VERB" and not passive and (dep == "obj" or (dep == "xcomp" and child.pos_ in ("PROPN", "NOUN"))):
            roles.append(("target", child))  # the parser sometimes labels a name object xcomp
        elif dep == "nsubj:pass" or (passive and dep == "nsubj"):
            roles.append(("target", child))
        elif dep == "obl:agent" or (passive and case in AGENT_CASES and dep.startswith("obl")):
            roles.append(("agent", child))
        elif case in TARGET_CASES and (dep.startswith("obl") or dep == "nmod"):
            roles.append(("target", child))
        elif case in PLACE_CASES and (dep.startswith("obl") or dep == "nmod"):
            entity = token_entities.get(child.i)
            if entity is not None and entity.kind in PLACE_KINDS:
                roles.append(("place", child))
    # "X a été la cible de tirs": the subject of "cible" is the target
    head = member.head
    if member.pos_ == "NOUN" and member.dep_ == "nmod" and fold(head.lemma_) in TARGET_NOUNS:
        for holder in (head, head.head):  # "cible" may hang under "a été" when mis-parsed
            subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubj:pass") and _filler_entity(c, token_entities)]
            if subjects:
                roles.append(("target", subjects[0]))
                break
    return roles


def _filler_entity(token, token_entities: dict[int, EntityMention]) -> EntityMention | None:
    """The entity filling a role headed by ``token``.

    A group noun that is not a name itself stands for the name it governs:
    "les brigades du Hamas" → Hamas.
    """
    entity = token_entities.get(token.i)
    if entity is not None:
        return entity
    if fold(token.lemma_) in entity_cues().head:
        for child in token.children:
            named = token_entities.get(child.i)
            if child.dep_ in ("nmod", "appos", "flat:name") and named is not None and named.kind not in PLACE_KINDS:
                return named
    return None


def _target_places(target, token_entities: dict[int, EntityMention]) -> list:
    """Where a target is, said on it: "l'ambassade de France à Beyrouth", "un convoi à Kirkouk"."""
    places = []
    for child in target.children:
        entity = token_entities.get(child.i)
        if child.dep_ == "nmod" and _case(child) in PLACE_CASES and entity is not None and entity.kind in PLACE_KINDS - {"facility"}:
            places.append(child)
    return places


def extract_events(article: Article, doc, token_entities: dict[int, EntityMention]) -> list[EventMention]:
    """Return the attacks reported in one parsed article."""
    entries = {token.i: entry for token in doc if (entry := _entry(token)) is not None}
    clusters = _Clusters()
    for i in entries:
        token = doc[i]
        clusters.find(i)
        if token.head.i in entries and token.head.i != i and token.dep_ in LINKING_DEPS:
            clusters.union(i, token.head.i)
        for child in token.children:  # "attaque à la roquette": nmod of nmod still one event
            if child.i in entries and child.dep_ in LINKING_DEPS:
                clusters.union(i, child.i)
    groups: dict[int, list[int]] = {}
    for i in sorted(entries):
        groups.setdefault(clusters.find(i), []).append(i)

    events = []
    for members in groups.values():
        roles_present = {entries[i].role for i in members}
        if "trigger" not in roles_present and not (
            "needs-instrument" in roles_present and ("instrument" in roles_present)
        ):
            continue
        member_ids = set(members)
        # the anchor is the word the others depend on; verbs first
        heads = [i for i in members if doc[i].head.i not in member_ids or doc[i].head.i == i]
        anchor = doc[min(heads, key=lambda i: (doc[i].pos_ != "VERB", i))]
        if anchor.pos_ == "NOUN" and all(doc[i].pos_ == "NOUN" for i in members) and any(
            c.dep_ == "det" and fold(c.lemma_) in ANAPHORIC_DETERMINERS for c in anchor.children
        ):
            continue  # "cette attaque" refers back to an event reported before
        event_class = max((entries[i].event_class for i in members), key=lambda c: (CLASS_RANK[c], c == "AirStrike"))
        for i in members:  # "raid aérien"
            for child in doc[i].children:
                entry = _entry(child)
                if entry is not None and entry.role == "modifier" and CLASS_RANK[entry.event_class] > CLASS_RANK[event_class]:
                    event_class = entry.event_class
        fillers: dict[tuple[str, int], RoleFiller] = {}
        for i in members:
            found = _roles_of(doc[i], member_ids, token_entities)
            found += [("place", place) for role, token in found if role == "target" for place in _target_places(token, token_entities)]
            for role, token in found:
                entity = _filler_entity(token, token_entities)
                if entity is None or (role == "place" and entity.kind not in PLACE_KINDS):
                    continue
                fillers.setdefault((role, entity.mention.start), RoleFiller(role, entity))
        roles = tuple(fillers[key] for key in sorted(fillers))
        trigger = token_mention(article, doc, anchor.i, anchor.i + 1)
        evidence = [token_mention(article, doc, i, i + 1) for i in members if i != anchor.i]
        evidence += [filler.entity.mention for filler in roles]
        label = CLASS_LABEL_FR[event_class]
        targets = [f.entity.name for f in roles if f.role == "target"]
        places = [f.entity.name for f in roles if f.role == "place"]
        if targets:
            label += " contre " + ", ".join(targets)
        if places:
            label += " (" + ", ".join(places) + ")"
        events.append(
            EventMention(event_class, trigger, label, roles, tuple(sorted(set(evidence))))
        )
    events.sort(key=lambda e: e.trigger.start)
    return events
