"""Find claims: who says what, of which kind, how firmly, through which outlet.

A claim is anchored on a word of attribution from ``kg/data/claim_verbs.tsv``
("accuser", "affirmer", "confirmer", "démentir", "menacer", "revendiquer"…) or
on "selon X" / "d'après X". The speaker is read off the parse in both word
orders ("X a déclaré que…", "…, a déclaré X"), through relative pronouns
("Trump, qui a accusé…"), participles ("…, affirmant que…") and personal
pronouns (the previous speaker). Speakers with no name become anonymous
sources ("une source militaire américaine"). The claim's words are its
statement, as written. Modality marks it hedged ("semble persuadé", "aurait",
"censées"); negation and refusal are kept as such ("a refusé de commenter"),
never turned into the opposite claim.
"""
from __future__ import annotations

from dataclasses import replace

from ..model import Article, ClaimMention, EntityMention
from ..names import fold
from ..vocabulary import ATTACK_CLASSES
from .identity import ACTOR_KINDS, EntityIndex
from .lexicon import claim_verbs, entity_cues, word_list
from .syntax import case_of, is_passive, negated, token_mention, verb_lemma

# --- tables -------------------------------------------------------------------

ACCUSATION_WORDS = word_list("claims", "accusation-words")
THREAT_WORDS = word_list("claims", "threat-words")
HEDGE_WORDS = word_list("claims", "hedge-words")
HEDGE_GOVERNORS = word_list("claims", "hedge-governors")
UNSAID_GOVERNORS = word_list("claims", "unsaid-governors")
REFUSAL_GOVERNORS = word_list("claims", "refusal-governors")
SOURCE_CASES = word_list("claims", "source-cases")
SPOKESMAN_NOUNS = word_list("claims", "spokesman-nouns")
STATE_NOUNS = word_list("claims", "state-nouns")
PRONOUNS = word_list("claims", "pronouns")
OBJECT_CLITICS = word_list("claims", "object-clitics")
NAMING_VERBS = word_list("claims", "naming-verbs")
BELIEF_ADJECTIVES = word_list("claims", "belief-adjectives")
REPORTING_PASSIVES = word_list("claims", "reporting-passives")
ANAPHORIC_CONTENT_NOUNS = word_list("claims", "anaphoric-content-nouns")
REPORTING_VERBS = word_list("claims", "reporting-verbs")
QUOTE_MARKS = "«»“”\"‘’"
MAX_STATEMENT_TOKENS = 80


def _is_elided_article(token) -> bool:
    return fold(token.text) in ("l'", "l")


class _Speakers:
    """Resolve a speaker's words to an entity, remembering the last speaker for pronouns."""

    def __init__(self, index: EntityIndex):
        self.index = index
        self.last: EntityMention | None = None

    def resolve(self, token) -> EntityMention | None:
        """The entity a speaker's word names (not yet recorded as used)."""
        index = self.index
        lemma = fold(token.lemma_)
        if fold(token.text) in PRONOUNS or (lemma == "dernier" and token.pos_ in ("ADJ", "NOUN", "PRON")):
            # "a-t-il précisé", "ce dernier a affirmé": the last speaker, unless a person was named
            # since ("Gilles Simeoni a appris… Très ému, il confie…")
            antecedent = self._antecedent(token)
            if antecedent is not None and (self.last is None or (antecedent.kind == "person"
                                                                 and antecedent.mention.start > self.last.mention.start)):
                return antecedent
            return self.last
        if lemma == "un" and token.pos_ == "PRON":  # "Noujaba, l'un des groupuscules…": the name before
            i = token.i - 1
            while i > token.sent.start and (token.doc[i].pos_ in ("DET", "PUNCT") or _is_elided_article(token.doc[i])):
                i -= 1
            named = index.at(token.doc[i])
            if named is not None and named.kind in ACTOR_KINDS:
                return named
        if lemma in STATE_NOUNS:  # "l'armée congolaise" is the army; "le régime" the country named before
            described = index.description(token)
            if described is not None and not described.local:
                return described
            entity = index.filler(token, allow_demonym=True, describe=False) or self._country_before(token)
            if entity is not None:
                return entity
        entity = index.filler(token, describe=False)
        if entity is not None and entity.kind in ("city", "facility"):
            entity = index.acting(entity)  # "Washington", "le Kremlin" speak for a state
        if entity is not None and entity.kind in ACTOR_KINDS:
            return entity
        if lemma in entity_cues().title:  # "le chef de la diplomatie européenne Josep Borrell"
            for part in token.subtree:
                named = index.at(part)
                if named is not None and named.kind == "person":
                    return named
        if lemma in SPOKESMAN_NOUNS:  # "le bureau de M. Kazimi", "des journalistes de l'AFP", "les informations des autorités"
            for child in token.children:
                if child.dep_ not in ("nmod", "appos"):
                    continue
                for part in child.subtree:
                    named = index.at(part)
                    if named is not None and named.kind in ACTOR_KINDS:
                        return named
                described = index.description(child) if child.dep_ == "nmod" and case_of(child) == "de" else None
                if described is not None and described.kind in ACTOR_KINDS:
                    return described
        entity = index.description(token)  # "une source militaire américaine", "les autorités locales"
        if entity is not None and entity.kind in ACTOR_KINDS:
            return entity
        return None

    def _antecedent(self, pronoun) -> EntityMention | None:
        """Before any claim, a pronoun speaks for the actor last named or described as a
        subject before it, in its sentence or the two before, outside quotes."""
        doc = pronoun.doc
        start = pronoun.sent.start
        for _ in range(2):
            if start > 0:
                start = doc[start - 1].sent.start
        quotes = 0
        for i in range(pronoun.i - 1, start - 1, -1):
            token = doc[i]
            if token.text in QUOTE_MARKS:
                quotes += 1
            if quotes % 2:
                continue  # inside a quotation: someone else's words
            entity = self.index.at(token)
            if entity is not None and entity.kind in ("person", "organization", "armed-group", "media", "country", "source"):
                return entity
            if token.dep_ in ("nsubj", "nsubj:pass") and token.pos_ == "NOUN":
                described = self.index.description(token)
                if described is not None:
                    return described
        return None

    def _country_before(self, token) -> EntityMention | None:
        """ "le régime", "l'exécutif" with no adjective: the country named last before it,
        in its sentence or the one before ("Téhéran a été pointé du doigt…, le régime")."""
        if not any(c.dep_ == "det" and fold(c.lemma_) == "le" for c in token.children):
            return None
        start = token.doc[token.sent.start - 1].sent.start if token.sent.start > 0 else 0
        for i in range(token.i - 1, start - 1, -1):
            entity = self.index.at(token.doc[i])
            if entity is not None and entity.kind == "country":  # a city there is a place, not its state
                return entity
        return None


def _quote_trimmed(doc, start: int, end: int) -> tuple[int, int]:
    """Without the quotation marks, punctuation and line breaks around the words."""

    def edge(token) -> bool:
        return token.text in QUOTE_MARKS or token.pos_ in ("PUNCT", "SPACE") or not token.text.strip()

    while start < end and edge(doc[start]):
        start += 1
    while end > start and (edge(doc[end - 1]) or doc[end - 1].text.startswith("-") and len(doc[end - 1].text) <= 6
                           or doc[end - 1].pos_ == "AUX"):
        end -= 1
    return start, end


def _under_condition(verb) -> bool:
    if "Inf" in verb.morph.get("VerbForm"):
        before = {fold(t.text) for t in verb.doc[max(verb.i - 3, 0) : verb.i]}
        if before & {"pour", "afin"}:
            return True  # "afin de répondre": a purpose, not a statement
    for mark in (c for c in verb.children if c.dep_ == "mark"):
        before = {fold(t.text) for t in verb.doc[max(mark.i - 2, 0) : mark.i + 1]}
        if before & {"si", "condition", "pourvu", "cas", "pour", "afin"}:
            return True  # a condition or a purpose: "afin de répondre", "si l'Iran attaque"
    return False


def _subtree_span(token, exclude=()) -> tuple[int, int]:
    indices = [t.i for t in token.subtree if not any(t.i in range(a, b) for a, b in exclude)]
    return min(indices), max(indices) + 1


def _statement(verb, inverted: bool) -> tuple[int, int] | None:
    """Token span of what the verb attributes."""
    doc = verb.doc
    objects = [c for c in verb.children if c.dep_ == "obj" and c.i > verb.i]
    for dep in ("ccomp", "xcomp"):
        for child in verb.children:
            if child.dep_ == dep and child.i > verb.i:
                start, end = _subtree_span(child)
                if objects and objects[0].i < start:  # "a accusé le régime d'avoir orchestré…"
                    start = _subtree_span(objects[0])[0]
                return start, end
    if inverted:
        sentence_start = verb.sent.start
        end = verb.i
        while end > sentence_start and (doc[end - 1].pos_ in ("PUNCT", "AUX") or doc[end - 1].text in QUOTE_MARKS
                                        or fold(doc[end - 1].text) in OBJECT_CLITICS):
            end -= 1
        return (sentence_start, end) if end > sentence_start else None
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ == "NOUN":
        # "une information confirmée par une source": what was confirmed is the information,
        # told in the sentence before when it is an "information", a "nouvelle"
        noun = verb.head
        if fold(noun.lemma_) in ANAPHORIC_CONTENT_NOUNS and noun.sent.start > 0:
            previous = doc[noun.sent.start - 1].sent
            return previous.start, previous.end
        return _subtree_span(noun, exclude=[_subtree_span(verb)])
    for child in verb.children:  # "a déclaré que 12 des 25 personnes…", the clause read as a bare dependent
        if child.i > verb.i and any(c.dep_ == "mark" and fold(c.text) in ("que", "qu'") for c in child.children):
            return _subtree_span(child)
    objects = _objects(verb)
    if objects:
        start, end = _subtree_span(objects[0])
        for child in verb.children:  # "accuse X d'être derrière…"
            if child.dep_ in ("xcomp", "obl:arg", "obl") and child.i > objects[0].i:
                end = max(end, _subtree_span(child)[1])
        return start, _quote_after_colon(doc, end)
    subjects = [c for c in verb.children if c.dep_ == "nsubj:pass"]
    if subjects and is_passive(verb):  # "La prise de Goma a été confirmée par l'armée"
        return _subtree_span(subjects[0])
    return None


def _quote_after_colon(doc, end: int) -> int:
    """ "a défendu sa décision : « Nous n'avions pas le choix »": the quote says what was said."""
    if end < len(doc) and doc[end].text == ":" and end + 1 < len(doc) and doc[end + 1].text in QUOTE_MARKS:
        for i in range(end + 2, min(len(doc), end + 2 + MAX_STATEMENT_TOKENS)):
            if doc[i].text in QUOTE_MARKS:
                return i + 1
    return end


def _objects(verb) -> list:
    """The verb's objects after it; "a accusé « des forces hors-la-loi »" is sometimes parsed as an oblique."""
    objects = [c for c in verb.children if c.dep_ == "obj" and c.i > verb.i]
    return objects or [c for c in verb.children if c.dep_ in ("obl", "obl:mod", "obl:arg") and c.i > verb.i and c.pos_ in ("NOUN", "PROPN")]


def _inverted_subject(verb):
    """The speaker placed after the verb: "…, a déclaré une source", "a-t-il précisé"."""
    doc = verb.doc
    before = doc[max(verb.i - 3, verb.sent.start) : verb.i]
    pronoun = [t for t in before if fold(t.text) in PRONOUNS and t.text.startswith("-")]
    if pronoun:
        return pronoun[0]
    if not any(t.text in ",»”\"" for t in doc[max(verb.i - 3, 0) : verb.i]):
        return None
    for child in verb.children:
        if child.i > verb.i and child.dep_ in ("nsubj", "obj", "nsubj:pass", "appos") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
    return None


def _speaker_tokens(verb, speakers: "_Speakers") -> tuple[list, bool]:
    """(speaker tokens, inverted word order) of a verb of attribution."""
    # "« … », me dit un habitant": an object clitic the parser took for the subject
    # an active verb's subject, however read ("il confie" parsed as an expletive)
    deps = ("nsubj", "expl:subj") if is_passive(verb) else ("nsubj", "nsubj:pass", "expl:subj")
    subjects = [c for c in verb.children if c.dep_ in deps and fold(c.text) not in OBJECT_CLITICS and fold(c.text) != "-t"]
    subjects += [c for s in subjects for c in s.children if c.dep_ == "conj"]
    first = verb.i - 1
    while first > verb.sent.start and verb.doc[first].pos_ == "AUX":
        first -= 1
    while first > verb.sent.start and fold(verb.doc[first].text) in OBJECT_CLITICS:
        first -= 1
    # after a comma the speaker may follow the verb ("l'OTAN répondra, a prévenu le secrétaire
    # général"), not when the verb's own words follow it ("…, Amir Khan Motaqi, a appelé les
    # habitants à déposer les armes": the subject before it speaks)
    content_after = any(c.dep_ in ("ccomp", "xcomp") and c.i > verb.i for c in verb.children) or any(
        c.i > verb.i and any(g.dep_ == "mark" and fold(g.text) in ("que", "qu'") for g in c.children) for c in verb.children)
    if (verb.doc[first].text in ",»”\"" or verb.doc[first].text.startswith("-")) and not content_after:
        inverted = _inverted_subject(verb)  # "…, a prévenu le secrétaire général": after the verb
        if inverted is not None and speakers.resolve(inverted) is not None:
            return [inverted], True
    if subjects and fold(subjects[0].lemma_) == "qui":
        # "Donald Trump, qui a accusé…": the antecedent is the word before "qui"
        i = subjects[0].i - 1
        while i > verb.sent.start and verb.doc[i].pos_ == "PUNCT":
            i -= 1
        antecedent = verb.doc[i]
        while antecedent.pos_ in ("ADJ", "DET") and antecedent.head.i != antecedent.i:
            antecedent = antecedent.head  # "une source militaire américaine, qui…"
        return [antecedent], False
    if subjects and subjects[0].i < verb.i:
        return subjects, False
    participle = verb.dep_ == "acl" and "Part" in verb.morph.get("VerbForm")  # "une information confirmée par…"
    if is_passive(verb) or verb.pos_ == "ADJ" or participle:
        agents = [c for c in verb.children if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and case_of(c) == "par")]
        if agents:
            return agents, False
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return [inverted], True
    if subjects:
        return subjects, False
    holder = verb  # "…, affirmant que", "a décidé de promettre": the subject of a governing verb
    for _ in range(3):
        if holder.head.i == holder.i:
            break
        holder = holder.head
        # "X a été cité comme ayant déclaré…": the one cited said it
        deps = ("nsubj", "nsubj:pass") if verb_lemma(holder) in REPORTING_PASSIVES else ("nsubj",)
        heads = [c for c in holder.children if c.dep_ in deps]
        if heads and holder.pos_ in ("VERB", "AUX"):
            return heads, False
    return [], False


def _made_threat(noun) -> bool:
    """A threat noun the speaker makes ("c'est une menace", "ne passera pas sans poursuite"),
    not threats told of: a subject ("les actes et menaces ont augmenté"), a noun's complement
    ("des attaques de représailles"), the object of a clause around the statement's ("après
    avoir fait l'objet de menaces")."""
    role = noun.head if noun.dep_ == "conj" and not any(c.dep_ == "cop" for c in noun.children) else noun
    if role.dep_.startswith("nsubj") or role.dep_ == "nmod":
        return False
    return not (role.dep_ == "obj" and role.head.dep_ in ("advcl", "acl", "acl:relcl", "xcomp"))


def _claim_type(base: str, words: list) -> str:
    lemmas = {fold(t.lemma_) for t in words} | {fold(t.text) for t in words}
    if base in ("Announcement", "Confirmation") and lemmas & ACCUSATION_WORDS:
        return "Accusation"
    made = {fold(t.lemma_) for t in words if t.pos_ != "NOUN" or _made_threat(t)} | {fold(t.text) for t in words if t.pos_ != "NOUN"}
    if base in ("Announcement", "Confirmation") and made & THREAT_WORDS:
        return "Threat"
    return base


def _accused(verb, base: str, words: list, speakers: _Speakers) -> list[EntityMention]:
    found = []
    if base == "Accusation":
        for child in _objects(verb):
            entity = speakers.resolve(child)
            if entity is not None:
                found.append(entity)
    if not found:  # "que l'Iran était derrière ces attaques": the subject of the accusing words
        for token in words:
            if fold(token.lemma_) in ACCUSATION_WORDS or fold(token.text) in ACCUSATION_WORDS:
                clause = token if token.pos_ in ("VERB", "AUX") else token.head
                for holder in (clause, clause.head):
                    subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubj:pass")]
                    entities = [e for s in subjects if (e := speakers.resolve(s)) is not None]
                    if entities:
                        return entities
    return found


def _hedged(verb, words: list) -> bool:
    """Conditional mood ("aurait déclaré"), a verb of seeming, or hedging words in the claim."""
    forms = [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    if any("Cnd" in t.morph.get("Mood") for t in forms):
        return True
    if verb.head.i != verb.i and fold(verb.head.lemma_) in HEDGE_GOVERNORS:
        return True
    for token in (verb, verb.head):  # "semble être persuadé": sembler governs être governs persuadé
        if any(c.dep_ in ("cop", "aux") and fold(c.head.head.lemma_) in HEDGE_GOVERNORS for c in token.children):
            return True
    if any(fold(t.text) in HEDGE_WORDS for t in words):
        return True
    return any("Cnd" in t.morph.get("Mood") for t in words if t.pos_ in ("VERB", "AUX"))


def _not_the_speakers(claim: ClaimMention, accused: list) -> tuple:
    """Who a claim accuses, its speakers left out: "HRW dénonce les actes de torture" accuses
    the torturers, not HRW (the subject of the words of wrongdoing is the speaker's own)."""
    speakers = {fold(e.name) for e in claim.claimants}
    return tuple(_unique(e for e in accused if fold(e.name) not in speakers))


def _perpetrators(claim: ClaimMention, events, index: EntityIndex) -> list[EntityMention]:
    """ "Selon les autorités, l'attaque a été menée par des hommes armés": who the claim's
    words make the agent of a violent act is whom the claim accuses, whatever its type. The
    speakers telling of their own act ("ses soldats ont attaqué") accuse nobody (the speakers
    themselves are left out by :func:`_not_the_speakers`)."""
    start, end = claim.statement.start, claim.statement.end
    found = []
    for event in events:
        if not (event.event_class in ATTACK_CLASSES or event.event_class == "Killing") \
                or not (start <= event.trigger.start and event.trigger.end <= end):
            continue
        for role in event.roles:
            agent = role.entity
            if role.role != "agent" or agent.kind not in ACTOR_KINDS:
                continue
            span = index.span(agent)
            if span is not None and any("Yes" in c.morph.get("Poss") for t in span for c in t.children if c.dep_ == "det"):
                continue  # "ses soldats", "leurs combattants": the speaker's own
            found.append(agent)
    return found


def extract_claims(article: Article, doc, index: EntityIndex, events=()) -> list[ClaimMention]:
    """Return the claims of one parsed article, and the speakers made for them
    (anonymous sources, countries named by an adjective or a capital). ``events``: the
    article's events, whose agents the claims that tell them accuse."""
    speakers = _Speakers(index)
    verbs = claim_verbs()
    claims: list[ClaimMention] = []
    # one pass over the words: only sentences with a word of attribution are read further
    cues: dict[int, list] = {}
    for token in doc:
        if verb_lemma(token) in verbs or fold(token.text) in SOURCE_CASES:
            cues.setdefault(token.sent.start, []).append(token)
    for start in sorted(cues):
        sentence = doc[start].sent
        sentence_claims: list[ClaimMention] = []
        outlets = _outlets(cues[start], index)
        for token in cues[start]:
            # an adjective attributes only when it is a belief ("persuadé que"): "une élection contestée" does not
            spoken = token.pos_ == "VERB" or (token.pos_ == "ADJ" and fold(token.lemma_) in BELIEF_ADJECTIVES)
            base = verbs.get(verb_lemma(token)) if spoken else None
            if base is not None and fold(token.lemma_) in REPORTING_VERBS and (_outlet_speaker(token, index) or _inverted_subject(token) is not None):
                continue  # "rapporte l'AFP", "comme le rapporte X": the outlet (a claim only when alone, below)
            if base is not None:
                claim = _verb_claim(token, base, speakers, outlets)
            elif token.dep_ in ("case", "fixed") and fold(token.text) in SOURCE_CASES:
                case = token.head if token.dep_ == "fixed" else token  # "D'" + "après"
                claim = _source_claim(case, speakers, outlets) if case.head.dep_.startswith(("obl", "nmod", "nsubj")) else None
            else:
                claim = None
            if claim is not None:
                sentence_claims.append(claim)
                speakers.last = claim.claimants[0]
        if not sentence_claims and outlets:
            # "…, rapporte Le Figaro": the outlet is the only one who says it
            claim = _outlet_claim(sentence, outlets, index)
            if claim is not None:
                sentence_claims.append(claim)
        claims += sentence_claims
    claims = [replace(c, accused=_not_the_speakers(c, [*c.accused, *_perpetrators(c, events, index)])) for c in claims]
    for claim in claims:
        for entity in (*claim.claimants, *claim.accused, *claim.reported_by):
            index.use(entity)
    return claims


def _outlet_speaker(verb, index: EntityIndex) -> EntityMention | None:
    for child in verb.children:
        entity = index.at(child)
        if child.dep_ in ("nsubj", "obj") and entity is not None and entity.kind in ("media", "organization"):
            return entity
    return None


def _outlets(words, index: EntityIndex) -> list[EntityMention]:
    """Outlets a sentence credits: "rapporte l'AFP", "comme le rapporte la chaîne Al Arabiya",
    "selon X, cité par l'AFP"."""
    found = []
    if words:
        for token in words[0].sent:
            participle = fold(token.text).rstrip("s").rstrip("e") in ("cit", "rapport")  # "cité par", tagged a noun
            if (verb_lemma(token) in REPORTING_PASSIVES and token.pos_ == "VERB") or participle:
                for child in token.children:
                    entity = index.at(child)
                    if (child.dep_ == "obl:agent" or case_of(child) == "par") and entity is not None \
                            and entity.kind in ("media", "organization"):
                        found.append(entity)
    for token in words:
        if fold(token.lemma_) in REPORTING_VERBS and token.pos_ == "VERB":
            entity = _outlet_speaker(token, index)
            if entity is None:  # "la chaîne de télévision Al Arabiya"
                for child in token.children:
                    if child.dep_ in ("nsubj", "obj"):
                        entity = next((index.at(t) for t in child.subtree if index.at(t) is not None
                                       and index.at(t).kind in ("media", "organization")), None)
                        if entity is not None:
                            break
            if entity is not None:
                found.append(entity)
    return found


def _names_something(verb) -> bool:
    """ "une ONG appelée Vigilance", "le groupe dit « des croisés »": a verb of saying that names."""
    if verb.dep_ in ("acl", "amod") and "Part" in verb.morph.get("VerbForm") and verb_lemma(verb) in NAMING_VERBS:
        return True
    return any(c.dep_ == "expl:comp" for c in verb.children) and verb_lemma(verb) in NAMING_VERBS  # "il s'appelle"


def _verb_claim(verb, base: str, speakers: _Speakers, outlets) -> ClaimMention | None:
    doc, index = verb.doc, speakers.index
    if _names_something(verb):
        return None
    if _under_condition(verb):
        return None  # "à condition que Washington annonce…": not said
    if verb.dep_ == "xcomp" and fold(verb.head.lemma_) in UNSAID_GOVERNORS:
        return None  # "pourrait annoncer", "va annoncer": not said (yet)
    tokens, inverted = _speaker_tokens(verb, speakers)
    span = _statement(verb, inverted)
    reported_speech = inverted or any(c.dep_ in ("ccomp", "xcomp") for c in verb.children)
    claimants = [
        e for t in tokens
        if (reported_speech or fold(t.text) not in PRONOUNS) and (e := speakers.resolve(t)) is not None
    ]
    if not claimants or span is None:
        return None
    start, end = span
    if inverted:  # the words before the verb, from the last paragraph or sentence break
        for i in range(verb.i - 1, start - 1, -1):
            if "\n" in doc[i].text or (doc[i].text in (".", "!", "?") and i < verb.i - 2):
                start = i + 1
                break
    for i in range(start, end):  # a statement does not cross a paragraph break
        if "\n" in doc[i].text and i > start:
            end = i
            break
    for token in doc[start:end]:  # "…, rapporte le quotidien Le Monde" is not the speaker's words
        if token.i > start and fold(token.lemma_) in REPORTING_VERBS and token.pos_ == "VERB" and doc[token.i - 1].text == ",":
            end = token.i
            break
    start, end = _quote_trimmed(doc, start, end)
    if end <= start or end - start > MAX_STATEMENT_TOKENS:
        return None
    words = list(doc[start:end])
    if fold(verb.lemma_) == "tenir" and not any(fold(t.lemma_) == "responsable" for t in verb.subtree):
        return None  # "tenir" attributes only in "tenir pour responsable"
    claim_type = _claim_type(base, words)
    refused = verb.head.i != verb.i and fold(verb.head.lemma_) in REFUSAL_GOVERNORS
    reported = list(outlets)
    for child in verb.children:  # "ont indiqué à l'AFP"
        entity = index.at(child)
        if entity is not None and entity.kind in ("media", "organization") and case_of(child) == "a" and child.dep_.startswith("obl"):
            reported.append(entity)
    for child in verb.head.children if verb.dep_ != "ROOT" else ():
        entity = index.at(child)
        if entity is not None and entity.kind == "media" and case_of(child) == "a" and child.dep_.startswith("obl"):
            reported.append(entity)  # "A l'AFP, des responsables ont indiqué…" on the head verb
    return ClaimMention(
        claim_type=claim_type,
        trigger=token_mention(index.article, doc, verb.i, verb.i + 1),
        claimants=tuple(_unique(claimants)),
        statement=token_mention(index.article, doc, start, end),
        accused=tuple(_unique(_accused(verb, base, words, speakers))) if claim_type == "Accusation" else (),
        reported_by=tuple(_unique(reported)),
        hedged=not refused and _hedged(verb, words),
        negated=negated(verb) or refused,
    )


def _source_claim(case, speakers: _Speakers, outlets) -> ClaimMention | None:
    """ "Selon une source de sécurité, au moins 3 roquettes ont atterri…"."""
    doc, index = case.doc, speakers.index
    if fold(case.text) == fold("après") and (case.i == 0 or fold(doc[case.i - 1].text) not in ("d'", "d")):
        return None  # "après" alone is a time, not a source
    source = case.head
    speaker = speakers.resolve(source)
    clause = source.head
    if speaker is None or clause.i == source.i:
        return None
    source_span = _subtree_span(source)
    start, end = _subtree_span(clause, exclude=[source_span])
    if start < source_span[0] and source_span[1] < end:  # "…, selon X, …": the longer side
        start, end = (start, source_span[0]) if source_span[0] - start > end - source_span[1] else (source_span[1], end)
    elif source_span[0] <= start < source_span[1]:
        start = source_span[1]
    start, end = _quote_trimmed(doc, start, end)
    if end <= start or end - start > MAX_STATEMENT_TOKENS:
        return None
    words = [t for t in doc[start:end] if not source_span[0] <= t.i < source_span[1]]
    reported = list(outlets) + ([speaker] if speaker.kind == "media" else [])
    claim_type = _claim_type("Announcement", words)
    return ClaimMention(
        claim_type=claim_type,
        trigger=token_mention(index.article, doc, case.i, case.i + 1),
        claimants=(speaker,),
        statement=token_mention(index.article, doc, start, end),
        accused=tuple(_unique(_accused(clause, claim_type, words, speakers))) if claim_type == "Accusation" else (),
        reported_by=tuple(_unique(reported)),
        hedged=_hedged(clause, words),
        negated=False,
    )


def _outlet_claim(sentence, outlets, index: EntityIndex) -> ClaimMention | None:
    """ "Trois attaques ont été perpétrées, rapporte Le Figaro": the outlet says the sentence."""
    doc = sentence.doc
    verbs = [t for t in sentence if fold(t.lemma_) in REPORTING_VERBS and t.pos_ == "VERB"]
    if not verbs:
        return None
    start, end = _quote_trimmed(doc, sentence.start, verbs[0].i)
    if end <= start or end - start > MAX_STATEMENT_TOKENS:
        return None
    if any(verb_lemma(t) in claim_verbs() for t in doc[start:end]):
        return None  # the words are someone else's claim, which the parse did not read
    return ClaimMention(
        claim_type=_claim_type("Announcement", list(doc[start:end])),
        trigger=token_mention(index.article, doc, verbs[0].i, verbs[0].i + 1),
        claimants=(outlets[0],),
        statement=token_mention(index.article, doc, start, end),
        reported_by=tuple(_unique(outlets)),
    )


def _unique(entities):
    seen, out = set(), []
    for entity in entities:
        if entity.mention not in seen:
            seen.add(entity.mention)
            out.append(entity)
    return out
