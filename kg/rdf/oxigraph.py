"""rdflib and Oxigraph side by side: rdflib's names of RDF syntaxes as Oxigraph's
formats, rdflib terms as Oxigraph's (the way back is ``graphio.rdflib_term``)."""
from __future__ import annotations

import pyoxigraph as ox

# rdflib's format names (kg.rdf.graphio) → Oxigraph's
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def to_oxigraph(term):
    """An rdflib term as the pyoxigraph term it denotes."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")
