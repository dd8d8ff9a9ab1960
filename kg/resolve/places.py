"""Places on the map: link place nodes to GeoNames features (``kg.geo``), locate events.

A place node is linked only when its name, its kind and its context leave one
candidate; otherwise it stays unlinked, with a note saying why. In order:

1. countries: a country node whose name is a country's (French, English or ISO
   name: "Irak", "États-Unis") is that country; a country named by its capital
   (a metonymy that was not folded into its country: "Téhéran a répondu") is
   the country of that capital, never the city. A place node named exactly as
   a country becomes that country;
2. cities (city and place nodes): the GeoNames cities of that name, narrowed by
   the context, strongest first:
   - the countries the node lies in (``nkg:locatedIn``, followed transitively):
     "Bagdad (Irak)" keeps only Iraq's Bagdad, and no candidate there means no link;
   - a place it is said to be near ("Taji, au nord de Bagdad", "à 30 km de
     Mossoul", ``kg/data/geo/relative_cues.tsv``): only candidates within
     ``NEAR_KM`` of that place's point;
   - the countries linked in step 1 that the same articles name;
   then one candidate left is the link; of several, the most populous when it
   has ``DOMINANCE`` times the population of the next (Paris, France, over
   Paris, Texas): population is a tie-breaker, not a guess among equals.
   A city is typed ``nkg:City`` from the match.

Facilities and areas are not linked (a base or a district is not the city of
its name) but are placed by the linked places they lie in. Each decision is an
English sentence in ``Entity.geo_note`` (``nkg:geoNote``, shown by ``kg explain``).

``locate_events`` then gives each event the point of its place, with ACLED's
geo-precision: 1 when the place is a linked town or lies in one (a facility,
an area), 2 when the text puts the event near the town ("au nord de
Bagdad"), 3 when only the country is known.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from typing import Iterable, Optional

from ..model import Entity, EventLocation, GeoLink, Mention
from ..names import fold
from ..resources import read_table

LINKED_KINDS = frozenset({"country", "city", "place"})
DOMINANCE = 10  # the most populous candidate wins only with this many times the next one's population
NEAR_KM = 300.0  # "au nord de X": within this distance of X
CUE_WINDOW = 80  # characters between two names, or before an event's place, where a cue is read


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern, re.Pattern]:
    """(between: "Y, au nord de X" between two names; before: "au nord de" just before a name)."""
    number = r"\d+(?:[.,]\d+)?"
    parts = []
    for row in read_table("geo/relative_cues.tsv"):
        words = r"\s+".join(re.escape(w) for w in row["cue"].split()).replace("N", number)
        parts.append(rf"(?:au|a\s+l'|a\s+l)\s+{words}" if row["kind"] == "direction" else words)
    cue = r"(?:a\s+" + number + r"\s+(?:km|kilometres)\s+)?(?:" + "|".join(parts) + r")\s+(?:de\s+la|de\s+l'|de|du|des|d')\s*"
    between = re.compile(r"\s*,?\s*(?:(?:qui\s+est\s+|est\s+)?(?:situee?s?|localisee?s?)\s+)?" + cue, re.UNICODE)
    before = re.compile(r"(?:^|\W)" + cue + r"$", re.UNICODE)
    return between, before


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371.0088 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _link(feature, admin1: str = "") -> GeoLink:
    return GeoLink(feature.geonames_id, feature.feature_class, feature.name, feature.country_code,
                   feature.iso_numeric, feature.lat, feature.lon, feature.population, admin1)


def _names(entity: Entity) -> list[str]:
    """The label first, then the other forms that are names (capitalized: not "américain")."""
    others = [n for n in entity.alt_labels if n[:1].isupper() and n != entity.label]
    return [entity.label, *others]


def _describe(feature) -> str:
    where = f", {feature.country_code}" if feature.feature_class == "city" else f", ISO {feature.country_code}"
    return f"{feature.name} (GeoNames {feature.geonames_id}{where}, population {feature.population:,})"


class _Context:
    """What the articles say around the place nodes."""

    def __init__(self, entities: list[Entity], mention_key: dict[Mention, str], extractions) -> None:
        self.by_key = {e.key: e for e in entities}
        self.inside: dict[str, set[str]] = defaultdict(set)  # place → places it lies in (direct)
        self.near: dict[str, set[str]] = defaultdict(set)  # place → places the text puts it near
        self.near_mentions: set[Mention] = set()  # mentions of places that follow "au nord de", "près de"
        self.article_keys: dict[str, set[str]] = defaultdict(set)
        for entity in entities:
            for mention in entity.mentions:
                self.article_keys[mention.article_id].add(entity.key)
        between, before = _cues()
        for extraction in extractions:
            for relation in extraction.relations:
                if relation.prop == "locatedIn" and relation.obj is not None:
                    inner, outer = mention_key.get(relation.subject.mention), mention_key.get(relation.obj.mention)
                    if inner and outer and inner != outer:
                        self.inside[inner].add(outer)
            text = extraction.article.text
            places = sorted({m for m in (em.mention for em in extraction.entities)
                             if self._is_place(mention_key.get(m))}, key=lambda m: (m.start, m.end))
            for i, mention in enumerate(places):
                window = fold(text[max(0, mention.start - CUE_WINDOW):mention.start])
                if before.search(window):
                    self.near_mentions.add(mention)
                for other in places[i + 1:]:
                    if other.start - mention.end > CUE_WINDOW:
                        break
                    if other.start >= mention.end and between.fullmatch(fold(text[mention.end:other.start])):
                        one, two = mention_key[mention], mention_key[other]
                        if one != two:
                            self.near[one].add(two)

    def _is_place(self, key: Optional[str]) -> bool:
        entity = self.by_key.get(key) if key else None
        return entity is not None and entity.kind in ("country", "city", "place", "area", "facility")

    def containers(self, key: str) -> set[str]:
        """The places ``key`` lies in, transitively."""
        seen, todo = set(), list(self.inside.get(key, ()))
        while todo:
            outer = todo.pop()
            if outer not in seen:
                seen.add(outer)
                todo.extend(self.inside.get(outer, ()))
        return seen

    def articles(self, entity: Entity) -> set[str]:
        return {m.article_id for m in entity.mentions}


def link_places(entities: list[Entity], mention_key: dict[Mention, str], extractions, gazetteer=None) -> dict[str, str]:
    """Link the place nodes to GeoNames (``Entity.geo``, ``owl:sameAs``, ``geo_note``), re-type the
    places a match makes cities or countries, and re-key them: ``mention_key`` is updated in place.
    Returns the keys changed (old → new)."""
    if not any(e.kind in LINKED_KINDS for e in entities):
        return {}
    if gazetteer is None:
        from ..geo import gazetteer as load

        gazetteer = load()
    context = _Context(entities, mention_key, extractions)
    ordered = sorted(entities, key=lambda e: e.key)
    for entity in ordered:
        if entity.kind in ("country", "place"):
            _link_country(entity, gazetteer)
    linked_countries = {e.key: e.geo.country_code for e in ordered if e.geo is not None and e.geo.feature_class == "country"}
    by_article: dict[str, set[str]] = defaultdict(set)
    for key, code in linked_countries.items():
        for article in context.articles(context.by_key[key]):
            by_article[article].add(code)
    # cities: first those no other place is needed for, then those placed near a linked one
    pending = [e for e in ordered if e.kind in ("city", "place") and e.geo is None]
    for _round in range(2):
        for entity in pending:
            if entity.geo is None:
                _link_city(entity, gazetteer, context, linked_countries, by_article, final=_round == 1)
    for entity in entities:
        if entity.geo is not None and entity.geo.iri not in entity.same_as:
            entity.same_as = sorted([*entity.same_as, entity.geo.iri])
    return _rekey(entities, mention_key)


def _link_country(entity: Entity, gazetteer) -> None:
    names = _names(entity)
    named = {f.country_code: n for n in names if (f := gazetteer.country_by_name(n)) is not None}
    if len(named) > 1:  # "Niger" and "Nigeria" merged into one node upstream: which is it?
        entity.geo_note = ("not linked to GeoNames: its names are those of several countries ("
                           + ", ".join(f"«{n}» {code}" for code, n in sorted(named.items())) + ")")
        return
    found = gazetteer.country_by_name(entity.label)
    if found is not None:
        entity.geo = _link(found)
        entity.geo_note = f"«{entity.label}» is the name of the country {_describe(found)}"
        return
    if entity.kind != "country":
        return
    codes = {f.country_code: (n, f) for n in names[1:] if (f := gazetteer.country_by_name(n)) is not None}
    if len(codes) == 1:
        name, found = next(iter(codes.values()))
        entity.geo = _link(found)
        entity.geo_note = f"«{name}», a name of this node, is the name of the country {_describe(found)}"
        return
    # a country named by its capital: the state, not the city
    capitals = {}
    for name in names:
        for city in gazetteer.lookup(name, "city"):
            capital = gazetteer.capital(city.country_code)
            if capital is not None and capital.geonames_id == city.geonames_id:
                capitals[city.country_code] = (name, city)
    if len(capitals) == 1:
        code, (name, city) = next(iter(capitals.items()))
        country = gazetteer.country(code)
        if country is not None:
            entity.geo = _link(country)
            entity.geo_note = (f"«{name}» names the capital {city.name} of {_describe(country)}: "
                               "the state it stands for, not the city")
            return
    if len(codes) > 1:
        entity.geo_note = "not linked to GeoNames: its names are those of several countries (" + \
            ", ".join(sorted(codes)) + ")"
    else:
        entity.geo_note = f"not linked to GeoNames: no country is named «{entity.label}»"


def _link_city(entity: Entity, gazetteer, context: _Context, countries: dict[str, str],
               by_article: dict[str, set[str]], final: bool) -> None:
    candidates: dict[int, object] = {}
    used = entity.label
    for name in _names(entity):
        found = gazetteer.lookup(name, "city")
        if found:
            candidates = {f.geonames_id: f for f in found}
            used = name
            break
    if not candidates:
        if final:
            entity.geo_note = f"not linked to GeoNames: no city of at least 15,000 inhabitants is named «{entity.label}»"
        return
    options = sorted(candidates.values(), key=lambda f: (-f.population, f.geonames_id))
    why = []
    # 1. the countries it lies in
    containers = sorted((context.by_key[k] for k in context.containers(entity.key)
                         if k in context.by_key and context.by_key[k].geo is not None), key=lambda e: e.key)
    inside = {c.geo.country_code for c in containers}
    if inside:
        where = ", ".join(f"«{c.label}» ({c.geo.country_code})" for c in containers)
        options = [f for f in options if f.country_code in inside]
        if not options:
            entity.geo_note = (f"not linked to GeoNames: the text puts «{entity.label}» in {where}, "
                               "where no city of at least 15,000 inhabitants has that name")
            return
        why.append(f"the text puts it in {where}")
    # 2. a place it is said to be near
    anchors = [context.by_key[k] for k in sorted(context.near.get(entity.key, ())) if k in context.by_key]
    linked_anchors = [a for a in anchors if a.geo is not None]
    if anchors and not linked_anchors and not final:
        return  # wait for the place it is near to be linked
    if linked_anchors:
        close = [f for f in options if any(distance_km(f.lat, f.lon, a.geo.lat, a.geo.lon) <= NEAR_KM for a in linked_anchors)]
        if close:
            options = close
            why.append("the text puts it near " + ", ".join(f"«{a.label}»" for a in linked_anchors))
    # 3. the countries the same articles name
    if len(options) > 1:
        named = set().union(*(by_article.get(a, set()) for a in context.articles(entity)))
        in_named = [f for f in options if f.country_code in named]
        if in_named and len(in_named) < len(options):
            options = in_named
            why.append("its articles name the country of " + ("that one" if len(in_named) == 1 else "those")
                       + " (" + ", ".join(sorted({f.country_code for f in in_named})) + ")")
    if len(options) > 1:
        first, second = options[0], options[1]
        if first.population >= DOMINANCE * max(second.population, 1):
            why.append(f"the most populous of {len(options)} cities of that name "
                       f"({first.population:,} inhabitants, the next {second.population:,})")
            options = [first]
        else:
            listed = ", ".join(f"{f.name} ({f.country_code}, {f.population:,})" for f in options[:4])
            entity.geo_note = (f"not linked to GeoNames: {len(options)} cities are named «{used}» ({listed}"
                               f"{', …' if len(options) > 4 else ''}) and nothing in the text tells them apart")
            return
    found = options[0]
    entity.geo = _link(found)
    if entity.kind == "place":
        entity.kind = "city"
    reason = f"; {'; '.join(why)}" if why else "; the only city of that name"
    entity.geo_note = f"«{used}» is the city {_describe(found)}{reason}"


def _rekey(entities: list[Entity], mention_key: dict[Mention, str]) -> dict[str, str]:
    """Give re-typed nodes the key of their new kind (``city_…``), unless another node has it."""
    from .entities import slug

    taken = {e.key for e in entities}
    renamed = {}
    for entity in entities:
        prefix = f"{entity.kind}_"
        if entity.key.startswith(prefix) or entity.kind == "source":
            continue
        new = f"{entity.kind}_{slug(entity.label)}"
        if new in taken:
            continue
        taken.add(new)
        renamed[entity.key] = new
        entity.key = new
    if renamed:
        for mention, key in mention_key.items():
            if key in renamed:
                mention_key[mention] = renamed[key]
        entities.sort(key=lambda e: e.key)
    return renamed


def locate_events(events, entities: Iterable[Entity], relations, extractions=()) -> None:
    """Give each event the point of its place (``Event.location``): its nkg:place, else the
    places it targeted, each followed up nkg:locatedIn to the nearest linked place."""
    by_key = {e.key: e for e in entities}
    inside: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        if relation.prop == "locatedIn" and relation.obj is not None:
            inside[relation.subject].add(relation.obj)
    texts = {x.article.identifier: x.article.text for x in extractions}
    _between, before = _cues()

    def linked_container(key: str) -> Optional[tuple[Entity, int]]:
        """The nearest linked place ``key`` is or lies in, and how many steps up."""
        seen, frontier, depth = {key}, [key], 0
        while frontier:
            linked = sorted((by_key[k] for k in frontier if k in by_key and by_key[k].geo is not None),
                            key=lambda e: (e.geo.feature_class != "city", e.key))
            if linked:
                return linked[0], depth
            frontier = sorted({o for k in frontier for o in inside.get(k, ()) if o not in seen})
            seen.update(frontier)
            depth += 1
        return None

    for event in events:
        places = [(k, ms) for role, k, ms in event.roles if role == "place" and k in by_key]
        if not places:
            places = [(k, ms) for role, k, ms in event.roles if role == "target" and k in by_key
                      and by_key[k].kind in ("city", "facility", "area", "place")]
        found: dict[str, tuple[int, str]] = {}
        for key, mentions in places:
            hit = linked_container(key)
            if hit is None:
                continue
            target, depth = hit
            place = by_key[key]
            near = any(before.search(fold(texts.get(m.article_id, "")[max(0, m.start - CUE_WINDOW):m.start]))
                       for m in mentions if m.article_id in texts)
            if target.geo.feature_class == "country":
                precision, why = 3, f"only the country is known: «{target.label}»"
            elif near:
                precision, why = 2, f"the text puts it near «{target.label}»"
            else:
                precision, why = 1, (f"in «{target.label}»" if depth == 0 else f"at «{place.label}», in «{target.label}»")
            if target.key not in found or precision < found[target.key][0]:
                found[target.key] = (precision, why)
        if not found:
            continue
        best = min(p for p, _w in found.values())
        at_best = sorted(k for k, (p, _w) in found.items() if p == best)
        if len(at_best) == 1:
            key = at_best[0]
            event.location = EventLocation(key, best, found[key][1])
            continue
        # several places as precise: their one country, if they share it
        codes = {by_key[k].geo.country_code for k in at_best}
        country = [e for e in by_key.values() if e.geo is not None and e.geo.feature_class == "country"
                   and e.geo.country_code in codes]
        if len(codes) == 1 and country:
            target = min(country, key=lambda e: e.key)
            names = ", ".join(f"«{by_key[k].label}»" for k in at_best)
            event.location = EventLocation(target.key, 3, f"several places ({names}), all in «{target.label}»")
