"""The per-worker memo of pure callback answers: same bytes, compressed once, bounded in bytes, keyed by
host too, never for other callbacks; the real app remembers the map Patch and every page's layout."""

import gzip

import brotli
import dash
from dash import Input, Output, html

from components import page_views
from webserver import ByteLRU, CallbackMemo, harden

#: Room for two of the test app's answers (50 bytes of JSON each, uncompressed clients) and not three.
TWO_ANSWERS = 120


def make_app(max_bytes=TWO_ANSWERS):
    app = dash.Dash(__name__)
    app.layout = html.Div([html.Div(id="a"), html.Div(id="b")])
    calls = {"n": 0}

    @app.callback(Output("b", "children"), Input("a", "children"))
    def echo(value):
        calls["n"] += 1
        return f"{value}-{calls['n']}"

    harden(app)
    app.memo = CallbackMemo({"b.children"}, max_bytes=max_bytes)
    app.memo.attach(app.server)
    return app, calls


def body(value, output="b.children"):
    return {
        "output": output,
        "outputs": {"id": output.split(".")[0], "property": "children"},
        "inputs": [{"id": "a", "property": "children", "value": value}],
        "changedPropIds": ["a.children"],
    }


def test_repeated_request_is_answered_from_memory_with_the_same_bytes():
    app, calls = make_app()
    client = app.server.test_client()
    first = client.post("/_dash-update-component", json=body("x"))
    second = client.post("/_dash-update-component", json=body("x"))
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and calls["n"] == 1
    client.post("/_dash-update-component", json=body("y"))
    assert calls["n"] == 2


def test_memo_is_bounded_and_skips_large_bodies():
    app, calls = make_app()
    client = app.server.test_client()
    for value in ("p", "q", "r", "p"):
        client.post("/_dash-update-component", json=body(value))
    assert calls["n"] == 4  # "p" was evicted by "r"
    big = "z" * 5000
    client.post("/_dash-update-component", json=body(big))
    client.post("/_dash-update-component", json=body(big))
    assert calls["n"] == 6


def test_failed_answers_are_not_remembered():
    app, calls = make_app()
    client = app.server.test_client()
    bad = client.post("/_dash-update-component", json={"output": "b.children", "inputs": "nonsense"})
    assert 400 <= bad.status_code < 500 or bad.status_code == 204
    ok = client.post("/_dash-update-component", json=body("x"))
    assert ok.status_code == 200


def test_threads_sharing_the_memo_never_turn_a_hit_into_an_error():
    """gthread workers share the memo. A slow reorder widens the window in which another thread's
    eviction could remove the entry a hit is reading; with the lock every request still succeeds."""
    import threading
    import time
    from collections import OrderedDict

    class SlowOrder(OrderedDict):
        def move_to_end(self, key, last=True):
            time.sleep(0.001)  # hand the GIL to the other threads mid-hit
            super().move_to_end(key, last)

    app, _ = make_app()
    memo = app.memo
    memo.answers.store = SlowOrder()
    errors, statuses = [], []

    def worker(n):
        client = app.server.test_client()
        for i in range(40):
            value = str((n + i) % 4)  # 4 states over 2 slots: constant eviction
            try:
                resp = client.post("/_dash-update-component", json=body(value))
                statuses.append((resp.status_code, value in resp.get_data(as_text=True)))
            except Exception as exc:  # noqa: BLE001 - any error is the failure this test looks for
                errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(statuses) == 8 * 40 and all(code == 200 and ok for code, ok in statuses)
    assert memo.answers.size <= TWO_ANSWERS


def test_answers_are_compressed_once_for_each_encoding():
    app, calls = make_app(max_bytes=10_000)
    client = app.server.test_client()
    plain = client.post("/_dash-update-component", json=body("x"))
    assert "Content-Encoding" not in plain.headers
    for encoding, decompress in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        r = client.post("/_dash-update-component", json=body("x"), headers={"Accept-Encoding": encoding})
        assert r.headers["Content-Encoding"] == encoding and "Accept-Encoding" in r.headers["Vary"]
        assert decompress(r.data) == plain.data
    assert calls["n"] == 1
    keys = {k[1] for k in app.memo.answers.store}
    assert keys == {None, "gzip", "br"}


def test_a_key_function_decides_what_is_the_same_request():
    app, calls = make_app(max_bytes=10_000)
    app.memo.keys["b.children"] = lambda body: None if body["inputs"][0]["value"] == "never" else "one key"
    client = app.server.test_client()
    for value in ("x", "y", "never", "never"):
        client.post("/_dash-update-component", json=body(value))
    assert calls["n"] == 3  # "y" shares "x"'s key; "never" is not kept


def test_byte_lru_keeps_the_recent_within_its_bound():
    lru = ByteLRU(max_bytes=10)
    lru.put("a", b"12345")
    lru.put("b", b"12345")
    assert lru.get("a") == b"12345"  # "a" is now the most recent
    lru.put("c", b"123")
    assert lru.get("b") is None and lru.get("a") and lru.get("c") and lru.size == 8
    lru.put("a", b"1")  # replacing a value updates the size
    assert lru.size == 4
    lru.put("huge", b"x" * 11)  # larger than the bound: never kept, nothing evicted for it
    assert lru.get("huge") is None and lru.size == 4


def _counting(path):
    """Wrap the layout of the page at `path` so the test can count how often it is built."""
    page = next(p for p in dash.page_registry.values() if p["path"] == path)
    built = {"n": 0, "page": page, "original": page["layout"]}

    def counting_layout(**kwargs):
        built["n"] += 1
        return built["original"](**kwargs)

    page["layout"] = counting_layout
    return built


def test_page_views_are_answered_from_memory_whatever_the_query():
    """Each page's default view was built in the worker's warm-up; a query the page does not read, or
    a map state that validates to the same state, is the same view: no layout is built again."""
    import app as app_module

    client = app_module.app.server.test_client()
    post = lambda path, search="": client.post(  # noqa: E731
        "/_dash-update-component", json=page_views.router_body(path, search)
    )
    for path, search in (("/sources", "?x=1"), ("/milwaukee", "?present=1&junk=%00"), ("/map", "?measure=junk&year=x")):
        built = _counting(path)
        try:
            plain, varied = post(path), post(path, search)
        finally:
            built["page"]["layout"] = built["original"]
        assert plain.status_code == varied.status_code == 200
        assert plain.data == varied.data and b"_pages_content" in plain.data
        assert built["n"] == 0, path


def test_a_new_view_is_built_once_and_unknown_paths_are_not_kept():
    import app as app_module

    client = app_module.app.server.test_client()
    body = page_views.router_body("/map", "?measure=fbi_ht_offenses&county=55079&scale=count")
    built = _counting("/map")
    try:
        first = client.post("/_dash-update-component", json=body)
        second = client.post("/_dash-update-component", json=body)
    finally:
        built["page"]["layout"] = built["original"]
    assert first.data == second.data and built["n"] <= 1
    assert page_views.view_key(page_views.router_body("/no-such-page")) is None
    assert page_views.view_key({"inputs": "nonsense"}) is None
