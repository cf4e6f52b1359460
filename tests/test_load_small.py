"""A small, bounded load test for CI: the real app under gunicorn (2 workers, the benchmark's
settings) on a free 127.0.0.1 port, 200 callback requests from a thread pool of 16, all < 500,
then stop. The full load test (wrk, 50 connections, 20 s) is part of `python -m bench`.

Requests are built from what the app lists at /_dash-dependencies, with plausible values: every
page through the pages router, and every server callback with real measures and years.
"""

from __future__ import annotations

import http.client
import itertools
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.servers import Server

REQUESTS = 200


def _get(base_port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", base_port, timeout=30)
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, r.read()


def _plausible(ident, prop, pages, measures, years, k):
    if ident == "_pages_location" or prop == "pathname":
        return pages[k % len(pages)] if prop == "pathname" else ""
    if ident == "year-select":
        return years[k % len(years)] if years else None
    if ident == "measure-select":
        return measures[k % len(measures)] if measures else None
    if ident == "scale-select":
        return ("count", "rate")[k % 2]
    return None


def _bodies(port: int) -> list[str]:
    import pandas as pd

    import config

    status, text = _get(port, "/_dash-dependencies")
    assert status == 200
    deps = [d for d in json.loads(text) if not d.get("clientside_function")]
    cm = pd.read_csv(config.TIDY / "county_measures.csv", dtype={"year": "Int64"})
    measures = sorted(cm["measure"].unique())
    years = sorted(int(y) for y in cm["year"].dropna().unique())
    pages = ["/", "/map", "/milwaukee", "/youth", "/sources", "/data", "/no-such-page"]
    bodies = []
    for k, dep in zip(range(REQUESTS), itertools.cycle(deps)):
        if any(not isinstance(i["id"], str) or i["id"].startswith("{") for i in dep["inputs"] + dep.get("state", [])):
            continue  # pattern-matching callbacks are covered by the fuzz tests

        def entry(i, k=k):
            return {
                "id": i["id"],
                "property": i["property"],
                "value": _plausible(i["id"], i["property"], pages, measures, years, k),
            }

        out = dep["output"]
        outputs = (
            [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in out[2:-2].split("...")]
            if out.startswith("..")
            else dict(zip(("id", "property"), out.rsplit(".", 1)))
        )
        bodies.append(
            json.dumps(
                {
                    "output": out,
                    "outputs": outputs,
                    "inputs": [entry(i) for i in dep["inputs"]],
                    "state": [entry(s) for s in dep.get("state", [])],
                    "changedPropIds": [f"{i['id']}.{i['property']}" for i in dep["inputs"][:1]],
                }
            )
        )
    return bodies


@pytest.fixture(scope="module")
def gunicorn_app():
    server = Server("app:server").start(timeout=120)
    try:
        yield server
    finally:
        server.stop()


def test_200_callback_requests_under_gunicorn(gunicorn_app):
    port = gunicorn_app.port
    bodies = _bodies(port)
    assert bodies
    work = list(itertools.islice(itertools.cycle(bodies), REQUESTS))

    def send(body: str) -> int:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(
                "POST",
                "/_dash-update-component",
                body.encode(),
                {"Content-Type": "application/json", "Accept-Encoding": "gzip"},
            )
            r = conn.getresponse()
            r.read()
            return r.status
        finally:
            conn.close()

    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(send, work))
    assert len(statuses) == REQUESTS
    assert all(s < 500 for s in statuses), sorted(set(statuses))
    assert statuses.count(200) >= REQUESTS // 2, sorted(set(statuses))
    assert _get(port, "/")[0] == 200  # still serving
    assert len(gunicorn_app.worker_pids()) == 2
