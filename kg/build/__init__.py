"""Build: read articles, parse them with spaCy, extract (kg.extract) and resolve (kg.resolve), with a cache of extractions."""
