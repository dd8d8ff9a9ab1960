"""Load the extraction tables of ``kg/data`` (TSV files a linguist can edit)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..names import fold
from ..resources import read_table


def _rows(name: str) -> list[dict[str, str]]:
    return read_table(name)


@dataclass(frozen=True)
class KnownPlace:
    label: str
    kind: str  # "country", "city" or "seat" (a building that stands for a government)
    country: str  # label of the country, for cities


@dataclass(frozen=True)
class Gazetteer:
    """Place names (by folded form) and demonyms (folded adjective → country label)."""

    places: dict[str, KnownPlace]
    demonyms: dict[str, str]
    ambiguous_demonyms: frozenset[str] = frozenset()  # nationalities of two countries ("congolais")
    adjectives: dict = field(default_factory=dict)  # country label → its nationality adjectives, as written

    def misspelt(self, folded: str) -> KnownPlace | None:
        """The one known place a long name is one letter away from ("Ougadougou", "Villeurbane"):
        news copy has typos; a short name ("Mali", "Bali") is too close to others to guess."""
        if len(folded) < MISSPELT_MIN_LENGTH or folded in self.places:
            return None
        index = self._one_letter_index()
        found = {self.places[key] for variant in {folded, *_deletions(folded)} for key in index.get(variant, ())}
        labels = {place.label for place in found}
        return next(iter(found)) if len(labels) == 1 else None

    def _one_letter_index(self) -> dict[str, tuple[str, ...]]:
        index = self.__dict__.get("_index")
        if index is None:
            built: dict[str, list[str]] = {}
            for key in self.places:
                if len(key) >= MISSPELT_MIN_LENGTH - 1:
                    for variant in {key, *_deletions(key)}:
                        built.setdefault(variant, []).append(key)
            index = {variant: tuple(keys) for variant, keys in built.items()}
            object.__setattr__(self, "_index", index)
        return index


MISSPELT_MIN_LENGTH = 8


def _deletions(word: str) -> set[str]:
    """The word with one letter left out, each way (a symmetric-delete index: two words one
    insertion, deletion or substitution apart share a deletion)."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    places: dict[str, KnownPlace] = {}
    demonyms: dict[str, str] = {}
    ambiguous: set[str] = set()
    for row in _rows("places.tsv"):
        place = KnownPlace(row["label"], row["kind"], row.get("country", ""))
        for name in [row["label"], *filter(None, row.get("variants", "").split("|"))]:
            places.setdefault(fold(name), place)
        if row["kind"] == "country":
            for demonym in filter(None, row.get("demonyms", "").split("|")):
                if demonyms.setdefault(fold(demonym), row["label"]) != row["label"]:
                    ambiguous.add(fold(demonym))
    for demonym in ambiguous:  # "congolais": Congo or the DRC; the text must say which
        del demonyms[demonym]
    adjectives = {row["label"]: tuple(filter(None, row.get("demonyms", "").split("|")))
                  for row in _rows("places.tsv") if row["kind"] == "country"}
    return Gazetteer(places, demonyms, frozenset(ambiguous), adjectives)


@dataclass(frozen=True)
class EntityCues:
    prefix: dict[str, str]  # lemma → kind
    head: dict[str, str]
    place_noun: dict[str, str]
    title: frozenset[str]
    geo_head: dict[str, str]


@lru_cache(maxsize=1)
def entity_cues() -> EntityCues:
    tables: dict[str, dict[str, str]] = {"prefix": {}, "head": {}, "place-noun": {}, "title": {}, "geo-head": {}}
    for row in _rows("entity_cues.tsv"):
        tables[row["cue"]][fold(row["lemma"])] = row["kind"]
    return EntityCues(tables["prefix"], tables["head"], tables["place-noun"], frozenset(tables["title"]), tables["geo-head"])


@dataclass(frozen=True)
class EventTrigger:
    lemma: str
    pos: str
    event_class: str
    role: str  # trigger | needs-instrument | instrument | modifier


@lru_cache(maxsize=1)
def event_triggers() -> tuple[dict[tuple[str, str], EventTrigger], dict[tuple[str, str], EventTrigger]]:
    """(lower-case lemma, POS) → trigger entry, and the same keyed by folded lemma."""
    exact, folded = {}, {}
    for row in _rows("event_triggers.tsv"):
        entry = EventTrigger(row["lemma"].lower(), row["pos"], row["class"], row["role"])
        exact[(entry.lemma, entry.pos)] = entry
        folded.setdefault((fold(entry.lemma), entry.pos), entry)
    return exact, folded


@lru_cache(maxsize=1)
def count_nouns() -> dict[str, str]:
    """Folded lemma → the nkg count property its number fills (projectiles, troops…)."""
    return {fold(row["lemma"]): row["property"] for row in _rows("count_nouns.tsv")}


@lru_cache(maxsize=1)
def _word_lists() -> dict[tuple[str, str], frozenset[str]]:
    return {(row["module"], row["list"]): frozenset(fold(w) for w in row["words"].split("|") if w)
            for row in _rows("words.tsv")}


@lru_cache(maxsize=1)
def _written_lists() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(row["module"], row["list"]): tuple(w.lower() for w in row["words"].split("|") if w) for row in _rows("words.tsv")}


def written_list(module: str, name: str) -> tuple[str, ...]:
    """A word list of ``kg/data/words.tsv`` as written (lower case, accents kept), in its
    order: for matches on the text itself, where folding would confuse "dès" and "des"."""
    return _written_lists()[(module, name)]


def word_list(module: str, name: str) -> frozenset[str]:
    """A word list of ``kg/data/words.tsv``, folded; a missing list is a programming error."""
    return _word_lists()[(module, name)]


@lru_cache(maxsize=1)
def claim_verbs() -> dict[str, str]:
    """Folded lemma → the claim type a word of attribution gives (``claim_verbs.tsv``)."""
    return {fold(row["lemma"]): row["type"] for row in _rows("claim_verbs.tsv")}


@lru_cache(maxsize=1)
def actor_nouns() -> dict[str, str]:
    """Folded lemma → the entity kind of the actor the noun describes (``actor_nouns.tsv``)."""
    return {fold(row["lemma"]): row["kind"] for row in _rows("actor_nouns.tsv")}


@dataclass(frozen=True)
class KnownOrganization:
    label: str
    kind: str  # media, armed-group or organization
    names: tuple[str, ...]  # the label and its variants, as written


@lru_cache(maxsize=1)
def known_organizations() -> dict[str, KnownOrganization]:
    """Folded name or variant → the organization it names (``organizations.tsv``)."""
    table: dict[str, KnownOrganization] = {}
    for row in _rows("organizations.tsv"):
        names = (row["label"], *filter(None, row.get("variants", "").split("|")))
        known = KnownOrganization(row["label"], row["kind"], names)
        for name in names:
            table.setdefault(fold(name), known)
    return table


@lru_cache(maxsize=1)
def mission_names() -> tuple[dict[str, str], dict[str, str]]:
    """The nouns of a state's missions abroad (``mission_nouns.tsv``): folded words → the noun
    that names them ("chancellerie" → "ambassade"), and each such noun → its gender."""
    synonyms, genders = {}, {}
    for row in _rows("mission_nouns.tsv"):
        synonyms[fold(row["words"])] = row["name"]
        genders[row["name"]] = row["gender"]
    return synonyms, genders

