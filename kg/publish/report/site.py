"""Write the report: every page, data script and static file of the site.

Pages are rendered by Jinja2 with autoescaping on, and data for scripts is
JSON with ``<``, ``>`` and ``&`` escaped, so text from articles can never
become markup or code. Everything is sorted: the same graph gives the same
files, but for the build date on the overview.
"""
from __future__ import annotations

import gc
import json
import multiprocessing
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF

from ... import __version__
from ...errors import KgError
from ...files import write_bytes_atomic
from ..explain import Evidence
from ...rdf.namespaces import NKG, short
from ...perf import gc_paused
from . import geomap, highlight, network, timeline
from .graph import Lit as Literal
from .graph import ReportGraph, read_graph
from .model import (
    CLAIM_ROLE_NAMES,
    CLAIM_ROLES,
    EVENT_ROLES,
    EVENT_VALUES,
    PRECISIONS,
    RELATION_INVERSE_NAMES,
    RELATION_NAMES,
    RELATIONS,
    ROLE_NAMES,
    ROLE_NAMES_FROM_ENTITY,
    VALUE_NAMES,
    GraphView,
    Node,
    date_span,
    local_name,
    precision,
    sort_key,
)

PACKAGE = Path(__file__).resolve().parent
MARKER = "kg-report.json"
# what a previous report holds, removed before writing a new one into its folder
OWNED_DIRS = ("entity", "event", "claim", "article", "data", "static")
# displaCy-like tags for the highlights of an article
TAGS = {
    "Person": "PER", "Organization": "ORG", "ArmedGroup": "ARMED", "MediaOutlet": "MEDIA", "Country": "GPE",
    "City": "CITY", "Area": "AREA", "Facility": "FAC", "Place": "LOC", "AnonymousSource": "SOURCE",
}
VALUE_TAGS = {NKG.date: "DATE", NKG.fatalities: "KILLED", NKG.injuries: "INJURED", NKG.projectiles: "PROJ", NKG.troops: "TROOPS"}
CLAIM_TYPES = ["Accusation", "Confirmation", "Denial", "Threat", "Announcement", "ResponsibilityClaim"]
CONTEXT = 160  # characters of the sentence shown around a quote
# a node page stays small whatever the graph: the rest goes to numbered pages beside it
QUOTES_SHOWN = 10  # quotes of one fact (all of a node's quotes are under its Mentions)
REPORTS_SHOWN = 10  # articles' words per event on an actor's page
EVENTS_DETAILED = 20  # events shown with their quotes on an actor's page; the others in a table
ROWS_PER_PAGE = 100  # events, claims or articles' mentions per page of a node


@dataclass
class ReportSummary:
    """What ``build_report`` wrote."""

    out_dir: Path
    index: Path
    pages: int
    files: int
    articles: int
    entities: int
    events: int
    claims: int
    conforms: bool | None  # None: not validated
    violations: int
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    written: int = 0  # files written (an earlier report's identical files are left as they are)
    removed: int = 0  # an earlier report's files that this one no longer has


@dataclass
class ValidationView:
    checked: bool
    conforms: bool | None
    source: str  # "validated now", "read from FILE", "not checked"
    results: list = field(default_factory=list)  # kg.check.validate.ValidationResult


def js_data(name: str, value) -> str:
    """A script that assigns ``value`` to ``window[name]``, safe in any context."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"window.{name} = {text};\n"


def sentence(text: str, start: int, end: int) -> tuple[str, str]:
    """The words before and after a quote in its sentence (at most CONTEXT characters each)."""
    if not text or end > len(text) or start < 0:
        return "", ""
    lo = max(0, start - CONTEXT)
    before = text[lo:start]
    cut = max(before.rfind(stop) + len(stop) if before.rfind(stop) != -1 else -1 for stop in (". ", "! ", "? ", "\n"))
    if cut != -1:
        before = before[cut:]
    elif lo > 0:  # no sentence start in reach: cut at a word
        space = before.find(" ")
        before = "…" + (before[space + 1:] if space != -1 else before)
    after = text[end:end + CONTEXT]
    stops = [after.find(stop) + 1 for stop in (". ", "! ", "? ") if after.find(stop) != -1]
    stops += [after.find("\n")] if "\n" in after else []
    if stops:
        after = after[:min(stops)]
    elif end + CONTEXT < len(text):
        space = after.rfind(" ")
        after = (after[:space] if space != -1 else after) + "…"
    return before.lstrip(), after.rstrip()


class Site:
    def __init__(self, view: GraphView, out_dir: Path, page_size: int, full_limit: int):
        self.view = view
        self.out = out_dir
        self.page_size = page_size
        self.full_limit = full_limit
        self.env = Environment(
            loader=FileSystemLoader(str(PACKAGE / "templates")),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # the templates are the package's: no stat of each per page
        )
        self.env.globals.update(
            version=__version__, ev=self.ev, quote_html=self.quote_html, link=self.link, label=view.label, short=short,
            precision=precision, tags=TAGS, QUOTES_SHOWN=QUOTES_SHOWN, REPORTS_SHOWN=REPORTS_SHOWN,
            EVENTS_DETAILED=EVENTS_DETAILED,
        )
        self._reports: dict[URIRef, list[dict]] = {}
        self._summaries: dict[URIRef, dict] = {}
        self._claims: dict[URIRef, dict] = {}
        self.pages = 0
        self.files = 0
        self.written = 0  # files written; the others were already there, byte for byte
        self.previous = False  # the folder holds an earlier report
        self.produced: list[str] = []  # every file of the site, relative to its root
        self.numbers = network.node_numbers(view)
        self._texts: dict[str, str] = {}
        self._quoted: dict[tuple, dict] = {}
        self._quote_html: dict[tuple, Markup] = {}
        self.articles = view.of("article")
        self.entities = view.of("entity")
        self.events = self._events_by_date(view.of("event"))
        self.event_order = {e.iri: i for i, e in enumerate(self.events)}
        self.claims = sorted(view.of("claim"), key=lambda c: (c.articles[:1], c.mentions[0].start if c.mentions else 0, str(c.iri)))

    # --- helpers for templates ------------------------------------------------

    def text_of(self, article_id: str) -> str:
        if article_id not in self._texts:
            iri = self.view.article_by_id.get(article_id)
            self._texts[article_id] = self.view.article_text(iri) if iri is not None else ""
        return self._texts[article_id]

    def ev(self, e: Evidence) -> dict:
        """A quote as pages show it: words, article, link to the words in the article, sentence around."""
        key = (e.article, e.start, e.end, e.quote)
        found = self._quoted.get(key)
        if found is None:
            before, after = sentence(self.text_of(e.article), e.start, e.end)
            article = self.view.article_by_id.get(e.article)
            page = self.view.nodes[article].page if article in self.view.nodes else None
            found = self._quoted[key] = {
                "quote": e.quote, "article": e.article, "start": e.start, "end": e.end,
                "href": f"{page}#m-{e.start}-{e.end}" if page else None, "before": before, "after": after,
            }
        return found

    def quote_html(self, q: dict, root: str) -> Markup:
        """One quote of ``ev`` as a list item: made once per page depth, since the
        same words show on the pages of the article, its events, actors and claims."""
        key = (q["article"], q["start"], q["end"], q["quote"], root)
        html = self._quote_html.get(key)
        if html is None:
            article = escape(q["article"])
            cite = f'<a href="{escape(root)}{escape(q["href"])}">{article}</a>' if q["href"] else article
            html = self._quote_html[key] = Markup(
                f'<li class="quote"><span class="ctx">{escape(q["before"])}<mark class="q">{escape(q["quote"])}</mark>'
                f'{escape(q["after"])}</span>\n<cite>{cite} <span class="off">[{q["start"]}–{q["end"]}]</span></cite></li>'
            )
        return html

    def link(self, term) -> dict:
        """A node or literal as pages show it: label, kind and page (None for literals and unknown nodes)."""
        node = self.view.nodes.get(term) if isinstance(term, URIRef) else None
        if node is not None:
            return {"label": node.label, "kind": node.kind, "href": node.page, "category": node.category}
        if isinstance(term, Literal):
            text = str(term) + (f" ({precision(term)})" if term.datatype in PRECISIONS else "")
            return {"label": text, "kind": None, "href": None, "category": None}
        return {"label": self.view.label(term), "kind": None, "href": None, "category": None}

    # --- writing ------------------------------------------------------------

    def write(self, path: str, template: str, **context) -> None:
        depth = path.count("/")
        html = self.env.get_template(template).render(root="../" * depth, path=path, **context)
        self._write(path, html)
        self.pages += 1

    def _write(self, path: str, text: str) -> None:
        self._put(path, text.encode("utf-8"))

    def _put(self, path: str, data: bytes) -> None:
        """Write one file of the site, unless an earlier report left it with these bytes."""
        target = self.out / path
        self.files += 1
        self.produced.append(path)
        if self.previous:
            try:
                if target.stat().st_size == len(data) and target.read_bytes() == data:
                    return
            except OSError:
                pass
        write_bytes_atomic(target, data, durable=False)  # a reader never sees half a page
        self.written += 1

    def copy_static(self) -> None:
        for source in sorted((PACKAGE / "static").rglob("*")):
            if source.is_file():
                self._put("static/" + source.relative_to(PACKAGE / "static").as_posix(), source.read_bytes())

    # --- records ------------------------------------------------------------

    def _events_by_date(self, events: list[Node]) -> list[Node]:
        def key(node):
            dates = sorted(str(d) for d in self.view.graph.objects(node.iri, NKG.date))
            return (0 if dates else 1, dates[0] if dates else "", sort_key(node.label), str(node.iri))

        return sorted(events, key=key)

    def event_summary(self, node: Node) -> dict:
        if node.iri in self._summaries:
            return self._summaries[node.iri]
        g = self.view.graph
        dates = sorted(g.objects(node.iri, NKG.date), key=str)
        values = {p: sorted(g.objects(node.iri, p), key=str) for p in (NKG.fatalities, NKG.injuries)}
        summary = self._summaries[node.iri] = {
            "node": node,
            "dates": [{"value": str(d), "precision": precision(d)} for d in dates],
            "places": [self.link(p) for p in sorted(g.objects(node.iri, NKG.place), key=str)],
            "fatalities": [str(v) for v in values[NKG.fatalities]],
            "injuries": [str(v) for v in values[NKG.injuries]],
            "articles": node.articles,
        }
        return summary

    def claim_record(self, node: Node) -> dict:
        if node.iri in self._claims:
            return self._claims[node.iri]
        g = self.view.graph

        def links(p):
            return [self.link(o) for o in sorted(g.objects(node.iri, p), key=lambda o: sort_key(self.view.label(o)))]

        claim_type = g.value(node.iri, NKG.claimType)
        first_words = {}
        for m in node.mentions:
            first_words.setdefault(m.article, m)
        record = self._claims[node.iri] = {
            "node": node,
            "sources": [self.ev(m) for _a, m in sorted(first_words.items())],
            "type": local_name(claim_type) if claim_type is not None else "",
            "claimant": links(NKG.claimant),
            "accused": links(NKG.accused),
            "about": links(NKG.about),
            "outlet": links(NKG.reportedBy),
            "statement": " / ".join(sorted(str(s) for s in g.objects(node.iri, NKG.statement))),
            "hedged": any(o.toPython() is True for o in g.objects(node.iri, NKG.hedged) if isinstance(o, Literal)),
            "negated": any(o.toPython() is True for o in g.objects(node.iri, NKG.negated) if isinstance(o, Literal)),
        }
        return record

    # --- pages --------------------------------------------------------------

    def paged(self, node: Node, section: str, rows: list, **context) -> tuple[list, list[tuple[int, str]]]:
        """The rows a node's page shows, and the links to numbered pages that
        show the rest (written here, ROWS_PER_PAGE rows each)."""
        if len(rows) <= ROWS_PER_PAGE:
            return rows, []
        stem = node.page[:-len(".html")].replace("/", "/more/", 1)
        count = -(-len(rows) // ROWS_PER_PAGE)
        links = [(1, node.page)] + [(n, f"{stem}-{section}-{n}.html") for n in range(2, count + 1)]
        for n in range(2, count + 1):
            self.write(
                links[n - 1][1], "more.html", title=f"{node.label}: {section} ({n})", node=node, section=section,
                rows=rows[(n - 1) * ROWS_PER_PAGE: n * ROWS_PER_PAGE], number=n, links=links,
                first=(n - 1) * ROWS_PER_PAGE + 1, total=len(rows), **context,
            )
        return rows[:ROWS_PER_PAGE], links

    def entity_page(self, node: Node) -> None:
        view = self.view
        events = defaultdict(list)  # event → [(role, evidence)]
        for fact in view.incoming(node.iri, EVENT_ROLES):
            if view.category(fact.value) == "event":
                events[fact.value].append((ROLE_NAMES_FROM_ENTITY[fact.predicate], fact.evidence))
        for fact in view.facts(node.iri, (NKG.killedBy,)):
            if view.category(fact.value) == "event" and fact.value not in events:
                events[fact.value].append(("killed in", fact.evidence))
        event_rows = []
        for number, event in enumerate(sorted(events, key=lambda e: self.event_order.get(e, 0))):
            event_node = view.nodes[event]
            event_rows.append({
                **self.event_summary(event_node),
                "roles": events[event],
                "reports": self.reports(event_node) if number < EVENTS_DETAILED else [],
                "agents": [self.link(a) for a in sorted(view.graph.objects(event, NKG.agent), key=str)],
            })
        event_rows, event_pages = self.paged(node, "events", event_rows)
        claims = []
        claim_nodes = view.claims_about(node.iri)
        for claim in claim_nodes:
            roles = [CLAIM_ROLE_NAMES[p] for p in CLAIM_ROLES if (claim, p, node.iri) in view.graph]
            claims.append({**self.claim_record(view.nodes[claim]), "roles": roles})
        claims, claim_pages = self.paged(node, "claims", claims, with_roles=True)
        relations = [
            {"name": RELATION_NAMES[f.predicate], "value": self.link(f.value), "evidence": f.evidence}
            for f in view.facts(node.iri, RELATIONS)
        ] + [
            {"name": RELATION_INVERSE_NAMES[f.predicate], "value": self.link(f.value), "evidence": f.evidence}
            for f in view.incoming(node.iri, [p for p in RELATIONS if p in RELATION_INVERSE_NAMES])
        ]
        mentions, mention_pages = self.paged(node, "mentions", self.mentions_by_article(node))
        self.write(
            node.page, "entity.html", title=node.label, node=node, events=event_rows, event_count=len(events),
            event_pages=event_pages, claims=claims, claim_pages=claim_pages, claim_count=len(claim_nodes),
            relations=relations, other=self.other_facts(node), mentions=mentions, mention_pages=mention_pages,
            network=self.numbers.get(node.iri),
        )

    def reports(self, event: Node) -> list[dict]:
        """One quote per article that reports the event: its first word that is no role or value."""
        if event.iri in self._reports:
            return self._reports[event.iri]
        roles_and_values = set()
        for p in EVENT_ROLES + EVENT_VALUES:
            for o in self.view.graph.objects(event.iri, p):
                roles_and_values.update((e.article, e.start, e.end) for e in self.view.evidence_of(event.iri, p, o))
        by_article: dict[str, list[Evidence]] = defaultdict(list)
        for m in event.mentions:
            by_article[m.article].append(m)
        found = []
        for article, mentions in sorted(by_article.items()):
            triggers = [m for m in mentions if (m.article, m.start, m.end) not in roles_and_values]
            found.append(self.ev((triggers or mentions)[0]))
        self._reports[event.iri] = found
        return found

    def mentions_by_article(self, node: Node) -> list[tuple[str, list[dict]]]:
        grouped: dict[str, list[dict]] = defaultdict(list)
        for m in node.mentions:
            grouped[m.article].append(self.ev(m))
        return sorted(grouped.items())

    def other_facts(self, node: Node) -> list[dict]:
        return [
            {"name": short(f.predicate), "value": self.link(f.value), "raw": short(f.value), "evidence": f.evidence}
            for f in self.view.other_facts(node.iri)
        ]

    def event_page(self, node: Node) -> None:
        view = self.view
        roles = [
            {"name": ROLE_NAMES[f.predicate], "value": self.link(f.value), "evidence": f.evidence}
            for f in view.facts(node.iri, EVENT_ROLES)
        ]
        values = [
            {"name": VALUE_NAMES[f.predicate], "value": self.link(f.value), "evidence": f.evidence}
            for f in view.facts(node.iri, EVENT_VALUES)
        ]
        discrepancies = [
            {"property": VALUE_NAMES.get(prop, short(prop)),
             "options": [{"value": self.link(f.value), "evidence": f.evidence} for f in facts]}
            for prop, facts in view.discrepancies(node.iri)
        ]
        claim_nodes = view.claims_about(node.iri)
        claims, claim_pages = self.paged(node, "claims", [self.claim_record(view.nodes[c]) for c in claim_nodes])
        mentions, mention_pages = self.paged(node, "mentions", self.mentions_by_article(node))
        reports = self.reports(node)
        self.write(
            node.page, "event.html", title=node.label, node=node, summary=self.event_summary(node), roles=roles,
            values=values, discrepancies=discrepancies, claims=claims, claim_pages=claim_pages,
            claim_count=len(claim_nodes), reports=reports[:ROWS_PER_PAGE], report_count=len(reports),
            other=self.other_facts(node), mentions=mentions, mention_pages=mention_pages,
            network=self.numbers.get(node.iri),
        )

    def claim_page(self, node: Node) -> None:
        mentions, mention_pages = self.paged(node, "mentions", self.mentions_by_article(node))
        self.write(
            node.page, "claim.html", title=node.label, node=node, claim=self.claim_record(node),
            other=self.other_facts(node), mentions=mentions, mention_pages=mention_pages,
        )

    def highlights(self, article: Node) -> list[highlight.Highlight]:
        view = self.view
        prefix = "../"
        found = []
        for mention in view.article_mentions.get(article.iri, []):
            e = view.evidence[mention]
            users = view.users.get(mention, [])
            nodes = [view.nodes[u] for u in users if u in view.nodes]
            entities = [n for n in nodes if n.category == "entity"]
            events = [n for n in nodes if n.category == "event"]
            claims = [n for n in nodes if n.category == "claim"]
            statements = [view.statement_of[u] for u in users if u in view.statement_of]
            underline = False
            if entities:
                main = entities[0]
                css, tag, priority = f"t-{main.kind.lower()}", TAGS.get(main.kind, main.kind.upper()), 0
            elif events:
                main = events[0]
                values = [p for s, p, _o in statements if s == main.iri and p in VALUE_TAGS]
                if values:
                    css, tag, priority = "t-value", VALUE_TAGS[values[0]], 1
                else:
                    css, tag, priority = "t-event", main.kind, 2
            elif claims:
                main = claims[0]
                css, tag, priority = "t-claim", "CLAIM", 3
                underline = e.end - e.start > 30
            elif statements and statements[0][0] in view.nodes:
                s, p, _o = statements[0]
                main = view.nodes[s]
                css, tag, priority, underline = "t-relation", RELATION_NAMES.get(p, local_name(p)), 4, True
            else:
                continue
            title = f"{main.kind}: {main.label}"
            also = [
                ("EV" if n.category == "event" else "CLAIM" if n.category == "claim" else TAGS.get(n.kind, n.kind),
                 prefix + n.page, f"{n.kind}: {n.label}")
                for n in entities + events + claims if n is not main
            ]
            found.append(highlight.Highlight(
                e.start, e.end, css, tag, prefix + main.page, title, priority, underline, also, e.quote))
        return found

    def article_page(self, node: Node) -> None:
        text = self.text_of(local_identifier(self.view, node))
        html, leftover = highlight.render(text, self.highlights(node))
        g = self.view.graph
        found = Counter()
        for mention in self.view.article_mentions.get(node.iri, []):
            for user in self.view.users.get(mention, []):
                if user in self.view.nodes:
                    found[user] += 1
        mentioned = sorted(
            (self.view.nodes[n] for n in found), key=lambda n: ({"entity": 0, "event": 1, "claim": 2}[n.category],
                                                                sort_key(n.label), str(n.iri)))
        date = g.value(node.iri, DCTERMS.date)
        self.write(
            node.page, "article.html", title=node.label, node=node, html=html, leftover=leftover,
            mentioned=[(n, found[n.iri]) for n in mentioned], date=str(date) if date is not None else None,
            sha256=str(g.value(node.iri, NKG.sha256) or ""), length=len(text), has_text=bool(text),
        )

    def listing(self, name: str, template: str, items: list, title: str, **context) -> None:
        pages = max(1, -(-len(items) // self.page_size))
        for number in range(1, pages + 1):
            chunk = items[(number - 1) * self.page_size: number * self.page_size]
            self.write(
                listing_path(name, number), template, title=title, items=chunk, number=number, pages=pages,
                total=len(items), first=(number - 1) * self.page_size + 1,
                page_links=[(n, listing_path(name, n)) for n in range(1, pages + 1)], **context,
            )

    def timeline_items(self) -> list[timeline.TimelineItem]:
        g = self.view.graph
        disputed = {
            event for d in g.subjects(RDF.type, NKG.Discrepancy) if (d, NKG.onProperty, NKG.date) in g
            for event in g.objects(d, NKG.discrepancyOf)
        }
        items = []
        for node in self.events:
            for value in sorted(g.objects(node.iri, NKG.date), key=str):
                span = date_span(value)
                if span is None:
                    continue
                fatalities = sorted(int(v) for v in g.objects(node.iri, NKG.fatalities) if str(v).isdigit())
                injuries = sorted(int(v) for v in g.objects(node.iri, NKG.injuries) if str(v).isdigit())
                items.append(timeline.TimelineItem(
                    href=node.page, label=node.label, kind=node.kind, value=str(value), precision=precision(value),
                    first=span[0], last=span[1], fatalities=fatalities[-1] if fatalities else None,
                    injuries=injuries[-1] if injuries else None, disputed=node.iri in disputed,
                ))
        return items

    def search_index(self) -> list[list]:
        rows = []
        for node in self.entities + self.events + self.articles:
            rows.append([node.label, node.aliases, node.page, node.kind, node.category])
        return rows

    def claims_data(self) -> list[dict]:
        rows = []
        for node in self.claims:
            c = self.claim_record(node)

            def names(links):
                return [[x["label"], x["href"]] for x in links]

            rows.append({
                "u": node.page, "t": c["type"], "c": names(c["claimant"]), "a": names(c["accused"]),
                "b": names(c["about"]), "o": names(c["outlet"]), "s": c["statement"], "h": c["hedged"],
                "n": c["negated"], "r": [[q["article"], q["href"]] for q in c["sources"]],
            })
        return rows


def local_identifier(view: GraphView, node: Node) -> str:
    return view.article_id.get(node.iri, "")


def listing_path(name: str, number: int) -> str:
    return f"{name}.html" if number == 1 else f"{name}-{number}.html"


def check_output(out_dir: Path) -> None:
    """Refuse a file, or a folder that holds something other than a previous report."""
    if out_dir.exists() and not out_dir.is_dir():
        raise KgError("E050", path=str(out_dir), detail="it is a file, not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise KgError("E051", path=str(out_dir))


def prepare_output(out_dir: Path) -> bool:
    """Create the folder; True when it holds an earlier report (kept, to be updated)."""
    check_output(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise KgError("E050", path=str(out_dir), detail=err.strerror or str(err)) from err
    return (out_dir / MARKER).is_file()


def remove_stale(out_dir: Path, produced: set[str]) -> int:
    """Remove what an earlier report wrote that this one did not (only kg's own
    files: its folders' contents and top-level pages); the number removed."""
    removed = 0
    candidates = [p for name in OWNED_DIRS for p in sorted((out_dir / name).rglob("*"))]
    candidates += sorted(out_dir.glob("*.html"))
    for path in candidates:
        relative = path.relative_to(out_dir).as_posix()
        if path.is_file() and not path.is_symlink() and relative not in produced:
            path.unlink()
            removed += 1
    for name in OWNED_DIRS:  # folders left empty, deepest first
        for folder in sorted((out_dir / name).rglob("*"), key=lambda p: -len(p.parts)):
            if folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
                folder.rmdir()
    return removed


AUTO_VALIDATE_TRIPLES = 1_000_000  # about ten seconds of validation; beyond, ask for it (--validate)


def validation_view(graph: ReportGraph, validation, source=None) -> ValidationView:
    """Validate now (True; "auto": only graphs of at most AUTO_VALIDATE_TRIPLES),
    skip (False), or read the output of ``kg validate --format json`` (a path).
    ``source`` is what kg validate reads: the graph files, or an rdflib Graph."""
    from ...check.validate import GraphData, ValidationReport, ValidationResult, validate

    if validation == "auto":
        if len(graph) > AUTO_VALIDATE_TRIPLES:
            return ValidationView(False, None, f"not checked: {len(graph)} triples are too many to validate on the "
                                  "way (pass --validate, or --validation with the JSON of `kg validate`)")
        validation = True
    if validation is False or validation is None:
        return ValidationView(False, None, "not checked (--no-validate)")
    if isinstance(validation, ValidationReport):
        return ValidationView(True, validation.conforms, "validated", validation.results)
    if validation is True:
        if source is None:  # only the indexes: give the validator their triples
            from rdflib import Graph
            from rdflib import Literal as RdflibLiteral

            source = Graph()
            for s, p, o in graph:
                source.add((s, p, RdflibLiteral(str(o), datatype=o.datatype, lang=o.language)
                            if isinstance(o, Literal) else o))
        data = source if hasattr(source, "triples") else GraphData(source)
        report = validate(data)
        return ValidationView(True, report.conforms, "validated with the shapes kg ships", report.results)
    path = Path(validation)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        fields = set(ValidationResult.__dataclass_fields__)
        results = [ValidationResult(**{k: v for k, v in r.items() if k in fields}) for r in data["results"]]
        return ValidationView(True, bool(data["conforms"]), f"read from {path.name}", results)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise KgError("E052", path=str(path), detail=" ".join(str(err).split()) or type(err).__name__) from err


def build_report(
    graph: ReportGraph | str | os.PathLike | Iterable[str | os.PathLike] | object,
    out_dir: str | os.PathLike,
    *,
    date: str | None = None,
    validation: bool | str | os.PathLike | object = "auto",
    page_size: int = 100,
    network_full_limit: int = 300,
    on_total: Callable[[int], None] | None = None,
    progress: Callable[[int], None] | None = None,
    sources: list[str] | None = None,
    jobs: int = 1,
    graph_files: Iterable[str | os.PathLike] | None = None,
) -> ReportSummary:
    """Write the static site of a graph into ``out_dir`` and return what was written.

    ``graph`` is graph files (read once, by Oxigraph's parsers), a ReportGraph of
    them (then ``graph_files`` names them, for validation) or an rdflib Graph.
    When ``out_dir`` holds an earlier report, only the files that differ are
    written and those no longer part of the site removed. ``date`` is the build date shown on
    the overview (default: now, or SOURCE_DATE_EPOCH). ``validation``: True to
    validate with the shapes kg ships, False to skip, "auto" to validate graphs
    of at most AUTO_VALIDATE_TRIPLES triples, or the path of a
    ``kg validate --format json`` report to show instead. ``sources``: the graph
    files' names for the overview (default: those given). ``on_total(pages)``
    then ``progress(pages written)`` report progress. ``jobs`` > 1 writes the
    node pages in that many forked processes (same files).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    sources = list(sources or [])
    source = list(graph_files) if graph_files is not None else None
    if hasattr(graph, "triples"):  # an rdflib Graph
        source = graph
    elif not isinstance(graph, ReportGraph):
        source = [graph] if isinstance(graph, (str, os.PathLike)) else list(graph)
        sources = sources or [Path(p).name for p in source] or ["graph.ttl"]
    out = Path(out_dir)
    check_output(out)  # before reading a large graph
    graph = read_graph(source if isinstance(source, list) and not isinstance(graph, ReportGraph) else graph)
    timings["load"] = time.perf_counter() - started
    mark = time.perf_counter()
    checked = validation_view(graph, validation, source)
    timings["validate"] = time.perf_counter() - mark
    previous = prepare_output(out)
    mark = time.perf_counter()
    with gc_paused():
        view = GraphView(graph)
        site = Site(view, out, page_size, network_full_limit)
    site.previous = previous
    timings["index"] = time.perf_counter() - mark
    mark = time.perf_counter()
    if date is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
        date = moment.strftime("%Y-%m-%d %H:%M UTC")
    work = [("entity_page", n) for n in site.entities] + [("event_page", n) for n in site.events]
    work += [("claim_page", n) for n in site.claims] + [("article_page", n) for n in site.articles]
    if on_total:
        on_total(len(work))
    gc.freeze()  # the graph and its indexes live until the end: collections need not scan them
    try:
        site.copy_static()
        render_pages(site, work, jobs, progress)
        write_lists(site, checked, date, sources)
        removed = remove_stale(out, set(site.produced)) if previous else 0
    except OSError as err:
        raise KgError("E050", path=str(out), detail=err.strerror or str(err)) from err
    finally:
        gc.unfreeze()
    timings["pages"] = time.perf_counter() - mark
    violations = sum(1 for r in checked.results if r.severity == "Violation")
    summary = ReportSummary(
        out_dir=out, index=out / "index.html", pages=site.pages, files=site.files + 1, articles=len(site.articles),
        entities=len(site.entities), events=len(site.events), claims=len(site.claims), conforms=checked.conforms,
        violations=violations, seconds=time.perf_counter() - started, timings=timings,
        written=site.written, removed=removed,
    )
    marker = {
        "generator": f"kg {__version__}", "pages": summary.pages, "articles": summary.articles,
        "entities": summary.entities, "events": summary.events, "claims": summary.claims,
        "conforms": summary.conforms, "violations": violations,
    }
    write_bytes_atomic(out / MARKER, (json.dumps(marker, indent=2, sort_keys=True) + "\n").encode("utf-8"), durable=False)
    return summary


_FORKED: Site | None = None  # the site whose pages forked workers render


def _render_part(part: tuple[int, int]) -> tuple[int, int, int, int, list[str]]:
    """In a forked worker: render work[start:stop]; (items, pages, files, files
    written, the files' paths) done."""
    site = _FORKED
    pages, files, written, produced = site.pages, site.files, site.written, len(site.produced)
    for method, node in site.work[part[0]:part[1]]:
        getattr(site, method)(node)
    return (part[1] - part[0], site.pages - pages, site.files - files, site.written - written,
            site.produced[produced:])


def render_pages(site: Site, work: list[tuple[str, Node]], jobs: int, progress) -> None:
    """Render every node's page, in ``jobs`` forked processes where the platform forks."""
    global _FORKED
    step = 50
    if jobs > 1 and len(work) > 4 * step and "fork" in multiprocessing.get_all_start_methods():
        step = max(step, len(work) // (jobs * 16))
        parts = [(i, min(i + step, len(work))) for i in range(0, len(work), step)]
        _FORKED, site.work = site, work
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for done, pages, files, written, produced in pool.imap_unordered(_render_part, parts):
                    site.pages += pages
                    site.files += files
                    site.written += written
                    site.produced += produced
                    if progress:
                        progress(done)
        finally:
            _FORKED, site.work = None, []
        return
    for number, (method, node) in enumerate(work, start=1):
        getattr(site, method)(node)
        if progress and (number % step == 0 or number == len(work)):
            progress(step if number % step == 0 else number % step)


def write_lists(site: Site, checked: ValidationView, date: str, sources: list[str]) -> None:
    """Every page that is not one node's: overview, lists, timeline, claims, network, search."""
    view = site.view
    g = view.graph
    # lists
    site.listing("entities", "entities.html", site.entities, "Actors and places")
    site.listing("events", "events.html", [site.event_summary(e) for e in site.events], "Events")
    articles = [
        {"node": a, "date": str(g.value(a.iri, DCTERMS.date) or ""),
         "length": len(site.text_of(local_identifier(view, a))), "mentions": len(view.article_mentions.get(a.iri, []))}
        for a in site.articles
    ]
    site.listing("articles", "articles.html", articles, "Articles")
    # claims: a table the page sorts and filters from a data script
    site._write("data/claims.js", js_data("KG_CLAIMS", site.claims_data()))
    site.write("claims.html", "claims.html", title="Claims", total=len(site.claims), claim_types=CLAIM_TYPES)
    # timeline
    items = site.timeline_items()
    kinds = sorted({i.kind for i in items}, key=lambda k: (timeline.KIND_ORDER.index(k) if k in timeline.KIND_ORDER
                                                           else 99, k))
    site.write("timeline.html", "timeline.html", title="Timeline", svg=timeline.draw(items), items=items, kinds=kinds,
               undated=sum(1 for e in site.events if (e.iri, NKG.date, None) not in g))
    # network
    data = network.network(view, site.full_limit)
    site._write("data/network.js", js_data("KG_NET", data.index))
    for number, shard in enumerate(data.shards):
        text = js_data("KG_NET_LAST", shard).replace("window.KG_NET_LAST = ", f"kgNetShard({number}, ", 1)
        site._write(f"data/network/{number}.js", text.rstrip(";\n") + ");\n")
    site.write("network.html", "network.html", title="Network", net=data.index)
    geomap.write_map(site)
    # search
    site._write("data/search.js", js_data("KG_SEARCH", site.search_index()))
    site.write("search.html", "search.html", title="Search")
    # overview
    classes = Counter(o for o in g.objects(None, RDF.type) if isinstance(o, URIRef))
    counts = []
    for cls, count in sorted(classes.items(), key=lambda kv: (-kv[1], short(kv[0]))):
        category = view._category({cls})
        target = {"entity": "entities.html", "event": "events.html", "claim": "claims.html",
                  "article": "articles.html"}.get(category or "")
        counts.append({"name": short(cls), "count": count, "href": target})
    top = sorted(site.entities, key=lambda n: (-len(n.articles), -len(n.mentions), sort_key(n.label), str(n.iri)))[:20]
    killed = []
    for person, event in sorted(g.subject_objects(NKG.killedBy), key=lambda pe: (sort_key(view.label(pe[0])), str(pe[1]))):
        if person in view.nodes and event in view.nodes:
            killed.append((view.nodes[person], view.nodes[event], site.event_summary(view.nodes[event])))
    by_name = {short(n.iri): n for n in view.nodes.values()}
    results = [{"result": r, "node": by_name.get(r.focus)} for r in checked.results]
    limit = 100
    site.write(
        "index.html", "index.html", title="Overview", date=date, sources=sources, triples=len(g),
        articles=len(site.articles), entities=len(site.entities), events=len(site.events), claims=len(site.claims),
        counts=counts, top=top, killed=killed, validation=checked, results=results[:limit],
        more_results=max(0, len(results) - limit), dated=len(items),
        violations=sum(1 for r in checked.results if r.severity == "Violation"),
    )
    if len(results) > limit:
        site.write("validation.html", "validation.html", title="Validation", validation=checked, results=results)
