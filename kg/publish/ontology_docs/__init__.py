"""Render the OWL ontology as a reference page for people: Markdown or self-contained HTML.

``ontology_markdown()`` reads the ontology graph (by default the one kg ships,
``kg.resources.ontology_graph()``) and writes one page: header, contents,
prefixes, alignments with external vocabularies, the class tree, then every
class, property and named individual with its French and English labels,
comments, domain, range and links. ``write_ontology_docs()`` writes it to a
file, as Markdown or as HTML with the same content. The output depends on the
graph alone and is sorted, so the same ontology always gives the same bytes.
"""
from __future__ import annotations

import os
from typing import Optional, Union

import rdflib

from ...files import write_bytes_atomic
from .owl import EXAMPLES, PREFIXES, OntologyPage, qname
from .render import render_html, render_markdown

FORMATS = ("md", "html")
SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def _default_graph(graph: Optional[rdflib.Graph]) -> rdflib.Graph:
    if graph is not None:
        return graph
    from ...resources import ontology_graph

    return ontology_graph()


def ontology_markdown(graph: Optional[rdflib.Graph] = None) -> str:
    """The ontology (default: the one kg ships) as a Markdown page."""
    _title, blocks = OntologyPage(_default_graph(graph)).blocks()
    return render_markdown(blocks)


def ontology_html(graph: Optional[rdflib.Graph] = None) -> str:
    """The same page as a self-contained HTML document (no external resources)."""
    title, blocks = OntologyPage(_default_graph(graph)).blocks()
    return render_html(blocks, title)


def write_ontology_docs(path: Union[str, os.PathLike], fmt: str = "md", graph: Optional[rdflib.Graph] = None) -> None:
    """Write the ontology's page to ``path`` as Markdown (``fmt="md"``) or HTML (``fmt="html"``)."""
    if fmt == "md":
        text = ontology_markdown(graph)
    elif fmt == "html":
        text = ontology_html(graph)
    else:
        raise ValueError(f"unknown format {fmt!r}: use 'md' or 'html'")
    write_bytes_atomic(path, text.encode("utf-8"))


__all__ = ["EXAMPLES", "FORMATS", "PREFIXES", "SUFFIX_FORMATS", "ontology_html", "ontology_markdown", "qname", "write_ontology_docs"]
