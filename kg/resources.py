"""Locate the files kg ships beside its code: ontology, shapes, queries, data."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Return the directory ``ontology``, ``shapes`` or ``queries``.

    An installed wheel carries them under ``kg/resources/``; a source checkout
    (editable install, tests) has them at the repository root.
    """
    for candidate in (_PACKAGE_DIR / "resources" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"kg resource directory {name!r} not found beside the package")


def data_path(name: str) -> Path:
    """Return a data file of the package (lexicons, gazetteers) under ``kg/data``."""
    return _PACKAGE_DIR / "data" / name


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of a TSV table of ``kg/data`` (header line first; ``#`` lines and blank lines are comments)."""
    import csv

    with data_path(name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def ontology_files() -> list[Path]:
    """The ontology's Turtle files, in a fixed order."""
    return sorted(resource_path("ontology").glob("*.ttl"))


@lru_cache(maxsize=None)
def ontology_graph():
    """The ontology as an rdflib Graph (parsed once per process)."""
    import rdflib

    graph = rdflib.Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph
