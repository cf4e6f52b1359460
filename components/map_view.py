"""What the map shows for one (measure, year, scale): one record per county, classes, summary.

Pure functions of tidy rows (county_measures rows for one measure and year, counties.csv, a
source-id -> publisher mapping). The figure, the table, the hover text, the summary and the CSV
download are all cut from the same `MapView`, so they cannot disagree.

Statuses a county can have on the map:
- reported: a value the source gives (zeros included), drawn in a colour class;
- suppressed / not_reported: no value, each drawn in its own style, never as 0;
- rate_not_shown: scale=rate and the count is below the disclosure threshold, so no rate is shown;
- not_reported is also used for a county with no row at all for the measure and year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from components import labels
from components.i18n import N_, _, ngettext
from components.map_state import MeasureInfo

RATE_PER = 100_000
#: counties.csv column holding the denominator of each rate_base named in measures.csv.
RATE_DENOMINATORS = {"population": "population_2020", "population_under18": "population_under18_2020"}
#: What each rate is per, in words (translated where shown: `rate_base_word`).
RATE_BASE_LABEL = {"population": N_("residents"), "population_under18": N_("residents under 18")}

#: Words for each status of a cell, translated where shown (`status_word`). "rate_not_shown" names
#: the policy's threshold: see rate_not_shown_text.
STATUS_TEXT = {
    "reported": N_("Reported"),
    "suppressed": N_("Suppressed (small number)"),
    "not_reported": N_("Not reported"),
    "rate_not_shown": N_("Rate not shown (count too small)"),
}

#: The heading of a value column for each unit of the data (translated where shown: `unit_heading`);
#: a unit not listed is headed by its token, capitalised.
UNIT_HEADING = {
    "agencies": N_("Agencies"),
    "allegations": N_("Allegations"),
    "arrestees": N_("Arrestees"),
    "arrests": N_("Arrests"),
    "cases": N_("Cases"),
    "contacts": N_("Contacts"),
    "convictions": N_("Convictions"),
    "defendants": N_("Defendants"),
    "incidents": N_("Incidents"),
    "individuals": N_("Individuals"),
    "investigations": N_("Investigations"),
    "juveniles": N_("Juveniles"),
    "offenses": N_("Offenses"),
    "percent": N_("Percent"),
    "persons": N_("Persons"),
    "victims": N_("Victims"),
    "years": N_("Years"),
}


def status_word(status: str) -> str:
    """The words for a cell status in the current language (an unknown status as it is)."""
    return _(STATUS_TEXT[status]) if status in STATUS_TEXT else status


def rate_base_word(rate_base: str) -> str:
    """What a rate is per, in the current language ("residents"); "" for no rate base."""
    return _(RATE_BASE_LABEL[rate_base]) if rate_base in RATE_BASE_LABEL else ""


def unit_heading(unit: str) -> str:
    """A unit as the heading of a value column: "Offenses", "Persons"."""
    return _(UNIT_HEADING[unit]) if unit in UNIT_HEADING else unit.capitalize()


def rate_not_shown_text(min_numerator: int) -> str:
    """The words for a count below the disclosure policy's rate threshold (data/disclosure.yaml)."""
    return _("Rate not shown (fewer than {n})").format(n=labels.format_number(min_numerator))


MISSING = ("rate_not_shown", "suppressed", "not_reported")
MAX_CLASSES = 5

EXPORT_COLUMNS = [
    "fips",
    "county",
    "year",
    "measure",
    "value",
    "value_status",
    "unit",
    "source_id",
    "note",
    "policy_version",
]
RATE_COLUMNS = ["rate_base", "rate_denominator", "rate_per_100000", "rate_status"]


@dataclass(frozen=True)
class ClassBin:
    """One legend class: counties whose shown value lies in [lower, upper]."""

    lower: float
    upper: float
    label: str


@dataclass(frozen=True)
class CountyValue:
    """One county on the map: what is drawn, and the words for hover, table and screen readers."""

    fips: str
    county: str
    status: str  # reported | suppressed | not_reported | rate_not_shown
    value: float | None  # the number drawn: the count, or the rate when scale=rate; None when missing
    count: float | None  # the tidy value (None when suppressed or not reported)
    value_text: str
    source_id: str
    publisher: str
    note: str
    klass: int | None = None  # index into MapView.classes for reported counties


@dataclass(frozen=True)
class MapView:
    info: MeasureInfo
    year: int | None
    scale: str
    counties: tuple[CountyValue, ...]
    classes: tuple[ClassBin, ...]
    export: pd.DataFrame = field(compare=False, repr=False)
    source_ids: tuple[str, ...] = ()
    min_numerator: int = 0  # the policy's rate threshold the view was built with

    def status_text(self, status: str) -> str:
        """Words for a status as this view shows it (the rate threshold from the policy)."""
        return rate_not_shown_text(self.min_numerator) if status == "rate_not_shown" else _(STATUS_TEXT[status])

    @property
    def rate_base_label(self) -> str:
        return rate_base_word(self.info.rate_base)

    @property
    def value_heading(self) -> str:
        if self.scale == "rate":
            return (
                _("{unit} per 100,000 {base}")
                .format(unit=unit_heading(self.info.unit), base=self.rate_base_label)
                .strip()
            )
        if self.info.kind == "presence":
            return _("Recorded")
        return unit_heading(self.info.unit)

    @property
    def title(self) -> str:
        label, rate = self.info.label, self.scale == "rate"
        if self.year is None:
            return _("{measure} (rate per 100,000)").format(measure=label) if rate else label
        if rate:
            return _("{measure}, {year} (rate per 100,000)").format(measure=label, year=self.year)
        return _("{measure}, {year}").format(measure=label, year=self.year)


def classify(values, kind: str, max_classes: int = MAX_CLASSES) -> tuple[ClassBin, ...]:
    """Class breaks computed from the values shown.

    A presence measure has exactly 2 classes ("None recorded", "At least one recorded"). Otherwise
    each distinct value is its own class when there are at most `max_classes` of them; beyond that
    counties are split at quantiles, a 0 of a count measure keeps a class of its own, and each class
    is labelled with the smallest and largest value it really holds.
    """
    if kind == "presence":
        return (ClassBin(0, 0, _("None recorded")), ClassBin(1, math.inf, _("At least one recorded")))
    vals = sorted(v for v in values if not labels.missing(v))
    if not vals:
        return ()
    distinct = sorted(set(vals))
    if len(distinct) <= max_classes:
        return tuple(ClassBin(v, v, labels.format_range(v, v)) for v in distinct)
    bins: list[ClassBin] = []
    rest = vals
    k = max_classes
    if kind == "count" and distinct[0] == 0:
        bins.append(ClassBin(0, 0, "0"))
        rest = [v for v in vals if v != 0]
        k -= 1
    n = len(rest)
    groups: list[list[float]] = []
    start = 0
    for i in range(1, k + 1):
        end = round(i * n / k)
        # never split equal values across two classes
        while 0 < end < n and rest[end] == rest[end - 1]:
            end += 1
        if end > start:
            groups.append(rest[start:end])
            start = end
    for group in groups:
        bins.append(ClassBin(group[0], group[-1], labels.format_range(group[0], group[-1])))
    return tuple(bins)


def class_of(value: float, classes: tuple[ClassBin, ...]) -> int | None:
    for i, c in enumerate(classes):
        if c.lower <= value <= c.upper:
            return i
    return None


def build_view(
    rows: pd.DataFrame,
    counties: pd.DataFrame,
    info: MeasureInfo,
    year: int | None,
    scale: str,
    publishers: dict[str, str],
    denominator_sources: tuple[str, ...] = (),
    *,
    min_numerator: int,
) -> MapView:
    """The map's content for one measure and year from its tidy rows (all 72 counties always present).

    rows: county_measures rows of this measure and year. counties: counties.csv. publishers:
    source_id -> publisher, for the hover. denominator_sources: source ids of the population rows a
    rate divides by (added to the source line when scale=rate).
    """
    by_fips = {r["fips"]: r for r in rows.to_dict("records")}
    rate = scale == "rate" and info.has_rate
    denom_col = RATE_DENOMINATORS.get(info.rate_base) if rate else None
    drafts = []
    export = []
    for c in counties.sort_values("county").to_dict("records"):
        fips = c["fips"]
        row = by_fips.get(fips)
        count = labels.number(row["value"]) if row else None
        status = row["value_status"] if row else "not_reported"
        if status != "reported" or count is None:
            status = status if status in ("suppressed", "not_reported") else "not_reported"
            count = None
        shown = count
        rate_value = None
        rate_status = ""
        denominator = None
        if rate:
            denominator = labels.number(c.get(denom_col)) if denom_col else None
            if count is None:
                rate_status = status
                shown = None
            elif count < min_numerator or not denominator:
                rate_status = "rate_not_shown"
                status, shown = "rate_not_shown", None
            else:
                rate_value = count / denominator * RATE_PER
                rate_status = "reported"
                shown = rate_value
        if status == "reported":
            text = (
                labels.format_rate(shown, rate_base_word(info.rate_base))
                if rate
                else labels.format_measure(shown, info.unit, info.kind)
            )
        else:
            text = rate_not_shown_text(min_numerator) if status == "rate_not_shown" else _(STATUS_TEXT[status])
        source_id = labels.text(row["source_id"]) if row else ""
        drafts.append(
            dict(
                fips=fips,
                county=c["county"],
                status=status,
                value=shown,
                count=count,
                value_text=text,
                source_id=source_id,
                publisher=publishers.get(source_id, source_id),
                note=labels.text(row["note"]) if row else "no row for this county in the data",
            )
        )
        if row:
            out = {k: row.get(k) for k in EXPORT_COLUMNS if k != "county"} | {"county": c["county"]}
        else:
            out = {
                "fips": fips,
                "county": c["county"],
                "year": year,
                "measure": info.measure,
                "value": None,
                "value_status": "not_reported",
                "unit": info.unit,
                "source_id": "",
                "note": "no row for this county in the data",
                "policy_version": "",
            }
        if rate:
            out |= {
                "rate_base": info.rate_base,
                "rate_denominator": denominator,
                "rate_per_100000": None if rate_value is None else round(rate_value, 2),
                "rate_status": rate_status,
            }
        export.append(out)
    classes = classify([d["value"] for d in drafts if d["status"] == "reported"], info.kind)
    values = tuple(
        CountyValue(**d, klass=class_of(d["value"], classes) if d["status"] == "reported" else None) for d in drafts
    )
    frame = pd.DataFrame(export, columns=EXPORT_COLUMNS + (RATE_COLUMNS if rate else []))
    sources = [v.source_id for v in values if v.source_id]
    if rate:
        sources += list(denominator_sources)
    return MapView(
        info=info,
        year=year,
        scale="rate" if rate else "count",
        counties=values,
        classes=classes,
        export=frame,
        source_ids=tuple(dict.fromkeys(sources)),
        min_numerator=min_numerator,
    )


def summary_text(view: MapView) -> str:
    """A few plain sentences on what the map shows, built from the data; no ranking language."""
    total = len(view.counties)
    by_status = {s: sum(1 for c in view.counties if c.status == s) for s in STATUS_TEXT}
    reported = [c for c in view.counties if c.status == "reported"]
    year = view.year
    info = view.info
    num = labels.format_number
    parts: list[str] = []
    if info.kind == "presence":
        some = sum(1 for c in reported if c.value >= 1)
        words = dict(some=num(some), total=num(total), measure=info.label, none=num(len(reported) - some), year=year)
        parts.append(
            _("In {year}, {some} of {total} counties had at least one {measure}; {none} had none recorded.").format(
                **words
            )
            if year is not None
            else _("{some} of {total} counties had at least one {measure}; {none} had none recorded.").format(**words)
        )
    elif reported:
        lo = min(c.value for c in reported)
        hi = max(c.value for c in reported)
        fmt = (
            (lambda v: labels.format_rate(v, view.rate_base_label))
            if view.scale == "rate"
            else (lambda v: labels.format_measure(v, info.unit, info.kind))
        )
        words = dict(n=num(len(reported)), total=num(total), value=fmt(lo), low=fmt(lo), high=fmt(hi), year=year)
        if lo == hi:
            sentence = (
                _("In {year}, {n} of {total} counties have a value shown, {value}.")
                if year is not None
                else _("{n} of {total} counties have a value shown, {value}.")
            )
        else:
            sentence = (
                _("In {year}, {n} of {total} counties have a value shown, from {low} to {high}.")
                if year is not None
                else _("{n} of {total} counties have a value shown, from {low} to {high}.")
            )
        parts.append(sentence.format(**words))
        if info.kind == "count" and view.scale == "count":
            zero = sum(1 for c in reported if c.value == 0)
            if zero:
                zero_text = labels.format_measure(0.0, info.unit, info.kind)
                parts.append(
                    ngettext("{n} county has {value}.", "{n} counties have {value}.", zero).format(
                        n=num(zero), value=zero_text
                    )
                )
    else:
        parts.append(
            _("In {year}, no county has a value shown.").format(year=year)
            if year is not None
            else _("No county has a value shown.")
        )
    missing = []
    if by_status["not_reported"]:
        n = by_status["not_reported"]
        missing.append(ngettext("{n} not reported", "{n} not reported", n).format(n=num(n)))
    if by_status["suppressed"]:
        n = by_status["suppressed"]
        missing.append(ngettext("{n} suppressed", "{n} suppressed", n).format(n=num(n)))
    if by_status["rate_not_shown"]:
        missing.append(
            _("{n} with a rate not shown because the count is below {min}").format(
                n=num(by_status["rate_not_shown"]), min=num(view.min_numerator)
            )
        )
    if missing:
        parts.append(_("Counties with no value: {list} (none of these is a zero).").format(list=", ".join(missing)))
    return " ".join(parts)
