"""One rule for test tools that live outside Python's imports (Chromium, axe-core, frictionless, ruff).

Outside CI a missing tool skips its tests with a reason that says how to install it; in CI
(CI=true) a missing tool is a failure, so a green CI run never means "nothing was checked".
"""

from __future__ import annotations

import os

import pytest


def need(available: bool, what: str, install: str) -> None:
    """Fail in CI, skip elsewhere, when `what` is not available."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; CI must {install}")
    pytest.skip(f"{what} is not installed: {install}")
