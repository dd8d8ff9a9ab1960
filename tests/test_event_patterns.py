"""General French patterns of events found on real news (issue "Events that hold on real
news"), each shown by a sentence written for this test, never a corpus article's.

Rows: a sentence, then one event expected in it as (class, roles, values), compared
exactly: a role or value the sentence does not give must stay absent.
"""
from __future__ import annotations

import pytest

from tests.conftest import found_events

PATTERNS = [
    # --- attacks told by their victim, their ground, their kind of violence
    ("Deux gendarmes ont été victimes d'une agression à Grenoble.",  # "X a été victime de…": X is the target
     "Attack", {("target", "Deux gendarmes"), ("place", "Grenoble")}, set()),
    ("Des individus ont agressé un chauffeur de bus à Rennes.",
     "Attack", {("target", "chauffeur de bus"), ("place", "Rennes")}, set()),
    ("De violents combats ont éclaté lundi à Goma entre l'armée et les rebelles.",  # a plural told as one event
     "Attack", {("participant", "armée"), ("participant", "rebelles"), ("place", "Goma")}, set()),
    ("De violents combats ont opposé lundi l'armée congolaise et les rebelles du M23 près de Goma.",  # "opposer": the sides
     "Attack", {("participant", "armée congolaise"), ("participant", "M23"), ("place", "Goma")}, set()),
    ("Des opposants ont volé des urnes à Benghazi, et les ont incendiées.",  # coordinated verbs, one place
     "Attack", {("agent", "opposants"), ("place", "Benghazi")}, set()),
    ("Les insurgés se sont emparés de l'aéroport de Kismayo.",  # ground taken; a pronominal verb's subject acts
     "Attack", {("agent", "insurgés"), ("target", "aéroport de Kismayo")}, set()),
    ("La prise de Tombouctou par les djihadistes a choqué le pays.",  # a town taken is where it was fought
     "Attack", {("agent", "djihadistes"), ("place", "Tombouctou")}, set()),
    ("La Russie a lancé son invasion de la Géorgie en 2008.",  # "l'invasion de X": X is the target
     "Attack", {("agent", "Russie"), ("target", "Géorgie"), ("place", "Géorgie")}, {("date", "2008")}),
    # --- tolls: objects, passive subjects, toll nouns, deaths in the event's clause
    ("Une explosion a fait six morts et vingt blessés à Quetta.",
     "Bombing", {("place", "Quetta")}, {("fatalities", "6"), ("injuries", "20")}),
    ("Les soldats ont exécuté douze villageois dans la localité de Kalima.",  # "la localité de X" points to X
     "Killing", {("agent", "soldats"), ("place", "Kalima")}, {("fatalities", "12")}),
    ("Douze soldats ont été tués dans une embuscade près de Tillabéri.",  # a killing in an attack is the attack
     "Attack", {("place", "Tillabéri")}, {("fatalities", "12")}),
    ("Huit morts dans une attaque contre une église de Kaduna.",  # a headline's toll noun
     "Attack", set(), {("fatalities", "8")}),
    ("Trente personnes ont péri dans l'attentat de Mogadiscio.",  # "l'attentat de X": X is the place
     "Attack", {("place", "Mogadiscio")}, {("fatalities", "30")}),
    ("Une cinquantaine de civils auraient été tués par des miliciens dans le village de Kalo.",
     # the press's conditional tells a fact; "une cinquantaine" is fifty
     "Killing", {("agent", "miliciens"), ("place", "Kalo")}, {("fatalities", "50")}),
    ("Le tireur a tué deux policiers et un passant devant la gare de Lyon.",  # coordinated victims add up
     "Killing", {("agent", "tireur")}, {("fatalities", "3")}),
    # --- protests: crowds that gather, march, protest
    ("Des milliers de personnes se sont rassemblées samedi à Alger.",
     "Protest", {("agent", "milliers de personnes"), ("place", "Alger")}, set()),
    ("Des centaines d'étudiants ont défilé dans les rues de Dakar pour protester contre la réforme.",
     "Protest", {("agent", "centaines d'étudiants"), ("place", "Dakar")}, set()),
    # --- troops where they are, states that intervene or withdraw
    ("Les 3 000 soldats tchadiens présents au Mali rentreront bientôt.",
     "Deployment", {("agent", "soldats tchadiens"), ("agent", "Tchad"), ("place", "Mali")}, {("troops", "3000")}),
    ("Environ 800 soldats kényans sont entrés en Somalie.",  # "sont entrés" is no passive
     "Deployment", {("agent", "soldats kényans"), ("agent", "Kenya"), ("place", "Somalie")}, {("troops", "800")}),
    ("La France est intervenue en Centrafrique en 2013.",
     "Deployment", {("agent", "France"), ("place", "Centrafrique")}, {("date", "2013")}),
    ("L'Allemagne s'est retirée de la coalition.", "Withdrawal", {("agent", "Allemagne")}, set()),
    ("Le retrait des Pays-Bas de la mission a été annoncé.", "Withdrawal", {("agent", "Pays-Bas")}, set()),
    ("Des navires et des avions sud-africains sont arrivés à Pemba.",  # a force's nationality on any of its means
     "Deployment", {("agent", "Afrique du Sud"), ("place", "Pemba")}, set()),
    ("Des blindés du Botswana et 300 soldats sont passés au Mozambique.",  # coordinated forces, their state
     "Deployment", {("agent", "Botswana"), ("agent", "soldats"), ("place", "Mozambique")}, {("troops", "300")}),
    ("Les soldats sont dans les rues de la capitale.",  # being somewhere: "être" with the place as head
     "Deployment", {("agent", "soldats")}, set()),
    ("Les insurgés abandonnent les bases de la région.", "Withdrawal", {("agent", "insurgés")}, set()),
    # --- killings told by their victim, their killer, or a participle on the victim's name
    ("Un fidèle brûlé vif par un pasteur a été retrouvé à Lagos.",
     "Killing", {("agent", "pasteur"), ("killed", "fidèle")}, set()),
    ("Le préfet Claude Érignac, tué le 6 février 1998 à Ajaccio, était le représentant de l'État.",
     "Killing", {("killed", "Claude Érignac"), ("place", "Ajaccio")}, {("date", "1998-02-06")}),
    ("Hachalu Hundessa a été tué alors qu'il rentrait chez lui, bien qu'il ait été protégé.",
     "Killing", {("killed", "Hachalu Hundessa")}, set()),
    ("La brigade s'est installée à Kidal depuis son déploiement au Mali.",  # "son déploiement": the subject's
     "Deployment", {("agent", "brigade"), ("place", "Mali")}, set()),
    # --- where: places inside a locative phrase, relative clauses on the event noun
    ("Des soldats ont été déployés dans les rues de la capitale, Bamako, et de la ville de Kayes.",
     "Deployment", {("agent", "soldats"), ("place", "Bamako"), ("place", "Kayes")}, set()),
    ("Le pays a connu un attentat dans lequel douze personnes ont perdu la vie près d'une mosquée de Maiduguri.",
     "Attack", {("place", "Maiduguri")}, {("fatalities", "12")}),
    ("Les rebelles ont pris la ville frontalière de Rutshuru, près du Rwanda.",  # near a country is not in it
     "Attack", {("agent", "rebelles"), ("place", "Rutshuru")}, set()),
    ("Les rebelles du M23 ont avancé. Le groupe a attaqué la ville de Rutshuru.",  # "le groupe": the one just named
     "Attack", {("agent", "M23"), ("target", "Rutshuru"), ("place", "Rutshuru")}, set()),
    # --- who: the name a description is given next to it
    ("Trente villageois auraient été tués par une milice connue sous le nom de Janjawid.",
     "Killing", {("agent", "Janjawid")}, {("fatalities", "30")}),
    ("L'enquête porte sur l'assassinat de l'ex-juge Paul Martin en 2019.",
     "Killing", {("killed", "Paul Martin")}, {("date", "2019")}),
    ("La correspondante du quotidien Le Soir à Tunis, Claire Dubois, affirme avoir été agressée.",
     "Attack", {("target", "Claire Dubois")}, set()),
    ("Il défendait le meurtrier du maire de Nice Jean Durand, tué le 3 mai 2001 à Nice.",  # the name before the comma
     "Killing", {("killed", "Jean Durand"), ("place", "Nice")}, {("date", "2001-05-03")}),
    ("Le maire Henri Leroy a été abattu de deux balles.",  # a weapon does not make a killing an attack
     "Killing", {("killed", "Henri Leroy")}, set()),
    # --- who called for or ordered it; where a relative "où" says
    ("Des milliers de personnes se sont rassemblées sur la place Tahrir, à l'appel des Frères musulmans.",
     "Protest", {("agent", "milliers de personnes"), ("orderedBy", "Frères musulmans"), ("place", "place Tahrir")}, set()),
    ("Les migrants auraient été tués par le Hezbollah, qui recevait des ordres directs du président Bachar al-Assad.",
     "Killing", {("agent", "Hezbollah"), ("killed", "migrants"), ("orderedBy", "Bachar al-Assad")}, set()),
    ("Le Niger, où environ 800 soldats italiens sont déployés, a rappelé son ambassadeur.",
     "Deployment", {("agent", "soldats italiens"), ("agent", "Italie"), ("place", "Niger")}, {("troops", "800")}),
    # --- who: the focus of a cleft, crowds a participle is said of, taking to the streets
    ("Selon la radio, ce sont trois hommes à bord d'une voiture qui ont ouvert le feu sur le policier.",
     "Attack", {("agent", "trois hommes à bord d'une voiture"), ("target", "policier")}, set()),
    ("La vidéo montrait un petit groupe de commerçants défilant dans le quartier.",
     "Protest", {("agent", "petit groupe de commerçants")}, set()),
    ("Des étudiants sont descendus dans la rue à Dakar.",
     "Protest", {("agent", "étudiants"), ("place", "Dakar")}, set()),
    # --- troops a participle is said of, wherever the parser hangs it
    ("Les militaires déployés à Gao ont été attaqués.", "Deployment", {("agent", "militaires"), ("place", "Gao")}, set()),
    ("Il a évoqué l'avenir de la coopération avec la coalition internationale, déployée en 2016 en Syrie.",
     "Deployment", {("agent", "coalition internationale"), ("place", "Syrie")}, {("date", "2016")}),
]

NOT_EVENTS = [
    "Les attaques contre les convois sont rarement revendiquées.",  # a generic plural
    "Des attentats djihadistes qui ont fait des dizaines de morts ont endeuillé le pays.",  # a series
    "Le pays a été visé à plusieurs reprises par des frappes.",  # repeated
    "C'était la troisième attaque de l'année dans la région.",  # a rank in a series
    "Les électeurs font la queue devant les bureaux de vote.",  # a polling station, no vote
    "Le Rassemblement pour la démocratie a tenu son congrès.",  # a party's name
    "L'opposition appelle les électeurs à voter contre le projet.",  # called for, not done
    "Si l'armée attaque, la ville tombera.",  # a condition
    "La police a déjoué les préparatifs d'un attentat à Lyon.",  # prepared, not done
    "Sa décision d'attaquer le pays a surpris ses alliés.",  # decided; what happened is told elsewhere
    "L'opposition a appelé dimanche à une transition et à la mobilisation générale.",  # called for
    "Les efforts déployés par les ONG pour aider les réfugiés sont salués.",  # efforts are no troops
    "Les passagers sont descendus du bus à Dakar.",  # into no street
    "L'avion s'est écrasé près de Lagos. Une dizaine de personnes au sol ont été tuées.",  # a crash kills nobody's victims
    "A lire aussi : Niger : des roquettes s'abattent sur une base",  # another article's headline
    "Des dizaines de roquettes ont déjà visé la base depuis octobre.",  # a sum over time
    "Le gouvernement a obtenu le retrait de plusieurs centaines de soldats étrangers.",  # agreed, not done
    "Des dizaines de civils ont été tués depuis le début de la guerre.",  # a tally over a period
    "Tous ces villageois ont été tués après le 3 mars.",  # the same, from a date on
]


@pytest.mark.parametrize("text, event_class, roles, values", PATTERNS, ids=[row[0][:50] for row in PATTERNS])
def test_pattern(parse, text, event_class, roles, values):
    assert (event_class, roles, values) in found_events(parse(text)), found_events(parse(text))


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_an_event(parse, text):
    from kg.resolve import resolve

    assert resolve([parse(text)]).events == [], found_events(parse(text))


def test_one_event_told_in_many_words_is_one_node(parse):
    """A headline, its lede, "l'attaque", the killing it caused and "les assaillants" are one event."""
    from kg.resolve import resolve

    text = ("Neuf morts dans une attaque au Niger\n\n"
            "Les victimes ont été tuées mardi soir à Banibangou. "
            "L'attaque a été menée par des hommes armés venus à moto. "
            "Les assaillants ont aussi incendié des greniers avant de fuir.")
    (event,) = resolve([parse(text)]).events
    assert event.event_class == "Attack"
    assert {m.quote for m in event.mentions} >= {"attaque", "tuées", "incendié"}
    assert ("fatalities", "9") in {(v.prop, v.value) for v in event.values}


def test_the_present_of_a_dated_lede_is_the_dateline_day(nlp):
    from pathlib import Path

    from kg.extract import extract_article
    from kg.build.reader import decode_article

    article, _reason = decode_article(Path("moundou.txt"), (
        "Tchad : colère à Moundou\n\n"
        "12 mars 2021. - Des milliers de personnes manifestent dans les rues de Moundou contre la vie chère. "
        "Des affrontements avaient eu lieu la veille.\n").encode())
    assert article.date == "2021-03-12"  # the dateline dates the article
    events = extract_article(article, nlp(article.body)).events
    protest = next(e for e in events if e.event_class == "Protest")
    assert [(v.prop, v.value, v.mention.quote) for v in protest.values] == [("date", "2021-03-12", "12 mars 2021")]


def test_relative_parts_of_months(nlp):
    from kg.extract.dates import find_dates

    found = find_dates(nlp("Au début du mois dernier, trois hommes avaient été agressés."), "2012-07-04")
    assert [(d.text, d.value) for d in found] == [("début du mois dernier", "2012-06")]


def test_two_attacks_on_two_victims_stay_two(parse):
    """Described victims of two reports differ: two events, however close."""
    from kg.resolve import resolve

    text = ("Un lycéen a été agressé hier dans un bus à Nantes. "
            "En mai, trois commerçants avaient été agressés dans la banlieue de Lille.")
    assert len(resolve([parse(text)]).events) == 2


def test_shots_at_one_person_who_died_are_one_killing(parse):
    """Shot at, then killed: the person's attack and killing are one Killing, the person killed."""
    from kg.resolve import resolve

    text = ("Pierre Vidal, maire de Calvi, a été visé par des tirs mardi. "
            "Deux hommes ont ouvert le feu sur le maire devant sa maison. Le maire a été abattu.")
    (event,) = resolve([parse(text)]).events
    assert event.event_class == "Killing"
    roles = {(role, key) for role, key, _mentions in event.roles}
    assert not any(role == "target" for role, _key in roles)
    assert any(role == "killed" for role, _key in roles)



def test_a_country_alone_joins_the_deployment_just_told(parse):
    """ "…sont arrivés à Pemba… et … sont entrés au Mozambique": one deployment, its town in
    the country."""
    from kg.resolve import resolve

    text = "Des soldats sud-africains sont arrivés à Pemba samedi. Des blindés sont aussi entrés au Mozambique."
    assert [e.event_class for e in resolve([parse(text)]).events] == ["Deployment"]


def test_a_place_apposed_with_its_container(parse):
    """ "Dibilou, une localité située dans la commune de Pissila": Dibilou is in Pissila, so
    one attack told at both is one event."""
    from kg.resolve import resolve

    text = ("Quinze personnes ont été tuées jeudi dans une attaque à Dibilou, une localité située dans la commune de Pissila. "
            "C'est la troisième attaque survenue dans la commune de Pissila.")
    located = {(r.subject.name, r.obj.name) for r in parse(text).relations if r.prop == "locatedIn"}
    assert ("Dibilou", "Pissila") in located
    assert len(resolve([parse(text)]).events) == 1


def test_fights_between_two_sides_and_the_one_that_took_the_town(parse):
    """ "des combats entre l'armée et les rebelles du M23" then "les rebelles du M23 ont pris la
    ville": one attack, the M23 its agent, the army its target."""
    from kg.resolve import resolve

    text = ("Depuis mars, les combats entre l'armée congolaise et les rebelles du M23 ont déplacé 80 000 personnes. "
            "Le groupe a annoncé avoir pris la ville de Rutshuru.")
    events = resolve([parse(text)]).events
    assert len(events) == 1
    labels = {(role, key) for role, key, _m in events[0].roles}
    assert any(role == "agent" and "m23" in key for role, key in labels), labels
    assert any(role == "target" and "armee" in key for role, key in labels), labels


def test_more_of_the_salvo_just_told_is_that_attack(parse):
    """ "des roquettes se sont aussi abattues sur X": the same attack, told at another place;
    "se sont abattus" is falling, so "Quatre projectiles" are no dead."""
    from kg.resolve import resolve

    text = ("Sept roquettes ont visé mardi soir l'ambassade des Etats-Unis à Bagdad. Quatre projectiles se sont "
            "abattus dans la Zone verte de Bagdad. Des roquettes se sont aussi abattues sur la ville de Taji, tuant une fillette.")
    (event,) = resolve([parse(text)]).events
    assert ("fatalities", "1") in {(v.prop, v.value) for v in event.values}
    assert ("fatalities", "4") not in {(v.prop, v.value) for v in event.values}


def test_one_name_for_a_state_s_embassy(parse):
    """ "l'ambassade américaine", "l'ambassade des Etats-Unis à Bagdad", "la chancellerie
    américaine": one facility, named with its host country."""
    from kg.resolve import resolve

    text = ("L'ambassade américaine a été visée. L'ambassade des Etats-Unis à Bagdad a activé ses défenses. "
            "La chancellerie américaine a retiré une partie de son personnel.")
    embassies = [e for e in resolve([parse(text)]).entities if e.kind == "facility"]
    assert [e.label for e in embassies] == ["ambassade américaine (Irak)"]


def test_a_count_completed_by_n_others_is_a_part_not_the_whole(parse):
    """ "Cinq obus sont tombés ici, tandis que trois autres…": five is part of the eight fired."""
    from kg.resolve import resolve

    text = ("Huit obus ont visé jeudi le camp militaire. Cinq obus sont tombés dans l'enceinte du camp, "
            "tandis que trois autres ont touché un marché voisin.")
    (event,) = resolve([parse(text)]).events
    assert {(v.prop, v.value) for v in event.values if v.prop == "projectiles"} == {("projectiles", "8")}
    alone = resolve([parse("Cinq obus sont tombés dans l'enceinte du camp jeudi.")]).events
    assert {(v.prop, v.value) for e in alone for v in e.values} == {("projectiles", "5")}  # a count alone is the whole


def test_against_whom_is_a_target_wherever_the_parser_hangs_it(parse):
    """ "à Dakar contre le gouvernement": a place is against nobody, the protest is."""
    (event,) = parse("Des milliers de personnes ont manifesté samedi à Dakar contre le gouvernement sénégalais.").events
    roles = {(r.role, r.entity.name) for r in event.roles}
    assert {("place", "Dakar"), ("target", "gouvernement sénégalais")} <= roles, roles
    assert ("target", "Dakar") not in roles


def test_armour_stationed_somewhere_is_a_deployment(parse):
    """ "des véhicules blindés": armour, as "des blindés", whatever noun the adjective qualifies."""
    events = parse("Des véhicules blindés étaient stationnés devant le palais présidentiel à Niamey.").events
    assert [(e.event_class, {(r.role, r.entity.name) for r in e.roles}) for e in events] == [("Deployment", {("place", "Niamey")})]
    assert not parse("Des véhicules étaient stationnés devant le palais présidentiel à Niamey.").events  # cars are no troops


@pytest.mark.parametrize("text, target", [
    ("Le Rwanda a envoyé 1 000 soldats au Mozambique pour lutter contre les insurgés.", "insurgés"),
    ("Les talibans ont envoyé des centaines de combattants au Panjshir contre le Front national de résistance.",
     "Front national de résistance"),
])
def test_whom_forces_are_sent_against_is_the_deployment_s_target(parse, text, target):
    (event,) = parse(text).events
    assert event.event_class == "Deployment" and ("target", target) in {(r.role, r.entity.name) for r in event.roles}


def test_a_person_named_as_a_protester_took_part_in_the_protest_told(parse):
    from kg.resolve import resolve

    text = ("Des centaines de personnes ont manifesté samedi à Dakar contre la vie chère. "
            "« Nous voulons du travail », explique une jeune manifestante, Awa Diop.")
    (event,) = resolve([parse(text)]).events
    assert any(role == "participant" and "awa-diop" in key for role, key, _m in event.roles), event.roles


@pytest.mark.parametrize("text, event_class, agent", [
    # the participle of a support verb on the event noun gives its agent
    ("Une attaque menée par des hommes armés a fait trois morts.", "Attack", "hommes armés"),
    ("Une trêve décrétée par le Hamas a été rompue.", "Truce", "Hamas"),
    # however the parser hangs the participle, it agrees with the event noun ("un mois de trêve décrétée")
    ("Les tirs ont rompu un mois de trêve décrétée par le Hamas.", "Truce", "Hamas"),
    # who votes through its members, or as a whole
    ("Le texte a été voté à la majorité des membres du Sénat.", "Vote", "Sénat"),
    ("Une résolution votée à l'unanimité du Conseil de sécurité exige un cessez-le-feu.", "Vote", "Conseil de sécurité"),
])
def test_the_agent_given_beside_the_event_word(parse, text, event_class, agent):
    events = [e for e in parse(text).events if e.event_class == event_class]
    assert events and ("agent", agent) in {(r.role, r.entity.name) for e in events for r in e.roles}, \
        [(e.event_class, [(r.role, r.entity.name) for r in e.roles]) for e in parse(text).events]


def test_armed_groups_of_a_country_are_not_its_state(parse):
    """ "des milices irakiennes" carried it out, not Iraq; "l'armée israélienne" serves Israel."""
    roles = {(r.role, r.entity.name) for e in parse("Une trêve décrétée par des milices irakiennes a été rompue.").events for r in e.roles}
    assert ("agent", "Irak") not in roles and any(role == "agent" for role, _ in roles), roles
    roles = {(r.role, r.entity.name) for e in parse("L'armée israélienne a bombardé le camp.").events for r in e.roles}
    assert ("agent", "Israël") in roles, roles


@pytest.mark.parametrize("text, roles, values", [
    ("Le chef rebelle a été mortellement blessé lundi à Goma.", {("killed", "chef rebelle"), ("place", "Goma")}, set()),
    ("Les rebelles ont infligé des blessures mortelles au gouverneur lundi à Goma.",
     {("agent", "rebelles"), ("killed", "gouverneur"), ("place", "Goma")}, set()),
    ("Deux policiers ont été mortellement blessés lundi à Goma.", {("place", "Goma")}, {("fatalities", "2")}),
])
def test_a_fatal_wound_is_a_killing(parse, text, roles, values):
    (event,) = parse(text).events
    assert event.event_class == "Killing"
    assert roles <= {(r.role, r.entity.name) for r in event.roles} and values == {(v.prop, v.value) for v in event.values}


def test_a_wound_alone_is_no_killing(parse):
    assert not [e for e in parse("Trois soldats ont été blessés lundi à Goma.").events if e.event_class == "Killing"]
