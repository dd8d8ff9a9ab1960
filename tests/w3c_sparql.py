"""The W3C SPARQL 1.1 query test suite (w3c/rdf-tests, vendored in tests/w3c/),
run through ``kg query`` on both engines, and on the engines themselves.

Each test is a query, its dataset (qt:data: the default graph; qt:graphData:
named graphs named by their file's IRI) and the expected answer. Through kg,
the test is what a user types: ``kg query Q.rq -g DATA --named-graph G
--no-ontology --engine E -f json`` (``-f nt`` for graphs, ``-f csv``/``tsv``
for the results-format tests), read back and compared. Directly, the same
dataset is given to pyoxigraph or rdflib without kg, as Oxigraph's own test
harness does: what "the engine itself passes" means.

Answers compare as Oxigraph's harness compares them (testsuite/src/sparql_evaluator.rs):
literals normalized by an Oxigraph store, variables as sets, solutions in
order only when the expected file numbers them (rs:index), blank nodes matched
per solution; graphs by canonical form.

``python -m tests.w3c_sparql`` prints the pass counts (the README's figures)
and each failure.
"""
from __future__ import annotations

import csv
import io
import re
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pyoxigraph as ox

W3C = Path(__file__).resolve().parent / "w3c"
EMPTY = W3C / "empty.ttl"  # the dataset of a test without data: kg query always reads a graph
KNOWN_FAILURES = W3C / "known-failures.tsv"
SUITES = {  # manifest → the W3C suite it belongs to
    **{W3C / "sparql11" / name / "manifest.ttl": "sparql11" for name in (
        "aggregates", "bind", "bindings", "cast", "construct", "exists", "functions", "grouping", "negation",
        "project-expression", "property-path", "subquery", "syntax-query", "csv-tsv-res", "json-res")},
    W3C / "sparql10" / "dataset" / "manifest.ttl": "sparql10",
}
ENGINES = ("oxigraph", "rdflib")

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
KINDS = {
    MF + "QueryEvaluationTest": "evaluation",
    MF + "CSVResultFormatTest": "csv",
    MF + "PositiveSyntaxTest11": "positive-syntax",
    MF + "NegativeSyntaxTest11": "negative-syntax",
    MF + "PositiveSyntaxTest": "positive-syntax",
    MF + "NegativeSyntaxTest": "negative-syntax",
}
RESULT_FORMATS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON, ".tsv": ox.QueryResultsFormat.TSV}


@dataclass(frozen=True)
class W3cTest:
    iri: str
    name: str  # "aggregates/agg01": the folder and the test's local name
    suite: str
    kind: str  # evaluation, csv, positive-syntax, negative-syntax
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Optional[Path] = None

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Outcome:
    passed: bool
    detail: str = ""


def _path(term) -> Path:
    return Path(urllib.request.url2pathname(urllib.parse.urlsplit(term.value).path))


def _list(store: ox.Store, head) -> list:
    items = []
    while head != ox.NamedNode(RDF + "nil"):
        items.append(_object(store, head, RDF + "first"))
        head = _object(store, head, RDF + "rest")
    return items


def _object(store: ox.Store, subject, predicate: str):
    return next((q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)), None)


def _objects(store: ox.Store, subject, predicate: str) -> list:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def load_tests() -> list[W3cTest]:
    """Every test of the vendored manifests that kg runs, in manifest order."""
    tests = []
    for manifest, suite in SUITES.items():
        store = ox.Store()
        store.load(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri())
        root = next(q.subject for q in store.quads_for_pattern(None, ox.NamedNode(MF + "entries"), None))
        for entry in _list(store, _object(store, root, MF + "entries")):
            kind = KINDS.get(_object(store, entry, RDF + "type").value)
            if kind is None:
                continue
            name = f"{manifest.parent.name}/{entry.value.rsplit('#', 1)[-1]}"
            action = _object(store, entry, MF + "action")
            result = _object(store, entry, MF + "result")
            if isinstance(action, ox.NamedNode):  # a syntax test: the query alone
                tests.append(W3cTest(entry.value, name, suite, kind, _path(action)))
                continue
            tests.append(W3cTest(
                entry.value, name, suite, kind, _path(_object(store, action, QT + "query")),
                tuple(sorted(_path(d) for d in _objects(store, action, QT + "data"))),
                tuple(sorted(_path(g) for g in _objects(store, action, QT + "graphData"))),
                _path(result) if result is not None else None,
            ))
    return tests


def known_failures() -> dict[tuple[str, str], str]:
    """(engine, test name) → why it fails, from tests/w3c/known-failures.tsv."""
    found = {}
    for line in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            engine, name, reason = line.split("\t")
            found[(engine, name)] = reason
    return found


# --- the dataset of a test ---------------------------------------------------------


def query_form(text: str) -> str:
    from kg.rdf.sparql_text import query_form as form

    return form(text)


def dataset_iris(test: W3cTest) -> list[Path]:
    """Files a FROM or FROM NAMED of the query names (the harness loads them, as Oxigraph's does)."""
    text = test.query.read_text(encoding="utf-8")
    found = []
    for iri in re.findall(r"(?i)\bFROM\s+(?:NAMED\s+)?<([^>]*)>", text):
        path = _path(ox.NamedNode(urllib.parse.urljoin(test.query.as_uri(), iri)))
        if path.is_file() and path not in test.graph_data and path not in found:
            found.append(path)
    return found


def kg_arguments(test: W3cTest, engine: str) -> list[str]:
    """The ``kg query`` command line of a test."""
    args = ["query", str(test.query), "--no-ontology", "--engine", engine, "-f", kg_format(test)]
    for path in test.data or (() if test.graph_data or dataset_iris(test) else (EMPTY,)):
        args += ["-g", str(path)]
    for path in (*test.graph_data, *dataset_iris(test)):
        args += ["--named-graph", str(path)]
    return args


def kg_format(test: W3cTest) -> str:
    if test.kind == "csv":
        return "csv"
    if test.result is not None and test.result.suffix == ".tsv":
        return "tsv"
    if query_form(test.query.read_text(encoding="utf-8")) in ("CONSTRUCT", "DESCRIBE"):
        return "nt"
    return "json"


# --- answers, compared as Oxigraph's harness does -------------------------------------


@dataclass
class Answer:
    kind: str  # solutions, boolean, graph, csv
    variables: tuple = ()
    solutions: tuple = ()  # each a sorted tuple of (variable, term)
    ordered: bool = False
    boolean: Optional[bool] = None
    graph: frozenset = frozenset()
    rows: tuple = ()  # csv: lists of cells

    def describe(self) -> str:
        if self.kind == "boolean":
            return str(self.boolean)
        if self.kind == "graph":
            return "\n".join(sorted(str(q) for q in self.graph)) or "(empty graph)"
        if self.kind == "csv":
            return "\n".join(sorted(" ".join(f"{v}={c}" for v, c in row) for row in self.rows))
        lines = ["{" + " ".join(f"{v}={t}" for v, t in s) + "}" for s in self.solutions]
        return f"variables {sorted(self.variables)}\n" + ("\n".join(lines if self.ordered else sorted(lines)) or "(no solution)")


def _normalized(triples) -> list:
    """Triples with literals in Oxigraph's canonical form ("01"^^xsd:integer is 1)."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return [q.triple for q in store]


def _term(term):
    if isinstance(term, ox.Literal):
        s = ox.NamedNode("http://s")
        return _normalized([ox.Triple(s, s, term)])[0].object
    return term


def solutions_answer(results) -> Answer:
    if isinstance(results, ox.QueryBoolean):
        return Answer("boolean", boolean=bool(results))
    variables = tuple(sorted(v.value for v in results.variables))
    solutions = []
    for solution in results:
        bound = [(v.value, solution[v]) for v in results.variables if solution[v] is not None]
        solutions.append(tuple(sorted((name, _term(term)) for name, term in bound)))
    return Answer("solutions", variables, tuple(solutions))


def graph_answer(triples) -> Answer:
    dataset = ox.Dataset([ox.Quad(t.subject, t.predicate, t.object) for t in _normalized(triples)])
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return Answer("graph", graph=frozenset(dataset))


def result_set_answer(triples) -> Answer:
    """An answer written as an RDF graph: a result set (rs: vocabulary), or a graph."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    result_set = next((q.subject for q in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"),
                                                                  ox.NamedNode(RS + "ResultSet"))), None)
    if result_set is None:
        return graph_answer(triples)
    boolean = _object(store, result_set, RS + "boolean")
    if boolean is not None:
        return Answer("boolean", boolean=boolean.value == "true")
    variables = tuple(sorted(v.value for v in _objects(store, result_set, RS + "resultVariable")))
    numbered = []
    for solution in _objects(store, result_set, RS + "solution"):
        bindings = tuple(sorted(
            (_object(store, b, RS + "variable").value, _object(store, b, RS + "value"))
            for b in _objects(store, solution, RS + "binding")
        ))
        index = _object(store, solution, RS + "index")
        numbered.append((int(index.value) if index is not None else None, bindings))
    ordered = bool(numbered) and all(i is not None for i, _ in numbered)
    if ordered:
        numbered.sort(key=lambda pair: pair[0])
    return Answer("solutions", variables, tuple(s for _, s in numbered), ordered)


def csv_answer(text: str) -> Answer:
    """CSV results: rows of (variable, cell) pairs (the column order of SELECT * is the engine's)."""
    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n"))))
    header = rows[0] if rows else []
    cells = tuple(tuple(sorted(zip(header, row))) for row in rows[1:])
    return Answer("csv", variables=tuple(sorted(header)), rows=cells)


def expected_answer(test: W3cTest) -> Answer:
    path = test.result
    if path.suffix == ".csv":
        return csv_answer(path.read_text(encoding="utf-8"))
    if path.suffix in RESULT_FORMATS:
        return solutions_answer(ox.parse_query_results(path=str(path), format=RESULT_FORMATS[path.suffix]))
    fmt = ox.RdfFormat.from_extension(path.suffix[1:])
    return result_set_answer([q.triple for q in ox.parse(path=str(path), format=fmt, base_iri=path.as_uri())])


def _same_solution(expected: tuple, actual: tuple) -> bool:
    if len(expected) != len(actual):
        return False
    blanks: dict = {}
    for (ev, et), (av, at) in zip(expected, actual):
        if ev != av:
            return False
        if isinstance(et, ox.BlankNode) and isinstance(at, ox.BlankNode):
            if blanks.setdefault(at, et) != et:
                return False
        elif et != at:
            return False
    return True


def _same_row(expected: tuple, actual: tuple) -> bool:
    blanks: dict = {}
    return len(expected) == len(actual) and all(
        ev == av and ((blanks.setdefault(a, e) == e) if e.startswith("_:") and a.startswith("_:") else e == a)
        for (ev, e), (av, a) in zip(expected, actual)
    )


def same_answer(expected: Answer, actual: Answer) -> bool:
    if expected.kind != actual.kind:
        return False
    if expected.kind == "boolean":
        return expected.boolean == actual.boolean
    if expected.kind == "graph":
        return expected.graph == actual.graph
    if expected.kind == "csv":
        return (list(expected.variables) == list(actual.variables) and len(expected.rows) == len(actual.rows)
                and all(any(_same_row(e, a) for a in actual.rows) for e in expected.rows)
                and all(any(_same_row(e, a) for e in expected.rows) for a in actual.rows))
    if set(expected.variables) != set(actual.variables) or len(expected.solutions) != len(actual.solutions):
        return False
    if expected.ordered:
        return all(_same_solution(e, a) for e, a in zip(expected.solutions, actual.solutions))
    return (all(any(_same_solution(e, a) for a in actual.solutions) for e in expected.solutions)
            and all(any(_same_solution(e, a) for e in expected.solutions) for a in actual.solutions))


def compared(test: W3cTest, actual: Answer) -> Outcome:
    expected = expected_answer(test)
    if expected.kind == "solutions" and actual.kind == "solutions" and not expected.ordered:
        actual.ordered = False
    if same_answer(expected, actual):
        return Outcome(True)
    return Outcome(False, f"expected:\n{expected.describe()}\nfound:\n{actual.describe()}")


# --- through kg query ----------------------------------------------------------------


def run_through_kg(test: W3cTest, engine: str) -> Outcome:
    """Run the test as a user would, with ``kg query`` (in this process, by click's runner)."""
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, kg_arguments(test, engine))
    if test.kind == "negative-syntax":
        refused = result.exit_code == 2 and "Error [E021]" in result.stderr
        return Outcome(refused, "" if refused else f"kg query accepted it (exit {result.exit_code}): {result.stderr.strip()}")
    failed = result.exit_code == 2 or result.exception is not None and not isinstance(result.exception, SystemExit)
    if test.kind == "positive-syntax":  # parsed: it may still fail to run (an unknown function)
        refused = "Error [E021]" in result.stderr or result.exit_code not in (0, 1, 2)
        return Outcome(not refused, f"kg query refused it (exit {result.exit_code}): {result.stderr.strip()}" if refused else "")
    if failed:
        return Outcome(False, f"kg query failed (exit {result.exit_code}): {result.stderr.strip()[:500]}")
    output = result.stdout_bytes
    fmt = kg_format(test)
    try:
        if fmt == "csv":
            actual = csv_answer(output.decode("utf-8"))
        elif fmt == "nt":
            actual = graph_answer([q.triple for q in ox.parse(output, format=ox.RdfFormat.N_TRIPLES)])
        else:
            results_format = ox.QueryResultsFormat.TSV if fmt == "tsv" else ox.QueryResultsFormat.JSON
            actual = solutions_answer(ox.parse_query_results(output, format=results_format))
    except SyntaxError as err:
        return Outcome(False, f"kg query's {fmt} output does not parse: {err}\n{output[:500]!r}")
    return compared(test, actual)


# --- the engines themselves, without kg ------------------------------------------------


def run_on_engine(test: W3cTest, engine: str) -> Outcome:
    """Run the test on pyoxigraph or rdflib directly, with the dataset the manifest gives."""
    text = test.query.read_text(encoding="utf-8")
    named = [*test.graph_data, *dataset_iris(test)]
    if test.kind in ("positive-syntax", "negative-syntax"):
        parses = _parses(text, test.query.as_uri(), engine)
        return Outcome(parses == (test.kind == "positive-syntax"), "" if parses else "does not parse")
    try:
        if engine == "oxigraph":
            answer = _oxigraph_answer(test, text, named)
        else:
            answer = _rdflib_answer(test, text, named)
    except Exception as err:  # noqa: BLE001 (any failure of the engine fails the test)
        message = " ".join(str(err).split())[:300]
        if test.kind == "negative-syntax":
            return Outcome(True)
        return Outcome(False, f"{type(err).__name__}: {message}")
    return compared(test, answer)


def _parses(text: str, base: str, engine: str) -> bool:
    if engine == "oxigraph":  # evaluated on an empty store: only a SyntaxError is the parser's
        try:
            ox.Store().query(text, base_iri=base)
        except SyntaxError:
            return False
        except Exception:  # noqa: BLE001 (parsed, then failed to run)
            return True
        return True
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text, base=base)
    except Exception:  # noqa: BLE001 (rdflib's parser and algebra raise many types)
        return False
    return True


def _from_rdflib(term):
    """An rdflib term as a pyoxigraph term, read back from its N-Triples form."""
    if term is None:
        return None
    nt = term.n3()
    if nt.startswith("_:"):
        return ox.BlankNode(nt[2:])
    return next(iter(ox.parse(f"<http://s> <http://p> {nt} .", format=ox.RdfFormat.N_TRIPLES))).object


def _oxigraph_answer(test: W3cTest, text: str, named: list[Path]) -> Answer:
    store = ox.Store()
    for path in test.data:
        store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]), base_iri=path.as_uri())
    for path in named:
        store.load(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:]), base_iri=path.as_uri(),
                   to_graph=ox.NamedNode(path.as_uri()))
    results = store.query(text, base_iri=test.query.as_uri())
    if test.kind == "csv":  # Oxigraph's own CSV writer
        return csv_answer(results.serialize(format=ox.QueryResultsFormat.CSV).decode("utf-8"))
    if isinstance(results, ox.QueryTriples):
        return graph_answer(list(results))
    return solutions_answer(results)


def _rdflib_answer(test: W3cTest, text: str, named: list[Path]) -> Answer:
    from rdflib import Dataset, URIRef
    from rdflib.plugins import sparql

    sparql.SPARQL_LOAD_GRAPHS = False
    dataset = Dataset(default_union=False)
    for path in test.data:
        dataset.parse(str(path), format="turtle" if path.suffix == ".ttl" else None)
    for path in named:
        dataset.graph(URIRef(path.as_uri())).parse(str(path), format="turtle" if path.suffix == ".ttl" else None)
    results = dataset.query(text, base=test.query.as_uri())
    if test.kind == "csv":  # rdflib's own CSV writer
        return csv_answer(results.serialize(format="csv").decode("utf-8"))
    if results.type == "ASK":
        return Answer("boolean", boolean=bool(results.askAnswer))
    if results.type in ("CONSTRUCT", "DESCRIBE"):
        return graph_answer([ox.Triple(*map(_from_rdflib, t)) for t in results.graph])
    variables = tuple(sorted(str(v) for v in results.vars))
    solutions = []
    for row in results:
        bound = [(str(v), _from_rdflib(row[v])) for v in results.vars if row[v] is not None]
        solutions.append(tuple(sorted((name, _term(term)) for name, term in bound)))
    return Answer("solutions", variables, tuple(solutions))


def main() -> int:
    tests = load_tests()
    failures = known_failures()
    print(f"{len(tests)} tests ({', '.join(f'{s}: {sum(t.suite == s for t in tests)}' for s in sorted(set(SUITES.values())))})")
    for engine in ENGINES:
        through_kg = {t.name: run_through_kg(t, engine) for t in tests}
        itself = {t.name: run_on_engine(t, engine) for t in tests}
        print(f"{engine}: kg query passes {sum(o.passed for o in through_kg.values())}, "
              f"{engine} itself {sum(o.passed for o in itself.values())}, of {len(tests)}")
        for name, outcome in through_kg.items():
            if not outcome.passed:
                listed = failures.get((engine, name), "NOT LISTED")
                print(f"  {name}: {listed} (itself: {'passes' if itself[name].passed else 'fails'})")
                if "-v" in sys.argv:
                    print("    " + outcome.detail.replace("\n", "\n    "))
    return 0


if __name__ == "__main__":
    sys.exit(main())
