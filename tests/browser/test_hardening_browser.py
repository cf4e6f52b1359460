"""Hardening seen from headless Chromium, against the app under gunicorn (the deployed setup):

- every page loads with no Content-Security-Policy violation, no console error and no request to
  another host, clientside callbacks of every page included (their hashes are in the policy);
- text from data files that looks like HTML or script (source titles, notes, county names,
  a javascript: URL) is shown as text: no element is created and no script runs.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from bench import browser as bb
from bench.servers import Server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/map", "/milwaukee", "/youth", "/trends", "/sources", "/data", "/upload"]
PAGES = [p for p in PAGES if p == "/" or (ROOT / "pages" / f"{p.strip('/')}.py").exists()]
PAYLOAD = '<img src=x onerror="window.__xss=1"><b class="xss-marker">XSS</b><script>window.__xss=1</script>'
POISON = {
    "sources.csv": ("publisher", "title", "caveats", "citation", "reports_on"),
    "figures.csv": ("description", "research_note", "locator"),
    "counties.csv": ("county",),
    "county_measures.csv": ("note",),
}


@pytest.fixture(scope="module")
def pw_browser(browser):
    """The session's Chromium (tests/browser/conftest.py): one Playwright instance per test run."""
    return browser


def _visit(b, base: str, path: str) -> dict:
    context, page = bb.new_page(b, base)
    try:
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_selector("#main > *", timeout=20_000)
        # late callbacks and clientside callbacks: wait until Dash has none in flight, and a paint
        page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        return {
            "csp": page.evaluate("window.__csp"),
            "console": list(page.console_errors),
            "blocked": list(page.blocked),
            "xss": page.evaluate("window.__xss === 1"),
            "marker": page.evaluate("document.querySelectorAll('.xss-marker').length"),
            "js_links": page.evaluate("document.querySelectorAll('a[href^=\"javascript:\" i]').length"),
            "text": page.evaluate("document.body.innerText"),
        }
    finally:
        context.close()


@pytest.fixture(scope="module")
def real_server():
    with Server("app:server", workers=1) as server:
        yield server


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_without_csp_violation_or_console_error(pw_browser, real_server, path):
    seen = _visit(pw_browser, real_server.base, path)
    assert seen["csp"] == [], seen["csp"]
    assert seen["console"] == [], seen["console"]
    assert seen["blocked"] == [], seen["blocked"]


@pytest.fixture(scope="module")
def poisoned_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("poisoned") / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".tidy-*"))
    for name, columns in POISON.items():
        path = data / "tidy" / name
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0])
        for row in rows:
            for column in columns:
                if column in row and (row[column] or column != "note"):
                    row[column] = f"{row[column]} {PAYLOAD}"
            if name == "sources.csv":
                row["url"] = "javascript:window.__xss=1"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    with Server("app:server", workers=1, env={"HT_DATA_DIR": str(data)}) as server:
        yield server


def test_html_in_data_files_is_shown_as_text(pw_browser, poisoned_server):
    shown_as_text = []
    for path in PAGES:
        seen = _visit(pw_browser, poisoned_server.base, path)
        assert not seen["xss"], f"{path}: a script from a data file ran"
        assert seen["marker"] == 0, f"{path}: an element from a data file was created"
        if 'class="xss-marker"' in seen["text"]:
            shown_as_text.append(path)
        assert seen["js_links"] == 0, f"{path}: a javascript: URL from a data file became a link"
    assert shown_as_text, "the payload was shown on no page: the test proves nothing"
