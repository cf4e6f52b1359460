"""Words for values, periods, units and statuses: the one formatting module of the app.

Every page, chart, table, hover text and summary formats a number through these functions, so the
same value reads the same everywhere and a qualifier ("more than", "about") is never dropped. Pure
functions. A missing value is never written as 0: a row with no number says so in words.
`missing` and `text` are the app's one test for an empty cell (None, "", NaN, pandas' NA).
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd

from components import i18n
from components.i18n import N_, _, ngettext

#: How each verification status is shown: text, a shape (so status is never colour alone), a class.
#: The words are translated where they are shown (`status`).
STATUS = {
    "primary": {
        "label": N_("Primary source"),
        "icon": "\u25cf",
        "class": "badge-primary",
        "sentence": N_("primary source"),
    },
    "secondary": {
        "label": N_("Secondary source"),
        "icon": "\u25d0",
        "class": "badge-secondary",
        "sentence": N_("secondary source"),
    },
    "unverified": {
        "label": N_("Unverified claim"),
        "icon": "\u25b3",
        "class": "badge-unverified",
        "sentence": N_("unverified claim, no source traced"),
    },
    "computed": {
        "label": N_("Computed here"),
        "icon": "\u25c6",
        "class": "badge-computed",
        "sentence": N_("computed by this project from the cited rows"),
    },
}


def _forms(singular: str, plural: str) -> tuple[str, str]:
    """A noun's singular and plural in the current language (extracted as a plural message)."""
    return ngettext(singular, plural, 1), ngettext(singular, plural, 2)


def _units() -> dict[str, tuple[str, str]]:
    """Each unit of the data as a reader says it, singular and plural, in the current language
    (`_forms`, so the catalogue holds both forms); "" for a unit said with no word."""
    return {
        "agencies": _forms("agency", "agencies"),
        "allegations": _forms("allegation", "allegations"),
        "arrestees": _forms("arrestee", "arrestees"),
        "arrests": _forms("arrest", "arrests"),
        "cases": _forms("case", "cases"),
        "cities": _forms("city", "cities"),
        "clearances": _forms("clearance", "clearances"),
        "contacts": _forms("contact", "contacts"),
        "convictions": _forms("conviction", "convictions"),
        "counties": _forms("county", "counties"),
        "countries": _forms("country", "countries"),
        "defendants": _forms("defendant", "defendants"),
        "incidents": _forms("incident", "incidents"),
        "individuals": _forms("person", "people"),
        "investigations": _forms("investigation", "investigations"),
        "juveniles": _forms("juvenile", "juveniles"),
        "missing_reports": _forms("missing-person report", "missing-person reports"),
        "months": _forms("month", "months"),
        "offenses": _forms("offense", "offenses"),
        "persons": _forms("person", "people"),
        "victims": _forms("victim", "victims"),
        "victims_served": _forms("victim served", "victims served"),
        "years": _forms("year", "years"),
        "youth": _forms("youth", "youth"),
        "offenses_per_100000": (_("offenses per 100,000 residents"), _("offenses per 100,000 residents")),
        "flag": ("", ""),
        "percent": ("%", "%"),
    }


def _qualifier(qualifier: str) -> str:
    """The words before a value: "more than ", "about ", "at least "; "" for an exact value."""
    return {
        "more_than": _("more than") + " ",
        "approx": _("about") + " ",
        "at_least": _("at least") + " ",
    }.get(qualifier, "")


def missing(value) -> bool:
    """True for an empty cell: None, "", NaN or pandas' NA (never for 0)."""
    if value is None or value is pd.NA or (isinstance(value, str) and value == ""):
        return True
    return isinstance(value, float) and math.isnan(value)


def text(value) -> str:
    """A cell as text; "" for an empty cell."""
    return "" if missing(value) else str(value)


def cell(row, column: str) -> str:
    """A text cell of a tidy table in the current language: the ETL publishes Spanish next to each
    text column (`description_es` beside `description`); English, or a row without the Spanish
    column, gives the English cell. "" for an empty cell."""
    value = None
    if i18n.lang() != i18n.DEFAULT:
        value = _get(row, f"{column}_{i18n.lang()}")
    if missing(value):
        value = _get(row, column)
    return text(value)


def _get(row, key):
    """row[key] for a mapping or a Series, the attribute of a named tuple; None when absent."""
    try:
        return row[key]
    except (KeyError, IndexError, TypeError):
        return getattr(row, key, None)


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
    """5893718 -> "5,893,718" ("5.893.718" in Spanish); 6.3 -> "6.3"; 23.3152 -> "23.3"."""
    value = float(value)
    return i18n.number(value, 0 if value.is_integer() else 1)


def unit_word(unit: str, value: float | None = None) -> str:
    """The unit as a reader would say it (persons -> people; percent -> %), singular for exactly 1."""
    if missing(unit):
        return ""
    forms = _units().get(unit)
    if forms is None:  # a unit only an upload names: English words, singular by the English rule
        word = unit.replace("_", " ")
        singular = word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") else word
        forms = (singular, word)
    return forms[0] if value is not None and float(value) == 1 else forms[1]


def format_value(value, qualifier: str = "exact", unit: str = "", with_unit: bool = False) -> str:
    """A value as published: "more than 667", "about 33%", "55%"; no number -> "no number given"."""
    if qualifier == "qualitative" or missing(value):
        return _("no number given")
    if unit == "percent":
        return _qualifier(qualifier) + i18n.percent(float(value) / 100, 0 if float(value).is_integer() else 1)
    text_ = _qualifier(qualifier or "exact") + format_number(value)
    if with_unit and unit_word(unit):
        return f"{text_} {unit_word(unit, value)}"
    return text_


def format_count(n: int, singular: str, plural: str) -> str:
    """ "1 row", "1,204 rows": a count with its noun, in the current language (the catalogue has
    both forms: Babel extracts format_count's 2nd and 3rd arguments as a plural message)."""
    return f"{format_number(n)} {ngettext(singular, plural, n)}"


def format_years(years) -> str:
    """ "2013", "2013 and 2015", "2013, 2015 and 2019–2023": years in words, runs as spans."""
    runs: list[list[int]] = []
    for y in sorted({int(y) for y in years}):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}\u2013{r[-1]}" for r in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " " + _("and") + " " + parts[-1]


def format_measure(value: float, unit: str, kind: str) -> str:
    """A county measure's value in words: "3 offenses", "23.3%"; a presence flag as words."""
    if kind == "presence":
        return _("At least one recorded") if value >= 1 else _("None recorded")
    return format_value(value, "exact", unit, with_unit=True)


def format_rate(rate: float, per: str) -> str:
    """ "3.4 per 100,000 residents": a rate with one decimal and what it is per."""
    return _("{rate} per 100,000 {per}").format(rate=i18n.number(rate, 1), per=per).strip()


def format_range(low: float, high: float) -> str:
    """ "3–7" for a class of values; a single number when both ends are the same."""
    return format_number(low) if low == high else f"{format_number(low)}\u2013{format_number(high)}"


def _date(part: str) -> str:
    """ "2013" -> "2013"; "2015-11" -> "Nov 2015"; "2013-07-25" -> "25 Jul 2013" (in the locale)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", part)
    if not m:
        return part
    year, month, day = m.groups()
    if month is None:
        return year
    if day is None:
        return i18n.month_year(int(year), int(month))
    return i18n.date_text(dt.date(int(year), int(month), int(day)))


def format_period(start, end) -> str:
    """The period a figure covers, in words; whole calendar years are written as years."""
    start, end = text(start), text(end)
    if start.endswith("-01-01") and end.endswith("-12-31"):
        start, end = start[:4], end[:4]
    if not start and not end:
        return _("period not stated")
    if start and not end:
        return _("since {start} (end not stated)").format(start=_date(start))
    if end and not start:
        return _("up to {end}").format(end=_date(end))
    if start == end:
        return _date(start)
    if len(start) == len(end) == 4:
        return f"{start}\u2013{end}"
    return _("{start} to {end}").format(start=_date(start), end=_date(end))


def status(verification: str) -> dict:
    """Display parts for a verification status, words in the current language (unknown statuses
    raise, never guessed)."""
    parts = STATUS[verification]
    label, sentence = parts["label"], parts["sentence"]
    return parts | {"label": _(label), "sentence": _(sentence)}


def humanise(token) -> str:
    """A vocabulary token as words: "adult_arrestees" -> "adult arrestees"; missing -> ""."""
    return text(token).replace("_", " ")
