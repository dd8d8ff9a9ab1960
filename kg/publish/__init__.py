"""Publish a graph for people and other tools: exports, the static report, ontology docs, explain."""
