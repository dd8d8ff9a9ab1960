"""Entities on real news (issue "Events that hold on real news"): names NER cuts short,
unnamed actors described by the text, and names that must stay apart. Sentences of this
test's own."""
from __future__ import annotations

import pytest


def names(extraction):
    return {(e.name, e.kind) for e in extraction.entities}


@pytest.mark.parametrize("text, expected", [
    # a noun of geography or a facility noun before a name is part of it
    ("Des milliers de manifestants se sont rassemblés sur la place Tahrir.", ("place Tahrir", "area")),
    ("Les combats ont repris dans la région de Pskov.", ("région de Pskov", "place")),
    # an outlet's edition is part of its name
    ("Le correspondant de BBC Afrique a été expulsé.", ("BBC Afrique", "media")),
    # an organization keeps the prepositions of its name
    ("Le Front pour la libération du Congo a revendiqué l'attaque.", ("Front pour la libération du Congo", "organization")),
    # an organization's name goes on with "de" and a proper noun NER left out
    ("La Cour suprême du Kenya a annulé l'élection.", ("Cour suprême du Kenya", "organization")),
    # after a locative preposition a name is a place, whatever NER says
    ("Les rebelles sont entrés à Palma hier soir.", ("Palma", "place")),
    # regions are places of the gazetteer
    ("La situation au Sahel inquiète les diplomates.", ("Sahel", "place")),
])
def test_names_are_mended(parse, text, expected):
    assert expected in names(parse(text)), names(parse(text))


@pytest.mark.parametrize("text, described, aliases", [
    # participles that qualify stay in the description; a figure does not
    ("L'attaque a été menée par des hommes armés non identifiés.", "hommes armés non identifiés", {"hommes armés"}),
    ("Environ 400 soldats britanniques sont déployés au Mali.", "soldats britanniques", {"400 soldats britanniques"}),
    ("Une cinquantaine de miliciens ont attaqué le village.", "cinquantaine de miliciens", {"miliciens"}),
])
def test_described_actors_are_named_by_their_words(parse, text, described, aliases):
    descriptions = {e.name: e for e in parse(text).entities if e.source == "description"}
    assert described in descriptions, sorted(descriptions)
    assert aliases <= set(descriptions[described].aliases)


@pytest.mark.parametrize("text", [
    "Les Afghans ont voté. Des Tutsis ont fui.",  # peoples are not places
    "Un coup d'État a renversé le président.",  # a capitalized common noun is no name
])
def test_words_that_are_no_names(parse, text):
    assert not any(e.source == "ner" for e in parse(text).entities), names(parse(text))


def test_a_state_s_institution_is_an_entity_wherever_named(parse):
    extraction = parse("Des chars de l'armée égyptienne patrouillaient près du palais.")
    assert ("armée égyptienne", "organization") in names(extraction)


def test_countries_with_like_skeletons_stay_apart(parse):
    """Niger and Nigeria, Mali and Malawi: known countries are told apart by their names."""
    from kg.resolve import resolve

    corpus = resolve([parse("Le Niger et le Nigeria ont signé un accord.", "a"),
                      parse("Le Mali et le Malawi ont signé un accord.", "b")])
    countries = {e.label for e in corpus.entities if e.kind == "country"}
    assert {"Niger", "Nigeria", "Mali", "Malawi"} <= countries


def test_an_unnamed_actor_of_one_article_is_not_another_s(parse):
    from kg.resolve import resolve

    corpus = resolve([parse("L'armée a annoncé qu'elle contrôlait la ville.", "a"),
                      parse("L'armée a démenti avoir tiré sur la foule.", "b")])
    armies = [e for e in corpus.entities if e.label == "armée"]
    assert len(armies) == 2 and len({e.key for e in armies}) == 2


def test_a_name_is_of_the_kind_most_readings_give(parse):
    """One cue ("le parti de X") does not outweigh a name read twice as a person's."""
    text = ("Le président Alpha Condé a été renversé. Les militants du parti d'Alpha Condé ont protesté. "
            "Alpha Condé est détenu.")
    kinds = {e.kind for e in parse(text).entities if e.name == "Alpha Condé"}
    assert kinds == {"person"}


def test_a_name_a_place_noun_points_to_is_a_place(parse):
    text = "Les rebelles ont pris la ville de Bunagana. La prise de Bunagana inquiète Kinshasa."
    kinds = {e.kind for e in parse(text).entities if e.name == "Bunagana"}
    assert kinds and kinds <= {"place", "city"}

