"""kg timex: one line per expression, offsets in the file's text (the metadata line counts)."""
from __future__ import annotations

import json

import pytest

from kg.cli import cli


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_offsets_count_the_metadata_line(runner, tmp_path):
    text = "date 2020-01-08\nLe ministre a démissionné hier, après trois ans de mandat, à 15 h.\n"
    path = _write(tmp_path, "a1.txt", text)
    result = runner.invoke(cli, ["timex", str(path), "--no-parse", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["text"], r["type"], r["value"]) for r in rows] == [
        ("hier", "DATE", "2020-01-07"),
        ("trois ans", "DURATION", "P3Y"),
        ("15 h", "TIME", "2020-01-07T15:00"),
    ]
    for row in rows:
        assert set(row) == {"article", "start", "end", "text", "type", "value"}
        assert row["article"] == "a1"
        assert text[row["start"] : row["end"]] == row["text"]


def test_reference_date_from_dateline_and_date_option(runner, tmp_path):
    path = _write(tmp_path, "wn.txt", "Un titre\n\n22 juin 2012. - Le gouvernement a annoncé hier la réforme.\n")
    result = runner.invoke(cli, ["timex", str(path), "--no-parse", "-f", "jsonl"])
    values = {json.loads(line)["text"]: json.loads(line)["value"] for line in result.output.splitlines()}
    assert values == {"22 juin 2012": "2012-06-22", "hier": "2012-06-21"}
    result = runner.invoke(cli, ["timex", str(path), "--no-parse", "-f", "jsonl", "--date", "2013-01-01"])
    values = {json.loads(line)["text"]: json.loads(line)["value"] for line in result.output.splitlines()}
    assert values["hier"] == "2012-12-31"


def test_no_reference_date_keeps_xs(runner, tmp_path):
    path = _write(tmp_path, "bbc.txt", "Un titre\n\nLe ministre a démissionné hier à Dakar.\n")
    result = runner.invoke(cli, ["timex", str(path), "--no-parse", "-f", "jsonl"])
    assert json.loads(result.output)["value"] == "XXXX-XX-XX"


@pytest.mark.model  # --parse is the default: spaCy reads the text
def test_table_and_parse(runner, tmp_path):
    path = _write(tmp_path, "t.txt", "date 2020-01-08\nLe sommet aura lieu mardi à Genève, dit le ministre.\n")
    result = runner.invoke(cli, ["timex", str(path), "-f", "table"])
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()
    assert header.split() == ["article", "start", "end", "text", "type", "value"]
    assert row.split() == ["t", "36", "41", "mardi", "DATE", "2020-01-14"]  # the future tense: next Tuesday


def test_bad_input_is_one_line(runner, tmp_path):
    path = _write(tmp_path, "a.txt", "Le ministre a démissionné hier.\n")
    result = runner.invoke(cli, ["timex", str(path), "--date", "22/06/2012"])
    assert result.exit_code == 2 and "Bad reference date" in result.output and "Traceback" not in result.output
    result = runner.invoke(cli, ["timex", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "Error [E002]" in result.output
    empty = _write(tmp_path, "empty.txt", "")
    result = runner.invoke(cli, ["timex", str(empty), "--no-parse"])
    assert result.exit_code == 2 and "skipped" in result.output
