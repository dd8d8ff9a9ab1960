"""Resolution on the seeds: one node per real-world thing (real model)."""
from __future__ import annotations

import pytest



@pytest.mark.parametrize(
    "label, spellings",
    [
        ("Qassem Soleimani", {"Soleimani"}),
        ("Abu Mahdi al-Muhandis", {"Abou Mehdi al-Mouhandis", "Abou Mahdi al-Mohandes", "al-Muhandis"}),
        ("Donald Trump", {"Trump"}),
        ("Mike Pompeo", {"Pompeo"}),
        ("Moustafa al-Kazimi", {"Kazimi"}),
        ("Harakat al-Nujaba", {"Noujaba"}),
        ("Hashed al-Shaabi", {"Hachd al-Chaabi", "Hashed"}),
        ("Agence France Presse", {"AFP"}),
        ("Bagdad", set()),
        ("Irak", set()),
        ("États-Unis", {"Etats-Unis"}),
    ],
)
def test_one_node_per_thing(seeds_corpus, label, spellings):
    nodes = [e for e in seeds_corpus.entities if e.label == label or label in e.alt_labels]
    assert len(nodes) == 1, [e.key for e in nodes]
    assert spellings | {label} <= {nodes[0].label, *nodes[0].alt_labels}
    others = [e for e in seeds_corpus.entities if e is not nodes[0] and (spellings & {e.label, *e.alt_labels})]
    assert others == []


def test_washington_is_never_a_person(seeds_corpus):
    assert not [e for e in seeds_corpus.entities if e.kind == "person" and "Washington" in {e.label, *e.alt_labels}]


def test_the_strike_of_3_january_2020_is_one_event_from_every_article_that_reports_it(seeds_corpus):
    strikes = [e for e in seeds_corpus.events if any(r == "killed" and k == "person_qassem-soleimani" for r, k, _ in e.roles)]
    assert len(strikes) == 1
    (strike,) = strikes
    assert strike.event_class == "AirStrike"
    assert {m.article_id[:3] for m in strike.mentions} == {"000", "001", "003", "004"}
    assert {(r, k) for r, k, _ in strike.roles} >= {
        ("killed", "person_qassem-soleimani"), ("killed", "person_abu-mahdi-al-muhandis"),
        ("agent", "country_etats-unis"), ("place", "city_bagdad"),
    }
    assert {(v.prop, v.value) for v in strike.values} == {("date", "2020-01-03")}
    assert strike.notes


def test_explain_the_strike(runner, seeds_graph_path):
    from kg.cli import cli

    result = runner.invoke(cli, ["explain", "nkgr:person_qassem-soleimani", "-g", str(seeds_graph_path)])
    assert result.exit_code == 0, result.output
    assert "why one node:" in result.output and "named in 4 articles" in result.output
    assert "nkg:killedBy nkgr:event_" in result.output
    assert "← «" in result.output
    as_json = runner.invoke(cli, ["explain", "person_qassem-soleimani", "-g", str(seeds_graph_path), "-f", "json"])
    import json

    data = json.loads(as_json.output)
    assert data["label"] == "Qassem Soleimani" and len(data["mentions"]) >= 5
    missing = runner.invoke(cli, ["explain", "nkgr:person_nobody", "-g", str(seeds_graph_path)])
    assert missing.exit_code == 2 and "Error [E014]" in missing.stderr
