"""`kg report`: the static site, tested as a person sees it, in a real headless browser.

The browser is Debian's ``chromium`` driven by Playwright (never a downloaded
browser). Without the chromium executable the browser tests are skipped with a
reason, unless KG_REQUIRE_BROWSER is set (CI sets it): then they fail. A
chromium that is there but does not start always fails.

``KG_SCREENSHOT=docs/report.png pytest tests/test_report.py -k screenshot``
writes the README's screenshot with the same code.
"""
from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from kg.cli import cli
from kg.errors import KgError
from kg.rdf.namespaces import NKG, NKGR
from kg.publish.report import build_report
from kg.publish.report.highlight import Highlight, render
from kg.publish.report.model import GraphView, page_name
from kg.publish.report.network import network
from kg.publish.report.site import js_data, sentence

DATE = "2000-01-01 00:00 UTC"
SOLEIMANI = "entity/person_qassem-soleimani.html"
STRIKE = "event/event_000_7afa567106cc4b63_1515.html"
SEED_ARTICLES = ["000_7afa567106cc4b63", "001_1abb85e4a02a73e3", "003_62955a87ab4b12e5", "004_ffb251c5abeb50dd"]
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


# --- fixtures ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_report(seeds_graph_path, tmp_path_factory) -> Path:
    """The seeds' report, validated (as the default does on a graph this small)."""
    out = tmp_path_factory.mktemp("report") / "site"
    summary = build_report([seeds_graph_path], out, date=DATE)
    assert summary.conforms is True
    return out


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    required = bool(os.environ.get("KG_REQUIRE_BROWSER"))
    if executable is None and not required:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); set KG_REQUIRE_BROWSER=1 to fail instead")
    assert executable is not None, "KG_REQUIRE_BROWSER is set but there is no chromium executable"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required:
            raise
        pytest.skip("playwright is not installed (pip install '.[test]')")
    with sync_playwright() as playwright:
        # containers (and root) often cannot give chromium its sandbox; the pages are the report's own files
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


class Console:
    """A page's console errors, uncaught exceptions, dialogs and network requests."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

        def on_route(route):
            url = route.request.url
            if not url.startswith("file://"):
                self.requests.append(url)
                return route.abort()
            return route.continue_()

        page.route("**/*", on_route)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console = Console(page)
    yield page
    console = page.console
    context.close()
    assert console.errors == [], "the console has errors"
    assert console.dialogs == [], "a dialog opened"
    assert console.requests == [], "a page asked for something outside the report"


def url(site: Path, path: str = "index.html") -> str:
    """The file:// URL of a page of the report (a ?query or #fragment kept)."""
    file, rest = re.match(r"([^?#]*)(.*)", path).groups()
    return (site / file).resolve().as_uri() + rest


# --- in the browser: the path a person takes --------------------------------------


def test_overview_to_soleimani_to_the_strike_to_an_article(seeds_report, page):
    page.goto(url(seeds_report))
    assert page.locator("h1").inner_text() == "Overview"
    cards = page.locator(".cards").inner_text()
    assert "5\narticles read" in cards and "conforms to the shapes" in cards
    assert "no violation" in page.locator("#validation").inner_text()
    assert DATE in page.locator("#build").inner_text()

    page.locator("#top-entities").get_by_role("link", name="Qassem Soleimani").click()
    assert page.url.endswith(SOLEIMANI)
    assert page.locator("h1 .label").inner_text() == "Qassem Soleimani"
    assert "Soleimani" in page.locator(".aliases").inner_text()
    row = page.locator(".event-row").filter(has_text="frappe aérienne")
    assert row.count() == 1
    text = row.inner_text()
    assert "killed in" in text and "2020-01-03" in text and "États-Unis" in text
    # the words of each article that reports the strike
    for article in SEED_ARTICLES:
        assert article in text, f"no quote from {article} on Soleimani's page"
    assert "assassinat" in text and "abattu" in text

    row.get_by_role("link", name=re.compile("^frappe aérienne")).first.click()
    assert page.url.endswith(STRIKE)
    assert page.locator(".kind.big").inner_text() == "AirStrike"
    roles = page.locator("#roles").inner_text()
    assert "killed" in roles and "Qassem Soleimani" in roles and "Abu Mahdi al-Muhandis" in roles
    assert "agent" in roles and "États-Unis" in roles
    values = page.locator("#values").inner_text()
    assert "2020-01-03 (day)" in values and "le 3 janvier 2020" in values
    why = page.locator("#why").inner_text()
    assert re.search(r"merged \d+ reports from 4 article\(s\)", why), why
    assert re.search("both report the killing of (Qassem Soleimani|Abu Mahdi al-Muhandis)", why), why

    page.locator("#values").get_by_role("link", name="003_62955a87ab4b12e5").click()
    assert page.url.endswith("article/article_003_62955a87ab4b12e5.html#m-2811-2828")
    target = page.locator("[id='m-2811-2828']")
    assert target.is_visible() and "le 3 janvier 2020" in target.inner_text()
    assert page.locator(".article-text mark.ent").count() > 20
    soleimani = page.locator(".article-text mark.t-person", has_text="Qassem Soleimani").first
    assert "PER" in soleimani.inner_text()
    soleimani.locator("a").first.click()
    assert page.url.endswith(SOLEIMANI)


def test_timeline_draws_every_dated_event(seeds_report, seeds_graph, page):
    dated = list(seeds_graph.subject_objects(NKG.date))
    page.goto(url(seeds_report, "timeline.html"))
    marks = page.locator("svg.timeline .tl-mark")
    assert marks.count() == len(dated) == 5
    precisions = {p: page.locator(f"svg.timeline .tl-mark.p-{p}").count() for p in ("day", "month", "year")}
    assert precisions == {"day": 3, "month": 1, "year": 1}
    # a day is a dot, a month and a year are bars of different heights
    assert {e.evaluate("e => e.tagName") for e in page.locator(".tl-mark.p-day").all()} == {"circle"}
    month = page.locator(".tl-mark.p-month").first.bounding_box()
    year = page.locator(".tl-mark.p-year").first.bounding_box()
    assert year["width"] > month["width"] > 5 and month["height"] > year["height"]
    assert "†" in page.locator("svg.timeline").inner_html()  # tolls
    lanes = page.locator("svg.timeline g.tl-lane").evaluate_all("gs => gs.map(g => g.dataset.kind)")
    assert lanes[0] == "AirStrike" and "RocketAttack" in lanes
    page.locator("#timeline-kinds input[value='RocketAttack']").uncheck()
    assert not page.locator("g.tl-lane[data-kind='RocketAttack']").is_visible()
    page.locator(f"a.tl-event[href='{STRIKE}']").click()
    assert page.url.endswith(STRIKE)


def test_network_view_draws_actors_and_events(seeds_report, page):
    page.goto(url(seeds_report, SOLEIMANI))
    page.get_by_role("link", name="see in the network").click()
    page.wait_for_function("() => window.KG_CY && window.KG_CY.nodes().length > 10 && document.querySelector('#net-info h3')")
    assert page.locator("#network canvas").count() > 0
    assert page.locator("#net-info h3").inner_text() == "Qassem Soleimani"
    shown = page.evaluate("KG_CY.nodes().map(n => n.data('label'))")
    assert any(label.startswith("frappe aérienne de Abu Mahdi al-Muhandis, Qassem Soleimani par États-Unis (Bagdad")
               for label in shown), shown
    assert page.evaluate("KG_CY.edges().length") > 10
    assert "nodes" in page.locator("#net-status").inner_text()


def test_network_view_of_a_large_graph_shows_a_neighbourhood(seeds_graph, tmp_path, page):
    build_report(seeds_graph, tmp_path / "site", date=DATE, validation=False, network_full_limit=10)
    view = GraphView(seeds_graph)
    number = next(i for i, n in enumerate(sorted(
        (n for n in view.nodes.values() if n.category in ("entity", "event")), key=lambda n: (n.category, str(n.iri))))
        if str(n.iri) == str(NKGR["person_qassem-soleimani"]))
    page.goto(url(tmp_path / "site", f"network.html#n={number}"))
    page.wait_for_function("() => window.KG_CY && window.KG_CY.nodes().length > 1 && document.querySelector('#net-info h3')")
    first = page.evaluate("KG_CY.nodes().length")
    assert first < 20  # Soleimani and his neighbours, not the 97 nodes
    assert page.locator("#net-info h3").inner_text() == "Qassem Soleimani"
    # show the neighbours of the strike
    page.evaluate("KG_CY.nodes().filter(n => n.data('kind') === 'AirStrike')[0].emit('tap')")
    page.get_by_role("button", name="Show its neighbours").click()
    page.wait_for_function(f"() => KG_CY.nodes().length > {first}")


def test_map_draws_events_over_country_outlines_and_a_click_opens_the_event(seeds_report, page):
    page.goto(url(seeds_report))
    page.locator("header nav").get_by_role("link", name="Map").click()
    assert page.url.endswith("map.html")
    page.wait_for_selector(".map-dot")
    assert page.locator(".map-country").count() > 150  # Natural Earth's outlines, from the report's own files
    assert (seeds_report / "static" / "topojson-client.LICENSE.txt").is_file()
    baghdad = page.locator(".map-dot", has=page.locator("title", has_text="Bagdad"))
    assert baghdad.count() == 1 and page.locator(".map-dot.p1").count() >= 1
    box = page.locator("#map svg").get_attribute("viewBox").split()
    west, north, width, height = map(float, box)
    assert west < 44.4 < west + width and north < -33.3 < north + height  # the view frames the events
    baghdad.click()
    info = page.locator("#map-info")
    assert info.locator("h2").inner_text() == "Bagdad"
    info.get_by_role("link", name=re.compile("^frappe aérienne")).click()
    assert page.url.endswith(STRIKE)
    assert "nkg:location" in page.content() or "Bagdad" in page.locator("main").inner_text()


def test_map_of_hostile_labels_shows_text(tmp_path, page):
    from kg.rdf.namespaces import WGS84

    graph = Graph()
    place, event, mention, article = NKGR["city_x"], NKGR["event_x_1"], NKGR["mention_x_0-1"], NKGR["article_x"]
    graph.add((article, RDF.type, NKG.Article))
    graph.add((article, DCTERMS.identifier, Literal("x")))
    graph.add((mention, RDF.type, NKG.Mention))
    graph.add((mention, NKG.inArticle, article))
    graph.add((place, RDF.type, NKG.City))
    graph.add((place, RDFS.label, Literal(PAYLOADS[0], lang="fr")))
    graph.add((place, WGS84.lat, Literal("10.5", datatype=XSD.decimal)))
    graph.add((place, WGS84.long, Literal("-20.25", datatype=XSD.decimal)))
    graph.add((event, RDF.type, NKG.Protest))
    graph.add((event, RDFS.label, Literal(PAYLOADS[1], lang="fr")))
    graph.add((event, NKG.location, place))
    graph.add((event, NKG.geoPrecision, Literal("2", datatype=XSD.nonNegativeInteger)))
    for node in (place, event):
        graph.add((node, PROV.wasDerivedFrom, mention))
    site = tmp_path / "site"
    build_report(graph, site, date=DATE, validation=False)
    page.goto(url(site, "map.html"))
    page.wait_for_selector(".map-dot")
    dot = page.locator(".map-dot.p2")
    assert dot.count() == 1 and PAYLOADS[0] in dot.locator("title").text_content()
    assert PAYLOADS[1] in page.locator("#map-places").inner_text()


def test_search_finds_names_and_aliases(seeds_report, page):
    page.goto(url(seeds_report))
    page.locator("form.search input[name=q]").fill("Soleimani")
    page.locator("form.search input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Soleimani"))
    results = page.locator("#search-results li")
    assert results.first.inner_text().startswith("Qassem Soleimani")
    # an alias that is not in the label, without its accents and case
    page.locator("#q").fill("abou mehdi al-MOUHANDIS")
    assert "also written «\u202fAbou Mehdi al-Mouhandis\u202f»" in results.first.inner_text()
    assert results.first.inner_text().startswith("Abu Mahdi al-Muhandis")
    page.locator("#q").fill("Soleimani")
    results.first.get_by_role("link").click()
    assert page.url.endswith(SOLEIMANI)


def test_claims_sort_and_filter(seeds_report, seeds_graph, page):
    claims = set(seeds_graph.subjects(RDF.type, NKG.Claim))
    accusations = set(seeds_graph.subjects(NKG.claimType, NKG.Accusation))
    page.goto(url(seeds_report, "claims.html"))
    rows = page.locator("#claims-table tbody tr")
    assert rows.count() == len(claims) > 0
    page.locator("#f-type").select_option("Accusation")
    assert rows.count() == len(accusations)
    page.locator("#f-accused").fill("hezbollah")
    assert 0 < rows.count() <= len(accusations)
    assert all("Hezbollah" in t for t in rows.locator("td:nth-child(3)").all_inner_texts())
    page.locator("#f-type").select_option("")
    page.locator("#f-accused").fill("")
    page.locator("#f-claimant").fill("etats-unis")  # accents do not matter
    assert rows.count() > 0
    assert all("États-Unis" in t for t in rows.locator("td:nth-child(1)").all_inner_texts())
    page.locator("#f-claimant").fill("")
    page.locator("th[data-sort=c]").click()
    names = rows.locator("td:nth-child(1)").all_inner_texts()
    assert names == sorted(names, key=lambda n: n.casefold().replace("é", "e").replace("É", "E"))
    page.locator("th[data-sort=c]").click()
    assert rows.locator("td:nth-child(1)").all_inner_texts()[0] == names[-1]
    rows.first.locator("td:nth-child(4) a").click()
    assert "/claim/" in page.url and page.locator("h1").is_visible()


def test_every_page_opens_without_errors(seeds_report, page):
    for path in sorted(seeds_report.rglob("*.html"))[::7]:  # a sample of every kind of page
        page.goto(path.resolve().as_uri())
        assert page.locator("h1").count() == 1, path


# --- untrusted text ----------------------------------------------------------------


def hostile_graph(tmp_path, nlp) -> Graph:
    """A graph whose every string is an attack: one built by kg from a hostile
    article, and nodes written by hand with hostile labels, aliases and words."""
    from kg.build.pipeline import build_corpus
    from kg.rdf.rdfmap import to_graph

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (
        f"Le général Qassem Soleimani a été tué à Bagdad le 3 janvier 2020. {PAYLOADS[0]} "
        f"Selon l'AFP, {PAYLOADS[1]} les États-Unis accusent le Hezbollah d'avoir tiré sept roquettes.\n"
    )
    (corpus / "hostile.txt").write_text(text, encoding="utf-8")
    graph = to_graph(build_corpus([corpus]).corpus)
    article = NKGR["article_x"]
    graph.add((article, RDF.type, NKG.Article))
    graph.add((article, DCTERMS.identifier, Literal(PAYLOADS[1])))
    body = f"{PAYLOADS[0]} et {PAYLOADS[1]} </textarea><!-- fin"
    graph.add((article, NKG.text, Literal(body)))
    person = NKGR["person_x"]
    event = NKGR["event_x_0"]
    claim = NKGR["claim_x_0"]
    mention = NKGR["mention_x_0-25"]
    graph.add((mention, RDF.type, NKG.Mention))
    graph.add((mention, NKG.inArticle, article))
    graph.add((mention, NKG.start, Literal(0, datatype=XSD.nonNegativeInteger)))
    graph.add((mention, NKG.end, Literal(25, datatype=XSD.nonNegativeInteger)))
    graph.add((mention, NKG.quote, Literal(PAYLOADS[0])))
    graph.add((person, RDF.type, NKG.Person))
    graph.add((person, RDFS.label, Literal(PAYLOADS[0], lang="fr")))
    graph.add((person, SKOS.altLabel, Literal(PAYLOADS[1], lang="fr")))
    graph.add((person, NKG.resolutionNote, Literal(PAYLOADS[1], lang="en")))
    graph.add((person, PROV.wasDerivedFrom, mention))
    graph.add((event, RDF.type, NKG.AirStrike))
    graph.add((event, RDFS.label, Literal(PAYLOADS[1], lang="fr")))
    graph.add((event, NKG.killed, person))
    graph.add((event, NKG.date, Literal("2020-01-03", datatype=XSD.date)))
    graph.add((event, PROV.wasDerivedFrom, mention))
    graph.add((claim, RDF.type, NKG.Claim))
    graph.add((claim, RDFS.label, Literal(PAYLOADS[0], lang="fr")))
    graph.add((claim, NKG.claimType, NKG.Accusation))
    graph.add((claim, NKG.claimant, person))
    graph.add((claim, NKG.accused, person))
    graph.add((claim, NKG.statement, Literal(PAYLOADS[1], lang="fr")))
    graph.add((claim, PROV.wasDerivedFrom, mention))
    graph.add((person, URIRef("http://example.org/p"), Literal(PAYLOADS[0])))
    return graph


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory, nlp) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    out = tmp / "site"
    build_report(hostile_graph(tmp, nlp), out, date=PAYLOADS[0], validation=False)
    return out


def test_hostile_text_is_shown_and_never_run(hostile_report, page):
    pages = sorted(hostile_report.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        page.goto(path.resolve().as_uri())
        assert page.locator("main img").count() == 0, path
        assert page.locator("main script").count() == 0, path
    article = next(p for p in pages if "hostile" in p.name)
    page.goto(article.resolve().as_uri())
    assert PAYLOADS[0] in page.locator(".article-text").inner_text()
    assert PAYLOADS[1] in page.locator(".article-text").inner_text()
    by_hand = hostile_report / "article" / page_name(str(NKGR["article_x"]))
    page.goto(by_hand.resolve().as_uri())
    assert page.locator("h1 .label").inner_text() == PAYLOADS[1]
    assert PAYLOADS[0] in page.locator(".article-text mark").first.inner_text()
    page.goto((hostile_report / "entity" / page_name(str(NKGR["person_x"]))).resolve().as_uri())
    assert page.locator("h1 .label").inner_text() == PAYLOADS[0]
    assert PAYLOADS[1] in page.locator(".aliases").inner_text()
    # pages that draw from data scripts: search and claims
    page.goto((hostile_report / "search.html").resolve().as_uri() + "?q=alert")
    assert PAYLOADS[0] in page.locator("#search-results").inner_text()
    page.goto((hostile_report / "claims.html").resolve().as_uri())
    assert PAYLOADS[1] in page.locator("#claims-table").inner_text()
    page.goto((hostile_report / "network.html").resolve().as_uri())
    page.wait_for_function("() => window.KG_CY && KG_CY.nodes().length > 0")
    assert PAYLOADS[0] in page.evaluate("KG_CY.nodes().map(n => n.data('label'))")
    page.goto((hostile_report / "index.html").resolve().as_uri())
    assert PAYLOADS[0] in page.locator("#build-date").inner_text()
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.console.dialogs == []


def test_hostile_text_is_escaped_in_every_file(hostile_report):
    for path in hostile_report.rglob("*"):
        if path.suffix in (".html", ".js") and "static" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert "<script>alert" not in text, path
            assert "<img" not in text, path


# --- without a browser: escaping, links, determinism, CLI ----------------------------


def test_highlights_escape_and_nest():
    text = 'Le <b>général</b> Qassem Soleimani "><img src=x> dit: « ils ont tiré »'
    start = text.index("Qassem")
    highlights = [
        Highlight(start, start + 16, "t-person", "PER", "../entity/p.html", 'Person: "x"', 0),
        Highlight(start + 7, start + 16, "t-person", "PER", "../entity/q.html", "Person", 0),  # inside: left over
        Highlight(text.index("«"), len(text), "t-claim", "CLAIM", "../claim/c.html", "Claim", 3, underline=True),
        Highlight(text.index('"'), text.index("«") + 3, "t-relation", "x", "#", "crosses the claim", 4, True),
    ]
    html, leftover = render(text, highlights)
    assert "<b>" not in html and "<img" not in html
    assert "&lt;b&gt;général&lt;/b&gt;" in html and "&#34;&gt;&lt;img src=x&gt;" in html
    assert f'<mark class="ent t-person" id="m-{start}-{start + 16}" title="Person: &#34;x&#34;">' in html
    assert html.count("<mark") == 1 and html.count('<span class="span t-claim"') == 1
    assert [h.href for h in leftover] == ["../entity/q.html", "#"]
    # the text itself is intact once tags are removed
    assert re.sub(r"<a class=\"(?:also|tag)\"[^>]*>[^<]*</a>|<span class=\"tag\">[^<]*</span>|<[^>]+>", "", html) == \
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")


def test_data_scripts_cannot_close_their_script():
    text = js_data("X", {"a": "</script><script>alert(1)</script>", "b": "<!--", "c": "&amp;\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text.split(" = ", 1)[1].rstrip(";\n"))["a"].startswith("</script>")


def test_sentence_around_a_quote():
    text = "Premier. Le général Qassem Soleimani a été tué. Fin."
    start = text.index("Qassem")
    assert sentence(text, start, start + 16) == ("Le général ", " a été tué.")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def assert_links_resolve(site: Path) -> None:
    """Every href and src of every page names a file of the report (and an anchor in it)."""
    pages = sorted(site.rglob("*.html"))
    ids = {}
    links = {}
    for path in pages:
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        ids[path.resolve()] = parser.ids
        links[path] = parser.links
    for path, found in links.items():
        for link in found:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{path.name} links outside the report: {link}"
            if not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{path.relative_to(site)} → {link}: no such file"
            assert site.resolve() in target.parents
            if parts.fragment and target.suffix == ".html" and not parts.fragment.startswith("n="):
                assert parts.fragment in ids[target], f"{path.name} → {link}: no such anchor"


def test_every_link_of_the_report_leads_to_a_file_in_it(seeds_report):
    assert_links_resolve(seeds_report)


def test_a_page_for_every_node(seeds_report, seeds_graph):
    view = GraphView(seeds_graph)
    for node in view.nodes.values():
        assert (seeds_report / node.page).is_file(), node.iri
    for category in ("entity", "event", "claim", "article"):  # one page each, no other page
        assert len(list((seeds_report / category).glob("*.html"))) == len(view.of(category)) > 0


def test_soleimani_page_says_who_killed_him_with_each_articles_words(seeds_report):
    html = (seeds_report / SOLEIMANI).read_text(encoding="utf-8")
    row = html.split('<div class="event-row">', 1)[1].split('<div class="event-row">')[0]
    assert "killed in" in row and "frappe aérienne" in row and "2020-01-03" in row
    for article in SEED_ARTICLES:
        assert f"article/article_{article}.html#m-" in row


def test_the_library_and_its_license_are_in_the_report(seeds_report):
    assert (seeds_report / "static" / "cytoscape.min.js").stat().st_size > 100_000
    assert "Cytoscape Consortium" in (seeds_report / "static" / "cytoscape.LICENSE.txt").read_text()
    for path in seeds_report.rglob("*.html"):
        assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", path.read_text()), path


def test_the_same_graph_gives_the_same_files(seeds_graph, tmp_path):
    build_report(seeds_graph, tmp_path / "a", date=DATE, validation=False)
    build_report(seeds_graph, tmp_path / "b", date=DATE, validation=False)
    build_report(seeds_graph, tmp_path / "c", date="another day", validation=False)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    _match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", files, shallow=False)
    assert mismatch == [] and errors == []
    _match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "c", files, shallow=False)
    assert [str(p) for p in mismatch] == ["index.html"] and errors == []


def test_lists_are_paginated_and_the_network_sharded():
    graph = Graph()
    for i in range(620):
        node = NKGR[f"person_p{i:04d}"]
        graph.add((node, RDF.type, NKG.Person))
        graph.add((node, RDFS.label, Literal(f"Personne {i:04d}", lang="fr")))
        event = NKGR[f"event_e_{i}"]
        graph.add((event, RDF.type, NKG.Protest))
        graph.add((event, RDFS.label, Literal(f"manifestation {i}", lang="fr")))
        graph.add((event, NKG.participant, node))
        graph.add((event, NKG.participant, NKGR["person_p0000"]))
    data = network(GraphView(graph), full_limit=300)
    assert data.index["full"] is False and data.index["nodes"] == 1240
    assert data.index["shards"] == 5 and sum(len(s) for s in data.shards) == 1240
    hub = next(n for shard in data.shards for n in shard if n[1] == "Personne 0000")
    assert hub[5] == 620 and len(hub[6]) == 300  # degree, and the neighbours it carries


def test_pages_written_in_several_processes_are_the_same(tmp_path):
    graph = Graph()
    for i in range(260):
        node = NKGR[f"person_p{i:04d}"]
        graph.add((node, RDF.type, NKG.Person))
        graph.add((node, RDFS.label, Literal(f"Personne {i:04d}", lang="fr")))
    one = build_report(graph, tmp_path / "one", date=DATE, validation=False)
    two = build_report(graph, tmp_path / "two", date=DATE, validation=False, jobs=2)
    assert (one.pages, one.files) == (two.pages, two.files)
    files = sorted(str(p.relative_to(tmp_path / "one")) for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(tmp_path / "two")) for p in (tmp_path / "two").rglob("*") if p.is_file())
    _match, mismatch, errors = filecmp.cmpfiles(tmp_path / "one", tmp_path / "two", files, shallow=False)
    assert mismatch == [] and errors == []


def test_pagination(tmp_path):
    graph = Graph()
    for i in range(250):
        node = NKGR[f"person_p{i:04d}"]
        graph.add((node, RDF.type, NKG.Person))
        graph.add((node, RDFS.label, Literal(f"Personne {i:04d}", lang="fr")))
    summary = build_report(graph, tmp_path / "site", date=DATE, validation=False)
    assert summary.entities == 250
    pages = sorted(p.name for p in (tmp_path / "site").glob("entities*.html"))
    assert pages == ["entities-2.html", "entities-3.html", "entities.html"]
    assert "Personne 0249" in (tmp_path / "site" / "entities-3.html").read_text()
    assert "Personne 0249" not in (tmp_path / "site" / "entities.html").read_text()


def mention(graph: Graph, article: str, start: int, quote: str) -> URIRef:
    node = NKGR[f"mention_{article}_{start}-{start + len(quote)}"]
    graph.add((node, RDF.type, NKG.Mention))
    graph.add((node, NKG.inArticle, NKGR[f"article_{article}"]))
    graph.add((node, NKG.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, NKG.end, Literal(start + len(quote), datatype=XSD.nonNegativeInteger)))
    graph.add((node, NKG.quote, Literal(quote)))
    return node


def article(graph: Graph, identifier: str, text: str) -> None:
    node = NKGR[f"article_{identifier}"]
    graph.add((node, RDF.type, NKG.Article))
    graph.add((node, DCTERMS.identifier, Literal(identifier)))
    graph.add((node, NKG.text, Literal(text)))


def test_an_event_page_shows_where_sources_disagree(tmp_path):
    from kg.rdf.rdfmap import statement_iri

    graph = Graph()
    event = NKGR["event_a_0"]
    graph.add((event, RDF.type, NKG.RocketAttack))
    graph.add((event, RDFS.label, Literal("attaque à la roquette", lang="fr")))
    discrepancy = NKGR["discrepancy_1"]
    graph.add((discrepancy, RDF.type, NKG.Discrepancy))
    graph.add((discrepancy, NKG.discrepancyOf, event))
    graph.add((discrepancy, NKG.onProperty, NKG.fatalities))
    for identifier, toll, words in (("a", 3, "trois morts"), ("b", 5, "cinq morts")):
        text = f"Une attaque a fait {words} hier."
        article(graph, identifier, text)
        value = Literal(toll, datatype=XSD.nonNegativeInteger)
        graph.add((event, NKG.fatalities, value))
        words_node = mention(graph, identifier, text.index(words), words)
        graph.add((event, PROV.wasDerivedFrom, words_node))
        graph.add((event, PROV.wasDerivedFrom, mention(graph, identifier, 4, "attaque")))
        statement = statement_iri(event, NKG.fatalities, value)
        for p, o in ((RDF.type, RDF.Statement), (RDF.subject, event), (RDF.predicate, NKG.fatalities),
                     (RDF.object, value), (PROV.wasDerivedFrom, words_node)):
            graph.add((statement, p, o))
        graph.add((discrepancy, NKG.conflictingStatement, statement))
    build_report(graph, tmp_path / "site", date=DATE, validation=False)
    html = (tmp_path / "site" / "event" / "event_a_0.html").read_text()
    section = html.split('<section id="discrepancies">')[1].split("</section>")[0]
    assert "killed (toll)" in section
    for toll, words, identifier in (("3", "trois morts", "a"), ("5", "cinq morts", "b")):
        assert f'<span class="literal">{toll}</span>' in section and words in section
        assert f"article/article_{identifier}.html#m-" in section
    assert "killed: 3 or 5" in html
    assert_links_resolve(tmp_path / "site")


def test_the_overview_lists_violations_with_their_focus_nodes(tmp_path):
    from tests.conftest import FIXTURES

    broken = FIXTURES / "shapes" / "broken" / "actor-affiliated-with-city.ttl"
    summary = build_report([broken], tmp_path / "site", date=DATE, validation=True)
    assert summary.conforms is False and summary.violations == 1
    index = (tmp_path / "site" / "index.html").read_text()
    assert "does <strong>not</strong> conform" in index
    assert 'href="entity/armed-group_brigades-hezbollah.html">nkgr:armed-group_brigades-hezbollah</a>' in index
    assert "nkg:affiliatedWith must point to a nkg:Organization or a nkg:Country" in index
    assert "«&#8239;brigades Hezbollah&#8239;»" in index


def test_a_node_named_everywhere_gets_numbered_pages(tmp_path):
    graph = Graph()
    person = NKGR["person_x"]
    graph.add((person, RDF.type, NKG.Person))
    graph.add((person, RDFS.label, Literal("X", lang="fr")))
    for i in range(230):
        identifier = f"a{i:03d}"
        article(graph, identifier, "Hier, X a parlé.")
        graph.add((person, PROV.wasDerivedFrom, mention(graph, identifier, 6, "X")))
        event = NKGR[f"event_{identifier}_0"]
        graph.add((event, RDF.type, NKG.Protest))
        graph.add((event, RDFS.label, Literal(f"manifestation {i:03d}", lang="fr")))
        graph.add((event, NKG.participant, person))
    build_report(graph, tmp_path / "site", date=DATE, validation=False)
    site = tmp_path / "site"
    page = (site / "entity" / "person_x.html").read_text()
    assert page.count('<div class="event-row">') == 20  # with their quotes; 80 more in a table
    assert 'href="../entity/more/person_x-events-3.html"' in page
    assert 'href="../entity/more/person_x-mentions-3.html"' in page
    last = (site / "entity" / "more" / "person_x-events-3.html").read_text()
    assert "manifestation 229" in last and "events 201–230 of 230" in last
    assert "a229" in (site / "entity" / "more" / "person_x-mentions-3.html").read_text()
    assert_links_resolve(site)


def test_cli_writes_the_report_and_says_where(runner, seeds_graph_path, tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(cli, ["report", str(seeds_graph_path), "-o", str(out), "--no-validate", "--page-size", "20"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out / "index.html")
    view = GraphView(Graph().parse(seeds_graph_path))
    counts = [len(view.of(c)) for c in ("article", "entity", "event", "claim")]
    assert ("{} articles, {} actors and places, {} events, {} claims; graph not validated".format(*counts)
            in result.stderr)
    assert (out / "entities-3.html").is_file()
    assert "not checked (--no-validate)" in (out / "index.html").read_text()
    # again into the same folder: the previous report is replaced
    result = runner.invoke(cli, ["report", str(seeds_graph_path), "-o", str(out), "--no-validate"])
    assert result.exit_code == 0 and not (out / "entities-3.html").exists()


def test_cli_shows_a_validation_result_from_a_file(runner, seeds_graph_path, tmp_path):
    results = {"conforms": False, "results": [{
        "focus": "nkgr:person_qassem-soleimani", "focus_label": "Qassem Soleimani", "path": "rdfs:label",
        "value": None, "severity": "Violation", "shape": "nkgsh:ActorShape", "property_shape": None,
        "constraint": "sh:MinCountConstraintComponent", "messages": {"en": "a made-up violation"},
        "quote": "Qassem Soleimani", "message": "a made-up violation"}]}
    path = tmp_path / "validation.json"
    path.write_text(json.dumps(results))
    out = tmp_path / "report"
    result = runner.invoke(cli, ["report", str(seeds_graph_path), "-o", str(out), "--validation", str(path)])
    assert result.exit_code == 0, result.output
    assert "does not conform (1 violations)" in result.stderr
    index = (out / "index.html").read_text()
    assert "does <strong>not</strong> conform" in index and "a made-up violation" in index
    assert f'href="{SOLEIMANI}">nkgr:person_qassem-soleimani</a>' in index


@pytest.mark.parametrize("args, code", [
    (["--validation", "missing.json"], "E052"),
    (["-o", "."], "E051"),  # a folder that holds something else
    (["-o", "notes.txt"], "E050"),  # a file
    (["--validation", "x.json", "--no-validate"], None),
])
def test_cli_errors_are_one_line(runner, seeds_graph_path, tmp_path, monkeypatch, args, code):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("mine")
    result = runner.invoke(cli, ["report", str(seeds_graph_path), *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    if code:
        assert f"Error [{code}]" in result.stderr
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_cli_needs_a_graph(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["report"])
    assert result.exit_code == 2 and "Error [E013]" in result.stderr


# --- the README's screenshot --------------------------------------------------------


def take_screenshot(page, site: Path, target: Path) -> None:
    """The picture of the report in the README: Soleimani's page, as a person sees it."""
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(url(site, SOLEIMANI))
    page.screenshot(path=str(target), full_page=False)


@pytest.mark.skipif(not os.environ.get("KG_SCREENSHOT"), reason="set KG_SCREENSHOT=docs/report.png to write the screenshot")
def test_screenshot(seeds_report, page):
    target = Path(os.environ["KG_SCREENSHOT"])
    take_screenshot(page, seeds_report, target)
    assert target.stat().st_size > 10_000


def test_an_earlier_report_is_updated_file_by_file(tmp_path):
    """Into the folder of an earlier report of the same graph nothing is written
    again; after a change, only the pages that show it, and the pages of nodes
    gone are removed. The folder then holds what a fresh report would."""
    graph = Graph()
    for i in range(30):
        node = NKGR[f"person_p{i:04d}"]
        graph.add((node, RDF.type, NKG.Person))
        graph.add((node, RDFS.label, Literal(f"Personne {i:04d}", lang="fr")))
    site = tmp_path / "site"
    first = build_report(graph, site, date=DATE, validation=False)
    assert first.written == first.files - 1  # all but the marker
    (site / "entity" / "person_p0003.html").touch()
    stamp = (site / "entity" / "person_p0003.html").stat().st_mtime_ns
    again = build_report(graph, site, date=DATE, validation=False)
    assert (again.written, again.removed) == (0, 0)
    assert (site / "entity" / "person_p0003.html").stat().st_mtime_ns == stamp
    graph.set((NKGR["person_p0001"], RDFS.label, Literal("Quelqu'un d'autre", lang="fr")))
    relabelled = build_report(graph, site, date=DATE, validation=False)
    assert 0 < relabelled.written < 10 and relabelled.removed == 0  # its page, the lists, the search and network data
    assert "Quelqu&#39;un d&#39;autre" in (site / "entity" / "person_p0001.html").read_text()
    graph.remove((NKGR["person_p0002"], None, None))
    changed = build_report(graph, site, date=DATE, validation=False)
    assert not (site / "entity" / "person_p0002.html").exists() and changed.removed == 1
    fresh = build_report(graph, tmp_path / "fresh", date=DATE, validation=False)
    files = sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(tmp_path / "fresh")) for p in (tmp_path / "fresh").rglob("*") if p.is_file())
    _match, mismatch, errors = filecmp.cmpfiles(site, tmp_path / "fresh", files, shallow=False)
    assert mismatch == [] and errors == [] and fresh.files == changed.files


def test_report_reads_the_files_as_kg_graphs_and_rdflib_do(seeds_graph_path, seeds_graph, tmp_path):
    """Read by Oxigraph's parser into kg's indexes or given as an rdflib Graph, the
    seeds give the same site."""
    build_report([seeds_graph_path], tmp_path / "files", date=DATE, validation=False, sources=["graph.ttl"])
    build_report(seeds_graph, tmp_path / "rdflib", date=DATE, validation=False, sources=["graph.ttl"])
    files = sorted(str(p.relative_to(tmp_path / "files")) for p in (tmp_path / "files").rglob("*") if p.is_file())
    _match, mismatch, errors = filecmp.cmpfiles(tmp_path / "files", tmp_path / "rdflib", files, shallow=False)
    assert mismatch == [] and errors == []


def test_the_report_reads_literals_as_written_and_merges_named_graphs(tmp_path):
    from kg.publish.report.graph import Lit, ReportGraph

    path = tmp_path / "g.trig"
    path.write_text("""@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        ex:g1 { ex:a ex:n "01"^^xsd:integer ; ex:b "1"^^xsd:boolean ; ex:l "mot"@fr , "mot" . }
        ex:g2 { ex:a ex:n "01"^^xsd:integer . }""", encoding="utf-8")
    graph = ReportGraph.from_files([path])
    a, ex = URIRef("http://example.org/a"), "http://example.org/"
    assert len(graph) == 4  # the triple in both graphs is one
    number = graph.value(a, URIRef(ex + "n"))
    assert str(number) == "01" and number.toPython() == 1 and number.datatype == XSD.integer
    assert graph.value(a, URIRef(ex + "b")).toPython() is True
    labels = set(graph.objects(a, URIRef(ex + "l")))
    assert labels == {Lit("mot", language="fr"), Lit("mot")} and Lit("mot") != Lit("mot", language="fr")
    assert (a, URIRef(ex + "n"), number) in graph and (None, URIRef(ex + "l"), Lit("mot")) in graph
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> ", encoding="utf-8")
    with pytest.raises(KgError) as raised:
        ReportGraph.from_files([broken])
    assert raised.value.code == "E010"
