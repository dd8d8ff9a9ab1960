"""The events CSV: one row per event node in ACLED's columns, for spreadsheets and pandas."""
from __future__ import annotations

import csv
import io

from rdflib import Graph

from .events import EVENT_COLUMNS, event_rows


def events_csv(graph: Graph) -> str:
    """The events as CSV (RFC 4180 quoting, UTF-8, ``\\n`` line ends): a header, one row per event."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for row in event_rows(graph):
        writer.writerow(row.values())
    return buffer.getvalue()
