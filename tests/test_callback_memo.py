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
    CallbackMemo({"b.children"}, maxsize=maxsize).attach(app.server)
    return app, calls


def body(value, output="b.children"):
    return {"output": output, "outputs": {"id": output.split(".")[0], "property": "children"},
            "inputs": [{"id": "a", "property": "children", "value": value}], "changedPropIds": ["a.children"]}


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
