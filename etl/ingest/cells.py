"""Reading one cell of a table transcribed from a report: a count, a marker, or a problem.

Reports print the same things many ways. This module decides, for one cell:
- "1,204", "21a", "12*", "12 (b)" -> reported 1204 / 21 / 12 / 12 (a footnote marker is kept as a note);
- "<5", "< 5", "1-4", "1–4", "*", "**", "s", "(s)", "suppressed" -> suppressed, with the interval
  the marker states when it states one ("<5" -> 1-4, "1-4" -> 1-4);
- "", "—", "–", "-", "n/a", "NA", ".." -> not_reported;
- "0" -> a reported zero (the source printed it).
Careful: "*" alone is suppression, but "12*" is 12 with a footnote. Anything else (a negative
number, "twelve", "12.5.1") is refused with a reason, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MISSING = {"", "—", "–", "-", "--", "n/a", "na", "n.a.", "..", "…", "not available", "not reported"}
_SUPPRESSED_WORDS = {"*", "**", "***", "s", "(s)", "suppressed", "ds", "x", "(x)"}
_LESS_THAN = re.compile(r"^<\s*(\d+)$")
_RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
_NUMBER = re.compile(r"^(-?\d{1,3}(?:,\d{3})+|-?\d+)(\.\d+)?\s*(\*+|†|‡|[a-z]|\([a-z0-9]\)|\[[a-z0-9]\])?$", re.I)


@dataclass(frozen=True)
class Cell:
    status: str  # reported | suppressed | not_reported
    value: float | None = None
    note: str | None = None
    problem: str | None = None  # set when the cell cannot be read
    code: str | None = field(default=None, compare=False)  # the problem's etl.errors.Problem code


def parse_cell(text: str) -> Cell:
    """What one transcribed cell says (see the module docstring)."""
    raw = " ".join(str(text).replace("\u00a0", " ").split())
    folded = raw.casefold()
    if folded in MISSING:
        return Cell("not_reported")
    if folded in _SUPPRESSED_WORDS:
        return Cell("suppressed", note=f'suppressed in the source (marked "{raw}")')
    if m := _LESS_THAN.match(raw):
        upper = int(m.group(1)) - 1
        if upper < 1:
            return Cell("not_reported", problem="a '<' marker needs a bound above 1", code="bad_less_than_marker")
        return Cell("suppressed", note=f'suppressed in the source (1-{upper}; marked "{raw}")')
    if m := _RANGE.match(raw):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            return Cell("not_reported", problem="a range marker must run from low to high", code="bad_range_marker")
        return Cell("suppressed", note=f'suppressed in the source ({lo}-{hi}; marked "{raw}")')
    if m := _NUMBER.match(raw):
        number = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        if number < 0:
            return Cell("not_reported", problem="a count cannot be negative", code="negative_count")
        marker = m.group(3)
        note = f"footnote {marker.strip('()[]')} in the source" if marker else None
        return Cell("reported", number, note)
    return Cell(
        "not_reported",
        problem="not a number, a suppression marker (<5, 1-4, *) or a missing marker (—, n/a)",
        code="not_a_cell_value",
    )
