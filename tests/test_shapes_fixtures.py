"""Each Turtle fixture meets the SHACL shapes as its header says (pyshacl, no inference):
line 1 names the node shape, line 3 (optional) the property shape or SPARQL constraint."""
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


def named_constraint(path: Path) -> str | None:
    """The property shape or SPARQL constraint the fixture breaks, from its optional
    third line '# constraint: nkgsh:<Class>-<property>' (None without one)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) > 2 and lines[2].startswith("# constraint: "):
        return lines[2].removeprefix("# constraint: ").strip()
    return None


def short(node) -> str:
    return "nkgsh:" + str(node).removeprefix(NKGSH) if str(node).startswith(NKGSH) else str(node)


def fired_constraints(report) -> set[str]:
    """The property shapes (sh:sourceShape) and SPARQL constraints (sh:sourceConstraint)
    behind the report's results: for a SPARQL constraint sh:sourceShape is only its
    node shape."""
    fired = {r.property_shape for r in report.results if r.property_shape}
    results = report.results_graph
    for result in results.subjects(RDF.type, SH.ValidationResult):
        fired |= {short(c) for c in results.objects(result, SH.sourceConstraint)}
    return fired


CONSTRAINED = [path for path in BROKEN if named_constraint(path)]


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


@pytest.mark.parametrize("path", CONSTRAINED, ids=[path.stem for path in CONSTRAINED])
def test_broken_fixture_fires_its_constraint(shapes, path):
    report = validate(rdflib.Graph().parse(path, format="turtle"), shapes)
    assert named_constraint(path) in fired_constraints(report), report.to_text()


def test_every_property_shape_and_sparql_constraint_has_a_broken_fixture(shapes):
    constraints = {
        short(c)
        for c in set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    }
    named = {named_constraint(path) for path in CONSTRAINED}
    assert named <= constraints, f"fixtures name unknown constraints: {sorted(named - constraints)}"
    assert constraints <= named, f"no broken fixture fires: {sorted(constraints - named)}"


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


def comparable(report):
    return report.conforms, sorted(
        (r.focus, r.shape, r.property_shape or "", r.path or "", r.value or "", r.severity, r.constraint,
         tuple(sorted(r.messages.items())))
        for r in report.results
    )


@pytest.mark.parametrize("path", BROKEN + [FIXTURES.parent / "broken-corpus"], ids=lambda p: p.name)
def test_sparql_constraints_in_bulk_give_pyshacls_results(path, shapes, tmp_path, nlp):
    """kg evaluates SHACL-SPARQL constraints once per graph instead of once per focus
    node (kg validate: 25 s → 2 s on the seeds); pySHACL's own evaluation must agree."""
    if path.is_dir():  # a real graph with every kind of node: the broken corpus, built
        from kg.build import build_corpus
        from kg.writer import serialize

        data = rdflib.Graph().parse(data=serialize(build_corpus([path]).corpus, "ttl")[0], format="turtle")
    else:
        data = rdflib.Graph().parse(path, format="turtle")
    bulk, reference = validate(data, shapes), validate(data, shapes, bulk_sparql=False)
    assert comparable(bulk) == comparable(reference)
