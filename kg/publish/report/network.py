"""The data of the network view: actors, places and events, and the links between them.

Written as script files that call ``kgNetShard(k, nodes)`` (file:// pages may
not fetch JSON). Each node carries its own neighbours, so that the view loads
only the shard of the node it shows: a large graph is explored one
neighbourhood at a time, a small one is drawn whole.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ...rdf.namespaces import NKG
from .model import EVENT_ROLES, RELATION_NAMES, RELATIONS, ROLE_NAMES, GraphView

SHARD_SIZE = 250
MAX_NEIGHBOURS = 300  # per node: the most connected first


@dataclass
class NetworkData:
    index: dict  # window.KG_NET
    shards: list[list]  # each: [[idx, label, kind, category, url, degree, neighbours], ...]


def network(view: GraphView, full_limit: int = 300) -> NetworkData:
    nodes = [n for n in view.nodes.values() if n.category in ("entity", "event")]
    nodes.sort(key=lambda n: (n.category, str(n.iri)))
    index = {n.iri: i for i, n in enumerate(nodes)}
    links: dict[int, set[tuple[int, str, int]]] = defaultdict(set)  # node → (other, label, 1 if outgoing)

    def link(a, b, label):
        if a in index and b in index and a != b:
            links[index[a]].add((index[b], label, 1))
            links[index[b]].add((index[a], label, 0))

    g = view.graph
    for p in EVENT_ROLES:
        for event, entity in g.subject_objects(p):
            link(event, entity, ROLE_NAMES[p])
    for p in RELATIONS:
        if p == NKG.role:
            continue
        for s, o in g.subject_objects(p):
            link(s, o, RELATION_NAMES[p])
    for claim in g.subjects(NKG.claimType, NKG.Accusation):
        for claimant in g.objects(claim, NKG.claimant):
            for accused in g.objects(claim, NKG.accused):
                link(claimant, accused, "accuses")
    degree = [len({other for other, _l, _o in links[i]}) for i in range(len(nodes))]

    def record(i):
        n = nodes[i]
        return [i, n.label, n.kind, n.category, n.page, degree[i]]

    shards: list[list] = []
    for i, n in enumerate(nodes):
        neighbours = sorted(links[i], key=lambda t: (-degree[t[0]], t[0], t[1], t[2]))[:MAX_NEIGHBOURS]
        entry = record(i) + [[record(j)[:6] + [label, out] for j, label, out in neighbours]]
        if i % SHARD_SIZE == 0:
            shards.append([])
        shards[-1].append(entry)
    start = max(range(len(nodes)), key=lambda i: (degree[i], -i)) if nodes else 0
    data = {
        "nodes": len(nodes),
        "edges": sum(len(v) for v in links.values()) // 2,
        "shardSize": SHARD_SIZE,
        "shards": len(shards),
        "full": len(nodes) <= full_limit,
        "start": start,
        "maxNeighbours": MAX_NEIGHBOURS,
    }
    return NetworkData(data, shards)


def node_numbers(view: GraphView) -> dict:
    """Node IRI → its number in the network view (for links from the pages)."""
    nodes = [n for n in view.nodes.values() if n.category in ("entity", "event")]
    nodes.sort(key=lambda n: (n.category, str(n.iri)))
    return {n.iri: i for i, n in enumerate(nodes)}
