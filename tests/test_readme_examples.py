"""The README's and docs' `$ kg …` examples show what kg prints today (tests/readme_examples.py;
`python -m tests.readme_examples --write` rewrites them), and the rules the checker reads them by."""
from __future__ import annotations

import pytest

from tests.readme_examples import ELIDED, ROOT, check, examples, shown_output, terminal_view


@pytest.mark.model
@pytest.mark.java  # kg reason
@pytest.mark.slow
def test_the_examples_show_what_kg_prints():
    diffs = check()
    assert not diffs, "".join(diffs) + "\nrun: python -m tests.readme_examples --write"


@pytest.mark.parametrize("page", ["README.md", "docs/exports.md"])
def test_the_pages_have_checked_examples(page):
    lines = (ROOT / page).read_text(encoding="utf-8").split("\n")
    assert any(c.line.startswith("kg ") for e in examples(lines) for c in e.commands)


def test_examples_are_blocks_of_dollar_lines_unless_marked_not_checked():
    page = ["```", "$ kg a", "out a", "", "out a2", "$ kg b", "```", "<!-- not checked: a server -->", "```",
            "$ kg serve", "```", "```sh", "pip install .", "```"]
    (example,) = examples(page)
    assert [(c.line, c.output) for c in example.commands] == [("kg a", ["out a", "", "out a2"]), ("kg b", [])]
    assert (example.start, example.end) == (1, 6)


def test_durations_match_any_and_the_page_keeps_its_own():
    shown = ["5 articles read; 3850 triples written to out/graph.ttl in 7.5 s"]
    assert shown_output(shown, ["5 articles read; 3850 triples written to out/graph.ttl in 0.2 s"]) == shown
    today = ["5 articles read; 3851 triples written to out/graph.ttl in 0.2 s"]
    assert shown_output(shown, today) == today
    assert shown_output(["a", ELIDED], ["a", "b", "c"]) == ["a", ELIDED]
    assert shown_output(["a", ELIDED], ["x", "b"]) == ["x", ELIDED]


def test_the_terminal_view_drops_progress_bars_and_csv_carriage_returns():
    bar = "\x1b[?25lParsing  [#---]   25%\rParsing  [####]  100%\x1b[?25h"
    data = f"{bar}\r\nn\r\r\n5\r\r\n1 row\r\n".encode()
    assert terminal_view(data) == ["n", "5", "1 row"]
