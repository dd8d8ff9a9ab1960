"""Which way an underspecified date points, from the tense of the verb that governs it.

"Le village fera la fête dimanche" (future): the coming Sunday; "il a démissionné
mercredi" (past): the last Wednesday. spaCy's morphology of the governing verb
and of its auxiliaries says which: a future, or a present that governs the
expression itself ("le comité vous invite dimanche soir"), points forward
("after": on or after the reference date); a compound past, a passé simple or
an imperfect backward ("before"). None when nothing says (a headline with no
verb, a conditional, a present reached through a noun): the caller's default.
"""
from __future__ import annotations

from typing import Optional

# How far up the parse to look for the governing verb ("la venue d'Auxerre samedi":
# samedi → venue → incertains → sont).
GOVERNING_VERB_DEPTH = 4


def _finite_direction(morph, direct: bool) -> Optional[str]:
    tense, mood = morph.get("Tense"), morph.get("Mood")
    if "Cnd" in mood:
        return None  # "devrait", "aurait été tué": reported, either way
    if "Fut" in tense:
        return "after"
    if "Past" in tense or "Imp" in tense:
        return "before"
    if "Pres" in tense and direct:
        return "after"
    return None


def _verb_direction(verb, direct: bool) -> tuple[Optional[str], bool]:
    """(direction, decided): an infinitive decides nothing (its governing verb will)."""
    auxiliaries = [c for c in verb.children if c.pos_ == "AUX" and c.dep_.startswith("aux")]
    tense_aux = [a for a in auxiliaries if a.dep_ != "aux:pass"]
    if auxiliaries:
        # "a annoncé", "est décédée", "était parti": past; "sera opéré", "aura fini": future;
        # a conditional or a subjunctive ("aurait été tué", "soit rendu public") does not say
        morph = (tense_aux or auxiliaries)[0].morph
        if "Cnd" in morph.get("Mood") or "Sub" in morph.get("Mood"):
            return None, True
        return ("after" if "Fut" in morph.get("Tense") else "before"), True
    form = verb.morph.get("VerbForm")
    if "Inf" in form:
        return None, False
    if "Part" in form:
        return ("before" if "Past" in verb.morph.get("Tense") else None), True
    return _finite_direction(verb.morph, direct), True


def direction(doc, start: int, end: int) -> Optional[str]:
    """The direction the tense of the verb governing text[start:end] gives, or None."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token, direct = span.root, True
    for _ in range(GOVERNING_VERB_DEPTH):
        head = token.head
        if head.i == token.i:
            return None  # the sentence root is no verb
        if head.pos_ in ("VERB", "AUX"):
            found, decided = _verb_direction(head, direct)
            if decided:
                return found
        else:
            direct = False  # through a noun or an adjective, a present says little
        token = head
    return None
