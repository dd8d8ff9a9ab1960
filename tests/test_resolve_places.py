"""Place resolution (kg.resolve.places) on invented articles built by hand (no spaCy):
a place is linked to GeoNames only when its name, kind and context leave one candidate."""
from __future__ import annotations

from kg.model import ArticleExtraction, EventMention, RelationMention, RoleFiller
from kg.resolve import resolve
from kg.resolve.places import distance_km
from tests.test_resolve import article, at, names


def node(corpus, label):
    return next(e for e in corpus.entities if e.label == label)


def extraction(text, *pairs, located=(), events=(), identifier="a"):
    art = article(identifier, text)
    mentions = names(art, *pairs)
    by_name = {m.name: m for m in mentions}
    relations = [RelationMention(by_name[inner], "locatedIn", at(art, inner), obj=by_name[outer]) for inner, outer in located]
    built = [EventMention(cls, at(art, trigger), trigger, tuple(RoleFiller(role, by_name[name]) for role, name in roles))
             for trigger, cls, roles in events]
    return ArticleExtraction(art, mentions, built, relations)


def test_a_city_in_the_country_the_text_names_is_linked_with_its_reason():
    corpus = resolve([extraction("Des roquettes à Bagdad (Irak).", ("Bagdad", "city"), ("Irak", "country"),
                                 located=[("Bagdad", "Irak")])])
    baghdad, iraq = node(corpus, "Bagdad"), node(corpus, "Irak")
    assert baghdad.geo.geonames_id == 98182 and baghdad.geo.country_code == "IQ"
    assert baghdad.same_as == ["https://sws.geonames.org/98182/"]
    assert "«Irak» (IQ)" in baghdad.geo_note
    assert (iraq.geo.geonames_id, iraq.geo.feature_class, iraq.kind) == (99237, "country", "country")


def test_a_homonym_is_linked_only_when_the_context_tells_which():
    alone = resolve([extraction("Des combats à Tripoli.", ("Tripoli", "city"))])
    assert node(alone, "Tripoli").geo is None
    assert "cities are named «Tripoli»" in node(alone, "Tripoli").geo_note
    lebanon = resolve([extraction("Le Liban compte ses morts à Tripoli.", ("Liban", "country"), ("Tripoli", "city"))])
    assert node(lebanon, "Tripoli").geo.country_code == "LB"
    libya = resolve([extraction("En Libye, des combats à Tripoli.", ("Libye", "country"), ("Tripoli", "city"))])
    assert node(libya, "Tripoli").geo.country_code == "LY"


def test_a_place_near_a_linked_city_takes_the_homonym_near_it():
    text = "Saint-Louis, à 200 km au nord de Dakar, a voté."
    near = resolve([extraction(text, ("Saint-Louis", "city"), ("Dakar", "city"))])
    saint_louis = node(near, "Saint-Louis")
    assert saint_louis.geo.country_code == "SN"
    assert "near «Dakar»" in saint_louis.geo_note
    assert node(resolve([extraction("Saint-Louis a voté.", ("Saint-Louis", "city"))]), "Saint-Louis").geo is None


def test_population_breaks_a_tie_only_by_a_wide_margin():
    corpus = resolve([extraction("Paris a répondu.", ("Paris", "place"))])
    paris = node(corpus, "Paris")
    assert paris.geo.country_code == "FR" and paris.kind == "city" and paris.key == "city_paris"
    assert "most populous" in paris.geo_note


def test_a_capital_standing_for_its_state_links_the_country_not_the_city():
    corpus = resolve([extraction("Téhéran a répondu à Washington.", ("Téhéran", "country"), ("Washington", "country"))])
    assert node(corpus, "Téhéran").geo.geonames_id == 130758  # Iran
    assert node(corpus, "Washington").geo.geonames_id == 6252001  # the United States
    assert "not the city" in node(corpus, "Washington").geo_note


def test_unknown_names_and_facilities_stay_unlinked():
    corpus = resolve([extraction("La Zone verte et la base K1 à Xqzville.", ("Zone verte", "area"), ("base K1", "facility"),
                                 ("Xqzville", "city"))])
    assert all(e.geo is None for e in corpus.entities)
    assert "no city" in node(corpus, "Xqzville").geo_note


def test_a_city_the_text_puts_in_another_country_is_not_linked():
    corpus = resolve([extraction("Bagdad (France).", ("Bagdad", "city"), ("France", "country"), located=[("Bagdad", "France")])])
    assert node(corpus, "Bagdad").geo is None


def test_events_take_the_point_of_their_place_with_acled_precision():
    text = ("Une frappe à Bagdad. Des roquettes sur l'ambassade américaine. Un attentat près de Mossoul. "
            "Des soldats en Irak.")
    corpus = resolve([extraction(
        text, ("Bagdad", "city"), ("ambassade américaine", "facility"), ("Mossoul", "city"), ("Irak", "country"),
        located=[("ambassade américaine", "Bagdad"), ("Bagdad", "Irak"), ("Mossoul", "Irak")],
        events=[("frappe", "AirStrike", [("place", "Bagdad")]), ("roquettes", "RocketAttack", [("target", "ambassade américaine")]),
                ("attentat", "Bombing", [("place", "Mossoul")]), ("soldats", "Deployment", [("place", "Irak")])],
    )])
    located = {e.event_class: e.location for e in corpus.events}
    baghdad, mosul, iraq = node(corpus, "Bagdad").key, node(corpus, "Mossoul").key, node(corpus, "Irak").key
    assert (located["AirStrike"].key, located["AirStrike"].precision) == (baghdad, 1)
    assert (located["RocketAttack"].key, located["RocketAttack"].precision) == (baghdad, 1)  # in the town
    assert (located["Bombing"].key, located["Bombing"].precision) == (mosul, 2)  # near it
    assert (located["Deployment"].key, located["Deployment"].precision) == (iraq, 3)  # only the country
    assert "near «Mossoul»" in located["Bombing"].note


def test_linking_does_not_depend_on_the_order_of_articles():
    a = extraction("Le Liban. Tripoli.", ("Liban", "country"), ("Tripoli", "city"), identifier="a")
    b = extraction("Tripoli encore.", ("Tripoli", "city"), identifier="b")
    one, two = resolve([a, b]), resolve([b, a])
    assert [(e.key, e.geo, e.geo_note) for e in one.entities] == [(e.key, e.geo, e.geo_note) for e in two.entities]


def test_distance():
    assert abs(distance_km(33.34058, 44.40088, 36.335, 43.11889) - 352) < 5  # Baghdad to Mosul


def test_a_node_whose_names_are_two_countries_is_not_linked():
    # two countries an upstream merge made one node: linking either would be a guess
    art = article("a", "Le Niger et le Nigeria.")
    from kg.model import EntityMention
    from tests.test_resolve import at as mention_at
    entities = [EntityMention(mention_at(art, "Niger"), "Niger", "country"), EntityMention(mention_at(art, "Nigeria"), "Nigeria", "country")]
    from kg.model import Entity
    from kg.resolve.places import link_places
    node = Entity("country_niger", "country", "Niger", ["Nigeria"], [e.mention for e in entities])
    link_places([node], {e.mention: node.key for e in entities}, [ArticleExtraction(art, entities)])
    assert node.geo is None and "several countries" in node.geo_note
