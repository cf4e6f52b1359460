"""The code is linted and formatted with ruff (settings in pyproject.toml), and the dependency locks
agree with the pins they were compiled from, so a fresh machine gets exactly what was tested."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tools import need

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args: str) -> subprocess.CompletedProcess:
    installed = subprocess.run([sys.executable, "-m", "ruff", "--version"], capture_output=True).returncode == 0
    need(installed, "ruff", "install requirements-dev.lock")
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_fix():
    run = ruff("check", ".")
    assert run.returncode == 0, run.stdout[-4000:]


def test_ruff_format_leaves_every_file_as_it_is():
    run = ruff("format", "--check", ".")
    assert run.returncode == 0, run.stdout[-4000:]


def pins(path: Path) -> dict[str, str]:
    """name -> version of every `name==version` line of a requirements file, following -r includes."""
    out = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            out |= pins(path.parent / line[3:].strip())
        elif m := re.match(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", line):
            out[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return out


@pytest.mark.parametrize(
    "source,lock", [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_each_lock_holds_its_pins_with_hashes(source, lock):
    wanted, locked = pins(ROOT / source), pins(ROOT / lock)
    assert {name: locked.get(name) for name in wanted} == wanted, f"recompile {lock} (see the README)"
    text = (ROOT / lock).read_text()
    entries = re.findall(r"^[A-Za-z0-9_.\-]+==\S+ \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M)
    assert len(entries) == len(locked), "every locked package carries its hashes"
