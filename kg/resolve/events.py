"""One node per real event: merge the reports of one event, within and across articles.

Two reports are one event when (after entity resolution):

- they report the killing of the same person (a person dies once), or
- they give the same day, are of compatible kinds, and share a target or a
  place ("the attack of 16 February on the base").

Reports are compared only inside blocks (same person killed, same day), so
the cost grows with the number of candidates, not with the square of the
corpus. Merging fills gaps (one report's date, another's toll) and never
hides disagreement: each value stays with its own evidence, and a property on
which sources disagree is listed as a discrepancy. Every merge is recorded as
a note that ``kg explain`` prints.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..model import Event, EventValue, Mention
from ..unionfind import UnionFind
from ..vocabulary import ATTACK_CLASSES, CLASS_FAMILY, CLASS_PRECEDENCE, event_label

# Kinds that say less than their siblings: they may join a more specific report.
GENERIC_CLASSES = frozenset({"Attack", "Killing"})


@dataclass
class _Report:
    """One event report, with what coreference needs beyond the Event itself."""

    event: Event
    killing: bool  # one of its words is a killing ("assassinat", "tuer")
    sentence_persons: frozenset[str]  # keys of the persons its sentence names
    refers_back: bool = False  # "cette attaque", "le bilan": it names an event reported around it
    distinct: bool = False  # "une nouvelle attaque": another event than the one before
    definite: bool = False  # "l'attaque": most likely the event the article is about
    additive: bool = False  # "des roquettes se sont aussi abattues sur X": more of the event just told

    def __post_init__(self) -> None:
        # read once: a report is compared with every other report of its blocks
        self.role_keys: dict[str, frozenset[str]] = defaultdict(frozenset)
        for role in {r for r, _key, _ in self.event.roles}:
            self.role_keys[role] = frozenset(_keys(self.event, role))
        self.day = _day(self.event)
        self.dates = frozenset(v.value for v in self.event.values if v.prop == "date")


def _report(article_id: str, em, mention_key: dict[Mention, str]) -> Event:
    role_mentions: dict[tuple[str, str], set[Mention]] = defaultdict(set)
    for filler in em.roles:
        role_mentions[(filler.role, mention_key[filler.entity.mention])].add(filler.entity.mention)
    return Event(
        article_id=article_id,
        event_class=em.event_class,
        label=em.label,
        trigger=em.trigger,
        roles=[(role, key, tuple(sorted(ms))) for (role, key), ms in sorted(role_mentions.items())],
        mentions=sorted({em.trigger, *em.evidence}),
        values=sorted(set(em.values)),
    )


def _keys(event: Event, role: str) -> set[str]:
    return {key for r, key, _ in event.roles if r == role}


def _day(event: Event) -> str | None:
    dates = {v.value for v in event.values if v.prop == "date" and len(v.value) == 10}
    return dates.pop() if len(dates) == 1 else None


def _compatible_classes(a: str, b: str) -> bool:
    return CLASS_FAMILY[a] == CLASS_FAMILY[b] and (a == b or a in GENERIC_CLASSES or b in GENERIC_CLASSES)


def _same_event(ra: _Report, rb: _Report, labels: dict[str, str]) -> str | None:
    """Why two reports are one event, or None."""
    a, b = ra.event, rb.event
    if CLASS_FAMILY[a.event_class] != CLASS_FAMILY[b.event_class]:
        return None
    killed = ra.role_keys["killed"] & rb.role_keys["killed"]
    if killed:
        return "both report the killing of " + ", ".join(sorted(labels[k] for k in killed))
    for one, other in ((ra, rb), (rb, ra)):
        # a killing whose victims the parse missed, in a sentence naming the victims of the other
        named = one.sentence_persons & other.role_keys["killed"]
        if one.killing and not one.role_keys["killed"] and named:
            return "a killing reported in a sentence that names " + ", ".join(sorted(labels[k] for k in named))
    day = ra.day
    if day is None or day != rb.day or not _compatible_classes(a.event_class, b.event_class):
        return None
    shared = (ra.role_keys["target"] & rb.role_keys["target"]) | (ra.role_keys["place"] & rb.role_keys["place"])
    if shared:
        return f"same day ({day}) and same target or place: " + ", ".join(sorted(labels[k] for k in shared))
    return None


def _blocks(reports: list[_Report]) -> dict[tuple, list[int]]:
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        persons = report.role_keys["killed"]
        if report.killing and not persons:
            persons = report.sentence_persons
        for key in persons:
            blocks[("killed", key)].append(index)
        if report.day is not None:
            blocks[("day", report.day)].append(index)
    return blocks


def _merged_values(values: list[EventValue]) -> tuple[list[EventValue], list[Mention], list[str]]:
    """Keep every value the sources give, minus dates another value makes more precise.

    Returns (values, mentions of the values dropped as less precise, properties in dispute).
    """
    by_prop: dict[str, list[EventValue]] = defaultdict(list)
    for value in sorted(set(values)):
        by_prop[value.prop].append(value)
    kept, extra, disputed = [], [], []
    for prop in sorted(by_prop):
        candidates = by_prop[prop]
        if prop == "date":  # "2020-01" agrees with "2020-01-03": only the precise one is a value
            lexicals = {v.value for v in candidates}
            precise = {x for x in lexicals if not any(y != x and y.startswith(x) for y in lexicals)}
            extra += [v.mention for v in candidates if v.value not in precise]
            candidates = [v for v in candidates if v.value in precise]
        kept += candidates
        if len({v.value for v in candidates}) > 1:
            disputed.append(prop)
    return kept, extra, disputed


def resolve_events(
    extractions, mention_key: dict[Mention, str], labels: dict[str, str], trigger_event: dict | None = None,
    places: "PlaceTree | None" = None, headlines: dict[str, int] | None = None,
) -> list[Event]:
    """Merge the event reports of all articles; ``labels`` maps entity keys to labels.

    ``trigger_event``, when given, is filled with each report's trigger → its merged event;
    ``places`` says which places lie in which (from the resolved locatedIn relations);
    ``headlines`` gives, per article, the offset where its headline ends (if it has one).
    """
    places = places or PlaceTree()
    trigger_event = {} if trigger_event is None else trigger_event
    reports = [
        _Report(
            _report(x.article.identifier, em, mention_key),
            killing="Killing" in em.word_classes,
            sentence_persons=frozenset(mention_key[p.mention] for p in em.sentence_persons),
            refers_back=em.refers_back, distinct=em.distinct, definite=em.definite, additive=em.additive,
        )
        for x in sorted(extractions, key=lambda x: x.article.identifier)
        for em in x.events
    ]
    union = UnionFind(range(len(reports)))
    reasons: dict[int, set[str]] = defaultdict(set)  # report → why it joined another
    dropped = _within_articles(reports, union, reasons, labels, places, headlines or {})
    for block in _blocks(reports).values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if union.find(a) == union.find(b):
                    continue  # already one event: a reason more would not be recorded
                why = _same_event(reports[a], reports[b], labels)
                if why is not None and union.union(a, b):
                    reasons[a].add(why)
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(reports)):
        if index not in dropped:
            clusters[union.find(index)].append(index)
    events = []
    for members in clusters.values():
        why = sorted({text for a in members for text in reasons.get(a, ())})
        merged = _merge([reports[i].event for i in members], why, labels)
        events.append(merged)
        for i in members:
            trigger_event[reports[i].event.trigger] = merged
    return sorted(events, key=lambda e: (e.article_id, e.trigger.start))


class PlaceTree:
    """Which place lies in which, from the resolved nkg:locatedIn relations, the countries, and
    the actors only described in one article (whose identity with a named one is unknown)."""

    def __init__(self, located_in: dict[str, set[str]] | None = None, countries: frozenset[str] = frozenset(),
                 vague: frozenset[str] = frozenset()) -> None:
        self.vague = vague  # nodes of unnamed actors of one article ("les assaillants"): they may be anyone named
        self.up: dict[str, set[str]] = {}
        for place in located_in or {}:
            seen, todo = set(), list(located_in[place])
            while todo:
                outer = todo.pop()
                if outer not in seen:
                    seen.add(outer)
                    todo.extend((located_in or {}).get(outer, ()))
            self.up[place] = seen
        self.countries = countries

    def compatible(self, a: frozenset[str], b: frozenset[str]) -> bool:
        """Whether two sets of places can be where one event happened: they share a place,
        one lies in the other, or one of them is only a country."""
        a, b = a - self.countries, b - self.countries
        if not a or not b or a & b:
            return True
        return any(y in self.up.get(x, ()) or x in self.up.get(y, ()) for x in a for y in b)


def _cluster_conflict(cluster: list[_Report], report: _Report, places: PlaceTree, elsewhere: bool = False) -> bool:
    """Whether a report says something its article's cluster contradicts: another date, other
    victims or targets, places that cannot be the same, other forces or numbers of troops.
    Unnamed actors ("les assaillants", "des hommes armés") may be anyone as agents, but two
    different described victims or targets are two ("un lycéen", "trois jeunes juifs")."""
    def pooled(role: str) -> frozenset[str]:
        return frozenset().union(*(r.role_keys[role] for r in cluster))

    theirs_dates = frozenset().union(*(r.dates for r in cluster))
    for mine in report.dates:
        if any(not (mine.startswith(d) or d.startswith(mine)) for d in theirs_dates):
            return True
    for role in ("killed", "target", "agent") if not elsewhere else ("killed", "agent"):
        mine, theirs = report.role_keys[role], pooled(role)
        if role == "agent":
            mine, theirs = mine - places.vague, theirs - places.vague
        if mine and theirs and not mine & theirs:
            return True
    if not elsewhere and not places.compatible(report.role_keys["place"], pooled("place")):
        return True  # (a report that adds to the event, "aussi sur X", may be told elsewhere)
    for prop in ("fatalities", "injuries"):  # "n'a fait aucune victime" is not the attack "faisant un mort"
        theirs = {v.value for r in cluster for v in r.event.values if v.prop == prop}
        mine = {v.value for v in report.event.values if v.prop == prop}
        if theirs and mine and not theirs & mine and ("0" in theirs | mine):
            return True
    troops = {v.value for r in cluster for v in r.event.values if v.prop == "troops"}
    mine = {v.value for v in report.event.values if v.prop == "troops"}
    return bool(troops and mine and not troops & mine)


def _may_join(cluster: list[_Report], report: _Report) -> bool:
    """Classes that one event can have: the same, or a generic attack or killing with any
    attack; a protest joins an attack only when they share an actor or a target."""
    classes = {r.event.event_class for r in cluster}
    mine = report.event.event_class
    if not all(CLASS_FAMILY[c] == CLASS_FAMILY[mine] for c in classes):
        return False
    if all(c == mine or _compatible_classes(c, mine) for c in classes) and ("Protest" not in classes | {mine} or classes == {mine}):
        return True
    shared = any(report.role_keys[role] & r.role_keys[role] for r in cluster for role in ("agent", "target", "participant"))
    return all(_compatible_classes(c, mine) for c in classes) and shared


def _same_kind(event_class: str, classes: set[str]) -> bool:
    """Whether a cluster has the class of a report or one of its subclasses (an attack for "attaque")."""
    return any(c == event_class or event_class in GENERIC_CLASSES and c in ATTACK_CLASSES for c in classes) \
        if event_class != "Killing" else "Killing" in classes


def _specific(report: _Report, places: PlaceTree) -> bool:
    """Whether a report says anything of its own: a named actor, victim or place, a day, a count."""
    # a country alone says little: "sont entrés au Mozambique" may be the deployment just told at Pemba
    return bool(report.day or report.event.values or any(
        keys - places.vague - (places.countries if role == "place" else frozenset())
        for role, keys in report.role_keys.items()))


def _shares(cluster: list[_Report], report: _Report, places: PlaceTree) -> bool:
    """Whether a report and a cluster name the same actor, victim, target (a victim of one may be
    the target of the other) or (non-country) place, or day."""
    for role in ("agent", "target", "killed", "participant"):
        if any(report.role_keys[role] & r.role_keys[role] for r in cluster):
            return True
    sides = report.role_keys["agent"] | report.role_keys["participant"]  # "les combats entre X et Y", "X a pris la ville"
    if any(sides & (r.role_keys["agent"] | r.role_keys["participant"]) for r in cluster):
        return True
    victims = report.role_keys["target"] | report.role_keys["killed"]  # shot at, then killed: one person
    if any(victims & (r.role_keys["target"] | r.role_keys["killed"]) for r in cluster):
        return True
    mine = report.role_keys["place"] - places.countries
    if mine and any(mine & r.role_keys["place"] for r in cluster):
        return True
    return bool(report.day) and any(r.day == report.day for r in cluster)


def _near_kind(cluster_classes: set[str], event_class: str) -> bool:
    """Whether a report told without specifics can be told of a cluster by nearness alone: the
    same class, an attack word for any attack, a killing for an attack (its outcome); an attack
    is not the outcome of a killing."""
    if event_class in cluster_classes:
        return True
    if event_class in ("Attack", "Killing"):
        return bool(cluster_classes & ATTACK_CLASSES)
    return False


def _within_articles(reports: list[_Report], union: UnionFind, reasons: dict, labels: dict[str, str],
                     places: PlaceTree, headlines: dict[str, int]) -> set[int]:
    """One article tells one event in many words: its headline, its lede, "l'attaque", "cette
    attaque", "le bilan". In text order:

    - a report that names an actor, a victim, a place or a day of an earlier event of the
      article and contradicts none of them is that event;
    - a report with no such name of its own ("l'attaque", "l'agression", "cette attaque", "le
      bilan", "les assaillants ont incendié…") is the nearest event before it that it can be
      (the same kind, nothing contradicting it), else the nearest after it; one that only refers
      back and finds nothing is dropped;
    - the headline's event is the first event of the text it can be;
    - "une nouvelle attaque" is never the one before.

    Returns the reports dropped."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for index, report in enumerate(reports):
        by_article[report.event.article_id].append(index)
    dropped: set[int] = set()
    for article_id, indices in by_article.items():
        indices.sort(key=lambda i: reports[i].event.trigger.start)
        headline_end = headlines.get(article_id, -1)
        clusters: list[list[int]] = []

        def start_of(index: int) -> int:
            return reports[index].event.trigger.start

        def fits(cluster: list[int], report: _Report, near: bool = False) -> bool:
            members = [reports[i] for i in cluster]
            if near and not _near_kind({m.event.event_class for m in members}, report.event.event_class):
                return False
            return _may_join(members, report) and not _cluster_conflict(members, report, places)

        def nearest(start: int, backward_first: bool = True) -> list[list[int]]:
            def distance(cluster: list[int]) -> tuple[bool, int]:
                before = [start_of(i) for i in cluster if start_of(i) < start]
                if before:
                    return (not backward_first, start - max(before))
                return (backward_first, min(start_of(i) for i in cluster) - start)
            return sorted(clusters, key=distance)

        def join(cluster: list[int], index: int) -> None:
            union.union(cluster[0], index)
            first, report = reports[cluster[0]].event, reports[index].event
            cluster.append(index)
            reasons[cluster[0]].add(
                f"«{report.trigger.quote}» ({report.trigger.start}) refers to the event of "
                f"«{first.trigger.quote}» ({first.trigger.start}) in article {first.article_id}")

        pending: list[int] = []
        for index in indices:
            report = reports[index]
            if report.additive and not report.distinct:
                # "des roquettes se sont aussi abattues sur la ville X": the salvo just told
                before = [c for c in nearest(start_of(index)) if any(start_of(i) < start_of(index) for i in c)]
                home = next((c for c in before[:1] if report.event.event_class in {reports[i].event.event_class for i in c}
                             and not _cluster_conflict([reports[i] for i in c], report, places, elsewhere=True)), None)
                if home is not None:
                    join(home, index)
                    continue
            named = _specific(report, places) and not report.refers_back  # "cette attaque n'a fait aucune victime" refers back
            described = any(report.role_keys.values())
            home = None
            if named and not report.distinct:
                home = next((c for c in clusters if fits(c, report) and _shares([reports[i] for i in c], report, places)), None)
                if home is None and len(clusters) == 1 and start_of(clusters[0][0]) < headline_end < report.event.trigger.start \
                        and len(clusters[0]) == 1 and fits(clusters[0], report):
                    home = clusters[0]  # the headline's event and the lede's
            elif not report.distinct and (report.refers_back or report.definite or not named):
                if described and not report.refers_back:
                    home = next((c for c in clusters if fits(c, report) and _shares([reports[i] for i in c], report, places)), None)
                home = home or next((c for c in nearest(start_of(index)) if fits(c, report, near=True)), None)
                if home is None and not described:
                    pending.append(index)
                    continue
            if home is not None:
                join(home, index)
            else:
                clusters.append([index])
        for index in pending:  # nothing before it: the nearest event after it, else one of its own
            report = reports[index]
            home = next((c for c in nearest(start_of(index), backward_first=False) if fits(c, report, near=True)), None)
            if home is not None:
                join(home, index)
            elif report.refers_back:
                dropped.add(index)  # "l'incident", "ce bilan" with nothing to refer to
            else:
                clusters.append([index])
    return dropped


def _merge(reports: list[Event], why: list[str], labels: dict[str, str]) -> Event:
    if len(reports) == 1:
        return reports[0]
    first = min(reports, key=lambda r: (r.article_id, r.trigger.start))  # gives the node its IRI
    event_class = min((r.event_class for r in reports), key=CLASS_PRECEDENCE.index)
    role_mentions: dict[tuple[str, str], set[Mention]] = defaultdict(set)
    for report in reports:
        for role, key, mentions in report.roles:
            role_mentions[(role, key)].update(mentions)
    killed = {key for role, key in role_mentions if role == "killed"}
    for key in killed:  # "ont ouvert le feu sur l'avocat" then "l'avocat a été abattu": he was killed
        if ("target", key) in role_mentions:
            role_mentions[("killed", key)].update(role_mentions.pop(("target", key)))
    agents = {key for role, key in role_mentions if role == "agent"}
    sides = {key for role, key in role_mentions if role == "participant"}
    if agents & sides and event_class in ATTACK_CLASSES:
        # "des combats entre l'armée et le M23" and "le M23 a pris la ville": the M23 attacked,
        # the army was attacked
        for key in sides:
            mentions = role_mentions.pop(("participant", key))
            role_mentions[("agent" if key in agents else "target", key)].update(mentions)
    classes = {r.event_class for r in reports}
    if event_class == "Attack" and "Killing" in classes and killed and not any(role == "target" for role, _key in role_mentions):
        event_class = "Killing"  # shots at one person who died: a killing, not an attack with victims
    roles = [(role, key, tuple(sorted(ms))) for (role, key), ms in sorted(role_mentions.items())]
    values, extra, disputed = _merged_values([v for r in reports for v in r.values])
    articles = sorted({r.article_id for r in reports})
    notes = [f"merged {len(reports)} reports from {len(articles)} article(s): " + ", ".join(articles)] + why
    return Event(
        article_id=first.article_id,
        event_class=event_class,
        label=event_label(event_class, sorted({(role, labels[key]) for role, key, _ in roles})),
        trigger=first.trigger,
        roles=roles,
        mentions=sorted({m for r in reports for m in r.mentions} | set(extra)),
        values=values,
        notes=notes,
        discrepancies=disputed,
    )
