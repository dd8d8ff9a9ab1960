"""The `$ kg …` examples of README.md and docs/*.md, run and checked (cog-style).

    python -m tests.readme_examples            # check: print a diff, exit 1 where a page drifted
    python -m tests.readme_examples --write    # rewrite each example's output with what kg prints today
    python -m tests.readme_examples docs/exports.md     # one page only

An example is a fenced block (```) whose first line starts with ``$ ``: each ``$ `` line is a
shell command (bash), the lines after it what it prints, standard output and standard error as
a terminal shows them (kg's tables; progress bars dropped). A block after an HTML comment
``<!-- not checked: REASON -->`` (a server, a corpus outside the repository) is left as it is.
A last output line ``…`` shows only the first lines: those are compared, the rest not.

The commands of a page run in order in one work folder of their own (a block may use what an
earlier one wrote: ``out/store``), a copy of the checkout's seeds/, ontology/, shapes/,
queries/, examples/ and tests/fixtures/, with out/graph.ttl and out/graph.trig built from the
seeds first (the page's own builds parse again: its cache, .kg-cache/, starts empty). ``kg`` is
``python -m kg`` of this checkout. What varies from run to run is normalized (SUBSTITUTIONS):
the work folder is shown as /work/kg and the home folder as /home/me (in commands too), and a
duration ("in 7.5 s") matches any duration: --write keeps the one the page shows.
"""
from __future__ import annotations

import argparse
import difflib
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["README.md", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "docs").glob("*.md"))]
COPIED = ["seeds", "ontology", "shapes", "queries", "examples", "tests/fixtures"]
PREBUILT = ["kg build seeds/ -o out/graph.ttl -q --cache-dir ../prebuilt-cache",
            "kg build seeds/ -o out/graph.trig -q --cache-dir ../prebuilt-cache"]
# where the pages say the examples run: the work folder and the home folder are shown as these
SHOWN_CWD = "/work/kg"
SHOWN_HOME = "/home/me"
DURATION = re.compile(r"(?<=\bin )\d+(?:\.\d+)? s\b")
NOT_CHECKED = re.compile(r"<!--\s*not checked:.*-->")
ELIDED = "…"
COMMAND_TIMEOUT_S = 600
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Command:
    line: str  # without the "$ "
    output: list[str] = field(default_factory=list)


@dataclass
class Example:
    start: int  # index of the block's first line (after the fence) in the page's lines
    end: int  # index of the closing fence
    commands: list[Command]


def examples(lines: list[str]) -> list[Example]:
    """The checked examples of a page, in order."""
    found, i = [], 0
    while i < len(lines):
        if not lines[i].startswith("```"):
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        before = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        body = lines[i + 1 : end]
        if body and body[0].startswith("$ ") and not NOT_CHECKED.search(before):
            commands: list[Command] = []
            for line in body:
                if line.startswith("$ "):
                    commands.append(Command(line[2:]))
                else:
                    commands[-1].output.append(line)
            found.append(Example(i + 1, end, commands))
        i = end + 1
    return found


def terminal_view(data: bytes) -> list[str]:
    """The lines a terminal shows for this output: a line redrawn with \\r shows its last state,
    click's progress bars (drawn with the cursor hidden) are dropped, as are colours."""
    lines = []
    for line in data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n"):
        if "\x1b[?25l" in line:
            continue
        # CSV ends its rows with \r\n: a \r before the end of the line erases nothing
        lines.append(ANSI.sub("", line.rstrip("\r").rsplit("\r", 1)[-1]).rstrip())
    while lines and not lines[-1]:
        lines.pop()
    return lines


class Workspace:
    """A work folder for one page, with `kg` on the PATH and the folders the examples name."""

    def __init__(self, template: Path, home: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kg-examples-", dir=template.parent))
        shutil.copytree(template, self.folder, dirs_exist_ok=True, symlinks=True)
        self.home = home
        self.env = shell_env(template.parent / "bin", home)

    def shown(self, text: str) -> str:
        return text.replace(str(self.home), SHOWN_HOME).replace(str(self.folder), SHOWN_CWD)

    def run(self, command: str) -> list[str]:
        command = command.replace(SHOWN_HOME, str(self.home)).replace(SHOWN_CWD, str(self.folder))
        return [self.shown(line) for line in run_on_terminal(command, self.folder, self.env)]


def shell_env(bin_dir: Path, home: Path) -> dict[str, str]:
    """An environment where `kg` is this checkout's `python -m kg`, with a home of its own."""
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "kg"
    if not shim.exists():
        shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m kg "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KG_CACHE", "PYTEST", "COV_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", HOME=str(home), PYTHONPATH=str(ROOT),
               COLUMNS="120", LINES="40", LC_ALL="C.UTF-8", PYTHONIOENCODING="utf-8")
    return env


def run_on_terminal(command: str, cwd: Path, env: dict[str, str], timeout: float = COMMAND_TIMEOUT_S) -> list[str]:
    """Run a bash command line with standard output and error on one pseudo-terminal."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                               stdout=terminal, stderr=terminal, start_new_session=True)
    os.close(terminal)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([controller], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                os.killpg(process.pid, signal.SIGKILL)
                raise TimeoutError(f"{command!r} ran past {timeout} s")
            try:
                data = os.read(controller, 65536)
            except OSError:  # EIO: every process holding the terminal has ended
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(controller)
        process.wait()
    return terminal_view(b"".join(chunks))


def _comparable(lines: list[str]) -> list[str]:
    return [DURATION.sub("… s", line) for line in lines]


def shown_output(expected: list[str], actual: list[str]) -> list[str]:
    """What the page should show: the page's own lines when they match what kg printed."""
    if expected and expected[-1] == ELIDED:
        head = actual[: len(expected) - 1]
        if len(actual) < len(expected) - 1:
            return actual
        return (expected[:-1] if _comparable(head) == _comparable(expected[:-1]) else head) + [ELIDED]
    return expected if _comparable(actual) == _comparable(expected) else actual


def refreshed(page: Path, template: Path, home: Path) -> str:
    """The page with each example's output as kg prints it today."""
    text = page.read_text(encoding="utf-8")
    lines = text.split("\n")
    found = examples(lines)
    if not found:
        return text
    workspace = Workspace(template, home)
    try:
        for example in reversed([(e, [shown_output(c.output, workspace.run(c.line)) for c in e.commands])
                                 for e in found]):
            block, outputs = example
            body = [line for command, output in zip(block.commands, outputs) for line in ["$ " + command.line, *output]]
            lines[block.start : block.end] = body
    finally:
        shutil.rmtree(workspace.folder, ignore_errors=True)
    return "\n".join(lines)


def prepare(base: Path) -> tuple[Path, Path]:
    """The template work folder (the copied folders and the prebuilt graphs) and a home folder."""
    template, home = base / "template", base / "home"
    home.mkdir()
    for name in COPIED:
        shutil.copytree(ROOT / name, template / name)
    env = shell_env(base / "bin", home)
    for command in PREBUILT:
        subprocess.run(["bash", "-c", command], cwd=template, env=env, check=True, capture_output=True)
    return template, home


def check(pages: list[str] | None = None, write: bool = False) -> list[str]:
    """A unified diff for each page whose examples drifted (rewritten in place with ``write``)."""
    diffs = []
    with tempfile.TemporaryDirectory(prefix="kg-examples-") as base:
        template, home = prepare(Path(base))
        for name in pages or PAGES:
            page = ROOT / name
            before = page.read_text(encoding="utf-8")
            after = refreshed(page, template, home)
            if after != before:
                diffs.append("".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True),
                                                          f"{name} (as written)", f"{name} (as kg prints today)")))
                if write:
                    page.write_text(after, encoding="utf-8")
            # a home of its own for each page: what one page's examples left there, the next does not see
            shutil.rmtree(home)
            home.mkdir()
    return diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.readme_examples", description=__doc__.split("\n")[0])
    parser.add_argument("pages", nargs="*", help=f"pages to check (default: {', '.join(PAGES)})")
    parser.add_argument("--write", action="store_true", help="rewrite the examples' output in place")
    args = parser.parse_args(argv)
    diffs = check(args.pages or None, write=args.write)
    for diff in diffs:
        sys.stdout.write(diff)
    if diffs and not args.write:
        print(f"\n{len(diffs)} page(s) show output kg no longer prints: run python -m tests.readme_examples --write",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
