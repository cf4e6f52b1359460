"""First load in a real browser (issue 12): Dash uses the custom plotly.js bundle from assets/ and
never fetches its own, the page router settles (one layout request), and every trace type the
charts use (bar, scatter lines, choropleth) renders on the pages that use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import wait_for_dash

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "tools" / "plotly" / "bundle.json").read_text())
PLOTLY_VERSION = next(b["version"] for b in MANIFEST["bundles"] if b["package"] == "plotly.js")
#: Scripts the app must never fetch: Dash's own plotly.js (inline or async chunk), its polyfills, DataTable.
NEVER_FETCHED = ("plotly.min.js", "async-plotlyjs", "/deps/polyfill@", "/dash_table/")

#: Per drawn graph on the page: its trace types and how many marks each type drew.
DRAWN = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
  .filter(gd => gd._fullData && gd.offsetParent !== null)
  .map(gd => ({
    id: (gd.closest('[id]') || gd).id,
    types: gd._fullData.filter(t => t.visible === true).map(t => t.type),
    bars: gd.querySelectorAll('.barlayer .point path').length,
    lines: gd.querySelectorAll('.scatterlayer .trace path.js-line').length,
    counties: gd.querySelectorAll('path.choroplethlocation').length,
  }))"""


#: The pages with charts; the overview has none, and its first load is checked too.
CHART_PAGES = ("/map", "/milwaukee", "/youth")


def _first_load(page, path: str) -> tuple[list[str], list[dict]]:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(page.base + path)
    wait_for_dash(page)
    if path in CHART_PAGES:
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
    return urls, page.evaluate(DRAWN)


@pytest.mark.parametrize("path", ["/", *CHART_PAGES])
def test_the_custom_bundle_is_the_only_plotly(page, path):
    urls, graphs = _first_load(page, path)
    assert [u for u in urls if any(name in u for name in NEVER_FETCHED)] == []
    assert sum("plotly-custom.min.js" in u for u in urls) == 1
    assert page.evaluate("window.Plotly && window.Plotly.version") == PLOTLY_VERSION
    assert sum("/_dash-layout" in u for u in urls) == 1  # the router settled: no reload loop
    assert bool(graphs) == (path in CHART_PAGES), f"graphs drawn on {path}: {graphs}"
    assert page.watch.console_errors == [] and page.watch.blocked == [] and page.watch.server_errors == []


def test_every_trace_type_the_charts_use_renders(page):
    drawn: dict[str, int] = {"bar": 0, "scatter": 0, "choropleth": 0}
    for path in CHART_PAGES:
        _, graphs = _first_load(page, path)
        for g in graphs:
            types = set(g["types"])
            if "bar" in types:
                assert g["bars"] > 0, (path, g)
                drawn["bar"] += 1
            if "scatter" in types:
                assert g["lines"] > 0, (path, g)
                drawn["scatter"] += 1
            if "choropleth" in types:
                assert g["counties"] >= 72, (path, g)
                drawn["choropleth"] += 1
            assert types <= set(drawn), f"{path}: trace type outside the bundle: {types}"
    assert all(drawn.values()), drawn
    assert page.watch.console_errors == [], page.watch.console_errors
