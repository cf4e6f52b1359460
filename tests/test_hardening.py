"""Server hardening, through the Flask test client: security headers on every response, a CSP that
covers exactly Dash's inline scripts, calm answers to hostile callback requests (fuzzed with
hypothesis for every callback the app lists), no debug tools and no tracebacks for clients, and
data-file text never handed to an HTML renderer.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]

import app as app_module  # noqa: E402  (the real app, every page imported)

APP = app_module.app
CLIENT = APP.server.test_client()
DEPENDENCIES = json.loads(CLIENT.get("/_dash-dependencies").data)
PAGE_PATHS = sorted({page["path"] for page in __import__("dash").page_registry.values()}) or ["/"]


def _index(path: str = "/") -> str:
    r = CLIENT.get(path)
    assert r.status_code == 200, path
    return r.get_data(as_text=True)


def _csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


# --- security headers --------------------------------------------------------------------------


def _some_responses():
    """A response of every kind the server gives: pages, Dash's JSON, bundles, assets, downloads,
    a 404, a 405, a malformed callback (400), an unsupported media type (415)."""
    index = _index()
    bundle = re.search(r'<script src="(/_dash-component-suites/[^"]+)"', index).group(1)
    yield "page /", CLIENT.get("/")
    for path in PAGE_PATHS:
        yield f"page {path}", CLIENT.get(path)
    yield "layout", CLIENT.get("/_dash-layout")
    yield "dependencies", CLIENT.get("/_dash-dependencies")
    yield "bundle", CLIENT.get(bundle)
    yield "asset", CLIENT.get("/assets/base.css")
    yield "download", CLIENT.get("/download/sources.csv")
    yield "unknown download", CLIENT.get("/download/..%2Fconfig.py")
    yield "404", CLIENT.get("/no-such-page/at/all.php")
    yield "405", CLIENT.delete("/_dash-update-component")
    yield "400", CLIENT.post("/_dash-update-component", data="{", content_type="application/json")
    yield "415", CLIENT.post("/_dash-update-component", data="{}", content_type="text/plain")


@pytest.mark.parametrize("name,response", list(_some_responses()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_response_carries_security_headers(name, response):
    headers = response.headers
    assert headers.get("X-Content-Type-Options") == "nosniff", name
    assert headers.get("Referrer-Policy") == "no-referrer", name
    csp = _csp(response)
    if response.mimetype != "text/html":  # not a document: nothing may load or frame it
        assert not name.startswith("page") and name != "404", name
        assert csp == {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}, name
        return
    assert csp.get("default-src") == ["'self'"], name
    # no page may be framed (only /embed/* may: tests/test_embeds.py)
    assert csp.get("frame-ancestors") == ["'none'"] and headers.get("X-Frame-Options") == "DENY", name
    assert csp.get("object-src") == ["'none'"], name
    script_src = csp.get("script-src", [])
    assert script_src[0] == "'self'" and all(s.startswith("'sha256-") for s in script_src[1:]), script_src
    for directive, sources in csp.items():
        for source in sources:
            assert not re.match(r"(https?:|\*|'unsafe-eval')", source), f"{name}: {directive} allows {source}"
    assert "'unsafe-inline'" not in script_src


def test_csp_hashes_cover_every_inline_script_on_every_page():
    """Every executable inline <script> of the index (the renderer, clientside callbacks defined
    by any page) has its hash in script-src, and the policy is the same on every page."""
    policies = set()
    for path in ["/", *PAGE_PATHS]:
        response = CLIENT.get(path)
        html = response.get_data(as_text=True)
        allowed = set(_csp(response)["script-src"])
        policies.add(response.headers["Content-Security-Policy"])
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, flags=re.S)
        executable = [body for attrs, body in inline if "application/json" not in attrs]
        assert executable, "expected Dash's inline renderer script"
        for body in executable:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, f"{path}: inline script not in CSP: {body[:80]!r}"
    assert len(policies) == 1


# --- malformed and hostile callback requests ---------------------------------------------------


def _post(body, content_type="application/json"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return CLIENT.post("/_dash-update-component", data=data, content_type=content_type)


def _assert_calm(response, what=""):
    text = response.get_data(as_text=True)
    assert response.status_code < 500, f"{what}: {response.status_code} {text[:300]}"
    assert "Traceback" not in text and 'File "' not in text, f"{what}: traceback leaked"


MALFORMED = [
    b"",
    b"{",
    b"[]",
    b"null",
    b"42",
    b'"text"',
    b"\xff\xfe\x00",
    b"{" * 5000 + b"}" * 5000,
    {},
    {"output": None},
    {"output": 123},
    {"output": ["a"]},
    {"output": "no-such.prop"},
    {"output": "no-such.prop", "outputs": {"id": "no-such", "property": "prop"}, "inputs": []},
    {"output": "url.pathname", "inputs": "not a list"},
    {"output": "<script>alert(1)</script>.children", "inputs": [{"id": "<script>", "property": "x"}]},
]


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_callback_bodies_get_4xx(body):
    response = _post(body)
    _assert_calm(response, repr(body)[:60])
    assert 400 <= response.status_code < 500 or response.status_code == 204


def test_oversized_request_is_refused_with_413():
    response = _post(b'{"output": "' + b"A" * (9 * 1024 * 1024) + b'"}')
    assert response.status_code == 413
    _assert_calm(response)


def test_wrong_methods_and_media_types_are_4xx():
    for response in (
        CLIENT.put("/_dash-update-component"),
        _post(b"{}", content_type="text/html"),
        CLIENT.put("/_dash-layout"),
    ):
        assert 400 <= response.status_code < 500
        _assert_calm(response)


def _parse_outputs(output: str):
    """The `outputs` a renderer would send for a dependency's `output` string."""

    def one(part):
        ident, prop = part.rsplit(".", 1)
        if ident.startswith("{"):
            ident = {k: ("x" if isinstance(v, list) else v) for k, v in json.loads(ident).items()}
        return {"id": ident, "property": prop}

    if output.startswith(".."):
        return [one(p) for p in output[2:-2].split("...")]
    return one(output)


def _concrete(ident):
    if isinstance(ident, str) and ident.startswith("{"):
        return {k: ("x" if isinstance(v, list) else v) for k, v in json.loads(ident).items()}
    return ident


def _measures_and_years():
    import pandas as pd

    import config

    try:
        rows = pd.read_csv(config.TIDY / "county_measures.csv", dtype=str)
        return sorted(rows["measure"].dropna().unique()), sorted(rows["year"].dropna().unique())
    except OSError:
        return [], []


MEASURES, YEARS = _measures_and_years()
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "A" * 200_000,
    "\x00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "\U0001d54f" * 500,
    "NaN",
    "Infinity",
    "-1",
    "1e309",
    "9999",
    "0",
    "rate",
    "count",
    "/map",
    "/map?measure=<script>&year=99999&scale=rate",
    "?measure=fbi_ht_offenses&year=1850",
    "javascript:alert(1)",
    "55079",
    "55999",
    1800,
    99999,
    -1,
    2**63,
    -(2**63),
    1e308,
    True,
    [],
    {},
]
PLAUSIBLE = [*MEASURES, *YEARS, *[int(y) for y in YEARS], *PAGE_PATHS, "?measure=fbi_ht_offenses&year=2019&scale=rate"]

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)
VALUES = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(PLAUSIBLE or ["x"]), JSON_VALUES)


def _entry(dep_item, value):
    entry = {"id": _concrete(dep_item["id"]), "property": dep_item["property"], "value": value}
    return [entry] if isinstance(dep_item["id"], str) and '["ALL"]' in dep_item["id"] else entry


SERVER_CALLBACKS = [d for d in DEPENDENCIES if not d.get("clientside_function")]


def test_the_app_lists_its_callbacks():
    assert SERVER_CALLBACKS, "no server callback listed at /_dash-dependencies"


@pytest.mark.parametrize("dep", SERVER_CALLBACKS, ids=[d["output"][:60] for d in SERVER_CALLBACKS])
@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
)
@given(data=st.data())
def test_fuzzed_callback_inputs_never_give_5xx_or_traceback(dep, data):
    inputs = [_entry(i, data.draw(VALUES)) for i in dep["inputs"]]
    state = [_entry(s, data.draw(VALUES)) for s in dep.get("state", [])]
    changed = [
        f"{json.dumps(_concrete(i['id'])) if isinstance(_concrete(i['id']), dict) else i['id']}.{i['property']}"
        for i in dep["inputs"]
    ][: data.draw(st.integers(0, max(len(dep["inputs"]), 1)))]
    body = {
        "output": dep["output"],
        "outputs": _parse_outputs(dep["output"]),
        "inputs": inputs,
        "state": state,
        "changedPropIds": changed,
    }
    if data.draw(st.booleans()):  # sometimes break the structure itself
        key = data.draw(st.sampled_from(["outputs", "inputs", "state", "changedPropIds"]))
        body[key] = data.draw(VALUES)
    _assert_calm(_post(body), dep["output"])


def test_server_still_serves_after_hostile_requests():
    for body in MALFORMED:
        _post(body)
    assert CLIENT.get("/").status_code == 200
    assert CLIENT.get("/_dash-layout").status_code == 200


# --- debug off, no tracebacks ------------------------------------------------------------------


def test_debug_and_dev_tools_off_by_default():
    assert not APP.server.debug
    config = json.loads(
        re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', _index(), flags=re.S).group(1)
    )
    assert config.get("ui") is False and config.get("props_check") is False
    assert not config.get("hot_reload")
    reload = CLIENT.get("/_reload-hash")  # Dash always routes it; without hot reload it is inert
    assert reload.status_code == 404 or reload.get_json().get("reloadHash") is None


@pytest.mark.parametrize("value,expected", [("", False), ("0", False), ("true", False), ("1", True)])
def test_debug_only_with_debug_1(value, expected):
    out = subprocess.run(
        [sys.executable, "-c", "import config; print(config.DEBUG)"],
        cwd=ROOT,
        env=os.environ | {"DEBUG": value},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == str(expected)


def test_exceptions_reach_no_client():
    """An exception in a route or in a callback of a hardened app gives a calm answer."""
    import dash
    from dash import Input, Output, html

    from webserver import harden, on_callback_error

    probe = dash.Dash(__name__, on_error=on_callback_error)
    probe.layout = html.Div([html.Div(id="a"), html.Div(id="b")])

    @probe.callback(Output("b", "children"), Input("a", "children"))
    def explode(value):
        raise ZeroDivisionError("secret internals")

    @probe.server.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    harden(probe)
    client = probe.server.test_client()
    r = client.get("/boom")
    assert r.status_code == 500 and "secret" not in r.get_data(as_text=True)
    _assert_calm(client.get("/"))
    body = {
        "output": "b.children",
        "outputs": {"id": "b", "property": "children"},
        "inputs": [{"id": "a", "property": "children", "value": 1}],
        "changedPropIds": ["a.children"],
    }
    r = client.post("/_dash-update-component", json=body)
    assert r.status_code == 204, r.status_code  # no update
    assert "secret" not in r.get_data(as_text=True)


# --- data-file text is text, never HTML --------------------------------------------------------

APP_SOURCES = [p for d in ("pages", "components") for p in sorted((ROOT / d).glob("**/*.py"))] + [ROOT / "app.py"]


def test_no_dangerously_allowed_html_anywhere():
    for path in APP_SOURCES:
        assert "dangerously_allow_html" not in path.read_text(encoding="utf-8"), path


def test_no_markdown_is_rendered_in_the_browser():
    """The project's Markdown is turned into components on the server (components/content.py), so no
    text, data or otherwise, ever reaches a browser-side Markdown or HTML parser."""
    for path in APP_SOURCES:
        assert "dcc.Markdown" not in path.read_text(encoding="utf-8"), path
