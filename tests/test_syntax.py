"""kg.extract.syntax on parses built by hand, as spaCy's own tests build them: each reading
(voice, negation, mood, modality, the preposition of a complement, a verb's infinitive) on a
tree written in the model's scheme (its UD labels and morphology, its usual mistakes where the
helpers correct them), without loading the model: these run in the fast lane."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.syntax import case_of, hypothetical, is_passive, negated, reported_past, token_mention, verb_lemma
from kg.model import Article

VOCAB = Vocab()


def parse(*tokens: tuple) -> Doc:
    """A Doc from (word, lemma, pos, dep, head index, morph) rows; the root is its own head."""
    words, lemmas, pos, deps, heads, morphs = zip(*tokens)
    spaces = [not (i + 1 < len(words) and words[i + 1] in ".,") and not w.endswith("'") for i, w in enumerate(words)]
    spaces[-1] = False
    return Doc(VOCAB, words=list(words), spaces=spaces, lemmas=list(lemmas), pos=list(pos), deps=list(deps),
               heads=list(heads), morphs=list(morphs))


PARTICIPLE = "Gender=Fem|Number=Sing|Tense=Past|VerbForm=Part"

# "L'ambassade a été visée par des roquettes."
PASSIVE = parse(
    ("L'", "le", "DET", "det", 1, ""),
    ("ambassade", "ambassade", "NOUN", "nsubj:pass", 4, "Gender=Fem|Number=Sing"),
    ("a", "avoir", "AUX", "aux:tense", 4, "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    ("été", "être", "AUX", "aux:pass", 4, "Tense=Past|VerbForm=Part"),
    ("visée", "viser", "VERB", "ROOT", 4, PARTICIPLE + "|Voice=Pass"),
    ("par", "par", "ADP", "case", 7, ""),
    ("des", "un", "DET", "det", 7, ""),
    ("roquettes", "roquette", "NOUN", "obl:agent", 4, "Gender=Fem|Number=Plur"),
    (".", ".", "PUNCT", "punct", 4, ""),
)

# "Les autorités ont confirmé l'attaque." (the tagger sometimes reads such a subject as a passive's)
ACTIVE_COMPOUND = parse(
    ("Les", "le", "DET", "det", 1, ""),
    ("autorités", "autorité", "NOUN", "nsubj:pass", 3, "Gender=Fem|Number=Plur"),
    ("ont", "avoir", "AUX", "aux:tense", 3, "Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"),
    ("confirmé", "confirmer", "VERB", "ROOT", 3, "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"),
    ("l'", "le", "DET", "det", 5, ""),
    ("attaque", "attaque", "NOUN", "obj", 3, "Gender=Fem|Number=Sing"),
    (".", ".", "PUNCT", "punct", 3, ""),
)

# "Les soldats sont entrés au Mali."
MOTION = parse(
    ("Les", "le", "DET", "det", 1, ""),
    ("soldats", "soldat", "NOUN", "nsubj", 3, "Gender=Masc|Number=Plur"),
    ("sont", "être", "AUX", "aux:pass", 3, "Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"),
    ("entrés", "entrer", "VERB", "ROOT", 3, "Gender=Masc|Number=Plur|Tense=Past|VerbForm=Part|Voice=Pass"),
    ("au", "au", "ADP", "case", 5, ""),
    ("Mali", "Mali", "PROPN", "obl:arg", 3, ""),
    (".", ".", "PUNCT", "punct", 3, ""),
)

# "L'Iran n'a pas attaqué la base."
NEGATED = parse(
    ("L'", "le", "DET", "det", 1, ""),
    ("Iran", "Iran", "PROPN", "nsubj", 5, ""),
    ("n'", "ne", "ADV", "advmod", 5, "Polarity=Neg"),
    ("a", "avoir", "AUX", "aux:tense", 5, "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    ("pas", "pas", "ADV", "advmod", 5, "Polarity=Neg"),
    ("attaqué", "attaquer", "VERB", "ROOT", 5, "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"),
    ("la", "le", "DET", "det", 7, ""),
    ("base", "base", "NOUN", "obj", 5, "Gender=Fem|Number=Sing"),
    (".", ".", "PUNCT", "punct", 5, ""),
)

# "La frappe aurait tué deux civils." (the press's conditional: reported, not hypothetical)
REPORTED = parse(
    ("La", "le", "DET", "det", 1, ""),
    ("frappe", "frappe", "NOUN", "nsubj", 3, "Gender=Fem|Number=Sing"),
    ("aurait", "avoir", "AUX", "aux:tense", 3, "Mood=Cnd|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    ("tué", "tuer", "VERB", "ROOT", 3, "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"),
    ("deux", "deux", "NUM", "nummod", 5, ""),
    ("civils", "civil", "NOUN", "obj", 3, "Gender=Masc|Number=Plur"),
    (".", ".", "PUNCT", "punct", 3, ""),
)

# "L'armée pourrait frapper la ville." (a modal: only possible)
MODAL = parse(
    ("L'", "le", "DET", "det", 1, ""),
    ("armée", "armée", "NOUN", "nsubj", 2, "Gender=Fem|Number=Sing"),
    ("pourrait", "pouvoir", "VERB", "ROOT", 2, "Mood=Cnd|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    ("frapper", "frapper", "VERB", "xcomp", 2, "VerbForm=Inf"),
    ("la", "le", "DET", "det", 5, ""),
    ("ville", "ville", "NOUN", "obj", 3, "Gender=Fem|Number=Sing"),
    (".", ".", "PUNCT", "punct", 2, ""),
)

# "Washington frappera la base." (the future: not yet done)
FUTURE = parse(
    ("Washington", "Washington", "PROPN", "nsubj", 1, ""),
    ("frappera", "frapper", "VERB", "ROOT", 1, "Mood=Ind|Number=Sing|Person=3|Tense=Fut|VerbForm=Fin"),
    ("la", "le", "DET", "det", 3, ""),
    ("base", "base", "NOUN", "obj", 1, "Gender=Fem|Number=Sing"),
    (".", ".", "PUNCT", "punct", 1, ""),
)

# "Les milices cessent les tirs à condition que Washington attaque." ("que" governed by "à condition")
CONDITION = parse(
    ("Les", "le", "DET", "det", 1, ""),
    ("milices", "milice", "NOUN", "nsubj", 2, "Gender=Fem|Number=Plur"),
    ("cessent", "cesser", "VERB", "ROOT", 2, "Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"),
    ("les", "le", "DET", "det", 4, ""),
    ("tirs", "tir", "NOUN", "obj", 2, "Gender=Masc|Number=Plur"),
    ("à", "à", "ADP", "case", 6, ""),
    ("condition", "condition", "NOUN", "obl:mod", 2, "Gender=Fem|Number=Sing"),
    ("que", "que", "SCONJ", "mark", 9, ""),
    ("Washington", "Washington", "PROPN", "nsubj", 9, ""),
    ("attaque", "attaquer", "VERB", "acl", 6, "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    (".", ".", "PUNCT", "punct", 2, ""),
)

# "Si l'Iran attaque, Washington répond." (the mark misattached to the main verb, as the parser does)
IF_MISATTACHED = parse(
    ("Si", "si", "SCONJ", "mark", 6, ""),
    ("l'", "le", "DET", "det", 2, ""),
    ("Iran", "Iran", "PROPN", "nsubj", 3, ""),
    ("attaque", "attaquer", "VERB", "advcl", 6, "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    (",", ",", "PUNCT", "punct", 3, ""),
    ("Washington", "Washington", "PROPN", "nsubj", 6, ""),
    ("répond", "répondre", "VERB", "ROOT", 6, "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
    (".", ".", "PUNCT", "punct", 6, ""),
)

# "Des tirs ont visé le quartier du centre." ("du" is "de le")
COMPLEMENTS = parse(
    ("Des", "un", "DET", "det", 1, ""),
    ("tirs", "tir", "NOUN", "nsubj", 3, "Gender=Masc|Number=Plur"),
    ("ont", "avoir", "AUX", "aux:tense", 3, "Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin"),
    ("visé", "visé", "VERB", "ROOT", 3, "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"),
    ("le", "le", "DET", "det", 5, ""),
    ("quartier", "quartier", "NOUN", "obj", 3, "Gender=Masc|Number=Sing"),
    ("du", "de", "ADP", "case", 7, ""),
    ("centre", "centre", "NOUN", "nmod", 5, "Gender=Masc|Number=Sing"),
    (".", ".", "PUNCT", "punct", 3, ""),
)


def root(doc: Doc):
    return next(t for t in doc if t.dep_ == "ROOT")


def test_the_docs_are_what_they_say():
    assert PASSIVE.text == "L'ambassade a été visée par des roquettes."
    assert CONDITION[9].head.text == "condition" and [t.text for t in CONDITION[9].children] == ["que", "Washington"]


def test_voice():
    assert is_passive(root(PASSIVE))
    assert not is_passive(root(ACTIVE_COMPOUND))  # "ont confirmé": avoir, no aux:pass
    assert not is_passive(root(MOTION))  # "sont entrés": a verb of motion, not a passive
    assert not is_passive(root(NEGATED))


def test_negation():
    assert negated(root(NEGATED))
    assert not negated(root(PASSIVE)) and not negated(root(REPORTED))


@pytest.mark.parametrize("doc, verb, expected", [
    (REPORTED, "tué", False),  # "aurait tué": reported, told as a fact
    (MODAL, "frapper", True),  # under "pouvoir"
    (FUTURE, "frappera", True),
    (CONDITION, "attaque", True),  # "à condition que"
    (IF_MISATTACHED, "attaque", True),  # "si" before it in its sentence
    (NEGATED, "attaqué", False),
    (PASSIVE, "visée", False),
], ids=["reported-conditional", "modal", "future", "condition", "si-misattached", "past", "passive"])
def test_hypothetical(doc, verb, expected):
    (token,) = [t for t in doc if t.text == verb]
    assert hypothetical(token) is expected


def test_reported_past_is_the_conditional_of_a_fact_only():
    assert reported_past(root(REPORTED))
    assert not reported_past(root(NEGATED))  # no conditional
    assert not reported_past(MODAL[3])  # not a participle


def test_case_of_a_complement():
    assert case_of(COMPLEMENTS[7]) == "de"  # "du" is "de le"
    assert case_of(PASSIVE[7]) == "par"
    assert case_of(CONDITION[6]) == "a"  # folded
    assert case_of(COMPLEMENTS[5]) is None


def test_verb_lemma_gives_the_infinitive():
    assert verb_lemma(COMPLEMENTS[3]) == "viser"  # the lemmatizer gave the form back: a first-group verb
    assert verb_lemma(PASSIVE[4]) == "viser"
    assert verb_lemma(FUTURE[1]) == "frapper"
    assert verb_lemma(COMPLEMENTS[5]) == "quartier"  # not a verb: its lemma


def test_token_mention_counts_in_the_article_text():
    metadata = "date 2020-11\n"
    text = metadata + PASSIVE.text
    article = Article("a", text, "0" * 64, body_start=len(metadata))
    mention = token_mention(article, PASSIVE, 5, 8)
    start = len(metadata) + PASSIVE.text.index("par des roquettes")
    assert (mention.quote, mention.start, mention.end) == ("par des roquettes", start, start + len("par des roquettes"))
    assert text[mention.start : mention.end] == mention.quote
