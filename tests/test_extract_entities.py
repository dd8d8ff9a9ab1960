"""Entity extraction on French sentences written for these tests (not from the seeds)."""
from __future__ import annotations

import pytest


def names(extraction):
    return {(e.kind, e.name) for e in extraction.entities}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Emmanuel Macron a reçu Joe Biden à Paris.", {("person", "Emmanuel Macron"), ("person", "Joe Biden"), ("city", "Paris")}),
        # gazetteer spellings give the canonical label and the kind
        ("Les Etats-Unis ont averti l'Iran.", {("country", "États-Unis"), ("country", "Iran")}),
        ("Des tirs ont été entendus à Baghdad.", {("city", "Bagdad")}),
        # a place prefix is not part of the name and gives the kind
        ("Les tirs provenaient du quartier al-Amine-2.", {("area", "al-Amine-2")}),
        ("Des roquettes sont tombées sur la ville de Kirkouk.", {("city", "Kirkouk")}),
        # group and media cues
        ("Les brigades du Hamas ont revendiqué l'attaque.", {("armed-group", "Hamas")}),
        ("Selon la chaîne Al Jazeera, le calme est revenu.", {("media", "Al Jazeera")}),
        # a place noun qualified by a nationality or a name is a place
        ("Des manifestants ont envahi l'ambassade britannique.", {("facility", "ambassade britannique")}),
        ("Un missile a touché l'aéroport de Damas.", {("facility", "aéroport de Damas"), ("city", "Damas")}),
        ("L'attaque contre la base américaine d'Aïn al-Assad a échoué.", {("facility", "base américaine d'Aïn al-Assad")}),
    ],
)
def test_entities_found_and_typed(parse, text, expected):
    assert expected <= names(parse(text))


@pytest.mark.parametrize(
    "text, junk, expected",
    [
        # titles are roles, not entities; a title word before a name is dropped
        ("Le Premier ministre irakien Adel Abdel Mahdi a démissionné mardi.", "Premier ministre irakien",
         {("person", "Adel Abdel Mahdi"), ("country", "Irak")}),
        ("Le ministre de la Défense a démissionné à Paris.", "Défense", {("city", "Paris")}),
        ("Le général Frank McKenzie est arrivé.", "général Frank McKenzie", {("person", "Frank McKenzie")}),
        ("M. Kazimi a parlé longuement aux députés.", "M. Kazimi", {("person", "Kazimi")}),
        # elisions and one-letter spans
        ("A l'AFP, un responsable a parlé.", "l'AFP", {("media", "Agence France-Presse")}),
        ("A Bagdad, la situation reste tendue.", "A", {("city", "Bagdad")}),
    ],
)
def test_junk_is_cleaned(parse, text, junk, expected):
    """The sentence's real entity is found (so that finding nothing cannot pass) and the junk is not."""
    extraction = parse(text)
    assert names(extraction) == expected
    assert junk not in {e.name for e in extraction.entities} | {e.mention.quote for e in extraction.entities}


def test_title_is_removed_but_the_name_is_kept(parse):
    extraction = parse("Le général Frank McKenzie et M. Kazimi sont arrivés à Bagdad.")
    assert ("person", "Frank McKenzie") in names(extraction)
    assert ("person", "Kazimi") in names(extraction)


def test_mentions_match_their_offsets(parse):
    text = "Dans la nuit, l’ambassade américaine à Bagdad a été visée par des roquettes, a indiqué Mike Pompeo."
    extraction = parse(text)
    assert extraction.entities
    for entity in extraction.entities:
        m = entity.mention
        assert text[m.start : m.end] == m.quote


def test_capitalized_verb_at_sentence_start_is_not_an_entity(parse):
    extraction = parse("Evoquant de fortes explosions, des témoins ont alerté la police de Mossoul.")
    assert "Evoquant" not in {e.mention.quote for e in extraction.entities}
    assert ("city", "Mossoul") in names(extraction)


@pytest.mark.parametrize(
    "text, start, end, label, kept",
    [
        ("Il n’a jamais vu Bagdad.", 1, 3, "LOC", None),  # "n’a": an elision and a verb
        ("A Bagdad, rien.", 0, 1, "LOC", None),  # one letter
        ("Evoquant la crise, il est parti.", 0, 1, "PER", None),  # capitalized verb at sentence start
        ("Il a vu l’Irak hier.", 3, 5, "LOC", "Irak"),  # elision removed, name kept
        ("Il est en Irak.", 2, 4, "MISC", None),  # MISC with no place cue is not modelled yet
    ],
)
def test_ner_span_cleaning(nlp, text, start, end, label, kept):
    from spacy.tokens import Span

    from kg.extract.entities import _clean_ner_span

    doc = nlp(text)
    cleaned = _clean_ner_span(Span(doc, start, end, label=label))
    if kept is None:
        assert cleaned is None or cleaned[2] is None
    else:
        assert cleaned is not None
        assert doc[cleaned[0] : cleaned[1]].text == kept


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Washington accuse les brigades du Hezbollah.", ("country", "États-Unis", "Washington")),
        ("Téhéran a démenti toute implication.", ("country", "Iran", "Téhéran")),
        ("Bagdad est situé sur le Tigre.", ("city", "Bagdad", "Bagdad")),  # a place that is, not acts
        ("Des roquettes sont tombées sur Bagdad.", ("city", "Bagdad", "Bagdad")),
    ],
)
def test_an_acting_capital_is_its_country(parse, text, expected):
    assert expected in {(e.kind, e.name, e.mention.quote) for e in parse(text).entities}


def test_a_bare_definite_place_noun_refers_back_when_unambiguous(parse):
    one = parse("L'ambassade britannique a été visée. Plus tard, l'ambassade a été évacuée.")
    assert ("ambassade britannique", "ambassade") in {(e.name, e.mention.quote) for e in one.entities}
    two = parse("L'ambassade britannique et l'ambassade de France ont fermé. Puis l'ambassade a rouvert.")
    assert not [e for e in two.entities if e.source == "reference"]
