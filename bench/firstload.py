"""First visits in headless Chromium: every byte on the wire for each page, and the time to an
interactive map on a throttled connection.

Bytes are Chromium's own count (CDP `encodedDataLength`: headers plus compressed body) with the
HTTP cache off, from the first request until the network has been quiet for half a second, so the
page's first callbacks and the map geometry are included. The throttled run emulates a venue
network (THROTTLE) through CDP and times, from navigation start, the moment the first county is
drawn and the moment Dash has no callback left in flight (the map answers its controls).
"""

from __future__ import annotations

import statistics

from bench import browser

#: Every page of the dashboard (the page registry's paths).
PAGES = ("/", "/map", "/milwaukee", "/youth", "/trends", "/sources", "/data", "/upload")
#: Embed pages (issue 14), measured like pages: a partner site's visitor loads one of these.
EMBEDS = ("/embed/map", "/embed/milwaukee-police")
#: Conference Wi-Fi: 1.6 Mbit/s each way and 150 ms of latency, as issue 12 sets it.
THROTTLE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 1.6e6 / 8}
ROUTER_OUTPUT = "_pages_content.children"

JS_INTERACTIVE = """(mapId) => {
  const drawn = document.querySelectorAll('#' + mapId + ' path.choroplethlocation').length > 0;
  return drawn && !document.querySelector('[data-dash-is-loading="true"]') ? performance.now() : false;
}"""


def page_bytes(base: str, paths=PAGES) -> dict:
    """Per page: KB on the wire, requests, the split by part, and the page's router request body
    (what a page view asks the server for; the benchmark replays it under load)."""
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with sync_playwright() as pw:
        b = browser.launch(pw)
        for path in paths:
            context, page = browser.new_page(b, base)
            rec = browser.Recorder(context, page)
            page.goto(base + path, wait_until="commit")
            page.wait_for_selector("main h1", timeout=60_000)
            browser.wait_idle(rec, page, quiet=0.5)
            requests = rec.since(set())
            router = [r for r in requests if ROUTER_OUTPUT in browser.callback_outputs(r.get("post"))]
            out[path] = {
                "kb": sum(r.get("bytes", 0) for r in requests) / 1000,
                "requests": len(requests),
                "parts": browser.summarise_bytes(requests),
                "router_body": router[0]["post"] if router else None,
                "full_plotly_fetched": any(
                    "plotly" in r["url"] and "plotly-custom" not in r["url"] and r["url"].endswith(".js")
                    for r in requests
                ),
                "console_errors": list(page.console_errors),
                "blocked_off_host": list(page.blocked),
            }
            context.close()
        b.close()
    return out


def throttled_time_to_map(base: str, url: str, map_id: str, runs: int = 3) -> dict:
    """Median (and each run's) ms from navigation start to the first drawn county and to an
    interactive map, on THROTTLE, with the HTTP cache off."""
    from playwright.sync_api import sync_playwright

    drawn, interactive = [], []
    with sync_playwright() as pw:
        b = browser.launch(pw)
        for _ in range(runs):
            context, page = browser.new_page(b, base)
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", THROTTLE)
            page.goto(base + url, wait_until="commit", timeout=120_000)
            drawn.append(
                page.wait_for_function(browser.JS_MAP_DRAWN, arg=map_id, timeout=120_000, polling="raf").json_value()
            )
            interactive.append(
                page.wait_for_function(JS_INTERACTIVE, arg=map_id, timeout=120_000, polling="raf").json_value()
            )
            context.close()
        b.close()
    return {
        "drawn_ms": statistics.median(drawn),
        "interactive_ms": statistics.median(interactive),
        "runs_interactive_ms": [round(x) for x in interactive],
        "throttle": THROTTLE,
    }
