"""Check that the ontology, with or without a data graph, is logically consistent (HermiT)."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass

import rdflib


@dataclass(frozen=True)
class ConsistencyResult:
    """What the reasoner said: ``consistent`` is False when HermiT finds the
    graphs inconsistent or finds a named class that can have no member."""

    consistent: bool
    message: str


def check_consistency(*graphs: rdflib.Graph) -> ConsistencyResult:
    """Merge ``graphs`` (the ontology, then any data) and run HermiT on them.

    Needs ``java`` on PATH; a Java failure other than an inconsistency raises
    ``owlready2.OwlReadyJavaError``.
    """
    # owlready2 is slow to import and only this check needs it.
    import owlready2

    merged = rdflib.Graph()
    for graph in graphs:
        merged += graph
    # owlready2 reads RDF/XML and N-Triples, not Turtle.
    fd, path = tempfile.mkstemp(suffix=".owl", prefix="kg-reason-")
    os.close(fd)
    world = owlready2.World()
    try:
        merged.serialize(destination=path, format="xml")
        world.get_ontology(f"file://{path}").load()
        try:
            # xsd:date, xsd:gYear and xsd:gYearMonth are not OWL 2 datatypes:
            # without this flag HermiT aborts on nkg:date instead of reasoning.
            owlready2.sync_reasoner(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
        except owlready2.OwlReadyInconsistentOntologyError:
            return ConsistencyResult(False, "HermiT: the graphs are inconsistent with the ontology.")
        unsatisfiable = sorted(cls.iri for cls in world.inconsistent_classes())
        if unsatisfiable:
            return ConsistencyResult(
                False, "HermiT: unsatisfiable classes (can have no member): " + ", ".join(unsatisfiable)
            )
        return ConsistencyResult(True, f"HermiT: consistent ({len(merged)} triples).")
    finally:
        world.close()
        os.unlink(path)
