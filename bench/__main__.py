"""`python -m bench [--quick] [--out PATH]`: measure the real app under gunicorn on this machine.

Prints one table, each figure against its target, and writes JSON (bench/results/latest.json).
Steps: ETL rebuild (into a temporary copy of data/), app start, first load of /map in headless
Chromium, year steps on the map (recorded requests), replay of those requests for a server time,
a naive full-figure update for comparison, wrk load on the app and on the framework's floor app,
memory per worker. Everything targets 127.0.0.1 and stops by itself.
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

from bench import audit, browser, load, naive, servers

ROOT = servers.ROOT
MAP_ID, YEAR_ID = "county-map", "year-select"
TARGETS = {
    "year_step_share_of_naive": 0.05,
    "app_kb_first_map_load": 150.0,
    "map_share_of_floor_rps": 0.70,
    "errors": 0,
    "rss_mb_per_worker": 250.0,
    "audit_seconds_4000_cases": 2.0,
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
    fl = r["map"]["first_load"]["parts"]
    kb = lambda part: fl.get(part, {}).get("bytes", 0) / 1000  # noqa: E731
    add("First /map load: Plotly", f"{kb('plotly'):.0f} KB")
    add("First /map load: React", f"{kb('react'):.0f} KB")
    add("First /map load: Dash renderer", f"{kb('dash_renderer'):.0f} KB")
    add("First /map load: Dash components (dcc, html, table)", f"{kb('framework_components'):.0f} KB")
    app_kb = kb("app")
    add(
        "First /map load: app-specific (compressed)",
        f"{app_kb:.1f} KB",
        f"<= {TARGETS['app_kb_first_map_load']:.0f} KB",
        app_kb <= TARGETS["app_kb_first_map_load"],
    )
    add("First /map load: time until the map is drawn", f"{r['map']['drawn_ms']:.0f} ms")
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
        ("floor", "Load: framework floor (echo)"),
        ("naive", "Load: naive full-figure update"),
    ):
        lr = r["load"].get(key)
        if lr:
            add(
                f"{label}, {lr['connections']} conn, {lr['seconds']:.0f} s",
                f"{lr['rps']:.0f} req/s; p50 {lr['p50_ms']:.1f} / p95 {lr['p95_ms']:.1f} / p99 {lr['p99_ms']:.1f} ms; "
                f"{lr['errors']} errors",
                "0 errors",
                lr["errors"] == 0,
            )
    ratio = r["load"]["map_share_of_floor"]
    add(
        "Map update throughput / floor throughput",
        f"{ratio:.0%}",
        f">= {TARGETS['map_share_of_floor_rps']:.0%}",
        ratio >= TARGETS["map_share_of_floor_rps"],
    )
    rss = r["app"]["rss_after_load"]
    add(
        "RSS per app worker after load",
        ", ".join(f"{m:.0f}" for m in rss["workers_mb"]) + f" MB (master {rss['master_mb']:.0f} MB)",
        f"<= {TARGETS['rss_mb_per_worker']:.0f} MB",
        rss["max_worker_mb"] <= TARGETS["rss_mb_per_worker"],
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


# --- main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short load runs (5 s, one round) and fewer steps")
    parser.add_argument(
        "--seconds", type=float, help="seconds of load per server (default 20 in 4 rounds, 5 with --quick)"
    )
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)
    seconds = args.seconds or (5 if args.quick else 20)
    steps = 2 if args.quick else 4
    rounds = 1 if args.quick else 4
    naive_seconds = 5 if args.quick else 10
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

    log("app and floor app (echo callback + naive full-figure callback) under gunicorn")
    echo_bodies, _ = floor_bodies()
    with servers.Server("app:server") as app:
        r["app"] = {"start_seconds": app.start_seconds, "rss_at_start": worker_rss(app)}
        log(f"first load of /map in Chromium, then {steps} year steps")
        r["map"] = browse_map(app.base, measure, years, steps)
        bodies = r["map"].pop("bodies")
        if not bodies:
            raise SystemExit("no county-map callback was recorded on a year change; is /map there?")
        patch = load.replay_timing(app.base, bodies[0])
        patch.pop("body")
        with servers.Server("bench.floor_app:server") as floor:
            r["floor"] = {"start_seconds": floor.start_seconds}
            nv = load.replay_timing(floor.base, naive_body(measure, years[1]), repeat=10)
            if nv.pop("body") is None or nv["status"] != 200:
                raise SystemExit(f"naive callback answered {nv['status']}")
            # Map and floor alternate in rounds, so background load on the machine hits both alike.
            log(
                f"load: {len(bodies)} recorded map requests vs the floor, {args.connections} connections, "
                f"{rounds} x {seconds / rounds:g} s each, alternating"
            )
            runs: dict[str, list] = {"map": [], "floor": []}
            load.run(app.base, bodies, 2, args.connections)  # warm-up, not counted
            load.run(floor.base, echo_bodies, 2, args.connections)
            for _ in range(rounds):
                runs["map"].append(load.run(app.base, bodies, seconds / rounds, args.connections))
                runs["floor"].append(load.run(floor.base, echo_bodies, seconds / rounds, args.connections))
            r["load"] = {k: load.combine(v) for k, v in runs.items()}
            r["app"]["rss_after_load"] = worker_rss(app)
            r["floor"]["rss_after_load"] = worker_rss(floor)
            log(f"load: naive full-figure update, {naive_seconds:g} s")
            r["load"]["naive"] = load.run(
                floor.base, [naive_body(measure, y) for y in years], naive_seconds, args.connections
            )
    r["load"]["map_share_of_floor"] = r["load"]["map"]["rps"] / r["load"]["floor"]["rps"]
    r["update"] = {
        "patch": patch,
        "naive": nv,
        "naive_in_process": naive.in_process(measure, years[1], "count"),
        "browser_step_bytes": max(s["bytes_all_callbacks"] for s in r["map"]["year_steps"]),
        "share_of_naive_wire": patch["bytes_wire"] / nv["bytes_wire"],
        "share_of_naive_json": patch["bytes_json"] / nv["bytes_json"],
        "naive_over_patch_wire": nv["bytes_wire"] / patch["bytes_wire"],
    }
    errors = sum(v["errors"] for k, v in r["load"].items() if isinstance(v, dict))
    r["met"] = {
        "year_step_share_of_naive": r["update"]["share_of_naive_wire"] <= TARGETS["year_step_share_of_naive"],
        "app_kb_first_map_load": r["map"]["first_load"]["parts"].get("app", {}).get("bytes", 0) / 1000
        <= TARGETS["app_kb_first_map_load"],
        "map_share_of_floor_rps": r["load"]["map_share_of_floor"] >= TARGETS["map_share_of_floor_rps"],
        "errors": errors == 0,
        "rss_mb_per_worker": r["app"]["rss_after_load"]["max_worker_mb"] <= TARGETS["rss_mb_per_worker"],
    }
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
