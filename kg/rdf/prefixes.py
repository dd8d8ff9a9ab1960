"""Prefix table as plain strings: usable without importing rdflib (``kg query``
starts fast on pyoxigraph alone)."""
from __future__ import annotations

# bound in every graph kg writes, predeclared in queries, used to shorten IRIs
GRAPH_PREFIXES: dict[str, str] = {
    "nkg": "https://w3id.org/newskg/ontology#",
    "nkgr": "https://w3id.org/newskg/id/",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "wd": "http://www.wikidata.org/entity/",
    # places on the map: GeoSPARQL geometries, W3C WGS84 latitude and longitude
    "geo": "http://www.opengis.net/ont/geosparql#",
    "wgs84": "http://www.w3.org/2003/01/geo/wgs84_pos#",
}
# also predeclared in queries and used for display, but not bound in graphs
QUERY_PREFIXES: dict[str, str] = {
    **GRAPH_PREFIXES,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "nkgsh": "https://w3id.org/newskg/shapes#",
    "sh": "http://www.w3.org/ns/shacl#",
    "geof": "http://www.opengis.net/def/function/geosparql/",
}
# longest namespace first, so that a namespace nested in another wins
_BY_LENGTH = sorted(QUERY_PREFIXES.items(), key=lambda item: -len(item[1]))


def shorten(iri: str) -> str:
    """``nkgr:person_x`` for an IRI in a known namespace, else ``<iri>``."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if local and all(ch.isalnum() or ch in "_-." for ch in local) and not local.endswith("."):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def expand(name: str) -> str | None:
    """The IRI of a prefixed name (``nkgr:x``) or ``<iri>``; None when it is neither."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, colon, local = name.partition(":")
    if colon and prefix in QUERY_PREFIXES and not local.startswith("//"):
        return QUERY_PREFIXES[prefix] + local
    return None
