"""Scoring kg against annotated corpora (``kg eval``): one module per corpus format."""
