"""RDF plumbing: the model mapped to RDF, prefixes and namespaces, writing and reading graph files."""
