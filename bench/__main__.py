"""`python -m bench [--quick] [--out PATH]`: measure the real app under gunicorn on this machine.

Prints one table, each figure against its target, and writes JSON (bench/results/latest.json).
Steps: ETL rebuild (into a temporary copy of data/), the disclosure audit, app start, first load of
/map in headless Chromium with year steps (recorded requests), the first load of every page (bytes
on the wire), the time to an interactive map on a throttled connection, replay of the recorded
requests for a server time, a naive full-figure update for comparison, wrk load on map updates, on
every page's view and on the framework's floors (bare Dash, and Dash with the app's hardening),
memory per worker; then the same first-load, throttled and page-view figures for the app as it was
before issue 12 (bench/before.py), side by side. Everything targets 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench import audit, before, browser, firstload, load, naive, servers, uploads

ROOT = servers.ROOT
MAP_ID, YEAR_ID = "county-map", "year-select"
TARGETS = {
    "year_step_share_of_naive": 0.05,
    "app_kb_first_map_load": 150.0,
    "first_load_kb_every_page": 600.0,
    "throttled_interactive_share_of_before": 0.5,
    "map_share_of_bare_floor_rps": 0.80,
    "errors": 0,
    "rss_mb_per_worker": 250.0,
    "audit_seconds_4000_cases": 2.0,
    "map_p95_ms_during_uploads": 1000.0,
}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- steps -------------------------------------------------------------------------------------


def measure_etl() -> dict:
    """`python -m etl` on a temporary copy of data/ (HT_DATA_DIR), so the checkout is untouched."""
    with tempfile.TemporaryDirectory(prefix="bench-etl-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".tidy-*"))
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "etl"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=os.environ | {"HT_DATA_DIR": str(data)},
            timeout=600,
        )
        seconds = time.perf_counter() - t0
        same = out.returncode == 0 and all(
            (data / "tidy" / f.name).read_bytes() == f.read_bytes()
            for f in (ROOT / "data" / "tidy").iterdir()
            if f.is_file()
        )
    return {"seconds": seconds, "exit_code": out.returncode, "output_equals_committed": same}


def pick_view() -> tuple[str, list[int]]:
    """A yearly measure with a rate and the most years (the busiest map), and its years, newest first."""
    sys.path.insert(0, str(ROOT))
    from components import map_data

    measures = map_data.catalog().measures
    candidates = sorted(
        (m for m in measures.values() if m.yearly and len(m.years) >= 2),
        key=lambda m: (m.measure != "fbi_ht_offenses", -len(m.years)),
    )
    info = candidates[0]
    return info.measure, sorted(info.years, reverse=True)


def browse_map(base: str, measure: str, years: list[int], steps: int) -> dict:
    """First load of /map, then `steps` year changes made the way a control makes them
    (`dash_clientside.set_props` on year-select), recording every request."""
    from playwright.sync_api import sync_playwright

    query = urlencode({"measure": measure, "year": years[0], "scale": "count"})
    result: dict = {"url": f"/map?{query}"}
    with sync_playwright() as pw:
        b = browser.launch(pw)
        context, page = browser.new_page(b, base)
        rec = browser.Recorder(context, page)
        page.goto(base + result["url"], wait_until="commit")
        result["drawn_ms"] = page.wait_for_function(
            browser.JS_MAP_DRAWN, arg=MAP_ID, timeout=60_000, polling="raf"
        ).json_value()
        browser.wait_idle(rec, page)
        first = rec.since(set())
        result["first_load"] = {
            "requests": len(first),
            "parts": browser.summarise_bytes(first),
            "uncompressed_app_responses": sorted(
                {
                    r["url"].replace(base, "")
                    for r in first
                    if browser.classify(r["url"]) == "app"
                    and r.get("encoding") == "identity"
                    and r.get("bytes", 0) > 1500
                }
            ),
        }
        year_type = _year_type(first)
        steps_out, bodies = [], []
        for year in years[1 : steps + 1] + years[:1]:
            mark = rec.mark()
            value = str(year) if year_type is str else year
            page.evaluate("([id, v]) => window.dash_clientside.set_props(id, {value: v})", [YEAR_ID, value])
            deadline = time.time() + 15
            while time.time() < deadline and not any(
                MAP_ID in browser.callback_outputs(r.get("post")) and r.get("done") for r in rec.since(mark)
            ):
                page.wait_for_timeout(20)
            browser.wait_idle(rec, page, quiet=0.3)
            new = [r for r in rec.since(mark) if r.get("method") == "POST"]
            map_reqs = [r for r in new if f"{MAP_ID}.figure" in browser.callback_outputs(r.get("post"))]
            steps_out.append(
                {
                    "year": year,
                    "callbacks": len(new),
                    "bytes_all_callbacks": sum(r.get("bytes", 0) for r in new),
                    "bytes_map_callback": sum(r.get("bytes", 0) for r in map_reqs),
                    "statuses": sorted({r.get("status") for r in new}),
                }
            )
            bodies += [r["post"] for r in map_reqs if r.get("post")]
        result["year_steps"] = steps_out
        result["bodies"] = bodies
        result["csp_violations"] = page.evaluate("window.__csp || []")
        result["console_errors"] = page.console_errors
        result["blocked_off_host"] = page.blocked
        context.close()
        b.close()
    return result


def _year_type(requests: list[dict]):
    for r in requests:
        try:
            body = json.loads(r.get("post") or "{}")
        except ValueError:
            continue
        for item in body.get("inputs", []) + body.get("state", []):
            if isinstance(item, dict) and item.get("id") == YEAR_ID and item.get("value") is not None:
                return type(item["value"])
    return int


def floor_bodies() -> tuple[list[str], callable]:
    def echo(value: str) -> str:
        return json.dumps(
            {
                "output": "floor-output.children",
                "outputs": {"id": "floor-output", "property": "children"},
                "inputs": [{"id": "floor-input", "property": "value", "value": value}],
                "changedPropIds": ["floor-input.value"],
                "state": [],
            }
        )

    return [echo(f"value {i}") for i in range(8)], echo


def naive_body(measure: str, year: int, scale: str = "count") -> str:
    return json.dumps(
        {
            "output": "naive-map.figure",
            "outputs": {"id": "naive-map", "property": "figure"},
            "inputs": [
                {"id": "naive-year", "property": "value", "value": year},
                {"id": "naive-measure", "property": "value", "value": measure},
                {"id": "naive-scale", "property": "value", "value": scale},
            ],
            "changedPropIds": ["naive-year.value"],
            "state": [],
        }
    )


def worker_rss(server: servers.Server) -> dict:
    rss = server.rss_mb()
    workers = [v for k, v in rss.items() if k.startswith("worker")]
    return {"master_mb": rss.get("master"), "workers_mb": workers, "max_worker_mb": max(workers, default=float("nan"))}


# --- report ------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("MET" if ok else "MISSED")


def load_text(lr: dict) -> str:
    return (
        f"{lr['rps']:.0f} req/s; p50 {lr['p50_ms']:.1f} / p95 {lr['p95_ms']:.1f} / p99 {lr['p99_ms']:.1f} ms; "
        f"{lr['errors']} errors"
    )


def table(r: dict) -> str:
    rows: list[tuple[str, str, str, str]] = []
    add = lambda name, value, target="", ok=None: rows.append((name, value, target, verdict(ok) if target else ""))  # noqa: E731
    add("ETL rebuild (python -m etl)", f"{r['etl']['seconds']:.2f} s")
    a = r["audit"]
    add(
        f"Disclosure audit: {a['cases']:,} cases, {a['counties']} counties x {a['years']} years",
        f"{a['seconds']:.2f} s ({a['suppressed']:,} of {a['rows']:,} cells suppressed, {a['proven_cells']:,} proven)",
        f"<= {TARGETS['audit_seconds_4000_cases']:.0f} s",
        a["ok"] and a["seconds"] <= TARGETS["audit_seconds_4000_cases"],
    )
    add("App start to first answer (gunicorn, 2 workers)", f"{r['app']['start_seconds']:.2f} s")
    b = r.get("before") or {}
    before_map = (b.get("pages") or {}).get("/map")
    for path, page in r["pages"].items():
        was = f" (before: {before_map['kb']:,.0f} KB)" if path == "/map" and before_map else ""
        add(
            f"First load of {path}: every byte on the wire",
            f"{page['kb']:,.1f} KB in {page['requests']} requests{was}",
            f"<= {TARGETS['first_load_kb_every_page']:.0f} KB",
            page["kb"] <= TARGETS["first_load_kb_every_page"] and not page["full_plotly_fetched"],
        )
    fl = r["map"]["first_load"]["parts"]
    kb = lambda part: fl.get(part, {}).get("bytes", 0) / 1000  # noqa: E731
    add("First /map load: Plotly", f"{kb('plotly'):.0f} KB")
    add("First /map load: React", f"{kb('react'):.0f} KB")
    add("First /map load: Dash renderer", f"{kb('dash_renderer'):.0f} KB")
    add("First /map load: Dash components (dcc, html)", f"{kb('framework_components'):.0f} KB")
    app_kb = kb("app")
    add(
        "First /map load: app-specific (compressed)",
        f"{app_kb:.1f} KB",
        f"<= {TARGETS['app_kb_first_map_load']:.0f} KB",
        app_kb <= TARGETS["app_kb_first_map_load"],
    )
    add("First /map load: time until the map is drawn (no throttling)", f"{r['map']['drawn_ms']:.0f} ms")
    t = r["throttled"]
    tb = b.get("throttled")
    share = t["interactive_ms"] / tb["interactive_ms"] if tb else None
    add(
        "Time to an interactive map, 1.6 Mbit/s + 150 ms (median of runs)",
        f"{t['interactive_ms'] / 1000:.2f} s (first county {t['drawn_ms'] / 1000:.2f} s)"
        + (f"; before {tb['interactive_ms'] / 1000:.2f} s ({share:.0%})" if tb else f"; before: {b.get('why', 'n/a')}"),
        f"<= {TARGETS['throttled_interactive_share_of_before']:.0%} of before",
        None if share is None else share <= TARGETS["throttled_interactive_share_of_before"],
    )
    u = r["update"]
    add(
        "Year step: map callback response (wire, gzip)",
        f"{u['patch']['bytes_wire']:,} B ({u['patch']['bytes_json']:,} B JSON)",
    )
    add("Year step: all callbacks of the step (browser)", f"{u['browser_step_bytes']:,} B")
    add(
        "Naive full-figure update (wire, gzip)", f"{u['naive']['bytes_wire']:,} B ({u['naive']['bytes_json']:,} B JSON)"
    )
    share = u["share_of_naive_wire"]
    add(
        "Year step bytes / naive bytes (wire)",
        f"{share:.1%} (1:{1 / share:.0f}); JSON {u['share_of_naive_json']:.1%}",
        f"<= {TARGETS['year_step_share_of_naive']:.0%}",
        share <= TARGETS["year_step_share_of_naive"],
    )
    add("Year step server time (median, sequential)", f"{u['patch']['median_ms']:.1f} ms")
    add(
        "Naive update server time (median, sequential)",
        f"{u['naive']['median_ms']:.1f} ms "
        f"(build+serialise in-process {u['naive_in_process']['build_and_serialise_ms']:.1f} ms)",
    )
    for key, label in (
        ("map", "Load: map year step"),
        ("floor_bare", "Load: floor, bare Dash (echo)"),
        ("floor", "Load: floor, Dash + the app's hardening (echo)"),
        ("naive", "Load: naive full-figure update"),
    ):
        lr = r["load"].get(key)
        if lr:
            add(
                f"{label}, {lr['connections']} conn, {lr['seconds']:.0f} s",
                load_text(lr),
                "0 errors",
                lr["errors"] == 0,
            )
    for key, label in (("map_share_of_bare_floor", "bare Dash"), ("map_share_of_floor", "Dash + hardening")):
        ratio = r["load"][key]
        target = TARGETS["map_share_of_bare_floor_rps"] if key == "map_share_of_bare_floor" else None
        add(
            f"Map update throughput / floor ({label})",
            f"{ratio:.0%}",
            f">= {target:.0%}" if target else "",
            ratio >= target if target else None,
        )
    before_views = b.get("page_views") or {}
    for path, pv in r["page_views"].items():
        was = before_views.get(path)
        add(
            f"Page view {path} (layout request), {pv['load']['connections']} conn, {pv['load']['seconds']:.0f} s",
            load_text(pv["load"])
            + f"; server time {pv['timing']['median_ms']:.1f} ms"
            + (
                f" (before {was['timing']['median_ms']:.0f} ms; {was['load']['requests']} answered in "
                f"{was['load']['seconds']:.0f} s, {was['load']['errors']} errors)"
                if was
                else ""
            ),
            "0 errors",
            pv["load"]["errors"] == 0,
        )
    for name, f in r["uploads"]["files"].items():
        add(
            f"Upload: {name}",
            f"{f['seconds']:.2f} s, answer {f['answer_bytes'] / 1000:,.0f} KB, {f['outcome']}",
            "<= 1,000 KB",
            f["answer_bytes"] <= 1_000_000 and f["status"] == 200,
        )
    d = r["uploads"]["during"]
    add(
        f"Map year steps while {d['uploads']} heavy uploads run ({d['map']['connections']} conn, "
        f"{d['map']['seconds']:.0f} s)",
        load_text(d["map"])
        + f"; uploads: {d['outcomes']['mapped']} mapped (median {d['mapped_median_seconds'] or 0:.1f} s), "
        f"{d['outcomes']['busy']} told busy, {d['outcomes']['refused']} refused",
        f"p95 <= {TARGETS['map_p95_ms_during_uploads']:.0f} ms",
        d["map"]["p95_ms"] <= TARGETS["map_p95_ms_during_uploads"] and d["map"]["errors"] == 0,
    )
    rss, views = r["app"]["rss_after_load"], r["app"]["rss_after_page_views"]
    add(
        "RSS per app worker after map load / after page views",
        ", ".join(f"{m:.0f}" for m in rss["workers_mb"])
        + " / "
        + ", ".join(f"{m:.0f}" for m in views["workers_mb"])
        + f" MB (master {rss['master_mb']:.0f} MB)",
        f"<= {TARGETS['rss_mb_per_worker']:.0f} MB",
        max(rss["max_worker_mb"], views["max_worker_mb"]) <= TARGETS["rss_mb_per_worker"],
    )
    add(
        "RSS per floor worker after load",
        ", ".join(f"{m:.0f}" for m in r["floor"]["rss_after_load"]["workers_mb"]) + " MB",
    )
    m = r["map"]
    clean = not m["csp_violations"] and not m["console_errors"] and not m["blocked_off_host"]
    add(
        "CSP violations / console errors / off-host requests",
        f"{len(m['csp_violations'])} / {len(m['console_errors'])} / {len(m['blocked_off_host'])}",
        "0 / 0 / 0",
        clean,
    )
    widths = [max(len(row[i]) for row in rows + [("Figure", "Measured", "Target", "")]) for i in range(4)]
    line = lambda row: "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip()  # noqa: E731
    out = [line(("Figure", "Measured", "Target", "")), line(tuple("-" * w for w in widths))] + [
        line(row) for row in rows
    ]
    return "\n".join(out)


# --- steps on a running app ----------------------------------------------------------------------


def page_views(base: str, pages: dict, seconds: float, connections: int, repeat: int, warm: bool = True) -> dict:
    """Per page: its layout request (recorded in the browser) timed one at a time, then under load.

    All sequential timings come first, and after each load run the server's backlog is drained
    (one GET of / answers only when a thread is free), so no figure includes another's queue.
    """
    bodies = {path: page["router_body"] for path, page in pages.items() if page.get("router_body")}
    out = {}
    for path, body in bodies.items():
        timing = load.replay_timing(base, body, repeat=repeat)
        timing.pop("body")
        out[path] = {"timing": timing}
    for path, body in bodies.items():
        if warm:
            load.run(base, [body], 1, connections)  # warm-up, not counted: every worker has seen the page
            load.drain(base)
        out[path]["load"] = load.run(base, [body], seconds, connections)
        load.drain(base)
    return out


def measure_before(connections: int, seconds: float, map_url: str, runs: int) -> dict:
    """First load of /map, the throttled time to an interactive map and page views, for the app as
    it was before issue 12 (bench/before.py)."""
    with before.checkout() as (path, why):
        if path is None:
            return {"why": why}
        with servers.Server("app:server", root=path) as old:
            pages = firstload.page_bytes(old.base)
            return {
                "ref": before.BEFORE_REF,
                "pages": {p: {k: v for k, v in page.items() if k != "router_body"} for p, page in pages.items()},
                "throttled": firstload.throttled_time_to_map(old.base, map_url, MAP_ID, runs=runs),
                "page_views": page_views(old.base, pages, seconds, connections, repeat=3, warm=False),
            }


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short load runs (5 s, one round) and fewer steps")
    parser.add_argument(
        "--seconds", type=float, help="seconds of load per server (default 15 in 3 rounds, 5 with --quick)"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--no-before", action="store_true", help="skip the app as it was before issue 12")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)
    seconds = args.seconds or (5 if args.quick else 15)
    steps = 2 if args.quick else 4
    rounds = 1 if args.quick else 3
    naive_seconds = 5 if args.quick else 10
    view_seconds = 2 if args.quick else 4
    throttled_runs = 1 if args.quick else 3
    upload_seconds = 5 if args.quick else 10
    t_start = time.perf_counter()
    r: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "gunicorn": {"workers": servers.WORKERS, "worker_class": servers.WORKER_CLASS, "threads": servers.THREADS},
        "targets": TARGETS,
    }

    log("ETL rebuild into a temporary copy of data/")
    r["etl"] = measure_etl()
    log("disclosure audit: 4,000 invented cases over 72 counties x 15 years")
    r["audit"] = audit.measure()
    measure, years = pick_view()
    r["view"] = {"measure": measure, "years": years}

    log("app and floor apps (bare Dash; Dash + hardening, with the naive full-figure callback) under gunicorn")
    echo_bodies, _ = floor_bodies()
    with servers.Server("app:server") as app:
        r["app"] = {"start_seconds": app.start_seconds, "rss_at_start": worker_rss(app)}
        log(f"first load of /map in Chromium, then {steps} year steps")
        r["map"] = browse_map(app.base, measure, years, steps)
        bodies = r["map"].pop("bodies")
        if not bodies:
            raise SystemExit("no county-map callback was recorded on a year change; is /map there?")
        log("first load of every page; time to an interactive map on a throttled connection")
        pages = firstload.page_bytes(app.base, firstload.PAGES + firstload.EMBEDS)
        r["pages"] = {p: {k: v for k, v in page.items() if k != "router_body"} for p, page in pages.items()}
        r["throttled"] = firstload.throttled_time_to_map(app.base, r["map"]["url"], MAP_ID, runs=throttled_runs)
        patch = load.replay_timing(app.base, bodies[0])
        patch.pop("body")
        with (
            servers.Server("bench.floor_app:server") as floor,
            servers.Server("bench.floor_app:server", env={"BENCH_FLOOR": "bare"}) as bare,
        ):
            r["floor"] = {"start_seconds": floor.start_seconds}
            nv = load.replay_timing(floor.base, naive_body(measure, years[1]), repeat=10)
            if nv.pop("body") is None or nv["status"] != 200:
                raise SystemExit(f"naive callback answered {nv['status']}")
            # The three servers take turns in rounds, so background load on the machine hits all alike.
            log(
                f"load: {len(bodies)} recorded map requests vs both floors, {args.connections} connections, "
                f"{rounds} x {seconds / rounds:g} s each, taking turns"
            )
            targets = {
                "map": (app.base, bodies),
                "floor": (floor.base, echo_bodies),
                "floor_bare": (bare.base, echo_bodies),
            }
            runs: dict[str, list] = {k: [] for k in targets}
            for base, warm in targets.values():
                load.run(base, warm, 2, args.connections)  # warm-up, not counted
            for _ in range(rounds):
                for key, (base, replay) in targets.items():
                    runs[key].append(load.run(base, replay, seconds / rounds, args.connections))
            r["load"] = {k: load.combine(v) for k, v in runs.items()}
            r["app"]["rss_after_load"] = worker_rss(app)
            r["floor"]["rss_after_load"] = worker_rss(floor)
            log(f"load: naive full-figure update, {naive_seconds:g} s")
            r["load"]["naive"] = load.run(
                floor.base, [naive_body(measure, y) for y in years], naive_seconds, args.connections
            )
        log(f"load: every page's view, {view_seconds:g} s each")
        r["page_views"] = page_views(app.base, pages, view_seconds, args.connections, repeat=10)
        r["app"]["rss_after_page_views"] = worker_rss(app)
        log("uploads: typical and hostile files, then map updates while 8 heavy uploads run")
        r["uploads"] = {
            "files": uploads.measure_files(app.base),
            "during": uploads.map_while_uploading(app.base, bodies, upload_seconds, 8, args.connections),
        }
        r["app"]["rss_after_uploads"] = worker_rss(app)
    if args.no_before:
        r["before"] = {"why": "skipped (--no-before)"}
    else:
        log(f"the app before issue 12 ({before.BEFORE_REF}): first loads, throttled map, page views")
        r["before"] = measure_before(args.connections, view_seconds, r["map"]["url"], throttled_runs)
    r["load"]["map_share_of_floor"] = r["load"]["map"]["rps"] / r["load"]["floor"]["rps"]
    r["load"]["map_share_of_bare_floor"] = r["load"]["map"]["rps"] / r["load"]["floor_bare"]["rps"]
    r["update"] = {
        "patch": patch,
        "naive": nv,
        "naive_in_process": naive.in_process(measure, years[1], "count"),
        "browser_step_bytes": max(s["bytes_all_callbacks"] for s in r["map"]["year_steps"]),
        "share_of_naive_wire": patch["bytes_wire"] / nv["bytes_wire"],
        "share_of_naive_json": patch["bytes_json"] / nv["bytes_json"],
        "naive_over_patch_wire": nv["bytes_wire"] / patch["bytes_wire"],
    }
    errors = sum(v["errors"] for v in r["load"].values() if isinstance(v, dict)) + sum(
        pv["load"]["errors"] for pv in r["page_views"].values()
    )
    before_throttled = r["before"].get("throttled")
    r["met"] = {
        "year_step_share_of_naive": r["update"]["share_of_naive_wire"] <= TARGETS["year_step_share_of_naive"],
        "app_kb_first_map_load": r["map"]["first_load"]["parts"].get("app", {}).get("bytes", 0) / 1000
        <= TARGETS["app_kb_first_map_load"],
        "first_load_kb_every_page": all(
            p["kb"] <= TARGETS["first_load_kb_every_page"] and not p["full_plotly_fetched"] for p in r["pages"].values()
        ),
        "map_share_of_bare_floor_rps": r["load"]["map_share_of_bare_floor"] >= TARGETS["map_share_of_bare_floor_rps"],
        "errors": errors == 0,
        "rss_mb_per_worker": max(
            r["app"][k]["max_worker_mb"] for k in ("rss_after_load", "rss_after_page_views", "rss_after_uploads")
        )
        <= TARGETS["rss_mb_per_worker"],
        "audit_seconds_4000_cases": r["audit"]["ok"] and r["audit"]["seconds"] <= TARGETS["audit_seconds_4000_cases"],
    }
    r["met"]["map_p95_ms_during_uploads"] = (
        r["uploads"]["during"]["map"]["p95_ms"] <= TARGETS["map_p95_ms_during_uploads"]
        and r["uploads"]["during"]["map"]["errors"] == 0
    )
    if before_throttled:
        r["met"]["throttled_interactive_share_of_before"] = (
            r["throttled"]["interactive_ms"] / before_throttled["interactive_ms"]
            <= TARGETS["throttled_interactive_share_of_before"]
        )
    r["bench_seconds"] = time.perf_counter() - t_start
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(r, indent=2, default=str) + "\n")
    print(table(r))
    print(
        f"\n{sum(r['met'].values())}/{len(r['met'])} targets met; JSON: {args.out}; "
        f"{r['bench_seconds']:.0f} s{' (quick)' if args.quick else ''}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
