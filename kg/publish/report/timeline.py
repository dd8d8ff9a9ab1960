"""The timeline of dated events as an SVG drawn at build time (no script needed).

One lane per kind of event. A date's precision is drawn as it is known: a day
is a dot, a month a bar as long as the month, a year a thin dashed bar as long
as the year. The toll (people killed) is written above the mark; each mark
links to its event's page and says everything in its tooltip.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from markupsafe import Markup

# lanes in this order, then any other kind alphabetically
KIND_ORDER = [
    "AirStrike", "RocketAttack", "Bombing", "Killing", "Attack", "Protest",
    "Deployment", "Withdrawal", "Truce", "Vote", "Event",
]
LEFT, RIGHT, TOP, ROW, LANE_PAD = 150, 24, 34, 22, 10
MAX_ROWS = 6


@dataclass
class TimelineItem:
    href: str
    label: str
    kind: str
    value: str  # the date as written in the graph
    precision: str  # day, month, year
    first: date
    last: date
    fatalities: int | None = None
    injuries: int | None = None
    disputed: bool = False

    @property
    def tooltip(self) -> str:
        parts = [self.label, f"{self.kind}, {self.value} (known to the {self.precision})"]
        if self.fatalities is not None:
            parts.append(f"killed: {self.fatalities}")
        if self.injuries is not None:
            parts.append(f"injured: {self.injuries}")
        if self.disputed:
            parts.append("sources disagree on the date")
        return " — ".join(parts)


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    days = (last - first).days
    ticks = []
    if days > 3 * 365:
        step = max(1, days // 365 // 12 + 1)
        for year in range(first.year, last.year + 2):
            if year % step == 0:
                ticks.append((date(year, 1, 1), str(year)))
    elif days > 90:
        step = 1 if days < 500 else 3
        year, month = first.year, first.month
        while date(year, month, 1) <= last:
            if (month - 1) % step == 0:
                ticks.append((date(year, month, 1), f"{year}-{month:02d}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        day = first
        step = 1 if days < 15 else 7
        while day <= last:
            ticks.append((day, day.isoformat()))
            day += timedelta(days=step)
    return [(d, text) for d, text in ticks if first <= d <= last]


def draw(items: list[TimelineItem]) -> Markup:
    """The SVG of the timeline (empty when no event has a date)."""
    if not items:
        return Markup("")
    start = min(i.first for i in items)
    end = max(i.last for i in items) + timedelta(days=1)
    span = max((end - start).days, 1)
    pad = max(15, span // 30)
    start, end = start - timedelta(days=pad), end + timedelta(days=pad)
    span = (end - start).days
    plot = int(min(max(span * 0.8, 900), 8000))
    width = LEFT + plot + RIGHT

    def x(day: date) -> float:
        return round(LEFT + (day - start).days * plot / span, 1)

    kinds = sorted({i.kind for i in items}, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else 99, k))
    parts: list[Markup] = []
    labels: list[Markup] = []  # drawn last, and kept in view by the page's script when it scrolls
    y = TOP
    for kind in kinds:
        lane = sorted((i for i in items if i.kind == kind), key=lambda i: (i.first, i.last, i.href, i.value))
        rows_end: list[float] = []
        placed = []
        for item in lane:
            x0, x1 = x(item.first), x(item.last + timedelta(days=1))
            if item.precision == "day":
                x0, x1 = (x0 + x1) / 2 - 5, (x0 + x1) / 2 + 5
            x1 = max(x1, x0 + 4)
            row = next((r for r, e in enumerate(rows_end) if x0 >= e + 3), None)
            if row is None:
                if len(rows_end) < MAX_ROWS:
                    rows_end.append(x1)
                    row = len(rows_end) - 1
                else:
                    row = min(range(len(rows_end)), key=lambda r: rows_end[r])
            rows_end[row] = max(rows_end[row], x1 + (24 if item.fatalities is not None else 0))
            placed.append((item, row))
        height = LANE_PAD * 2 + max(len(rows_end), 1) * ROW
        lane_parts = [Markup('<rect class="tl-lane-bg" x="0" y="{}" width="{}" height="{}"/>').format(y, width, height)]
        labels.append(Markup(
            '<g class="tl-label" data-kind="{kind}"><rect x="0" y="{y}" width="{w}" height="{h}"/>'
            '<text class="tl-lane-label" x="8" y="{ty}">{kind}</text></g>'
        ).format(kind=kind, y=y + 1, w=LEFT - 12, h=height - 2, ty=y + LANE_PAD + 14))
        for item, row in placed:
            cy = y + LANE_PAD + row * ROW + 12
            x0, x1 = x(item.first), x(item.last + timedelta(days=1))
            classes = f"tl-mark p-{item.precision}" + (" disputed" if item.disputed else "")
            if item.precision == "day":
                shape = Markup('<circle class="{}" cx="{}" cy="{}" r="5"/>').format(classes, round((x0 + x1) / 2, 1), cy)
                label_x = round((x0 + x1) / 2 + 7, 1)
            elif item.precision == "month":
                shape = Markup('<rect class="{}" x="{}" y="{}" width="{}" height="10" rx="3"/>').format(
                    classes, x0, cy - 5, round(max(x1 - x0, 4), 1))
                label_x = round(max(x1, x0 + 4) + 3, 1)
            else:
                shape = Markup('<rect class="{}" x="{}" y="{}" width="{}" height="6"/>').format(
                    classes, x0, cy - 3, round(max(x1 - x0, 4), 1))
                label_x = round(max(x1, x0 + 4) + 3, 1)
            toll = Markup("")
            if item.fatalities is not None:
                toll = Markup('<text class="tl-toll" x="{}" y="{}">†{}</text>').format(label_x, cy + 4, item.fatalities)
            lane_parts.append(
                Markup('<a class="tl-event" href="{}" data-kind="{}" data-date="{}"><title>{}</title>{}{}</a>').format(
                    item.href, item.kind, item.value, item.tooltip, shape, toll)
            )
        parts.append(Markup('<g class="tl-lane" data-kind="{}">{}</g>').format(kind, Markup("").join(lane_parts)))
        y += height
    axis = [Markup('<line class="tl-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>').format(LEFT, TOP - 4, LEFT + plot, TOP - 4)]
    for day, text in _ticks(start, end):
        axis.append(Markup('<line class="tl-tick" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>').format(x(day), TOP - 8, y))
        axis.append(Markup('<text class="tl-tick-label" x="{}" y="{}">{}</text>').format(x(day) + 3, TOP - 12, text))
    return Markup(
        '<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        'role="img" aria-label="Timeline of dated events">{axis}{lanes}<g class="tl-labels">{labels}</g></svg>'
    ).format(w=width, h=y + 6, axis=Markup("").join(axis), lanes=Markup("").join(parts), labels=Markup("").join(labels))
