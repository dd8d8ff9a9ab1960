"""Load a user's gazetteer of known actors: names, aliases, type and Wikidata QID.

Optional input of ``kg build --gazetteer FILE``: its aliases merge nodes that
the text alone cannot ("Daech" and "État islamique"), its type fixes the
node's class, and its QID becomes an ``owl:sameAs`` link. Two formats
(docs/gazetteer.md): CSV with the columns ``label,aliases,type,wikidata``
(aliases separated by ``|``), or Turtle with ``rdfs:label``/``skos:prefLabel``,
``skos:altLabel``, ``rdf:type nkg:…`` and ``owl:sameAs``.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import KgError

WIKIDATA = "http://www.wikidata.org/entity/"
# Contract classes a gazetteer may give, and the entity kind of each.
TYPE_KINDS = {
    "Person": "person", "Organization": "organization", "ArmedGroup": "armed-group", "MediaOutlet": "media",
    "Place": "place", "Country": "country", "City": "city", "Area": "area", "Facility": "facility",
}
_QID = re.compile(r"Q[1-9][0-9]*\Z")


@dataclass(frozen=True)
class KnownActor:
    label: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None  # an entity kind (kg.model.ENTITY_KINDS), or None when not given
    same_as: tuple[str, ...] = ()  # IRIs (Wikidata entities)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


def _kind(path: Path, where: str, value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    local = value.rsplit("#", 1)[-1].removeprefix("nkg:")
    if local not in TYPE_KINDS:
        raise KgError("E015", path=str(path), detail=f"{where}: unknown type {value!r} (one of {', '.join(TYPE_KINDS)})")
    return TYPE_KINDS[local]


def _from_csv(path: Path) -> list[KnownActor]:
    actors = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"label"} - set(reader.fieldnames or ())
        if missing:
            raise KgError("E015", path=str(path), detail="the header must have a 'label' column (and aliases, type, wikidata)")
        for line, row in enumerate(reader, start=2):
            label = (row.get("label") or "").strip()
            if not label:
                raise KgError("E015", path=str(path), detail=f"line {line}: empty label")
            qid = (row.get("wikidata") or "").strip()
            if qid and not _QID.match(qid):
                raise KgError("E015", path=str(path), detail=f"line {line}: {qid!r} is not a Wikidata QID (Q123)")
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            actors.append(KnownActor(label, aliases, _kind(path, f"line {line}", row.get("type") or ""),
                                     (WIKIDATA + qid,) if qid else ()))
    return actors


def _from_turtle(path: Path) -> list[KnownActor]:
    from rdflib import Graph
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as err:
        raise KgError("E015", path=str(path), detail=" ".join(str(err).split())) from err
    actors = []
    for subject in sorted(set(graph.subjects(RDFS.label, None)) | set(graph.subjects(SKOS.prefLabel, None))):
        labels = sorted(str(v) for v in graph.objects(subject, SKOS.prefLabel)) or sorted(str(v) for v in graph.objects(subject, RDFS.label))
        aliases = sorted({str(v) for v in graph.objects(subject, SKOS.altLabel)} | set(labels[1:]))
        kinds = [_kind(path, str(subject), str(t)) for t in graph.objects(subject, RDF.type) if str(t).rsplit("#", 1)[-1] in TYPE_KINDS]
        actors.append(KnownActor(labels[0], tuple(aliases), kinds[0] if kinds else None,
                                 tuple(sorted(str(o) for o in graph.objects(subject, OWL.sameAs)))))
    return actors


def load_gazetteer(path: str | os.PathLike) -> list[KnownActor]:
    """Read a gazetteer file (.csv or .ttl); raise KgError E015 when it cannot be used."""
    path = Path(path)
    if not path.is_file():
        raise KgError("E015", path=str(path), detail="no such file")
    if path.suffix.lower() == ".csv":
        return _from_csv(path)
    if path.suffix.lower() in (".ttl", ".turtle"):
        return _from_turtle(path)
    raise KgError("E015", path=str(path), detail="use a .csv or .ttl file")
