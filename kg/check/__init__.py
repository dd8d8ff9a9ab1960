"""Check a graph: SHACL validation and OWL reasoning."""
