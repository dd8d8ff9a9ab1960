"""The README documents every command and option, and its examples run."""
from __future__ import annotations

import re

import click
import pytest

from kg.cli import cli
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name):
    assert f"### `kg {name}" in README


@pytest.mark.parametrize(
    "name, option",
    [(name, opt) for name in COMMANDS for param in cli.commands[name].params if isinstance(param, click.Option)
     for opt in param.opts if opt.startswith("--")],
)
def test_every_option_is_documented(name, option):
    section = README.split(f"### `kg {name}", 1)[1].split("\n### ", 1)[0]
    assert option in section, f"{option} of kg {name} is not in its README section"


def test_the_two_commands_are_there():
    assert ".venv/bin/pip install . && .venv/bin/kg build seeds/ -o out/graph.ttl" in README
    assert ".venv/bin/pip install '.[test]' && .venv/bin/python -m pytest" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && .venv/bin/pip install --quiet '.[test]'" in ci


def test_readme_queries_examples_name_real_queries():
    from kg.sparql.query import library

    names = {q.name for q in library()}
    for name in re.findall(r"^\$ kg query ([a-z-]+)\s*$", README, flags=re.M):
        assert name in names
    listed = re.search(r"\$ kg queries\n(.*?)```", README, flags=re.S).group(1)
    assert {line.split()[0] for line in listed.splitlines() if line and not line.startswith(" ")} == names
