"""The extract stage's shape: one kind of extractor, run in an order where each finds what
it needs already found, the word lists of French in data tables rather than in the code."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kg.extract import EXTRACTORS, Extractor, Findings, extract_article

EXTRACT = Path(__file__).resolve().parents[1] / "kg" / "extract"


def test_each_extractor_needs_only_what_earlier_ones_provide():
    provided = set()
    for extractor in EXTRACTORS:
        assert isinstance(extractor, Extractor)
        assert set(extractor.needs) <= provided, f"{extractor.name} runs before what it needs"
        assert extractor.provides not in provided, f"{extractor.provides} provided twice"
        provided.add(extractor.provides)
    assert {"index", "events", "claims"} <= provided


def test_an_extractor_list_can_be_cut_short(parse, nlp):
    """Running the entity extractor alone gives the entities and nothing else, as the full
    list gives them: each extractor only adds its own findings."""
    import hashlib

    from kg.model import Article

    text = "Des roquettes ont visé l'ambassade des Etats-Unis à Bagdad, selon l'AFP."
    article = Article("t", text, hashlib.sha256(text.encode()).hexdigest())
    doc = nlp(text)
    alone = extract_article(article, doc, EXTRACTORS[:1])
    assert alone.events == [] and alone.claims == [] and alone.relations == []
    named = {e.name for e in alone.entities}
    full = extract_article(article, doc)
    assert named <= {e.name for e in full.entities}
    assert full.events and full.claims


def test_findings_are_a_plain_dataclass():
    found = Findings(article=None, doc=None)
    assert found.events == [] and found.dates == {}


def _word_sets(path: Path) -> list[tuple[int, list[str]]]:
    """Module-level constants that are sets of French words written in the code."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        value = node.value
        if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "frozenset" and value.args:
            value = value.args[0]
        if isinstance(value, ast.Set):
            words = [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if words and all(w.islower() and ":" not in w and "-" not in w for w in words):
                found.append((node.lineno, words))
    return found


def test_word_lists_live_in_data_tables():
    """French words are data (kg/data/words.tsv and the other tables), never sets in the
    code; sets of dependency labels, entity kinds and event classes are code."""
    offenders = []
    for path in sorted(EXTRACT.glob("*.py")):
        for line, words in _word_sets(path):
            if any(w.isalpha() and len(w) > 2 and w not in KINDS_AND_LABELS for w in words):
                offenders.append(f"{path.name}:{line}: {sorted(words)[:5]}")
    assert not offenders, offenders


KINDS_AND_LABELS = {"person", "organization", "media", "country", "source", "city", "facility", "area", "place",
                    "amod", "nummod", "flat", "fixed", "compound", "obl", "nmod", "obj", "acl", "appos", "advcl",
                    "nsubj", "advmod", "date", "time", "ner", "cue"}


@pytest.mark.parametrize("forms, feminine, plural, expected", [
    (("français", "française", "françaises"), False, True, "français"),  # one form, both numbers
    (("français", "française", "françaises"), True, False, "française"),
    (("britannique", "britanniques"), True, True, "britanniques"),  # one form, both genders
    (("égyptien", "égyptienne", "égyptiens", "égyptiennes"), True, False, "égyptienne"),  # -ien, -ienne
    (("grec", "grecque", "grecs", "grecques"), True, True, "grecques"),
    (("malien",), True, False, None),  # a form the gazetteer lacks is not made up
])
def test_a_nationality_adjective_agrees_with_its_noun(forms, feminine, plural, expected):
    from kg.extract.identity import agreeing

    assert agreeing(forms, feminine, plural) == expected
