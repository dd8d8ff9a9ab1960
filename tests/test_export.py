"""kg export: the ACLED-style events CSV, JSON-LD and GraphML, on hand-made graphs and the seeds."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from kg.cli import cli
from kg.errors import KgError
from kg.publish.export import (
    ACLED_TYPES, EVENT_COLUMNS, FORMATS, JSONLD_CONTEXT, event_rows, events_csv, export_graph, to_graphml,
    to_jsonld,
)
from kg.rdf.namespaces import NKG, NKGR
from tests.conftest import ROOT

ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
SOLEIMANI_STRIKE = "event_000_7afa567106cc4b63_1515"

# ACLED's event types and sub-event types (codebook, 2019 onwards)
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other",
    },
}


# --- a small graph built by hand, as kg writes it -------------------------------------


class Builder:
    """Events, entities and values with their statements and mentions, as kg's graph models them."""

    def __init__(self) -> None:
        self.graph = Graph()
        self.offset = 0

    def article(self, identifier: str) -> URIRef:
        node = NKGR[f"article_{identifier}"]
        self.graph.add((node, RDF.type, NKG.Article))
        self.graph.add((node, DCTERMS.identifier, Literal(identifier)))
        return node

    def mention(self, identifier: str) -> URIRef:
        self.offset += 10
        node = NKGR[f"mention_{identifier}_{self.offset}-{self.offset + 5}"]
        self.graph.add((node, RDF.type, NKG.Mention))
        self.graph.add((node, NKG.inArticle, self.article(identifier)))
        return node

    def thing(self, local: str, cls, label: str, *articles: str) -> URIRef:
        node = NKGR[local]
        self.graph.add((node, RDF.type, cls))
        self.graph.add((node, RDFS.label, Literal(label, lang="fr")))
        for identifier in articles:
            self.graph.add((node, PROV.wasDerivedFrom, self.mention(identifier)))
        return node

    def event(self, local: str, cls=NKG.Attack, label: str = "attaque", article: str = "a1") -> URIRef:
        return self.thing(local, cls, label, article)

    def fact(self, subject, prop, value, *articles: str) -> None:
        """``subject prop value``, stated by words of each article (an rdf:Statement with mentions)."""
        self.graph.add((subject, prop, value))
        statement = NKGR[f"statement_{hashlib.sha1(f'{subject.n3()} {prop.n3()} {value.n3()}'.encode()).hexdigest()[:16]}"]
        self.graph.add((statement, RDF.type, RDF.Statement))
        self.graph.add((statement, RDF.subject, subject))
        self.graph.add((statement, RDF.predicate, prop))
        self.graph.add((statement, RDF.object, value))
        for identifier in articles:
            self.graph.add((statement, PROV.wasDerivedFrom, self.mention(identifier)))


def count(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.nonNegativeInteger)


def row_of(graph: Graph, local: str):
    rows = [row for row in event_rows(graph) if row.event_id == local]
    assert len(rows) == 1
    return rows[0]


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# --- events CSV: values -------------------------------------------------------------------


def test_sources_that_disagree_on_the_toll_give_the_lowest_with_the_others_in_notes():
    b = Builder()
    event = b.event("event_x_1", NKG.RocketAttack, "attaque à la roquette")
    b.fact(event, NKG.fatalities, count(5), "a2")
    b.fact(event, NKG.fatalities, count(3), "a1", "a3")
    b.fact(event, NKG.injuries, count(12), "a1")
    row = row_of(b.graph, "event_x_1")
    assert (row.fatalities, row.injuries) == ("3", "12")
    assert "Fatalities reported: 3 (a1, a3), 5 (a2); the lowest is given." in row.notes
    assert row.sources == "a1; a2; a3"  # the event's words and the words of each value


def test_a_single_toll_has_no_disagreement_note():
    b = Builder()
    event = b.event("event_x_1", NKG.Bombing, "attentat")
    b.fact(event, NKG.fatalities, count(2), "a1")
    row = row_of(b.graph, "event_x_1")
    assert row.fatalities == "2" and "reported" not in row.notes


def test_day_month_and_year_dates_are_iso_8601_with_acled_time_precision():
    b = Builder()
    b.fact(b.event("event_x_1"), NKG.date, Literal("2020-01-03", datatype=XSD.date), "a1")
    b.fact(b.event("event_x_2", NKG.Truce, "trêve"), NKG.date, Literal("2020-10", datatype=XSD.gYearMonth), "a1")
    b.fact(b.event("event_x_3", NKG.Deployment, "déploiement"), NKG.date, Literal("2014", datatype=XSD.gYear), "a1")
    rows = {row.event_id: (row.event_date, row.time_precision) for row in event_rows(b.graph)}
    assert rows == {"event_x_1": ("2020-01-03", "1"), "event_x_2": ("2020-10", "3"), "event_x_3": ("2014", "3")}


def test_an_undated_event_keeps_an_empty_date():
    b = Builder()
    b.event("event_x_1")
    row = row_of(b.graph, "event_x_1")
    assert (row.event_date, row.time_precision) == ("", "")


def test_a_coarse_date_that_agrees_with_a_precise_one_is_no_disagreement():
    b = Builder()
    event = b.event("event_x_1")
    b.fact(event, NKG.date, Literal("2020-01", datatype=XSD.gYearMonth), "a1")
    b.fact(event, NKG.date, Literal("2020-01-03", datatype=XSD.date), "a2")
    row = row_of(b.graph, "event_x_1")
    assert (row.event_date, row.time_precision) == ("2020-01-03", "1")
    assert "Dates reported" not in row.notes


def test_dates_that_disagree_give_the_earliest_as_approximate():
    b = Builder()
    event = b.event("event_x_1")
    b.fact(event, NKG.date, Literal("2020-01-04", datatype=XSD.date), "a2")
    b.fact(event, NKG.date, Literal("2020-01-03", datatype=XSD.date), "a1")
    row = row_of(b.graph, "event_x_1")
    assert (row.event_date, row.time_precision) == ("2020-01-03", "2")
    assert "Dates reported: 2020-01-03 (a1), 2020-01-04 (a2); the earliest is given." in row.notes
    other = b.event("event_x_2")
    b.fact(other, NKG.date, Literal("2019-12-31", datatype=XSD.date), "a1")
    b.fact(other, NKG.date, Literal("2020-01-02", datatype=XSD.date), "a2")
    assert (row_of(b.graph, "event_x_2").event_date, row_of(b.graph, "event_x_2").time_precision) == ("2019-12-31", "3")


def test_actors_location_and_country():
    b = Builder()
    usa = b.thing("country_etats-unis", NKG.Country, "États-Unis", "a1", "a2")
    iraq = b.thing("country_irak", NKG.Country, "Irak", "a1")
    baghdad = b.thing("city_bagdad", NKG.City, "Bagdad", "a1")
    embassy = b.thing("facility_ambassade", NKG.Facility, "ambassade", "a1")
    b.graph.add((embassy, NKG.locatedIn, baghdad))
    b.graph.add((baghdad, NKG.locatedIn, iraq))  # the country is two hops away
    soleimani = b.thing("person_qassem-soleimani", NKG.Person, "Qassem Soleimani", "a1", "a2", "a3")
    muhandis = b.thing("person_abu-mahdi-al-muhandis", NKG.Person, "Abu Mahdi al-Muhandis", "a1")
    trump = b.thing("person_donald-trump", NKG.Person, "Donald Trump", "a1")

    strike = b.event("event_x_1", NKG.AirStrike, "frappe aérienne")
    for prop, value in ((NKG.agent, usa), (NKG.place, baghdad), (NKG.killed, soleimani), (NKG.killed, muhandis),
                        (NKG.orderedBy, trump)):
        b.fact(strike, prop, value, "a1")
    row = row_of(b.graph, "event_x_1")
    assert (row.actor1, row.assoc_actor_1) == ("États-Unis", "")
    assert row.actor2 == "Qassem Soleimani"  # the most mentioned of the killed
    assert (row.location, row.country) == ("Bagdad", "Irak")
    assert row.fatalities == "2" and "No toll given; 2 named person(s) killed." in row.notes
    assert "Killed: Abu Mahdi al-Muhandis; Qassem Soleimani." in row.notes
    assert "Ordered by: Donald Trump." in row.notes

    rockets = b.event("event_x_2", NKG.RocketAttack, "roquettes")  # no place: the targeted facility is where
    b.fact(rockets, NKG.target, embassy, "a1")
    b.fact(rockets, NKG.target, usa, "a1")
    row = row_of(b.graph, "event_x_2")
    assert (row.location, row.country, row.actor2) == ("ambassade", "Irak", "États-Unis")
    assert "Targets: ambassade; États-Unis." in row.notes

    in_country = b.event("event_x_3")
    b.fact(in_country, NKG.place, iraq, "a1")
    assert (row_of(b.graph, "event_x_3").location, row_of(b.graph, "event_x_3").country) == ("Irak", "Irak")

    nowhere = b.event("event_x_4")  # a place in no known country: no country is guessed
    b.fact(nowhere, NKG.place, b.thing("area_k1", NKG.Area, "K1", "a1"), "a1")
    assert (row_of(b.graph, "event_x_4").location, row_of(b.graph, "event_x_4").country) == ("K1", "")

    protest = b.event("event_x_5", NKG.Protest, "manifestation")
    b.fact(protest, NKG.participant, b.thing("armed-group_kh", NKG.ArmedGroup, "Kataeb Hezbollah", "a1"), "a1")
    b.fact(protest, NKG.participant, b.thing("organization_hachd", NKG.Organization, "Hachd", "a1", "a2"), "a1")
    assert (row_of(b.graph, "event_x_5").actor1, row_of(b.graph, "event_x_5").assoc_actor_1) == ("Hachd", "Kataeb Hezbollah")


def test_text_with_commas_quotes_and_newlines_is_escaped():
    b = Builder()
    label = 'attaque contre « l\'ambassade », dite "la forteresse",\nà Bagdad; 2e ligne\r\nfin'
    b.event("event_x_1", NKG.Attack, label)
    text = events_csv(b.graph)
    rows = read_csv(text)
    assert len(rows) == 1 and rows[0]["notes"].startswith(label)
    assert list(rows[0]) == list(EVENT_COLUMNS)


def test_one_row_per_event_node_and_the_most_specific_class():
    b = Builder()
    event = b.event("event_x_1", NKG.Attack)
    b.graph.add((event, RDF.type, NKG.AirStrike))  # inferred superclass beside the class kg wrote
    b.graph.add((event, RDF.type, NKG.Event))
    b.thing("person_x", NKG.Person, "X", "a1")
    rows = event_rows(b.graph)
    assert [(row.event_id, row.event_type, row.sub_event_type) for row in rows] == [
        ("event_x_1", "Explosions/Remote violence", "Air/drone strike")
    ]


def test_a_class_kg_does_not_know_takes_the_type_of_its_superclass():
    b = Builder()
    drone = URIRef("https://example.org/DroneStrike")
    b.graph.add((drone, RDFS.subClassOf, NKG.AirStrike))
    b.event("event_x_1", drone)
    row = row_of(b.graph, "event_x_1")
    assert (row.event_type, row.sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert "kg class: <https://example.org/DroneStrike>." in row.notes


def test_every_event_class_of_the_ontology_has_a_valid_acled_type():
    from kg.resources import ontology_graph

    ontology = ontology_graph()
    classes = {c for c in ontology.transitive_subjects(RDFS.subClassOf, NKG.Event) if str(c).startswith(str(NKG))}
    assert {str(c)[len(str(NKG)):] for c in classes} <= set(ACLED_TYPES)
    for name, kind in ACLED_TYPES.items():
        assert kind.sub_event_type in ACLED[kind.event_type], name
        assert kind.reason


def test_the_mapping_table_in_the_docs_is_the_code():
    docs = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `nkg:(\w+)` \| (.+?) \| (.+?) \|", docs, flags=re.M)
    assert {name: (event_type, sub) for name, event_type, sub in rows} == {
        name: (kind.event_type, kind.sub_event_type) for name, kind in ACLED_TYPES.items()
    }


def test_the_csv_loads_with_pandas_one_row_per_event_iso_dates():
    pd = pytest.importorskip("pandas")
    b = Builder()
    b.fact(b.event("event_x_1"), NKG.date, Literal("2020-01-03", datatype=XSD.date), "a1")
    b.fact(b.event("event_x_2"), NKG.date, Literal("2020-10", datatype=XSD.gYearMonth), "a1")
    b.event("event_x_3", NKG.Vote, "vote, à main levée")
    frame = pd.read_csv(io.StringIO(events_csv(b.graph)), dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert list(frame.event_id) == ["event_x_1", "event_x_2", "event_x_3"]  # dated first, in time order
    assert list(frame.event_date) == ["2020-01-03", "2020-10", ""]
    parsed = pd.to_datetime(frame.event_date.replace("", None), format="ISO8601")
    assert str(parsed[0].date()) == "2020-01-03" and parsed.isna().tolist() == [False, False, True]


def test_an_empty_graph_gives_the_header_only():
    assert events_csv(Graph()) == ",".join(EVENT_COLUMNS) + "\n"


def test_an_unknown_format_is_error_e040():
    with pytest.raises(KgError) as caught:
        export_graph(Graph(), "xlsx")
    assert caught.value.code == "E040" and "events-csv" in str(caught.value)


# --- JSON-LD ------------------------------------------------------------------------------


def hand_graph() -> Graph:
    b = Builder()
    usa = b.thing("country_etats-unis", NKG.Country, "États-Unis", "a1")
    event = b.event("event_x_1", NKG.AirStrike, 'frappe "aérienne", \n Bagdad')
    b.fact(event, NKG.agent, usa, "a1")
    b.fact(event, NKG.date, Literal("2020-01", datatype=XSD.gYearMonth), "a1")
    b.fact(event, NKG.fatalities, count(3), "a1")
    b.graph.add((event, NKG.fatalities, Literal(4)))  # an xsd:integer, not the datatype the context declares
    b.graph.add((event, NKG.resolutionNote, Literal("merged", lang="en")))
    b.graph.add((NKGR.claim_x, NKG.hedged, Literal(True)))
    b.graph.add((NKGR.claim_x, NKG.about, event))
    node = BNode()
    b.graph.add((node, RDFS.label, Literal("a blank node")))
    b.graph.add((event, RDFS.seeAlso, node))
    return b.graph


def test_jsonld_parses_back_to_the_same_graph():
    graph = hand_graph()
    text = to_jsonld(graph)
    data = json.loads(text)
    assert data["@context"] == JSONLD_CONTEXT
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(back, graph)


def test_jsonld_uses_the_short_terms_of_the_context():
    data = json.loads(to_jsonld(hand_graph()))
    event = next(node for node in data["@graph"] if node["@id"] == "nkgr:event_x_1")
    assert event["@type"] == "AirStrike" and event["agent"] == "nkgr:country_etats-unis"
    assert event["date"] == {"@type": "xsd:gYearMonth", "@value": "2020-01"}


def test_exports_are_deterministic_whatever_the_insertion_order():
    graph = hand_graph()
    reversed_graph = Graph()
    for triple in sorted(graph, key=str, reverse=True):
        reversed_graph.add(triple)
    for fmt in FORMATS:
        assert export_graph(graph, fmt) == export_graph(reversed_graph, fmt), fmt


# --- GraphML ------------------------------------------------------------------------------


def graphml_graph() -> Graph:
    b = Builder()
    usa = b.thing("country_etats-unis", NKG.Country, "États-Unis & <alliés>", "a1")
    person = b.thing("person_x", NKG.Person, "Qassem \x0bSoleimani", "a1")  # a control character XML forbids
    baghdad = b.thing("city_bagdad", NKG.City, "Bagdad", "a1")
    event = b.event("event_x_1", NKG.AirStrike, "frappe")
    b.fact(event, NKG.agent, usa, "a1")
    b.fact(event, NKG.killed, person, "a1")
    b.fact(person, NKG.killedBy, event, "a1")
    b.fact(event, NKG.place, baghdad, "a1")
    b.fact(event, NKG.date, Literal("2020-01-03", datatype=XSD.date), "a1")
    b.fact(event, NKG.fatalities, count(2), "a1")
    b.graph.add((NKGR.claim_x, RDF.type, NKG.Claim))
    b.graph.add((NKGR.claim_x, NKG.about, event))
    return b.graph


def test_graphml_is_valid_with_nodes_and_role_edges():
    text = to_graphml(graphml_graph())
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{GRAPHML}graphml"
    keys = {key.get("id"): (key.get("for"), key.get("attr.name")) for key in root.iter(f"{GRAPHML}key")}
    graph = root.find(f"{GRAPHML}graph")
    assert graph.get("edgedefault") == "directed"
    ids = [node.get("id") for node in graph.iter(f"{GRAPHML}node")]
    assert ids == sorted(ids) and len(ids) == 4  # actors, places, events; not articles, mentions or claims
    for element in graph.iter(f"{GRAPHML}data"):
        assert element.get("key") in keys
    edges = {(e.get("source"), e.find(f"{GRAPHML}data").text, e.get("target")) for e in graph.iter(f"{GRAPHML}edge")}
    event = str(NKGR.event_x_1)
    assert edges == {
        (event, "agent", str(NKGR["country_etats-unis"])),
        (event, "killed", str(NKGR.person_x)),  # nkg:killedBy is the same link: one edge
        (event, "place", str(NKGR.city_bagdad)),
    }


def test_graphml_reads_in_networkx():
    nx = pytest.importorskip("networkx")
    graph = nx.read_graphml(io.BytesIO(to_graphml(graphml_graph()).encode("utf-8")))
    event = graph.nodes[str(NKGR.event_x_1)]
    assert event == {
        "label": "frappe", "type": "AirStrike", "category": "event", "date": "2020-01-03",
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "fatalities": 2,
    }
    assert graph.nodes[str(NKGR["country_etats-unis"])]["label"] == "États-Unis & <alliés>"
    assert graph.nodes[str(NKGR["country_etats-unis"])]["category"] == "country"
    assert graph.nodes[str(NKGR.person_x)]["label"] == "Qassem Soleimani"
    assert graph.edges[str(NKGR.event_x_1), str(NKGR.person_x)]["label"] == "killed"


# --- the seeds, through the CLI -------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_csv(seeds_graph_path):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["export", str(seeds_graph_path)])
    assert result.exit_code == 0, result.output
    return result.stdout


def seed_event_nodes(graph: Graph) -> set:
    from kg.resources import ontology_graph

    classes = set(ontology_graph().transitive_subjects(RDFS.subClassOf, NKG.Event))
    return {node for node, cls in graph.subject_objects(RDF.type) if cls in classes}


def test_seeds_csv_has_one_row_per_event_node_with_iso_dates(seeds_csv, seeds_graph):
    rows = read_csv(seeds_csv)
    events = seed_event_nodes(seeds_graph)
    assert len(rows) == len(events) > 10
    assert {row["event_id"] for row in rows} == {str(node).rsplit("/", 1)[1] for node in events}
    for row in rows:
        assert row["event_date"] == "" or ISO_DATE.match(row["event_date"]), row
        assert row["time_precision"] in ({""} if row["event_date"] == "" else {"1", "2", "3"})
        assert row["sub_event_type"] in ACLED[row["event_type"]]
        assert row["sources"]


def test_seeds_csv_loads_with_pandas(seeds_csv, seeds_graph):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(io.StringIO(seeds_csv))
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert len(frame) == len(seed_event_nodes(seeds_graph)) and frame.event_id.is_unique
    dates = pd.to_datetime(frame.event_date, format="ISO8601")
    assert dates.notna().sum() == frame.event_date.notna().sum() >= 5


def test_seeds_soleimani_strike_is_one_row(seeds_csv):
    rows = [row for row in read_csv(seeds_csv) if row["event_id"] == SOLEIMANI_STRIKE]
    assert len(rows) == 1
    row = rows[0]
    assert (row["event_date"], row["time_precision"]) == ("2020-01-03", "1")
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert row["actor1"] == "États-Unis" and row["actor2"] == "Qassem Soleimani"
    assert (row["location"], row["country"]) == ("Bagdad", "Irak")
    assert len(row["sources"].split("; ")) >= 3
    assert "Qassem Soleimani" in row["notes"] and "Abu Mahdi al-Muhandis" in row["notes"]
    # no other row dated that day is an air strike: the reports were merged into this one
    others = [r for r in read_csv(seeds_csv) if r["event_date"] == "2020-01-03" and r["event_id"] != SOLEIMANI_STRIKE]
    assert all(r["sub_event_type"] != "Air/drone strike" for r in others)


def test_seeds_jsonld_file_round_trips(runner, seeds_graph_path, seeds_graph, tmp_path):
    out = tmp_path / "graph.jsonld"
    result = runner.invoke(cli, ["export", str(seeds_graph_path), "-o", str(out)])  # format from the suffix
    assert result.exit_code == 0, result.output
    assert "jsonld export written to" in result.stderr
    assert isomorphic(Graph().parse(out, format="json-ld"), seeds_graph)


def test_seeds_graphml_in_networkx(runner, seeds_graph_path, tmp_path):
    nx = pytest.importorskip("networkx")
    out = tmp_path / "graph.xml"
    result = runner.invoke(cli, ["export", str(seeds_graph_path), "--format", "graphml", "--output", str(out)])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    strike = str(NKGR[SOLEIMANI_STRIKE])
    assert graph.nodes[strike]["sub_event_type"] == "Air/drone strike"
    # a multigraph where two roles join the same nodes (a town attacked is also where)
    def labels(source, target):
        return {data["label"] for data in (graph.get_edge_data(source, target) or {}).values()} \
            if graph.is_multigraph() else {graph.edges[source, target]["label"]}
    assert labels(strike, str(NKGR["person_qassem-soleimani"])) == {"killed"}
    assert labels(strike, str(NKGR["country_etats-unis"])) == {"agent"}
    assert {data["category"] for _n, data in graph.nodes(data=True)} == {"event", "actor", "place", "country"}


def test_seeds_exports_are_byte_identical_from_turtle_and_trig(seeds_graph_path, seeds_corpus, tmp_path):
    from kg.rdf.graphio import load_graph
    from kg.rdf.writer import serialize

    trig = tmp_path / "graph.trig"
    trig.write_bytes(serialize(seeds_corpus, "trig")[0])
    turtle_graph, trig_graph = load_graph([seeds_graph_path]), load_graph([trig])
    for fmt in FORMATS:
        first = export_graph(turtle_graph, fmt)
        assert first == export_graph(trig_graph, fmt) == export_graph(load_graph([seeds_graph_path]), fmt), fmt


def test_export_of_a_missing_graph_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["export", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2
    assert "Error [E010]" in result.stderr and "Traceback" not in result.output


def test_export_writes_atomically_where_asked(runner, seeds_graph_path, tmp_path):
    out = tmp_path / "deep" / "events.csv"
    result = runner.invoke(cli, ["export", str(seeds_graph_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith(",".join(EVENT_COLUMNS) + "\n")
    assert [p.name for p in out.parent.iterdir()] == ["events.csv"]  # no temporary file left behind


def test_exports_are_byte_identical_across_processes(tmp_path):
    """Same graph, same bytes, whatever Python's hash seed (set and dict orders differ between runs)."""
    import os
    import subprocess
    import sys

    path = tmp_path / "g.ttl"
    hand_graph().serialize(path, format="turtle")
    script = (
        "import hashlib, sys; from kg.rdf.graphio import load_graph; from kg.publish.export import FORMATS, export_graph; "
        "g = load_graph([sys.argv[1]]); print([hashlib.sha256(export_graph(g, f)).hexdigest() for f in FORMATS])"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(path)], env=env, capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_export_help_shows_examples(runner):
    result = runner.invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "kg export out/graph.ttl" in result.output


def test_blank_nodes_get_stable_ids():
    text = """
        @prefix nkg: <https://w3id.org/newskg/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        [] a nkg:AirStrike ; rdfs:label "frappe"@fr ; nkg:date "2020-01-03"^^xsd:date ;
           nkg:agent [ a nkg:Country ; rdfs:label "Iran"@fr ] .
    """
    first, second = (Graph().parse(data=text, format="turtle") for _ in range(2))
    for fmt in FORMATS:
        assert export_graph(first, fmt) == export_graph(second, fmt), fmt
    row = event_rows(first)[0]
    assert row.event_id.startswith("_:") and (row.actor1, row.event_date) == ("Iran", "2020-01-03")
    root = ET.fromstring(to_graphml(first).encode("utf-8"))
    event = next(n for n in root.iter(f"{GRAPHML}node") if n.find(f"{GRAPHML}data").text == "frappe")
    assert {d.get("key"): d.text for d in event}["date"] == "2020-01-03"
    assert len(list(root.iter(f"{GRAPHML}edge"))) == 1
