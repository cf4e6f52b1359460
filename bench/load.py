"""Replay recorded callback requests against a server: wrk (Debian's package) with a Lua script.

The Lua script cycles through the recorded request bodies (one per year step, so no single
answer can be cached), sends them as the browser does (JSON, gzip accepted) and prints its
summary and latency percentiles as one JSON line in `done()`. Without wrk, a thread-pool client
in Python does the same job, less efficiently (its numbers are marked as such).
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

LUA = r"""
local bodies = {}
local n = 0
for line in io.lines("%(bodies)s") do
  n = n + 1
  bodies[n] = line
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept-Encoding"] = "gzip"
local i = 0
request = function()
  i = (i %% n) + 1
  return wrk.format(nil, "%(path)s", nil, bodies[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%%d,"duration_us":%%d,"bytes":%%d,"connect":%%d,"read":%%d,"write":%%d,' ..
    '"status":%%d,"timeout":%%d,"p50_us":%%d,"p90_us":%%d,"p95_us":%%d,"p99_us":%%d,"max_us":%%d,"mean_us":%%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
"""

CALLBACK_PATH = "/_dash-update-component"


def run(
    base: str,
    bodies: list[str],
    seconds: float = 20,
    connections: int = 50,
    threads: int = 2,
    path: str = CALLBACK_PATH,
) -> dict:
    """Load `base + path` with `connections` concurrent connections for `seconds`; return figures."""
    assert urlsplit(base).hostname == "127.0.0.1", "load tests target 127.0.0.1 only"
    bodies = [b.replace("\n", " ") for b in bodies]
    if shutil.which("wrk"):
        return _run_wrk(base, bodies, seconds, connections, threads, path)
    return _run_python(base, bodies, seconds, connections, path)


def _run_wrk(base, bodies, seconds, connections, threads, path) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as tmp:
        body_file = Path(tmp) / "bodies.txt"
        body_file.write_text("\n".join(bodies) + "\n")
        script = Path(tmp) / "replay.lua"
        script.write_text(LUA % {"bodies": str(body_file), "path": path})
        cmd = [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds:g}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            base + path,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary:\n{out.stdout}\n{out.stderr}")
    raw = json.loads(line[len("WRKJSON ") :])
    errors = raw["connect"] + raw["read"] + raw["write"] + raw["status"] + raw["timeout"]
    duration = raw["duration_us"] / 1e6
    return {
        "client": "wrk",
        "connections": connections,
        "seconds": round(duration, 2),
        "requests": raw["requests"],
        "rps": raw["requests"] / duration,
        "p50_ms": raw["p50_us"] / 1e3,
        "p95_ms": raw["p95_us"] / 1e3,
        "p99_ms": raw["p99_us"] / 1e3,
        "max_ms": raw["max_us"] / 1e3,
        "errors": errors,
        "error_detail": {k: raw[k] for k in ("connect", "read", "write", "status", "timeout")},
        "bytes_per_response": raw["bytes"] / max(raw["requests"], 1),
    }


def _run_python(base, bodies, seconds, connections, path) -> dict:
    host, port = urlsplit(base).hostname, urlsplit(base).port
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors = {"connect": 0, "status": 0}

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=10)
        i = k
        while time.perf_counter() < stop_at:
            body = bodies[i % len(bodies)].encode()
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body, {"Content-Type": "application/json", "Accept-Encoding": "gzip"})
                r = conn.getresponse()
                r.read()
                bad = r.status >= 400
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=10)
                with lock:
                    errors["connect"] += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - t0)
                errors["status"] += bad

    t0 = time.perf_counter()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(worker, range(connections)))
    duration = time.perf_counter() - t0
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [float("nan")] * 99
    return {
        "client": "python threads (install wrk for the real figure)",
        "connections": connections,
        "seconds": round(duration, 2),
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50_ms": q[49] * 1e3,
        "p95_ms": q[94] * 1e3,
        "p99_ms": q[98] * 1e3,
        "max_ms": max(latencies, default=float("nan")) * 1e3,
        "errors": sum(errors.values()),
        "error_detail": errors,
        "bytes_per_response": float("nan"),
    }


def combine(runs: list[dict]) -> dict:
    """One figure from several short runs of the same load: totals for requests, rate and
    errors; for latency the median of the runs' p50 and the worst of their p95, p99 and max."""
    if len(runs) == 1:
        return runs[0]
    seconds = sum(r["seconds"] for r in runs)
    requests = sum(r["requests"] for r in runs)
    out = dict(
        runs[0],
        seconds=round(seconds, 2),
        requests=requests,
        rps=requests / seconds,
        p50_ms=statistics.median(r["p50_ms"] for r in runs),
        p95_ms=max(r["p95_ms"] for r in runs),
        p99_ms=max(r["p99_ms"] for r in runs),
        max_ms=max(r["max_ms"] for r in runs),
        errors=sum(r["errors"] for r in runs),
        error_detail={k: sum(r["error_detail"].get(k, 0) for r in runs) for k in runs[0]["error_detail"]},
        rounds=[round(r["rps"], 1) for r in runs],
    )
    return out


def replay_timing(base: str, body: str, repeat: int = 30, path: str = CALLBACK_PATH) -> dict:
    """One request at a time on a kept-alive connection: median/min time to the last byte (the
    server's time plus a loopback round trip), status and response sizes (gzip and identity)."""
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    times, status, size_gzip = [], None, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        conn.request("POST", path, body.encode(), {"Content-Type": "application/json", "Accept-Encoding": "gzip"})
        r = conn.getresponse()
        data = r.read()
        times.append(time.perf_counter() - t0)
        status, size_gzip = r.status, len(data)
        encoding = r.getheader("Content-Encoding", "identity")
    conn.request("POST", path, body.encode(), {"Content-Type": "application/json", "Accept-Encoding": "identity"})
    r = conn.getresponse()
    plain = r.read()
    conn.close()
    return {
        "status": status,
        "median_ms": statistics.median(times) * 1e3,
        "min_ms": min(times) * 1e3,
        "bytes_wire": size_gzip,
        "encoding": encoding,
        "bytes_json": len(plain),
        "body": plain,
    }


def drain(base: str, timeout: float = 120) -> float:
    """Seconds until the server answers one GET of / (it answers once a thread is free, so this
    waits out the backlog a load run leaves behind)."""
    import urllib.request

    assert urlsplit(base).hostname == "127.0.0.1", "load tests target 127.0.0.1 only"
    t0 = time.perf_counter()
    with urllib.request.urlopen(base + "/", timeout=timeout) as r:
        r.read()
    return time.perf_counter() - t0
