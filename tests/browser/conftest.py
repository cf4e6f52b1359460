"""Browser-test fixtures: the real app in a subprocess, headless Debian Chromium via Playwright.

Every request to a host other than the app is blocked and recorded, and console errors are
collected, so a test can assert that a page works offline and cleanly. Outside CI the tests are
skipped when Chromium is missing; in CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import collections
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from bench.browser import CHROMIUM, CHROMIUM_ARGS, block_other_hosts  # one launch setup for tests and benchmark
from tests.tools import need

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env_extra: dict | None = None, script: str = "app.py") -> tuple[subprocess.Popen, str]:
    """Start `python app.py` (or a launcher script) on a free port and wait until it answers.

    The returned process carries `log_tail`, the last lines of the server's output.
    """
    port = _free_port()
    env = os.environ | {"HOST": "127.0.0.1", "PORT": str(port), "DEBUG": ""} | (env_extra or {})
    proc = subprocess.Popen(
        [sys.executable, script], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    # Keep reading the server's log: a pipe nobody reads fills up and blocks the server. The last
    # lines are kept in memory (not on disk: the upload tests check the server writes nothing).
    tail: collections.deque[bytes] = collections.deque(maxlen=200)
    threading.Thread(target=lambda: tail.extend(proc.stdout), daemon=True).start()
    proc.log_tail = tail
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            time.sleep(0.2)
            raise RuntimeError("app exited early:\n" + b"".join(tail).decode(errors="replace"))
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return proc, base
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("app did not answer within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    """Terminate a server started by start_server, killing it if it does not stop within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def live_server():
    proc, base = start_server()
    yield base
    stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    need(
        os.path.exists(CHROMIUM) or shutil.which("chromium") is not None,
        f"Chromium ({CHROMIUM})",
        "install Debian's chromium (apt-get install -y chromium) to run browser tests",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class PageWatch:
    """What a page did that a test may want to refuse: console errors, off-host requests, 5xx."""

    def __init__(self):
        self.console_errors: list[str] = []
        self.blocked: list[str] = []
        self.server_errors: list[str] = []


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    watch = PageWatch()
    watch.blocked = block_other_hosts(pg, live_server)
    pg.on("console", lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None)
    pg.on("response", lambda r: watch.server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    pg.watch = watch
    pg.base = live_server
    yield pg
    context.close()


def wait_for_dash(page, timeout: float = 30000) -> None:
    """Wait until the page has a heading and Dash has no callback in flight.

    More dependable than Playwright's "networkidle", which a busy machine can miss; Dash marks a
    component it is updating with data-dash-is-loading.
    """
    page.wait_for_selector("main h1", timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-dash-is-loading=\"true\"]')", timeout=timeout)
    # two animation frames: whatever the last callback changed has been painted
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
