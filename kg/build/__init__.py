"""Build: read articles, parse them with spaCy, extract (kg.extract) and resolve (kg.resolve), with a cache of extractions."""
from pathlib import Path

# the build's defaults, here so that the CLI shows them without importing the build
DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # a larger file is skipped
DEFAULT_CACHE_DIR = Path(".kg-cache")
