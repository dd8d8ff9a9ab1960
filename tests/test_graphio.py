"""Graph files read by Oxigraph's parser give exactly the graph rdflib's parser gives."""
from __future__ import annotations

import rdflib
from rdflib.compare import isomorphic

from kg.rdf.graphio import load_graph
from kg.resources import resource_path


def test_the_fast_reader_gives_rdflibs_graph(seeds_graph_path, tmp_path):
    ontology = resource_path("ontology") / "nkg.ttl"  # blank nodes, lists, language tags, typed literals
    assert isomorphic(load_graph([ontology]), rdflib.Graph().parse(ontology, format="turtle"))
    assert set(load_graph([seeds_graph_path])) == set(rdflib.Graph().parse(seeds_graph_path, format="turtle"))
    odd = tmp_path / "odd.nt"
    odd.write_text(
        '<http://a> <http://p> "plain" .\n<http://a> <http://p> "typed"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
        '<http://a> <http://p> "05"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        '<http://a> <http://p> "été"@fr-CA .\n<http://a> <http://p> "\\u00e9\\n\\"q\\"" .\n',
        encoding="utf-8",
    )
    ours, theirs = set(load_graph([odd])), set(rdflib.Graph().parse(odd, format="nt"))
    # RDF 1.1: "typed"^^xsd:string is the simple literal "typed"; rdflib keeps the two apart
    typed = rdflib.Literal("typed", datatype=rdflib.XSD.string)
    assert ours ^ theirs == {(rdflib.URIRef("http://a"), rdflib.URIRef("http://p"), o) for o in (typed, rdflib.Literal("typed"))}


def test_blank_nodes_of_two_files_stay_apart(tmp_path):
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    one.write_text('_:b <http://p> "one" .\n', encoding="utf-8")
    two.write_text('_:b <http://p> "two" .\n', encoding="utf-8")
    graph = load_graph([one, two])
    assert len(set(graph.subjects())) == 2
