"""Event dates: the time-expression layer's DATE and TIME values (kg.timex) on the parse's
tokens, at the precision the text supports, counted from the article's own date only."""
from __future__ import annotations

import pytest

from kg.extract.dates import find_dates, token_dates

from tests.conftest import SEEDS

# (sentence, article date, every expression found, in order: (surface substring, value)).
# Spans are TimeML's: without the preposition ("en 2014" is "2014").
CASES = [
    ('Le séisme a frappé le 3 janvier 2020 la région de Valparaiso.', None, [('le 3 janvier 2020', '2020-01-03')]),
    ('Le scrutin du 1er mars 2021 a été annulé à Lima.', None, [('1er mars 2021', '2021-03-01')]),
    ('La décision, datée du 03/01/2020, a été publiée à Dakar.', None, [('03/01/2020', '2020-01-03')]),
    ('Les inondations de janvier 2020 ont ravagé le sud du Brésil.', None, [('janvier 2020', '2020-01')]),
    ('En janvier 2020, le port de Beyrouth était déjà saturé.', '2021-06-01', [('janvier 2020', '2020-01')]),
    ("La mission de l'ONU est déployée au Mali depuis 2013.", None, [('2013', '2013')]),
    ('Le barrage a été inauguré en 2014 par le président kényan.', None, [('2014', '2014')]),
    ('Le pays a été dirigé par une junte de 2003 à 2011.', None, [('2003', '2003'), ('2011', '2011')]),
    ('La ville a été reprise au printemps 2016, puis perdue fin 2019.', None, [('printemps 2016', '2016'), ('fin 2019', '2019')]),
    ("Les combats de l'année 2018 ont fait 300 morts.", None, [("l'année 2018", '2018')]),
    ('La sonde a atterri sur Mars en février 2021.', None, [('février 2021', '2021-02')]),
    ('Le rover de Mars a été lancé en juillet 2020.', None, [('juillet 2020', '2020-07')]),
    ('Quelque 2.500 soldats français restent stationnés au Sahel.', None, []),
    ('Environ 5 200 soldats américains sont déployés en Syrie.', '2020-02', []),
    ('Un Airbus A320 de la compagnie a dû se poser en urgence à Nice.', '2020-02-16', []),
    ("Il s'agit de la 19e attaque contre un convoi depuis le début de la mission.", '2020-02-16', []),
    ('Les dirigeants du G20 se retrouveront à Osaka.', '2019-06-01', []),
    ("L'ONG a distribué des vivres à 2000 familles et un lot de 2500 tentes.", None, []),
    ('Le marché de Bamako est fermé le dimanche.', '2020-02-16', []),
    ('Le 16 février, un incendie a détruit le marché de Kano.', '2020-03-05', [('Le 16 février', '2020-02-16')]),
    ('Le 10 décembre, la police a arrêté trois suspects à Lyon.', '2021-01-15', [('Le 10 décembre', '2020-12-10')]),
    ('Le 15 mars dernier, un bus a été attaqué près de Mopti.', '2021-03-15', [('Le 15 mars dernier', '2020-03-15')]),
    ('Le sommet se tiendra le 12 juin prochain à Nairobi.', '2021-06-20', [('le 12 juin prochain', '2022-06-12')]),
    ('Le 2 février, des manifestants ont bloqué une route de Tunis.', '2020-02', [('Le 2 février', '2020-02-02')]),
    ("Le 20 novembre, un pont s'est effondré à Gênes.", '2020-02', [('Le 20 novembre', '2019-11-20')]),
    ('Le 29 février, la frontière a été fermée.', '2021-03-10', [('Le 29 février', '2020-02-29')]),
    ('Le 14 juillet, un camion a foncé sur la foule à Nice.', None, [('Le 14 juillet', None)]),
    ('Le 14 juillet, un camion a foncé sur la foule à Nice.', '2016', [('Le 14 juillet', None)]),
    ("Une bombe a explosé mardi 17 novembre à Kaboul, un an après l'attentat de 2019.", None, [('mardi 17 novembre', '2020-11-17'), ('2019', '2019')]),
    ("Des tirs ont visé dimanche 20 décembre une base d'Erbil.", None, [('dimanche 20 décembre', None)]),
    ("Des tirs ont visé dimanche 16 février une base d'Erbil.", '2020-02', [('dimanche 16 février', '2020-02-16')]),
    ('Le rapport publié en 2007 citait une attaque survenue lundi 15 mars.', None, [('2007', '2007'), ('lundi 15 mars', '2010-03-15')]),
    ('En octobre, une trêve avait été conclue à Tripoli.', '2020-12-20', [('octobre', '2020-10')]),
    ('Les attaques se multiplient au Niger depuis octobre.', '2020-02', [('octobre', '2019-10')]),
    ('Depuis octobre, les attaques se multiplient au Niger.', None, [('octobre', None)]),
    ('Fin décembre, début janvier puis à la mi-octobre, les combats ont repris à Idlib.', '2020-02-10', [('Fin décembre', '2019-12'), ('début janvier', '2020-01'), ('la mi-octobre', '2019-10')]),
    ('Des diplomates ont quitté Kinshasa plus tôt en décembre.', '2020-12-20', [('décembre', '2020-12')]),
    ('Le parlement avait voté la loi en octobre dernier.', '2020-10-15', [('octobre dernier', '2019-10')]),
    ('Les troupes quitteront Kidal le mois prochain, a-t-on appris le mois dernier.', '2020-12-20', [('le mois prochain', '2021-01'), ('le mois dernier', '2020-11')]),
    ("L'an dernier, la récolte avait été meilleure que cette année.", '2020-05', [("L'an dernier", '2019'), ('cette année', '2020')]),
    ("Hier, un drone a frappé Sanaa ; aujourd'hui, les secours fouillent les décombres.", '2021-03-10', [('Hier', '2021-03-09'), ("aujourd'hui", '2021-03-10')]),
    ('Avant-hier, le président guinéen a dissous le gouvernement.', '2021-09-07', [('Avant-hier', '2021-09-05')]),
    ('Des roquettes sont tombées mardi soir sur Kirkouk.', '2020-11-18', [('mardi soir', '2020-11-17')]),
    ('Des roquettes sont tombées mardi soir sur Kirkouk.', '2020-11', [('mardi soir', None)]),
    ("L'attaque de dimanche a eu lieu ce dimanche matin à Mossoul.", '2020-02-16', [('dimanche', '2020-02-16'), ('ce dimanche matin', '2020-02-16')]),
    ('Le marché a brûlé dimanche dernier à Kano.', '2020-02-16', [('dimanche dernier', '2020-02-09')]),
    ('Dans la nuit de samedi à dimanche, un poste de police a été attaqué à Gao.', '2020-02-17', [('la nuit de samedi à dimanche', '2020-02-15')]),
    ("Il y a quelques heures, un avion s'est écrasé ; il y a trois jours, un autre avait disparu.", '2020-01-01', [('il y a trois jours', '2019-12-29')]),
    ("Il y a quelques heures, un avion s'est écrasé près de Lagos.", None, []),
    ('Le marché rouvrira dimanche prochain à Kano.', '2020-02-16', [('dimanche prochain', '2020-02-23')]),
    ('Le sommet se tiendra mardi à Dakar.', '2020-03-15', [('mardi', '2020-03-17')]),
    ('Le président se rendra le 5 mai à Rome.', '2020-03-15', [('le 5 mai', '2020-05-05')]),
    ("Le président s'est rendu le 5 mai à Rome.", '2020-03-15', [('le 5 mai', '2019-05-05')]),
    ('La veille, le ministre avait démissionné à Beyrouth.', '2020-08-10', [('La veille', None)]),
    ("Le président a été investi jeudi 4 mars 2021 à Niamey ; hier, l'opposition manifestait.", None, [('jeudi 4 mars 2021', '2021-03-04'), ('hier', None)]),
    ("L'assassinat du général, le 3 janvier 2020, est encore dans les esprits : mardi soir, des roquettes sont tombées.", None, [('le 3 janvier 2020', '2020-01-03'), ('mardi soir', None)]),
    ("L'explosion s'est produite le 4 août 2020 à 18 h 08 (heure locale) dans le port de Beyrouth.", None, [('le 4 août 2020', '2020-08-04'), ('18 h 08', None)]),
    ("Le 31 février, rien ne s'est passé à Oslo.", '2021-03-10', []),
    ("Le 0 mars 2020, rien ne s'est passé à Oslo.", None, [('mars 2020', '2020-03')]),
    ('Le 3 janvier 10000, rien ne se passera à Oslo.', None, [('Le 3 janvier', None)]),
    ("Le 3 janvier 0000, rien ne s'est passé à Oslo.", None, [('Le 3 janvier', None)]),
    ('Le 12 mars, la ville a été bombardée.', '2020-13-45', [('Le 12 mars', None)]),
]


@pytest.mark.parametrize(("sentence", "article_date", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_dates(nlp, sentence, article_date, expected):
    found = find_dates(nlp(sentence), article_date)
    assert len(found) == len(expected), [(d.text, d.value) for d in found]
    for date, (surface, value) in zip(found, expected):
        assert surface in date.text, (date.text, surface)
        assert date.value == value, (date.text, date.value, value)


def test_spans_tokens_and_flags(nlp):
    doc = nlp("Des tirs ont visé dimanche 20 décembre une base ; le 10 décembre, un convoi.")
    dates = find_dates(doc, "2020-12-21")
    assert [(d.text, d.value) for d in dates] == [("dimanche 20 décembre", "2020-12-20"), ("le 10 décembre", "2020-12-10")]
    for date in dates:
        assert doc[date.start_i : date.end_i].text == date.text
    by_token = token_dates(dates)
    assert by_token[dates[0].start_i + 1] is dates[0] and by_token[dates[1].end_i - 1] is dates[1]
    assert all(i in by_token for d in dates for i in range(d.start_i, d.end_i))
    assert len(by_token) == sum(d.end_i - d.start_i for d in dates)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        # the anchor is never an event date of the text: "hier" stays unknown without the article's date
        ("Le président a été investi jeudi 4 mars 2021 à Niamey ; hier, l'opposition manifestait.", None),
        ("Le 3 janvier 2020, un drone a frappé l'aéroport ; hier, des tirs.", None),
    ],
)
def test_relative_dates_count_from_the_article_date_only(nlp, sentence, value):
    (relative,) = [d for d in find_dates(nlp(sentence)) if d.text.lower() == "hier"]
    assert relative.value is value


def test_a_broken_reference_date_is_no_reference(nlp):
    (date,) = find_dates(nlp("Hier, la ville a été bombardée."), "2020-13-45")
    assert date.value is None


@pytest.mark.parametrize("text", ["", " ", "12/13/2020", "le 99 décembre", "31/02/2021 et 00/00/0000", "en 9999 et 1899"])
def test_odd_input_never_raises(nlp, text):
    for date in find_dates(nlp(text), "2020-02-16"):
        assert date.value is None or date.value[:4].isdigit()


# --- the real seeds -------------------------------------------------------


@pytest.fixture(scope="module")
def seed_dates(nlp):
    from kg.build.reader import read_articles

    articles, _skipped = read_articles([SEEDS])
    return {a.identifier[:3]: find_dates(nlp(a.body), a.date) for a in articles}


SEED_EXPECTED = [
    # 001: no metadata, no dateline: "dimanche 20 décembre" is the one Sunday near 2019, the
    # year it names; relative dates stay unknown (never counted from an event's date)
    ("001", "dimanche 20 décembre", "2020-12-20"),
    ("001", "Le 17 novembre dernier", None),
    ("001", "le 10 décembre", None),
    ("001", "le 3 janvier 2019", "2019-01-03"),
    ("001", "le mois prochain", None),
    # 003: no metadata, no weekday-pinned date: explicit dates only
    ("003", "le 3 janvier 2020", "2020-01-03"),
    ("003", "2014", "2014"),
    ("003", "mardi soir", None),
    ("003", "la mi-octobre", None),
    # 004: metadata "date 2020-02" (month precision)
    ("004", "16 février", "2020-02-16"),
    ("004", "15 h 24", None),  # a time of day: its day is the text's, not its own
    ("004", "Fin décembre", "2019-12"),
    ("004", "octobre", "2019-10"),
    ("004", "dimanche", None),
    # 000: relative expressions, no reference date
    ("000", "nuit de samedi à dimanche", None),
]


@pytest.mark.parametrize(("seed", "surface", "value"), SEED_EXPECTED, ids=[f"{s}-{t}" for s, t, _v in SEED_EXPECTED])
def test_seed_dates(seed_dates, seed, surface, value):
    matching = [d for d in seed_dates[seed] if surface in d.text]
    assert matching, [d.text for d in seed_dates[seed]]
    assert all(d.value == value for d in matching), [(d.text, d.value) for d in matching]


def test_seed_counts_are_not_dates(seed_dates):
    # "2.500 soldats" (003), "5 200 soldats" and "la 19e attaque" (004) are not dates
    for seed in ("003", "004", "000"):
        assert not any(ch in d.text for d in seed_dates[seed] for ch in ("2.500", "5 200", "19e", "200"))
    assert all(d.value is None for d in seed_dates["004"] if "dimanche" in d.text)
