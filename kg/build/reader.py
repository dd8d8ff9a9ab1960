"""Read article files into :class:`kg.model.Article`, reporting what cannot be read.

Nothing here raises for a bad file: each one becomes a :class:`SkippedInput`
with a one-line reason, so that the rest of the corpus is still built.
"""
from __future__ import annotations

import calendar
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from . import DEFAULT_MAX_BYTES
from ..errors import KgError
from ..files import NotRegularFile, TooLarge, read_regular_file
from ..model import Article

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")

# A first line such as "date 2020-02" (or "date: 2020-02-16") is metadata,
# not text: it is excluded from parsing but offsets stay relative to the file.
_METADATA_DATE = re.compile(r"\A[ \t]*date[ \t]*:?[ \t]*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=\s|\Z)[ \t]*(?:\r?\n)?")

# Very frequent French function words: a text with almost none is not French.
_FRENCH_FUNCTION_WORDS = frozenset(
    "le la les l de des du d un une et est en dans que qui pour par sur au aux il elle ils "
    "elles a ont été pas ne n se s ce cette ces son sa ses leur leurs avec plus mais ou où "
    "qu c y à comme être avait sont après selon".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class SkippedInput:
    """A file that was not built, and why (one line, for the user)."""

    path: str
    reason: str


def find_article_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Expand files and folders (recursively, .txt files) into a sorted file list."""
    files: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, _dirs, names in os.walk(path, followlinks=False):
                for name in names:
                    if name.endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                        files.add(Path(root) / name)
        elif path.exists():  # a pipe or a device too: read_articles says why it is skipped
            files.add(path)
        else:
            raise KgError("E002", path=str(path))
    return sorted(files)


def parse_metadata_date(text: str) -> tuple[Optional[str], int]:
    """Return (lexical date, offset where the article text starts)."""
    match = _METADATA_DATE.match(text)
    if not match:
        return None, 0
    year, month, day = match.group(1), match.group(2), match.group(3)
    if month and not 1 <= int(month) <= 12:
        return None, 0
    if day and not 1 <= int(day) <= calendar.monthrange(int(year), int(month))[1]:
        return None, 0
    lexical = "-".join(part for part in (year, month, day) if part)
    return lexical, match.end()


def looks_french(text: str) -> bool:
    """True unless the text has words and almost none are French function words."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < 8:
        return True  # too short to judge: let it through
    hits = sum(1 for w in words if w in _FRENCH_FUNCTION_WORDS)
    return hits / len(words) >= 0.12


def article_identifier(path: Path) -> str:
    """The file name without its extension. A name whose bytes are not UTF-8 (an old
    archive's Latin-1 names) is decoded as the texts are, so that the identifier is
    text that every RDF syntax can write, not Python's surrogate escapes."""
    stem = path.stem
    try:
        stem.encode("utf-8")
    except UnicodeEncodeError:
        return decode_bytes(os.fsencode(stem))[0]
    return stem


def decode_bytes(data: bytes) -> tuple[str, str]:
    """UTF-8 (a BOM is dropped), else Windows-1252, else Latin-1: French text scraped
    from old sites is often one of the latter two. Returns (text, encoding)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # decodes any byte


_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<article|<p[\s>])", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr", "blockquote", "title"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2000]))


def html_to_text(markup: str) -> str:
    """The readable text of an HTML page: markup, scripts and styles removed, entities
    decoded, blocks on lines of their own. The result is the article's text: every
    offset kg writes counts in it (the file's sha256 still names the page)."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skipping = 0

        def handle_starttag(self, tag, attrs):
            if tag in _SKIPPED_TAGS:
                self.skipping += 1
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_endtag(self, tag):
            if tag in _SKIPPED_TAGS:
                self.skipping = max(self.skipping - 1, 0)
            elif tag in _BLOCK_TAGS:
                self.parts.append("\n")

        def handle_data(self, data):
            if not self.skipping:
                self.parts.append(data)

    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line) + "\n"


def decode_article(path: Path, data: bytes, check_language: bool = True) -> tuple[Optional[Article], Optional[str]]:
    """Decode bytes into an Article, or return the reason it cannot be one."""
    if not data.strip():
        return None, "empty file"
    if b"\x00" in data[:8192]:
        return None, "binary file (contains NUL bytes)"
    text, encoding = decode_bytes(data)
    media_type = "text/plain"
    if looks_like_html(text):
        text, media_type = html_to_text(text), "text/html"
        if not text.strip():
            return None, "HTML page with no text"
    date, body_start = parse_metadata_date(text)
    if not text[body_start:].strip():
        return None, "no text after the metadata line"
    if check_language and not looks_french(text[body_start:]):
        return None, "not French text (build it anyway with --any-language)"
    if date is None:  # "22 juin 2012. - …", "BAGDAD, 3 mars 2020 (AFP) - …": the dateline dates the article
        from ..timex import dateline_date

        date = dateline_date(text[body_start:])
    return (
        Article(
            identifier=article_identifier(path),
            text=text,
            sha256=hashlib.sha256(data).hexdigest(),
            body_start=body_start,
            date=date,
            encoding=encoding,
            media_type=media_type,
        ),
        None,
    )


STDIN = "-"
STDIN_NAME = "standard input"


def _stdin_article(max_bytes: int, check_language: bool) -> tuple[Optional[Article], Optional[str]]:
    """The article piped to standard input (``kg build -``): its identifier is
    ``stdin_`` and the start of its text's sha256, so that two piped articles
    stay two."""
    import dataclasses
    import sys

    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        return None, f"too large (more than {max_bytes} bytes)"
    article, reason = decode_article(Path("stdin"), data, check_language)
    if article is None:
        return None, reason
    return dataclasses.replace(article, identifier=f"stdin_{article.sha256[:16]}"), None


def read_articles(
    paths: Iterable[str | os.PathLike], max_bytes: int = DEFAULT_MAX_BYTES, check_language: bool = True
) -> tuple[list[Article], list[SkippedInput]]:
    """Read every article under ``paths`` (``-``: one article from standard input);
    return (articles sorted by identifier, skipped).

    ``check_language=False`` keeps texts that do not look French (the
    extractors are French rules: expect little from other languages)."""
    paths = list(paths)
    files = find_article_files([p for p in paths if str(p) != STDIN])
    skipped: list[SkippedInput] = []
    by_identifier: dict[str, tuple[Article, Path]] = {}
    stdin = [_stdin_article(max_bytes, check_language)] if any(str(p) == STDIN for p in paths) else []
    for path in [*stdin, *files]:
        if isinstance(path, tuple):  # standard input, read already
            article, reason = path
            path = Path(STDIN_NAME)
        else:
            try:
                data = read_regular_file(path, max_bytes)
            except NotRegularFile as err:
                skipped.append(SkippedInput(str(path), f"not a regular file ({err.kind})"))
                continue
            except TooLarge as err:
                size = f"{err.size} bytes" if err.size is not None else "more bytes"
                skipped.append(SkippedInput(str(path), f"too large ({size} > {max_bytes})"))
                continue
            except OSError as err:
                skipped.append(SkippedInput(str(path), f"unreadable ({err.strerror or err})"))
                continue
            article, reason = decode_article(path, data, check_language)
        if article is None:
            skipped.append(SkippedInput(str(path), reason or "unreadable"))
            continue
        previous = by_identifier.get(article.identifier)
        if previous is None:
            by_identifier[article.identifier] = (article, path)
            continue
        # Two files with one identifier: keep one chosen by content, not by the
        # order files were found, so that the output stays deterministic.
        kept, dropped = sorted([previous, (article, path)], key=lambda pair: (pair[0].sha256, str(pair[1])))
        by_identifier[article.identifier] = kept
        skipped.append(SkippedInput(str(dropped[1]), f"duplicate identifier {article.identifier!r} (kept {kept[1]})"))
    articles = [by_identifier[key][0] for key in sorted(by_identifier)]
    skipped.sort(key=lambda s: (s.path, s.reason))
    return articles, skipped
