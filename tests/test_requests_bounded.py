"""Issue 13 through the Flask test client: real 404s, calm answers to bad framework paths, answers
that are never stored, log lines that cannot be forged, downloads that answer 304, and CSV cells a
spreadsheet would run neutralised (numbers unchanged)."""

from __future__ import annotations

import base64
import logging
import sys

import pandas as pd
import pytest

import app as app_module
import webserver
from components import shell, upload_map, upload_read
from etl.tables import spreadsheet_safe

CLIENT = app_module.app.server.test_client()


# --- addresses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/no-such-page", "/map/extra", "/wp-login.php", "/404", "/not_found_404"])
def test_unknown_addresses_answer_404_with_the_page(path):
    r = CLIENT.get(path)
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert 'id="react-entry-point"' in r.get_data(as_text=True)  # the app, which shows "Page not found"


def test_every_listed_page_answers_200_and_the_not_found_page_lists_them():
    for _, path in shell.nav_items():
        assert CLIENT.get(path).status_code == 200, path
    from pages import not_found_404

    links = [c.href for c in _walk(not_found_404.layout()) if getattr(c, "href", None)]
    assert links == [path for _, path in shell.nav_items()]
    assert "/404" not in links


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            yield from _walk(child)


@pytest.mark.parametrize(
    "path",
    [
        "/_dash-component-suites/dash/../../etc/passwd",
        "/_dash-component-suites/dash/deps/react@99.v1m1.min.js",
        "/_dash-component-suites/no-such-package/x.js",
        "/_dash-component-suites/dash/dcc/nothing.js",
    ],
)
def test_bad_framework_paths_answer_404_without_a_traceback(path, caplog):
    with caplog.at_level(logging.DEBUG):
        r = CLIENT.get(path)
    assert r.status_code == 404
    assert not any(record.exc_info for record in caplog.records)
    assert "Traceback" not in caplog.text


# --- answers never stored, logs one line each --------------------------------------------------------


def test_callback_answers_are_never_stored():
    from components import page_views

    r = CLIENT.post("/_dash-update-component", json=page_views.router_body("/upload"))
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"


def test_a_log_line_cannot_be_forged():
    formatter = webserver.OneLineFormatter(webserver.LOG_FORMAT)
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        exc = sys.exc_info()
    record = logging.LogRecord("app", logging.WARNING, __file__, 1, "input %s", ("x\n2026-01-01 ERROR forged\r",), exc)
    line = formatter.format(record)
    assert "\n" not in line and "\r" not in line
    assert "x\\n2026-01-01 ERROR forged\\r" in line and "Traceback" in line  # escaped, not dropped
    assert " WARNING app: input " in line and line[:4].isdigit()  # timestamp, level, logger
    root = logging.getLogger()
    assert any(isinstance(h.formatter, webserver.OneLineFormatter) for h in root.handlers)


# --- downloads: ETag, Last-Modified, 304 ----------------------------------------------------------------


@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_downloads_answer_304_to_a_client_that_has_them(encoding):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    first = CLIENT.get("/download/figures.csv", headers=headers)
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = CLIENT.get("/download/figures.csv", headers=headers | {"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = CLIENT.get("/download/figures.csv", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    stale = CLIENT.get("/download/figures.csv", headers=headers | {"If-None-Match": '"not-this-one"'})
    assert stale.status_code == 200 and stale.data == first.data


# --- CSV cells a spreadsheet would run ------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, written",
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd", "'+cmd"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("-1e3", "-1e3"),
        ("Dane", "Dane"),
        ("", ""),
        (-4.0, -4.0),
        (None, None),
    ],
)
def test_spreadsheet_safe(cell, written):
    assert spreadsheet_safe(cell) == written


def test_the_uploads_free_text_reaches_the_csv_neutralised():
    text = "County,2020\nDane,12\nMilwaukee,40\n"
    contents = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
    result = upload_read.process(contents, "x.csv", None, {"unit": '=HYPERLINK("http://evil","click")'})
    assert result.ok
    csv = upload_map.tidy_csv(result.frame)
    assert '"\'=hyperlink(""http://evil"",""click"")"' in csv  # units are kept in lower case
    assert ",12," in csv and ",40," in csv  # numbers unchanged


def test_the_map_download_is_neutralised_too(monkeypatch):
    from types import SimpleNamespace

    import pages.map as map_page
    from components import map_data

    export = pd.DataFrame({"county": ["=cmd|' /C calc'!A0", "Dane County"], "value": [-3.0, 12.0]})
    monkeypatch.setattr(map_data, "view_of", lambda state: SimpleNamespace(export=export))
    out = map_page.update_map_download(1, {"measure": "nibrs_ht_offenses"})
    lines = out["content"].splitlines()
    assert lines[1].startswith("'=cmd") and lines[1].endswith(",-3") and lines[2] == "Dane County,12"


def test_the_readme_nginx_example_keeps_hsts_on_every_location():
    """nginx drops a server's add_header lines in any location that has its own add_header."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    nginx = re.search(r"```nginx\n(.*?)```", readme, re.S).group(1)
    assert "Strict-Transport-Security" in nginx
    locations = re.findall(r"location [^{]+\{(.*?)\n    \}", nginx, re.S)
    assert len(locations) >= 3
    assert all("add_header" not in block for block in locations)
