"""The map page: events as points over country outlines, drawn offline.

The outlines are Natural Earth's 1:110m countries (public domain) as the npm
package ``world-atlas`` 2.0.2 ships them in TopoJSON (``kg/data/geo``, shared
with ``kg.geo``); ``topojson-client`` 3.1.0 (ISC, static/topojson-client.LICENSE.txt)
turns them into shapes in the browser, and ``static/map.js`` draws them as SVG
(equirectangular: longitude and latitude as they are). Both reach the page as
data scripts, since file:// pages cannot fetch.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Literal

from .graph import Lit
from ...rdf.namespaces import NKG, WGS84
from ...resources import data_path
from .model import sort_key

PRECISION_WORDS = {1: "in the town", 2: "near the town or in part of a region", 3: "only the country or a larger region"}


def _number(term):
    try:
        return float(term) if isinstance(term, (Literal, Lit)) else None
    except ValueError:
        return None


def map_points(site) -> list[dict]:
    """One point per place events are located at: its coordinates and its events
    (label, kind, page, date, precision), the most precise and earliest first."""
    view, g = site.view, site.view.graph
    grouped: dict = defaultdict(list)
    for node in site.events:
        place = min(g.objects(node.iri, NKG.location), key=str, default=None)
        if place is None:
            continue
        lat, lon = _number(g.value(place, WGS84.lat)), _number(g.value(place, WGS84.long))
        precision = _number(g.value(node.iri, NKG.geoPrecision))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        dates = sorted(str(d) for d in g.objects(node.iri, NKG.date))
        grouped[place].append({"l": node.label, "k": node.kind, "u": node.page, "d": dates[0] if dates else "",
                               "p": int(precision) if precision in (1, 2, 3) else None})
        grouped[place].sort(key=lambda e: (e["p"] or 9, e["d"] == "", e["d"], sort_key(e["l"]), e["u"]))
    points = []
    for place, events in grouped.items():
        node = view.nodes.get(place)
        points.append({"n": node.label if node else view.label(place), "u": node.page if node else None,
                       "y": _number(g.value(place, WGS84.lat)), "x": _number(g.value(place, WGS84.long)),
                       "p": min((e["p"] for e in events if e["p"]), default=None), "e": events})
    return sorted(points, key=lambda p: (-len(p["e"]), sort_key(p["n"]), p["x"], p["y"]))


def write_map(site) -> None:
    """data/map.js (the points), data/world.js (the outlines) and map.html."""
    from .site import js_data

    points = map_points(site)
    site._write("data/map.js", js_data("KG_MAP", points))
    world = data_path("geo/countries-110m.json").read_text(encoding="utf-8")
    site._write("data/world.js", "window.KG_WORLD = " + world.strip() + ";\n")
    located = sum(len(p["e"]) for p in points)
    g = site.view.graph
    unlocated = sum(1 for e in site.events if (e.iri, NKG.location, None) not in g)
    site.write("map.html", "map.html", title="Map", points=points, located=located, unlocated=unlocated,
               precisions=PRECISION_WORDS)


__all__ = ["map_points", "write_map"]
