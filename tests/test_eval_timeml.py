"""kg eval timeml: reading TimeML and scoring as TempEval-3, on hand-made documents."""
from __future__ import annotations

import json

import pytest

from kg.cli import cli
from kg.errors import KgError
from kg.evaluation.timeml import GoldTimex, TimeMLDocument, evaluate_timeml, read_timeml, score_document
from kg.timex import Timex

from tests.conftest import FIXTURES

TIMEML = FIXTURES / "timeml"


def test_read_timeml_text_offsets_and_creation_time():
    document = read_timeml(TIMEML / "good" / "resignation.tml")
    assert document.creation_time == "2020-01-08"
    assert "<" not in document.text and "Procter & Gamble" in document.text  # tags removed, entities decoded
    assert [(g.text, g.type, g.value) for g in document.timexes] == [
        ("hier", "DATE", "2020-01-07"),
        ("trois ans", "DURATION", "P3Y"),
        ("mardi prochain", "DATE", "2020-01-14"),
        ("15 h", "TIME", "2020-01-14T15:00"),
    ]
    for gold in document.timexes:
        assert document.text[gold.start : gold.end] == gold.text


def test_scores_by_hand():
    """resignation.tml: 4 of 4 right; dam.tml: "en 2014" (span), "vendredi soir" (TIME, not DATE:
    type and value), "à l'époque" missed, "deux semaines" not in the gold."""
    score = evaluate_timeml(TIMEML / "good", parse=False)
    overall = score.overall
    assert (score.documents, overall.gold, overall.found) == (2, 8, 8)
    assert overall.strict_prf == {"precision": 6 / 8, "recall": 6 / 8, "f1": 6 / 8}
    assert overall.relaxed_prf["precision"] == 7 / 8 and overall.relaxed_prf["recall"] == 7 / 8
    assert overall.value_prf["precision"] == 6 / 8 and overall.value_prf["recall"] == 6 / 8
    assert overall.type_accuracy == 6 / 7
    assert (score.by_type["DATE"].gold, score.by_type["DURATION"].gold, score.by_type["TIME"].gold) == (6, 1, 1)
    assert score.by_type["TIME"].found == 2  # "15 h" and "vendredi soir"
    assert score.by_type["SET"].gold == score.by_type["SET"].found == 0
    kinds = sorted((e.kind, e.text) for e in score.errors)
    assert kinds == [("missed", "à l'époque"), ("span", "2014"), ("spurious", "deux semaines"), ("value", "vendredi soir")]


def test_relaxed_match_counts_each_side_once():
    """Two found expressions inside one gold one: both count as relaxed matches (precision),
    the gold one once (recall); a value is right where one of them has it."""
    document = TimeMLDocument("d", "hier soir", "2020-01-08", (GoldTimex(0, 9, "hier soir", "TIME", "2020-01-07TEV"),))
    found = [Timex(0, 4, "hier", "DATE", "2020-01-07"), Timex(5, 9, "soir", "TIME", "2020-01-07TEV")]
    counts, errors = score_document(document, found)
    assert (counts["all"].relaxed_found, counts["all"].relaxed_gold, counts["all"].strict) == (2, 1, 0)
    assert (counts["all"].value_found, counts["all"].value_gold) == (1, 1)
    assert [e.kind for e in errors] == ["span", "span"]


def test_unreadable_timeml_is_a_clear_error():
    with pytest.raises(KgError) as err:
        read_timeml(TIMEML / "broken" / "not-xml.tml")
    assert err.value.code == "E060" and "not well-formed" in str(err.value)
    with pytest.raises(KgError) as err:
        read_timeml(TIMEML / "broken" / "entities.tml")
    assert "entity declarations" in str(err.value)


def test_cli_table_json_and_errors(runner):
    result = runner.invoke(cli, ["eval", "timeml", str(TIMEML / "good"), "--no-parse", "-q"])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output
    assert "| all | 8 | 8 | 0.750 | 0.750 | 0.750 | 0.875 | 0.875 | 0.875 | 0.857 | 0.750 | 0.750 | 0.750 |" in result.output
    result = runner.invoke(cli, ["eval", "timeml", str(TIMEML / "good"), "--no-parse", "--format", "json", "--errors"])
    data = json.loads(result.output)
    assert data["overall"]["value"]["f1"] == pytest.approx(0.75)
    assert set(data["by_type"]) == {"DATE", "TIME", "DURATION", "SET"}
    assert {e["kind"] for e in data["errors"]} == {"missed", "spurious", "span", "value"}
    result = runner.invoke(cli, ["eval", "timeml", str(TIMEML / "good"), "--no-parse", "-q", "--errors"])
    assert "missed" in result.output and "à l'époque" in result.output


def test_cli_errors_are_one_line(runner, tmp_path):
    result = runner.invoke(cli, ["eval", "timeml", str(tmp_path)])
    assert result.exit_code == 2 and "Error [E061]" in result.output
    result = runner.invoke(cli, ["eval", "timeml", str(TIMEML / "broken"), "--no-parse"])
    assert result.exit_code == 2 and "Error [E060]" in result.output and "Traceback" not in result.output


def test_eval_is_a_group(runner):
    result = runner.invoke(cli, ["eval", "--help"])
    assert result.exit_code == 0 and "timeml" in result.output
