"""Words for values, periods, units and statuses: the one formatting module of the app.

Every page, chart, table, hover text and summary formats a number through these functions, so the
same value reads the same everywhere and a qualifier ("more than", "about") is never dropped. Pure
functions. A missing value is never written as 0: a row with no number says so in words.
`missing` and `text` are the app's one test for an empty cell (None, "", NaN, pandas' NA).
"""

from __future__ import annotations

import math
import re

import pandas as pd

#: How each verification status is shown: text, a shape (so status is never colour alone), a class.
STATUS = {
    "primary": {"label": "Primary source", "icon": "\u25cf", "class": "badge-primary", "sentence": "primary source"},
    "secondary": {
        "label": "Secondary source",
        "icon": "\u25d0",
        "class": "badge-secondary",
        "sentence": "secondary source",
    },
    "unverified": {
        "label": "Unverified claim",
        "icon": "\u25b3",
        "class": "badge-unverified",
        "sentence": "unverified claim, no source traced",
    },
    "computed": {
        "label": "Computed here",
        "icon": "\u25c6",
        "class": "badge-computed",
        "sentence": "computed by this project from the cited rows",
    },
}

UNIT_WORDS = {
    "persons": "people",
    "individuals": "people",
    "victims_served": "victims served",
    "missing_reports": "missing-person reports",
    "flag": "",
    "percent": "%",
    "offenses_per_100000": "offenses per 100,000 residents",
}

QUALIFIER_WORDS = {"more_than": "more than ", "approx": "about ", "at_least": "at least ", "exact": ""}

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def missing(value) -> bool:
    """True for an empty cell: None, "", NaN or pandas' NA (never for 0)."""
    if value is None or value is pd.NA or (isinstance(value, str) and value == ""):
        return True
    return isinstance(value, float) and math.isnan(value)


def text(value) -> str:
    """A cell as text; "" for an empty cell."""
    return "" if missing(value) else str(value)


def number(value) -> float | None:
    """A cell as a float; None for an empty or non-numeric cell."""
    if missing(value):
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(result) else result


def format_number(value: float) -> str:
    """5893718 -> "5,893,718"; 6.3 -> "6.3"; 23.3152 -> "23.3"."""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def unit_word(unit: str, value: float | None = None) -> str:
    """The unit as a reader would say it (persons -> people; percent -> %), singular for exactly 1."""
    if missing(unit):
        return ""
    word = UNIT_WORDS.get(unit, unit.replace("_", " "))
    if value is not None and float(value) == 1 and word != "%":
        word = {"people": "person", "youth": "youth"}.get(word) or (
            word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word
        )
    return word


def format_value(value, qualifier: str = "exact", unit: str = "", with_unit: bool = False) -> str:
    """A value as published: "more than 667", "about 33%", "55%"; no number -> "no number given"."""
    if qualifier == "qualitative" or missing(value):
        return "no number given"
    text_ = QUALIFIER_WORDS.get(qualifier or "exact", "") + format_number(value)
    if unit == "percent":
        return text_ + "%"
    if with_unit and unit_word(unit):
        return f"{text_} {unit_word(unit, value)}"
    return text_


def format_count(n: int, word: str, plural: str | None = None) -> str:
    """ "1 row", "1,204 rows": a count with its noun."""
    return f"{format_number(n)} {word if n == 1 else (plural or word + 's')}"


def format_years(years) -> str:
    """ "2013", "2013 and 2015", "2013, 2015 and 2019–2023": years in words, runs as spans."""
    runs: list[list[int]] = []
    for y in sorted({int(y) for y in years}):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}\u2013{r[-1]}" for r in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def format_measure(value: float, unit: str, kind: str) -> str:
    """A county measure's value in words: "3 offenses", "23.3%"; a presence flag as words."""
    if kind == "presence":
        return "At least one recorded" if value >= 1 else "None recorded"
    return format_value(value, "exact", unit, with_unit=True)


def format_rate(rate: float, per: str) -> str:
    """ "3.4 per 100,000 residents": a rate with one decimal and what it is per."""
    return f"{rate:,.1f} per 100,000 {per}".strip()


def format_range(low: float, high: float) -> str:
    """ "3–7" for a class of values; a single number when both ends are the same."""
    return format_number(low) if low == high else f"{format_number(low)}\u2013{format_number(high)}"


def _date(part: str) -> str:
    """ "2013" -> "2013"; "2015-11" -> "Nov 2015"; "2013-07-25" -> "25 Jul 2013"."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", part)
    if not m:
        return part
    year, month, day = m.groups()
    if month is None:
        return year
    text = f"{_MONTHS[int(month) - 1]} {year}"
    return f"{int(day)} {text}" if day else text


def format_period(start, end) -> str:
    """The period a figure covers, in words; whole calendar years are written as years."""
    start, end = text(start), text(end)
    if start.endswith("-01-01") and end.endswith("-12-31"):
        start, end = start[:4], end[:4]
    if not start and not end:
        return "period not stated"
    if start and not end:
        return f"since {_date(start)} (end not stated)"
    if end and not start:
        return f"up to {_date(end)}"
    if start == end:
        return _date(start)
    if len(start) == len(end) == 4:
        return f"{start}\u2013{end}"
    return f"{_date(start)} to {_date(end)}"


def status(verification: str) -> dict:
    """Display parts for a verification status (unknown statuses raise, never guessed)."""
    return STATUS[verification]


def humanise(token) -> str:
    """A vocabulary token as words: "adult_arrestees" -> "adult arrestees"; missing -> ""."""
    return text(token).replace("_", " ")
