"""The W3C SPARQL 1.1 query tests (and SPARQL 1.0's FROM / FROM NAMED tests)
through ``kg query``, on both engines (tests/w3c_sparql.py runs them).

kg passes every test the engine itself passes: a test it fails must be listed
in tests/w3c/known-failures.tsv with its reason, and the engine must fail it
without kg too. The README gives the counts."""
from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.w3c_sparql import ENGINES, known_failures, load_tests, run_on_engine, run_through_kg

pytestmark = pytest.mark.slow  # 700 W3C tests: half a minute of the fast lane

TESTS = load_tests()
KNOWN = known_failures()


def test_the_suite_is_whole():
    names = [t.name for t in TESTS]
    assert len(names) == len(set(names)) == 350
    assert {t.kind for t in TESTS} == {"evaluation", "csv", "positive-syntax", "negative-syntax"}
    assert {name for _engine, name in KNOWN} <= set(names)  # no stale line


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("test", TESTS, ids=str)
def test_w3c(test, engine):
    outcome = run_through_kg(test, engine)
    reason = KNOWN.get((engine, test.name))
    if reason is None:
        assert outcome.passed, f"{test.name} ({test.kind}) on {engine}: {outcome.detail}"
        return
    assert not outcome.passed, f"{test.name} passes on {engine} now: remove it from tests/w3c/known-failures.tsv"
    itself = run_on_engine(test, engine)
    assert not itself.passed, f"{engine} itself passes {test.name}: kg must pass it too ({outcome.detail})"
    pytest.xfail(reason)


def test_the_readme_gives_the_counts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for engine in ENGINES:
        passed = len(TESTS) - sum(1 for e, _name in KNOWN if e == engine)
        line = re.search(rf"^\| {engine} .*$", readme, flags=re.M)
        assert line, f"no line for {engine} in the README's W3C table"
        assert f"{passed} / {len(TESTS)}" in line.group(), line.group()
