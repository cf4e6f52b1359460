"""Workers are ready before they take requests (issue 13): under gunicorn with the README's settings,
concurrent callbacks fired the moment the server answers, and while workers recycle
(`--max-requests`), all succeed. Before the warm-up at import, 1-6 of 64 got 400 "Callback function
not found": Dash Pages registered its router on a worker's first request."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench import servers
from components import map_data, page_views
from components.map_state import serialize_state

PATHS = ["/", "/map", "/milwaukee", "/youth", "/trends", "/sources", "/data", "/upload"]


def _post(base: str, body: dict) -> int:
    request = urllib.request.Request(
        base + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        # generous: the claim is the status; a burst meets several worker restarts (each warms up first)
        with urllib.request.urlopen(request, timeout=180) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def map_body() -> dict:
    """A year step on /map as the browser sends it (a callback registered with dash.callback)."""
    s = map_data.state()
    return {
        "output": "county-map.figure",
        "outputs": {"id": "county-map", "property": "figure"},
        "inputs": [{"id": "map-state", "property": "data", "value": s.to_dict() | {"query": serialize_state(s)}}],
        "changedPropIds": ["map-state.data"],
        "state": [],
    }


def test_concurrent_callbacks_right_after_start_and_while_workers_recycle():
    # every worker is replaced after 40 requests, so the burst meets fresh workers several times
    with servers.Server("app:server", extra_args=["--max-requests", "40"]) as server:
        bodies = [page_views.router_body(PATHS[i % len(PATHS)]) if i % 2 else map_body() for i in range(192)]
        with ThreadPoolExecutor(64) as pool:
            statuses = list(pool.map(lambda body: _post(server.base, body), bodies))
    assert statuses.count(200) == len(bodies), sorted(set(statuses))
