"""Score a graph against gold annotations, field by field (docs/evaluation.md).

Entities match by name (normalized labels); events and claims by the overlap
of their mentions with the gold evidence spans, each gold item taking at most
one graph item; roles, values and claim fields are then compared over the
matched pairs. Every false positive and false negative is kept, with the words
it concerns and a reason class, so that ``kg eval --errors`` says what to fix.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Optional

from .gold import ROLES, VALUES, GoldArticle, GoldClaim, GoldEvent, normalize_name
from .view import ClaimView, EventView, GraphView, Span

CLAIM_FIELDS = ("claimant", "accused", "reportedBy")


@dataclass
class Counts:
    """Right predictions among the predictions; gold items found among the gold."""

    right: int = 0
    predicted: int = 0
    found: int = 0
    gold: int = 0

    @property
    def precision(self) -> Optional[float]:
        return self.right / self.predicted if self.predicted else None

    @property
    def recall(self) -> Optional[float]:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> Optional[float]:
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Counts") -> None:
        self.right += other.right
        self.predicted += other.predicted
        self.found += other.found
        self.gold += other.gold

    def as_dict(self) -> dict:
        return {
            "precision": _round(self.precision), "recall": _round(self.recall), "f1": _round(self.f1),
            "right": self.right, "predicted": self.predicted, "found": self.found, "gold": self.gold,
        }


@dataclass
class Ratio:
    hits: int = 0
    total: int = 0

    @property
    def value(self) -> Optional[float]:
        return self.hits / self.total if self.total else None

    def as_dict(self) -> dict:
        return {"value": _round(self.value), "hits": self.hits, "total": self.total}


@dataclass(frozen=True, order=True)
class Finding:
    """One error: a false positive ("extra"), a false negative ("missed") or a wrong type."""

    article: str
    field: str  # entities, events, role:agent, value:date, claims, claim:claimant, type:events…
    kind: str  # missed, extra, wrong-type
    reason: str  # a reason class, e.g. "no graph event overlaps its evidence"
    text: str  # the words, label or value it is about
    detail: str = ""

    def as_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("article", "field", "kind", "reason", "text", "detail")}


@dataclass
class FalseMerge:
    iri: str
    label: str
    gold_ids: tuple[str, ...]


@dataclass
class Evaluation:
    articles: list[str]
    absent: list[str]  # gold articles the graph does not hold
    entities: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    claims: Counts = field(default_factory=Counts)
    roles: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    values: dict[str, Counts] = field(default_factory=lambda: {v: Counts() for v in VALUES})
    claim_fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in CLAIM_FIELDS})
    types: dict[str, Ratio] = field(default_factory=lambda: {k: Ratio() for k in ("entities", "events", "claims")})
    merges: dict[str, Ratio] = field(default_factory=lambda: {k: Ratio() for k in ("entities", "events")})
    false_merges: list[FalseMerge] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    gold_problems: list[str] = field(default_factory=list)

    @property
    def role_total(self) -> Counts:
        return _total(self.roles.values())

    @property
    def value_total(self) -> Counts:
        return _total(self.values.values())

    @property
    def merge_total(self) -> Ratio:
        return Ratio(sum(r.hits for r in self.merges.values()), sum(r.total for r in self.merges.values()))

    def summary(self) -> dict[str, Optional[float]]:
        return {
            "entity_f1": self.entities.f1, "event_f1": self.events.f1, "role_f1": self.role_total.f1,
            "value_f1": self.value_total.f1, "claim_f1": self.claims.f1, "merge_recall": self.merge_total.value,
        }

    def as_dict(self, errors: bool = False) -> dict:
        data = {
            "articles": len(self.articles),
            "absent_articles": self.absent,
            "summary": {k: _round(v) for k, v in self.summary().items()},
            "fields": {
                "entities": self.entities.as_dict(), "events": self.events.as_dict(),
                "roles": self.role_total.as_dict(), "values": self.value_total.as_dict(), "claims": self.claims.as_dict(),
            },
            "roles": {k: c.as_dict() for k, c in self.roles.items()},
            "values": {k: c.as_dict() for k, c in self.values.items()},
            "claim_fields": {k: c.as_dict() for k, c in self.claim_fields.items()},
            "type_accuracy": {k: r.as_dict() for k, r in self.types.items()},
            "merge_recall": {**{k: r.as_dict() for k, r in self.merges.items()}, "all": self.merge_total.as_dict()},
            "false_merges": [{"iri": m.iri, "label": m.label, "gold_ids": list(m.gold_ids)} for m in self.false_merges],
            "gold_problems": self.gold_problems,
        }
        if errors:
            data["errors"] = [f.as_dict() for f in self.findings]
        return data


def _round(value: Optional[float]) -> Optional[float]:
    return None if value is None else round(value, 4)


def _total(counts: Iterable[Counts]) -> Counts:
    total = Counts()
    for c in counts:
        total.add(c)
    return total


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _locate(text: Optional[str], phrase: str) -> Optional[Span]:
    if text is None:
        return None
    start = text.find(phrase)
    return None if start < 0 else (start, start + len(phrase))


def _match_score(gold_spans: list[Span], spans: list[Span]) -> tuple[int, int]:
    """(gold spans overlapped, characters overlapped)."""
    hit, chars = 0, 0
    for gold in gold_spans:
        best = max((_overlap(gold, s) for s in spans), default=0)
        if best:
            hit += 1
            chars += best
    return hit, chars


def _assign(golds: list[list[Span]], items: list, spans_of, weight_of) -> dict[int, object]:
    """Gold index → the graph item it takes: pairs in order of spans overlapped, characters,
    then the item's roles and values; each gold item and each graph item used once."""
    pairs = []
    for index, gold_spans in enumerate(golds):
        for item in items:
            hit, chars = _match_score(gold_spans, spans_of(item))
            if hit:
                pairs.append(((-hit, -chars, -weight_of(item)), index, item.iri, item))
    pairs.sort(key=lambda p: p[:3])
    taken: dict[int, object] = {}
    used: set[str] = set()
    for _key, index, iri, item in pairs:
        if index not in taken and iri not in used:
            taken[index] = item
            used.add(iri)
    return taken


class _Article:
    """The scoring of one gold article against the graph."""

    def __init__(self, gold: GoldArticle, view: GraphView, evaluation: Evaluation) -> None:
        self.gold, self.view, self.out = gold, view, evaluation
        self.text = view.texts.get(gold.article)
        self.nodes = view.nodes_in(gold.article)
        self.names = {e.id: {normalize_name(n) for n in e.names} for e in gold.entities}
        self.ids_of_node: dict[str, frozenset[str]] = {}

    def note(self, field_name: str, kind: str, reason: str, text: str, detail: str = "") -> None:
        self.out.findings.append(Finding(self.gold.article, field_name, kind, reason, text, detail))

    def ids(self, iri: str, through_places: bool = False) -> frozenset[str]:
        """The gold entity ids of this article a graph node matches by name."""
        if iri not in self.ids_of_node:
            node = self.view.nodes.get(iri)
            found = frozenset(i for i, names in self.names.items() if node is not None and node.names & names)
            self.ids_of_node[iri] = found
        found = self.ids_of_node[iri]
        if through_places:
            for container in sorted(self.view.located_in.get(iri, ())):
                found |= self.ids(container)
        return found

    def label(self, iri: str) -> str:
        node = self.view.nodes.get(iri)
        return node.label if node else iri

    # -- entities -------------------------------------------------------------

    def entities(self) -> dict[str, set[str]]:
        """Score the named things; return gold id → the nodes of this article matching it."""
        counts, matching = Counts(), defaultdict(set)
        for node in self.nodes:
            ids = self.ids(node.iri)
            counts.predicted += 1
            if ids:
                counts.right += 1
                for i in ids:
                    matching[i].add(node.iri)
            else:
                self.note("entities", "extra", "matches no gold entity by name", node.label, ", ".join(sorted(node.asserted)))
        for entity in self.gold.entities:
            counts.gold += 1
            if entity.id in matching:
                counts.found += 1
                nodes = [self.view.nodes[i] for i in sorted(matching[entity.id])]
                self.out.types["entities"].total += 1
                if any(entity.type in n.classes for n in nodes):
                    self.out.types["entities"].hits += 1
                else:
                    got = "/".join(sorted({c for n in nodes for c in n.asserted}))
                    self.note("type:entities", "wrong-type", f"typed {got}, gold {entity.type}", entity.names[0], entity.id)
            else:
                self.note("entities", "missed", "no node of the article has this name", entity.names[0], entity.id)
        self.out.entities.add(counts)
        return matching

    # -- events ----------------------------------------------------------------

    def events(self) -> dict[str, EventView]:
        golds = []
        for event in self.gold.events:
            spans = []
            for phrase in event.evidence:
                span = _locate(self.text, phrase)
                if span is None and self.text is not None:
                    self.out.gold_problems.append(f"{self.gold.article}: evidence of {event.id} not in the text: {phrase!r}")
                elif span is not None:
                    spans.append(span)
            golds.append(spans)
        article = self.gold.article
        items = self.view.events_in(article)
        taken = self._pair(golds, items, EventView.weight, self.out.events)
        matched: dict[str, EventView] = {}
        chosen = {e.iri for e in taken.values()}
        for item in items:
            if item.iri in chosen:
                continue
            near = [g.id for g, spans in zip(self.gold.events, golds) if _match_score(spans, item.spans[article])[0]]
            reason = f"duplicate of gold event {near[0]}" if near else "no gold event at its words"
            self.note("events", "extra", reason, self._quote(item.spans[article]), f"{item.event_class} {item.label}")
        for index, event in enumerate(self.gold.events):
            item = taken.get(index)
            if item is None:
                self.note("events", "missed", "no graph event overlaps its evidence", event.evidence[0], f"{event.type} {event.id}")
                continue
            matched[event.id] = item
            self.out.types["events"].total += 1
            if item.event_class == event.type:
                self.out.types["events"].hits += 1
            else:
                self.note("type:events", "wrong-type", f"typed {item.event_class}, gold {event.type}", event.evidence[0], event.id)
            self._roles(event, item)
            self._values(event, item)
        return matched

    def _pair(self, golds: list[list[Span]], items: list, weight, counts: Counts) -> dict[int, object]:
        """Match gold items to graph items of this article (``_assign``) and count the pairs."""
        taken = _assign(golds, items, lambda item: item.spans.get(self.gold.article, []), weight)
        counts.add(Counts(len(taken), len(items), len(taken), len(golds)))
        return taken

    def _quote(self, spans: list[Span]) -> str:
        if self.text is None or not spans:
            return ""
        start, end = spans[0]
        return self.text[start:end]

    def _fillers(self, field_name: str, gold_ids: Iterable[str], fillers: list[str], counts: Counts, where: str,
                 through_places: bool = False) -> None:
        gold_ids = set(gold_ids)
        found: set[str] = set()
        for iri in fillers:
            ids = self.ids(iri, through_places)
            counts.predicted += 1
            if ids & gold_ids:
                counts.right += 1
                found |= ids & gold_ids
            else:
                reason = "not a gold entity of the article" if not ids else f"gold has {', '.join(sorted(gold_ids)) or 'none'}"
                self.note(field_name, "extra", reason, self.label(iri), where)
        counts.gold += len(gold_ids)
        counts.found += len(found)
        for missing in sorted(gold_ids - found):
            reason = "no filler given" if not fillers else "the fillers given are others"
            self.note(field_name, "missed", reason, missing, where)

    def _roles(self, event: GoldEvent, item: EventView) -> None:
        for role in ROLES:
            self._fillers(f"role:{role}", event.roles[role], item.roles[role], self.out.roles[role], event.id,
                          through_places=role == "place")

    def _values(self, event: GoldEvent, item: EventView) -> None:
        for prop in VALUES:
            gold = set(event.values[prop])
            given = set(item.values[prop])
            counts = self.out.values[prop]
            counts.predicted += len(given)
            counts.right += len(given & gold)
            counts.gold += len(gold)
            counts.found += len(gold & given)
            for value in sorted(given - gold):
                reason = "invented: gold has no value" if not gold else f"wrong: gold has {', '.join(sorted(gold))}"
                self.note(f"value:{prop}", "extra", reason, value, event.id)
            for value in sorted(gold - given):
                reason = "not given" if not given else f"given {', '.join(sorted(given))} instead"
                self.note(f"value:{prop}", "missed", reason, value, event.id)

    # -- claims ----------------------------------------------------------------

    def claims(self) -> None:
        golds = []
        for claim in self.gold.claims:
            span = _locate(self.text, claim.evidence)
            if span is None and self.text is not None:
                self.out.gold_problems.append(f"{self.gold.article}: claim evidence not in the text: {claim.evidence!r}")
            golds.append([span] if span else [])
        article = self.gold.article
        items = self.view.claims_in(article)
        taken = self._pair(golds, items, ClaimView.weight, self.out.claims)
        chosen = {c.iri for c in taken.values()}
        for item in items:
            if item.iri not in chosen:
                self.note("claims", "extra", "no gold claim at its words", self._quote(item.spans[article]), item.claim_type)
        for index, claim in enumerate(self.gold.claims):
            item = taken.get(index)
            if item is None:
                self.note("claims", "missed", "no graph claim overlaps its evidence", claim.evidence, claim.type)
                continue
            self._claim_fields(claim, item)

    def _claim_fields(self, claim: GoldClaim, item: ClaimView) -> None:
        where = claim.evidence[:60]
        self.out.types["claims"].total += 1
        if item.claim_type == claim.type:
            self.out.types["claims"].hits += 1
        else:
            self.note("type:claims", "wrong-type", f"typed {item.claim_type}, gold {claim.type}", claim.evidence)
        gold = {"claimant": [claim.claimant] if claim.claimant else [], "accused": claim.accused, "reportedBy": claim.reported_by}
        given = {"claimant": item.claimants, "accused": item.accused, "reportedBy": item.reported_by}
        for name in CLAIM_FIELDS:
            self._fillers(f"claim:{name}", gold[name], given[name], self.out.claim_fields[name], where)


def evaluate(gold: list[GoldArticle], view: GraphView) -> Evaluation:
    """Score ``view`` against every gold article."""
    evaluation = Evaluation([g.article for g in gold], [g.article for g in gold if g.article not in view.texts])
    entity_nodes: dict[str, dict[str, set[str]]] = defaultdict(dict)  # gold id → article → matching nodes
    event_nodes: dict[str, dict[str, Optional[str]]] = defaultdict(dict)  # gold event id → article → graph event
    node_ids: dict[str, set[str]] = defaultdict(set)  # graph node → gold ids it matches
    event_ids: dict[str, set[str]] = defaultdict(set)
    for article in gold:
        scoring = _Article(article, view, evaluation)
        matching = scoring.entities()
        for entity in article.entities:
            entity_nodes[entity.id][article.article] = matching.get(entity.id, set())
        for node in scoring.nodes:
            node_ids[node.iri] |= scoring.ids(node.iri)
        matched = scoring.events()
        for event in article.events:
            item = matched.get(event.id)
            event_nodes[event.id][article.article] = item.iri if item else None
            if item:
                event_ids[item.iri].add(event.id)
        scoring.claims()
    for kind, table in (("entities", entity_nodes), ("events", event_nodes)):
        ratio = evaluation.merges[kind]
        for gold_id, per_article in sorted(table.items()):
            if len(per_article) < 2:
                continue
            ratio.total += 1
            found = [v if isinstance(v, set) else ({v} if v else set()) for v in per_article.values()]
            if set.intersection(*found):
                ratio.hits += 1
            else:
                evaluation.findings.append(Finding(
                    "*", f"merge:{kind}", "missed", "no one node in all its articles", gold_id, ", ".join(sorted(per_article)),
                ))
    for table, labels in ((node_ids, view.nodes), (event_ids, view.events)):
        for iri, ids in sorted(table.items()):
            if len(ids) > 1:
                evaluation.false_merges.append(FalseMerge(iri, labels[iri].label, tuple(sorted(ids))))
    evaluation.findings.sort()
    return evaluation


def _percent(value: Optional[float]) -> str:
    return "   –" if value is None else f"{value:.2f}"


def render_text(evaluation: Evaluation, errors: bool = False) -> str:
    """The report ``kg eval`` prints: a table per field, then the summary line."""
    lines = [f"{len(evaluation.articles)} gold articles"
             + (f" ({len(evaluation.absent)} not in the graph: {', '.join(evaluation.absent)})" if evaluation.absent else "")]
    lines.append("")
    lines.append(f"{'field':<22} {'P':>5} {'R':>5} {'F1':>5}   right/predicted  found/gold")

    def row(name: str, counts: Counts, indent: int = 0) -> None:
        lines.append(
            f"{' ' * indent + name:<22} {_percent(counts.precision):>5} {_percent(counts.recall):>5} {_percent(counts.f1):>5}"
            f"   {counts.right:>5}/{counts.predicted:<9} {counts.found:>4}/{counts.gold}"
        )

    row("entities", evaluation.entities)
    row("events", evaluation.events)
    row("roles", evaluation.role_total)
    for name, counts in evaluation.roles.items():
        row(name, counts, 2)
    row("values", evaluation.value_total)
    for name, counts in evaluation.values.items():
        row(name, counts, 2)
    row("claims", evaluation.claims)
    for name, counts in evaluation.claim_fields.items():
        row(name, counts, 2)
    lines.append("")
    for kind, ratio in evaluation.types.items():
        lines.append(f"type accuracy, {kind:<9} {_percent(ratio.value)}   {ratio.hits}/{ratio.total}")
    for kind, ratio in evaluation.merges.items():
        lines.append(f"merge recall, {kind:<10} {_percent(ratio.value)}   {ratio.hits}/{ratio.total}")
    lines.append(f"false merges: {len(evaluation.false_merges)} nodes match two gold things")
    for merge in evaluation.false_merges:
        lines.append(f"  {merge.label} <{merge.iri}>: {', '.join(merge.gold_ids)}")
    if evaluation.gold_problems:
        lines.append(f"gold problems: {len(evaluation.gold_problems)}")
        lines.extend(f"  {p}" for p in evaluation.gold_problems)
    if errors:
        lines.append("")
        lines.append(f"errors ({len(evaluation.findings)}):")
        width = max((len(f.article) for f in evaluation.findings), default=0)
        for f in evaluation.findings:
            detail = f" [{f.detail}]" if f.detail else ""
            lines.append(f"  {f.article:<{width}}  {f.field:<16} {f.kind:<10} {f.reason}: «{f.text}»{detail}")
    summary = evaluation.summary()
    lines.append("")
    lines.append(
        "summary: " + " · ".join(f"{k.replace('_', ' ')} {_percent(v)}" for k, v in summary.items())
    )
    return "\n".join(lines) + "\n"
