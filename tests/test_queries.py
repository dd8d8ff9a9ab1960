"""Every query of the library, run on the seeds graph, with the rows it must give."""
from __future__ import annotations

import pytest

from kg.query import library, python_value, query_files
from tests.conftest import SEEDS

ID = "https://w3id.org/newskg/id/"
SEED_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}


# example values for the queries that take parameters
PARAMS = {"attacks-on": {"target": "Ambassade Américaine"}, "events-of": {"entity": "nkgr:person_qassem-soleimani"},
          "events-near": {"lat": "33.3", "lon": "44.4", "km": "50"},  # Baghdad
          "events-in-box": {"south": "29", "west": "38.7", "north": "37.4", "east": "48.6"}}  # Iraq


def rows(name, graph_path):
    result = query_files(name, [graph_path], params=PARAMS.get(name))
    return [dict(zip(result.variables, (python_value(v) for v in row))) for row in result.rows]


def plain(row):
    return {k: (str(v) if v is not None else None) for k, v in row.items()}


ATTACK_CLASSES = {"Attack", "RocketAttack", "AirStrike", "Bombing", "Killing"}


def check_attacks(found, corpus):
    assert len({r["event"] for r in found}) == sum(1 for e in corpus.events if e.event_class in ATTACK_CLASSES)
    assert ATTACK_CLASSES >= {r["kind"] for r in found}
    expected = [
        {"event": ID + "event_003_62955a87ab4b12e5_19", "kind": "RocketAttack", "target": "ambassade des Etats-Unis",
         "place": "Bagdad", "article": "003_62955a87ab4b12e5"},
        {"event": ID + "event_001_1abb85e4a02a73e3_219", "kind": "RocketAttack", "target": "ambassade des Etats-Unis",
         "place": "Bagdad", "article": "001_1abb85e4a02a73e3"},
        {"event": ID + "event_004_ffb251c5abeb50dd_1867", "kind": "RocketAttack", "target": "base irakienne du K1",
         "place": None, "article": "004_ffb251c5abeb50dd"},
    ]
    for row in expected:
        assert row in [plain(r) for r in found]


def check_most_attacked(found, corpus):
    assert plain(found[0])["label"] == "ambassade américaine"
    assert found[0]["articles"] >= 3
    embassy = next(r for r in found if str(r["label"]) == "ambassade des Etats-Unis")
    assert (embassy["attacks"], embassy["articles"]) == (2, 2)


def check_entity_types(found, corpus):
    counts = {str(r["class"]).split("#")[1]: r["count"] for r in found}
    assert counts["Article"] == 5
    assert counts["Person"] == sum(1 for e in corpus.entities if e.kind == "person")
    mentions = {m for e in corpus.entities for m in e.mentions} | {m for ev in corpus.events for m in ev.mentions}
    mentions |= {m for r in corpus.relations for m in r.mentions}
    mentions |= {m for c in corpus.claims for m in (c.trigger, c.statement)}
    mentions |= {m for c in corpus.claims for _k, m in (*c.claimants, *c.accused, *c.reported_by)}
    mentions |= {m for e in corpus.events for _r, _k, ms in e.roles for m in ms} | {v.mention for e in corpus.events for v in e.values}
    assert counts["Mention"] == len(mentions)
    assert "ClaimType" not in counts  # vocabulary, not data


def check_most_mentioned(found, corpus):
    top = plain(found[0])
    assert top["label"] == "Irak" and found[0]["articles"] == 5
    assert {"Qassem Soleimani", "Bagdad", "États-Unis"} <= {str(r["label"]) for r in found[:10]}


def check_evidence(found, corpus):
    assert {r["event"] for r in found} == {f"{ID}event_{e.article_id}_{e.trigger.start}" for e in corpus.events}
    for row in found:
        assert SEED_TEXTS[str(row["article"])][row["start"] : row["end"]] == str(row["quote"])


def check_persons(found, corpus):
    simple = {(str(r["label"]), str(r["aliases"]), r["articles"]) for r in found}
    assert {("Qassem Soleimani", "Soleimani", 4), ("Donald Trump", "Trump", 3), ("Mike Pompeo", "Pompeo", 2)} <= simple


def check_articles(found, corpus):
    assert [str(r["identifier"]) for r in found] == sorted(SEED_TEXTS)
    for row in found:
        assert row["length"] == len(SEED_TEXTS[str(row["identifier"])])
        assert row["mentions"] > 10
    assert [str(r["date"]) for r in found if r["date"] is not None] == ["2020-02"]


def check_killed_by(found, corpus):
    rows_ = {(str(r["name"]), str(r["kind"]), str(r["agent"]), str(r["place"]), str(r["date"])): str(r["articles"]) for r in found}
    for name in ("Qassem Soleimani", "Abu Mahdi al-Muhandis"):
        articles = rows_[(name, "AirStrike", "États-Unis", "Bagdad", "2020-01-03")]
        assert sorted(articles.split()) == sorted(a for a in SEED_TEXTS if a[:3] in {"000", "001", "003", "004"})
    assert len(found) == 2


def check_discrepancies(found, corpus):
    # the seeds agree on every value of every merged event; test_resolve.py covers a disagreement
    assert found == [] and not any(e.discrepancies for e in corpus.events)


def check_merged(found, corpus):
    notes = {(str(r["label"]), str(r["note"])) for r in found}
    assert ("Agence France Presse", "«AFP» is the acronym of «Agence France Presse»") in notes
    assert any(label == "Qassem Soleimani" and "named in 4 articles" in note for label, note in notes)


def check_attacks_by_target(found, corpus):
    embassy = [plain(r) for r in found if str(r["target"]) == "ambassade américaine"]
    # dated first, in time order
    assert embassy[0]["date"] == "2020-11-17" and embassy[0]["fatalities"] == "1"
    k1 = next(plain(r) for r in found if str(r["target"]) == "base irakienne du K1")
    assert (k1["kind"], k1["date"], k1["fatalities"]) == ("RocketAttack", "2019-12", "1")
    targets = [str(r["target"]) for r in found]
    assert targets == sorted(targets)


def check_troops(found, corpus):
    rows_ = {(str(r["kind"]), plain(r)["place"], plain(r)["date"], plain(r)["troops"]) for r in found}
    assert ("Deployment", None, None, "750") in rows_
    assert ("Deployment", "Irak", "2014", None) in rows_
    assert {"Deployment", "Withdrawal"} == {kind for kind, *_ in rows_}


def check_timeline(found, corpus):
    dates = [str(r["date"]) for r in found]
    assert dates == sorted(dates)
    assert ("2020-01-03", "le 3 janvier 2020") in {(str(r["date"]), str(r["dateQuote"])) for r in found}
    assert dates[0] == "2014" and "2020-12-20" in dates


def check_value_sources(found, corpus):
    for row in found:
        assert SEED_TEXTS[str(row["article"])][row["start"] : row["end"]] == str(row["quote"])
    assert ("projectiles", "7", "Sept roquettes") in {(str(r["property"]), str(r["value"]), str(r["quote"])) for r in found}


def check_accusations(found, corpus):
    rows_ = {(str(r["claimant"]), plain(r)["accused"]) for r in found}
    assert {("Donald Trump", "Iran"), ("Mike Pompeo", "Iran"), ("États-Unis", "Hezbollah")} <= rows_
    assert all(r["hedged"] in (True, False) for r in found)


def check_claims_about_events(found, corpus):
    strike = [r for r in found if "Qassem Soleimani" in str(r["eventLabel"])]
    assert {str(r["type"]) for r in found} <= {"Accusation", "Confirmation", "Denial", "Threat", "Announcement", "ResponsibilityClaim"}
    assert ("Confirmation", "Mark Esper") in {(str(r["type"]), str(r["claimant"])) for r in found} or strike is not None


def check_hedged_claims(found, corpus):
    assert ("porte-parole de la coalition", "true") in {(str(r["claimant"]), str(r["negated"]).lower()) for r in found}


def check_threats(found, corpus):
    claimants = {str(r["claimant"]) for r in found}
    assert {"Donald Trump", "Frank McKenzie"} <= claimants
    assert [str(r["claimant"]) for r in found] == sorted(str(r["claimant"]) for r in found)


def check_attacks_on(found, corpus):
    # by label or alias, any case: the embassy's attacks from two articles, the dated one first
    assert {r["targetNode"] for r in found} == {ID + "facility_ambassade-americaine"}
    assert str(found[0]["date"]) == "2020-11-17" and found[0]["kind"] == "RocketAttack" and found[0]["fatalities"] == 1
    assert {r["article"] for r in found} == {"000_7afa567106cc4b63", "001_1abb85e4a02a73e3"}


def check_events_of(found, corpus):
    # Soleimani was killed in the 3 January strike: the quote from each article that says so
    assert {(r["event"], r["role"], str(r["date"])) for r in found} == {(ID + "event_000_7afa567106cc4b63_1515", "killed", "2020-01-03")}
    for row in found:
        assert SEED_TEXTS[row["article"]][row["start"] : row["start"] + len(row["quote"])] == row["quote"]
    assert {r["article"] for r in found} >= {"001_1abb85e4a02a73e3", "004_ffb251c5abeb50dd"}


STRIKE = ID + "event_000_7afa567106cc4b63_1515"


def check_events_near(found, corpus):
    # the Soleimani strike, placed in Baghdad (precision 1), about 5 km from the point given
    strike = next(r for r in found if r["event"] == STRIKE)
    assert (strike["place"], strike["precision"], strike["distance"]) == (ID + "city_bagdad", 1, 5)
    assert all(r["distance"] <= 50 for r in found)
    assert [r["distance"] for r in found] == sorted(r["distance"] for r in found)


def check_events_in_box(found, corpus):
    located = [e for e in corpus.events if e.location is not None]
    assert {r["event"] for r in found} == {ID + e.key for e in located}  # all the seeds' events are in Iraq
    assert all(29 <= r["latitude"] <= 37.4 and 38.7 <= r["longitude"] <= 48.6 for r in found)


def check_events_per_country(found, corpus):
    iraq = next(r for r in found if r["iso"] == "IQ")
    assert iraq["country"] == "Irak"
    codes = {e.key: e.geo.country_code for e in corpus.entities if e.geo is not None}
    assert iraq["events"] == sum(1 for e in corpus.events if e.location is not None and codes[e.location.key] == "IQ")
    assert 1 <= iraq["inTown"] <= iraq["events"]


EXPECTED = {
    "events-near": check_events_near,
    "events-in-box": check_events_in_box,
    "events-per-country": check_events_per_country,
    "attacks-on": check_attacks_on,
    "events-of": check_events_of,
    "accusations": check_accusations,
    "claims-about-events": check_claims_about_events,
    "hedged-claims": check_hedged_claims,
    "threats": check_threats,
    "killed-by": check_killed_by,
    "discrepancies": check_discrepancies,
    "merged": check_merged,
    "attacks-by-target": check_attacks_by_target,
    "troops": check_troops,
    "timeline": check_timeline,
    "value-sources": check_value_sources,
    "attacks": check_attacks,
    "most-attacked": check_most_attacked,
    "entity-types": check_entity_types,
    "most-mentioned": check_most_mentioned,
    "evidence": check_evidence,
    "persons": check_persons,
    "articles": check_articles,
}


def test_every_library_query_has_a_header_and_a_test():
    entries = library()
    assert len(entries) >= 5
    for entry in entries:
        assert entry.title != entry.name and entry.description, entry.path
    assert {e.name for e in entries} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query_rows_on_the_seeds(name, seeds_graph_path, seeds_corpus):
    found = rows(name, seeds_graph_path)
    assert found or name == "discrepancies", f"{name} returned no rows"
    EXPECTED[name](found, seeds_corpus)
