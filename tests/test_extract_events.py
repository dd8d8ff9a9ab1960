"""Event extraction on French sentences written for these tests (not from the seeds).

Each row: a sentence, then the events expected in it as (class, roles, values),
roles and values compared exactly: a role or value the sentence does not give
must stay absent.
"""
from __future__ import annotations

import pytest

from tests.conftest import found_events

EVENTS = [
    # --- attacks: active and passive voice, weapons refine the class
    ("Des roquettes ont visé l'ambassade de France à Beyrouth dans la nuit de lundi.",
     # a state's mission abroad has one name: its noun, its nationality, its host country
     "RocketAttack", {("target", "ambassade française (Liban)"), ("place", "Beyrouth")}, set()),
    ("Le consulat britannique a été visé par des tirs de mortier à Erbil.",
     "RocketAttack", {("target", "consulat britannique"), ("place", "Erbil")}, set()),
    ("Une frappe aérienne a touché l'aéroport de Damas.", "AirStrike", {("target", "aéroport de Damas")}, set()),
    ("Des drones ont frappé mercredi un dépôt d'armes.", "AirStrike", set(), set()),
    ("L'armée israélienne a bombardé Gaza dans la nuit.", "AirStrike",
     {("agent", "armée israélienne"), ("agent", "Israël"), ("target", "Gaza"), ("place", "Gaza")}, set()),
    ("Une bombe placée en bord de route a frappé un convoi à Kirkouk.", "Bombing", {("place", "Kirkouk")}, set()),
    ("Mardi, une attaque contre la base américaine d'Aïn al-Assad a été repoussée.",
     "Attack", {("target", "base américaine d'Aïn al-Assad")}, set()),
    ("Les brigades du Hamas ont attaqué Sdérot.", "Attack", {("agent", "Hamas"), ("target", "Sdérot"), ("place", "Sdérot")}, set()),  # a town attacked: there
    ("Hier soir, l'ambassade britannique a une nouvelle fois été la cible de tirs.",
     "Attack", {("target", "ambassade britannique")}, set()),
    ("Des hommes armés ont attaqué un poste de police à Kidal.", "Attack", {("agent", "hommes armés"), ("place", "Kidal")}, set()),
    ("L'aviation russe a bombardé Idleb, faisant huit morts.",
     "AirStrike", {("agent", "aviation russe"), ("agent", "Russie"), ("target", "Idleb"), ("place", "Idleb")}, {("fatalities", "8")}),
    ("Une frappe américaine a tué 25 combattants des brigades du Hezbollah.",
     "AirStrike", {("agent", "États-Unis")}, {("fatalities", "25")}),
    # --- counts in digits and words, lower bounds, zero
    ("Trois obus de mortier sont tombés sur le quartier de Mezzeh à Damas, tuant deux civils et blessant cinq personnes.",
     # the district shelled ("le quartier de X" points to X) is the target, and where it happened
     "RocketAttack", {("place", "Damas"), ("target", "Mezzeh"), ("place", "Mezzeh")},
     {("projectiles", "3"), ("fatalities", "2"), ("injuries", "5")}),
    ("Au moins 12 missiles ont été tirés vers la base aérienne de Hmeimim.",
     "RocketAttack", {("target", "base aérienne de Hmeimim")}, {("projectiles", "12")}),
    ("L'attentat n'a fait aucune victime.", "Attack", set(), {("fatalities", "0")}),
    # --- killings: the persons killed, who killed, who ordered
    ("Le journaliste Daniel Pearl a été assassiné à Karachi en 2002.",
     "Killing", {("killed", "Daniel Pearl"), ("place", "Karachi")}, {("date", "2002")}),
    ("L'opposant Boris Nemtsov a été abattu à Moscou le 27 février 2015.",
     "Killing", {("killed", "Boris Nemtsov"), ("place", "Moscou")}, {("date", "2015-02-27")}),
    ("Le chef du groupe, Abou Bakr al-Baghdadi, a été tué par les forces spéciales américaines.",
     "Killing", {("killed", "Abou Bakr al-Baghdadi"), ("agent", "forces spéciales américaines"), ("agent", "États-Unis")}, set()),
    ("Le président américain Donald Trump a ordonné la frappe qui a tué le général.",
     "AirStrike", {("orderedBy", "Donald Trump")}, set()),
    ("La frappe a été menée sur ordre du Premier ministre Benyamin Netanyahou.",
     "AirStrike", {("orderedBy", "Benyamin Netanyahou")}, set()),
    # --- protests
    ("Des milliers de manifestants ont envahi le Parlement à Bagdad.",
     "Protest", {("agent", "milliers de manifestants"), ("target", "Parlement"), ("place", "Bagdad")}, set()),
    ("Des centaines de personnes ont manifesté samedi à Alger contre le pouvoir.", "Protest",
     {("agent", "centaines de personnes"), ("place", "Alger")}, set()),
    ("La manifestation a rassemblé des milliers de personnes à Beyrouth le 17 octobre 2019.",
     "Protest", {("agent", "milliers de personnes"), ("place", "Beyrouth")}, {("date", "2019-10-17")}),
    # --- troops sent and withdrawn
    ("Le Pentagone a déployé 3.000 soldats supplémentaires en Arabie saoudite.",
     "Deployment", {("agent", "États-Unis"), ("place", "Arabie saoudite")}, {("troops", "3000")}),
    # a capital acting stands for its country
    ("Londres a envoyé 200 militaires en Estonie.", "Deployment",
     {("agent", "Royaume-Uni"), ("place", "Estonie")}, {("troops", "200")}),
    ("Le 3 janvier 2020, l'assassinat du général Qassem Soleimani par Washington a choqué Téhéran.",
     "Killing", {("killed", "Qassem Soleimani"), ("agent", "États-Unis")}, {("date", "2020-01-03")}),
    ("La France a retiré 500 soldats du Mali en 2022.",
     "Withdrawal", {("agent", "France")}, {("troops", "500"), ("date", "2022")}),
    # --- truces and votes
    ("Une trêve a été conclue entre Israël et le Hamas le 21 mai 2021.",
     "Truce", {("participant", "Israël"), ("participant", "Hamas")}, {("date", "2021-05-21")}),
    ("Le cessez-le-feu est entré en vigueur à minuit.", "Truce", set(), set()),
    ("Le Sénat a voté une résolution contre la guerre.", "Vote", {("agent", "Sénat")}, set()),
    ("Le Parlement libanais a voté la confiance au gouvernement.", "Vote", {("agent", "Parlement libanais")}, set()),
]

NO_EVENT = [
    "Aucune roquette n'a touché l'ambassade.",  # negation
    "L'Iran n'a pas attaqué la base.",
    "L'armée pourrait frapper la ville de Mossoul.",  # conditional
    "Les Etats-Unis menacent de bombarder les installations iraniennes.",  # threat
    "Les Etats-Unis allaient retirer 500 de leurs soldats.",  # announced, not done
    "Si les tirs continuent, Washington rappellera ses diplomates.",  # hypothesis
    "Les manifestants réclament le retrait des troupes étrangères.",  # demand
    "Le gouvernement vise à réduire les dépenses publiques.",  # viser à: no weapon
    "Cette mesure a frappé les esprits.",  # frapper without a weapon
    "Le ministre a tiré les leçons de la crise.",
    "Le système de défense anti-roquettes a été activé.",  # a weapon system, not an attack
    "Le Parlement a adopté une loi sur les retraites.",
]


@pytest.mark.parametrize("text, event_class, roles, values", EVENTS, ids=[row[0][:50] for row in EVENTS])
def test_event_with_roles_and_values(parse, text, event_class, roles, values):
    assert (event_class, roles, values) in found_events(parse(text)), found_events(parse(text))


@pytest.mark.parametrize("text", NO_EVENT)
def test_no_event_invented(parse, text):
    assert parse(text).events == []


@pytest.mark.parametrize("text", [
    "Cette attaque n'a pas été revendiquée.",
    "L'incident a choqué le pays.",
    "Le bilan s'élève à douze morts.",
])
def test_words_that_refer_back_are_no_event_of_their_own(parse, text):
    """ "cette attaque", "l'incident", "le bilan" name an event told around them: alone in
    an article they are no event (resolution drops them); beside one, they join it."""
    from kg.resolve import resolve

    extraction = parse(text)
    assert extraction.events and all(e.refers_back for e in extraction.events)
    assert resolve([extraction]).events == []


def test_every_event_class_has_sentences_written_for_these_tests():
    """The table tests each event class of the ontology, on sentences that are not the seeds'."""
    from rdflib import RDFS

    from kg.rdf.namespaces import NKG
    from kg.resources import ontology_graph
    from tests.conftest import SEEDS

    ontology = ontology_graph()
    classes = {str(c).removeprefix(str(NKG)) for c in ontology.transitive_subjects(RDFS.subClassOf, NKG.Event)} - {"Event"}
    assert classes and classes <= {row[1] for row in EVENTS}
    seeds = [path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")]
    assert not [s for s in [row[0] for row in EVENTS] + NO_EVENT if any(s in seed for seed in seeds)]


def test_one_event_for_the_words_of_one_attack(parse):
    extraction = parse("Sept roquettes ont visé mardi soir l'ambassade des Etats-Unis à Bagdad.")
    assert len(extraction.events) == 1
    event = extraction.events[0]
    assert event.event_class == "RocketAttack"
    assert event.trigger.quote == "visé"
    assert "roquettes" in {m.quote for m in event.evidence}
    assert {(v.prop, v.value, v.mention.quote) for v in event.values} == {("projectiles", "7", "Sept roquettes")}


def test_every_value_and_role_has_exact_evidence(parse):
    text = "Trois obus de mortier sont tombés sur le quartier de Mezzeh à Damas le 3 mars 2021, tuant deux civils."
    (event,) = parse(text).events
    for mention in (event.trigger, *event.evidence, *(v.mention for v in event.values), *(r.entity.mention for r in event.roles)):
        assert text[mention.start : mention.end] == mention.quote
    quotes = {v.prop: v.mention.quote for v in event.values}
    assert quotes == {"date": "le 3 mars 2021", "fatalities": "deux civils", "projectiles": "Trois obus"}


def test_lower_bound_is_marked(parse):
    (event,) = parse("Au moins 12 missiles ont été tirés vers la base aérienne de Hmeimim.").events
    (value,) = event.values
    assert value.at_least and value.mention.quote == "Au moins 12 missiles"


def test_dates_resolve_against_the_article_date(nlp):
    import hashlib

    from kg.extract import extract_article
    from kg.model import Article

    text = "Des roquettes ont frappé mardi l'ambassade américaine. Fin décembre, une attaque à la roquette avait touché la base du K1."
    article = Article("t", text, hashlib.sha256(text.encode()).hexdigest(), date="2020-02-20")
    events = extract_article(article, nlp(text)).events
    dates = [next((v.value for v in e.values if v.prop == "date"), None) for e in events]
    assert dates == ["2020-02-18", "2019-12"]  # the Tuesday before Thursday 20 February 2020
