"""Chart images (issue 14): every chart's "Download image" gives a PNG of the size asked for and an
SVG that carries the chart's title, source line, statuses, data date and permalink, made in the
browser from the figure with nothing fetched."""

from __future__ import annotations

import html
import struct

import pytest

from components import cards
from tests.browser.conftest import wait_for_dash

pytestmark = pytest.mark.browser

SIZES = {"png-wide": (1600, 900), "png-square": (1080, 1080)}


def png_size(blob: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (the first one, right after the signature)."""
    assert blob[:8] == b"\x89PNG\r\n\x1a\n" and blob[12:16] == b"IHDR"
    return struct.unpack(">II", blob[16:24])


def download(page, control, kind: str) -> bytes:
    """Open a control's "Download image" menu, pick `kind` and return the file's bytes."""
    control.get_by_role("button", name="Download image").click()
    with page.expect_download() as info:
        control.locator(f".image-kind[data-kind='{kind}']").click()
    return info.value.path().read_bytes()


def control_of(page, graph_id: str):
    return page.locator(f".image-download[data-graph='{graph_id}']")


def visible_text(page, element_id: str) -> str:
    return " ".join(page.locator(f"#{element_id}").inner_text().split())


def open_page(page, path: str, graph_id: str):
    page.goto(page.base + path)
    wait_for_dash(page)
    page.wait_for_selector(f"#{graph_id} .main-svg")


@pytest.mark.parametrize("kind", SIZES)
def test_map_png_has_the_size_asked_for(page, kind):
    open_page(page, "/map", "county-map")
    blob = download(page, control_of(page, "county-map"), kind)
    assert png_size(blob) == SIZES[kind]
    assert len(blob) > 20_000  # a drawn map, not an empty canvas
    assert page.watch.blocked == [] and page.watch.console_errors == []


def test_map_svg_carries_title_source_date_and_the_view_address(page):
    open_page(page, "/map?year=2020", "county-map")
    svg = download(page, control_of(page, "county-map"), "svg").decode()
    assert svg.startswith("<svg") and 'width="1600"' in svg and 'height="900"' in svg
    title = visible_text(page, "map-title")
    assert title and f"<title>{title}</title>" in svg
    source = visible_text(page, "map-source")
    assert source and source[:60] in svg
    assert cards.built_sentence() in svg
    assert "year=2020" in page.url and html.escape(page.url) in svg  # the view on screen, as its address says
    assert "data:image/svg+xml" in svg  # the figure itself is inside, drawn by Plotly
    assert page.watch.blocked == []


@pytest.mark.parametrize("path", ["/map", "/milwaukee", "/youth", "/trends"])  # the overview has no chart
def test_every_chart_has_one_image_control(page, path):
    page.goto(page.base + path)
    wait_for_dash(page)
    page.wait_for_selector("main .js-plotly-plot .main-svg", state="attached")
    graphs = page.eval_on_selector_all("main .js-plotly-plot", "els => els.map(e => e.parentElement.id || e.id)")
    controls = page.eval_on_selector_all("main .image-download", "els => els.map(e => e.dataset.graph)")
    assert graphs and sorted(controls) == sorted(graphs)
    assert page.get_by_role("button", name="Download image").count() == len(graphs)


def test_a_trends_svg_is_cited(page):
    chart = "trends-police-chart"
    open_page(page, "/trends", chart)
    svg = download(page, control_of(page, chart), "svg").decode()
    title = visible_text(page, f"{chart}-title")
    assert f"<title>{title}</title>" in svg
    source = visible_text(page, f"{chart}-source")
    assert source[:60] in svg
    assert "Statuses of the values shown:" in svg
    assert f"/trends#{cards.card_anchor(chart)}" in svg


@pytest.mark.parametrize("kind", SIZES)
def test_trends_png_has_the_size_asked_for(page, kind):
    open_page(page, "/trends", "trends-hotline-chart")
    blob = download(page, control_of(page, "trends-hotline-chart"), kind)
    assert png_size(blob) == SIZES[kind]


def test_presenter_key_i_saves_the_view_on_screen(page):
    open_page(page, "/trends?present=1", "trends-hotline-chart")
    with page.expect_download() as info:
        page.keyboard.press("i")
    assert png_size(info.value.path().read_bytes()) == SIZES["png-wide"]
    assert info.value.suggested_filename == "trends-hotline-chart-1600x900.png"


def test_the_menu_is_a_disclosure_keyboard_can_use(page):
    open_page(page, "/trends", "trends-hotline-chart")
    control = control_of(page, "trends-hotline-chart")
    button = control.get_by_role("button", name="Download image")
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.dataset.kind") == "png-wide"
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert control.locator(".image-menu").is_hidden()
