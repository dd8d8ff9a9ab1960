"""The events as GeoJSON points (RFC 7946), for QGIS and web maps."""
from __future__ import annotations

import json

from rdflib import Graph

from .events import EVENT_COLUMNS, event_rows

# GeoJSON properties written as numbers (empty: null)
NUMERIC_COLUMNS = frozenset({"time_precision", "latitude", "longitude", "geo_precision", "iso", "fatalities", "injuries"})


def _property(column: str, value: str):
    if column in NUMERIC_COLUMNS:
        if not value:
            return None
        return float(value) if column in ("latitude", "longitude") else int(value)
    return value


def to_geojson(graph: Graph) -> str:
    """The events as a GeoJSON FeatureCollection (RFC 7946): one Feature per event, in the CSV's
    order, its properties the CSV's columns (numbers as numbers, empty as null), its geometry the
    Point of its nkg:location, or null when the graph does not place it."""
    features = []
    for row in event_rows(graph):
        point = None
        if row.latitude and row.longitude:
            point = {"type": "Point", "coordinates": [float(row.longitude), float(row.latitude)]}
        properties = {column: _property(column, getattr(row, column)) for column in EVENT_COLUMNS}
        properties["iri"] = str(row.iri)
        features.append({"type": "Feature", "id": row.event_id, "geometry": point, "properties": properties})
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + ("\n" if features else "") + "]}\n"
