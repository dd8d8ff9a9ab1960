"""An article's text as HTML with every mention highlighted, as displaCy shows entities.

Short mentions (names, event words, dates, tolls) become coloured marks that
never overlap; longer ones (a claim's words, the phrase behind a relation) are
underlined around the marks they contain. A mention that would cross another
is listed under the text instead, so that every mention keeps an anchor. All
text is escaped: an article is untrusted input.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass
class Highlight:
    start: int
    end: int
    css: str  # "t-person", "t-event", ...
    tag: str  # the short type shown after the words: "PER", "DATE", ...
    href: str
    title: str
    priority: int  # lower wins a place among the marks
    underline: bool = False  # an underline candidate only (long spans)
    also: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, href, title) of other nodes
    quote: str = ""

    @property
    def anchor(self) -> str:
        return f"m-{self.start}-{self.end}"


def _crosses(a: Highlight, b: Highlight) -> bool:
    """Overlap without one containing the other."""
    overlap = a.start < b.end and b.start < a.end
    nested = (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)
    return overlap and not nested


def _overlaps(a: Highlight, b: Highlight) -> bool:
    return a.start < b.end and b.start < a.end


def layout(highlights: list[Highlight]) -> tuple[list[Highlight], list[Highlight], list[Highlight]]:
    """Split highlights into (marks, underlines, left over): marks never overlap;
    an underline contains or avoids each mark and avoids other underlines."""
    marks: list[Highlight] = []
    candidates: list[Highlight] = []
    for h in sorted(highlights, key=lambda h: (h.priority, h.start, -(h.end - h.start), h.href)):
        if h.end <= h.start:
            continue
        if not h.underline and not any(_overlaps(h, m) for m in marks):
            marks.append(h)
        else:
            candidates.append(h)
    underlines: list[Highlight] = []
    leftover: list[Highlight] = []
    for h in sorted(candidates, key=lambda h: (h.priority, h.start, -(h.end - h.start), h.href)):
        if any(_crosses(h, m) or (m.start <= h.start and h.end <= m.end) for m in marks) or any(
            _overlaps(h, u) for u in underlines
        ):
            leftover.append(h)
        else:
            underlines.append(h)
    by_position = lambda h: (h.start, h.end, h.href)
    return sorted(marks, key=by_position), sorted(underlines, key=by_position), sorted(leftover, key=by_position)


# plain string building with escape(): this runs for every mention of every article
def _also(h: Highlight) -> str:
    return "".join(
        f'<a class="also" href="{escape(href)}" title="{escape(title)}">{escape(tag)}</a>' for tag, href, title in h.also
    )


def _open_mark(h: Highlight) -> str:
    return f'<mark class="ent {escape(h.css)}" id="{h.anchor}" title="{escape(h.title)}"><a href="{escape(h.href)}">'


def _close_mark(h: Highlight) -> str:
    return f'</a><span class="tag">{escape(h.tag)}</span>{_also(h)}</mark>'


def _open_underline(h: Highlight) -> str:
    return f'<span class="span {escape(h.css)}" id="{h.anchor}" title="{escape(h.title)}">'


def _close_underline(h: Highlight) -> str:
    return f'<a class="tag" href="{escape(h.href)}">{escape(h.tag)}</a>{_also(h)}</span>'


def render(text: str, highlights: list[Highlight]) -> tuple[Markup, list[Highlight]]:
    """The text as HTML, and the highlights that could not be drawn inline."""
    marks, underlines, leftover = layout(highlights)
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    # at one offset: close marks before underlines, open underlines before marks
    for h in underlines:
        opens.setdefault(h.start, []).append(_open_underline(h))
        closes.setdefault(h.end, []).append(_close_underline(h))
    for h in marks:
        opens.setdefault(h.start, []).append(_open_mark(h))
        closes.setdefault(h.end, []).insert(0, _close_mark(h))
    parts: list[str] = []
    cuts = sorted({0, len(text), *opens, *closes})
    for i, offset in enumerate(cuts):
        parts.extend(closes.get(offset, ()))
        parts.extend(opens.get(offset, ()))
        if i + 1 < len(cuts):
            parts.append(escape(text[offset:cuts[i + 1]]))
    return Markup("".join(parts)), leftover
