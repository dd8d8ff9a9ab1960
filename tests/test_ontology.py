"""The ontology declares the contract's vocabulary and stays consistent under HermiT."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

from kg.check.reason import check_consistency
from kg.resources import ontology_graph, resource_path

NKG = rdflib.Namespace("https://w3id.org/newskg/ontology#")
ONTOLOGY_FILE = resource_path("ontology") / "nkg.ttl"
FIXTURES = Path(__file__).parent / "fixtures"
INCONSISTENT = sorted((FIXTURES / "reason" / "inconsistent").glob("*.ttl"))

# The terms of docs/ontology-contract.md (public, never renamed) plus the kg
# additions of docs/graph-model.md, by the OWL type each must be declared with.
CLASSES = [
    "Article", "Mention",
    "Actor", "Person", "Organization", "ArmedGroup", "MediaOutlet",
    "Place", "Country", "City", "Facility", "Area",
    "Event", "Attack", "RocketAttack", "AirStrike", "Bombing",
    "Protest", "Deployment", "Withdrawal", "Truce", "Vote",
    "Claim",
    "ClaimType",  # kg
]
OBJECT_PROPERTIES = [
    "inArticle", "agent", "target", "place", "killed", "killedBy", "orderedBy",
    "participant", "claimant", "claimType", "accused", "about", "reportedBy",
    "memberOf", "leaderOf", "affiliatedWith", "locatedIn",
]
DATATYPE_PROPERTIES = [
    "start", "end", "quote", "sha256", "date", "fatalities", "injuries",
    "projectiles", "troops", "statement", "role",
    "textLength",  # kg
]
CLAIM_TYPES = ["Accusation", "Confirmation", "Denial", "Threat", "Announcement", "ResponsibilityClaim"]

TERMS = (
    [(name, OWL.Class) for name in CLASSES]
    + [(name, OWL.ObjectProperty) for name in OBJECT_PROPERTIES]
    + [(name, OWL.DatatypeProperty) for name in DATATYPE_PROPERTIES]
    + [(name, OWL.NamedIndividual) for name in CLAIM_TYPES]
)

@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return ontology_graph()


def test_ontology_parses_with_rdflib_and_pyoxigraph():
    graph = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    assert (rdflib.URIRef("https://w3id.org/newskg/ontology"), RDF.type, OWL.Ontology) in graph
    with ONTOLOGY_FILE.open("rb") as stream:
        quads = list(pyoxigraph.parse(stream, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(graph)


def test_ontology_header(ontology):
    header = rdflib.URIRef("https://w3id.org/newskg/ontology")
    assert str(ontology.value(header, OWL.versionInfo)) == "0.1.0"
    dcterms = rdflib.Namespace("http://purl.org/dc/terms/")
    assert ontology.value(header, dcterms.title) is not None
    assert ontology.value(header, dcterms.description) is not None
    assert ontology.value(header, dcterms.license) == rdflib.URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert not list(ontology.objects(None, OWL.imports))


@pytest.mark.parametrize(("name", "owl_type"), TERMS, ids=[name for name, _ in TERMS])
def test_term_is_declared_and_documented(ontology, name, owl_type):
    term = NKG[name]
    assert (term, RDF.type, owl_type) in ontology
    label_languages = {label.language for label in ontology.objects(term, RDFS.label)}
    assert {"fr", "en"} <= label_languages, f"nkg:{name} needs rdfs:label @fr and @en"
    comment_languages = {comment.language for comment in ontology.objects(term, RDFS.comment)}
    assert "en" in comment_languages, f"nkg:{name} needs an rdfs:comment @en"


def test_claim_types_are_pairwise_different(ontology):
    members = set()
    for node in ontology.subjects(RDF.type, OWL.AllDifferent):
        members |= set(Collection(ontology, ontology.value(node, OWL.distinctMembers)))
    assert members == {NKG[name] for name in CLAIM_TYPES}
    assert all((NKG[name], RDF.type, NKG.ClaimType) in ontology for name in CLAIM_TYPES)


def test_external_properties_have_no_domain_or_range(ontology):
    for axiom in (RDFS.domain, RDFS.range):
        for prop in ontology.subjects(axiom, None):
            assert str(prop).startswith(str(NKG)), f"{prop} is not ours: no {axiom} on it"


@pytest.mark.java
def test_ontology_is_consistent_alone_and_with_valid_data(ontology):
    alone = check_consistency(ontology)
    assert alone.consistent, alone.message
    data = rdflib.Graph().parse(FIXTURES / "shapes" / "valid.ttl", format="turtle")
    with_data = check_consistency(ontology, data)
    assert with_data.consistent, with_data.message


@pytest.mark.java
@pytest.mark.parametrize("path", INCONSISTENT, ids=[path.stem for path in INCONSISTENT])
def test_inconsistent_fixture_is_found_inconsistent(ontology, path):
    data = rdflib.Graph().parse(path, format="turtle")
    result = check_consistency(ontology, data)
    assert not result.consistent, f"{path.name}: {result.message}"
