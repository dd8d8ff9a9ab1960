"""Counts read from real parses of French news sentences (kg/extract/numbers.py)."""
from __future__ import annotations

import pytest

from kg.extract.numbers import Count, count_of, parse_number

# (sentence, surface of the token to ask about (first occurrence), value or None, at_least)
COUNT_CASES = [
    # digits, with the thousands separators French uses
    ("L'armée tchadienne a envoyé 750 hommes vers la frontière.", "hommes", 750, False),
    ("Le Niger a dépêché 5 200 soldats le long du fleuve.", "soldats", 5200, False),
    ("Quelque 2.500 soldats ukrainiens ont traversé le Dniepr.", "soldats", 2500, False),
    ("La Pologne a massé 3\u202f400 soldats à la frontière biélorusse.", "soldats", 3400, False),
    ("Kiev a mobilisé 12\u00a0000 réservistes en une semaine.", "réservistes", 12000, False),
    ("Les 12 mineurs ont été sauvés dans la province du Shandong.", "mineurs", 12, False),
    ("Le bilan est de 43 morts et 120 blessés à Beyrouth.", "morts", 43, False),
    ("Le bilan est de 43 morts et 120 blessés à Beyrouth.", "blessés", 120, False),
    # number words
    ("Sept roquettes se sont abattues sur Sdérot dans la nuit de mardi.", "roquettes", 7, False),
    ("Deux convois humanitaires ont quitté Benghazi à l'aube.", "convois", 2, False),
    ("Vingt-cinq morts ont été recensés après l'attaque du marché de Maiduguri.", "morts", 25, False),
    ("Quatre-vingt-dix-neuf otages ont été libérés dans l'État de Zamfara.", "otages", 99, False),
    ("Deux cents policiers ont été mobilisés autour du stade de Lens.", "policiers", 200, False),
    ("Vingt et un villageois ont été enlevés dans la province de l'Ituri.", "villageois", 21, False),
    # "trois autres": the caller asks about "autres", or the noun past the adjective
    ("Cinq civils sont morts et trois autres ont été blessés à Gao.", "autres", 3, False),
    ("Deux gendarmes ont été tués et quatre autres blessés à Bangui.", "blessés", 4, False),
    # lower bounds
    ("Au moins 750 hommes ont été déployés dans la région de Tombouctou.", "hommes", 750, True),
    ("Au moins 5 explosions ont retenti dans le centre de Kaboul.", "explosions", 5, True),
    ("Les rebelles ont tiré au moins 3 roquettes sur l'aéroport de Goma.", "roquettes", 3, True),
    ("L'attentat a fait pas moins de 25 personnes tuées à Mogadiscio.", "personnes", 25, True),
    ("Pas moins de 1 500 manifestants ont été interpellés à Minsk.", "manifestants", 1500, True),
    ("Plus de 20 morts ont été dénombrés après les combats d'Alep.", "morts", 20, True),
    ("Les affrontements ont fait 12 morts au moins dans le Darfour.", "morts", 12, True),
    # an upper bound is not an exact count, and Count cannot say "at most"
    ("Moins de 10 morts ont été comptés à Port-Soudan.", "morts", None, False),
    ("Jusqu'à 300 roquettes ont été tirées chaque jour sur Kharkiv.", "roquettes", None, False),
    # zero
    ("L'explosion n'a fait aucune victime, selon la préfecture de Lyon.", "victime", 0, False),
    ("Aucun blessé n'a été signalé à Marseille après l'incendie.", "blessé", 0, False),
    ("Aucune roquette n'a atteint Ashkelon, selon l'armée israélienne.", "roquette", 0, False),
    ("Il n'y a pas un seul blessé parmi les passagers du ferry.", "blessé", 0, False),
    ("Ce n'était pas une simple mise en garde, selon Téhéran.", "mise", None, False),
    # one: the singular indefinite article
    ("Un mort et une fillette blessée ont été retrouvés sous les décombres à Homs.", "mort", 1, False),
    ("Un mort et une fillette blessée ont été retrouvés sous les décombres à Homs.", "fillette", 1, False),
    ("Un entrepreneur français a été enlevé à Port-au-Prince.", "entrepreneur", 1, False),
    ("L'un des gardes a été blessé lors de l'attaque de la prison de Kaduna.", "un", None, False),
    ("L'un des gardes a été blessé lors de l'attaque de la prison de Kaduna.", "gardes", None, False),
    ("La situation s'est un peu calmée à Bamako dans la soirée.", "peu", None, False),
    ("Les milices ont attaqué une nouvelle fois le village de Djibo.", "fois", None, False),
    # no count given
    ("Des roquettes ont été tirées depuis le sud du Liban.", "roquettes", None, False),
    ("Plusieurs roquettes ont frappé Haïfa dans la matinée.", "roquettes", None, False),
    ("Des dizaines de roquettes ont été tirées vers Beer-Sheva.", "roquettes", None, False),
    ("Des milliers de manifestants ont défilé à Caracas.", "manifestants", None, False),
    ("Une trentaine de roquettes ont été tirées depuis Gaza.", "roquettes", None, False),
    ("Plus d'un millier de soldats ont fui vers le Soudan du Sud.", "soldats", None, False),
    ("Quelques jours plus tard, les combats ont repris à Marioupol.", "jours", None, False),
    ("C'est la 19e attaque contre la base de Ménaka depuis janvier.", "attaque", None, False),
    ("C'est la 19e attaque contre la base de Ménaka depuis janvier.", "19e", None, False),
    ("Le sommet du G20 s'est ouvert à Rio de Janeiro.", "G20", None, False),
    ("L'Airbus A320 s'est écrasé près de Karachi.", "A320", None, False),
    ("L'Airbus A320 s'est écrasé près de Karachi.", "Airbus", None, False),
    ("En 2014, la ville de Mossoul a été prise par les insurgés.", "2014", None, False),
    ("En 2014, la ville de Mossoul a été prise par les insurgés.", "ville", None, False),
    ("L'alerte a été donnée à 15 h 24 à Nice.", "h", None, False),
    ("L'alerte a été donnée à 15 h 24 à Nice.", "15", None, False),
    ("L'alerte a été donnée à 15 h 24 à Nice.", "24", None, False),
    ("Le convoi a été attaqué dimanche 20 décembre près de Kidal.", "décembre", None, False),
    ("Le convoi a été attaqué le 3 janvier 2020 près de Kidal.", "2020", None, False),
    ("Le numéro deux du mouvement a été arrêté à Tripoli.", "deux", None, False),
    # the number is the head, the noun its "de" complement: the caller passes the number
    ("Le régime a perdu 500 de leurs soldats dans la bataille d'Idlib.", "500", 500, False),
    ("Environ 2.500 d'entre eux ont fui vers le Tchad.", "2.500", 2500, False),
    ("Au moins 300 d'entre eux ont été blessés à Khartoum.", "300", 300, True),
    ("Un de leurs soldats a été tué près de Tessalit.", "Un", 1, False),
]


def _token(doc, surface: str):
    for token in doc:
        if token.text == surface:
            return token
    raise AssertionError(f"{surface!r} not in {[t.text for t in doc]}")


@pytest.mark.parametrize(("sentence", "surface", "value", "at_least"), COUNT_CASES)
def test_count_of(nlp, sentence, surface, value, at_least):
    count = count_of(_token(nlp(sentence), surface))
    if value is None:
        assert count is None
    else:
        assert count is not None
        assert (count.value, count.at_least) == (value, at_least)


# (sentence, noun, the text of the span [start_i, end_i))
SPAN_CASES = [
    ("Les rebelles ont tiré au moins 3 roquettes sur l'aéroport de Goma.", "roquettes", "au moins 3"),
    ("Pas moins de 1 500 manifestants ont été interpellés à Minsk.", "manifestants", "Pas moins de 1 500"),
    ("La Pologne a massé 3\u202f400 soldats à la frontière biélorusse.", "soldats", "3\u202f400"),
    ("Sept roquettes se sont abattues sur Sdérot dans la nuit de mardi.", "roquettes", "Sept"),
    ("Vingt et un villageois ont été enlevés dans la province de l'Ituri.", "villageois", "Vingt et un"),
    ("L'explosion n'a fait aucune victime, selon la préfecture de Lyon.", "victime", "aucune"),
    ("Un entrepreneur français a été enlevé à Port-au-Prince.", "entrepreneur", "Un"),
    ("Les affrontements ont fait 12 morts au moins dans le Darfour.", "morts", "12"),
]


@pytest.mark.parametrize(("sentence", "surface", "span_text"), SPAN_CASES)
def test_count_span(nlp, sentence, surface, span_text):
    doc = nlp(sentence)
    count = count_of(_token(doc, surface))
    assert isinstance(count, Count)
    assert doc[count.start_i : count.end_i].text == span_text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("750", 750),
        ("2.500", 2500),
        ("2 500", 2500),
        ("5 200", 5200),
        ("5\u202f200", 5200),
        ("12\u00a0000", 12000),
        ("1.250.000", 1250000),
        ("07", 7),
        ("sept", 7),
        ("Sept", 7),
        ("vingt-cinq", 25),
        ("deux cents", 200),
        ("un", 1),
        ("une", 1),
        ("quatre-vingt-dix-neuf", 99),
        ("vingt et un", 21),
        ("deux mille cinq cents", 2500),
        (" trois ", 3),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["", "  ", "19e", "1er", "G20", "A320", "2,5", "2.50", "12 34", "15 h", "15h24", "plusieurs",
     "dizaines", "et", "un un", "deux trois", "aucun", "trois roquettes", None, 12, "9" * 5 + "x"],
)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def test_count_of_never_raises(nlp):
    assert count_of(None) is None
    assert count_of("750 soldats") is None
    for text in ["", "5", "un", "et", "au moins", "\u202f200 morts", "— 3 —", "Vingt et", "pas un"]:
        for token in nlp(text):
            count = count_of(token)
            assert count is None or isinstance(count, Count)
