"""kg on the development corpus's gold: the figures of docs/quality.md are a floor.

The corpus (real articles, gold/dev.jsonl) is not in the repository: the
measuring test builds it where it is found (``$KG_CORPUS``, else
``shared/corpus`` beside the checkout) and is skipped, saying so, elsewhere.
``python -m tests.quality_floors --update`` rewrites the floors.
"""
from __future__ import annotations

import os

import pytest

from tests.quality_floors import (
    CEILINGS, DOC_ROWS, FLOORED, QUALITY_DOC, TOLERANCE, CorpusMissing, compare, doc_now_column,
    find_corpus, measure, read_floors,
)


@pytest.fixture(scope="module")
def measurement(request):
    try:
        corpus = find_corpus()
    except CorpusMissing as err:
        if os.environ.get("KG_CORPUS"):
            pytest.fail(str(err))  # asked for by name: a wrong path is an error, not a skip
        pytest.skip(str(err))
    request.getfixturevalue("nlp")  # the session's model, loaded once for every test
    return measure(corpus)


@pytest.mark.corpus
def test_every_article_is_built_and_every_gold_article_scored(measurement):
    floors = read_floors()
    assert measurement.evaluation.absent == [], "gold articles missing from the graph"
    assert (measurement.articles, measurement.gold_articles) == (floors["articles"], floors["gold_articles"]), (
        "the corpus is not the one the floors were measured on: python -m tests.quality_floors --update"
    )


@pytest.mark.corpus
def test_figures_do_not_drop(measurement):
    failures, table = compare(read_floors(), measurement.figures())
    table += "\n" + measurement.note()
    print(table)  # shown with -rP or -s, and in the failure below
    assert not failures, "quality dropped:\n" + "\n".join(failures) + "\n\n" + table


def test_floors_file_holds_every_figure():
    floors = read_floors()
    assert set(floors["floors"]) == set(FLOORED)
    assert set(floors["ceilings"]) == set(CEILINGS)
    assert floors["tolerance"] == TOLERANCE
    assert all(0.0 <= v <= 1.0 for v in floors["floors"].values())


def test_quality_doc_shows_the_floors():
    """docs/quality.md's "now" column is the measurement the floors were written from."""
    floors = read_floors()["floors"]
    cells = doc_now_column(QUALITY_DOC.read_text(encoding="utf-8"))
    assert set(cells) == {*DOC_ROWS, "merge recall", "false merges"}
    shown = {f"{row} F1": float(cells[row].split(" / ")[2]) for row in DOC_ROWS}
    shown["events P"], shown["events R"] = (float(v) for v in cells["events"].split(" / ")[:2])
    shown["merge recall"] = float(cells["merge recall"])
    for name, floor in floors.items():
        assert abs(shown[name] - floor) <= 0.005 + 1e-9, f"docs/quality.md shows {name} {shown[name]}, the floor is {floor}"
    assert int(cells["false merges"]) == read_floors()["ceilings"]["false merges"]


def test_a_drop_beyond_the_tolerance_fails_and_one_within_passes():
    """The rule of the floor, on the floors themselves moved (no corpus needed)."""
    floors = read_floors()
    base = {**floors["floors"], **floors["ceilings"]}
    assert compare(floors, base)[0] == []
    assert compare(floors, {**base, "events R": base["events R"] - TOLERANCE})[0] == []  # exactly the tolerance
    failures, table = compare(floors, {**base, "roles F1": base["roles F1"] - TOLERANCE - 0.001})
    assert len(failures) == 1 and failures[0].startswith("roles F1") and "DROPPED" in table
    failures, _table = compare(floors, {**base, "false merges": base["false merges"] + 1})
    assert [f.split(":")[0] for f in failures] == ["false merges"]
    failures, _table = compare(floors, {**base, "claims F1": None})
    assert [f.split(":")[0] for f in failures] == ["claims F1"]
