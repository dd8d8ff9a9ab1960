"""The package's layout: stages in folders, each module importing only another's public names.

A name with a leading underscore is private to its module: what another module
needs is public API of the module that defines it.
"""
import ast
import importlib
from pathlib import Path

import pytest

import kg

KG = Path(kg.__file__).resolve().parent
MODULES = sorted(p for p in KG.rglob("*.py") if "__pycache__" not in p.parts)
KNOWN: set = set()  # (importer, module, private name) pairs allowed for now: none


def module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path):
    """(module imported, names imported from it) for every import in ``path``, relative ones resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            yield target, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(KG)))
def test_no_module_imports_another_modules_private_names(path):
    importer = module_name(path)
    crossing = [f"from {target} import {name}" for target, names in imports(path) if target.startswith("kg")
                for name in names if name.startswith("_") and not name.startswith("__") and target != importer
                and (importer, target, name) not in KNOWN]
    assert not crossing, f"{importer} reaches into private names of another module: {crossing}"


def test_resolve_imports_neither_extract_nor_rdf():
    reached = {target for path in (KG / "resolve").rglob("*.py") for target, _ in imports(path)}
    assert not {t for t in reached if t.startswith(("kg.extract", "kg.rdf"))}


@pytest.mark.parametrize("folder", ["build", "extract", "resolve", "rdf", "check", "sparql", "publish"])
def test_each_stage_is_a_folder(folder):
    assert (KG / folder / "__init__.py").is_file()


def test_rdf_sparql_and_publishing_modules_sit_in_their_folders():
    top = {p.stem for p in KG.glob("*.py")}
    assert not top & {"rdfmap", "writer", "graphio", "namespaces", "prefixes", "engines", "query", "results", "serve",
                      "push", "update", "export", "report", "explain", "ontology_docs", "validate", "reason"}


@pytest.mark.parametrize("name", kg.__all__)
def test_the_public_api_still_answers(name):
    """`from kg import X` for each name of kg.__all__, through the module that defines it."""
    assert getattr(kg, name) is not None
    if name != "__version__":
        assert getattr(importlib.import_module(kg._API[name]), name) is getattr(kg, name)


def test_the_public_api_names_are_those_of_before_the_layout():
    assert kg.__all__ == ["__version__", "BuildResult", "KgError", "build_corpus", "build_report", "export_graph",
                          "format_result", "load_graph", "load_store", "open_engine", "push", "python_value",
                          "query_files", "read_articles", "run_query", "serialize", "validate", "validate_files",
                          "write_atomic"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(KG)))
def test_every_import_names_a_module_that_exists(path):
    """Imports inside functions too, which no import of the module would run."""
    import importlib.util

    missing = [target for target, _names in imports(path) if target.startswith("kg") and importlib.util.find_spec(target) is None]
    assert not missing, f"{module_name(path)} imports modules that do not exist: {missing}"


# What each stage may import besides the shared modules at the top of kg/ (model,
# names, vocabulary, errors, files, resources, geo…): the arrows run one way, down.
STAGE_IMPORTS = {
    "build": {"extract", "resolve", "timex"},  # the pipeline runs the stages
    "extract": {"timex"},
    "resolve": set(),
    "timex": set(),
    "rdf": set(),
    "check": {"rdf"},
    "sparql": {"rdf"},
    "publish": {"check", "rdf"},  # the report shows the validation
    "evaluation": {"build", "rdf", "timex"},
}


def test_stages_import_only_the_stages_below_them():
    crossing = set()
    for path in MODULES:
        parts = module_name(path).split(".")
        if len(parts) < 2 or parts[1] not in STAGE_IMPORTS:
            continue
        for target, _names in imports(path):
            other = target.split(".")
            if len(other) > 1 and other[0] == "kg" and other[1] in STAGE_IMPORTS and other[1] != parts[1] \
                    and other[1] not in STAGE_IMPORTS[parts[1]]:
                crossing.add(f"{module_name(path)} imports {target}")
    assert not crossing, sorted(crossing)
