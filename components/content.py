"""Explanatory text kept in Markdown files under components/content/, read once at start-up."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CONTENT = Path(__file__).resolve().parent / "content"


@cache
def markdown(name: str) -> str:
    """The text of components/content/<name>.md (raises if the file is missing)."""
    return (CONTENT / f"{name}.md").read_text(encoding="utf-8")
