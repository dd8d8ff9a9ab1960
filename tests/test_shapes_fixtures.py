"""Each Turtle fixture meets the SHACL shapes as its first line says (pyshacl, no inference)."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, SH

from kg.resources import resource_path
from kg.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
BROKEN = sorted((FIXTURES / "broken").glob("*.ttl"))
NKGSH = "https://w3id.org/newskg/shapes#"


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(resource_path("shapes") / "nkg-shapes.ttl", format="turtle")


def expectation(path: Path) -> tuple[str, str]:
    """(shape, severity) from the first line: '# expect: <Shape>' (a violation) or
    '# expect-warning: <Shape>' (legal but suspicious data)."""
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    for marker, severity in (("# expect: ", "Violation"), ("# expect-warning: ", "Warning")):
        if first_line.startswith(marker):
            return first_line.removeprefix(marker).strip(), severity
    raise AssertionError(f"{path.name}: first line must be '# expect: <Shape>' or '# expect-warning: <Shape>'")


def expected_shape(path: Path) -> str:
    return expectation(path)[0]


def test_valid_fixture_conforms(shapes):
    data = rdflib.Graph().parse(FIXTURES / "valid.ttl", format="turtle")
    report = validate(data, shapes)
    assert report.conforms, report.to_text()


@pytest.mark.parametrize("path", BROKEN, ids=[path.stem for path in BROKEN])
def test_broken_fixture_fails_its_shape_only(shapes, path):
    data = rdflib.Graph().parse(path, format="turtle")
    report = validate(data, shapes)
    shape, severity = expectation(path)
    assert report.conforms == (severity == "Warning")  # warnings do not break conformance
    # The rest of each fixture is valid, so exactly the named shape complains.
    assert {(r.shape, r.severity) for r in report.results} == {("nkgsh:" + shape, severity)}


def test_every_node_shape_has_a_broken_fixture(shapes):
    node_shapes = {str(s).removeprefix(NKGSH) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert node_shapes == {expected_shape(path) for path in BROKEN}


def test_every_constraint_is_named_and_explained_in_english_and_french(shapes):
    constraints = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes.subjects(RDF.type, SH.SPARQLConstraint)
    )
    referenced = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    assert referenced <= constraints, "every sh:property / sh:sparql must be a typed, named shape"
    for constraint in constraints:
        assert isinstance(constraint, rdflib.URIRef), f"{constraint} must be an IRI"
        languages = {message.language for message in shapes.objects(constraint, SH.message)}
        assert languages == {"en", "fr"}, f"{constraint} needs sh:message @en and @fr"
