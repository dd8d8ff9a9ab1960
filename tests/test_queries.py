"""Every query of the library, run on the seeds graph: the rows it must give
(tests/data/seeds_query_answers.json, refreshed with ``python -m
tests.seeds_answers --write`` when extraction changes), and what holds
whatever the seeds' extraction: quotes are the words at their offsets, each
ranking counts what it says it counts, in the order it says."""
from __future__ import annotations

import re

import pytest

from kg.sparql.query import library, python_value, query_files
from kg.resources import resource_path
from tests.conftest import SEEDS
from tests.seeds_answers import PARAMS, answer, expected

ID = "https://w3id.org/newskg/id/"
SEED_TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
EXPECTED = expected()
REFRESH = "if extraction changed the seeds graph: python -m tests.seeds_answers --write, then read the diff"


def rows(name, graph_path):
    result = query_files(name, [graph_path], params=PARAMS.get(name))
    return [dict(zip(result.variables, (python_value(v) for v in row))) for row in result.rows]


def test_every_library_query_has_a_header_and_an_expected_answer():
    entries = library()
    assert len(entries) >= 5
    for entry in entries:
        assert entry.title != entry.name and entry.description, entry.path
    assert {e.name for e in entries} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_answer_on_the_seeds(name, seeds_graph_path):
    found, wanted = answer(name, seeds_graph_path), EXPECTED[name]
    assert found["columns"] == wanted["columns"]
    missing = [row for row in wanted["rows"] if row not in found["rows"]]
    extra = [row for row in found["rows"] if row not in wanted["rows"]]
    assert not missing and not extra, f"{name}: missing {missing[:5]}, unexpected {extra[:5]} ({REFRESH})"
    assert found["rows"] == wanted["rows"], f"{name}: same rows in another order ({REFRESH})"


@pytest.mark.parametrize("path", sorted(resource_path("queries").glob("*.rq")), ids=lambda p: p.stem)
def test_every_query_declares_its_prefixes(path):
    """A library file runs as it is on any endpoint (curl to Oxigraph or Fuseki): no predeclared prefix."""
    import pyoxigraph as ox

    text = path.read_text(encoding="utf-8")
    ox.Store().query(text)  # no prefixes given: a SyntaxError if one is missing
    declared = re.findall(r"(?m)^PREFIX (\w+): <", text)
    assert len(declared) == len(set(declared))


# --- what holds whatever the extraction ----------------------------------------------


@pytest.mark.parametrize("name", ["evidence", "value-sources", "events-of"])
def test_quotes_are_the_words_at_their_offsets(name, seeds_graph_path):
    found = rows(name, seeds_graph_path)
    assert found
    for row in found:
        start = row["start"]
        end = row.get("end", start + len(row["quote"]))
        assert SEED_TEXTS[str(row["article"])][start:end] == str(row["quote"])


def _attack_classes(graph):
    from rdflib import RDFS, URIRef

    from kg.resources import ontology_graph

    attack = URIRef("https://w3id.org/newskg/ontology#Attack")
    return set(ontology_graph().transitive_subjects(RDFS.subClassOf, attack))


def test_most_attacked_counts_attacks_only(seeds_graph_path, seeds_graph):
    """A protest at an embassy is no attack on it: only nkg:Attack and its subclasses count."""
    from rdflib import RDF, URIRef

    attacks = _attack_classes(seeds_graph)
    target = URIRef("https://w3id.org/newskg/ontology#target")
    counted = {}
    for event, node in seeds_graph.subject_objects(target):
        if set(seeds_graph.objects(event, RDF.type)) & attacks:
            counted.setdefault(str(node), set()).add(event)
    found = rows("most-attacked", seeds_graph_path)
    assert {r["target"]: r["attacks"] for r in found} == {node: len(events) for node, events in counted.items()}
    ranking = [(-r["attacks"], -r["articles"], str(r["label"]), r["target"]) for r in found]
    assert ranking == sorted(ranking)  # ties by articles, then by name: one order on every engine


def test_orders_the_queries_promise(seeds_graph_path):
    dates = [str(r["date"]) for r in rows("timeline", seeds_graph_path)]
    assert dates == sorted(dates)
    targets = [str(r["target"]) for r in rows("attacks-by-target", seeds_graph_path)]
    assert targets == sorted(targets)
    claimants = [str(r["claimant"]) for r in rows("threats", seeds_graph_path)]
    assert claimants == sorted(claimants)
    counts = [(-r["mentions"], -r["articles"], str(r["label"])) for r in rows("most-mentioned", seeds_graph_path)]
    assert counts == sorted(counts)
    assert [str(r["identifier"]) for r in rows("articles", seeds_graph_path)] == sorted(SEED_TEXTS)


def test_attacks_on_finds_a_target_by_any_name_in_any_case(seeds_graph_path):
    names = {r["targetNode"] for r in rows("attacks-on", seeds_graph_path)}
    lower = query_files("attacks-on", [seeds_graph_path], params={"target": "ambassade américaine"})
    assert names and names == {row[2].value for row in lower.rows}
