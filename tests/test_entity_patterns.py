"""Entities on real news (issue "Events that hold on real news"): names NER cuts short,
unnamed actors described by the text, and names that must stay apart. Sentences of this
test's own."""
from __future__ import annotations

import pytest


def names(extraction):
    return {(e.name, e.kind) for e in extraction.entities}


@pytest.mark.parametrize("text, expected", [
    # a noun of geography or a facility noun before a name is part of it
    ("Des milliers de manifestants se sont rassemblés sur la place Tahrir.", ("place Tahrir", "area")),
    ("Les combats ont repris dans la région de Pskov.", ("région de Pskov", "place")),
    # an outlet's edition is part of its name
    ("Le correspondant de BBC Afrique a été expulsé.", ("BBC Afrique", "media")),
    # a known name goes on past the words NER took ("Agence France | Presse")
    ("Selon des journalistes de l’Agence France Presse présents sur place, la ville est calme.",
     ("Agence France-Presse", "media")),
    # an organization keeps the prepositions of its name
    ("Le Front pour la libération du Congo a revendiqué l'attaque.", ("Front pour la libération du Congo", "organization")),
    # an organization's name goes on with "de" and a proper noun NER left out
    ("La Cour suprême du Kenya a annulé l'élection.", ("Cour suprême du Kenya", "organization")),
    # after a locative preposition a name is a place, whatever NER says
    ("Les rebelles sont entrés à Palma hier soir.", ("Palma", "place")),
    # regions are places of the gazetteer
    ("La situation au Sahel inquiète les diplomates.", ("Sahel", "place")),
])
def test_names_are_mended(parse, text, expected):
    assert expected in names(parse(text)), names(parse(text))


@pytest.mark.parametrize("text, described, aliases", [
    # participles that qualify stay in the description; a figure does not
    ("L'attaque a été menée par des hommes armés non identifiés.", "hommes armés non identifiés", {"hommes armés"}),
    ("Environ 400 soldats britanniques sont déployés au Mali.", "soldats britanniques", {"400 soldats britanniques"}),
    ("Une cinquantaine de miliciens ont attaqué le village.", "cinquantaine de miliciens", {"miliciens"}),
])
def test_described_actors_are_named_by_their_words(parse, text, described, aliases):
    descriptions = {e.name: e for e in parse(text).entities if e.source == "description"}
    assert described in descriptions, sorted(descriptions)
    assert aliases <= set(descriptions[described].aliases)


@pytest.mark.parametrize("text", [
    "Les Afghans ont voté. Des Tutsis ont fui.",  # peoples are not places
    "Un coup d'État a renversé le président.",  # a capitalized common noun is no name
    # a subheading, common words alone on their line, is no name
    "Le ministre a parlé hier devant la presse.\nPrésence américaine\nDes dizaines de roquettes sont tombées près de la base.",
])
def test_words_that_are_no_names(parse, text):
    assert not any(e.source == "ner" for e in parse(text).entities), names(parse(text))


def test_a_state_s_institution_is_an_entity_wherever_named(parse):
    extraction = parse("Des chars de l'armée égyptienne patrouillaient près du palais.")
    assert ("armée égyptienne", "organization") in names(extraction)


def test_countries_with_like_skeletons_stay_apart(parse):
    """Niger and Nigeria, Mali and Malawi: known countries are told apart by their names."""
    from kg.resolve import resolve

    corpus = resolve([parse("Le Niger et le Nigeria ont signé un accord.", "a"),
                      parse("Le Mali et le Malawi ont signé un accord.", "b")])
    countries = {e.label for e in corpus.entities if e.kind == "country"}
    assert {"Niger", "Nigeria", "Mali", "Malawi"} <= countries


def test_an_unnamed_actor_of_one_article_is_not_another_s(parse):
    from kg.resolve import resolve

    corpus = resolve([parse("L'armée a annoncé qu'elle contrôlait la ville.", "a"),
                      parse("L'armée a démenti avoir tiré sur la foule.", "b")])
    armies = [e for e in corpus.entities if e.label == "armée"]
    assert len(armies) == 2 and len({e.key for e in armies}) == 2


def test_a_name_is_of_the_kind_most_readings_give(parse):
    """One cue ("le parti de X") does not outweigh a name read twice as a person's."""
    text = ("Le président Alpha Condé a été renversé. Les militants du parti d'Alpha Condé ont protesté. "
            "Alpha Condé est détenu.")
    kinds = {e.kind for e in parse(text).entities if e.name == "Alpha Condé"}
    assert kinds == {"person"}


def test_a_name_a_place_noun_points_to_is_a_place(parse):
    text = "Les rebelles ont pris la ville de Bunagana. La prise de Bunagana inquiète Kinshasa."
    kinds = {e.kind for e in parse(text).entities if e.name == "Bunagana"}
    assert kinds and kinds <= {"place", "city"}



@pytest.mark.parametrize("text, expected", [
    # a long place name one letter off a known place is that place (news copy has typos)
    ("Des manifestants se sont rassemblés à Ouagadougu jeudi.", ("Ouagadougou", "city")),
    # a known organization inside an organization's name is named too
    ("Le Conseil de sécurité de l'ONU a adopté une résolution.", ("Organisation des Nations unies", "organization")),
    # a capitalized word the tagger reads as a noun, which NER reads as a body, is its name
    ("Le gouvernement a demandé la dissolution du Parlement.", ("Parlement", "organization")),
    # a name that is the complement of a title is a name, unless it is a portfolio
    ("Il est membre du Mouvement national de résistance chrétienne.", ("Mouvement national de résistance chrétienne", "armed-group")),
    # pieces of one name NER cut apart
    ("Le procureur de la ville de Fada N'Gourma a parlé.", ("Fada N'Gourma", "place")),
    # a place after a plural group noun says where the groups are from: it names no group
    ("Les milices du Darfour ont attaqué le village.", ("Darfour", "place")),
    # pieces of one name NER cut at a hyphen
    ("Les manifestants se sont rassemblés à Addis-Abeba.", ("Addis-Abeba", "city")),
    # a one-word name NER could not type, after "à", is a place
    ("Trois jeunes ont été agressés à Villeurbane.", ("Villeurbane", "place")),
])
def test_names_of_real_copy(parse, text, expected):
    assert expected in names(parse(text)), names(parse(text))


def test_a_portfolio_is_no_name(parse):
    """ "le ministre de l'Intérieur": the title's complement names no entity."""
    assert names(parse("Le ministre de l'Intérieur Gérald Darmanin a parlé.")) == {("Gérald Darmanin", "person")}


def test_generic_institutions_are_one_article_s(parse):
    """ "l'Assemblée nationale" of one story is not another country's: article-scoped."""
    (assembly,) = [e for e in parse("Le texte a été adopté par l'Assemblée nationale.").entities
                   if e.name == "Assemblée nationale"]
    assert assembly.local


def test_a_place_after_de_is_not_the_short_form_of_a_body(parse):
    from kg.resolve import resolve

    text = ("Le gouvernement de la province de Guangdong a répondu. "
            "Des milliers de personnes ont manifesté à Guangdong.")
    graph = resolve([parse(text)])
    nodes = {e.label: e for e in graph.entities}
    assert "Guangdong" in nodes and "gouvernement de la province de Guangdong" in nodes


def test_touching_person_spans_are_one_name(nlp):
    """NER cuts "Ras Makonnen Wolde Mikael" in two touching spans: one person."""
    import hashlib

    from spacy.tokens import Span

    from kg.extract.entities import extract_entities
    from kg.model import Article

    text = "Une statue de Ras Makonnen Wolde Mikael a été abattue."
    doc = nlp(text)
    doc.ents = [Span(doc, 3, 5, label="PER"), Span(doc, 5, 7, label="PER")]  # as NER gave them
    index = extract_entities(Article("t", text, hashlib.sha256(text.encode()).hexdigest()), doc)
    assert [(e.name, e.kind) for e in index.named] == [("Ras Makonnen Wolde Mikael", "person")]


def test_a_bare_institution_of_a_one_country_story_is_that_country_s(parse):
    """ "l'armée" in a story every place of which is in Egypt is the Egyptian army, the node
    another article's "l'armée égyptienne" names; with places of two countries it stays the
    article's own."""
    one = {(e.name, e.local) for e in parse("Au Caire, c'est l'armée qui contrôle le pays. "
                                            "Des blindés stationnent à Alexandrie.").entities}
    assert ("armée égyptienne", False) in one
    two = {(e.name, e.local) for e in parse("Au Caire, c'est l'armée qui contrôle le pays. "
                                            "Des blindés stationnent à Tripoli.").entities}
    assert not any(name.startswith("armée ") for name, _local in two)


def test_a_ministry_named_by_its_portfolio_keeps_its_name(parse):
    """ "le ministère de l'Intérieur" in a story told in French towns: named, not "ministère français"."""
    extraction = parse("Des tags ont été découverts à Lyon et à Marseille. Le ministère de l'Intérieur a porté plainte.")
    assert not any(e.name.startswith("ministère ") and e.name != "ministère de l'Intérieur" for e in extraction.entities), names(extraction)


def test_an_institution_with_an_adjective_of_function_is_a_body_of_the_article(parse):
    """ "la commission électorale": one body of the story, named or not by its state."""
    extraction = parse("Les observateurs ont rencontré hier des membres de la commission électorale.")
    assert ("commission électorale", "organization") in names(extraction)
    assert not any(e.name == "commission" for e in parse("Une commission sera créée.").entities)  # no function, no body
    plural = parse("La junte a ouvert des consultations avec toutes les forces vives du pays.").entities
    assert not any("forces vives" in e.name for e in plural)  # in the plural, a kind, not one body


def test_a_title_its_portfolio_and_a_name_in_one_ner_span_is_a_person(nlp):
    """NER reads "ministre de la Défense Hervé Morin" as one body: the title, its portfolio,
    then the minister's name."""
    import hashlib

    from spacy.tokens import Span

    from kg.extract.entities import extract_entities
    from kg.model import Article

    text = "Le ministre de la Défense Hervé Morin a annoncé le retrait."
    doc = nlp(text)
    doc.ents = [Span(doc, 1, 7, label="ORG")]  # as NER gives it in some sentences
    index = extract_entities(Article("t", text, hashlib.sha256(text.encode()).hexdigest()), doc)
    assert [(e.name, e.kind) for e in index.named] == [("Hervé Morin", "person")]
