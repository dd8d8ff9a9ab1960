"""What each phrase of an article names, decided once for every extractor.

``EntityIndex`` holds the article's named things (``kg.extract.entities``)
and answers the one question the other extractors ask: which entity fills a
role headed by this word? The answer is decided here and nowhere else:

- a group or title noun stands for the name it governs ("les brigades du
  Hezbollah" → Hezbollah, "le général Qassem Soleimani" → the general);
- a nationality adjective names its country ("une frappe américaine");
- a capital or a seat of government that acts is its country ("Washington
  accuse", "frappé par Téhéran", "selon le Kremlin"), decided from the parse
  when the index is built, so that one mention has one type everywhere;
- a common noun phrase that describes an actor ("des hommes armés non
  identifiés", "l'armée égyptienne", "une source sécuritaire") is an entity of
  its own, described by the words of the text (``kg/data/actor_nouns.tsv``).

Entities made on demand (countries of adjectives, descriptions) become part
of the article's extraction only when some fact uses them.
"""
from __future__ import annotations

from ..model import PLACE_KINDS, Article, EntityMention, Mention
from ..names import fold
from .lexicon import actor_nouns, entity_cues, event_triggers, gazetteer, word_list
from .syntax import case_of, token_mention

ACTOR_KINDS = frozenset({"person", "organization", "armed-group", "media", "country", "source"})
# Dependents kept in a description's words ("les forces de sécurité afghanes").
DESCRIPTION_DEPS = frozenset({"amod", "nummod", "flat", "flat:name", "fixed", "compound"})
MAX_DESCRIPTION_TOKENS = 10
# Determiners by which a bare noun refers to the thing described before ("ce commandement", "la commission").
NAMING_PARTICIPLES = word_list("entities", "naming-participles")
STATE_INSTITUTION_NOUNS = word_list("entities", "state-institutions")
REFERRING_DETERMINERS = word_list("syntax", "demonstrative-determiners") | word_list("syntax", "definite-determiners")


def _short_participle(token) -> bool:
    """A past participle qualifying a noun with no complement of its own ("armés", "non identifiés")."""
    if token.dep_ != "acl" or token.pos_ not in ("VERB", "ADJ") or "Part" not in token.morph.get("VerbForm") \
            or "Pres" in token.morph.get("Tense"):
        return False  # "des jeunes portant la kippa": a present participle tells, it does not name
    if _event_word(token) or any(c.dep_ not in ("advmod",) for c in token.children):
        return False
    return token.i > token.head.i


def _people_word(token) -> bool:
    """A noun naming people by their nationality ("les Afghans", "des Tibétains")."""
    gaz = gazetteer()
    forms = {fold(token.text), fold(token.lemma_), _singular(fold(token.text))}
    return token.text[:1].isupper() and any(f in gaz.demonyms or f in gaz.ambiguous_demonyms for f in forms)


def _singular(word: str) -> str:
    """ "parties" → "partie", "journaux" → "journal": where the lemmatizer failed on a plural."""
    if word.endswith("aux"):
        return word[:-3] + "al"
    return word[:-1] if word.endswith(("s", "x")) else word


def _demonym_dep(token) -> bool:
    """A nationality adjective on a noun, also where the tagger took it for a name ("soldats kényans")."""
    if token.dep_ != "amod" and not (token.dep_ in ("nmod", "flat:name", "appos") and case_of(token) is None and token.i == token.head.i + 1):
        return False
    gaz = gazetteer()
    return any(form in gaz.demonyms or form in gaz.ambiguous_demonyms for form in (fold(token.text), fold(token.lemma_)))


def _event_word(token) -> bool:
    exact, _folded = event_triggers()
    return (token.lemma_.lower(), token.pos_) in exact


def _relative_agrees(verb, noun) -> bool:
    """Whether a relative clause's verb agrees in number with the noun it hangs on."""
    finite = next((c for c in verb.children if c.dep_ in ("aux:tense", "aux", "aux:pass")), verb)
    return not finite.morph.get("Number") or not noun.morph.get("Number") or finite.morph.get("Number") == noun.morph.get("Number")


def actor_kind(token) -> str | None:
    """The kind of actor a common noun describes (``actor_nouns.tsv``), by its lemma or form,
    singular or plural, with or without a former-holder prefix ("l'ex-espion")."""
    nouns = actor_nouns()
    for word in (fold(token.lemma_), fold(token.text)):
        for form in (word, _singular(word), word.removeprefix("ex-")):
            if form in nouns:
                return nouns[form]
    return None


def _nearer_person_noun(head, name) -> bool:
    """A name between commas after "X de Y" where Y is a person noun is Y's, whatever the parser
    hangs it on: "un avocat de la chanteuse malienne, Rokia Traoré," names the singer."""
    doc = head.doc
    if name.i < 2 or doc[name.i - 1].text != ",":
        return False
    before = doc[name.i - 2]
    before = before.head if before.pos_ == "ADJ" else before
    return before.i != head.i and before.i > head.i and before.pos_ == "NOUN" and actor_kind(before) == "person"


def _plural(noun) -> bool:
    """A noun's number, its determiner's first: "l'ONG" is one, whatever the tagger says of an
    invariable acronym."""
    for child in noun.children:
        if child.dep_ == "det" and child.morph.get("Number"):
            return "Plur" in child.morph.get("Number")
    return "Plur" in noun.morph.get("Number")


def agreeing(forms, feminine: bool, plural: bool) -> str | None:
    """The form of a nationality adjective (its forms as the gazetteer writes them: "français",
    "française", "françaises") that agrees with a noun: the shortest is the masculine singular,
    the feminine is the shortest form in -e, plurals add "s" ("britannique" is both genders,
    "français" both numbers)."""
    if not forms:
        return None
    base = min(forms, key=len)
    wanted = base
    if feminine and not base.endswith("e"):  # "égyptien" → "égyptienne": the shortest form in -e
        wanted = min((f for f in forms if f.endswith("e") and f.startswith(base[:-1])), key=len, default=None)
    if wanted is not None and plural and not wanted.endswith(("s", "x")):
        wanted += "s"
    return wanted if wanted in forms or wanted == base else None


class EntityIndex:
    """The entities of one article, by token, with the descriptions and countries made on demand."""

    def __init__(self, article: Article, doc, named: list[EntityMention], spans: dict) -> None:
        self.article, self.doc = article, doc
        self.named = named
        self.by_token: dict[int, EntityMention] = {}
        # smaller spans win, so "ambassade" maps to the embassy, "Etats-Unis" to the country
        for key in sorted(spans, key=lambda k: -(spans[k][1] - spans[k][0])):
            start_i, end_i = spans[key]
            for i in range(start_i, end_i):
                self.by_token[i] = next(e for e in named if (e.mention.start, e.mention.end) == key)
        self.made: dict[Mention, EntityMention] = {}
        self.used: dict[Mention, EntityMention] = {}
        self.descriptions: dict[str, list[tuple[int, EntityMention]]] = {}  # head lemma → (token, description)

    # -- lookups ---------------------------------------------------------------

    def at(self, token) -> EntityMention | None:
        """The named entity covering ``token``."""
        return self.by_token.get(token.i)

    def use(self, entity: EntityMention | None) -> EntityMention | None:
        """Record that a fact uses ``entity``: a made entity joins the extraction."""
        if entity is not None and entity.mention in self.made:
            self.used[entity.mention] = entity
        return entity

    def entities(self) -> list[EntityMention]:
        """Every named entity, and the made ones some fact uses, in text order."""
        found = {e.mention: e for e in self.named}
        found.update(self.used)
        return [found[m] for m in sorted(found)]

    def span(self, entity: EntityMention):
        """The tokens of an entity's mention."""
        offset = self.article.body_start
        return self.doc.char_span(entity.mention.start - offset, entity.mention.end - offset, alignment_mode="expand")

    def acting(self, entity: EntityMention) -> EntityMention:
        """A known capital or seat of government that acts is its country ("Washington,
        qui accuse…"): the mention is the country's from now on, for every extractor."""
        place = gazetteer().places.get(fold(entity.name))
        if entity.kind not in ("city", "facility") or place is None or not place.country or entity.source == "metonymy":
            return entity
        country = EntityMention(entity.mention, place.country, "country", source="metonymy")
        self.named = [country if e.mention == entity.mention else e for e in self.named]
        for i, e in list(self.by_token.items()):
            if e.mention == entity.mention:
                self.by_token[i] = country
        return country

    # -- made entities -----------------------------------------------------------

    def _made(self, start_i: int, end_i: int, name: str, kind: str, source: str, local: bool = False,
              aliases: tuple[str, ...] = ()) -> EntityMention:
        mention = token_mention(self.article, self.doc, start_i, end_i)
        if mention not in self.made:
            self.made[mention] = EntityMention(mention, name, kind, source=source, local=local, aliases=aliases)
        return self.made[mention]

    def demonym(self, token) -> EntityMention | None:
        """A nationality adjective as the country it names ("frappe américaine" → États-Unis)."""
        country = gazetteer().demonyms.get(fold(token.text)) or gazetteer().demonyms.get(fold(token.lemma_))
        if country is None:
            return None
        return self._made(token.i, token.i + 1, country, "country", "demonym")

    def description(self, token) -> EntityMention | None:
        """The actor a common noun phrase describes: "des hommes armés non identifiés",
        "l'armée égyptienne", "une centaine de manifestants"; None for other nouns."""
        if token.pos_ not in ("NOUN", "PROPN") or token.i in self.by_token:
            return None
        nouns = actor_nouns()
        head = token
        kind = None
        if fold(head.lemma_) in word_list("entities", "quantity-nouns"):
            # "des milliers de personnes", "un groupe de commerçants chinois": the counted noun says who
            counted = [c for c in head.children if c.dep_ == "nmod" and case_of(c) == "de" and c.pos_ == "NOUN"]
            if counted:
                kind = nouns.get(fold(counted[0].lemma_)) or ("person" if _people_word(counted[0]) else None)
        kind = kind or actor_kind(head)
        if kind is None and _people_word(head):
            kind = "person"  # "des centaines de Tibétains", "les Afghans": a people
        if kind is None:
            return None
        start, end = self._description_extent(head)
        name = self.doc[start:end].text.strip()
        if not name or len(name) < 2:
            return None
        # the name without its count: "400 soldats britanniques" and "une cinquantaine de migrants"
        # name "soldats britanniques", "migrants"; the counted form stays an alias
        uncounted = self._uncounted(head, start, end)
        counted_form = name if uncounted != name else None
        name = uncounted
        if end - start == 1 and self._refers_back(head) and not _plural(head):
            # "Antoine Sollacaro, avocat de…" then "l'avocat", "l'ONG Human Rights Watch" then
            # "l'ONG": the one actor the noun was said of, however far back
            named = self._called(head, ("person",) if kind in ("person", "source") else (kind,))
            if named is not None:
                return named
        if end - start == 1 and self._refers_back(head):
            # "ce commandement", "la commission": the one described before with this noun
            earlier = [e for i, e in self.descriptions.get(fold(head.lemma_), []) if i < head.i]
            if earlier:
                before = earlier[-1]
                if before.source != "description":
                    return before  # "les rebelles du M23 … entre l'armée et les rebelles": the M23
                return self._made(start, end, before.name, before.kind, "description", before.local, before.aliases)
            named = self._named_before(head, kind)
            if named is not None and fold(head.lemma_) in word_list("entities", "name-anaphor-nouns") and not _plural(head):
                return named  # "les rebelles du M23 … Le groupe a annoncé": the group just named
        qualified = self._qualified(head)
        local = not (kind in ("organization", "media") and qualified)
        aliases = tuple(dict.fromkeys(a for a in [*self._description_aliases(head, start, end), counted_form] if a and a != name))
        if local and kind == "organization" and end - start == 1 and fold(head.lemma_) in STATE_INSTITUTION_NOUNS \
                and not any(c.dep_ == "nmod" and case_of(c) == "de" for c in head.children):  # "le ministère de l'Intérieur" is named
            adjective = self._home_adjective(head)
            if adjective is not None:
                # "l'armée" of a story told only in Egyptian places is the Egyptian army
                aliases = (name, *aliases)
                name, local = f"{name} {adjective}", False
        made = self._made(start, end, name, kind, "description", local=local, aliases=aliases)
        self.descriptions.setdefault(fold(head.lemma_), []).append((head.i, made))
        self.descriptions[fold(head.lemma_)].sort(key=lambda pair: pair[0])
        return made

    def _called(self, head, kinds: tuple[str, ...]) -> EntityMention | None:
        """The one actor of ``kinds`` named before ``head`` with ``head``'s noun beside the
        name: in apposition ("Antoine Sollacaro, avocat de Yvan Colonna") or before it
        ("l'avocat Antoine Sollacaro", "l'ONG Human Rights Watch")."""
        lemma = fold(head.lemma_)
        persons = {}
        for token in head.doc[: head.i]:
            if token.pos_ not in ("NOUN", "X") or fold(token.lemma_) != lemma:  # an acronym noun may be read X
                continue
            linked = [token.head] if token.dep_ == "appos" else []
            if token.i >= 2 and head.doc[token.i - 1].text == ",":
                linked.append(head.doc[token.i - 2])  # "X, avocat de Y", however the parser hangs it
            linked += [c for c in token.children if c.dep_ in ("appos", "flat:name") or (c.dep_ == "nmod" and case_of(c) is None)]
            for word in linked:
                named = self.by_token.get(word.i)
                if named is not None and named.kind in kinds:
                    persons[fold(named.name)] = named
        return next(iter(persons.values())) if len(persons) == 1 else None

    def _home_adjective(self, head) -> str | None:
        """The nationality adjective, agreeing with ``head``, of the one country every place of
        the article lies in (countries named, the countries of the known cities), when the
        article names at least two such places and no place of another country."""
        gaz = gazetteer()
        countries = []
        for entity in self.named:
            if entity.kind == "country":
                countries.append(entity.name)
            elif entity.kind in ("city", "facility"):
                place = gaz.places.get(fold(entity.name))
                if place is not None and place.country:
                    countries.append(place.country)
        if len(countries) < 2 or len(set(countries)) != 1:
            return None
        forms = [f for f in gaz.adjectives.get(countries[0], ()) if fold(f) not in gaz.ambiguous_demonyms]
        return agreeing(forms, "Fem" in head.morph.get("Gender"), "Plur" in head.morph.get("Number"))

    def _named_beside(self, head, kind: str) -> EntityMention | None:
        """The name a described actor is given next to its description, however the parser
        hangs it: "un escadron de la mort connu sous le nom de Junglers", "une milice surnommée
        les Faucons"; a person's name right after the description ("l'ex-espion russe
        Alexandre Litvinenko") or closing it between commas ("La correspondante de France 24
        en Egypte, Sonia Dridi, affirme…")."""
        doc = head.doc
        for child in head.children:
            if child.dep_ == "acl" and fold(child.lemma_) in NAMING_PARTICIPLES:
                # the name in the participle's words ("connu sous le nom de X"), wherever hung
                for part in doc[child.i + 1 : min(child.i + 7, child.sent.end)]:
                    named = self.by_token.get(part.i)
                    if named is not None and named.kind in ACTOR_KINDS:
                        return named
                    if part.pos_ in ("VERB", "AUX") or part.text in (",", ";"):
                        break
        if kind != "person":
            return None
        _start, end = self._description_extent(head)
        named = self.by_token.get(end) if end < len(doc) else None
        if named is not None and named.kind == "person" and doc[end].pos_ == "PROPN":
            return named
        last = head.right_edge
        while last.is_punct and last.i > head.i:
            last = doc[last.i - 1]
        for part in head.subtree:
            named = self.by_token.get(part.i)
            apposed = part.dep_ == "appos" or (part.dep_ == "nmod" and case_of(part) is None)
            if named is not None and named.kind == "person" and apposed and part.i > head.i \
                    and doc[part.i - 1].text == "," and part.right_edge.i == last.i:
                if _nearer_person_noun(head, part):
                    continue  # "un avocat de la chanteuse malienne, Rokia Traoré,": the singer's name
                return named
        return None

    def _named_before(self, head, kind: str, sentences: int = 2) -> EntityMention | None:
        """The last entity of ``kind`` named before ``head`` in its sentence or the
        ``sentences`` before it, if the text names exactly one such entity there."""
        sentence = head.sent
        first = sentence.start
        for _ in range(sentences):
            if first == 0:
                break
            first = self.doc[first - 1].sent.start
        offset = self.article.body_start
        start_char = self.doc[first].idx + offset
        names = {fold(e.name): e for e in self.named
                 if e.kind == kind and start_char <= e.mention.start < head.idx + offset}
        return next(iter(names.values())) if len(names) == 1 else None

    @staticmethod
    def _refers_back(head) -> bool:
        return any(c.dep_ == "det" and fold(c.lemma_) in REFERRING_DETERMINERS for c in head.children)

    def _description_extent(self, head) -> tuple[int, int]:
        """Token range of a description: the head with its numbers, adjectives and "de"
        complements, without determiners, relative clauses or other prepositions."""
        keep = {head.i}

        def walk(token, depth: int) -> None:
            for child in token.children:
                if _demonym_dep(child) and child.dep_ != "amod":
                    keep.add(child.i)  # "soldats kényans" with the adjective read as a name
                    continue
                if child.dep_ == "amod" and (_event_word(child) or "Pres" in child.morph.get("Tense") and "Part" in child.morph.get("VerbForm")):
                    continue  # "les soldats présents au Mali", "des jeunes portant la kippa": no part of a name
                glued = child.dep_ == "appos" and child.i == token.right_edge.i and not self.doc[child.i - 1].is_punct
                if _short_participle(child) and depth == 0:
                    # "des hommes armés non identifiés": participles that qualify, with their adverbs
                    keep.update(t.i for t in child.subtree)
                    continue
                if child.dep_ in DESCRIPTION_DEPS or glued or (child.dep_ == "advmod" and token.pos_ == "ADJ"):
                    keep.update(t.i for t in child.subtree if t.dep_ not in ("acl:relcl", "acl"))
                elif child.dep_ == "nmod" and case_of(child) in ("a", "pour", "en") and depth == 0 and child.i > token.i \
                        and child.pos_ == "NOUN" and len(list(child.subtree)) <= 4:
                    keep.update(t.i for t in child.subtree)  # "opposants aux élections", "gouvernement en exil"
                elif child.dep_ == "nmod" and case_of(child) in ("de", "d’") and depth < 2 and child.i > token.i:
                    # a relative clause of its own ends the description; one that agrees with the
                    # head, not the complement, is the head's ("deux hommes à bord d'une moto qui ont…")
                    if not any(t.dep_ == "acl:relcl" and _relative_agrees(t, child) for t in child.children):
                        keep.add(child.i)
                        keep.update(c.i for c in child.children if c.dep_ in ("case", "det") and c.i < child.i)
                        walk(child, depth + 1)

        walk(head, 0)
        for i in list(keep):  # a name inside a description is whole: "forces de sécurité du Burkina Faso"
            named = self.by_token.get(i)
            if named is not None and i != head.i:
                span = self.span(named)
                if span is not None:
                    keep.update(range(span.start, span.end))
        start, end = min(keep), max(keep) + 1
        # a contiguous stretch around the head: a gap means the parse strayed
        while start < head.i and (self.doc[start].pos_ in ("DET", "ADP", "PUNCT") or start not in keep):
            start += 1
        for i in range(head.i, end):
            if i not in keep or self.doc[i].is_punct:
                end = i
                break
        while end - 1 > head.i and self.doc[end - 1].pos_ in ("DET", "ADP", "CCONJ", "PUNCT"):
            end -= 1
        return start, min(end, start + MAX_DESCRIPTION_TOKENS)

    def _uncounted(self, head, start: int, end: int) -> str:
        """The words of a description without the figure that counts it ("400 soldats
        britanniques" → "soldats britanniques"); numbers in words stay ("deux agresseurs")."""
        doc = self.doc
        first = start
        while first < head.i and doc[first].text[:1].isdigit():
            first += 1
        words = doc[first:end].text.strip() if first < end else ""
        return words or doc[start:end].text.strip()

    def _description_aliases(self, head, start: int, end: int) -> list[str]:
        """Shorter forms the same words give: the head with the adjectives right after it
        ("hommes armés" of "hommes armés non identifiés"), the counted noun of a group."""
        aliases = []
        stop = head.i + 1
        while stop < end and (self.doc[stop].dep_ == "amod" or _short_participle(self.doc[stop])) and self.doc[stop].head.i == head.i:
            stop += 1
        if stop > head.i + 1:
            aliases.append(self.doc[head.i:stop].text)
        counting = fold(head.lemma_) in word_list("entities", "quantity-nouns")
        for child in head.children if counting else ():  # "un groupe de commerçants chinois" → "commerçants chinois"
            if child.dep_ == "nmod" and case_of(child) == "de" and start <= child.i < end and actor_nouns().get(fold(child.lemma_)):
                inner = [t.i for t in child.subtree if start <= t.i < end and t.dep_ not in ("case", "det")]
                if inner:
                    aliases.append(self.doc[min(inner):max(inner) + 1].text)
        return aliases

    def _qualified(self, head) -> bool:
        """A nationality or a name makes an institution one definite body: "l'armée égyptienne",
        "le gouvernement de Kigali", "la police du Burkina Faso"."""
        for child in head.children:
            if _demonym_dep(child):
                return True
            if child.dep_ in ("nmod", "flat:name", "appos") and child.i in self.by_token:
                return True
            if child.dep_ == "nmod" and case_of(child) == "de" and self._qualified(child):
                return True  # "les forces de sécurité afghanes", "la direction de l'aviation civile nigériane"
        return False

    def country_of(self, entity: EntityMention) -> EntityMention | None:
        """The country a description's nationality adjective names ("l'armée israélienne" → Israël)."""
        if entity.source != "description":
            return None
        span = self.span(entity)
        if span is None:
            return None
        head = span.root
        for child in head.children:
            if _demonym_dep(child) and span.start <= child.i < span.end:
                country = self.demonym(child)
                if country is not None:
                    return country
        return None

    # -- fillers -----------------------------------------------------------------

    def filler(self, token, allow_demonym: bool = False, describe: bool = True) -> EntityMention | None:
        """The entity filling a role headed by ``token`` (recorded as used).

        A group or title noun that is not a name itself stands for the name it
        governs; a noun with a person's name in apposition is that person; with
        ``allow_demonym``, a noun stands for the country its nationality
        adjective names ("l'armée américaine" → États-Unis) when it describes no
        actor of its own; with ``describe``, an actor noun phrase is a
        description entity.
        """
        return self.use(self._filler(token, allow_demonym, describe))

    def candidate(self, token, allow_demonym: bool = False, describe: bool = True) -> EntityMention | None:
        """The entity ``token`` would fill a role with, not recorded as used: an extractor
        asks before it knows the entity fits the role, and records it with ``use``."""
        return self._filler(token, allow_demonym, describe)

    def _filler(self, token, allow_demonym: bool, describe: bool) -> EntityMention | None:
        entity = self.by_token.get(token.i)
        if entity is not None:
            return entity
        cues = entity_cues()
        lemma = fold(token.lemma_)
        if lemma in cues.head or lemma in cues.title:
            named = [
                self.by_token[c.i]
                for c in token.children
                if c.dep_ in ("nmod", "appos", "flat:name") and c.i in self.by_token
                and self.by_token[c.i].kind in ACTOR_KINDS
            ]
            if lemma in cues.title:  # a title stands for the person named beside it
                named.sort(key=lambda e: e.kind != "person")
            if not named and lemma in cues.title:
                # "l'assassinat du général iranien, Qassem Soleimani": the name after a comma
                after = token.doc[token.right_edge.i + 1 : token.right_edge.i + 3]
                named = [self.by_token[t.i] for t in after if t.i in self.by_token and self.by_token[t.i].kind == "person"][:1]
            if named:
                return named[0]
        if lemma in word_list("entities", "place-pointer-nouns"):
            # "la ville de Djibo", "la province d'Ituri", "le centre de Bagdad": the place named
            for child in token.children:
                named = self.by_token.get(child.i)
                if named is not None and named.kind in PLACE_KINDS and child.dep_ in ("nmod", "appos", "flat:name", "flat") \
                        and case_of(child) in ("de", None):
                    return named
        if token.pos_ == "NOUN":  # "le journaliste Daniel Pearl", "un escadron de la mort, les Junglers": a name in apposition
            kind = actor_kind(token)
            for child in token.children:
                named = self.by_token.get(child.i)
                if named is None or child.dep_ not in ("appos", "flat:name", "nmod") or case_of(child) is not None:
                    continue
                if named.kind == "person" and _nearer_person_noun(token, child):
                    continue  # the name of the person noun just before it
                if named.kind == "person" or (kind in ("armed-group", "organization", "media") and named.kind in ACTOR_KINDS):
                    return named
        if token.pos_ == "NOUN" and actor_kind(token) is not None:
            named = self._named_beside(token, actor_kind(token))
            if named is not None:
                return named
        if token.pos_ == "NOUN" and actor_kind(token) in ("armed-group", "person") and "Plur" in token.morph.get("Number"):
            # "les rebelles du M23", "les combattants de l'État islamique": the group they make up
            for child in token.children:
                named = self.by_token.get(child.i)
                if named is not None and named.kind in ("armed-group", "organization") and child.dep_ == "nmod" \
                        and case_of(child) == "de" and not (named.source == "description"):
                    # and "les rebelles" after it are that group too
                    self.descriptions.setdefault(lemma, []).append((token.i, named))
                    self.descriptions[lemma].sort(key=lambda pair: pair[0])
                    return named
        description = self.description(token) if describe else None
        if description is not None and not (allow_demonym and description.local and description.kind == "organization"):
            return description
        if allow_demonym and token.pos_ in ("NOUN", "PROPN"):
            for child in token.children:
                if child.dep_ == "amod":
                    demonym = self.demonym(child)
                    if demonym is not None:
                        return demonym
        return description
