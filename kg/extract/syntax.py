"""Shared readings of the French dependency parse, used by every extractor.

Prepositions of complements, voice, negation and modality of verbs, and the
mention of a token range. What a phrase names is ``kg.extract.identity``'s.
"""
from __future__ import annotations

from ..model import Article, Mention
from ..names import fold
from .lexicon import word_list

# Contracted prepositions, by their folded form ("du" is "de le").
CONTRACTIONS = {"du": "de", "des": "de", "d'": "de", "au": "a", "aux": "a"}


def token_mention(article: Article, doc, start_i: int, end_i: int) -> Mention:
    """The Mention for tokens [start_i, end_i) of ``doc`` (a parse of the body)."""
    start = article.body_start + doc[start_i].idx
    last = doc[end_i - 1]
    end = article.body_start + last.idx + len(last.text)
    return Mention(article.identifier, start, end, article.text[start:end])


_VERB_ENDINGS = (("aient", "er"), ("ait", "er"), ("ent", "er"), ("ées", "er"), ("és", "er"), ("ée", "er"), ("é", "er"),
                 ("es", "er"), ("e", "er"))


def verb_lemma(token) -> str:
    """The folded infinitive of a verb; where the lemmatizer gave the form back ("indique"),
    the infinitive of a regular verb of the first group ("indiquer")."""
    lemma = fold(token.lemma_)
    if token.pos_ not in ("VERB", "AUX") or lemma != fold(token.text):
        return lemma
    for ending, infinitive in _VERB_ENDINGS:
        if lemma.endswith(fold(ending)) and len(lemma) > len(ending) + 2:
            return lemma[: -len(fold(ending))] + infinitive
    return lemma


def case_of(token) -> str | None:
    """The preposition of a complement, folded ("à" → "a", "du" → "de"); by its form,
    since the lemmatizer sometimes takes "entre" for the verb "entrer"."""
    for child in token.children:
        if child.dep_ in ("case", "mark"):
            form = fold(child.text)
            return CONTRACTIONS.get(form, form)
    return None


ETRE_VERBS = word_list("syntax", "etre-verbs")


def is_passive(verb) -> bool:
    """Passive voice; not the verbs of motion and state that take "être" in compound tenses
    ("sont entrés", "est intervenue"), which the tagger often reads as passives."""
    if fold(verb.lemma_) in ETRE_VERBS and not any(c.dep_ == "obl:agent" for c in verb.children):
        return False
    if any(c.dep_ == "aux:tense" and fold(c.lemma_) == "avoir" for c in verb.children) \
            and not any(c.dep_ == "aux:pass" for c in verb.children):
        return False  # "les autorités ont confirmé", its subject read as a passive's
    return "Pass" in verb.morph.get("Voice") or any(c.dep_ in ("aux:pass", "nsubj:pass") for c in verb.children)


MODAL_GOVERNORS = word_list("syntax", "modal-governors")
CONDITION_WORDS = word_list("syntax", "condition-words")
NEGATION_ADVERBS = word_list("syntax", "negation-adverbs")


def negated(verb) -> bool:
    return any(c.dep_ == "advmod" and fold(c.lemma_) in NEGATION_ADVERBS for c in verb.children)


def reported_past(verb, moods=frozenset({"Cnd"})) -> bool:
    """The conditional of reported fact ("conditionnel journalistique"): a past participle whose
    auxiliary is in the conditional ("aurait tué", "auraient été tués"), with no condition
    ("si…") and no modal ("aurait pu")."""
    if "Part" not in verb.morph.get("VerbForm") or "Past" not in verb.morph.get("Tense"):
        return False
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    if not any(set(a.morph.get("Mood")) & set(moods) for a in auxiliaries):
        return False
    if any(c.dep_ == "mark" and fold(c.lemma_) in ("si", "s'") for c in verb.children):
        return False
    return not (verb.dep_ in ("xcomp", "ccomp") and fold(verb.head.lemma_) in MODAL_GOVERNORS)


def hypothetical(verb) -> bool:
    """Conditional, future, under a modal or in a "si"/"pour" clause."""
    forms = [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    moods = {m for t in forms for m in t.morph.get("Mood")}
    if moods & {"Cnd", "Sub"} and reported_past(verb, moods & {"Cnd", "Sub"}):
        # "auraient été tués": the press's conditional tells a fact it has not checked;
        # "bien qu'il ait été abattu": a past subjunctive of what happened
        moods = moods - {"Cnd", "Sub"}
    if moods & {"Cnd", "Sub"} or any("Fut" in t.morph.get("Tense") for t in forms):
        return True
    for mark in (c for c in verb.children if c.dep_ == "mark"):
        if fold(mark.lemma_) in ("si", "pour", "afin"):
            return True
        before = {fold(t.text) for t in verb.doc[max(mark.i - 2, 0) : mark.i]}
        if before & CONDITION_WORDS:  # "à condition que", "pourvu que", "au cas où"
            return True
    for token in reversed(verb.doc[verb.sent.start : verb.i]):  # "si l'Iran attaque", the mark misattached
        if token.is_punct or token.pos_ in ("CCONJ", "VERB", "AUX"):
            break
        if token.pos_ == "SCONJ" and fold(token.text) in ("si", "s'"):
            return True
    head = verb.head
    return verb.dep_ in ("xcomp", "ccomp") and head.i != verb.i and fold(head.lemma_) in MODAL_GOVERNORS
