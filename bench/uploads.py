"""Uploads under the benchmark (issue 13): what typical and hostile files cost the server, and what
map updates feel like while eight heavy uploads run at once.

Every file is made up here, in memory, from the county names: none of it is data and none of it is
kept. The uploads are sent as the page sends them (the `read_upload` callback, the file as a base64
data URL in the `upload-file` store) to the real app under gunicorn.
"""

from __future__ import annotations

import base64
import http.client
import json
import random
import threading
import time
from urllib.parse import urlsplit

from bench import load

#: The upload callback's output, and its inputs in order (pages/upload.py).
OUTPUT = "..upload-report.children...upload-rows.data...upload-status.children.."
OUTPUTS = [
    {"id": "upload-report", "property": "children"},
    {"id": "upload-rows", "property": "data"},
    {"id": "upload-status", "property": "children"},
]
INPUTS = ["upload-file", "upload-format", "upload-measure", "upload-unit", "upload-year", "upload-sensitive"]


def _names() -> list[str]:
    from etl.counties import ALL_FIPS, county_name

    return [county_name(f).removesuffix(" County") for f in ALL_FIPS]


def county_table(measures: int, years: int) -> str:
    names, lines = _names(), ["County,Year," + ",".join(f"measure {i}" for i in range(measures))]
    for year in range(2024 - years, 2024):
        for n in names:
            lines.append(f"{n},{year}," + ",".join(str(20 + (i * 7 + year + len(n)) % 500) for i in range(measures)))
    return "\n".join(lines) + "\n"


def case_records(cases: int, years: int) -> str:
    r, names = random.Random(13), _names()
    lines = ["County,Date,Age"]
    lines += [
        f"{r.choice(names)},{2024 - years + r.randrange(years)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d},"
        f"{r.randrange(12, 60)}"
        for _ in range(cases)
    ]
    return "\n".join(lines) + "\n"


def unusable_rows(rows: int) -> str:
    return "County,2020\n" + "Nowhere,1\n" * rows


def body(text: str, sensitive: bool = False) -> str:
    contents = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
    values = {
        "upload-file": {"contents": contents, "filename": "b.csv"},
        "upload-sensitive": ["sensitive"] if sensitive else [],
    }
    inputs = [
        {"id": i, "property": "data" if i == "upload-file" else "value", "value": values.get(i)} for i in INPUTS
    ] + [{"id": "upload-covers-state", "property": "value", "value": []}]
    return json.dumps(
        {"output": OUTPUT, "outputs": OUTPUTS, "inputs": inputs, "changedPropIds": ["upload-file.data"], "state": []}
    )


def post(base: str, payload: str, timeout: float = 120) -> dict:
    """The upload's answer: HTTP status, bytes, seconds, and what the page says (mapped, busy, refused)."""
    from components.upload_sandbox import BUSY

    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    t0 = time.perf_counter()
    conn.request("POST", load.CALLBACK_PATH, payload.encode(), {"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    seconds = time.perf_counter() - t0
    conn.close()
    try:
        says = json.loads(data)["response"]["upload-status"]["children"]
    except (ValueError, KeyError, TypeError):
        says = ""
    outcome = "mapped" if "rows read" in says else "busy" if BUSY.encode() in data else "refused"
    return {"status": r.status, "answer_bytes": len(data), "seconds": seconds, "says": says, "outcome": outcome}


FILES = {
    "county table, 1 measure x 5 years": (lambda: county_table(1, 5), False),
    "largest plain table in the limits (10 measures x 25 years)": (lambda: county_table(10, 25), False),
    "4,000 case records over 10 years (disclosure audit)": (lambda: case_records(4000, 10), False),
    "100,000 unusable rows (refused before reading)": (lambda: unusable_rows(100_000), False),
}
#: The heavy upload run eight at a time: the largest case file in the limits, audited.
HEAVY = (lambda: case_records(20_000, 25), False)


def measure_files(base: str) -> dict:
    return {name: post(base, body(make(), sensitive)) for name, (make, sensitive) in FILES.items()}


def map_while_uploading(
    base: str, map_bodies: list[str], seconds: float, uploads: int = 8, connections: int = 50
) -> dict:
    """wrk on the map's year steps while `uploads` threads each send the heavy upload over and over."""
    heavy = body(HEAVY[0](), HEAVY[1])
    stop, results, lock = threading.Event(), [], threading.Lock()

    def uploader():
        while not stop.is_set():
            outcome = post(base, heavy)
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=uploader, daemon=True) for _ in range(uploads)]
    for t in threads:
        t.start()
    time.sleep(1)  # the uploads are under way before the map load starts
    run = load.run(base, map_bodies, seconds, connections)
    stop.set()
    for t in threads:
        t.join(180)
    mapped = sorted(r["seconds"] for r in results if r["outcome"] == "mapped")
    return {
        "map": run,
        "uploads": uploads,
        "answers": len(results),
        "statuses": sorted({r["status"] for r in results}),
        "outcomes": {k: sum(r["outcome"] == k for r in results) for k in ("mapped", "busy", "refused")},
        "mapped_median_seconds": mapped[len(mapped) // 2] if mapped else None,
    }
