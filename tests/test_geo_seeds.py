"""Places on the map, on the seeds as `kg build` writes them: GeoNames links, the events'
points and precisions, the exports (CSV with coordinates, GeoJSON) and `kg explain`.
Written on facts that stay true as extraction improves (these nodes exist and get linked),
never on counts of triples."""
from __future__ import annotations

import io
import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, XSD

from kg.cli import cli
from kg.publish.export import EVENT_COLUMNS, events_csv, to_geojson
from kg.rdf.namespaces import GEO, NKG, NKGR, WGS84

GEONAMES = "https://sws.geonames.org/"
STRIKE = NKGR["event_000_7afa567106cc4b63_1515"]  # the drone strike that killed Soleimani


@pytest.mark.parametrize("node, geonames_id, code", [
    ("city_bagdad", 98182, "IQ"), ("country_irak", 99237, "IQ"), ("country_iran", 130758, "IR"),
    ("country_etats-unis", 6252001, "US"),
])
def test_the_seeds_places_are_linked_to_geonames(seeds_graph, node, geonames_id, code):
    iri = NKGR[node]
    assert (iri, OWL.sameAs, URIRef(f"{GEONAMES}{geonames_id}/")) in seeds_graph
    assert seeds_graph.value(iri, NKG.countryCode) == Literal(code)
    lat, lon = seeds_graph.value(iri, WGS84.lat), seeds_graph.value(iri, WGS84.long)
    assert lat.datatype == XSD.decimal and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180
    wkt = seeds_graph.value(seeds_graph.value(iri, GEO.hasGeometry), GEO.asWKT)
    assert str(wkt) == f"POINT({lon} {lat})" and wkt.datatype == GEO.wktLiteral
    assert seeds_graph.value(iri, NKG.geoNote) is not None  # why it was linked


def test_washington_as_a_metonymy_links_the_united_states_not_the_city(seeds_corpus):
    (us,) = [e for e in seeds_corpus.entities if e.geo is not None and e.geo.country_code == "US" and e.kind == "country"]
    assert "Washington" in {m.quote for m in us.mentions}  # the metonymy is a mention of the country
    assert "Washington" not in us.alt_labels  # not one of its names: the city keeps its own
    assert us.geo.geonames_id == 6252001 and us.geo.feature_class == "country"
    assert "https://sws.geonames.org/4140963/" not in us.same_as  # Washington, D.C.


def test_the_soleimani_strike_is_placed_in_baghdad_with_precision_1(seeds_graph):
    assert seeds_graph.value(STRIKE, NKG.location) == NKGR["city_bagdad"]
    assert int(seeds_graph.value(STRIKE, NKG.geoPrecision)) == 1


def test_unknown_names_stay_unlinked_and_say_why(seeds_corpus):
    for entity in seeds_corpus.entities:
        if entity.kind in ("facility", "area"):
            assert entity.geo is None, entity.key  # an embassy or a zone is not the city of its name
        if entity.geo is None and entity.kind in ("city", "country", "place"):
            assert entity.geo_note.startswith("not linked"), entity.key


def test_the_events_csv_has_numeric_coordinates_for_pandas(seeds_graph):
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(io.StringIO(events_csv(seeds_graph)))
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert frame.latitude.dtype.kind == "f" and frame.longitude.dtype.kind == "f"
    strike = frame[frame.event_id == "event_000_7afa567106cc4b63_1515"].iloc[0]
    assert (round(strike.latitude, 2), round(strike.longitude, 2), strike.geo_precision, strike.iso) == (33.34, 44.4, 1, 368)
    assert strike.country == "Irak"
    located = frame.dropna(subset=["latitude"])
    assert set(located.geo_precision) <= {1, 2, 3} and located.longitude.notna().all()


def test_the_geojson_is_valid_one_feature_per_event(seeds_graph):
    geojson = pytest.importorskip("geojson")
    text = to_geojson(seeds_graph)
    collection = geojson.loads(text)
    assert collection.is_valid, collection.errors()
    rows = list(io.StringIO(events_csv(seeds_graph)))[1:]
    assert len(collection["features"]) == len(rows)
    strike = next(f for f in collection["features"] if f["id"] == "event_000_7afa567106cc4b63_1515")
    assert strike["geometry"]["type"] == "Point" and strike["properties"]["geo_precision"] == 1
    lon, lat = strike["geometry"]["coordinates"]
    assert (lat, lon) == (strike["properties"]["latitude"], strike["properties"]["longitude"])
    assert set(EVENT_COLUMNS) <= set(strike["properties"])
    assert json.loads(text) == json.loads(to_geojson(seeds_graph))  # same graph, same features


def test_cli_exports_geojson_by_suffix_and_explain_says_why(runner, seeds_graph_path, tmp_path):
    out = tmp_path / "events.geojson"
    result = runner.invoke(cli, ["export", str(seeds_graph_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    explained = runner.invoke(cli, ["explain", "nkgr:city_bagdad", "-g", str(seeds_graph_path)])
    assert explained.exit_code == 0 and "on the map:" in explained.output and "GeoNames 98182" in explained.output
    strike = runner.invoke(cli, ["explain", str(STRIKE), "-g", str(seeds_graph_path)])
    assert "nkg:location nkgr:city_bagdad" in strike.output and "on the map:" in strike.output
