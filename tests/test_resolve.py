"""Entity resolution and event coreference on invented articles built by hand (no spaCy)."""
from __future__ import annotations

import hashlib
import random

from kg.model import ArticleExtraction
from kg.model import Article, EntityMention, EventMention, EventValue, Mention, RoleFiller
from kg.resolve import resolve


def article(identifier: str, text: str) -> Article:
    return Article(identifier, text, hashlib.sha256(text.encode()).hexdigest())


def at(art: Article, quote: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = art.text.index(quote, start + 1)
    return Mention(art.identifier, start, start + len(quote), quote)


def names(art: Article, *pairs) -> list[EntityMention]:
    return [EntityMention(at(art, name), name, kind) for name, kind in pairs]


def keys(corpus) -> dict[str, str]:
    return {alt: e.key for e in corpus.entities for alt in [e.label, *e.alt_labels]}


# --- entities -----------------------------------------------------------------


def test_transliterations_are_one_person_and_different_people_stay_apart():
    a = article("a", "Abou Mehdi al-Mouhandis est arrivé. Adel Abdel Mahdi aussi.")
    b = article("b", "Abu Mahdi al-Muhandis a parlé.")
    corpus = resolve([
        ArticleExtraction(a, names(a, ("Abou Mehdi al-Mouhandis", "person"), ("Adel Abdel Mahdi", "person"))),
        ArticleExtraction(b, names(b, ("Abu Mahdi al-Muhandis", "person"))),
    ])
    k = keys(corpus)
    assert k["Abou Mehdi al-Mouhandis"] == k["Abu Mahdi al-Muhandis"]
    assert k["Adel Abdel Mahdi"] != k["Abu Mahdi al-Muhandis"]
    merged = next(e for e in corpus.entities if e.key == k["Abu Mahdi al-Muhandis"])
    assert any("spellings of one name" in note for note in merged.notes)


def test_two_people_with_one_surname_stay_apart_and_the_bare_surname_too():
    a = article("a", "Joe Biden a parlé.")
    b = article("b", "Hunter Biden a parlé.")
    c = article("c", "Biden a parlé.")
    corpus = resolve([
        ArticleExtraction(a, names(a, ("Joe Biden", "person"))),
        ArticleExtraction(b, names(b, ("Hunter Biden", "person"))),
        ArticleExtraction(c, names(c, ("Biden", "person"))),
    ])
    k = keys(corpus)
    assert len({k["Joe Biden"], k["Hunter Biden"], k["Biden"]}) == 3


def test_surname_joins_the_only_full_name_across_articles():
    a = article("a", "Donald Trump a parlé.")
    b = article("b", "Trump a répondu.")
    corpus = resolve([
        ArticleExtraction(a, names(a, ("Donald Trump", "person"))),
        ArticleExtraction(b, names(b, ("Trump", "person"))),
    ])
    assert keys(corpus)["Trump"] == keys(corpus)["Donald Trump"] == "person_donald-trump"


def test_acronym_and_organization_typed_as_place_by_ner():
    a = article("a", "Selon l'Agence France Presse, les Hashed al-Shaabi ont parlé.")
    b = article("b", "Selon l'AFP, le Hachd al-Chaabi a parlé. Le Hashed a répondu.")
    corpus = resolve([
        ArticleExtraction(a, names(a, ("Agence France Presse", "media"), ("Hashed al-Shaabi", "armed-group"))),
        ArticleExtraction(b, names(b, ("AFP", "organization"), ("Hachd al-Chaabi", "place"), ("Hashed", "organization"))),
    ])
    k = keys(corpus)
    assert k["AFP"] == k["Agence France Presse"] == "media_agence-france-presse"
    assert k["Hachd al-Chaabi"] == k["Hashed al-Shaabi"] == k["Hashed"]
    assert k["Hashed"].startswith("armed-group_")


def test_a_known_city_is_never_merged_into_an_organization():
    a = article("a", "Washington a parlé. Le Washington Post aussi.")
    corpus = resolve([ArticleExtraction(a, names(a, ("Washington", "city"), ("Washington Post", "media")))])
    k = keys(corpus)
    assert k["Washington"] == "city_washington" and k["Washington Post"] != k["Washington"]


def test_iris_do_not_depend_on_order_or_on_unrelated_articles():
    a = article("a", "Abou Mehdi al-Mouhandis et Donald Trump.")
    b = article("b", "Abu Mahdi al-Muhandis et Trump.")
    c = article("c", "Emmanuel Macron à Paris.")
    xa = ArticleExtraction(a, names(a, ("Abou Mehdi al-Mouhandis", "person"), ("Donald Trump", "person")))
    xb = ArticleExtraction(b, names(b, ("Abu Mahdi al-Muhandis", "person"), ("Trump", "person")))
    xc = ArticleExtraction(c, names(c, ("Emmanuel Macron", "person"), ("Paris", "city")))
    base = {e.key for e in resolve([xa, xb]).entities}
    for extractions in ([xb, xa], [xc, xb, xa], [xa, xc, xb]):
        extractions = list(extractions)
        random.shuffle(extractions)
        assert base <= {e.key for e in resolve(extractions).entities}
    assert resolve([xa, xb, xc]) == resolve([xc, xb, xa])


# --- events -------------------------------------------------------------------


def attack(art, trigger, event_class, roles=(), values=()):
    return EventMention(event_class, at(art, trigger), event_class, tuple(roles), (), tuple(values))


def soleimani_reports():
    """Two articles report the killing; they disagree on the year."""
    a = article("a", "Le 3 janvier 2020, une frappe a tué Qassem Soleimani à Bagdad.")
    b = article("b", "L'assassinat de Qassem Soleimani, le 3 janvier 2019, a choqué.")
    sa, sb = names(a, ("Qassem Soleimani", "person"), ("Bagdad", "city")), names(b, ("Qassem Soleimani", "person"))
    xa = ArticleExtraction(a, sa, [attack(a, "frappe", "AirStrike", [RoleFiller("killed", sa[0]), RoleFiller("place", sa[1])],
                                          [EventValue("date", "2020-01-03", at(a, "Le 3 janvier 2020"))])])
    xb = ArticleExtraction(b, sb, [attack(b, "assassinat", "Killing", [RoleFiller("killed", sb[0])],
                                          [EventValue("date", "2019-01-03", at(b, "le 3 janvier 2019"))])])
    return [xa, xb]


def test_reports_of_one_killing_are_one_event_and_disagreeing_dates_are_kept():
    (event,) = resolve(soleimani_reports()).events
    assert event.event_class == "AirStrike"
    assert {m.article_id for m in event.mentions} == {"a", "b"}
    assert {v.value for v in event.values if v.prop == "date"} == {"2020-01-03", "2019-01-03"}
    assert event.discrepancies == ["date"]
    assert any("killing of Qassem Soleimani" in note for note in event.notes)


def test_attacks_at_one_place_on_different_days_stay_apart():
    a = article("a", "Le 10 mars, des roquettes ont frappé Erbil.")
    b = article("b", "Le 12 mars, des roquettes ont frappé Erbil.")
    ea, eb = names(a, ("Erbil", "city")), names(b, ("Erbil", "city"))
    xa = ArticleExtraction(a, ea, [attack(a, "frappé", "RocketAttack", [RoleFiller("target", ea[0])],
                                          [EventValue("date", "2021-03-10", at(a, "Le 10 mars"))])])
    xb = ArticleExtraction(b, eb, [attack(b, "frappé", "RocketAttack", [RoleFiller("target", eb[0])],
                                          [EventValue("date", "2021-03-12", at(b, "Le 12 mars"))])])
    assert len(resolve([xa, xb]).events) == 2


def test_same_day_same_target_is_one_attack_and_gaps_are_filled():
    a = article("a", "Le 16 février, des roquettes ont visé la base K1, faisant un mort.")
    b = article("b", "Des missiles ont touché la base K1 le 16 février ; trois roquettes.")
    ka, kb = names(a, ("base K1", "facility")), names(b, ("base K1", "facility"))
    xa = ArticleExtraction(a, ka, [attack(a, "visé", "RocketAttack", [RoleFiller("target", ka[0])],
                                          [EventValue("date", "2020-02-16", at(a, "Le 16 février")),
                                           EventValue("fatalities", "1", at(a, "un mort"))])])
    xb = ArticleExtraction(b, kb, [attack(b, "touché", "Attack", [RoleFiller("target", kb[0])],
                                          [EventValue("date", "2020-02-16", at(b, "le 16 février")),
                                           EventValue("projectiles", "3", at(b, "trois roquettes"))])])
    (event,) = resolve([xa, xb]).events
    assert {(v.prop, v.value) for v in event.values} == {("date", "2020-02-16"), ("fatalities", "1"), ("projectiles", "3")}
    assert event.discrepancies == []


def test_a_less_precise_date_is_not_a_disagreement():
    a = article("a", "En janvier 2020, une frappe a tué Qassem Soleimani.")
    b = article("b", "Le 3 janvier 2020, une frappe a tué Qassem Soleimani.")
    sa, sb = names(a, ("Qassem Soleimani", "person")), names(b, ("Qassem Soleimani", "person"))
    xa = ArticleExtraction(a, sa, [attack(a, "frappe", "AirStrike", [RoleFiller("killed", sa[0])],
                                          [EventValue("date", "2020-01", at(a, "En janvier 2020"))])])
    xb = ArticleExtraction(b, sb, [attack(b, "frappe", "AirStrike", [RoleFiller("killed", sb[0])],
                                          [EventValue("date", "2020-01-03", at(b, "Le 3 janvier 2020"))])])
    (event,) = resolve([xa, xb]).events
    assert [v.value for v in event.values if v.prop == "date"] == ["2020-01-03"]
    assert event.discrepancies == []
    assert at(a, "En janvier 2020") in event.mentions  # its words still count as evidence


def test_disagreement_is_in_the_graph_and_conforms(tmp_path):
    from rdflib import Graph

    from kg.sparql.query import query_files
    from kg.check.validate import validate
    from kg.rdf.writer import serialize

    data, _ = serialize(resolve(soleimani_reports()), "ttl")
    path = tmp_path / "g.ttl"
    path.write_bytes(data)
    assert validate(Graph().parse(path)).conforms
    result = query_files("discrepancies", [path])
    rows = {(r[2].value, r[3].value, r[4].value) for r in result.rows}
    assert rows == {("date", "2020-01-03", "Le 3 janvier 2020"), ("date", "2019-01-03", "le 3 janvier 2019")}
