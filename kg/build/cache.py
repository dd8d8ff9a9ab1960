"""The extraction cache: one file per article, keyed by what the article is and
by everything that could change what kg extracts from it.

A rebuild after adding one article parses only that article; resolution then
runs over all of them, as it must (a new article can merge nodes). The key of
an entry is the article (identifier, sha256 of its bytes, how it was decoded)
and the *pipeline fingerprint*: kg's version, spaCy's and the model's
versions, and the bytes of every extractor module and lexicon table. Any change
there starts a fresh cache folder; folders of older fingerprints are removed.

The cache folder may have been tampered with, or be a folder of the user's
given by mistake, so:

- entries are JSON (``kg.build.codec``), which cannot run code when read, checked
  field by field and against the article (its text, every mention's quote);
  an entry that fails is a miss, parsed again and overwritten. Entries are
  read only as regular files, not through links, up to a size limit;
- the folder is kg's when its ``CACHEDIR.TAG`` is the one kg writes
  (bford.info/cachedir: backup tools skip it). kg takes only an empty or new
  folder; it refuses one that holds anything else (KgError E033);
- pruning deletes only what kg writes, by name and type: ``<fingerprint>/<2 hex>/<64 hex>.json``
  (and the ``.pickle`` entries of older kg versions) and its temporary files;
  anything else, and any folder still holding it, is left where it is.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import time
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .codec import from_json, to_json
from . import DEFAULT_CACHE_DIR
from ..errors import KgError
from ..files import read_regular_file, write_bytes_atomic
from ..model import Article, Mention

_PACKAGE = Path(__file__).resolve().parents[1]  # kg/
# the code and data that decide what an article's extraction is
_PIPELINE_SOURCES = ("extract", "timex", "data", "model.py", "names.py", "vocabulary.py", "unionfind.py",
                     "build/reader.py", "build/nlp.py", "build/cache.py", "build/codec.py")
TAG = b"Signature: 8a477f597d28d172789f06886806bc55\n# kg's extraction cache: safe to delete.\n"
FORMAT = "kg-extraction/1"
# What kg writes, and so all that prune() may delete (tempfile's random names are 8 of [a-z0-9_]).
_FINGERPRINT_NAME = re.compile(r"[0-9a-f]{20}\Z")
_SHARD_NAME = re.compile(r"[0-9a-f]{2}\Z")
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.(?:json|pickle)\Z")
_TEMP_NAME = re.compile(r"\.(?:[0-9a-f]{64}\.json\.)?[a-z0-9_]{8}\.tmp\Z")
_STALE_SECONDS = 3600  # a temporary file this old was left by a killed build, not one still writing
_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """A digest of everything an extraction depends on besides the article."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
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


def is_kg_cache(root: str | os.PathLike) -> bool:
    """Whether ``root`` carries the CACHEDIR.TAG that kg writes (a regular file, not a link)."""
    try:
        return read_regular_file(Path(root) / "CACHEDIR.TAG", len(TAG), follow_links=False) == TAG
    except OSError:
        return False


def _matches(extraction, article: Article, built: list) -> bool:
    """The entry is of this article, and every mention in it (``built``: what its
    decoding made) quotes the text where it says."""
    if extraction.article != article:
        return False
    text, identifier = article.text, article.identifier
    return all(m.article_id == identifier and 0 <= m.start <= m.end <= len(text) and text[m.start:m.end] == m.quote
               for m in {m for m in built if type(m) is Mention})


class ExtractionCache:
    """Read and write extractions under ``root/<fingerprint>/``; ``open()`` it first."""

    def __init__(self, root: str | os.PathLike = DEFAULT_CACHE_DIR, fingerprint: Optional[str] = None) -> None:
        self.root = Path(root)
        self.fingerprint = fingerprint or pipeline_fingerprint()
        self.folder = self.root / self.fingerprint
        self.hits = 0
        self.misses = 0
        self._opened = False

    def open(self) -> "ExtractionCache":
        """Take the folder: create it with kg's tag, or check that it is kg's.

        Raises KgError E033 for a folder that holds anything and is not kg's
        cache, or a path that is not a folder: nothing of the user's is ever
        written over or pruned. A folder that cannot be created is no error
        (the build only takes longer: every entry is a miss).
        """
        self._opened = True
        if is_kg_cache(self.root):
            return self
        if self.root.exists() or self.root.is_symlink():
            if not self.root.is_dir():
                raise KgError("E033", path=str(self.root), detail="it is not a folder")
            try:
                used = any(self.root.iterdir())
            except OSError as err:
                raise KgError("E033", path=str(self.root), detail=f"it cannot be read ({err.strerror or err})") from err
            if used:
                raise KgError("E033", path=str(self.root), detail=(
                    "it is not empty and holds no kg cache (no CACHEDIR.TAG written by kg): "
                    "name a new or empty folder with --cache-dir, or build with --no-cache"))
        try:
            write_bytes_atomic(self.root / "CACHEDIR.TAG", TAG)
        except OSError:
            pass  # an unwritable cache only costs time
        return self

    def _path(self, article: Article) -> Path:
        key = article_key(article)
        return self.folder / key[:2] / f"{key}.json"

    def get(self, article: Article):
        """The cached extraction of ``article``, or None (also for a missing, foreign or broken entry)."""
        from ..model import ArticleExtraction

        path = self._path(article)
        # an entry holds the text, JSON-escaped, and quotes of it: far less than this
        limit = 64 * len(article.text.encode("utf-8", "surrogatepass")) + (16 << 20)
        try:
            entry = json.loads(read_regular_file(path, limit, follow_links=False))
            if type(entry) is not dict or entry.keys() != {"format", "extraction"} or entry["format"] != FORMAT:
                raise ValueError("not a kg cache entry")
            built: list = []
            extraction = from_json(ArticleExtraction, entry["extraction"], built)
        except (OSError, ValueError, RecursionError):  # missing, truncated, foreign, tampered with
            self.misses += 1
            return None
        if not _matches(extraction, article, built):
            self.misses += 1
            return None
        self.hits += 1
        return extraction

    def put(self, extraction) -> None:
        if not self._opened:
            self.open()  # never write into a folder that is not kg's
        entry = {"format": FORMAT, "extraction": to_json(extraction)}
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        try:
            write_bytes_atomic(self._path(extraction.article), data.encode("utf-8", "surrogatepass"), durable=False)
        except OSError:
            pass  # a cache that cannot be written only costs time: the build goes on

    def prune(self) -> None:
        """Remove the entries of other fingerprints (older kg or model versions), and
        temporary files left by killed builds; only in kg's own folder, only kg's files."""
        if not is_kg_cache(self.root):
            return
        try:
            root_fd = os.open(self.root, _DIR_FLAGS & ~getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return
        try:
            for child in os.scandir(root_fd):
                if _FINGERPRINT_NAME.match(child.name) and child.is_dir(follow_symlinks=False):
                    _sweep(root_fd, child.name, entries=child.name != self.fingerprint)
        except OSError:
            pass
        finally:
            os.close(root_fd)


def _sweep(root_fd: int, name: str, entries: bool) -> None:
    """Delete kg's files in the fingerprint folder ``name`` (entries too when ``entries``,
    then the folders they leave empty). Folders are opened relative to their parent and
    never through a link, so nothing outside the cache is reached."""
    stale = time.time() - _STALE_SECONDS
    folder = os.open(name, _DIR_FLAGS, dir_fd=root_fd)
    try:
        for shard in os.scandir(folder):
            if not (_SHARD_NAME.match(shard.name) and shard.is_dir(follow_symlinks=False)):
                continue
            shard_fd = os.open(shard.name, _DIR_FLAGS, dir_fd=folder)
            try:
                for item in os.scandir(shard_fd):
                    try:
                        if not item.is_file(follow_symlinks=False):
                            continue
                        temp = _TEMP_NAME.match(item.name) and (entries or item.stat(follow_symlinks=False).st_mtime < stale)
                        if temp or (entries and _ENTRY_NAME.match(item.name)):
                            os.unlink(item.name, dir_fd=shard_fd)
                    except OSError:
                        continue  # gone meanwhile, or not ours to delete
            finally:
                os.close(shard_fd)
            if entries:
                _remove_if_empty(shard.name, folder)
    finally:
        os.close(folder)
    if entries:
        _remove_if_empty(name, root_fd)


def _remove_if_empty(name: str, dir_fd: int) -> None:
    try:
        os.rmdir(name, dir_fd=dir_fd)
    except OSError:
        pass  # something not kg's is in it: it stays
