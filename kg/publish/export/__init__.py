"""Export a built graph for the tools conflict analysts use: events CSV, GeoJSON, JSON-LD, GraphML.

``events_csv`` writes one row per event node in ACLED's columns (the mapping of
kg's event classes to ACLED's event types is the table ``ACLED_TYPES``, its
reasons are in docs/exports.md), with the coordinates of its ``nkg:location``;
``to_geojson`` writes the same rows as GeoJSON Features for QGIS and web maps; ``to_jsonld`` writes the whole graph as JSON-LD
with a compact ``@context`` for the contract vocabulary; ``to_graphml`` writes
actors, places and events as nodes and their roles and relations as edges, for
Gephi and Cytoscape. Reads only the graph (no spaCy); the same graph always
gives the same bytes. One module per format (``events_csv``, ``geojson``,
``graphml``; JSON-LD is ``kg.rdf.jsonld``, which ``kg build`` writes too), the
rows they share in ``events``.
"""
from __future__ import annotations

from rdflib import Graph

from ...errors import KgError
from ...rdf.jsonld import JSONLD_CONTEXT, to_jsonld
from .events import ACLED_TYPES, EVENT_COLUMNS, AcledType, EventRow, acled_type, event_nodes, event_rows
from .events_csv import events_csv
from .geojson import to_geojson
from .graphml import to_graphml

FORMATS = ("events-csv", "geojson", "jsonld", "graphml")
# the format an output file's suffix asks for (kg export -o events.csv)
SUFFIX_FORMATS = {".csv": "events-csv", ".geojson": "geojson", ".jsonld": "jsonld", ".json": "jsonld", ".graphml": "graphml"}

_EXPORTERS = {"events-csv": events_csv, "geojson": to_geojson, "jsonld": to_jsonld, "graphml": to_graphml}


def export_graph(graph: Graph, fmt: str) -> bytes:
    """The graph exported as ``fmt`` (one of :data:`FORMATS`), UTF-8 encoded; same graph, same bytes."""
    exporter = _EXPORTERS.get(fmt)
    if exporter is None:
        raise KgError("E040", fmt=fmt, choices=", ".join(FORMATS))
    return exporter(graph).encode("utf-8")


__all__ = [
    "ACLED_TYPES", "EVENT_COLUMNS", "FORMATS", "JSONLD_CONTEXT", "SUFFIX_FORMATS", "AcledType", "EventRow",
    "acled_type", "event_nodes", "event_rows", "events_csv", "export_graph", "to_geojson", "to_graphml", "to_jsonld",
]
