"""The time-expression layer on sentences of our own, one family of the issue at a time."""
from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.timex import Timex, find_timexes, reference_date, xsd_value

WEDNESDAY = "2020-01-08"  # the reference date of most cases: Wednesday 8 January 2020


def found(text: str, reference=WEDNESDAY, doc=None) -> list[tuple[str, str, str]]:
    timexes = find_timexes(text, reference, doc=doc)
    for timex in timexes:
        assert text[timex.start : timex.end] == timex.text
    return [(t.text, t.type, t.value) for t in timexes]


ABSOLUTE = [
    ("Le séisme a frappé le 3 janvier 2020 la région de Valparaiso.", [("le 3 janvier 2020", "DATE", "2020-01-03")]),
    ("La décision, datée du 3/01/2020, a été publiée à Dakar.", [("3/01/2020", "DATE", "2020-01-03")]),
    ("Le barrage a été inauguré en 2014 par le président kényan.", [("2014", "DATE", "2014")]),
    ("Les grèves d'octobre 98 avaient paralysé le port.", [("octobre 98", "DATE", "1998-10")]),
    ("Le traité, signé en mai 1988, reste en vigueur.", [("mai 1988", "DATE", "1988-05")]),
    ("Le scrutin du 1er mars 2021 a été annulé à Lima.", [("1er mars 2021", "DATE", "2021-03-01")]),
    ("Le rapport porte la date 2019-11-30.", [("2019-11-30", "DATE", "2019-11-30")]),
    ("La loi a été votée entre 1982 et 1990.", [("1982", "DATE", "1982"), ("1990", "DATE", "1990")]),
    ("Les accords de 1998-2003 sont caducs.", [("1998", "DATE", "1998"), ("2003", "DATE", "2003")]),
    ("Le marché se tiendra du 12 au 14 juin 2020.", [("12", "DATE", "2020-06-12"), ("14 juin 2020", "DATE", "2020-06-14")]),
    ("Les élections ont lieu les 6 et 13 avril prochains.", [("les 6", "DATE", "2020-04-06"), ("13 avril prochains", "DATE", "2020-04-13")]),
    ("Le pays a été fondé au XIXe siècle.", [("XIXe siècle", "DATE", "18XX")]),
    ("La ville a grandi dans les années 60.", [("les années 60", "DATE", "196X")]),
    ("La ville a grandi dans les années 1970.", [("les années 1970", "DATE", "197X")]),
    ("La récolte de l'été 2019 a été mauvaise.", [("l'été 2019", "DATE", "2019-SU")]),
    ("La trêve de Pâques 2021 a été respectée.", [("Pâques 2021", "DATE", "2021-04-04")]),
]

RELATIVE = [
    ("Le ministre a démissionné hier.", [("hier", "DATE", "2020-01-07")]),
    ("Le cortège est parti avant-hier de Lyon.", [("avant-hier", "DATE", "2020-01-06")]),
    ("Une explosion a été entendue ce matin à Beyrouth.", [("ce matin", "TIME", "2020-01-08TMO")]),
    ("Le convoi a été attaqué mardi dernier.", [("mardi dernier", "DATE", "2020-01-07")]),
    ("Le vote aura lieu dimanche prochain.", [("dimanche prochain", "DATE", "2020-01-12")]),
    ("Les négociations reprendront la semaine prochaine.", [("la semaine prochaine", "DATE", "2020-W03")]),
    ("Le pont s'est effondré il y a trois jours.", [("il y a trois jours", "DATE", "2020-01-05")]),
    ("Le rapport sera rendu dans deux semaines.", [("dans deux semaines", "DATE", "2020-01-22")]),
    ("Les prix ont baissé le mois dernier.", [("le mois dernier", "DATE", "2019-12")]),
    ("Le sommet se tiendra l'an prochain à Nairobi.", [("l'an prochain", "DATE", "2021")]),
    ("La récolte de cette année est bonne.", [("cette année", "DATE", "2020")]),
    ("Le verdict est attendu demain soir.", [("demain soir", "TIME", "2020-01-09TEV")]),
    ("Il a été blessé hier en début d'après-midi.", [("hier en début d'après-midi", "TIME", "2020-01-07TAF")]),
    ("La réunion de vendredi a été annulée.", [("vendredi", "DATE", "2020-01-03")]),
    ("La centrale a été inaugurée il y a deux ans.", [("il y a deux ans", "DATE", "2018")]),
    ("Le chômage recule désormais dans la région.", [("désormais", "TIME", "PRESENT_REF")]),
    ("La ville a connu des crues ces dernières années.", [("ces dernières années", "DURATION", "PXY")]),
]

UNDERSPECIFIED = [
    ("Le port a rouvert fin décembre.", [("fin décembre", "DATE", "2019-12")]),
    ("La récolte commencera à la mi-octobre.", [("la mi-octobre", "DATE", "2019-10")]),
    ("La centrale ouvrira début 2021.", [("début 2021", "DATE", "2021")]),
    ("Des tirs ont visé la base dans la nuit de samedi à dimanche.", [("la nuit de samedi à dimanche", "TIME", "2020-01-04TNI")]),
    ("Le 16 décembre, un incendie a détruit le marché.", [("Le 16 décembre", "DATE", "2019-12-16")]),
    ("Le 6 janvier, la police a arrêté trois suspects.", [("Le 6 janvier", "DATE", "2020-01-06")]),
    ("Le 15 mars dernier, un bus a été attaqué.", [("Le 15 mars dernier", "DATE", "2019-03-15")]),
    ("Le sommet se tiendra le 12 juin prochain.", [("le 12 juin prochain", "DATE", "2020-06-12")]),
    # the weekday fixes the year: 5 June is a Friday in 2020
    ("Les portes ouvertes auront lieu le vendredi 5 juin.", [("le vendredi 5 juin", "DATE", "2020-06-05")]),
    # a month alone takes the year its sentence states
    ("En 1997, deux ruptures ont eu lieu (en janvier puis en octobre).",
     [("1997", "DATE", "1997"), ("janvier", "DATE", "1997-01"), ("octobre", "DATE", "1997-10")]),
    ("Il faut un accord d'ici la fin de l'année.", [("ici", "DATE", "2020-01-08"), ("la fin de l'année", "DATE", "2020")]),
    ("La trêve de Noël a été respectée.", [("Noël", "DATE", "2019-12-25")]),
    ("Le magasin est fermé le mercredi.", [("le mercredi", "SET", "XXXX-WXX-3")]),
    ("Les élections anticipées se tiendront à l'automne.", [("l'automne", "DATE", "2019-FA")]),
]

TIMES = [
    ("Le séisme a eu lieu à 15 h 24.", [("15 h 24", "TIME", "XXXX-XX-XXT15:24")]),
    ("Le 3 janvier 2020, vers 0 h 40, des roquettes sont tombées.",
     [("Le 3 janvier 2020", "DATE", "2020-01-03"), ("0 h 40", "TIME", "2020-01-03T00:40")]),
    ("Dimanche 5 janvier, la messe est à midi.", [("Dimanche 5 janvier", "DATE", "2020-01-05"), ("midi", "TIME", "2020-01-05T12:00")]),
    ("Hier, le train est arrivé à 18h15 et reparti à 19 heures.",
     [("Hier", "DATE", "2020-01-07"), ("18h15", "TIME", "2020-01-07T18:15"), ("19 heures", "TIME", "2020-01-07T19:00")]),
    ("Mardi soir, un bus a pris feu.", [("Mardi soir", "TIME", "2020-01-07TEV")]),
    ("Le bureau de vote ouvre de 8 heures à 18 heures.",
     [("8 heures", "TIME", "XXXX-XX-XXT08:00"), ("18 heures", "TIME", "XXXX-XX-XXT18:00")]),
    ("Le lendemain matin, la route a rouvert.", [("Le lendemain matin", "TIME", "XXXX-XX-XXTMO")]),
    ("Le 24 mars, il a passé la soirée chez un ami.", [("Le 24 mars", "DATE", "2019-03-24"), ("la soirée", "TIME", "2019-03-24TEV")]),
]

DURATIONS = [
    ("Les combats ont duré trois semaines.", [("trois semaines", "DURATION", "P3W")]),
    ("Il devance son rival de 30,4 secondes.", [("30,4 secondes", "DURATION", "PT30.4S")]),
    ("Leur alliance durera plus de vingt ans.", [("plus de vingt ans", "DURATION", "P20Y")]),
    ("Le siège a duré près de 24 heures.", [("près de 24 heures", "DURATION", "PT24H")]),
    ("Le sous-marin échappe aux recherches depuis quelques jours.", [("quelques jours", "DURATION", "PXD")]),
    ("Le chantier durera un an et demi.", [("un an et demi", "DURATION", "P1.5Y")]),
    ("La route a été coupée pendant 48 h.", [("48 h", "DURATION", "PT48H")]),
    ("Il a été condamné à 10 ans de prison.", [("10 ans", "DURATION", "P10Y")]),
    ("Le président veut un quinquennat de réformes.", [("quinquennat", "DURATION", "P5Y")]),
    ("Les fouilles ont pris une demi-heure.", [("une demi-heure", "DURATION", "PT30M")]),
]

SETS = [
    ("Le festival a lieu chaque année en juillet.", [("chaque année", "SET", "P1Y"), ("juillet", "DATE", "2019-07")]),
    ("La population croît de 0,4 % par an.", [("an", "SET", "P1Y")]),
    ("Le marché se tient tous les lundis.", [("tous les lundis", "SET", "XXXX-WXX-1")]),
    ("Les réunions ont lieu tous les deux mois.", [("tous les deux mois", "SET", "P2M")]),
    ("Le club se réunit les deuxième et quatrième jeudis.", [("les deuxième et quatrième jeudis", "SET", "XXXX-WXX-4")]),
    ("Le rapport annuel de l'ONG paraît aujourd'hui.", [("annuel", "SET", "P1Y"), ("aujourd'hui", "DATE", "2020-01-08")]),
]

NOT_TIME = [
    "Quelque 2000 soldats français restent stationnés au Sahel.",
    "La résolution 1405 de l'ONU a été votée.",
    "La sonde a photographié la planète Mars.",
    "Un électricien allemand de 37 ans a témoigné.",
    "Jean Dupont, 87 ans, a été heurté par une voiture.",
    "Les enfants de 2 à 8 ans sont accueillis.",
    "Âgée de 17 ans, la jeune fille a témoigné.",
    "Il a tenté sa chance une seconde fois.",
    "Le quotidien Le Monde a publié l'enquête.",
    "Noël Mamère a pris la parole.",
    "L'équipe a gagné 14 matches en 17 Grands Prix.",
    "Il a été élu au premier tour avec 52 % des voix.",
]

NO_REFERENCE = [
    ("Le ministre a démissionné hier.", [("hier", "DATE", "XXXX-XX-XX")]),
    ("Le convoi a été attaqué mardi soir.", [("mardi soir", "TIME", "XXXX-XX-XXTEV")]),
    ("Le 14 juillet, un camion a foncé sur la foule.", [("Le 14 juillet", "DATE", "XXXX-07-14")]),
    ("Les attaques se multiplient depuis octobre.", [("octobre", "DATE", "XXXX-10")]),
    ("Les prix ont baissé le mois dernier.", [("le mois dernier", "DATE", "XXXX-XX")]),
    ("Le sommet se tiendra l'an prochain.", [("l'an prochain", "DATE", "XXXX")]),
    ("Le pont s'est effondré il y a trois jours.", [("il y a trois jours", "DATE", "XXXX-XX-XX")]),
    ("La semaine prochaine, les écoles fermeront.", [("La semaine prochaine", "DATE", "XXXX-WXX")]),
    # what the text states is still absolute
    ("Le séisme a frappé le 3 janvier 2020.", [("le 3 janvier 2020", "DATE", "2020-01-03")]),
    ("Le chantier a duré trois semaines.", [("trois semaines", "DURATION", "P3W")]),
]


FAMILIES = {"absolute": ABSOLUTE, "relative": RELATIVE, "underspecified": UNDERSPECIFIED, "times": TIMES,
            "durations": DURATIONS, "sets": SETS}


@pytest.mark.parametrize(
    "text, expected",
    [pytest.param(text, expected, id=f"{family}-{i}") for family, cases in FAMILIES.items() for i, (text, expected) in enumerate(cases)],
)
def test_family(text, expected):
    """Each family of the issue, with the reference date of a Wednesday (8 January 2020)."""
    assert found(text) == expected


@pytest.mark.parametrize("text", NOT_TIME)
def test_numbers_ages_and_names_are_not_time(text):
    assert found(text) == []


@pytest.mark.parametrize("text, expected", NO_REFERENCE)
def test_without_reference_date_values_keep_xs(text, expected):
    assert found(text, reference=None) == expected


def test_month_precision_reference():
    """An article dated 2020-02 (a metadata line): months and years resolve, days do not."""
    assert found("Le 2 février, hier, en octobre, l'an dernier.", reference="2020-02") == [
        ("Le 2 février", "DATE", "2020-02-02"),
        ("hier", "DATE", "XXXX-XX-XX"),
        ("octobre", "DATE", "2019-10"),
        ("l'an dernier", "DATE", "2019"),
    ]


def test_modifiers():
    mods = {t.text: t.mod for t in find_timexes("Fin décembre, la mi-octobre, début 2020 et plus de vingt ans.", WEDNESDAY)}
    assert mods == {"Fin décembre": "END", "la mi-octobre": "MID", "début 2020": "START", "plus de vingt ans": "MORE_THAN"}


def test_tense_decides_the_direction_of_a_weekday(nlp):
    """With spaCy's parse, a future verb points forward; without it, a weekday is looked for backward."""
    future, past = "Le sommet aura lieu mardi à Genève.", "Le ministre a démissionné mardi à Genève."
    assert found(future, doc=nlp(future)) == [("mardi", "DATE", "2020-01-14")]
    assert found(past, doc=nlp(past)) == [("mardi", "DATE", "2020-01-07")]
    assert found(future) == [("mardi", "DATE", "2020-01-07")]
    announcement = "Le comité des fêtes vous invite samedi soir au bal."
    assert found(announcement, doc=nlp(announcement)) == [("samedi soir", "TIME", "2020-01-11TEV")]


def test_doc_of_another_text_is_refused(nlp):
    with pytest.raises(ValueError):
        find_timexes("hier", WEDNESDAY, doc=nlp("demain"))


def test_bad_reference_date():
    with pytest.raises(KgError) as err:
        find_timexes("hier", "2020-13-01")
    assert err.value.code == "E062"


def test_xsd_value():
    assert xsd_value("2020-01-03") == "2020-01-03"
    assert xsd_value("2020-01") == "2020-01"
    assert xsd_value("2020") == "2020"
    assert xsd_value("2020-01-02TEV") == "2020-01-02"
    assert xsd_value("2020-01-02T15:24") == "2020-01-02"
    for value in ("XXXX-12-20", "2012-W25", "2012-SU", "196X", "18XX", "PRESENT_REF", "P3D", "XXXX-XX-XXTEV", "2020-02-30"):
        assert xsd_value(value) is None, value
    assert Timex(0, 5, "trois jours", "DURATION", "P3D").xsd_value() is None
    assert Timex(0, 4, "hier", "DATE", "2020-01-07").xsd_value() == "2020-01-07"


def test_reference_date_order():
    wikinews = "Titre de l'article\n\n22 juin 2012. - Le gouvernement a annoncé hier…"
    assert reference_date(wikinews) == "2012-06-22"
    assert reference_date(wikinews, metadata_date="2012-06") == "2012-06"
    assert reference_date(wikinews, metadata_date="2012-06", explicit="2012-07-01") == "2012-07-01"
    assert reference_date("BAGDAD, 3 mars 2020 (AFP) - Des roquettes…") == "2020-03-03"
    assert reference_date("BAGDAD, 3 mars (AFP) - Des roquettes…") is None  # no year: not guessed
    assert reference_date("Un titre\n\nLe texte ne dit pas quand, mais parle du 3 mars 2020.") is None
    with pytest.raises(KgError):
        reference_date("", explicit="22/06/2012")


def test_offsets_and_order_are_stable():
    text = "Hier, à 15 h, puis le 3 janvier 2020 et chaque année depuis 2014."
    first = find_timexes(text, WEDNESDAY)
    assert first == find_timexes(text, WEDNESDAY)
    assert [t.start for t in first] == sorted(t.start for t in first)
    assert all(a.end <= b.start for a, b in zip(first, first[1:]))


def test_windows_change_nothing(monkeypatch):
    """The rules scan only around trigger words (a speed-up): the same expressions as a full scan."""
    from kg.timex import grammar

    texts = [text for cases in FAMILIES.values() for text, _ in cases] + NOT_TIME + [t for t, _ in NO_REFERENCE]
    text = "\n".join(texts)
    windowed = find_timexes(text, WEDNESDAY)
    monkeypatch.setattr(grammar, "_windows", lambda whole: [(0, len(whole))])
    assert find_timexes(text, WEDNESDAY) == windowed


def test_many_expressions_stay_linear():
    """Hostile input: thousands of matches in one text (overlaps are settled per character)."""
    text = "mardi " * 5000
    assert len(find_timexes(text, WEDNESDAY)) == 5000
