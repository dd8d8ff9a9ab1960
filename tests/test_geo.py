"""kg.geo: GeoNames cities and countries by name, from the data packages, offline."""
from __future__ import annotations

import os
import sqlite3

import pytest

from kg import geo


def test_french_names_find_the_cities_and_countries():
    assert geo.lookup("Bagdad")[0].geonames_id == 98182
    assert geo.lookup("Kaboul")[0].name == "Kabul"
    tehran = geo.lookup("Téhéran", "city")[0]
    assert (tehran.geonames_id, tehran.country_code, tehran.french_name) == (112931, "IR", "Téhéran")
    assert geo.lookup("teheran") == geo.lookup("TÉHÉRAN")  # case and accents aside
    iraq = geo.country_by_name("Irak")
    assert (iraq.geonames_id, iraq.iso, iraq.iso_numeric, iraq.feature_class) == (99237, "IQ", 368, "country")
    assert geo.country_by_name("Iraq") == iraq  # the English name too
    assert geo.country_by_name("États-Unis").iri == "https://sws.geonames.org/6252001/"
    assert geo.country_by_name("Etats-Unis").iso == "US"
    assert geo.country_by_name("Russie").iso == "RU"  # a French name ISO spells otherwise (country_names.tsv)
    assert geo.country_by_name("Bagdad") is None


def test_a_feature_has_what_a_map_needs():
    baghdad = geo.lookup("Bagdad")[0]
    assert baghdad.feature_class == "city" and baghdad.country_code == "IQ" and baghdad.population > 1_000_000
    assert 33 < baghdad.lat < 34 and 44 < baghdad.lon < 45
    assert baghdad.wkt == "POINT(44.40088 33.34058)"
    assert "Bagdad" in baghdad.names and "Baghdad" in baghdad.names
    assert all(name.isascii() or not any("\u0600" <= c <= "\u06ff" for c in name) for name in baghdad.alternate_names)


def test_homonyms_are_all_returned_most_populous_first():
    found = geo.lookup("Tripoli", "city")
    assert {f.country_code for f in found} >= {"LY", "LB"}
    assert [f.population for f in found] == sorted((f.population for f in found), reverse=True)


def test_codes_and_scripts_that_french_text_does_not_carry_are_not_names():
    assert geo.lookup("BGW") == []  # Baghdad's airport code
    assert geo.lookup("بغداد") == []
    assert geo.lookup("") == [] and geo.lookup("   ") == []


def test_a_country_point_lies_inside_the_country():
    for name, (south, west, north, east) in {
        "Irak": (29.0, 38.7, 37.4, 48.6), "France": (41.3, -5.2, 51.1, 9.6), "Chili": (-56, -76, -17, -66),
        "Bahreïn": (25.7, 50.3, 26.4, 50.8),  # too small for the 1:110m outlines: its capital
    }.items():
        country = geo.country_by_name(name)
        assert south < country.lat < north and west < country.lon < east, name


def test_representative_point_of_a_concave_outline_is_inside_it():
    # a U: the centroid of its outer ring falls in the gap between the arms
    u = [(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0)]
    lat, lon = geo._representative_point([u])
    assert not (1 < lon < 2 and lat > 1)  # not in the gap
    assert 0 <= lon <= 3 and 0 <= lat <= 3


# --- the index on disk ------------------------------------------------------------------

TINY = ([(1, "city", "Ville", "Ville", "XX", "", 1.0, 2.0, 10, 0, "[]", "")], [("ville", 1, 0)])


@pytest.fixture
def tiny(monkeypatch):
    monkeypatch.setattr(geo, "_rows", lambda: TINY)


def test_the_index_is_built_once_then_opened_read_only(tiny, tmp_path):
    folder = tmp_path / "cache"
    first = geo.Gazetteer(geo._build_index(folder, "d1"))
    assert first.lookup("Ville")[0].geonames_id == 1
    (index,) = folder.glob("geonames-*.sqlite3")
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    mtime = index.stat().st_mtime_ns
    second = geo._build_index(folder, "d1")
    assert index.stat().st_mtime_ns == mtime
    with pytest.raises(sqlite3.OperationalError):
        second.execute("DELETE FROM feature")


def test_a_broken_or_foreign_index_is_rebuilt(tiny, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    path = folder / "geonames-d1.sqlite3"
    path.write_bytes(b"not a database" * 100)
    assert geo.Gazetteer(geo._build_index(folder, "d1")).lookup("ville")
    other = geo._build_index(folder, "d2")  # built from other sources: not this one
    assert dict(other.execute("SELECT key, value FROM meta"))["digest"] == "d2"


def test_a_folder_others_can_write_or_a_link_is_not_trusted(tiny, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    assert geo.Gazetteer(geo._build_index(shared, "d1")).lookup("Ville")  # built in memory
    assert list(shared.iterdir()) == []
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(b"")
    (private / "geonames-d1.sqlite3").symlink_to(elsewhere)
    assert geo._open_index(private / "geonames-d1.sqlite3", "d1") is None


def test_the_source_digest_covers_the_tables_and_the_packages():
    digest = geo.source_digest()
    assert len(digest) == 20 and digest == geo.source_digest()
