"""Start the real app (or the floor app) under gunicorn on a free 127.0.0.1 port and measure it.

One set of gunicorn settings, `gunicorn_args()`, is shared by the benchmark, the CI load test and
the README's Deployment section, so the app and the framework floor are always served the same way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Worker settings used for every measurement (and recommended in the README's Deployment section).
WORKERS = 2
WORKER_CLASS = "gthread"
THREADS = 4
TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_args(
    target: str, port: int, workers: int = WORKERS, worker_class: str = WORKER_CLASS, threads: int = THREADS
) -> list[str]:
    """The gunicorn command line for `target` ("app:server") on 127.0.0.1:`port`."""
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        target,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--timeout",
        str(TIMEOUT),
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    if worker_class == "gthread":
        args += ["--threads", str(threads)]
    return args


@dataclass
class Server:
    """A gunicorn master and its workers, started by `start()`; use as a context manager."""

    target: str
    workers: int = WORKERS
    worker_class: str = WORKER_CLASS
    threads: int = THREADS
    env: dict = field(default_factory=dict)
    ready_path: str = "/"
    port: int = 0
    proc: subprocess.Popen | None = None
    start_seconds: float = float("nan")
    log_path: Path | None = None
    root: Path = ROOT  # the checkout to serve (the benchmark's "before" serves an older commit)
    extra_args: list = field(default_factory=list)  # more gunicorn options (a test recycles workers)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> Server:
        self.port = free_port()
        env = os.environ | {"DEBUG": "", "PYTHONDONTWRITEBYTECODE": "1"} | self.env
        import tempfile

        log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        self.log_path = Path(log.name)
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            gunicorn_args(self.target, self.port, self.workers, self.worker_class, self.threads) + self.extra_args,
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = t0 + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn {self.target} exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.base + self.ready_path, timeout=5) as r:
                    r.read()
                self.start_seconds = time.perf_counter() - t0
                self._wait_workers()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"gunicorn {self.target} did not answer within {timeout} s:\n{self.log()}")

    def _wait_workers(self, timeout: float = 30) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline and len(self.worker_pids()) < self.workers:
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path else ""

    def worker_pids(self) -> list[int]:
        """Children of the gunicorn master (its workers)."""
        if not self.proc:
            return []
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def rss_mb(self) -> dict[str, float]:
        """VmRSS of the master and of each worker, in MB (10^6 bytes)."""
        out = {}
        for role, pid in [("master", self.proc.pid)] + [(f"worker {p}", p) for p in self.worker_pids()]:
            out[role] = _vmrss_kb(pid) * 1024 / 1e6
        return out

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if self.log_path:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None

    def __enter__(self) -> Server:
        return self.start() if self.proc is None else self

    def __exit__(self, *exc) -> None:
        self.stop()


def _vmrss_kb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return float(line.split()[1])
    except OSError:
        pass
    return float("nan")
