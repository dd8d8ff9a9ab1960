"""Find persons, organizations and places: spaCy NER spans, cleaned and typed.

Two sources: named-entity spans (trimmed of determiners, elisions, titles and
trailing prepositional phrases; junk such as one-letter spans dropped), and
place noun phrases that NER does not tag ("l'ambassade américaine"). Types come
from NER, refined by the cue words of ``kg/data/entity_cues.tsv`` and the
place names of ``kg/data/places.tsv``.
"""
from __future__ import annotations

from functools import lru_cache

from ..model import Article, EntityMention
from ..names import fold
from .identity import EntityIndex, agreeing
from .lexicon import entity_cues, gazetteer, known_organizations, mission_names, word_list
from .syntax import case_of, token_mention

CAPITALIZED_COMMON_NOUNS = word_list("entities", "capitalized-common-nouns")
GENERIC_INSTITUTION_NAMES = word_list("entities", "generic-institution-names")
FACILITY_SYNONYMS, FACILITY_NAMES = mission_names()
NER_KINDS = {"PER": "person", "ORG": "organization", "LOC": "place"}
# Prepositions that may sit inside a proper name ("Conseil de sécurité",
# "Bagdad al-Jadidat"); any other one ends the name ("Zone verte sous haute sécurité").
NAME_INTERNAL_PREPOSITIONS = word_list("entities", "name-internal-prepositions")
ORGANIZATION_PREPOSITIONS = word_list("entities", "organization-prepositions")
NAME_PARTICLES = word_list("entities", "name-particles")
# Kinds that a cue may not override: a known country stays a country.
GAZETTEER_KINDS = frozenset({"country", "city"})


def _is_elision(token) -> bool:
    return len(token.text) <= 3 and token.text[-1:] in ("’", "'")


def _is_name_particle(token) -> bool:
    """Lower-case parts of names: "al-Kazimi", "el-Sissi", "bin Salman"."""
    return fold(token.text).split("-")[0] in NAME_PARTICLES


def _apposition_cue(tokens, span_ids: set[int]):
    """The kind a cue noun in apposition gives: "Noujaba, l'un des groupuscules…",
    "une des factions…, Harakat al-Nujaba"."""
    cues = entity_cues()
    around = []
    for token in tokens:
        if token.dep_ == "appos" and token.head.i not in span_ids:
            around.append(token.head)
        around += [c for c in token.children if c.dep_ == "appos" and c.i not in span_ids]
    for token in around:
        if fold(token.lemma_) in cues.title or fold(token.head.lemma_) in cues.title:
            return None  # "X, leader de ces milices", "le chef du groupe, X": a person with a title
        # "l'un des X": the cue is the complement of the pronoun
        for candidate in (token, *(c for c in token.children if c.dep_ == "nmod")):
            kind = cues.head.get(fold(candidate.lemma_))
            if kind is not None:
                return kind
    return _apposition_cue_by_position(tokens)


def _apposition_cue_by_position(tokens):
    """The same, read off the word order when the parse missed the apposition:
    "Name, l'un des groupuscules", "…des factions soutenues par X, Name,"."""
    cues = entity_cues()
    doc = tokens[0].doc
    after = doc[tokens[-1].i + 1 : tokens[-1].i + 6]
    if len(after) and after[0].text == ",":
        for token in after[1:]:
            kind = cues.head.get(fold(token.lemma_))
            if kind is not None and token.pos_ == "NOUN":
                return kind
            if token.pos_ not in ("DET", "PRON", "ADP", "NUM"):
                break
    start = tokens[0].i
    if start > 0 and doc[start - 1].text == "," and tokens[0].ent_type_ != "PER":
        for token in reversed(doc[max(start - 10, 0) : start - 1]):
            if token.pos_ in ("AUX", "PUNCT") or (token.pos_ == "VERB" and "Part" not in token.morph.get("VerbForm")):
                break
            if fold(token.lemma_) in cues.title:
                break  # "le chef du groupe, Abou Bakr al-Baghdadi": the name is the chief's
            kind = cues.head.get(fold(token.lemma_))
            if kind is not None and token.pos_ == "NOUN":
                return kind
    return None


def _clean_ner_span(ent):
    """Return (start_i, end_i, kind or None) for a NER span, or None if it is junk."""
    cues = entity_cues()
    tokens = list(ent)
    kind = NER_KINDS.get(ent.label_)
    titled = portfolio = False
    # leading determiners, prepositions, elisions, titles and place prefixes
    while tokens:
        first = tokens[0]
        lemma = fold(first.lemma_)
        if first.pos_ in ("ADP", "PUNCT", "CCONJ") or _is_elision(first):
            if titled and first.pos_ == "ADP":
                titled = False  # "Secrétaire général des Nations-Unies": the title's complement, no person
                portfolio = True
            tokens.pop(0)
        elif first.pos_ == "DET" and (first.text[:1].islower() or first.is_sent_start):
            tokens.pop(0)  # "la Zone verte"; but "Le Figaro" keeps its article
        elif lemma in cues.title or fold(first.text) in cues.title:
            tokens.pop(0)
            titled = True
        elif titled and first.text[:1].islower() and not _is_name_particle(first):
            tokens.pop(0)  # "Premier ministre irakien Moustafa al-Kazimi": the title's adjectives
        elif portfolio and lemma in CAPITALIZED_COMMON_NOUNS and len(tokens) > 1 and all(t.pos_ == "PROPN" for t in tokens[1:]):
            tokens.pop(0)  # "ministre de la Défense Mark Esper": the portfolio, then the minister's name
            titled, portfolio = True, False
        elif first.text[:1].islower() and lemma in cues.prefix:
            kind = cues.prefix[lemma]
            tokens.pop(0)
        else:
            break
    # cut at a preposition that cannot belong to a name; an organization's name keeps its own
    # ("Front pour la libération", "Centre de lutte contre le terrorisme"), a place's does not
    # ("Zone verte sous haute sécurité")
    keeps = NAME_INTERNAL_PREPOSITIONS | (ORGANIZATION_PREPOSITIONS if ent.label_ in ("ORG", "MISC") else frozenset())
    table = known_organizations()
    for size in range(min(4, len(tokens) - 1), 0, -1):  # "Nations-Unies pour l'Afrique": a known name ends there
        if fold("".join(t.text_with_ws for t in tokens[:size]).strip()) in table and tokens[size].pos_ == "ADP" \
                and fold(tokens[size].text) not in NAME_INTERNAL_PREPOSITIONS:
            tokens = tokens[:size]
            break
    for position, token in enumerate(tokens[1:], start=1):
        if token.pos_ == "ADP" and fold(token.lemma_) not in keeps and fold(token.text) not in keeps:
            tokens = tokens[:position]
            break
    while tokens and (tokens[-1].pos_ in ("PUNCT", "DET", "ADP", "CCONJ") or _is_elision(tokens[-1])):
        tokens.pop()
    if not tokens:
        return None
    if titled and kind in (None, "organization"):
        kind = "person"  # what follows a title is a person's name
    text = "".join(t.text_with_ws for t in tokens).strip()
    if len(text) < 2 or not any(c.isalpha() for c in text):
        return None
    if not any(t.text[:1].isupper() for t in tokens):
        return None
    if all(t.pos_ in ("VERB", "AUX", "ADV", "ADJ", "PRON", "SCONJ") for t in tokens):
        return None  # a capitalized verb or adjective at sentence start
    if not any(t.pos_ == "PROPN" for t in tokens) and any(fold(t.lemma_) in cues.title for t in tokens):
        return None  # a function ("Premier ministre irakien"), not a name
    span_ids = {t.i for t in tokens}
    portfolio = len(tokens) <= 2 and not any(t.pos_ == "PROPN" for t in tokens)  # "la Défense", "Affaires étrangères"
    if ent.label_ != "PER" and portfolio and any(  # not "le premier ministre d'Hosni Moubarak", "membres du Mouvement national…"
        t.head.i not in span_ids and fold(t.head.lemma_) in cues.title and t.dep_ == "nmod"
        and any(c.dep_ == "case" for c in t.children)
        for t in tokens
    ):
        return None  # a complement of a title: "secrétaire à la Défense", "secrétaire d'Etat"
    first_lemma = fold(tokens[0].lemma_)
    if first_lemma in cues.place_noun:
        kind = cues.place_noun[first_lemma]  # "Zone verte", "Base K1"
    elif first_lemma in cues.head:
        kind = cues.head[first_lemma]  # "Agence France Presse"
    else:
        # a cue noun governing the name from outside it: "brigades du Hezbollah"
        for token in tokens:
            head = token.head
            indefinite = any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in head.children)
            if indefinite and token.dep_ == "nmod":
                continue  # "une église de Kaduna": where the church is, not its name
            if ent.label_ == "LOC" and token.dep_ == "nmod" and case_of(token) == "de" and "Plur" in head.morph.get("Number") \
                    and _known_organization(ent.text) is None:
                continue  # "les groupes armés du Nord": where the groups are from, not a group's name
            between = token.doc[min(head.i, token.i) + 1 : max(head.i, token.i)]
            if any(t.is_punct for t in between):
                continue  # "le quotidien Le Soir à Tunis, Claire Dubois": a comma ends the cue's reach
            if head.i not in span_ids and token.dep_ in ("nmod", "appos", "flat:name", "flat") and fold(head.lemma_) in cues.head:
                kind = cues.head[fold(head.lemma_)]
                break
        else:
            kind = _apposition_cue(tokens, span_ids) or kind
    return tokens[0].i, tokens[-1].i + 1, kind


# dependents that stay inside a described place's name ("base aérienne du K1")
PHRASE_DEPS = frozenset({"amod", "flat", "flat:name", "fixed", "compound", "nummod"})


def _phrase_right(token) -> int:
    """Index of the last token of a qualifier: adjectives, flat names and "de" complements."""
    right = token.i
    for child in token.children:
        if child.i < token.i or child.pos_ == "PUNCT":
            continue
        keeps = child.dep_ in PHRASE_DEPS or (
            child.dep_ == "nmod" and any(fold(c.lemma_) in ("de", "d'") for c in child.children if c.dep_ == "case")
        )
        if keeps:
            right = max(right, _phrase_right(child))
    return right


def _qualified_place_phrase(token, name_spans: list[tuple[int, int]]):
    """For a common place noun qualified by a nationality or a name, its phrase end."""
    gaz = gazetteer()
    named_tokens = {i for start, end in name_spans for i in range(start, end)}
    right = None
    for child in token.children:
        if child.i < token.i:
            continue
        if child.dep_ == "amod" and (fold(child.lemma_) in gaz.demonyms or fold(child.text) in gaz.demonyms):
            right = max(right or 0, child.i)
        elif child.dep_ in ("nmod", "flat:name") and (
            child.pos_ == "PROPN" or child.i in named_tokens or child.text[:1].isupper()
        ) and any(fold(c.lemma_) in ("de", "d'") for c in child.children if c.dep_ == "case"):
            right = max(right or 0, _phrase_right(child))
    if right is None:
        return None
    for start, end in name_spans:  # never cut a name in two ("d'Aïn al-Assad")
        if start <= right < end:
            right = end - 1
    return right + 1


def _national_facility_name(token, end_i: int, found: dict, spans: dict) -> str | None:
    """One name for a state's mission abroad, however the text words it: "l'ambassade
    américaine", "l'ambassade des Etats-Unis", "la chancellerie américaine", "les troupes et
    l'ambassade américaines" are "ambassade américaine"; "à Bagdad" or "en Irak" in the phrase
    (or just after it) adds its host country: "ambassade américaine (Irak)"."""
    gaz = gazetteer()
    doc = token.doc
    canonical = _facility_canonical(token)
    if canonical is None:
        return None
    by_token = {i: found[key] for key, (start, end) in spans.items() for i in range(start, end)}
    country = None
    for child in token.children:
        if child.dep_ == "amod":
            country = gaz.demonyms.get(fold(child.text)) or gaz.demonyms.get(fold(child.lemma_)) or country
        elif child.dep_ == "nmod" and case_of(child) == "de" and child.i in by_token and by_token[child.i].kind == "country":
            country = by_token[child.i].name
    if country is None:
        return None
    host = None
    after = [c for c in token.children if c.dep_ in ("nmod", "obl") and case_of(c) in ("a", "en", "dans")]
    after += [t for t in doc[end_i : end_i + 3] if t.i in by_token]
    for word in after:
        place = by_token.get(word.i)
        if place is None:
            continue
        if place.kind == "country" and place.name != country:
            host = place.name
        elif place.kind == "city":
            known = gaz.places.get(fold(place.name))
            host = known.country if known is not None and known.country and known.country != country else host
        if host:
            break
    adjectives = [a for a in gaz.adjectives.get(country, ()) if fold(a) not in gaz.ambiguous_demonyms]
    adjective = agreeing(adjectives, FACILITY_NAMES[canonical] == "f", False)
    if adjective is None:
        return None
    name = f"{canonical} {adjective}"
    return f"{name} ({host})" if host else name


def _facility_canonical(token) -> str | None:
    """The one noun of a kind of mission: "chancellerie" is an embassy; "mission diplomatique" too."""
    lemma = fold(token.lemma_)
    qualified = " ".join([lemma, *(fold(c.lemma_) for c in token.children if c.dep_ == "amod" and c.i == token.i + 1)])
    return FACILITY_SYNONYMS.get(qualified) or FACILITY_SYNONYMS.get(lemma)


NON_ACTING_VERBS = word_list("entities", "non-acting-verbs")
STATE_INSTITUTIONS = word_list("entities", "state-institutions")
LOCATIVE_CASES = word_list("entities", "locative-cases")
DEFINITE_DETERMINERS = word_list("syntax", "definite-determiners")


def _acts(span) -> bool:
    """A place name in the position of an actor stands for its government: the subject
    of an action verb ("Washington accuse", "Téhéran a répondu"), the agent of a passive
    ("frappé par Téhéran") or the source of a report ("selon le Kremlin"); a place
    where things are ("Bagdad est situé", "à Bagdad") does not act."""
    root = span.root
    verb = root.head
    if root.dep_ in ("nsubj", "csubj") and verb.i != root.i:
        return (verb.pos_ == "VERB" and fold(verb.lemma_) not in NON_ACTING_VERBS
                and not any(c.dep_ == "cop" for c in verb.children))
    if root.dep_ == "obl:agent" or (root.dep_.startswith(("obl", "nmod")) and case_of(root) == "par"):
        return True
    if root.dep_.startswith(("obl", "nmod")) and case_of(root) in word_list("claims", "source-cases"):
        return True
    return False


def _add_definite_references(article: Article, doc, found: dict, spans: dict) -> None:
    """ "l'ambassade" after "l'ambassade américaine": a bare definite place noun that
    refers back to the one place of that noun named before it in the article."""
    cues = entity_cues()
    named: dict[str, set[str]] = {}  # head lemma → names seen so far
    first_token = {key: doc[start].i for key, (start, _end) in spans.items()}
    ordered = sorted(found, key=lambda key: key[0])
    seen_until = 0
    covered = {i for start, end in spans.values() for i in range(start, end)}
    for token in doc:
        while seen_until < len(ordered) and first_token[ordered[seen_until]] <= token.i:
            entity = found[ordered[seen_until]]
            if entity.source == "place-noun":
                head = fold(doc[first_token[ordered[seen_until]]].lemma_)
                named.setdefault(head, set()).add(entity.name)
            seen_until += 1
        lemma = fold(token.lemma_)
        if token.pos_ != "NOUN" or lemma not in cues.place_noun or token.i in covered:
            continue
        determiners = [c for c in token.children if c.dep_ == "det"]
        qualified = any(c.dep_ in ("amod", "nmod", "flat:name", "appos") for c in token.children)
        if qualified or len(determiners) != 1 or fold(determiners[0].text) not in DEFINITE_DETERMINERS:
            continue
        candidates = named.get(lemma, set())
        if len(candidates) == 1:
            mention = token_mention(article, doc, token.i, token.i + 1)
            key = (mention.start, mention.end)
            found[key] = EntityMention(mention, next(iter(candidates)), cues.place_noun[lemma], source="reference")
            spans[key] = (token.i, token.i + 1)


def _repair_span(doc, start_i: int, end_i: int, kind):
    """Mend a name NER cut short: a line break ends it ("Steve Rosenberg" | "Rédacteur"); an
    outlet's name takes the words that name its edition ("BBC Afrique", "BBC Grands Lacs");
    a noun of geography or a place noun written just before it is part of it ("la place
    Tahrir", "la région de Pskov", "l'aéroport international Murtala-Muhammed")."""
    cues = entity_cues()
    for i in range(start_i, end_i - 1):
        if "\n" in doc[i].whitespace_ or "\n" in doc[i + 1].text or doc[i + 1].text in (":", ";", "|", "•"):
            end_i = i + 1  # "Afrique de l'Ouest Terrorisme: l'Ouganda", glued link headlines
            break
    if kind == "organization" and end_i + 1 < len(doc) and fold(doc[end_i].text) in ("de", "du", "des", "d'") \
            and doc[end_i + 1].text[:1].isupper() and doc[end_i + 1].pos_ == "PROPN":
        # "l'Association des banques | du Myanmar", "la Cour suprême | du Kenya": the name goes on
        end_i += 2
        while end_i < len(doc) and end_i - start_i < 8 and doc[end_i].pos_ == "PROPN" and doc[end_i].text[:1].isupper():
            end_i += 1
    for size in (3, 2, 1):  # "l'Agence France | Presse": the lexicon's name goes on past NER's span
        following = range(end_i, end_i + size)
        if end_i + size <= len(doc) and all(doc[j].text[:1].isupper() and "\n" not in doc[j - 1].whitespace_ for j in following) \
                and _known_organization(doc[start_i : end_i + size].text) is not None:
            end_i += size
            break
    known = _known_organization(doc[start_i:end_i].text)
    if known is not None and known.kind == "media":
        while end_i < len(doc) and end_i - start_i < 4 and doc[end_i].text[:1].isupper() and doc[end_i].pos_ in ("PROPN", "NOUN", "ADJ") \
                and "\n" not in doc[end_i - 1].whitespace_:
            end_i += 1
    first = start_i - 1
    while first >= 0 and fold(doc[first].text) in ("de", "du", "des", "d'", "d") :
        first -= 1
    while first >= 0 and doc[first].pos_ == "ADJ" and doc[first].is_lower and first > 0 and doc[first - 1].pos_ == "NOUN":
        first -= 1  # "l'aéroport international | Murtala-Muhammed"
    if first >= 0 and doc[first].is_lower and doc[first].pos_ == "NOUN":
        lemma = fold(doc[first].lemma_)
        if lemma in cues.geo_head:
            return first, end_i, cues.geo_head[lemma]
        if lemma in cues.place_noun and cues.place_noun[lemma] == "facility" and first == start_i - 1:
            return first, end_i, "facility"  # "l'école Ozar Hatorah", "la prison Evin"
    return start_i, end_i, kind


def _in_place_phrase(span) -> bool:
    """A name after a locative preposition ("à", "dans", "près de", "vers", "depuis"), not the
    addressee of a verb of speech ("a déclaré à Jean")."""
    root = span.root
    case = case_of(root)
    if case == "de" and root.dep_ == "nmod" and fold(root.head.lemma_) in word_list("entities", "place-pointer-nouns"):
        return True  # "la ville frontalière de Bunagana", "le comté de Rebkong"
    if case not in LOCATIVE_CASES or not root.dep_.startswith(("obl", "nmod")):
        return False
    governor = root.head
    return not (case == "a" and governor.pos_ == "VERB" and fold(governor.lemma_) in word_list("entities", "dative-verbs"))


def _place_kind(place) -> str:
    """The entity kind of a known place: a seat of government is a facility, a region a place."""
    return {"seat": "facility", "region": "place"}.get(place.kind, place.kind)


def _known_organization(name: str):
    """The organization a name is or begins with ("BBC Afrique" is an outlet of the BBC)."""
    table = known_organizations()
    folded = fold(name)
    if folded in table:
        return table[folded]
    words = folded.split()
    for size in range(len(words) - 1, 0, -1):
        known = table.get(" ".join(words[:size]))
        if known is not None and known.kind == "media":
            return known
    return None


def _joined_ents(doc) -> list:
    """NER's spans, with the pieces of one name it cut joined: two person spans that touch
    ("prince royal Ras Makonnen" + "Wolde Mikael"), two place spans around a capitalized
    elision ("Fada" + "N'" + "Gourma", as in "N'Djamena") or a hyphen ("Addis" + "-" + "Abeba")."""
    from spacy.tokens import Span

    joined = []
    for ent in doc.ents:
        if joined:
            last = joined[-1]
            touching = last.label_ == ent.label_ == "PER" and last.end == ent.start
            elided = last.label_ == ent.label_ == "LOC" and ent.start == last.end + 1 \
                and _is_elision(doc[last.end]) and doc[last.end].text[:1].isupper() and not doc[last.end].whitespace_
            # "Addis" + "-" + "Abeba": a hyphen with no space around it is inside one name
            hyphened = last.label_ == ent.label_ and ent.start == last.end + 1 and doc[last.end].text == "-" \
                and not doc[last.end - 1].whitespace_ and not doc[last.end].whitespace_
            if touching or elided or hyphened:
                joined[-1] = Span(doc, last.start, ent.end, label=ent.label_)
                continue
        joined.append(ent)
    return joined


def _people_noun(ent) -> bool:
    """ "les Afghans", "des Tutsis", "un Belge": a people or a nationality named by a plural
    or a demonym noun, which NER takes for a place or a person; not an actor or a place."""
    if len(ent) != 1:
        return False
    token = ent[0]
    folded = fold(token.text)
    if folded in gazetteer().places or folded in known_organizations():
        return False
    if folded in gazetteer().demonyms or fold(token.lemma_) in gazetteer().demonyms:
        return True
    return "Plur" in token.morph.get("Number") and token.text[:1].isupper() and token.text.endswith(("s", "x"))


def _capitalized_common_noun(ent) -> bool:
    """A one-word span the tagger reads as a common noun ("coup d'État", "l'Ouest",
    "Election"): a capitalized word, not a name."""
    if len(ent) != 1 or ent[0].pos_ != "NOUN" or fold(ent[0].text) in gazetteer().places \
            or fold(ent[0].text) in known_organizations():
        return False
    token = ent[0]
    # a name the tagger took for a noun, written capitalized inside a sentence and read by NER
    # as a place or a body: "ont capturé Palma", "la dissolution du Parlement", "de Total"
    named = ent.label_ in ("LOC", "ORG") and not token.is_sent_start and token.i > 0 \
        and not token.doc[token.i - 1].is_punct and fold(token.lemma_) not in CAPITALIZED_COMMON_NOUNS \
        and fold(token.text) not in CAPITALIZED_COMMON_NOUNS
    return not named


def _heading_words(ent) -> bool:
    """A line of common words alone, capitalized as its first word ("Occupation
    américaine", "Menace terroriste"): an article's subheading, not a name."""
    words = [t for t in ent if not t.is_space]
    if not words:
        return False
    doc, first, last = ent.doc, words[0], words[-1]
    alone = (first.i == 0 or "\n" in doc[first.i - 1].whitespace_ or "\n" in doc[first.i - 1].text) \
        and (last.i + 1 == len(doc) or "\n" in last.whitespace_ or "\n" in doc[last.i + 1].text)
    return alone and first.pos_ == "NOUN" and all(t.is_lower for t in words[1:]) \
        and fold(ent.text) not in known_organizations() and fold(ent.text) not in gazetteer().places


@lru_cache(maxsize=1)
def _organization_name_prefixes() -> frozenset[str]:
    """Every beginning of every lexicon name, lower-cased and folded: a token that begins none
    of them begins no name, and is skipped without building a window (the scan is per token)."""
    names = {form for known in known_organizations().values() for name in known.names for form in (name.lower(), fold(name))}
    return frozenset(name[:k] for name in names for k in range(1, len(name) + 1))


def _known_organization_names(doc, covered: set[int]):
    """Known organizations NER missed, written as the lexicon writes them ("l'ONU", "les
    Nations-Unies", "les talibans", "le groupe État islamique") or capitalized as a name in
    another case ("Nations-unies"): up to four tokens."""
    table = known_organizations()
    prefixes = _organization_name_prefixes()
    tokens = list(doc)  # one Token object each, made once
    n = len(tokens)
    i = 0
    while i < n:
        token = tokens[i]
        if i in covered or token.is_punct or token.is_space or token.lower_ not in prefixes:
            i += 1
            continue
        for size in (4, 3, 2, 1):
            if i + size > n or any(j in covered or tokens[j].is_space for j in range(i, i + size)):
                continue
            written = "".join(t.text_with_ws for t in tokens[i : i + size]).rstrip()
            if written.lower() not in prefixes and fold(written) not in prefixes:
                continue
            known = table.get(fold(written))
            if known is not None and (written in known.names or written[:1].isupper()):
                yield i, i + size, known
                i += size
                break
        else:
            i += 1


def _organizations_inside(doc, found: dict, spans: dict):
    """Known organizations an organization's name is part of: "le Conseil de sécurité de l'ONU"
    names the UN too. The inner name follows "de" and runs to the end of the outer one."""
    table = known_organizations()
    for key, (start, end) in list(spans.items()):
        if found[key].kind not in ("organization", "armed-group", "media") or end - start < 3:
            continue
        for i in range(start + 1, end - 1):
            if fold(doc[i].text) not in ("de", "du", "des", "d'"):
                continue
            first = i + 1 + (doc[i + 1].pos_ == "DET" or _is_elision(doc[i + 1]))
            window = doc[first:end]
            known = table.get(fold(window.text)) if len(window) else None
            if known is not None and fold(known.label) != fold(found[key].name):
                yield first, end, known
                break


def _known_place_names(doc, covered: set[int]):
    """Capitalized words NER missed that name a known country or city ("péri dans l'attentat de
    Mogadiscio", "l'Ouganda"): the longest run of up to four tokens that is a known place."""
    places = gazetteer().places
    i = 0
    while i < len(doc):
        if i in covered or not doc[i].text[:1].isupper():
            i += 1
            continue
        for size in (4, 3, 2, 1):  # "Afrique de l'Ouest" is four tokens
            window = doc[i : i + size]
            if len(window) == size and not any(t.i in covered for t in window) and fold(window.text) in places \
                    and window[-1].text[:1].isupper() and not (doc[i].is_sent_start and size == 1 and doc[i].pos_ != "PROPN"):
                yield i, i + size, places[fold(window.text)]
                i += size
                break
        else:
            i += 1


def _acronym_appositions(article: Article, doc, found: dict, spans: dict) -> None:
    """ "la Ligue nationale pour la démocratie (NLD)": the acronym in brackets after a name
    is that name; both mentions get the full name, so that they are one node."""
    by_end = {end: key for key, (_start, end) in spans.items()}
    for key, (start, end) in list(spans.items()):
        entity = found[key]
        if end - start != 1 or not entity.mention.quote.isupper() or start < 2:
            continue
        if doc[start - 1].text != "(" or end >= len(doc) or doc[end].text != ")":
            continue
        previous = by_end.get(start - 1)
        if previous is None:
            continue
        full = found[previous]
        if full.kind in ("organization", "armed-group", "media") and len(full.name) > len(entity.name):
            found[key] = EntityMention(entity.mention, full.name, full.kind, "acronym")


def _one_kind_per_name(found: dict) -> None:
    """A name is of one kind in one article: where NER types "Palma" a person in one
    sentence and a place in the next, the kind most readings give, a cue's or a lexicon's
    counting more than NER's (organizations first on a tie, as NER errs towards places and
    persons)."""
    by_name: dict[str, list] = {}
    for key, entity in found.items():
        if entity.source in ("ner", "cue", "gazetteer", "lexicon"):
            by_name.setdefault(fold(entity.name), []).append(key)
    order = ("armed-group", "media", "organization", "country", "city", "facility", "area", "place", "person")
    for keys in by_name.values():
        kinds = [found[k].kind for k in keys]
        if len(set(kinds)) < 2:
            continue
        # a cue or a lexicon counts for one and a half NER readings: "le parti d'Alpha Condé"
        # (a cue) does not make an organization of a name NER twice read as a person's
        weight = {k: 0.0 for k in kinds}
        for k in keys:
            weight[found[k].kind] += 1.0 if found[k].source == "ner" else 1.5
        kind = min(weight, key=lambda k: (-weight[k], order.index(k) if k in order else len(order)))
        for k in keys:
            if found[k].kind != kind:
                found[k] = EntityMention(found[k].mention, found[k].name, kind, found[k].source)


def extract_entities(article: Article, doc) -> EntityIndex:
    """Every named thing of one parsed article, indexed by token (``kg.extract.identity``)."""
    gaz = gazetteer()
    cues = entity_cues()
    found: dict[tuple[int, int], EntityMention] = {}
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    repaired = []
    for ent in _joined_ents(doc):
        if _people_noun(ent) or _capitalized_common_noun(ent) or _heading_words(ent):
            continue
        cleaned = _clean_ner_span(ent)
        if cleaned is not None:
            repaired.append((*_repair_span(doc, *cleaned), NER_KINDS.get(ent.label_)))
    for start_i, end_i, kind, ner_kind in repaired:
        if any(s <= start_i and end_i <= e and (s, e) != (start_i, end_i) for s, e, _k, _n in repaired):
            continue  # "Afrique" of "BBC Afrique", now inside the outlet's name
        mention = token_mention(article, doc, start_i, end_i)
        name = mention.quote
        known = gaz.places.get(fold(name))
        if known is None and ner_kind == "place":
            known = gaz.misspelt(fold(name))  # "Ougadougou": a typo of a known place
        organization = _known_organization(name)
        source = "ner" if kind == ner_kind else "cue"
        if known is not None:
            kind, name, source = _place_kind(known), known.label, "gazetteer"
            if known.kind in ("city", "seat") and known.country and _acts(doc[start_i:end_i]):
                kind, name, source = "country", known.country, "metonymy"  # "Washington accuse…", "le Kremlin a…"
        elif (kind in ("person", "place") or (kind is None and end_i - start_i == 1 and case_of(doc[start_i]) != "de")) \
                and _in_place_phrase(doc[start_i:end_i]):  # a one-word MISC "à Villeurbane"; not "de Halloween"
            kind, source = "place", "cue"  # "à Palma", "près de Kidal": a name there is a place, whatever NER says
        elif organization is not None and fold(name) in known_organizations():
            kind, name, source = organization.kind, organization.label, "lexicon"  # "ONU", "Nations unies": one name
        elif organization is not None:
            kind, source = organization.kind, "lexicon"
        if kind is None:
            continue  # MISC with no cue: a name of something we do not model yet
        found[(mention.start, mention.end)] = EntityMention(mention, name, kind, source)
        spans[(mention.start, mention.end)] = (start_i, end_i)
    covered = {i for start, end in spans.values() for i in range(start, end)}
    for start_i, end_i, known in _known_organization_names(doc, covered):
        mention = token_mention(article, doc, start_i, end_i)
        found[(mention.start, mention.end)] = EntityMention(mention, known.label, known.kind, "lexicon")
        spans[(mention.start, mention.end)] = (start_i, end_i)
    for start_i, end_i, known in _organizations_inside(doc, found, spans):
        mention = token_mention(article, doc, start_i, end_i)
        found[(mention.start, mention.end)] = EntityMention(mention, known.label, known.kind, "lexicon")
        spans[(mention.start, mention.end)] = (start_i, end_i)
    covered = {i for start, end in spans.values() for i in range(start, end)}
    for start_i, end_i, place in _known_place_names(doc, covered):
        mention = token_mention(article, doc, start_i, end_i)
        kind, name, source = _place_kind(place), place.label, "gazetteer"
        if place.kind in ("city", "seat") and place.country and _acts(doc[start_i:end_i]):
            kind, name, source = "country", place.country, "metonymy"
        found[(mention.start, mention.end)] = EntityMention(mention, name, kind, source)
        spans[(mention.start, mention.end)] = (start_i, end_i)
    name_spans = sorted(spans.values())
    for token in doc:
        lemma = fold(token.lemma_)
        if token.pos_ != "NOUN" or not token.text[:1].islower() or lemma not in cues.place_noun:
            continue
        end_i = _qualified_place_phrase(token, name_spans)
        if end_i is None:
            continue
        mention = token_mention(article, doc, token.i, end_i)
        key = (mention.start, mention.end)
        if key not in found:
            name = _national_facility_name(token, end_i, found, spans) or mention.quote
            found[key] = EntityMention(mention, name, cues.place_noun[lemma], source="place-noun")
            spans[key] = (token.i, end_i)
    _add_definite_references(article, doc, found, spans)
    _acronym_appositions(article, doc, found, spans)
    _one_kind_per_name(found)
    for key, entity in found.items():
        if entity.kind == "organization" and fold(entity.name) in GENERIC_INSTITUTION_NAMES:
            # "l'Assemblée nationale" of a Gambian story is not France's: one article's, as
            # "l'armée" is, unless qualified ("l'Assemblée nationale du Québec")
            found[key] = EntityMention(entity.mention, entity.name, entity.kind, entity.source, local=True)
    index = EntityIndex(article, doc, [found[key] for key in sorted(found)], spans)
    for token in doc:  # "l'armée égyptienne", "le gouvernement de Kigali": a state's institution, named by its state
        if token.pos_ == "NOUN" and token.i not in index.by_token and fold(token.lemma_) in STATE_INSTITUTIONS \
                and any(c.dep_ == "det" and fold(c.lemma_) in DEFINITE_DETERMINERS for c in token.children):
            described = index.description(token)
            if described is not None and (not described.local or _functional(token)):
                index.use(described)
    return index


def _functional(token) -> bool:
    """ "la commission électorale", "la police ferroviaire": an adjective of function right after
    the institution makes it one body of the article, even with no state named; in the plural
    ("toutes les forces vives de la nation") it names a kind, not one body."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and "Plur" not in token.morph.get("Number") and following.dep_ == "amod" and following.head.i == token.i \
        and following.pos_ == "ADJ" and following.is_lower and "Part" not in following.morph.get("VerbForm")
