"""The app as it was before issue 12, served from a temporary git worktree of BEFORE_REF, so the
benchmark measures before and after side by side, on the same machine, in one run.

Without git or without that commit (a shallow clone), the "before" column says why it is missing.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.servers import ROOT

#: The last commit before issue 12's work (full plotly.js bundle, layouts built on every view).
BEFORE_REF = "cb4d540"


@contextmanager
def checkout(ref: str = BEFORE_REF) -> Iterator[tuple[Path | None, str]]:
    """(path of a worktree at `ref`, "") or (None, why not); the worktree is removed afterwards."""
    if shutil.which("git") is None:
        yield None, "git is not installed"
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-before-"))
    path = tmp / "app"
    made = subprocess.run(
        ["git", "worktree", "add", "--detach", str(path), ref], cwd=ROOT, capture_output=True, text=True
    )
    if made.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        yield None, f"no worktree of {ref}: {made.stderr.strip()[:200]}"
        return
    try:
        yield path, ""
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], cwd=ROOT, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
