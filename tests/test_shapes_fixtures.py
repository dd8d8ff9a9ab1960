"""Each Turtle fixture meets the SHACL shapes as its header says (kg's default engine, no inference):
line 1 names the node shape, line 3 (optional) the property shape or SPARQL constraint."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, SH

from kg.resources import resource_path
from kg.check.validate import load_shapes, validate

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
    assert not report.conforms  # a warning too, as SHACL and pySHACL say
    assert validate(data, shapes, allow_warnings=True).conforms == (severity == "Warning")
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


def fixture_graph(path: Path, nlp) -> rdflib.Graph:
    if path.is_dir():  # a real graph with every kind of node: the broken corpus, built
        from kg.build.pipeline import build_corpus
        from kg.rdf.writer import serialize

        return rdflib.Graph().parse(data=serialize(build_corpus([path]).corpus, "ttl")[0], format="turtle")
    return rdflib.Graph().parse(path, format="turtle")


EVERY_FIXTURE = BROKEN + [FIXTURES / "valid.ttl", FIXTURES.parent / "broken-corpus"]


@pytest.mark.parametrize("path", BROKEN + [FIXTURES.parent / "broken-corpus"], ids=lambda p: p.name)
def test_sparql_constraints_in_bulk_give_pyshacls_results(path, shapes, nlp):
    """kg evaluates SHACL-SPARQL constraints once per graph instead of once per focus
    node (kg validate: 25 s → 2 s on the seeds); pySHACL's own evaluation must agree."""
    data = fixture_graph(path, nlp)
    bulk, reference = validate(data, shapes), validate(data, shapes, bulk_sparql=False)
    assert comparable(bulk) == comparable(reference)


def findings(report) -> list[tuple]:
    return sorted((f.focus, str(f.path), f.value, f.source_shape, f.component, f.severity, f.source_constraint,
                   tuple(sorted(f.messages))) for f in report.findings)


@pytest.mark.parametrize("path", EVERY_FIXTURE, ids=lambda p: p.name)
def test_default_engine_gives_pyshacls_results(path, shapes, nlp):
    """The default engine (shacl) and the reference (pySHACL) find the same results,
    term for term, and kg reports them alike."""
    data = fixture_graph(path, nlp)
    fast, reference = validate(data, shapes, engine="shacl"), validate(data, shapes, engine="pyshacl")
    assert comparable(fast) == comparable(reference)
    assert findings(fast) == findings(reference)
    assert fast.to_text() == reference.to_text()


OWN_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path [ sh:inversePath ex:owns ] ; sh:minCount 1 ] ;
    sh:property [ sh:path ( ex:part ex:size ) ; sh:datatype xsd:integer ] ;
    sh:property [ sh:path [ sh:alternativePath ( ex:name ex:title ) ] ; sh:maxCount 1 ; sh:severity sh:Warning ] .
"""
OWN_DATA = """
@prefix ex: <http://example.org/> .
ex:a a ex:Thing ; ex:part ex:p ; ex:name "a" ; ex:title "A" . ex:p ex:size "big" .
ex:b a ex:Thing . ex:c ex:owns ex:b .
"""


def test_engines_agree_on_blank_shapes_and_complex_paths(tmp_path):
    """A user's shapes: blank property shapes are named by their node shape, paths
    are printed in SPARQL syntax, whatever the engine."""
    (tmp_path / "shapes.ttl").write_text(OWN_SHAPES, encoding="utf-8")
    data = rdflib.Graph().parse(data=OWN_DATA, format="turtle")
    shapes = load_shapes(tmp_path / "shapes.ttl")
    reports = [validate(data, shapes, engine=engine) for engine in ("shacl", "pyshacl")]
    assert comparable(reports[0]) == comparable(reports[1])
    rows = {(r.focus, r.shape, r.property_shape, r.path, r.value, r.severity) for r in reports[0].results}
    a, shape = "<http://example.org/a>", "<http://example.org/ThingShape>"
    assert rows == {
        (a, shape, None, "^<http://example.org/owns>", None, "Violation"),
        (a, shape, None, "(<http://example.org/part>/<http://example.org/size>)", "big", "Violation"),
        (a, shape, None, "(<http://example.org/name>|<http://example.org/title>)", None, "Warning"),
    }
    assert {r.message for r in reports[0].results} == {
        "MinCount constraint not met", "Datatype constraint not met by big", "MaxCount constraint not met"}
    assert not reports[0].conforms


def test_allow_warnings_lets_warnings_pass_and_nothing_else(tmp_path):
    (tmp_path / "shapes.ttl").write_text(OWN_SHAPES, encoding="utf-8")
    shapes = load_shapes(tmp_path / "shapes.ttl")
    only_warning = rdflib.Graph().parse(data="""@prefix ex: <http://example.org/> .
        ex:a a ex:Thing ; ex:name "a" ; ex:title "A" . ex:c ex:owns ex:a .""", format="turtle")
    for engine in ("shacl", "pyshacl"):
        assert not validate(only_warning, shapes, engine=engine).conforms
        assert validate(only_warning, shapes, engine=engine, allow_warnings=True).conforms
        broken = rdflib.Graph().parse(data=OWN_DATA, format="turtle")
        assert not validate(broken, shapes, engine=engine, allow_warnings=True).conforms


def test_shape_literals_are_read_as_written(tmp_path):
    """"1"^^xsd:boolean is not "true" (W3C core test uniqueLang-002): rdflib's parser
    would normalize it and turn the constraint on."""
    (tmp_path / "shapes.ttl").write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:s a sh:PropertyShape ; sh:targetNode ex:i ; sh:path ex:m ; sh:uniqueLang "1"^^xsd:boolean .""",
                                         encoding="utf-8")
    data = rdflib.Graph().parse(data='<http://example.org/i> <http://example.org/m> "a"@en, "b"@en .', format="turtle")
    assert validate(data, load_shapes(tmp_path / "shapes.ttl")).conforms
