"""Attack extraction on French sentences written for these tests (not from the seeds)."""
from __future__ import annotations

import pytest


def events(extraction):
    return [
        (e.event_class, {(r.role, r.entity.name) for r in e.roles})
        for e in extraction.events
    ]


@pytest.mark.parametrize(
    "text, event_class, roles",
    [
        # active voice, weapon subject: the weapon refines the class
        ("Des roquettes ont visé l'ambassade de France à Beyrouth dans la nuit de lundi.", "RocketAttack",
         {("target", "ambassade de France"), ("place", "Beyrouth")}),
        # passive voice with a "par" phrase
        ("Le consulat britannique a été visé par des tirs de mortier à Erbil.", "RocketAttack",
         {("target", "consulat britannique"), ("place", "Erbil")}),
        ("Une frappe aérienne a touché l'aéroport de Damas.", "AirStrike", {("target", "aéroport de Damas")}),
        ("Des drones ont frappé mercredi un dépôt d'armes.", "AirStrike", set()),
        ("L'armée israélienne a bombardé Gaza dans la nuit.", "AirStrike", {("target", "Gaza")}),
        ("Une bombe placée en bord de route a frappé un convoi à Kirkouk.", "Bombing", {("place", "Kirkouk")}),
        # noun trigger with a "contre" target
        ("Mardi, une attaque contre la base américaine d'Aïn al-Assad a été repoussée.", "Attack",
         {("target", "base américaine d'Aïn al-Assad")}),
        # a group noun stands for the name it governs
        ("Les brigades du Hamas ont attaqué Sdérot.", "Attack", {("agent", "Hamas"), ("target", "Sdérot")}),
        # "X a été la cible de tirs"
        ("Hier soir, l'ambassade britannique a une nouvelle fois été la cible de tirs.", "Attack",
         {("target", "ambassade britannique")}),
        ("Des hommes armés ont attaqué un poste de police à Kidal.", "Attack", {("place", "Kidal")}),
    ],
)
def test_attacks_with_roles(parse, text, event_class, roles):
    found = events(parse(text))
    assert (event_class, roles) in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Le gouvernement vise à réduire les dépenses publiques.",  # viser à: no weapon, no attack
        "Cette mesure a frappé les esprits.",  # frapper without a weapon
        "Le ministre a tiré les leçons de la crise.",
        "Cette attaque n'a pas été revendiquée.",  # refers back to an attack told before
        "Le Parlement a voté une loi sur les retraites.",
    ],
)
def test_no_attack_invented(parse, text):
    assert parse(text).events == []


def test_one_event_for_the_words_of_one_attack(parse):
    extraction = parse("Sept roquettes ont visé mardi soir l'ambassade des Etats-Unis à Bagdad.")
    assert len(extraction.events) == 1
    event = extraction.events[0]
    assert event.event_class == "RocketAttack"
    assert event.trigger.quote == "visé"
    assert "roquettes" in {m.quote for m in event.evidence}


def test_event_evidence_matches_offsets(parse):
    text = "Des roquettes ont visé l'ambassade de France à Beyrouth."
    for event in parse(text).events:
        for mention in (event.trigger, *event.evidence):
            assert text[mention.start : mention.end] == mention.quote
