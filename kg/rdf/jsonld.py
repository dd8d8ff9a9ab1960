"""The graph as JSON-LD with a compact ``@context`` for the contract vocabulary:
what ``kg build -f jsonld`` and ``kg export -f jsonld`` write; same graph, same bytes."""
from __future__ import annotations

import json

from rdflib import Graph

from .canonical import stable_blank_nodes
from .prefixes import QUERY_PREFIXES


_ID, _COUNT = "@id", "xsd:nonNegativeInteger"


def _jsonld_context() -> dict:
    context: dict = {prefix: QUERY_PREFIXES[prefix] for prefix in
                     ("nkg", "nkgr", "prov", "dcterms", "skos", "rdf", "rdfs", "xsd", "owl", "wd")}
    for cls in (
        "Article", "Mention", "Actor", "Person", "Organization", "ArmedGroup", "MediaOutlet", "AnonymousSource",
        "Place", "Country", "City", "Facility", "Area", "Event", "Attack", "RocketAttack", "AirStrike", "Bombing",
        "Killing", "Protest", "Deployment", "Withdrawal", "Truce", "Vote", "Claim", "Discrepancy",
    ):
        context[cls] = f"nkg:{cls}"
    context["Statement"] = "rdf:Statement"
    for prop in (
        "inArticle", "agent", "target", "place", "killed", "killedBy", "orderedBy", "participant", "claimant",
        "claimType", "accused", "about", "reportedBy", "memberOf", "leaderOf", "affiliatedWith", "locatedIn",
        "discrepancyOf", "onProperty", "conflictingStatement",
    ):
        context[prop] = {_ID: f"nkg:{prop}", "@type": _ID}
    for prop in ("start", "end", "textLength", "fatalities", "injuries", "projectiles", "troops"):
        context[prop] = {_ID: f"nkg:{prop}", "@type": _COUNT}
    for prop in ("date", "quote", "sha256", "text", "encoding", "statement", "role", "hedged", "negated", "resolutionNote"):
        context[prop] = {_ID: f"nkg:{prop}"}
    context.update({
        "label": {_ID: "rdfs:label"},
        "altLabel": {_ID: "skos:altLabel"},
        "identifier": {_ID: "dcterms:identifier"},
        "language": {_ID: "dcterms:language"},
        "title": {_ID: "dcterms:title"},
        "wasDerivedFrom": {_ID: "prov:wasDerivedFrom", "@type": _ID},
        "sameAs": {_ID: "owl:sameAs", "@type": _ID},
        "subject": {_ID: "rdf:subject", "@type": _ID},
        "predicate": {_ID: "rdf:predicate", "@type": _ID},
        "object": {_ID: "rdf:object"},
    })
    return context


# The @context of kg's JSON-LD: the prefixes, and a short term for each class and
# property of the contract vocabulary (IRIs typed as such, counts as xsd:nonNegativeInteger).
JSONLD_CONTEXT = _jsonld_context()


def _sort_key(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _canonical(value, key: str | None = None):
    """Sort what JSON-LD leaves unordered (nodes, types, property values); keep @list order."""
    if isinstance(value, dict):
        return {k: _canonical(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return items if key == "@list" else sorted(items, key=_sort_key)
    return value


def to_jsonld(graph: Graph) -> str:
    """The whole graph as JSON-LD with :data:`JSONLD_CONTEXT` inline; parses back to the same graph."""
    graph = stable_blank_nodes(graph)  # stable blank node labels: same graph, same bytes
    data = json.loads(graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True))
    if isinstance(data, list):  # rdflib leaves an empty graph uncompacted
        data = {"@context": JSONLD_CONTEXT, "@graph": data}
    return json.dumps(_canonical(data), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
