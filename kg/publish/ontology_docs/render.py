"""The ontology page's blocks (``document``) as Markdown or as a self-contained HTML page."""
from __future__ import annotations

import html
import re
from typing import Iterable

from .document import Code, CodeBlock, Fields, Heading, Inline, Para, Ref, Table, Text, Tree


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_code(text: str) -> str:
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _md_inline(inlines: Iterable[Inline]) -> str:
    out = []
    for item in inlines:
        if isinstance(item, Text):
            out.append(_md_text(item.text))
        elif isinstance(item, Code):
            out.append(_md_code(item.text))
        elif isinstance(item, Ref):
            out.append(f"[{_md_code(item.text)}](#{item.anchor})")
        else:
            out.append(f"[{_md_text(item.text)}]({item.href})")
    return "".join(out)


def render_markdown_inline(inlines: Iterable[Inline]) -> str:
    """Inline content as Markdown text (also a sort key for anonymous expressions)."""
    return _md_inline(inlines)


def _md_tree(nodes, depth: int, out: list) -> None:
    for node in nodes:
        out.append("  " * depth + "- " + _md_inline(node.inlines))
        _md_tree(node.children, depth + 1, out)


def render_markdown(blocks: list) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            if block.anchor:
                out.append(f'<a id="{block.anchor}"></a>')
                out.append("")
            out.append("#" * block.level + " " + _md_text(block.text))
        elif isinstance(block, Para):
            out.append(_md_inline(block.inlines))
        elif isinstance(block, Fields):
            for name, inlines in block.rows:
                out.append(f"- **{_md_text(name)}:** {_md_inline(inlines)}")
        elif isinstance(block, Tree):
            _md_tree(block.nodes, 0, out)
        elif isinstance(block, Table):
            out.append("| " + " | ".join(_md_text(h) for h in block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            for row in block.rows:
                out.append("| " + " | ".join(_md_inline(cell) for cell in row) + " |")
        elif isinstance(block, CodeBlock):
            out.append(f"```{block.lang}")
            out.append(block.text)
            out.append("```")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _html_inline(inlines: Iterable[Inline]) -> str:
    out = []
    for item in inlines:
        if isinstance(item, Text):
            out.append(html.escape(item.text))
        elif isinstance(item, Code):
            out.append(f"<code>{html.escape(item.text)}</code>")
        elif isinstance(item, Ref):
            out.append(f'<a href="#{html.escape(item.anchor)}"><code>{html.escape(item.text)}</code></a>')
        else:
            out.append(f'<a href="{html.escape(item.href)}">{html.escape(item.text)}</a>')
    return "".join(out)


def _html_tree(nodes, out: list) -> None:
    out.append("<ul>")
    for node in nodes:
        out.append("<li>" + _html_inline(node.inlines))
        if node.children:
            _html_tree(node.children, out)
        out.append("</li>")
    out.append("</ul>")


_CSS = """\
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.92em; }
pre { background: #f5f5f5; padding: 0.6rem 0.8rem; overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
h3 { border-top: 1px solid #ddd; padding-top: 0.8rem; }
ul.fields { list-style: none; padding-left: 0; }
a { color: #0645ad; text-decoration: none; }"""


def render_html(blocks: list, title: str) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
    ]
    for block in blocks:
        if isinstance(block, Heading):
            anchor = f' id="{html.escape(block.anchor)}"' if block.anchor else ""
            out.append(f"<h{block.level}{anchor}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            out.append(f"<p>{_html_inline(block.inlines)}</p>")
        elif isinstance(block, Fields):
            out.append('<ul class="fields">')
            for name, inlines in block.rows:
                out.append(f"<li><strong>{html.escape(name)}:</strong> {_html_inline(inlines)}</li>")
            out.append("</ul>")
        elif isinstance(block, Tree):
            _html_tree(block.nodes, out)
        elif isinstance(block, Table):
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in block.header) + "</tr>")
            for row in block.rows:
                out.append("<tr>" + "".join(f"<td>{_html_inline(cell)}</td>" for cell in row) + "</tr>")
            out.append("</table>")
        elif isinstance(block, CodeBlock):
            out.append(f'<pre><code class="language-{html.escape(block.lang)}">{html.escape(block.text)}</code></pre>')
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
