"""The per-worker memo of pure callback answers: same bytes, bounded, never for other callbacks."""

import dash
from dash import Input, Output, html

from webserver import CallbackMemo, harden


def make_app(maxsize=2):
    app = dash.Dash(__name__)
    app.layout = html.Div([html.Div(id="a"), html.Div(id="b")])
    calls = {"n": 0}

    @app.callback(Output("b", "children"), Input("a", "children"))
    def echo(value):
        calls["n"] += 1
        return f"{value}-{calls['n']}"

    harden(app)
    app.memo = CallbackMemo({"b.children"}, maxsize=maxsize)
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
    app, calls = make_app(maxsize=2)
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

    app, _ = make_app(maxsize=2)
    memo = app.memo
    memo.answers = SlowOrder()
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
    assert len(memo.answers) <= 2
