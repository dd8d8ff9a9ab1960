"""The namespaces of the graph, and short readable names for its terms."""
from __future__ import annotations

from rdflib import Namespace, URIRef

from .prefixes import GRAPH_PREFIXES, QUERY_PREFIXES, shorten

NKG = Namespace(GRAPH_PREFIXES["nkg"])
NKGR = Namespace(GRAPH_PREFIXES["nkgr"])
NKGSH = Namespace(QUERY_PREFIXES["nkgsh"])
GEO = Namespace(GRAPH_PREFIXES["geo"])
WGS84 = Namespace(GRAPH_PREFIXES["wgs84"])

# bound in every graph kg writes, and used to shorten IRIs in reports and tables
PREFIXES = {prefix: Namespace(iri) for prefix, iri in GRAPH_PREFIXES.items()}


def short(term) -> str:
    """A readable name for an RDF term: a prefixed IRI, <iri>, or the literal's text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return shorten(str(term))
    return str(term)
