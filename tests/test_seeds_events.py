"""What each seed article reports, as events with their roles and values (real model),
before events reported by several articles are merged (see test_resolve_seeds.py)."""
from __future__ import annotations

import pytest

# (article prefix, class, trigger word, roles ⊆ found roles, values ⊆ found values); roles by entity name.
# The trigger names the event meant, so that a row with no role or value is no "any Vote of the article".
EXPECTED = [
    ("000", "Killing", "abattu", {("killed", "Abou Mehdi al-Mouhandis")}, set()),
    ("000", "Vote", "voté", {("agent", "Parlement irakien")}, set()),
    # the embassy has one name however it is written: "ambassade américaine (Irak)"
    ("001", "RocketAttack", "visée", {("target", "ambassade américaine (Irak)"), ("place", "Bagdad")}, {("date", "2020-12-20")}),
    # 001 has no date of its own: "le 17 novembre dernier", "le 10 décembre" and "en octobre"
    # stay undated (an event's date is never the reference of another)
    ("001", "RocketAttack", "touché", {("target", "ambassade américaine")}, {("fatalities", "1")}),
    ("001", "Bombing", "visés", set(), set()),
    ("001", "Truce", "trêve", set(), set()),
    ("001", "Killing", "assassinat", {("killed", "Qassem Soleimani"), ("agent", "États-Unis")}, set()),
    ("002", "Protest", "attaquée", {("target", "ambassade américaine (Irak)"), ("place", "Bagdad")}, set()),
    ("002", "Deployment", "envoi", set(), {("troops", "750")}),
    ("002", "AirStrike", "frapper", {("agent", "États-Unis")}, {("fatalities", "25")}),
    ("003", "RocketAttack", "visé", {("target", "ambassade américaine (Irak)"), ("place", "Bagdad")}, {("projectiles", "7")}),
    ("003", "RocketAttack", "abattus", {("place", "Zone verte")}, set()),  # four of the seven, "trois autres" elsewhere: a part
    ("003", "RocketAttack", "abattues", set(), {("fatalities", "1"), ("injuries", "4")}),
    ("003", "Deployment", "déployée", {("place", "Irak")}, {("date", "2014")}),
    ("003", "AirStrike", "assassinat", set(), {("date", "2020-01-03")}),
    ("003", "Vote", "résolution", set(), set()),
    ("004", "RocketAttack", "touché", {("target", "base irakienne")}, {("date", "2020-02-16")}),
    ("004", "RocketAttack", "attaque", {("target", "base irakienne du K1")}, {("date", "2019-12"), ("fatalities", "1")}),
    ("004", "AirStrike", "tué", {("killed", "Qassem Soleimani"), ("killed", "Abu Mahdi al-Muhandis"), ("place", "Bagdad")}, set()),
]


@pytest.mark.parametrize("prefix, event_class, trigger, roles, values", EXPECTED, ids=[f"{r[0]}-{r[1]}-{i}" for i, r in enumerate(EXPECTED)])
def test_seed_event(seeds_extractions, prefix, event_class, trigger, roles, values):
    (extraction,) = [x for x in seeds_extractions if x.article.identifier.startswith(prefix)]
    candidates = [
        ({(r.role, r.entity.name) for r in e.roles}, {(v.prop, v.value) for v in e.values})
        for e in extraction.events
        if e.event_class == event_class and e.trigger.quote == trigger
    ]
    assert candidates, [(e.event_class, e.trigger.quote) for e in extraction.events]
    assert any(roles <= found_roles and values <= found_values for found_roles, found_values in candidates), candidates


def quote_of(corpus, event):
    article = next(a for a in corpus.articles if a.identifier == event.article_id)
    return article.text


@pytest.mark.parametrize(
    "prefix, words",
    [
        ("003", "n’attaqueront plus l’ambassade"),  # negated future
        ("003", "Washington rappellerait"),  # conditional
        ("003", "allaient retirer 500"),  # announced, not done
        ("003", "annonce le retrait de toutes ses troupes"),  # a condition
        ("001", "antiroquette C-RAM"),  # a weapon system
    ],
)
def test_seed_non_events(seeds_corpus, prefix, words):
    for event in seeds_corpus.events:
        if not event.article_id.startswith(prefix):
            continue
        text = quote_of(seeds_corpus, event)
        start = text.find(words)
        assert start >= 0
        assert not start <= event.trigger.start < start + len(words), event


def test_every_event_value_has_its_own_evidence(seeds_corpus):
    texts = {a.identifier: a.text for a in seeds_corpus.articles}
    for event in seeds_corpus.events:
        for value in event.values:
            m = value.mention
            assert texts[m.article_id][m.start : m.end] == m.quote
        for _role, _key, mentions in event.roles:
            assert mentions
            for m in mentions:
                assert texts[m.article_id][m.start : m.end] == m.quote


def test_soleimani_killed_by_in_the_graph(seeds_graph):
    from rdflib import URIRef

    from kg.rdf.namespaces import NKG, NKGR

    soleimani = NKGR["person_qassem-soleimani"]
    strikes = set(seeds_graph.objects(soleimani, NKG.killedBy))
    assert strikes
    for strike in strikes:
        assert (strike, NKG.killed, soleimani) in seeds_graph
    assert any((s, None, None) in seeds_graph and seeds_graph.value(s, NKG.place) == NKGR["city_bagdad"] for s in strikes)
    assert isinstance(next(iter(strikes)), URIRef)
