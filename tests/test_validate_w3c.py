"""kg's default SHACL engine, on kg's own path to it, passes the W3C SHACL core
test suite (tests/fixtures/w3c-shacl-core): each report equals the expected one,
result by result (focus node, path, value, source shape, constraint component,
severity), as bench/shacl_engines.py compares them."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUITE = Path(__file__).parent / "fixtures" / "w3c-shacl-core"
sys.path.insert(0, str(ROOT / "bench"))

import shacl_engines  # noqa: E402

CASES = sorted(shacl_engines.w3c_cases(SUITE), key=lambda case: case[0])
pytestmark = pytest.mark.slow  # the W3C SHACL core suite on both engines


def test_the_suite_is_whole():
    assert len(CASES) == 98


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_w3c_core(case, tmp_path):
    _name, data, shapes, expected = case
    found = shacl_engines.run("kg", shacl_engines.to_ntriples(data, tmp_path / "data.nt"),
                              shacl_engines.to_ntriples(shapes, tmp_path / "shapes.nt"))
    assert shacl_engines.diff(found, expected) == ""
