"""The content pages in headless Chromium, with every off-host request blocked."""

import csv

import pytest

import config
from bench.browser import block_other_hosts
from etl.ingest.policy import load_policy
from tests.browser.conftest import wait_for_dash

pytestmark = pytest.mark.browser

PAGES = {
    "overview": "/",
    "milwaukee": "/milwaukee",
    "youth": "/youth",
    "trends": "/trends",
    "sources": "/sources",
    "data": "/data",
}


def open_page(page, path):
    page.goto(page.base + path)
    wait_for_dash(page)


def assert_clean(page):
    assert page.watch.console_errors == []
    assert page.watch.blocked == []
    assert page.watch.server_errors == []


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(page, name):
    open_page(page, PAGES[name])
    assert page.locator("h1").first.is_visible()
    assert page.locator(".help-banner").is_visible()  # help resources stay visible on every page
    assert_clean(page)


@pytest.mark.parametrize("name", ["milwaukee", "youth", "trends"])
def test_charts_draw_with_data(page, name):
    open_page(page, PAGES[name])
    page.wait_for_selector(".js-plotly-plot .main-svg")
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length >= 3 && "
        "[...document.querySelectorAll('.js-plotly-plot')].every(g => g.data && g.data.length)"
    )
    traces = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
        id: g.closest('[id]') ? g.closest('[id]').id : '',
        n: g.data.length,
        points: g.data.map(t => (t.x || []).length + (t.y || []).length)}))""")
    assert len(traces) >= 3
    for graph in traces:
        assert graph["n"] >= 1 and all(p > 0 for p in graph["points"]), graph
    assert page.locator(".js-plotly-plot .bars .point").count() >= 5
    labels = page.locator(".chart-figure[aria-label]")
    assert labels.count() == len(traces)
    assert page.locator(".chart-summary").count() >= len(traces)
    assert page.locator(".source-line").count() >= len(traces)
    assert_clean(page)


def test_overview_cards_show(page):
    open_page(page, "/")
    cards = page.locator("article.key-figure")
    assert cards.count() >= 8
    first = cards.first
    assert first.locator(".kf-value").inner_text() == "111"
    assert "Secondary source" in first.locator(".badge").inner_text()
    assert page.locator("article.claim-card").count() == 4
    assert "Claims we could not verify" in page.locator("#claims-title").inner_text()
    assert_clean(page)


def test_copy_with_citation_puts_the_sentence_on_the_clipboard(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 720}, permissions=["clipboard-read", "clipboard-write"]
    )
    pg = context.new_page()
    blocked = block_other_hosts(pg, live_server)
    try:
        pg.goto(live_server + "/")
        pg.wait_for_selector("article.key-figure")
        card = pg.locator("article.key-figure[data-figure='NHTH_2024_cases']")
        expected = card.locator(".cite-sentence").text_content()
        assert expected.startswith("Wisconsin, 2024: 111 cases.") and "FOX6 News Milwaukee, 2026-01-16" in expected
        card.get_by_text("Copy with citation").click()
        pg.wait_for_function("async (want) => (await navigator.clipboard.readText()) === want", arg=expected)
        assert blocked == []
    finally:
        context.close()


def test_sources_lists_every_source(page):
    open_page(page, "/sources")
    with open(config.TIDY / "sources.csv", encoding="utf-8") as fh:
        sources = list(csv.DictReader(fh))
    shown = set(page.eval_on_selector_all("section.source-entry", "els => els.map(e => e.id)"))
    assert shown == {f"source-{s['source_id']}" for s in sources}
    text = page.locator(".source-list").inner_text()
    for s in sources:
        assert s["source_id"] in text and s["title"].split("\n")[0][:40] in text
    assert_clean(page)


def test_chart_download_button_sends_its_rows(page, tmp_path):
    open_page(page, "/youth")
    with page.expect_download() as info:
        page.locator("#youth-dcf-chart-title").locator("xpath=..").get_by_text("Download this chart's data").click()
    path = tmp_path / "dcf.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["figure_id"] for r in rows] == [
        "DCF_CPS_allegations_2021",
        "DCF_CPS_allegations_2022",
        "DCF_CPS_allegations_2023",
    ]
    assert {r["source_id"] for r in rows} and all(r["verification"] == "primary" for r in rows)
    assert_clean(page)


def test_screenshots(browser, live_server):
    """Screenshots for people to look at: /tmp/pages_<name>_<width>.png."""
    for width, height in [(1920, 1080), (1280, 720)]:
        context = browser.new_context(viewport={"width": width, "height": height})
        pg = context.new_page()
        try:
            for name, path in PAGES.items():
                pg.goto(live_server + path)
                wait_for_dash(pg)
                shot = pg.screenshot(path=f"/tmp/pages_{name}_{width}.png")
                assert shot[:8] == b"\x89PNG\r\n\x1a\n"
                # nothing wider than the screen: no sideways scrolling at either width
                assert pg.evaluate("document.documentElement.scrollWidth") <= width
        finally:
            context.close()


def _tidy(name):
    with open(config.TIDY / f"{name}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _series(rows, fips, measure):
    return {
        int(r["year"]): float(r["value"]) for r in rows if r["fips"] == fips and r["measure"] == measure and r["value"]
    }


def _graph_traces(page, graph_id):
    """Name -> {year: y} of every trace of a drawn graph, read from the page's Plotly object."""
    page.wait_for_function(
        f"() => {{ const g = document.getElementById('{graph_id}'); "
        "const p = g && g.querySelector('.js-plotly-plot'); return p && p.data && p.data.length; }"
    )
    traces = page.evaluate(f"""() => document.getElementById('{graph_id}').querySelector('.js-plotly-plot').data
        .map(t => ({{name: t.name, x: Array.from(t.x), y: Array.from(t.y)}}))""")
    return {t["name"]: {int(round(x)): y for x, y in zip(t["x"], t["y"]) if y is not None} for t in traces}


def test_milwaukee_police_chart_shows_the_tidy_values(page):
    open_page(page, "/milwaukee")
    traces = _graph_traces(page, "milwaukee-police-chart")
    cm = _tidy("county_measures")
    mpd = {
        int(r["year"]): float(r["value"])
        for r in _tidy("agency_measures")
        if r["ori"] == "WIMPD0000" and r["measure"] == "nibrs_ht_offenses" and r["value"]
    }
    county = _series(cm, "55079", "nibrs_ht_offenses")
    state = _series(cm, "55", "nibrs_ht_offenses")
    drawn = list(traces.values())
    assert drawn[0] == mpd and drawn[1] == county
    assert drawn[2] == {y: state[y] - county[y] for y in state if y in county}
    # the first chart on the page is the police chart, with its source line and table
    assert page.locator(".chart-card").first.get_attribute("aria-labelledby") == "milwaukee-police-chart-title"
    card = page.locator("section[aria-labelledby='milwaukee-police-chart-title']")
    assert "NIBRS" in card.locator(".source-line").inner_text()
    assert_clean(page)


def test_youth_police_chart_shows_shares_of_the_tidy_counts(page):
    open_page(page, "/youth")
    traces = _graph_traces(page, "youth-police-chart")
    cm = _tidy("county_measures")
    juvenile, adult = _series(cm, "55", "nibrs_ht_victims_juvenile"), _series(cm, "55", "nibrs_ht_victims_adult")
    minimum = load_policy().share_min_denominator
    want = {
        y: round(100 * juvenile[y] / (juvenile[y] + adult[y]), 1)
        for y in juvenile
        if y in adult and juvenile[y] + adult[y] >= minimum
    }
    assert want and next(iter(traces.values())) == want  # the statewide line; other years are gaps
    assert_clean(page)


def test_a_chart_permalink_opens_the_page_at_the_chart(page):
    page.goto(page.base + "/youth#youth-dcf-chart-card")
    wait_for_dash(page)
    card = page.locator("#youth-dcf-chart-card")
    page.wait_for_function(
        "() => { const r = document.getElementById('youth-dcf-chart-card').getBoundingClientRect();"
        " return r.top >= -2 && r.top < 200; }"
    )
    assert card.locator("a.permalink").get_attribute("href") == "#youth-dcf-chart-card"
    assert_clean(page)


def test_data_snippets_read_from_the_address_in_use(page):
    """The server writes the snippets with a neutral address; the page shows the one the browser used."""
    open_page(page, "/data")
    want = page.base + "/download/"
    page.wait_for_function(
        "(want) => ['data-snippet-pandas', 'data-snippet-r'].every(id => "
        "document.getElementById(id).textContent.includes(want))",
        arg=want,
    )
    pandas = page.locator("#data-snippet-pandas").text_content()
    assert f'BASE = "{want}"' in pandas
    assert_clean(page)


def test_an_unknown_address_shows_the_not_found_page_with_every_page_listed(page):
    response = page.goto(page.base + "/no-such-page")
    assert response.status == 404
    wait_for_dash(page)
    assert page.locator("main h1").inner_text() == "Page not found"
    assert page.title().startswith("Page not found")
    links = page.locator("#not-found-pages a")
    nav = page.locator("nav[aria-label='Main'] a[href^='/']")  # the site navigation, not the language switch
    assert links.count() == nav.count() >= 8  # every page of the navigation
    links.first.click()
    page.wait_for_function("() => location.pathname === '/'")
    assert page.watch.blocked == [] and page.watch.server_errors == []


def test_trends_share_one_year_axis_and_show_gaps_as_gaps(page):
    """Each statewide series in its own chart, every chart on the same years, no bar where a series
    has no figure (never a zero bar), and no chart mixing two measures."""
    open_page(page, "/trends")
    page.wait_for_function("document.querySelectorAll('.page-trends .js-plotly-plot .bars .point').length > 10")
    graphs = page.evaluate("""() => [...document.querySelectorAll('.page-trends .js-plotly-plot')].map(g => ({
        range: g._fullLayout.xaxis.range, ticks: g._fullLayout.xaxis.tickvals,
        measures: [...new Set(g.data.map(t => t.meta && t.meta.measure))],
        x: g.data.flatMap(t => t.x), y: g.data.flatMap(t => t.y)}))""")
    assert len(graphs) == 4
    assert all(g["range"] == graphs[0]["range"] and g["ticks"] == graphs[0]["ticks"] for g in graphs)
    assert all(len(g["measures"]) == 1 for g in graphs)
    assert all(y is not None and y > 0 for g in graphs for y in g["y"])  # a gap has no bar at all
    assert len({x for g in graphs for x in g["x"]}) < len(graphs[0]["ticks"]) * len(graphs)
    assert_clean(page)
