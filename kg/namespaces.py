"""The namespaces of the graph, and short readable names for its terms."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

NKG = Namespace("https://w3id.org/newskg/ontology#")
NKGR = Namespace("https://w3id.org/newskg/id/")
NKGSH = Namespace("https://w3id.org/newskg/shapes#")

# bound in every graph kg writes, and used to shorten IRIs in reports and tables
PREFIXES = {
    "nkg": NKG,
    "nkgr": NKGR,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "wd": Namespace("http://www.wikidata.org/entity/"),
}
_DISPLAY_PREFIXES = {**PREFIXES, "nkgsh": NKGSH, "rdf": RDF, "sh": SH}


def short(term) -> str:
    """A readable name for an RDF term: a prefixed IRI, <iri>, or the literal's text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in _DISPLAY_PREFIXES.items():
            if text.startswith(str(namespace)):
                return f"{prefix}:{text[len(str(namespace)):]}"
        return f"<{text}>"
    return str(term)
