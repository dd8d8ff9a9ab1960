"""Resolution and RDF mapping on hand-built models: no spaCy needed."""
from __future__ import annotations

import hashlib
import random

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.model import ArticleExtraction
from kg.model import Article, EntityMention, EventMention, Mention, RoleFiller
from kg.rdf.namespaces import NKG, NKGR
from kg.rdf.rdfmap import to_dataset, to_graph
from kg.resolve import resolve, slug
from kg.rdf.writer import serialize


def article(identifier: str, text: str, date=None) -> Article:
    return Article(identifier, text, hashlib.sha256(text.encode()).hexdigest(), date=date)


def mention_of(art: Article, quote: str, occurrence: int = 0) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = art.text.index(quote, start + 1)
    return Mention(art.identifier, start, start + len(quote), quote)


def entity(art, quote, kind, name=None, occurrence=0):
    return EntityMention(mention_of(art, quote, occurrence), name or quote, kind)


def two_articles():
    a = article("a", "Donald Trump a parlé. Trump a menacé l'Iran. Des roquettes ont visé Bagdad.")
    b = article("b", "Le président Donald Trump est à Washington.", date="2020-01")
    xa = ArticleExtraction(a, [
        entity(a, "Donald Trump", "person"),
        entity(a, "Trump", "person", occurrence=1),
        entity(a, "Iran", "country"),
        entity(a, "Bagdad", "city"),
    ])
    target = xa.entities[3]
    xa.events.append(EventMention("RocketAttack", mention_of(a, "visé"), "attaque à la roquette contre Bagdad",
                                  (RoleFiller("target", target),), (mention_of(a, "roquettes"), target.mention)))
    xb = ArticleExtraction(b, [entity(b, "Donald Trump", "person"), entity(b, "Washington", "city")])
    return xa, xb


def test_slug():
    assert slug("Qassem Soleimani") == "qassem-soleimani"
    assert slug("États-Unis") == "etats-unis"
    assert slug("Hachd al-Chaabi") == "hachd-al-chaabi"
    assert slug("l’Irak") == "l-irak"


def test_one_node_per_entity_within_and_across_articles():
    corpus = resolve(two_articles())
    trump = [e for e in corpus.entities if e.key == "person_donald-trump"]
    assert len(trump) == 1
    assert trump[0].label == "Donald Trump"
    assert trump[0].alt_labels == ["Trump"]
    assert {m.article_id for m in trump[0].mentions} == {"a", "b"}
    assert len(trump[0].mentions) == 3


def test_resolution_does_not_depend_on_input_order():
    xa, xb = two_articles()
    assert resolve([xa, xb]) == resolve([xb, xa])


def test_label_vote_is_deterministic():
    a = article("a", "Etats-Unis, États-Unis, États-Unis.")
    ems = [
        EntityMention(Mention("a", 0, 10, "Etats-Unis"), "Etats-Unis", "country"),
        EntityMention(Mention("a", 12, 22, "États-Unis"), "États-Unis", "country"),
        EntityMention(Mention("a", 24, 34, "États-Unis"), "États-Unis", "country"),
    ]
    for _ in range(5):
        random.shuffle(ems)
        (entity_,) = resolve([ArticleExtraction(a, list(ems))]).entities
        assert entity_.label == "États-Unis" and entity_.alt_labels == ["Etats-Unis"]


def test_rdf_uses_the_contract_terms():
    corpus = resolve(two_articles())
    graph = to_graph(corpus)
    art_b = NKGR["article_b"]
    assert (art_b, RDF.type, NKG.Article) in graph
    assert (art_b, NKG.sha256, Literal(corpus.articles[1].sha256)) in graph
    assert (art_b, URIRef("http://purl.org/dc/terms/date"), Literal("2020-01", datatype=XSD.gYearMonth)) in graph
    trump = NKGR["person_donald-trump"]
    assert (trump, RDF.type, NKG.Person) in graph
    assert (trump, RDFS.label, Literal("Donald Trump", lang="fr")) in graph
    assert (trump, SKOS.altLabel, Literal("Trump", lang="fr")) in graph
    event = NKGR["event_a_" + str(corpus.events[0].trigger.start)]
    assert (event, RDF.type, NKG.RocketAttack) in graph
    assert (event, NKG.target, NKGR["city_bagdad"]) in graph
    mentions = set(graph.objects(event, PROV.wasDerivedFrom))
    assert len(mentions) == 3
    for mention in mentions:
        start = graph.value(mention, NKG.start).toPython()
        end = graph.value(mention, NKG.end).toPython()
        assert graph.value(mention, NKG.start).datatype == XSD.nonNegativeInteger
        assert corpus.articles[0].text[start:end] == str(graph.value(mention, NKG.quote))


def test_trig_keeps_evidence_in_one_named_graph_per_article():
    dataset = to_dataset(resolve(two_articles()))
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert str(NKGR["graph_a"]) in names and str(NKGR["graph_b"]) in names
    evidence_a = dataset.graph(NKGR["graph_a"])
    assert all(str(s).startswith(str(NKGR)) for s in evidence_a.subjects())
    assert (None, NKG.inArticle, NKGR["article_b"]) not in evidence_a


def test_serialization_is_byte_identical_whatever_the_order():
    xa, xb = two_articles()
    for fmt in ("ttl", "nt", "trig"):
        first, n1 = serialize(resolve([xa, xb]), fmt)
        second, n2 = serialize(resolve([xb, xa]), fmt)
        assert first == second and n1 == n2 > 0


def test_written_graph_parses_back_to_the_model_triples():
    import pyoxigraph
    from rdflib import Dataset, Graph

    corpus = resolve(two_articles())
    expected = set(to_graph(corpus))
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt")):
        data, count = serialize(corpus, fmt)
        assert set(Graph().parse(data=data.decode("utf-8"), format=rdflib_format)) == expected
        assert count == len(expected)
        store = pyoxigraph.Store()
        store.load(data, format=pyoxigraph.RdfFormat.TURTLE if fmt == "ttl" else pyoxigraph.RdfFormat.N_TRIPLES)
        assert len(store) == len(expected)
    data, count = serialize(corpus, "trig")
    dataset = Dataset()
    dataset.parse(data=data.decode("utf-8"), format="trig")
    quads = {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in dataset.quads()}
    assert {(s, p, o) for s, p, o, _ in quads} == expected and count == len(quads)
    assert {(s, p, o, str(g)) for s, p, o, g in quads if str(g).startswith(str(NKGR))} == {
        (s, p, o, str(g)) for s, p, o, g in to_dataset(corpus).quads() if str(g).startswith(str(NKGR))
    }


def test_strings_with_quotes_and_newlines_round_trip():
    from rdflib import Graph

    text = 'Il a dit "non"\tpuis\nest parti \\ fin.'
    a = article("q", text)
    x = ArticleExtraction(a, [EntityMention(Mention("q", 0, len(text), text), "Nom \"X\"", "person")])
    data, _ = serialize(resolve([x]), "ttl")
    graph = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert Literal(text) in set(graph.objects(None, NKG.quote))
