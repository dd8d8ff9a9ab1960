"""``kg report``: a static, self-contained website of a built graph.

Overview (counts, validation, build), timeline, one page per actor or place,
event, claim and article (with every mention highlighted), a sortable claims
table, a network view, a map of the events and a search box. It opens from the file system with no
server and no network: scripts, styles and the network library (cytoscape.js
3.34.4 from npm, MIT: static/cytoscape.LICENSE.txt; the map's topojson-client 3.1.0, ISC,
and Natural Earth's outlines from world-atlas 2.0.2, see kg.publish.report.geomap) are copied into the folder, and data reaches the pages as script files
because browsers do not let file:// pages fetch JSON.

    from kg.publish.report import build_report

    summary = build_report(["out/graph.ttl"], "out/report")
    print(summary.index)
"""
from __future__ import annotations

from .site import ReportSummary, build_report

__all__ = ["ReportSummary", "build_report"]
