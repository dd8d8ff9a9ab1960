"""Actors, places and events as a GraphML network, for Gephi and Cytoscape."""
from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from ...rdf.canonical import stable_blank_nodes
from ...rdf.namespaces import NKG
from .events import ClassTree, class_tree, event_rows, has_class, local_name, node_label


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NODE_KEYS = (  # id, attr.name, attr.type
    ("label", "label", "string"), ("type", "type", "string"), ("category", "category", "string"),
    ("date", "date", "string"), ("event_type", "event_type", "string"),
    ("sub_event_type", "sub_event_type", "string"), ("fatalities", "fatalities", "int"),
    ("injuries", "injuries", "int"),
)
_EDGE_KEYS = (("edge_label", "label", "string"), ("property", "property", "string"))


def _xml_text(text: str) -> str:
    return escape(_XML_INVALID.sub("", text))


def _xml_attr(text: str) -> str:
    return quoteattr(_XML_INVALID.sub("", text))


def _node_id(node) -> str:
    return node.n3() if isinstance(node, BNode) else str(node)


def _category(graph: Graph, vocabulary: ClassTree, node) -> str | None:
    if has_class(graph, vocabulary, node, NKG.Event):
        return "event"
    if has_class(graph, vocabulary, node, NKG.Country):
        return "country"  # both an actor and a place
    if has_class(graph, vocabulary, node, NKG.Actor):
        return "actor"
    if has_class(graph, vocabulary, node, NKG.Place):
        return "place"
    return None


def to_graphml(graph: Graph) -> str:
    """Actors, places and events as GraphML nodes (id = IRI), the links between them as edges.

    Node attributes: label, type (most specific class), category (event, actor,
    place, country); events also date, event_type, sub_event_type, fatalities,
    injuries as in the events CSV. Edge attribute label is the property's local
    name (agent, target, place, killed, locatedIn…), property its IRI.
    """
    graph = stable_blank_nodes(graph)
    vocabulary = class_tree(graph)
    nodes: dict = {}
    for node in set(graph.subjects(RDF.type, None)):
        if isinstance(node, (URIRef, BNode)):
            category = _category(graph, vocabulary, node)
            if category is not None:
                nodes[node] = category
    events = {row.iri: row for row in event_rows(graph)}
    edges = set()
    for source in nodes:
        for prop, target in graph.predicate_objects(source):
            if prop in (RDF.type, NKG.location) or target not in nodes:
                continue  # nkg:location repeats a place or its container: the map's, not a link
            if prop == NKG.killedBy:  # kg writes it both ways: one edge, event → person
                edges.add((_node_id(target), str(NKG.killed), _node_id(source)))
            else:
                edges.add((_node_id(source), str(prop), _node_id(target)))

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    lines += [f'  <key id="{k}" for="node" attr.name="{name}" attr.type="{kind}"/>' for k, name, kind in _NODE_KEYS]
    lines += [f'  <key id="{k}" for="edge" attr.name="{name}" attr.type="{kind}"/>' for k, name, kind in _EDGE_KEYS]
    lines.append('  <graph id="kg" edgedefault="directed">')
    for node in sorted(nodes, key=_node_id):
        cls = vocabulary.most_specific(graph.objects(node, RDF.type))
        data = {"label": node_label(graph, node), "type": local_name(cls), "category": nodes[node]}
        row = events.get(node)
        if row is not None:
            data.update(
                date=row.event_date, event_type=row.event_type, sub_event_type=row.sub_event_type,
                fatalities=row.fatalities, injuries=row.injuries,
            )
        lines.append(f"    <node id={_xml_attr(_node_id(node))}>")
        lines += [
            f'      <data key="{key}">{_xml_text(data[key])}</data>' for key, _n, _t in _NODE_KEYS if data.get(key)
        ]
        lines.append("    </node>")
    for number, (source, prop, target) in enumerate(sorted(edges)):
        lines.append(f'    <edge id="e{number}" source={_xml_attr(source)} target={_xml_attr(target)}>')
        lines.append(f'      <data key="edge_label">{_xml_text(local_name(prop))}</data>')
        lines.append(f'      <data key="property">{_xml_text(prop)}</data>')
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)
