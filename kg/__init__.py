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
    "build_corpus": "kg.build.pipeline",
    "BuildResult": "kg.build.pipeline",
    "read_articles": "kg.build.reader",
    "serialize": "kg.rdf.writer",
    "write_atomic": "kg.rdf.writer",
    "validate": "kg.check.validate",
    "validate_files": "kg.check.validate",
    "run_query": "kg.sparql.query",
    "query_files": "kg.sparql.query",
    "open_engine": "kg.sparql.query",
    "format_result": "kg.sparql.results",
    "python_value": "kg.sparql.results",
    "load_store": "kg.sparql.engines",
    "push": "kg.sparql.push",
    "export_graph": "kg.publish.export",
    "build_report": "kg.publish.report",
    "load_graph": "kg.rdf.graphio",
    "KgError": "kg.errors",
}

__all__ = ["__version__", *sorted(_API)]


def __getattr__(name: str):
    module_name = _API.get(name)
    if module_name is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
