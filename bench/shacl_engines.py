"""Compare SHACL engines with pySHACL: result by result first, then speed and memory.

Each engine validates the same data and shapes, written as N-Triples files so
that every engine reads the very same triples. Its report is reduced to a
multiset of results, each (focus node, path, value, source shape, constraint
component, severity), with terms in N-Triples syntax and paths in SPARQL
property-path syntax (``^<p>``, ``(<a>/<b>)``), and compared with pySHACL's
(the reference) and, for the W3C tests, with the expected report.

Blank nodes cannot be matched across engines (each parser labels them its own
way), so a blank focus node, value or source shape compares as ``_:``; paths
are compared whole, whatever their blank nodes. kg's shapes and graphs have no
blank node in any of these places, so on kg's data the comparison is exact.

Run from the repository root, with the engines installed (those missing are
skipped)::

    python bench/shacl_engines.py w3c TESTS_DIR       # data-shapes-test-suite/tests/core
    python bench/shacl_engines.py fixtures            # tests/fixtures/shapes/broken/*.ttl
    python bench/shacl_engines.py graph GRAPH.ttl     # a built graph: results, seconds, peak memory

``graph`` runs each engine in a fresh process (its peak memory is its own) on
the core shapes (no SHACL-SPARQL: kg evaluates those in bulk on Oxigraph,
whatever the engine), and also times Oxigraph parsing the same file.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rdflib import BNode, Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import RDF, SH, XSD  # noqa: E402

from kg.check.validate import exact_term, path_text, sparql_path_text  # noqa: E402

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
ENGINES = ("pyshacl", "pyshacl-turbo", "shacl", "shacl-rust", "pyrudof")
PACKAGES = {"pyshacl": "pyshacl", "pyshacl-turbo": "pyshacl_turbo", "shacl": "shacl", "shacl-rust": "shacl_rust",
            "pyrudof": "pyrudof", "kg": "kg"}


# --- terms and paths ----------------------------------------------------------


def exact_graph(source: bytes | Path, fmt: str = "N_TRIPLES", base: str | None = None) -> Graph:
    """An rdflib graph of a file or bytes read by Oxigraph's parser, literals as written."""
    import pyoxigraph as ox

    options = {"path": str(source)} if isinstance(source, Path) else {"input": source}
    graph = Graph()
    for triple in ox.parse(**options, format=getattr(ox.RdfFormat, fmt), base_iri=base):
        graph.add((exact_term(triple.subject), exact_term(triple.predicate), exact_term(triple.object)))
    return graph


def term_text(term) -> str:
    """A term in N-Triples syntax; a blank node is ``_:``; literals as rdflib normalizes them."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype == XSD.string:
        term = Literal(str(term))
    return term.n3()


def ntriples_term(text: str | None) -> str:
    """An engine's N-Triples term string, in the form term_text gives."""
    if not text:
        return ""
    text = text.strip()
    if text.startswith("_:"):
        return "_:"
    if text.startswith("<"):
        return text
    if not text.startswith('"'):  # a bare IRI (pyrudof)
        return f"<{text}>"
    import pyoxigraph as ox

    term = ox.parse(f"<urn:s> <urn:p> {text} .".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES).__next__().object
    return term_text(exact_term(term))


def report_results(graph: Graph) -> tuple[bool | None, list[tuple]]:
    """(sh:conforms, results) of a validation report graph."""
    report = next(iter(graph.subjects(RDF.type, SH.ValidationReport)), None)
    conforms = graph.value(report, SH.conforms) if report is not None else None
    results = []
    for node in graph.objects(report, SH.result):  # not the nested sh:detail results
        results.append((
            term_text(graph.value(node, SH.focusNode)),
            path_text(graph, graph.value(node, SH.resultPath)) if graph.value(node, SH.resultPath) else "",
            term_text(graph.value(node, SH.value)),
            term_text(graph.value(node, SH.sourceShape)),
            term_text(graph.value(node, SH.sourceConstraintComponent)),
            term_text(graph.value(node, SH.resultSeverity)),
        ))
    return (None if conforms is None else bool(conforms.toPython())), sorted(results)


def parse_ntriples_report(text: str) -> Graph:
    return exact_graph(text.encode("utf-8"))


# --- engines ------------------------------------------------------------------
# Each takes N-Triples files (data, shapes) and returns (conforms, results).


def run_pyshacl(data: Path, shapes: Path):
    import pyshacl

    data_graph = Graph().parse(data, format="nt")
    shapes_graph = Graph().parse(shapes, format="nt")
    conforms, report, _text = pyshacl.validate(data_graph, shacl_graph=shapes_graph, inference="none", advanced=True,
                                               meta_shacl=False, inplace=True)
    return bool(conforms), report_results(report)[1]


def run_pyshacl_turbo(data: Path, shapes: Path):
    """Files in, parsed natively. Given a pyoxigraph Store instead, 0.6.5 fails
    sh:hasValue and sh:in on plain string literals (W3C property/hasValue-001, in-001)."""
    import pyshacl_turbo

    conforms, report, _text = pyshacl_turbo.validate(str(data), shacl_graph=str(shapes), inference="none",
                                                     advanced=True, meta_shacl=False)
    return bool(conforms), report_results(report)[1]


def run_shacl(data: Path, shapes: Path):
    import shacl

    report = shacl.Shapes.from_file(str(shapes)).validate_file(str(data))
    return bool(report.conforms), report_results(parse_ntriples_report(report.serialize("ntriples")))[1]


def run_shacl_rust(data: Path, shapes: Path):
    import shacl_rust

    report = shacl_rust.validate_file(str(data), str(shapes))
    results = sorted(
        (ntriples_term(r.get("focusNode")), sparql_path_text(r.get("resultPath") or ""), ntriples_term(r.get("value")),
         ntriples_term(r.get("sourceShape")), ntriples_term(r.get("sourceConstraintComponent")),
         ntriples_term(r.get("severity")))
        for r in report["results"]
    )
    return bool(report["conforms"]), results


def run_pyrudof(data: Path, shapes: Path):
    import pyrudof

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(str(data), format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(str(shapes), format=pyrudof.ShaclFormat.NTriples)
    report = rudof.validate_shacl()
    text = rudof.serialize_shacl_validation_results(pyrudof.ResultShaclValidationFormat.NTriples)
    return bool(report.conforms), report_results(parse_ntriples_report(text))[1]


def run_kg(data: Path, shapes: Path):
    """kg's own path to its default engine (kg.check.validate.core_findings), without kg's ontology."""
    from kg.check.validate import GraphData, core_findings

    findings = core_findings(GraphData([data], with_ontology=False), exact_graph(shapes))
    results = sorted(
        (term_text(f.focus), f.path.n3() if isinstance(f.path, URIRef) else (f.path or ""), term_text(f.value),
         term_text(f.source_shape), term_text(f.component), term_text(f.severity))
        for f in findings
    )
    return not findings, results


RUNNERS = {"pyshacl": run_pyshacl, "pyshacl-turbo": run_pyshacl_turbo, "shacl": run_shacl,
           "shacl-rust": run_shacl_rust, "pyrudof": run_pyrudof, "kg": run_kg}


def installed(engine: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(PACKAGES[engine]) is not None


def version(engine: str) -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        return package_version(engine)
    except PackageNotFoundError:
        return "-"


def run(engine: str, data: Path, shapes: Path):
    """(conforms, results) or ("error", message)."""
    try:
        return RUNNERS[engine](data, shapes)
    except BaseException as err:  # an engine that crashes or rejects the shapes fails that case
        if isinstance(err, KeyboardInterrupt):
            raise
        return "error", (" ".join(str(err).split()) or type(err).__name__)[:200]


def diff(found, expected) -> str:
    """'' when equal, else what differs."""
    if found == expected:
        return ""
    if found[0] == "error":
        return f"error: {found[1]}"
    missing = Counter(expected[1]) - Counter(found[1])
    extra = Counter(found[1]) - Counter(expected[1])
    parts = []
    if found[0] != expected[0]:
        parts.append(f"conforms {found[0]} (expected {expected[0]})")
    parts += [f"missing {r}" for r in sorted(missing.elements())[:3]]
    parts += [f"extra {r}" for r in sorted(extra.elements())[:3]]
    if len(missing) + len(extra) > 6:
        parts.append(f"… {sum(missing.values())} missing, {sum(extra.values())} extra")
    return "; ".join(parts)


def write_ntriples(graph: Graph, path: Path) -> Path:
    path.write_bytes(graph.serialize(format="nt", encoding="utf-8"))
    return path


# --- the W3C suite ------------------------------------------------------------


def w3c_cases(directory: Path):
    """(name, data file, shapes file, expected (conforms, results)) of every sht:Validate
    test; the files are Turtle, read by each engine's runner as N-Triples (to_ntriples)."""
    manifests = [directory / "manifest.ttl"]
    seen = set()
    while manifests:
        manifest = manifests.pop(0).resolve()
        if manifest in seen:
            continue
        seen.add(manifest)
        graph = exact_graph(manifest, "TURTLE", manifest.as_uri())
        for included in graph.objects(None, URIRef(MF + "include")):
            manifests.append(Path(str(included).removeprefix("file://")))
        for test in graph.subjects(RDF.type, URIRef(SHT + "Validate")):
            action = graph.value(test, URIRef(MF + "action"))
            data = Path(str(graph.value(action, URIRef(SHT + "dataGraph"))).removeprefix("file://"))
            shapes = Path(str(graph.value(action, URIRef(SHT + "shapesGraph"))).removeprefix("file://"))
            expected = report_results(graph_of(graph, graph.value(test, URIRef(MF + "result"))))
            name = f"{manifest.parent.name}/{str(test).rsplit('/', 1)[-1]}"
            yield name, data, shapes, expected


def to_ntriples(turtle: Path, target: Path) -> Path:
    """A Turtle file as N-Triples, by Oxigraph (literals as written, relative IRIs resolved)."""
    import pyoxigraph as ox

    triples = ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE, base_iri=turtle.resolve().as_uri())
    ox.serialize(triples, output=str(target), format=ox.RdfFormat.N_TRIPLES)
    return target


def graph_of(graph: Graph, node) -> Graph:
    """The triples reachable from ``node`` (an expected report inside a manifest)."""
    found, todo, seen = Graph(), [node], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in graph.predicate_objects(current):
            found.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    return found


def evaluate_w3c(directory: Path, engines: list[str]) -> dict:
    rows = {engine: {"passed": 0, "failed": []} for engine in engines}
    cases = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data, shapes, expected in sorted(w3c_cases(directory), key=lambda c: c[0]):
            cases += 1
            data_path = to_ntriples(data, Path(tmp) / "data.nt")
            shapes_path = to_ntriples(shapes, Path(tmp) / "shapes.nt")
            tally(rows, name, data_path, shapes_path, expected)
    return {"cases": cases, "engines": rows}


def tally(rows: dict, name: str, data: Path, shapes: Path, expected) -> None:
    """Run each engine of ``rows`` on one case; count it passed or say what differs."""
    for engine, row in rows.items():
        problem = diff(run(engine, data, shapes), expected)
        if problem:
            row["failed"].append(f"{name}: {problem}")
        else:
            row["passed"] += 1


# --- kg's fixtures and graphs -------------------------------------------------


def kg_inputs(data: Graph, core_only: bool, tmp: Path) -> tuple[Path, Path]:
    """kg's data with the ontology mixed in (as kg validate does), and kg's shapes."""
    from kg.resources import ontology_graph
    from kg.check.validate import load_shapes

    mixed = Graph()
    mixed += data
    mixed += ontology_graph()
    shapes = load_shapes()
    if core_only:
        shapes.remove((None, SH.sparql, None))
    return write_ntriples(mixed, tmp / "data.nt"), write_ntriples(shapes, tmp / "shapes.nt")


def evaluate_fixtures(paths: list[Path], engines: list[str], core_only: bool) -> dict:
    rows = {engine: {"passed": 0, "failed": []} for engine in engines if engine != "pyshacl"}
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            data = Graph().parse(path, format="turtle")
            data_path, shapes_path = kg_inputs(data, core_only, Path(tmp))
            tally(rows, path.stem, data_path, shapes_path, run("pyshacl", data_path, shapes_path))
    return {"cases": len(paths), "engines": rows}


def damage(graph: Graph) -> Graph:
    """A copy of a built graph broken in a few deterministic places, so that the
    engines have results to agree on: a second, English label on one labelled
    node in 50, a string nkg:start on one mention in 40, no prov:wasDerivedFrom
    on one node in 60, a mention as the nkg:place of one event in 30."""
    import zlib

    from rdflib.namespace import PROV, RDFS

    from kg.rdf.namespaces import NKG

    def picked(node, every: int) -> bool:
        return zlib.crc32(str(node).encode("utf-8")) % every == 0

    mention = next(iter(graph.subjects(NKG.inArticle, None)))
    broken = Graph()
    for s, p, o in graph:
        if p == PROV.wasDerivedFrom and picked(s, 60):
            continue
        if p == NKG.start and picked(s, 40):
            o = Literal(str(o))
        elif p == NKG.place and picked(s, 30):
            o = mention
        elif p == RDFS.label and picked(s, 50):
            broken.add((s, p, Literal("x", lang="en")))
        broken.add((s, p, o))
    return broken


def measure_one(engine: str, data: Path, shapes: Path, out: Path) -> None:
    """In a fresh process: one engine on one graph, its seconds, results and peak memory."""
    started = time.perf_counter()
    if engine == "oxigraph-parse":
        import pyoxigraph as ox

        store = ox.Store()
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
        found = ("parse", len(store))
    else:
        found = run(engine, data, shapes)
    seconds = time.perf_counter() - started
    out.write_text(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "found": found}), encoding="utf-8")


def peak_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def evaluate_graph(graph_path: Path, engines: list[str], timeout: float, broken: bool) -> dict:
    from kg.rdf.graphio import load_graph

    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = load_graph([graph_path])
        data_path, shapes_path = kg_inputs(damage(data) if broken else data, True, Path(tmp))
        del data
        triples = sum(1 for _ in data_path.open("rb"))
        for engine in ["oxigraph-parse"] + engines:
            out = Path(tmp) / f"{engine}.json"
            command = [sys.executable, __file__, "one", engine, str(data_path), str(shapes_path), str(out)]
            try:
                subprocess.run(command, check=True, timeout=timeout)
                rows[engine] = json.loads(out.read_text(encoding="utf-8"))
            except subprocess.TimeoutExpired:
                rows[engine] = {"seconds": None, "peak_mb": None, "found": ["error", f"over {timeout:.0f} s"]}
            except subprocess.CalledProcessError as err:
                rows[engine] = {"seconds": None, "peak_mb": None, "found": ["error", f"exit {err.returncode}"]}
            print(f"  {engine}: {rows[engine]['seconds']} s, {rows[engine]['peak_mb']} MB", file=sys.stderr)
    reference = tuple(rows["pyshacl"]["found"]) if "pyshacl" in rows else None
    for engine, row in rows.items():
        found = row.pop("found")
        if engine == "oxigraph-parse":
            continue
        found = (found[0], [tuple(r) for r in found[1]]) if found[0] != "error" else tuple(found)
        row["results"] = len(found[1]) if found[0] != "error" else None
        row["conforms"] = found[0]
        if reference is not None and engine != "pyshacl":
            row["same_as_pyshacl"] = diff(found, (reference[0], [tuple(r) for r in reference[1]])) or "yes"
    return {"graph": str(graph_path), "damaged": broken, "triples": triples, "engines": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    w3c = sub.add_parser("w3c", help="the W3C SHACL core test suite")
    w3c.add_argument("directory", type=Path, help="data-shapes-test-suite/tests/core")
    fixtures = sub.add_parser("fixtures", help="kg's broken fixtures, each engine against pySHACL")
    fixtures.add_argument("--core-only", action="store_true", help="leave out the SHACL-SPARQL constraints (as kg does)")
    graph = sub.add_parser("graph", help="a built graph: results, seconds and peak memory, one process per engine")
    graph.add_argument("graph", type=Path)
    graph.add_argument("--timeout", type=float, default=1800)
    graph.add_argument("--damage", action="store_true", help="break the graph in a few places first (damage())")
    one = sub.add_parser("one")  # internal: one measurement in a fresh process
    one.add_argument("engine")
    one.add_argument("data", type=Path)
    one.add_argument("shapes", type=Path)
    one.add_argument("out", type=Path)
    for p in (w3c, graph, fixtures):
        p.add_argument("--engines", default=",".join(ENGINES))
        p.add_argument("--json", type=Path, help="also write the findings here")
    args = parser.parse_args(argv)
    if args.command == "one":
        measure_one(args.engine, args.data, args.shapes, args.out)
        return 0
    engines = [e for e in args.engines.split(",") if e]
    missing = [e for e in engines if not installed(e)]
    for engine in missing:
        print(f"skipped {engine}: not installed (pip install {engine})", file=sys.stderr)
    engines = [e for e in engines if e not in missing]
    if args.command == "w3c":
        found = evaluate_w3c(args.directory, engines)
    elif args.command == "fixtures":
        found = evaluate_fixtures(sorted((REPO / "tests/fixtures/shapes/broken").glob("*.ttl"))
                                  + [REPO / "tests/fixtures/shapes/valid.ttl"], engines, args.core_only)
    else:
        found = evaluate_graph(args.graph, engines, args.timeout, args.damage)
    found["versions"] = {e: version(e) for e in engines}
    text = json.dumps(found, indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(2)
