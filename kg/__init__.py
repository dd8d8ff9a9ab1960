"""kg: build an auditable RDF knowledge graph from French news articles.

The Python API behind the ``kg`` command::

    from kg import build_corpus, serialize, validate_files, query_files

    result = build_corpus(["seeds/"])
    data, triples = serialize(result.corpus, "ttl")

Importing ``kg`` is cheap: spaCy is loaded only when a build parses text.
"""
from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "build_corpus": "kg.build",
    "BuildResult": "kg.build",
    "read_articles": "kg.reader",
    "serialize": "kg.writer",
    "write_atomic": "kg.writer",
    "validate": "kg.validate",
    "validate_files": "kg.validate",
    "run_query": "kg.query",
    "query_files": "kg.query",
    "open_engine": "kg.query",
    "format_result": "kg.results",
    "python_value": "kg.results",
    "load_store": "kg.engines",
    "push": "kg.push",
    "export_graph": "kg.export",
    "build_report": "kg.report",
    "load_graph": "kg.graphio",
    "KgError": "kg.errors",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str):
    module_name = _API.get(name)
    if module_name is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
