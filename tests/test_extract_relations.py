"""Titles, affiliations and locations stated in French sentences written for these tests."""
from __future__ import annotations

import pytest

RELATIONS = [
    ("Le président américain Joe Biden est arrivé à Kiev.",
     {("Joe Biden", "role", "président américain"), ("Joe Biden", "leaderOf", "États-Unis")}),
    ("Le Premier ministre irakien Mohammed Chia al-Soudani a reçu le ministre.",
     {("Mohammed Chia al-Soudani", "role", "Premier ministre irakien"), ("Mohammed Chia al-Soudani", "leaderOf", "Irak")}),
    ("Le ministre français Jean-Yves Le Drian a parlé à la presse.",
     {("Jean-Yves Le Drian", "role", "ministre français"), ("Jean-Yves Le Drian", "affiliatedWith", "France")}),
    ("Lloyd Austin, secrétaire à la Défense, a confirmé l'envoi de renforts.",
     {("Lloyd Austin", "role", "secrétaire à la Défense")}),
    ("Le porte-parole militaire Yahya Saree a parlé à la télévision.",
     {("Yahya Saree", "role", "porte-parole militaire")}),
    ("L'ambassade de France à Beyrouth a été fermée.", {("ambassade française (Liban)", "locatedIn", "Beyrouth")}),
    ("Des tirs ont visé Mossoul (Irak) dans la nuit.", {("Mossoul", "locatedIn", "Irak")}),
    ("La Zone verte de Bagdad est bouclée.", {("Zone verte", "locatedIn", "Bagdad")}),
]

NO_RELATION = [
    "Selon le bureau de M. Kazimi, la rencontre a eu lieu.",  # a civility, not a title
    "Le Premier ministre a démissionné.",  # a title with no name
]


def found(extraction):
    return {(r.subject.name, r.prop, r.obj.name if r.obj else r.literal) for r in extraction.relations}


@pytest.mark.parametrize("text, expected", RELATIONS, ids=[r[0][:40] for r in RELATIONS])
def test_relations(parse, text, expected):
    assert expected <= found(parse(text)), found(parse(text))


@pytest.mark.parametrize("text", NO_RELATION)
def test_no_relation_invented(parse, text):
    assert found(parse(text)) == set()


def test_relation_evidence_covers_both_ends(parse):
    text = "L'ambassade de France à Beyrouth a été fermée."
    (relation,) = [r for r in parse(text).relations if r.prop == "locatedIn"]
    assert relation.evidence.quote == "ambassade de France à Beyrouth"
    assert text[relation.evidence.start : relation.evidence.end] == relation.evidence.quote


def test_a_country_is_never_located_in_a_city(parse):
    extraction = parse("Les troupes de l'Irak à Bagdad sont prêtes.")
    # both places are found: "X de Y à Z" is read, and gives no link from the country
    assert {("country", "Irak"), ("city", "Bagdad")} <= {(e.kind, e.name) for e in extraction.entities}
    assert not any(r.prop == "locatedIn" and r.subject.kind == "country" for r in extraction.relations)
    # the same words with a facility before "à" do link it to the city
    facility = parse("L'ambassade de l'Irak à Bagdad est fermée.")
    assert any(r.prop == "locatedIn" and r.subject.kind == "facility" and r.obj.name == "Bagdad" for r in facility.relations)
