"""The framework's floor: the cheapest possible Dash callback (one input echoed to one output).

Served by gunicorn with the same settings as the real app (`bench.servers.gunicorn_args`) and the
same Dash options (compress, serve_locally), in two forms: bare Dash (`BENCH_FLOOR=bare`), and with
the app's hardening (headers, limits, calm errors), so the benchmark can say what the framework
costs, what the hardening adds, and what the app's own work adds on top.

It also carries one benchmark-only callback, `naive-map`, which answers a year change the naive
way: it rebuilds the whole county-map figure (geometry included) and sends all of it. The map page
never does this; it exists only so the benchmark can compare, in the same run and through the same
server stack, a full-figure update with the page's `dash.Patch` update.
"""

from __future__ import annotations

import os

import dash
from dash import Input, Output, dcc, html

from webserver import harden, on_callback_error

app = dash.Dash(
    __name__,
    serve_locally=True,
    compress=True,
    update_title=None,
    assets_folder="floor-assets-none",
    on_error=on_callback_error,
)
app.layout = html.Div(
    [
        dcc.Input(id="floor-input", value="x"),
        html.Div(id="floor-output"),
        dcc.Input(id="naive-year", type="number"),
        dcc.Input(id="naive-measure"),
        dcc.Input(id="naive-scale"),
        dcc.Graph(id="naive-map"),
    ]
)
server = app.server
if os.environ.get("BENCH_FLOOR") != "bare":
    harden(app)


@app.callback(Output("floor-output", "children"), Input("floor-input", "value"))
def echo(value):
    return value


@app.callback(
    Output("naive-map", "figure"),
    Input("naive-year", "value"),
    Input("naive-measure", "value"),
    Input("naive-scale", "value"),
    prevent_initial_call=True,
)
def naive_map(year, measure, scale):
    """Benchmark only: the whole figure, rebuilt from scratch for every request."""
    from bench import naive

    return naive.build_full_figure(measure, year, scale)
