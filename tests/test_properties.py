"""Property-based tests (hypothesis): for any text, the graph conforms and every mention
quotes its own span; the reader never raises on any bytes."""
from __future__ import annotations

import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

WORDS = [
    "Des", "roquettes", "ont", "visé", "l'ambassade", "américaine", "à", "Bagdad", ",", ".", "«", "»", "le", "3",
    "janvier", "2020", "selon", "l'AFP", "Washington", "accuse", "Téhéran", "tuant", "deux", "civils", "Abou",
    "Mahdi", "al-Muhandis", "a", "été", "tué", "par", "une", "frappe", "de", "drone", "\n", "Irak", "n'", "pas",
    "aucune", "victime", "manifestants", "retrait", "500", "soldats", "trêve", "’", "é", "\u00a0", "Zone", "verte",
]

french_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=french_texts)
def test_any_text_gives_a_conforming_graph_with_exact_quotes(nlp, text):
    from rdflib import Graph

    from kg.extract import extract_article
    from kg.model import Article
    from kg.resolve import resolve
    from kg.check.validate import validate
    from kg.rdf.writer import serialize

    article = Article("h", text, hashlib.sha256(text.encode()).hexdigest())
    corpus = resolve([extract_article(article, nlp(article.body))])
    data, _ = serialize(corpus, "ttl")
    graph = Graph().parse(data=data.decode("utf-8"), format="turtle")
    report = validate(graph)
    assert report.conforms, report.to_text()
    mentions = {m for e in corpus.entities for m in e.mentions} | {m for ev in corpus.events for m in ev.mentions}
    mentions |= {c.statement for c in corpus.claims}
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.quote


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400))
def test_the_reader_never_raises_on_any_bytes(tmp_path_factory, data):
    from kg.build.reader import decode_article

    path = tmp_path_factory.mktemp("bytes") / "x.txt"
    article, reason = decode_article(path, data)
    assert (article is None) != (reason is None)
    if article is not None:
        assert article.text[article.body_start :] == article.body
