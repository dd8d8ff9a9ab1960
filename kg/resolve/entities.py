"""One node per actor or place: merge entity mentions across spellings and articles.

Steps, each recorded as a note on the node it builds (``kg explain`` prints them):

1. within an article, a short name joins the one full name it ends
   ("Trump" → "Donald Trump", "Soleimani" → "Qassem Soleimani");
2. across articles, mentions whose names have the same skeleton
   (``kg.names``) and the same family of kind are one node;
3. a short name joins the one longer name it ends or, for organizations,
   begins ("Nujaba" → "Harakat al-Nujaba", "Hashed" → "Hashed al-Shaabi"),
   and an acronym joins the one name it abbreviates ("AFP");
4. NER sometimes types an organization as a place or a person: equal or
   short-form names across those families merge, and the organization wins.

A merge happens only when the candidate is unique, so "Biden" stays apart
when both Joe and Hunter Biden are named. Kind and label are votes with fixed
tie-breaks: the result does not depend on the order articles were read in,
and an unrelated article cannot change a node's IRI.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..model import Entity, EntityMention, Mention
from ..names import acronym, begins, ends, fold, is_acronym, name_key
from ..unionfind import UnionFind

FAMILY = {
    "person": "person",
    "organization": "org", "armed-group": "org", "media": "org",
    "place": "place", "country": "place", "city": "place", "area": "place", "facility": "place",
    "source": "source",
}
# When a node's mentions disagree on the family of kind, the first family here wins:
# NER types organizations as places or persons far more often than the reverse.
FAMILY_PRIORITY = ("org", "place", "person", "source")
FAMILY_WORDS = {"person": "a person", "org": "an organization", "place": "a place"}
# Ties between kinds of one family: the more specific kind wins.
KIND_PRIORITY = ("armed-group", "media", "organization", "country", "city", "facility", "area", "place", "person", "source")
# Kinds that come from the gazetteer: a known place is never re-typed by a name match.
KNOWN_PLACE_KINDS = frozenset({"country", "city"})


def slug(name: str) -> str:
    """ASCII, lower-case, hyphen-joined form of a name: the last part of an IRI."""
    folded = fold(name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-") or "x"


def _article_aliases(mentions: list[EntityMention]) -> dict[str, str]:
    """Within one article: a short name → the unique full person name it ends."""
    full = sorted({m.name for m in mentions if m.kind == "person" and len(name_key(m.name)) > 1})
    aliases = {}
    for short in sorted({m.name for m in mentions if m.kind not in KNOWN_PLACE_KINDS}):
        key = name_key(short)
        if len(key) != 1:
            continue
        candidates = [name for name in full if ends(key, name_key(name))]
        if len(candidates) == 1:
            aliases[short] = candidates[0]
    return aliases


# Mentions whose name is a known place's canonical label: their spelling variants are
# already one label, and skeletons would join different countries (Niger and Nigeria,
# Mali and Malawi share "nkr" and "ml").
CANONICAL_SOURCES = frozenset({"gazetteer", "metonymy", "demonym", "lexicon"})
INDIRECT_SOURCES = frozenset({"metonymy", "demonym"})


def _group_key(mention: EntityMention, article_id: str) -> tuple:
    if mention.source in CANONICAL_SOURCES:
        key: tuple = (f"={fold(mention.name)}",)
    else:
        key = name_key(mention.name) or (slug(mention.name),)
    if mention.kind == "source" or mention.local:
        # an unnamed "source militaire", "l'armée" of one article is not another's
        key = (*key, f"@{article_id}")
    if FAMILY[mention.kind] == "place" and mention.source not in CANONICAL_SOURCES:
        # place names are transliterated less than persons': their words' first letters must
        # agree too ("Afrique de l'Ouest" is not "Afrique de l'Est", both "afrk-ast")
        return (FAMILY[mention.kind], key, "".join(w[:1] for w in fold(mention.name).replace("'", " ").replace("-", " ").split()))
    return (FAMILY[mention.kind], key)


def _complement_of(short_group, full_group) -> bool:
    """Whether a name is written after "de" at the end of the longer one: the body's place or
    parent ("gouvernement de la province de Guangdong", "brigades du Hezbollah"), not its short form."""
    shorts = {fold(em.name) for em, _ in short_group}
    for em, _ in full_group:
        words = fold(em.name).replace("'", "' ").split()
        for short in shorts:
            size = len(short.replace("'", "' ").split())
            if len(words) <= size or " ".join(words[-size:]) != short.replace("'", "' "):
                continue
            before = words[: -size]
            if before[-1] in ("la", "le", "les", "l'") and len(before) > 1:
                before = before[:-1]  # "de la République"
            if before[-1] in ("de", "du", "des", "d'"):
                return True
    return False


def _can_cross(a: str, b: str, kinds_a: set, kinds_b: set, key_a: tuple) -> bool:
    """Whether two groups of different families may be one (a typing error of NER)."""
    if {a, b} == {"org", "place"}:
        return not ((kinds_a | kinds_b) & KNOWN_PLACE_KINDS)
    if {a, b} == {"person", "org"}:
        return len(key_a) == 1  # "Noujaba" tagged as a person
    return False


def resolve_entities(extractions, known=()) -> tuple[list[Entity], dict[Mention, str]]:
    """Return the entity nodes and, for each entity mention, the key of its node.

    ``known`` are the actors of a user's gazetteer (``kg.resolve.known_actors``): all the
    nodes named by one actor's label or aliases are one node, of its type,
    with its ``owl:sameAs`` links.
    """
    groups: dict[tuple, list[tuple[EntityMention, str]]] = defaultdict(list)
    notes: dict[tuple, set[str]] = defaultdict(set)
    for extraction in extractions:
        aliases = _article_aliases(extraction.entities)
        for em in extraction.entities:
            if em.name in aliases:
                full = aliases[em.name]
                notes[("person", name_key(full))].add(
                    f"«{em.name}» is short for «{full}» in article {extraction.article.identifier}"
                )
                em = EntityMention(em.mention, full, "person", em.source)
            groups[_group_key(em, extraction.article.identifier)].append((em, extraction.article.identifier))

    keys = sorted(groups)
    kinds = {key: {em.kind for em, _ in groups[key]} for key in keys}
    for key in keys:
        spellings = sorted({em.name for em, _ in groups[key]})
        if len(spellings) > 1:
            notes[key].add(", ".join(f"«{n}»" for n in spellings) + " are spellings of one name (" + "-".join(key[1]) + ")")
    union = UnionFind(keys)

    def merge(a, b, why: str) -> None:
        if union.union(a, b):
            notes[a].add(why)

    def names_of(key) -> str:
        return "«" + sorted({em.name for em, _ in groups[key]})[0] + "»"

    # 2/4. equal skeletons across families (same family: already one group)
    by_name: dict[tuple, list[tuple]] = defaultdict(list)
    for key in keys:
        by_name[key[1]].append(key)
    for name, same in by_name.items():
        for a in same[1:]:
            if _can_cross(a[0], same[0][0], kinds[a], kinds[same[0]], name):
                merge(same[0], a, f"{names_of(a)} was typed {FAMILY_WORDS[a[0]]} in one place and "
                                  f"{FAMILY_WORDS[same[0][0]]} in another (a named-entity error): one node")
    # 3. short forms and acronyms: only when the candidate is unique. A short
    # form ends or begins its full name: look only among names ending with its
    # last word or beginning with its first (not every pair of names)
    by_edge: dict[tuple, list[tuple]] = defaultdict(list)
    for key in keys:
        if key[1]:
            by_edge[("last", key[1][-1])].append(key)
            by_edge[("first", key[1][0])].append(key)
    for short in sorted(keys, key=lambda k: (len(k[1]), k)):
        candidates = set()
        if not short[1]:
            continue
        for full in dict.fromkeys(by_edge[("last", short[1][-1])] + by_edge[("first", short[1][0])]):
            if full == short or len(full[1]) <= len(short[1]):
                continue
            same_family = full[0] == short[0]
            if not (same_family or _can_cross(short[0], full[0], kinds[short], kinds[full], short[1])):
                continue
            family = full[0] if same_family else "org"
            if family in ("place", "source"):
                continue  # "Bagdad al-Jadidat" is not Bagdad: places join only by equal names
            if not same_family and _complement_of(groups[short], groups[full]):
                continue  # "Guangdong" of "le gouvernement de la province de Guangdong" is the place
            if ends(short[1], full[1]) or (family == "org" and begins(short[1], full[1])):
                candidates.add(union.find(full))
        if len(candidates) == 1:
            target = candidates.pop()
            merge(target, short, f"{names_of(short)} is a short form of {names_of(target)}")
    for short in keys:
        if short[0] != "org":
            continue
        written = {em.name for em, _ in groups[short] if is_acronym(em.name)}
        if not written:
            continue
        candidates = {union.find(full) for full in keys if full != short and full[0] == "org"
                      and any(acronym(em.name) in written for em, _ in groups[full])}
        if len(candidates) == 1:
            target = candidates.pop()
            merge(target, short, f"{names_of(short)} is the acronym of {names_of(target)}")

    # 4b. a state's mission named without its host ("ambassade américaine") is the one the
    # corpus names with a host ("ambassade américaine (Irak)"), when there is only one
    hosted: dict[str, set] = defaultdict(set)
    for key in keys:
        for em, _ in groups[key]:
            if em.kind == "facility" and em.name.endswith(")") and " (" in em.name:
                hosted[em.name.rsplit(" (", 1)[0]].add(union.find(key))
    for key in keys:
        names = {em.name for em, _ in groups[key] if em.kind == "facility"}
        for name in names & set(hosted):
            if len(hosted[name]) == 1:
                target = next(iter(hosted[name]))
                merge(target, key, f"«{name}» is named with its host country elsewhere: {names_of(target)}")

    # 5. a user's gazetteer: its aliases name one actor
    identity: dict[tuple, object] = {}
    for actor in known:
        names = {name_key(n) for n in actor.names} - {()}
        family = FAMILY.get(actor.kind) if actor.kind else None
        matched = [key for key in keys if key[1] in names and (family is None or key[0] == family or _can_cross(key[0], family, kinds[key], {actor.kind}, key[1]))]
        for key in matched[1:]:
            merge(matched[0], key, f"{names_of(key)} and {names_of(matched[0])} are names of «{actor.label}» in the gazetteer")
        for key in matched:
            identity[key] = actor
    clusters: dict[tuple, list[tuple]] = defaultdict(list)
    for key in keys:
        clusters[union.find(key)].append(key)
    built = []
    for root in sorted(clusters):
        members = [pair for key in clusters[root] for pair in groups[key]]
        why = set().union(*(notes.get(key, set()) for key in clusters[root])) | _cross_article_note(members)
        actors = sorted({identity[key] for key in clusters[root] if key in identity}, key=lambda a: a.label)
        entity = _entity(members, sorted(why), actors[0].kind if len(actors) == 1 else None)
        entity.same_as = sorted({iri for actor in actors for iri in actor.same_as})
        built.append((entity, members))
    _check_unique_keys([entity for entity, _ in built])
    mention_key = {em.mention: entity.key for entity, members in built for em, _ in members}
    return sorted((entity for entity, _ in built), key=lambda e: e.key), mention_key


def _cross_article_note(members) -> set[str]:
    articles = sorted({article for _, article in members})
    if len(articles) < 2:
        return set()
    return {f"named in {len(articles)} articles: " + ", ".join(articles)}


def _entity(members: list[tuple[EntityMention, str]], notes: list[str], known_kind: str | None = None) -> Entity:
    families = {FAMILY[em.kind] for em, _ in members}
    family = FAMILY[known_kind] if known_kind else next(f for f in FAMILY_PRIORITY if f in families)
    own = [em for em, _ in members if FAMILY[em.kind] == family] or [em for em, _ in members]
    kinds = Counter(em.kind for em in own)
    kind = known_kind or min(kinds, key=lambda k: (-kinds[k], KIND_PRIORITY.index(k)))
    names = Counter(em.name for em in own)
    # the fullest, then most frequent, form names the node (and its IRI)
    label = min(names, key=lambda n: (-len(name_key(n)), -names[n], -len(n), n))
    # a metonymy or a nationality adjective is no name of the country: "le Kremlin a dit",
    # "la frappe américaine" stay its mentions, not its labels (Moscou is a city's name)
    surface = {em.name for em, _ in members} | {em.mention.quote for em, _ in members if em.source not in INDIRECT_SOURCES}
    surface |= {alias for em, _ in members for alias in em.aliases}
    # an unnamed thing of one article has its article in its IRI: "l'armée" of one is not another's
    scoped = kind == "source" or all(em.local for em, _ in members)
    return Entity(
        key=f"{kind}_{slug(label)}" if not scoped else f"{kind}_{members[0][1]}_{slug(label)}",
        kind=kind,
        label=label,
        alt_labels=sorted(s for s in surface if s != label),
        mentions=sorted({em.mention for em, _ in members}),
        notes=notes,
    )


def _check_unique_keys(entities: list[Entity]) -> None:
    """Two nodes may not share an IRI: suffix the later ones (deterministically)."""
    seen: Counter = Counter()
    for entity in sorted(entities, key=lambda e: (e.key, e.mentions[0] if e.mentions else ())):
        seen[entity.key] += 1
        if seen[entity.key] > 1:
            entity.key = f"{entity.key}-{seen[entity.key]}"
