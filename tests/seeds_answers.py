"""The expected answer of every library query on the seeds graph, kept in
tests/data/seeds_query_answers.json: the rows, in order, as short text (IRIs
as nkgr:…, literals by their value).

tests/test_queries.py compares each query's answer with it. When extraction
changes the seeds graph, refresh the file and read the diff before committing
(each changed row is a change of what kg finds in the seeds):

    python -m tests.seeds_answers --write     # builds seeds/, writes the file
    git diff tests/data/seeds_query_answers.json

Without --write it prints the queries whose answer differs from the file.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ANSWERS = Path(__file__).resolve().parent / "data" / "seeds_query_answers.json"
# the values the queries that take parameters are asked with
PARAMS = {
    "attacks-on": {"target": "Ambassade Américaine"},  # any case, label or alias
    "events-of": {"entity": "nkgr:person_qassem-soleimani"},
    "events-near": {"lat": "33.3", "lon": "44.4", "km": "50"},  # Baghdad
    "events-in-box": {"south": "29", "west": "38.7", "north": "37.4", "east": "48.6"},  # Iraq
}


def cell(term) -> str | None:
    import pyoxigraph as ox

    from kg.rdf.prefixes import shorten

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.BlankNode):
        return "_:b"  # labels are the engine's
    return term.value


def answer(name: str, graph_path) -> dict:
    """The query's answer on ``graph_path``: its parameters, columns and rows."""
    from kg.sparql.query import query_files

    result = query_files(name, [graph_path], params=PARAMS.get(name))
    return {"params": PARAMS.get(name, {}), "columns": result.variables,
            "rows": [[cell(term) for term in row] for row in result.rows]}


def answers(graph_path) -> dict:
    from kg.sparql.query import library

    return {entry.name: answer(entry.name, graph_path) for entry in library()}


def expected() -> dict:
    data = json.loads(ANSWERS.read_text(encoding="utf-8"))
    data.pop("_about", None)
    return data


def write(found: dict) -> None:
    about = "Expected answers of the library queries on seeds/ (tests/seeds_answers.py says how to refresh them)."
    lines = ["{", f"  \"_about\": {json.dumps(about)},"]
    for number, (name, result) in enumerate(found.items()):
        rows = ",\n".join(f"    {json.dumps(row, ensure_ascii=False)}" for row in result["rows"])
        lines.append(f"  {json.dumps(name)}: {{\"params\": {json.dumps(result['params'], ensure_ascii=False)}, "
                     f"\"columns\": {json.dumps(result['columns'])}, \"rows\": [" + (f"\n{rows}\n  ]}}" if rows else "]}")
                     + ("," if number < len(found) - 1 else ""))
    lines.append("}")
    ANSWERS.write_text("\n".join(lines) + "\n", encoding="utf-8")  # a row a line: diffs show what changed


def main() -> int:
    import subprocess
    import tempfile

    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as folder:
        graph = Path(folder) / "graph.ttl"
        subprocess.run([sys.executable, "-m", "kg", "build", str(root / "seeds"), "-o", str(graph), "-q"], check=True)
        found = answers(graph)
    if "--write" in sys.argv:
        write(found)
        print(f"{len(found)} answers written to {ANSWERS}")
        return 0
    old = expected()
    changed = [name for name in found if old.get(name) != found[name]]
    print("\n".join(f"{name}: {len(found[name]['rows'])} rows, differs" for name in changed) or "every answer as in the file")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
