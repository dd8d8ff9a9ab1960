"""Every user-facing error of kg, as a named code with a full sentence.

Raised in one place each, tested by code (the style of spaCy's ``Errors``).
The CLI prints ``Error [CODE]: message`` and exits 2, never a traceback.
"""
from __future__ import annotations


class Errors:
    E001 = "No article could be built: {detail}"
    E002 = "Input path does not exist: {path}"
    E003 = "The spaCy model {model!r} is not installed. Install kg with its dependencies (pip install .) to get it."
    E010 = "Cannot read graph {path}: {detail}"
    E011 = "Unknown RDF format for {path}: use a .ttl, .nt, .nq, .trig, .jsonld or .rdf/.owl file."
    E012 = "Cannot read shapes from {path}: {detail}"
    E014 = "No node {iri!r} in the graph, by IRI or by name: check it (e.g. nkgr:person_qassem-soleimani or \"Qassem Soleimani\"; `kg query persons` lists persons)."
    E019 = "{count} nodes are named {name!r}: {candidates}. Give one of these IRIs."
    E016 = "Unknown RDF syntax {name!r}: use one of {choices}."
    E017 = "Standard input (-) has no file name to tell its RDF syntax: give --syntax (one of {choices})."
    E018 = "Bad base IRI {iri!r}: {detail}."
    E043 = "The SHACL engine {engine} cannot validate: {detail}"
    E015 = "Cannot use the gazetteer {path}: {detail}"
    E013 = "No graph given and no default graph at {path}: run `kg build` first or name a graph file."
    E020 = "Query not found: {query!r} is neither a .rq file, a query name in {library}, nor SPARQL text."
    E021 = "The SPARQL query does not parse: {detail}"
    E022 = "The query failed: {detail}"
    E023 = "No Oxigraph store at {path}: fill one with `kg load GRAPH --store {path}` first."
    E024 = "Cannot open the store {path}: {detail}"
    E025 = "The SPARQL endpoint {url} failed: {detail}"
    E026 = "Bad query parameter: {detail}"
    E027 = "The upload to {url} failed: {detail}"
    E028 = "Cannot serve on {host}:{port}: {detail}"
    E029 = "Cannot push {path}: {detail}"
    E030 = "Cannot write {path}: {detail}"
    E031 = "Unknown output format {fmt!r}; choose one of {choices}."
    E044 = "Unknown SPARQL engine {engine!r}; choose one of {choices}."
    E037 = "A {form} query answers {answer}: the format {fmt!r} does not apply; choose one of {choices}."
    E038 = "Cannot write the answer as {fmt}: {detail}"
    E036 = "{source} is SPARQL Update, not a query: run it with `kg update` (on a store of `kg load` or an endpoint)."
    E039 = "Cannot tell what to write to {path}: {detail}."
    E041 = "{source} is a SPARQL query, not an update: run it with `kg query`."
    E042 = "Update not found: {update!r} is neither a .ru file nor SPARQL Update text (INSERT, DELETE, LOAD, CLEAR…)."
    E032 = "The distributed build failed: {detail}"
    E033 = "Cannot use {path} as the cache folder: {detail}."
    E035 = "The query is refused: {detail}."
    E034 = "The query was stopped: {detail}."
    E040 = "Unknown export format {fmt!r}; choose one of {choices}."
    E050 = "Cannot write the report to {path}: {detail}"
    E051 = "{path} is not empty and holds no kg report (no kg-report.json): give a new or empty folder, or remove it."
    E060 = "Cannot read the gold file {path} (line {line}): {detail}"
    E052 = "Cannot read the validation report {path}: {detail} (write it with `kg validate GRAPH --format json > FILE`)."
    E060 = "Cannot read the TimeML document {path}: {detail}"
    E061 = "No TimeML documents (.tml files) in {path}: give the folder of a TimeML corpus such as the French TimeBank."
    E062 = "Bad reference date {value!r}: give YYYY-MM-DD, YYYY-MM or YYYY."


class KgError(Exception):
    """An error the user can act on; ``code`` names the entry in :class:`Errors`."""

    def __init__(self, code: str, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(getattr(Errors, code).format(**details))

    def __reduce__(self):  # so that it crosses from a worker process (kg.sparql.sandbox) whole
        return _restore, (self.code, self.details)


def _restore(code: str, details: dict) -> KgError:
    return KgError(code, **details)
