"""/map in headless Chromium: offline, all 72 counties, values equal to county_measures.csv for every
measure and year, URL state with back/forward, no reloads, panel, sortable table, screenshots."""

from __future__ import annotations

import time

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from etl.tables import read_tidy
from tests.browser.conftest import wait_for_dash

pytestmark = pytest.mark.browser

FIPS_72 = 72

#: fips -> [status, value] as drawn: class traces are "reported" with z the value; status traces by uid.
EXTRACT = """() => {
  const gd = document.querySelector('#county-map .js-plotly-plot');
  if (!gd || !gd._fullData || !gd.data) return null;
  const out = {};
  for (const t of gd.data) {
    if (t.uid === 'selected') continue;
    const reported = t.uid.startsWith('class_');
    (t.locations || []).forEach((loc, i) => {
      if (loc in out) { out[loc] = ['DUPLICATE', null]; return; }
      out[loc] = [reported ? 'reported' : t.uid, reported ? t.z[i] : null];
    });
  }
  return out;
}"""
PUSH = """(url) => { history.pushState({}, '', url);
  window.dispatchEvent(new PopStateEvent('popstate', {state: {}})); }"""


@pytest.fixture(scope="module")
def tidy():
    from config import TIDY

    return read_tidy(TIDY / "county_measures.csv", "county_measures"), read_tidy(TIDY / "measures.csv", "measures")


def expected(cm: pd.DataFrame, measure: str, year) -> dict:
    rows = cm[
        (cm["measure"] == measure) & (cm["year"].isna() if year is None else cm["year"] == year) & (cm["fips"] != "55")
    ]  # a statewide row is not a county on the map
    return {r.fips: [r.value_status, None if pd.isna(r.value) else float(r.value)] for r in rows.itertuples()}


def drawn(page) -> dict | None:
    out = page.evaluate(EXTRACT)
    return None if out is None else {k: [s, None if v is None else float(v)] for k, (s, v) in out.items()}


def wait_drawn(page, want: dict, timeout: float = 15) -> dict:
    deadline = time.time() + timeout
    got = None
    while time.time() < deadline:
        got = drawn(page)
        if got == want:
            return got
        time.sleep(0.1)
    assert got == want
    return got


def wait_for(page, js: str, timeout: float = 15000):
    page.wait_for_function(js, timeout=timeout)


def open_map(page, query: str = ""):
    page.goto(page.base + "/map" + query)
    wait_for(page, "() => document.querySelectorAll('#county-map .choroplethlocation').length >= 72")
    page.evaluate("() => { window.__mapMarker = 'no-reload'; }")


def assert_clean(page):
    assert page.watch.blocked == [], f"off-host requests: {page.watch.blocked}"
    assert page.watch.console_errors == [], page.watch.console_errors
    assert page.watch.server_errors == [], page.watch.server_errors


def assert_no_reload(page):
    assert page.evaluate("() => window.__mapMarker") == "no-reload"


def test_map_loads_offline_with_all_72_counties(page, tidy):
    cm, _ = tidy
    open_map(page)
    # the default view: police-recorded offenses (NIBRS) in their latest year
    got = wait_drawn(
        page, expected(cm, "nibrs_ht_offenses", int(cm.loc[cm.measure == "nibrs_ht_offenses", "year"].max()))
    )
    assert len(got) == FIPS_72
    # every county path is drawn (selected outline excluded): 72 shapes with a real outline
    paths = page.evaluate("""() => [...document.querySelectorAll('#county-map .choroplethlocation')]
                             .filter(p => (p.getAttribute('d') || '').length > 10).length""")
    assert paths >= FIPS_72
    assert "measure=nibrs_ht_offenses" in page.evaluate("() => location.search")
    assert page.locator("#county-table tbody tr").count() == FIPS_72
    assert page.locator("#map-source a").count() >= 1
    assert page.locator("#map-caveat").inner_text().strip()
    assert not page.locator(".modebar-btn--logo").count()
    wait_for_dash(page)
    assert_clean(page)


def test_every_yearly_measure_and_year_matches_the_csv(page, tidy):
    """One page: each view is pushed into history + popstate, so this also proves back/forward wiring."""
    cm, measures = tidy
    open_map(page)
    yearly = set(measures.loc[measures["yearly"], "measure"])
    checked = 0
    for measure in sorted(set(cm["measure"])):
        years = sorted(int(y) for y in cm.loc[cm["measure"] == measure, "year"].dropna().unique())
        for year in years or [None]:
            if (year is None) == (measure in yearly):
                continue  # a yearly measure has years; a non-yearly one has none
            query = f"?measure={measure}&scale=count" + (f"&year={year}" if year else "")
            page.evaluate(PUSH, "/map" + query)
            wait_drawn(page, expected(cm, measure, year))
            wait_for(page, f"() => document.getElementById('map-title').innerText.includes('{year or ''}')")
            checked += 1
    assert checked >= 14
    assert_no_reload(page)
    assert_clean(page)


def test_back_and_forward_switch_years_without_reload(page, tidy):
    cm, _ = tidy
    open_map(page, "?measure=fbi_ht_presence&year=2016&scale=count")
    wait_drawn(page, expected(cm, "fbi_ht_presence", 2016))
    page.evaluate(PUSH, "/map?measure=fbi_ht_presence&year=2019&scale=count")
    wait_drawn(page, expected(cm, "fbi_ht_presence", 2019))
    page.go_back()
    wait_drawn(page, expected(cm, "fbi_ht_presence", 2016))
    assert "year=2016" in page.evaluate("() => location.search")
    page.go_forward()
    wait_drawn(page, expected(cm, "fbi_ht_presence", 2019))
    assert page.locator("#year-select").inner_text().strip().startswith("2019")
    assert_no_reload(page)
    assert_clean(page)


def test_changing_a_control_updates_the_address_without_reload(page, tidy):
    cm, _ = tidy
    open_map(page, "?measure=fbi_ht_offenses&year=2015")
    wait_for(page, "() => location.search.includes('scale=count')")  # canonical form written by replaceState
    before = page.evaluate("() => history.length")
    page.locator("#scale-select input[value='rate']").check()
    wait_for(page, "() => location.search.includes('scale=rate')")
    assert page.evaluate("() => history.length") == before + 1  # a person's change is a history entry
    # rate mode: counts below 20 are "rate not shown", never a number or 0
    counts = expected(cm, "fbi_ht_offenses", 2015)
    want = {f: (["rate_not_shown", None] if s == "reported" else [s, None]) for f, (s, _) in counts.items()}
    wait_drawn(page, want)
    # the table is its own callback: wait for it rather than read it the moment the map is drawn
    wait_for(
        page, "() => document.querySelector('#county-table tbody').innerText.toLowerCase().includes('rate not shown')"
    )
    page.go_back()
    wait_for(page, "() => location.search.includes('scale=count')")
    wait_drawn(page, counts)
    assert page.locator("#scale-select input[value='count']").is_checked()
    assert_no_reload(page)
    assert_clean(page)


def test_clicking_a_county_opens_its_panel(page):
    open_map(page)
    box = page.evaluate("""() => { const p = [...document.querySelectorAll('#county-map .choroplethlocation')]
        .find(e => e.__data__ && e.__data__.loc === '55025');
        p.scrollIntoView({block: 'center'}); const r = p.getBoundingClientRect();
        return [r.x + r.width / 2, r.y + r.height / 2]; }""")
    # Plotly binds its click handler once the figure settles; a click before that is not seen, so
    # click again until the address says the county was chosen (a condition, not a sleep).
    for _ in range(10):
        page.mouse.click(*box)
        try:
            wait_for(page, "() => location.search.includes('county=55025')", timeout=2000)
            break
        except PlaywrightTimeout:
            wait_for_dash(page)
    else:
        pytest.fail("clicking Dane County never chose it")
    panel = page.locator("#county-panel")
    panel.locator("h2", has_text="Dane County").wait_for()
    text = panel.inner_text()
    for needle in (
        "Population, 2020",
        "Population under 18, 2020",
        "Federal judicial district",
        "2014",
        "2021",
        "Agencies behind this number",
        "Cited figures",
    ):
        assert needle in text
    # the agencies behind Dane County's number, each with its value, from agency_measures.csv
    from config import TIDY

    am = read_tidy(TIDY / "agency_measures.csv", "agency_measures")
    year = int(am["year"].max())
    dane = am[(am.fips == "55025") & (am.year == year) & (am.measure == "nibrs_ht_offenses")]
    table = panel.locator("table.agency-table").inner_text()
    assert len(dane) and all(name[:30] in table for name in dane["agency"])
    assert_no_reload(page)
    # a pasted link lands on the same view, panel included
    page.goto(page.base + "/map?measure=fbi_ht_presence&year=2018&scale=count&county=55025")
    page.locator("#county-panel h2", has_text="Dane County").wait_for()
    assert page.locator("#year-select").inner_text().strip().startswith("2018")
    assert_clean(page)


def test_table_sorts_by_value_with_missing_last(page, tidy):
    cm, _ = tidy
    open_map(page, "?measure=fbi_ht_offenses&year=2015")
    header = page.locator("#map-th-value")
    page.locator("#map-sort-value").click()
    wait_for(page, "() => document.getElementById('map-th-value').getAttribute('aria-sort') === 'ascending'")
    page.locator("#map-sort-value").click()
    wait_for(page, "() => document.getElementById('map-th-value').getAttribute('aria-sort') === 'descending'")
    assert page.locator("#map-th-county").get_attribute("aria-sort") == "none"
    rows = page.locator("#county-table tbody tr")
    reported = cm[(cm.measure == "fbi_ht_offenses") & (cm.year == 2015) & (cm.value_status == "reported")]
    top = reported.sort_values("value", ascending=False)
    first = rows.nth(0).inner_text()
    assert f"{int(top.value.iloc[0])} offense" in first
    assert "Not reported" in rows.nth(len(reported)).inner_text()
    assert "Not reported" in rows.nth(FIPS_72 - 1).inner_text()
    assert header.locator("button").is_visible()
    assert_clean(page)


def test_hostile_address_falls_back_to_defaults(page):
    page.goto(page.base + "/map?measure=%3Cscript%3Ealert(1)%3C/script%3E&year=abc&county=99999&scale=zzz")
    wait_for(page, "() => document.querySelectorAll('#county-map .choroplethlocation').length >= 72")
    wait_for(page, "() => location.search.startsWith('?measure=nibrs_ht_offenses&year=')")
    assert "<script>" not in page.content().split("</head>")[1].split("_dash-config")[0]
    assert_clean(page)


@pytest.mark.parametrize("width,height", [(1920, 1080), (1280, 720)])
def test_screenshots_read_well(page, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_map(page, "?measure=fbi_ht_offenses&year=2015&county=55079")
    page.locator("#county-panel h2", has_text="Milwaukee County").wait_for()
    wait_for_dash(page)
    page.screenshot(path=f"/tmp/map_{width}.png")
    sizes = page.evaluate("""() => [...document.querySelectorAll('#county-map .legendtext')]
                             .map(t => parseFloat(getComputedStyle(t).fontSize))""")
    assert sizes and min(sizes) >= 18  # a legend readable from across the room
    graph = page.locator("#county-map").bounding_box()
    assert graph["height"] >= 400 and graph["width"] >= 500
    assert page.locator("#map-caveat").is_visible()
    assert_clean(page)
