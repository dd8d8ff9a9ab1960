"""kg eval: every rule of the scoring (docs/evaluation.md) on small hand-made golds and graphs."""
from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.cli import cli
from kg.errors import KgError
from kg.evaluation import evaluate, graph_view, load_gold, normalize_name
from kg.rdf.namespaces import NKG, NKGR

TEXT_A = "Des hommes armés ont attaqué Dibilou jeudi. L'attaque a fait 15 morts. Selon les autorités, le bilan est lourd."
TEXT_B = "Le Burkina Faso pleure Dibilou. Les autorités ont annoncé un deuil."


class GraphBuilder:
    """Triples in the public vocabulary, written the way any tool could write them."""

    def __init__(self) -> None:
        self.graph = Graph()
        self.texts: dict[str, str] = {}
        self.count = 0

    def article(self, identifier: str, text: str) -> None:
        node = NKGR[f"article_{identifier}"]
        self.texts[identifier] = text
        self.graph.add((node, RDF.type, NKG.Article))
        self.graph.add((node, DCTERMS.identifier, Literal(identifier)))
        self.graph.add((node, NKG.text, Literal(text)))

    def mention(self, node: URIRef, article: str, words: str, occurrence: int = 0) -> None:
        text = self.texts[article]
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        self.count += 1
        mention = NKGR[f"m{self.count}"]
        self.graph.add((mention, NKG.inArticle, NKGR[f"article_{article}"]))
        self.graph.add((mention, NKG.start, Literal(start, datatype=XSD.nonNegativeInteger)))
        self.graph.add((mention, NKG.end, Literal(start + len(words), datatype=XSD.nonNegativeInteger)))
        self.graph.add((mention, NKG.quote, Literal(words)))
        self.graph.add((node, PROV.wasDerivedFrom, mention))

    def entity(self, name: str, cls: str, labels: list[str], mentions: list[tuple[str, str]]) -> URIRef:
        node = NKGR[name]
        self.graph.add((node, RDF.type, NKG[cls]))
        self.graph.add((node, RDFS.label, Literal(labels[0], lang="fr")))
        for alt in labels[1:]:
            self.graph.add((node, SKOS.altLabel, Literal(alt, lang="fr")))
        for article, words in mentions:
            self.mention(node, article, words)
        return node

    def event(self, name: str, cls: str, mentions: list[tuple[str, str]], roles=(), values=()) -> URIRef:
        node = NKGR[name]
        self.graph.add((node, RDF.type, NKG[cls]))
        self.graph.add((node, RDFS.label, Literal(name, lang="fr")))
        for article, words in mentions:
            self.mention(node, article, words)
        for role, filler in roles:
            self.graph.add((node, NKG[role], filler))
        for prop, value in values:
            datatype = XSD.date if prop == "date" else XSD.nonNegativeInteger
            self.graph.add((node, NKG[prop], Literal(value, datatype=datatype)))
        return node

    def claim(self, name: str, claim_type: str, mentions: list[tuple[str, str]], **fillers) -> URIRef:
        node = NKGR[name]
        self.graph.add((node, RDF.type, NKG.Claim))
        self.graph.add((node, NKG.claimType, NKG[claim_type]))
        for article, words in mentions:
            self.mention(node, article, words)
        for prop, nodes in fillers.items():
            for filler in nodes:
                self.graph.add((node, NKG[prop], filler))
        return node


def gold_line(article: str, entities=(), events=(), claims=(), date=None) -> dict:
    return {"article": article, "date": date, "entities": list(entities), "events": list(events), "claims": list(claims)}


def entity(entity_id: str, type_: str, name: str, *aliases: str) -> dict:
    return {"id": entity_id, "type": type_, "name": name, "aliases": list(aliases)}


def event(event_id: str, type_: str, evidence: list[str], **fields) -> dict:
    record = {"id": event_id, "type": type_, "evidence": evidence, "date": None}
    for role in ("agent", "target", "place", "killed", "orderedBy", "participant", "fatalities", "injuries",
                 "projectiles", "troops"):
        record[role] = []
    record.update(fields)
    return record


def write_gold(tmp_path, lines) -> str:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return str(path)


def score(tmp_path, lines, builder: GraphBuilder):
    return evaluate(load_gold(write_gold(tmp_path, lines)), graph_view(builder.graph))


# --- names ----------------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [
    ("États-Unis", "etats-unis"),
    ("  La   Place Tahrir ", "place tahrir"),
    ("l’Armée", "armee"),
    ("L'AFP", "afp"),
    ("les Frères musulmans", "freres musulmans"),
    ("Lesotho", "lesotho"),  # "les" only as a word
    ("ﬁgaro", "figaro"),  # NFKD
])
def test_names_are_compared_normalized(name, expected):
    assert normalize_name(name) == expected


# --- the gold file -----------------------------------------------------------------


@pytest.mark.parametrize("line, words", [
    ("{not json", "line 1"),
    (json.dumps({"date": None}), "missing field 'article'"),
    (json.dumps(gold_line("a", [entity("x", "Town", "X")])), "type of x"),
    (json.dumps(gold_line("a", [], [event("e", "Attack", ["x"], agent=["nobody"])])), "nobody"),
    (json.dumps(gold_line("a", [], [event("e", "Attack", ["x"], fatalities=["3"])])), "fatalities of e"),
    (json.dumps(gold_line("a", [], [event("e", "Attack", ["x"], date="jeudi")])), "date of e"),
    (json.dumps([1, 2]), "JSON object"),
])
def test_a_broken_gold_line_is_a_clear_error(tmp_path, line, words):
    path = tmp_path / "gold.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(KgError) as caught:
        load_gold(path)
    assert caught.value.code == "E060" and words in str(caught.value)


def test_an_article_given_twice_or_an_empty_file_is_refused(tmp_path):
    with pytest.raises(KgError, match="given twice"):
        load_gold(write_gold(tmp_path, [gold_line("a"), gold_line("a")]))
    with pytest.raises(KgError, match="no article"):
        load_gold(write_gold(tmp_path, []))


# --- entities -----------------------------------------------------------------------


def test_entities_match_by_any_label_in_their_article(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.article("b", TEXT_B)
    g.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou")])
    g.entity("org_autorites", "Organization", ["autorités locales", "les autorités"], [("a", "les autorités")])
    g.entity("person_jeudi", "Person", ["Jeudi"], [("a", "jeudi")])  # no gold entity: against precision
    g.entity("country_bf", "Country", ["Burkina Faso"], [("b", "Burkina Faso")])  # in another article
    gold = [gold_line("a", [entity("dibilou", "City", "Dibilou"), entity("autorites", "Organization", "Autorités"),
                            entity("hommes", "ArmedGroup", "hommes armés")])]
    result = score(tmp_path, gold, g)
    assert (result.entities.right, result.entities.predicted) == (2, 3)
    assert (result.entities.found, result.entities.gold) == (2, 3)
    missed = [f for f in result.findings if f.field == "entities" and f.kind == "missed"]
    assert [f.text for f in missed] == ["hommes armés"]
    extra = [f for f in result.findings if f.field == "entities" and f.kind == "extra"]
    assert [f.text for f in extra] == ["Jeudi"]


def test_entity_type_is_right_for_the_gold_class_or_a_subclass(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou")])
    g.entity("place_autorites", "Place", ["autorités"], [("a", "autorités")])
    gold = [gold_line("a", [entity("dibilou", "Place", "Dibilou"), entity("autorites", "Organization", "autorités")])]
    result = score(tmp_path, gold, g)
    assert (result.types["entities"].hits, result.types["entities"].total) == (1, 2)
    wrong = [f for f in result.findings if f.field == "type:entities"]
    assert [(f.detail, f.reason) for f in wrong] == [("autorites", "typed Place, gold Organization")]


# --- events -------------------------------------------------------------------------


def test_an_event_matches_by_overlap_and_duplicates_count_against_precision(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.event("e1", "Attack", [("a", "attaqué")])
    g.event("e2", "Attack", [("a", "L'attaque")])  # the same gold event again: a duplicate
    g.event("e3", "Protest", [("a", "bilan")])  # at no gold event
    gold = [gold_line("a", [], [event("attack", "Attack", ["ont attaqué Dibilou", "L'attaque a fait 15 morts"])])]
    result = score(tmp_path, gold, g)
    assert (result.events.right, result.events.predicted, result.events.found, result.events.gold) == (1, 3, 1, 1)
    reasons = sorted(f.reason for f in result.findings if f.field == "events")
    assert reasons == ["duplicate of gold event attack", "no gold event at its words"]


def test_a_gold_event_takes_the_graph_event_overlapping_most_spans_then_characters_then_facts(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou")])
    one_span = g.event("one", "Attack", [("a", "ont attaqué Dibilou")], roles=[("place", NKGR.city_dibilou)])
    two_spans = g.event("two", "Attack", [("a", "attaqué"), ("a", "fait 15")])
    gold = [gold_line("a", [entity("dibilou", "City", "Dibilou")],
                      [event("attack", "Attack", ["ont attaqué Dibilou", "L'attaque a fait 15 morts"], place=["dibilou"])])]
    result = score(tmp_path, gold, g)
    duplicate = next(f for f in result.findings if f.field == "events")
    assert duplicate.detail.endswith("one")  # "two" overlaps two spans: it is the match
    assert result.roles["place"].found == 0
    # same spans overlapped: more characters wins; same characters: more roles and values wins
    g2 = GraphBuilder()
    g2.article("a", TEXT_A)
    g2.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou")])
    g2.event("short", "Attack", [("a", "attaqué")])
    g2.event("long", "Attack", [("a", "ont attaqué Dibilou")], roles=[("place", NKGR.city_dibilou)])
    result = score(tmp_path, gold, g2)
    assert result.roles["place"].found == 1
    g3 = GraphBuilder()
    g3.article("a", TEXT_A)
    g3.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou")])
    g3.event("bare", "Attack", [("a", "attaqué")])
    g3.event("rich", "Attack", [("a", "attaqué", )], roles=[("place", NKGR.city_dibilou)])
    result = score(tmp_path, gold, g3)
    assert result.roles["place"].found == 1
    assert one_span != two_spans


def test_event_type_accuracy_is_exact(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.event("e1", "Attack", [("a", "attaqué")])
    gold = [gold_line("a", [], [event("attack", "Killing", ["ont attaqué Dibilou"])])]
    result = score(tmp_path, gold, g)
    assert (result.types["events"].hits, result.types["events"].total) == (0, 1)


# --- roles and values ------------------------------------------------------------------


def test_roles_compare_fillers_with_gold_ids_and_a_place_matches_through_located_in(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    hommes = g.entity("group_hommes", "ArmedGroup", ["hommes armés"], [("a", "hommes armés")])
    autorites = g.entity("org_autorites", "Organization", ["autorités"], [("a", "autorités")])
    school = g.entity("facility_ecole", "Facility", ["école de Dibilou"], [("a", "attaqué")])
    g.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou")])
    g.graph.add((school, NKG.locatedIn, NKGR.city_dibilou))
    g.event("e1", "Attack", [("a", "attaqué")], roles=[("agent", hommes), ("agent", autorites), ("place", school)])
    gold = [gold_line("a", [entity("hommes", "ArmedGroup", "hommes armés"), entity("autorites", "Organization", "autorités"),
                            entity("dibilou", "City", "Dibilou"), entity("victimes", "Person", "victimes")],
                      [event("attack", "Attack", ["ont attaqué Dibilou"], agent=["hommes"], place=["dibilou"],
                             killed=["victimes"])])]
    result = score(tmp_path, gold, g)
    agent, place, killed = result.roles["agent"], result.roles["place"], result.roles["killed"]
    assert (agent.right, agent.predicted, agent.found, agent.gold) == (1, 2, 1, 1)
    assert (place.right, place.predicted, place.found, place.gold) == (1, 1, 1, 1)
    assert (killed.right, killed.predicted, killed.found, killed.gold) == (0, 0, 0, 1)
    assert result.role_total.f1 == pytest.approx(2 * (2 / 3) * (2 / 3) / (4 / 3))
    kinds = sorted((f.field, f.kind, f.reason) for f in result.findings if f.field.startswith("role:"))
    assert kinds == [("role:agent", "extra", "gold has hommes"), ("role:killed", "missed", "no filler given")]


def test_values_are_right_invented_wrong_or_missed(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.event("e1", "Attack", [("a", "attaqué")], values=[("fatalities", "15"), ("fatalities", "12"), ("date", "2020-01-09"),
                                                         ("injuries", "3")])
    gold = [gold_line("a", [], [event("attack", "Attack", ["ont attaqué Dibilou"], fatalities=[15, 16], date="2020-01-10")])]
    result = score(tmp_path, gold, g)
    fatalities, date, injuries = result.values["fatalities"], result.values["date"], result.values["injuries"]
    assert (fatalities.right, fatalities.predicted, fatalities.found, fatalities.gold) == (1, 2, 1, 2)
    assert (date.right, date.predicted, date.found, date.gold) == (0, 1, 0, 1)
    assert (injuries.right, injuries.predicted, injuries.found, injuries.gold) == (0, 1, 0, 0)
    reasons = {(f.field, f.text): f.reason for f in result.findings if f.field.startswith("value:")}
    assert reasons[("value:injuries", "3")] == "invented: gold has no value"
    assert reasons[("value:date", "2020-01-09")] == "wrong: gold has 2020-01-10"
    assert reasons[("value:fatalities", "16")] == "given 12, 15 instead"


def test_roles_and_values_of_unmatched_events_are_not_scored(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.event("e1", "Attack", [("a", "bilan")], values=[("fatalities", "15")])
    gold = [gold_line("a", [], [event("attack", "Attack", ["ont attaqué Dibilou"], fatalities=[15])])]
    result = score(tmp_path, gold, g)
    assert result.values["fatalities"].predicted == 0 and result.values["fatalities"].gold == 0


# --- claims ---------------------------------------------------------------------------


def test_claims_match_by_overlap_then_speakers_type_and_accused_are_compared(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    autorites = g.entity("org_autorites", "Organization", ["autorités"], [("a", "autorités")])
    hommes = g.entity("group_hommes", "ArmedGroup", ["hommes armés"], [("a", "hommes armés")])
    g.claim("c1", "Confirmation", [("a", "Selon"), ("a", "le bilan est lourd")], claimant=[autorites], accused=[hommes])
    g.claim("c2", "Denial", [("a", "Des hommes")])
    gold = [gold_line("a", [entity("autorites", "Organization", "autorités"), entity("hommes", "ArmedGroup", "hommes armés")],
                      claims=[{"type": "Announcement", "claimant": "autorites", "accused": [], "reportedBy": [],
                               "evidence": "Selon les autorités, le bilan est lourd"}])]
    result = score(tmp_path, gold, g)
    assert (result.claims.right, result.claims.predicted, result.claims.found, result.claims.gold) == (1, 2, 1, 1)
    assert (result.types["claims"].hits, result.types["claims"].total) == (0, 1)
    claimant, accused = result.claim_fields["claimant"], result.claim_fields["accused"]
    assert (claimant.right, claimant.predicted, claimant.found, claimant.gold) == (1, 1, 1, 1)
    assert (accused.right, accused.predicted, accused.gold) == (0, 1, 0)


# --- across articles ------------------------------------------------------------------


def test_merge_recall_and_false_merges_across_articles(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.article("b", TEXT_B)
    g.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou"), ("b", "Dibilou")])  # one node: merged
    g.entity("org_a", "Organization", ["autorités"], [("a", "autorités")])  # two nodes for one thing
    g.entity("org_b", "Organization", ["autorités"], [("b", "autorités")])
    g.entity("country_bf", "Country", ["Burkina Faso", "hommes armés"], [("b", "Burkina Faso"), ("a", "hommes")])
    gold = [
        gold_line("a", [entity("dibilou", "City", "Dibilou"), entity("autorites-bf", "Organization", "autorités"),
                        entity("hommes", "ArmedGroup", "hommes armés")]),
        gold_line("b", [entity("dibilou", "City", "Dibilou"), entity("autorites-bf", "Organization", "autorités"),
                        entity("burkina-faso", "Country", "Burkina Faso")]),
    ]
    result = score(tmp_path, gold, g)
    assert (result.merges["entities"].hits, result.merges["entities"].total) == (1, 2)
    assert [(m.label, m.gold_ids) for m in result.false_merges] == [("Burkina Faso", ("burkina-faso", "hommes"))]
    assert result.summary()["merge_recall"] == 0.5


def test_an_event_merged_across_articles_counts_for_merge_recall(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.article("b", TEXT_B)
    g.event("e1", "Attack", [("a", "attaqué"), ("b", "pleure Dibilou")])
    gold = [gold_line("a", [], [event("dibilou-attack", "Attack", ["ont attaqué Dibilou"])]),
            gold_line("b", [], [event("dibilou-attack", "Attack", ["pleure Dibilou"])])]
    result = score(tmp_path, gold, g)
    assert (result.merges["events"].hits, result.merges["events"].total) == (1, 1)
    assert (result.events.right, result.events.predicted) == (2, 2)  # counted in each article


def test_evidence_that_is_not_in_the_text_is_reported_as_a_gold_problem(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    gold = [gold_line("a", [], [event("attack", "Attack", ["ont attaqué Ouagadougou"])]), gold_line("zzz")]
    result = score(tmp_path, gold, g)
    assert result.absent == ["zzz"]
    assert result.gold_problems and "ont attaqué Ouagadougou" in result.gold_problems[0]


# --- the command ------------------------------------------------------------------------


def _files(tmp_path):
    g = GraphBuilder()
    g.article("a", TEXT_A)
    g.entity("city_dibilou", "City", ["Dibilou"], [("a", "Dibilou")])
    g.event("e1", "Attack", [("a", "attaqué")], roles=[("place", NKGR.city_dibilou)], values=[("fatalities", "15")])
    graph = tmp_path / "graph.ttl"
    g.graph.serialize(graph, format="turtle")
    gold = write_gold(tmp_path, [gold_line("a", [entity("dibilou", "City", "Dibilou")],
                                           [event("attack", "Attack", ["ont attaqué Dibilou"], place=["dibilou"],
                                                  fatalities=[15])])])
    return gold, graph


def test_kg_eval_prints_every_field_and_the_summary_line(tmp_path, runner):
    gold, graph = _files(tmp_path)
    result = runner.invoke(cli, ["eval", gold, "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name in ("entities", "events", "roles", "  agent", "values", "  fatalities", "claims", "  claimant"):
        assert any(line.startswith(name) for line in lines), name
    assert lines[-1] == ("summary: entity f1 1.00 · event f1 1.00 · role f1 1.00 · value f1 1.00 · claim f1    – "
                         "· merge recall    –")


def test_kg_eval_json_and_errors(tmp_path, runner):
    gold, graph = _files(tmp_path)
    result = runner.invoke(cli, ["eval", "gold", gold, "-g", str(graph), "--format", "json", "--errors"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["event_f1"] == 1.0
    assert data["values"]["fatalities"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "right": 1, "predicted": 1,
                                            "found": 1, "gold": 1}
    assert data["errors"] == []


def test_kg_eval_misuse_and_broken_gold_are_clear_errors(tmp_path, runner):
    gold, graph = _files(tmp_path)
    both = runner.invoke(cli, ["eval", gold, str(tmp_path), "--graph", str(graph)])
    assert both.exit_code == 2 and "not both" in both.output
    neither = runner.invoke(cli, ["eval", gold])
    assert neither.exit_code == 2
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"article": "a", "entities": [{"id": 1}]}\n', encoding="utf-8")
    result = runner.invoke(cli, ["eval", str(broken), "--graph", str(graph)])
    assert result.exit_code == 2 and "Error [E060]" in result.output and "Traceback" not in result.output


def test_kg_eval_builds_the_articles_it_is_given(tmp_path, runner, nlp):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "dibilou.txt").write_text(
        "Quinze morts dans une attaque au Burkina Faso\n\nDes hommes armés ont attaqué le village de Dibilou jeudi.\n",
        encoding="utf-8")
    gold = write_gold(tmp_path, [gold_line("dibilou", [entity("burkina-faso", "Country", "Burkina Faso")])])
    result = runner.invoke(cli, ["eval", gold, str(articles), "--no-cache", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["fields"]["entities"]["found"] == 1
