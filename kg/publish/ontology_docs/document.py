"""A small document model (headings, paragraphs, fields, trees, tables, code) that
the ontology page is made of, rendered to Markdown or HTML by ``render``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Ref:
    """A term of the page: code text linking to its anchor."""

    text: str
    anchor: str


@dataclass(frozen=True)
class Url:
    text: str
    href: str


Inline = Union[Text, Code, Ref, Url]


@dataclass
class Heading:
    level: int
    text: str
    anchor: Optional[str] = None


@dataclass
class Para:
    inlines: list


@dataclass
class Fields:
    """A list of "name: value" lines."""

    rows: list  # of (name, [Inline])


@dataclass
class TreeNode:
    inlines: list
    children: list = field(default_factory=list)


@dataclass
class Tree:
    nodes: list


@dataclass
class Table:
    header: list  # of str
    rows: list  # of [[Inline], ...]


@dataclass
class CodeBlock:
    lang: str
    text: str


Block = Union[Heading, Para, Fields, Tree, Table, CodeBlock]
