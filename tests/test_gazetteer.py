"""A user's gazetteer: aliases merge nodes, types fix classes, QIDs give owl:sameAs (no spaCy)."""
from __future__ import annotations

import hashlib

import pytest

from kg.errors import KgError
from kg.model import ArticleExtraction
from kg.resolve.known_actors import KnownActor, load_gazetteer
from kg.model import Article, EntityMention, Mention
from kg.resolve import resolve

CSV = """label,aliases,type,wikidata
État islamique,Daech|EI|Etat islamique,ArmedGroup,Q2429253
Qassem Soleimani,Ghassem Soleimani,Person,Q1633134
"""
TTL = """@prefix nkg: <https://w3id.org/newskg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<https://example.org/actor/ei> a nkg:ArmedGroup ;
    skos:prefLabel "État islamique"@fr ;
    skos:altLabel "Daech"@fr , "EI"@fr ;
    owl:sameAs <http://www.wikidata.org/entity/Q2429253> .
"""


def named(article: Article, name: str, kind: str) -> EntityMention:
    start = article.text.index(name)
    return EntityMention(Mention(article.identifier, start, start + len(name), name), name, kind)


def extractions():
    a = Article("a", "Daech a revendiqué l'attaque.", hashlib.sha256(b"a").hexdigest())
    b = Article("b", "L'État islamique a perdu Mossoul.", hashlib.sha256(b"b").hexdigest())
    return [
        ArticleExtraction(a, [named(a, "Daech", "organization")]),
        ArticleExtraction(b, [named(b, "État islamique", "organization"), named(b, "Mossoul", "city")]),
    ]


@pytest.mark.parametrize("suffix, text", [(".csv", CSV), (".ttl", TTL)])
def test_gazetteer_aliases_merge_type_and_link(tmp_path, suffix, text):
    path = tmp_path / f"actors{suffix}"
    path.write_text(text, encoding="utf-8")
    known = load_gazetteer(path)
    assert any(a.label == "État islamique" and "Daech" in a.aliases for a in known)
    corpus = resolve(extractions(), known)
    (group,) = [e for e in corpus.entities if "Daech" in {e.label, *e.alt_labels}]
    assert group.kind == "armed-group"
    assert {"Daech", "État islamique"} <= {group.label, *group.alt_labels}
    assert group.same_as == ["http://www.wikidata.org/entity/Q2429253"]
    assert any("gazetteer" in note for note in group.notes)
    # the gazetteer links only its actors (Mossoul gets its GeoNames link, no Wikidata one)
    mosul = next(e for e in corpus.entities if e.key == "city_mossoul")
    assert mosul.same_as == ["https://sws.geonames.org/99072/"]


def test_without_gazetteer_the_names_stay_apart():
    corpus = resolve(extractions())
    assert len([e for e in corpus.entities if e.kind in ("organization", "armed-group")]) == 2


def test_same_as_in_the_graph(tmp_path):
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL

    from kg.check.validate import validate
    from kg.rdf.writer import serialize

    data, _ = serialize(resolve(extractions(), [KnownActor("État islamique", ("Daech",), "armed-group", ("http://www.wikidata.org/entity/Q2429253",))]), "ttl")
    graph = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert (None, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q2429253")) in graph
    assert validate(graph).conforms


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("bad.csv", "name,aliases\nX,Y\n", "'label' column"),
        ("bad.csv", "label,aliases,type,wikidata\nX,,Rocket,\n", "unknown type"),
        ("bad.csv", "label,aliases,type,wikidata\nX,,Person,123\n", "not a Wikidata QID"),
        ("bad.txt", "X", "use a .csv or .ttl file"),
        ("bad.ttl", "not turtle at all", "bad.ttl"),
    ],
)
def test_bad_gazetteer_is_a_clear_error(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KgError) as err:
        load_gazetteer(path)
    assert err.value.code == "E015" and message in str(err.value)


def test_build_with_a_gazetteer_from_the_cli(runner, tmp_path, nlp):
    from kg.cli import cli
    from tests.conftest import SEEDS

    path = tmp_path / "actors.csv"
    path.write_text("label,aliases,type,wikidata\nQassem Soleimani,,Person,Q1633134\n", encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["build", str(SEEDS / "003_62955a87ab4b12e5.txt"), "--gazetteer", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "owl:sameAs wd:Q1633134" in out.read_text(encoding="utf-8")
    bad = runner.invoke(cli, ["build", str(SEEDS), "--gazetteer", str(tmp_path / "missing.csv")])
    assert bad.exit_code == 2 and "Error [E015]" in bad.stderr
