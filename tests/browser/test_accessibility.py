"""Accessibility and presenter mode in a real browser: axe-core on every page (in English and in
Spanish) and on embeds, keyboard stepping,
no sideways scroll on a phone, print styles.

axe-core (the npm package, installed by `npm ci`) is injected into each page; any serious or
critical violation fails the test, in presenter mode too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.browser import block_other_hosts
from tests.browser.conftest import wait_for_dash
from tests.tools import need

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["/", "/map", "/milwaukee", "/youth", "/trends", "/sources", "/data", "/upload"]


@pytest.fixture
def page(browser, live_server):
    """A page whose CSP is bypassed so axe-core can be injected; the app's CSP is tested elsewhere."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, bypass_csp=True)
    pg = context.new_page()
    pg.base = live_server
    pg.blocked = block_other_hosts(pg, live_server)
    yield pg
    assert pg.blocked == [], f"off-host requests: {pg.blocked}"
    context.close()


@pytest.fixture(scope="module")
def axe_source():
    need(AXE.exists(), "axe-core", "run `npm ci`")
    return AXE.read_text()


def wait_ready(page):
    wait_for_dash(page)


def serious_violations(page, axe_source):
    page.add_script_tag(content=axe_source)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("present", [False, True])
def test_no_serious_axe_violations(page, axe_source, path, present):
    url = page.base + path + ("?present=1" if present else "")
    page.goto(url)
    wait_ready(page)
    assert serious_violations(page, axe_source) == []


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_axe_violations_in_spanish(page, axe_source, path):
    page.goto(page.base + path + "?lang=es")
    wait_ready(page)
    assert serious_violations(page, axe_source) == []


EMBEDS = ["/embed/map", "/embed/milwaukee-police", "/embed/youth-police", "/embed/trends-hotline"]


@pytest.mark.parametrize("path", EMBEDS)
def test_no_serious_axe_violations_on_embeds(page, axe_source, path):
    page.goto(page.base + path)
    page.wait_for_selector("#embed-graph[data-drawn='true']")
    assert serious_violations(page, axe_source) == []


@pytest.mark.parametrize("theme", ["dark", "contrast"])
def test_themes_keep_contrast(page, axe_source, theme):
    page.goto(page.base + "/")
    wait_ready(page)
    page.evaluate(f"window.wihtPresenter.setTheme('{theme}')")
    page.wait_for_function(f"() => document.documentElement.classList.contains('theme-{theme}')")
    assert serious_violations(page, axe_source) == []
    page.evaluate("window.wihtPresenter.setTheme('light')")


def test_page_language_skip_link_and_heading_order(page):
    page.goto(page.base + "/map")
    wait_ready(page)
    assert page.evaluate("document.documentElement.lang") == "en"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Skip to main content" in focused
    levels = page.evaluate(
        "Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4')).map(h => Number(h.tagName[1]))"
    )
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_presenter_keyboard_steps_through_the_story(page):
    page.goto(page.base + "/?present=1")
    wait_ready(page)
    page.evaluate("window.__noReload = true")
    assert page.evaluate("document.documentElement.classList.contains('presenting')")
    seen = [page.evaluate("location.pathname + location.search")]
    for _ in range(40):
        page.keyboard.press("ArrowRight")
        wait_ready(page)
        here = page.evaluate("location.pathname + location.search")
        if here == seen[-1]:
            break
        seen.append(here)
    paths = [s.split("?")[0] for s in seen]
    assert paths[0] == "/" and "/map" in paths and "/milwaukee" in paths and "/youth" in paths and "/trends" in paths
    assert paths[-1] == "/sources"
    assert all("present=1" in s for s in seen)
    assert page.evaluate("window.__noReload") is True  # stepping never reloaded the page
    page.keyboard.press("PageUp")
    wait_ready(page)
    assert page.evaluate("location.pathname + location.search") == seen[-2]
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present')")
    assert not page.evaluate("document.documentElement.classList.contains('presenting')")


def test_presenter_type_is_large(page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(page.base + "/youth?present=1")
    wait_ready(page)
    body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert body_px >= 20
    sizes = page.evaluate("""Array.from(document.querySelectorAll('.js-plotly-plot'))
        .filter(g => g.offsetParent !== null).map(g => g._fullLayout.font.size)""")
    assert sizes and min(sizes) >= 18


@pytest.mark.parametrize("path, present", [(p, False) for p in PAGES] + [(p, True) for p in ("/", "/map", "/youth")])
def test_phone_has_no_sideways_scroll(browser, live_server, path, present):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    block_other_hosts(pg, live_server)
    pg.goto(live_server + path + ("?present=1" if present else ""))
    wait_ready(pg)
    overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    mode = " in presenter mode" if present else ""
    assert overflow <= 1, f"{path}{mode} scrolls sideways by {overflow}px at 390px"


def test_print_keeps_chart_source_and_caveat(page):
    page.goto(page.base + "/map")
    wait_ready(page)
    page.emulate_media(media="print")
    visible = page.evaluate("""() => {
        const shown = el => el && getComputedStyle(el).display !== 'none';
        return {graph: shown(document.querySelector('#county-map')),
                source: shown(document.querySelector('.source-line')),
                nav: shown(document.querySelector('.site-header nav'))};
    }""")
    assert visible == {"graph": True, "source": True, "nav": False}


def test_map_controls_work_from_the_keyboard(page):
    """Tab reaches the measure control; Enter opens it; arrows and Enter choose another measure."""
    page.goto(page.base + "/map?measure=fbi_ht_presence&year=2016")
    wait_ready(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "measure-select":
            break
    else:
        pytest.fail("Tab never reached the measure control")
    page.keyboard.press("Enter")
    page.wait_for_selector(".dash-dropdown-content", timeout=5000)
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('.dash-dropdown-content')")
    # The list takes keys once its own focus handling has run; step until another option has focus.
    focused_value = "document.activeElement && document.activeElement.value"
    for _ in range(20):
        page.keyboard.press("ArrowDown")
        if page.evaluate(focused_value) not in (None, "fbi_ht_presence"):
            break
    else:
        pytest.fail("ArrowDown never moved off the current measure")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !location.search.includes('measure=fbi_ht_presence&')", timeout=10000)
    assert "measure=" in page.evaluate("location.search")


def test_navigation_marks_the_current_page(page):
    page.goto(page.base + "/youth")
    wait_ready(page)
    current = page.evaluate("Array.from(document.querySelectorAll('nav a[aria-current=page]')).map(a => a.textContent)")
    assert current == ["Youth"]
    page.click("nav a[href='/map']")
    page.wait_for_selector("#county-map")
    wait_ready(page)
    current = page.evaluate("Array.from(document.querySelectorAll('nav a[aria-current=page]')).map(a => a.textContent)")
    assert current == ["County map"]
