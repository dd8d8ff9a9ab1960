"""SPARQL over built graphs: engines, the query library, results formats, the endpoint, push and update."""
