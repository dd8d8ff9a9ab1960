"""The extraction cache: one file per article, keyed by what the article is and
by everything that could change what kg extracts from it.

A rebuild after adding one article parses only that article; resolution then
runs over all of them, as it must (a new article can merge nodes). The key of
an entry is the article (identifier, sha256 of its bytes, how it was decoded)
and the *pipeline fingerprint*: kg's version, spaCy's and the model's
versions, and the bytes of every extractor module and lexicon table. Any change
there starts a fresh cache folder; folders of older fingerprints are removed.

Entries are pickles written by kg itself, each atomically: the cache folder is
local working data, not something to accept from others.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .model import Article

DEFAULT_CACHE_DIR = Path(".kg-cache")
_PACKAGE = Path(__file__).resolve().parent
# the code and data that decide what an article's extraction is
_PIPELINE_SOURCES = ("extract", "timex", "data", "model.py", "reader.py", "names.py", "nlp.py", "cache.py")


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """A digest of everything an extraction depends on besides the article."""
    from importlib.metadata import PackageNotFoundError, version

    from . import __version__
    from .nlp import MODEL_NAME

    def installed(package: str) -> str:
        try:
            return version(package)
        except PackageNotFoundError:
            return "none"

    # package versions, not the loaded model: a build served from the cache never loads spaCy
    versions = f"kg {__version__}\nspacy {installed('spacy')}\n{MODEL_NAME} {installed(MODEL_NAME.replace('_', '-'))}\n"
    digest = hashlib.sha256(versions.encode())
    for name in _PIPELINE_SOURCES:
        root = _PACKAGE / name
        files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".tsv", ".csv", ".txt")) if root.is_dir() else [root]
        for path in files:
            digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def article_key(article: Article) -> str:
    fields = (article.identifier, article.sha256, article.encoding, article.media_type, str(article.body_start), article.date or "")
    return hashlib.sha256("\0".join(fields).encode("utf-8")).hexdigest()


class ExtractionCache:
    """Read and write extractions under ``root/<fingerprint>/``."""

    def __init__(self, root: str | os.PathLike = DEFAULT_CACHE_DIR, fingerprint: Optional[str] = None) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint or pipeline_fingerprint()
        self.folder = self.root / self.fingerprint
        self.hits = 0
        self.misses = 0

    def _path(self, article: Article) -> Path:
        key = article_key(article)
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, article: Article):
        """The cached extraction of ``article``, or None (also for an unreadable entry)."""
        path = self._path(article)
        try:
            with path.open("rb") as handle:
                extraction = pickle.load(handle)
        except FileNotFoundError:
            self.misses += 1
            return None
        except Exception:  # a truncated or foreign entry: parse again, and overwrite it
            self.misses += 1
            return None
        if getattr(extraction, "article", None) != article:
            self.misses += 1
            return None
        self.hits += 1
        return extraction

    def put(self, extraction) -> None:
        path = self._path(extraction.article)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tag = self.root / "CACHEDIR.TAG"
            if not tag.exists():  # backup tools skip folders with this tag (bford.info/cachedir)
                tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# kg's extraction cache: safe to delete.\n")
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(extraction, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time: the build goes on

    def prune(self) -> None:
        """Remove the folders of other fingerprints (older kg or model versions)."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.is_dir() and child.name != self.fingerprint and len(child.name) == len(self.fingerprint):
                shutil.rmtree(child, ignore_errors=True)
