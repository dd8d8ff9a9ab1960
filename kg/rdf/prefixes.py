"""Prefix table as plain strings: usable without importing rdflib (``kg query``
starts fast on pyoxigraph alone)."""
from __future__ import annotations

import re
from typing import Mapping

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
# vocabularies the ontology aligns with: named in its docs, never bound in graphs
ALIGNMENT_PREFIXES: dict[str, str] = {
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "schema": "https://schema.org/",
}

# Local names a prefixed name may carry. In Turtle kg writes only the ASCII
# subset of PN_LOCAL that needs no escape; for people (tables, reports) any
# letters, digits and _-. not ending in a dot (``\w`` is str.isalnum() or _).
TURTLE_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
READABLE_LOCAL = re.compile(r"[\w.\-]+(?<!\.)\Z")


class PrefixTable:
    """Prefixes and the local names they shorten: the one way kg turns an IRI into a prefixed name."""

    def __init__(self, prefixes: Mapping[str, str], local: re.Pattern = READABLE_LOCAL):
        self.prefixes = dict(prefixes)
        self._local = local
        # longest namespace first, so that a namespace nested in another wins
        self._by_length = sorted(((namespace, prefix) for prefix, namespace in self.prefixes.items()), key=lambda item: -len(item[0]))

    def shorten(self, iri: str) -> str:
        """``nkgr:person_x`` for an IRI in one of the namespaces, else ``<iri>``."""
        for namespace, prefix in self._by_length:
            if iri.startswith(namespace) and self._local.match(iri, len(namespace)):
                return f"{prefix}:{iri[len(namespace):]}"
        return f"<{iri}>"


# what kg shows people (query tables, reports, explain, validation results)
DISPLAY = PrefixTable(QUERY_PREFIXES)
shorten = DISPLAY.shorten


# what a user may type for a node (kg explain, kg query --param)
_ABSOLUTE_IRI = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://|(?:urn|mailto|tag|file):)[^\s<>\"{}|\\^`]+")
_IRI_CHARS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_USER_LOCAL = re.compile(r"[\w.%-]*")


def user_iri(text: str, bare_local: bool = True) -> str | None:
    """The IRI a user means: ``<iri>``, a prefixed name of the table (``nkgr:x``,
    ``wd:Q42``), an absolute IRI (``http://…``, ``urn:…``) or, when ``bare_local``,
    a local name alone (``city_bagdad``, a node of nkgr:); None when it is none of these."""
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1] if _IRI_CHARS.fullmatch(text[1:-1]) else None
    prefix, colon, local = text.partition(":")
    if colon and prefix in QUERY_PREFIXES and not local.startswith("//"):
        return QUERY_PREFIXES[prefix] + local if _USER_LOCAL.fullmatch(local) else None
    if _ABSOLUTE_IRI.fullmatch(text):
        return text
    if bare_local and text and _USER_LOCAL.fullmatch(text):
        return QUERY_PREFIXES["nkgr"] + text
    return None
