"""Words for values, periods, units and statuses, so every page says the same thing the same way.

Pure functions of ledger fields. A missing value is never written as 0: a row with no number says
so in words.
"""
from __future__ import annotations

import math
import re

#: How each verification status is shown: text, a shape (so status is never colour alone), a class.
STATUS = {
    "primary": {"label": "Primary source", "icon": "\u25cf", "class": "badge-primary",
                "sentence": "primary source"},
    "secondary": {"label": "Secondary source", "icon": "\u25d0", "class": "badge-secondary",
                  "sentence": "secondary source"},
    "unverified": {"label": "Unverified claim", "icon": "\u25b3", "class": "badge-unverified",
                   "sentence": "unverified claim, no source traced"},
    "computed": {"label": "Computed here", "icon": "\u25c6", "class": "badge-computed",
                 "sentence": "computed by this project from the cited rows"},
}

UNIT_WORDS = {
    "persons": "people", "individuals": "people", "victims_served": "victims served",
    "missing_reports": "missing-person reports", "flag": "", "percent": "%",
    "offenses_per_100000": "offenses per 100,000 residents",
}

QUALIFIER_WORDS = {"more_than": "more than ", "approx": "about ", "at_least": "at least ", "exact": ""}

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _missing(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def format_number(value: float) -> str:
    """5893718 -> "5,893,718"; 6.3 -> "6.3"; 23.3152 -> "23.3"."""
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def unit_word(unit: str) -> str:
    """The unit as a reader would say it (persons -> people; percent -> %)."""
    if _missing(unit):
        return ""
    return UNIT_WORDS.get(unit, unit.replace("_", " "))


def format_value(value, qualifier: str = "exact", unit: str = "", with_unit: bool = False) -> str:
    """A value as published: "more than 667", "about 33%", "55%"; no number -> "no number given"."""
    if qualifier == "qualitative" or _missing(value):
        return "no number given"
    text = QUALIFIER_WORDS.get(qualifier or "exact", "") + format_number(value)
    if unit == "percent":
        return text + "%"
    if with_unit and unit_word(unit):
        word = unit_word(unit)
        if float(value) == 1:
            word = {"people": "person", "youth": "youth"}.get(word) or (
                word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word)
        return f"{text} {word}"
    return text


def _date(part: str) -> str:
    """"2013" -> "2013"; "2015-11" -> "Nov 2015"; "2013-07-25" -> "25 Jul 2013"."""
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
    start = "" if _missing(start) else str(start)
    end = "" if _missing(end) else str(end)
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
    return "" if _missing(token) else str(token).replace("_", " ")
