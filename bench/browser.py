"""First load of a page in headless Chromium (Playwright + CDP), and recording real callbacks.

Bytes are what Chromium received (CDP `Network.loadingFinished.encodedDataLength`: headers and
the compressed body), with the HTTP cache disabled, classified into the framework's bundles
(Plotly, React, the Dash renderer, Dash's component suites) and everything the app adds.
"""

from __future__ import annotations

import json
import os
import time
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: Truthy (performance.now() in ms) once the map's first county is drawn: SVG choropleth paths,
#: or a MapLibre canvas for tile-free `choroplethmap` traces.
JS_MAP_DRAWN = """(mapId) => {
  const g = document.getElementById(mapId);
  if (!g) return false;
  if (g.querySelectorAll('path.choroplethlocation').length > 0) return performance.now();
  if (g.querySelector('.maplibregl-canvas, .mapboxgl-canvas')) return performance.now();
  return false;
}"""

#: Records Content-Security-Policy violations (a console error too, but this is exact).
JS_CSP_WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));"""


#: Files in assets/ that stand in for framework bundles (tools/plotly/build.mjs): counted as the
#: framework part they replace, not as the app's own bytes.
FRAMEWORK_ASSETS = {
    "/assets/plotly-custom.min.js": "plotly",
    "/assets/regenerator-runtime.min.js": "framework_components",
}


def classify(url: str) -> str:
    """Which part of the page a URL belongs to."""
    path = urlsplit(url).path.lower()
    if path in FRAMEWORK_ASSETS:
        return FRAMEWORK_ASSETS[path]
    if "/_dash-component-suites/" in path:
        name = path.rsplit("/", 1)[-1]
        if "plotly" in name:
            return "plotly"
        if name.startswith(("react@", "react-dom@", "react.", "react-dom.")) or "/react" in path:
            return "react"
        if "dash-renderer" in path or "dash_renderer" in path:
            return "dash_renderer"
        return "framework_components"
    return "app"


class Recorder:
    """CDP network log of one page: per request the URL, method, post body, encoding and bytes."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.requests: dict[str, dict] = {}
        self.cdp.on("Network.requestWillBeSent", self._sent)
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.loadingFailed", self._failed)

    def _sent(self, e):
        req = e["request"]
        self.requests[e["requestId"]] = {
            "url": req["url"],
            "method": req["method"],
            "post": req.get("postData"),
            "has_post": req.get("hasPostData", False),
            "t": time.perf_counter(),
            "done": False,
        }

    def _response(self, e):
        r = self.requests.setdefault(e["requestId"], {"url": e["response"]["url"]})
        headers = {k.lower(): v for k, v in e["response"].get("headers", {}).items()}
        r.update(
            status=e["response"]["status"],
            encoding=headers.get("content-encoding", "identity"),
            mime=e["response"].get("mimeType"),
            headers=headers,
        )

    def _finished(self, e):
        r = self.requests.get(e["requestId"])
        if r is not None:
            r.update(bytes=e["encodedDataLength"], done=True)
            if r.get("method") == "POST" and r.get("post") is None and r.get("has_post"):
                try:
                    r["post"] = self.cdp.send("Network.getRequestPostData", {"requestId": e["requestId"]})["postData"]
                except Exception:  # noqa: BLE001  (post data no longer available)
                    pass

    def _failed(self, e):
        r = self.requests.get(e["requestId"])
        if r is not None:
            r.update(done=True, failed=e.get("errorText", "failed"))

    def mark(self) -> set[str]:
        return set(self.requests)

    def since(self, mark: set[str]) -> list[dict]:
        return [r for rid, r in self.requests.items() if rid not in mark]


def wait_idle(recorder: Recorder, page, quiet: float = 0.5, timeout: float = 20) -> None:
    """Until no request has been pending for `quiet` seconds (or `timeout`)."""
    deadline = time.time() + timeout
    last_busy = time.time()
    while time.time() < deadline:
        page.wait_for_timeout(50)
        if any(not r.get("done") for r in recorder.requests.values()):
            last_busy = time.time()
        elif time.time() - last_busy >= quiet:
            return


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def block_other_hosts(page, base: str) -> list[str]:
    """Let a page reach only `base` (and data:/blob: URLs): every other request is aborted and its URL
    appended to the returned list, so a test or the benchmark can prove a page works offline. The
    one helper for this, used by the benchmark and every browser test."""
    blocked: list[str] = []

    def route(route_):
        url = route_.request.url
        if url.startswith(base) or url.startswith(("data:", "blob:")):
            route_.continue_()
        else:
            blocked.append(url)
            route_.abort()

    page.route("**/*", route)
    return blocked


def new_page(browser, base: str):
    """A page that blocks (and records) every request to another host and collects console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.blocked, page.console_errors = block_other_hosts(page, base), []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: page.console_errors.append(f"pageerror: {err}"))
    page.add_init_script(JS_CSP_WATCH)
    return context, page


def summarise_bytes(requests: list[dict]) -> dict:
    parts: dict[str, dict] = {}
    for r in requests:
        if "bytes" not in r:
            continue
        p = parts.setdefault(classify(r["url"]), {"bytes": 0, "requests": 0, "encodings": set()})
        p["bytes"] += r["bytes"]
        p["requests"] += 1
        p["encodings"].add(r.get("encoding", "identity"))
    for p in parts.values():
        p["encodings"] = sorted(p["encodings"])
    return parts


def callback_outputs(post: str | None) -> str:
    try:
        return json.loads(post or "{}").get("output", "")
    except ValueError:
        return ""
