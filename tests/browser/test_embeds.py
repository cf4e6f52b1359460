"""Embeds in a real browser (issue 14): a partner page on another origin frames /embed/* and the
chart is drawn inside; the same page framing /map gets nothing (the browser refuses it); /data's
<iframe> code names this site's address. axe-core on embeds: tests/browser/test_accessibility.py.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import threading

import pytest

from bench.browser import block_other_hosts
from tests.browser.conftest import wait_for_dash

pytestmark = pytest.mark.browser


@contextlib.contextmanager
def partner_page(browser, base: str, frames: dict[str, str]):
    """A page on another origin (a server of its own on another port of this machine, so the browser
    sees a real cross-origin, loopback-to-loopback frame) holding an <iframe> per id -> app path."""
    body = "".join(
        f'<iframe id="{fid}" src="{base}{path}" title="{fid}" width="900" height="600"></iframe>'
        for fid, path in frames.items()
    )
    page_html = (
        f'<!DOCTYPE html><html lang="en"><head><title>Partner</title></head><body><main>{body}</main></body></html>'
    )

    class Partner(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            data = page_html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Partner)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    partner = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    try:
        page = context.new_page()
        page.blocked = block_other_hosts(page, base)
        page.route(f"{partner}/**", lambda route: route.continue_())  # the partner site itself
        page.answered = []
        page.on("response", lambda r: page.answered.append((r.status, r.url)))
        page.goto(f"{partner}/story.html")  # load: every frame has loaded or failed
        yield page
    finally:
        context.close()
        server.shutdown()


def frame_of(page, frame_id: str):
    return page.locator(f"#{frame_id}").element_handle().content_frame()


def test_an_embed_draws_inside_another_sites_frame_and_the_full_page_is_refused(browser, live_server):
    with partner_page(browser, live_server, {"embed": "/embed/map?year=2020", "full": "/map"}) as page:
        embed = frame_of(page, "embed")
        embed.wait_for_selector("#embed-graph[data-drawn='true']")
        assert embed.locator(".choropleth path").count() >= 72
        assert embed.locator("h1").inner_text().endswith("2020")
        assert embed.locator(".source-line").inner_text().startswith("Source:")
        link = embed.get_by_role("link", name="Open the full view on Wisconsin Human Trafficking Data")
        assert link.get_attribute("href").startswith("/map?") and "year=2020" in link.get_attribute("href")
        full = frame_of(page, "full")
        # the server answered /map, and the browser put its own error page in the frame instead
        assert (200, f"{live_server}/map") in page.answered
        assert not full.url.startswith(live_server)
        assert full.locator("main h1, #react-entry-point").count() == 0
        assert page.blocked == []


@pytest.mark.parametrize("name", ["milwaukee-police", "youth-police", "trends-police", "state-hotline-cases"])
def test_every_kind_of_chart_draws_in_a_frame(browser, live_server, name):
    with partner_page(browser, live_server, {"embed": f"/embed/{name}"}) as page:
        embed = frame_of(page, "embed")
        embed.wait_for_selector("#embed-graph[data-drawn='true']")
        assert embed.locator("#embed-graph .main-svg").count() >= 1
        assert embed.locator(".embed-statuses").inner_text().startswith("Statuses of the values shown:")
        assert page.blocked == []


def test_data_gives_iframe_code_with_this_sites_address(page):
    page.goto(page.base + "/data?embed=youth-police#embed")
    wait_for_dash(page)
    code = page.locator("#data-snippet-embed-code")
    page.wait_for_function(
        "() => document.getElementById('data-snippet-embed-code').textContent.includes(location.origin)"
    )
    text = code.inner_text()
    assert text.startswith(f'<iframe src="{page.base}/embed/youth-police"')
    assert page.watch.console_errors == [] and page.watch.blocked == []
    page.goto(page.base + "/embed/youth-police")
    assert f'title="{html.escape(page.locator("h1").inner_text())}"' in text  # the frame is named by its chart


def test_the_map_embed_link_follows_the_view(page):
    page.goto(page.base + "/map?year=2019")
    wait_for_dash(page)
    link = page.get_by_role("link", name="Embed this map")
    assert "year=2019" in link.get_attribute("href")
    page.locator("#year-select").click()
    page.get_by_role("option", name="2021").click()
    page.wait_for_function("() => document.getElementById('map-embed-link').href.includes('year=2021')")
    assert link.get_attribute("href").startswith("/data?embed=map&measure=")
