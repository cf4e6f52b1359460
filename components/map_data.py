"""The /map page's read-only caches over components.data: catalog, views, county details.

Everything a callback would otherwise compute per request is computed once per key and cached:
the catalog of valid states, and per (measure, year, scale) the MapView and the slot arrays a
Patch sends. These hold words (labels, statuses, hover text), so they are cached per language
(`i18n.per_language`); what holds none is cached once (`functools.cache`). Keys are validated by
`map_state.validate` before they reach a cache, so hostile input cannot grow it. Callers must not
mutate what they get.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from components import data, i18n, labels
from components.map_figures import slot_updates
from components.map_state import Catalog, MapState, MeasureInfo, validate
from components.map_view import RATE_DENOMINATORS, MapView, build_view

#: The geometry, named by URL: Plotly fetches it once (same host) and shares it across traces.
GEOJSON_URL = "/download/counties.geojson"


@i18n.per_language
def catalog() -> Catalog:
    """Every measure present in county_measures.csv (labels etc. from measures.csv, in the current
    language), with its years."""
    return build_catalog(data.county_measures(), data.measures(), frozenset(data.counties()["fips"]))


def build_catalog(cm: pd.DataFrame, measures: pd.DataFrame, fips: frozenset[str]) -> Catalog:
    """The catalog of any county_measures rows `cm` described by measures rows (measures.csv columns).
    Label, caveat and description are in the current language (their `_es` columns, when present).

    Pure, so the /upload page builds the catalog of a person's file with the same code as /map.
    """
    meta = measures.set_index("measure")
    present = list(dict.fromkeys(cm["measure"]))
    order = [m for m in meta.index if m in present] + [m for m in present if m not in meta.index]
    out = {}
    for m in order:
        years = tuple(sorted(int(y) for y in cm.loc[cm["measure"] == m, "year"].dropna().unique()))
        if m in meta.index:
            r = meta.loc[m]
            out[m] = MeasureInfo(
                measure=m,
                label=labels.cell(r, "label") or m,
                unit=labels.text(r["unit"]),
                kind=labels.text(r["measure_kind"]),
                yearly=bool(r["yearly"]) and bool(years),
                rate_base=labels.text(r["rate_base"]) if labels.text(r["rate_base"]) in RATE_DENOMINATORS else "",
                caveat=labels.cell(r, "caveat"),
                description=labels.cell(r, "description"),
                years=years,
            )
        else:  # a measure with rows but no metadata still appears, labelled by its id
            unit = labels.text(cm.loc[cm["measure"] == m, "unit"].iloc[0])
            out[m] = MeasureInfo(
                measure=m, label=m, unit=unit, kind="count", yearly=bool(years), rate_base="", years=years
            )
    return Catalog(measures=out, fips=fips)


def state(**raw) -> MapState:
    """A valid state from raw values (see map_state.validate)."""
    return validate(catalog(), **raw)


def rate_min_numerator() -> int:
    """The disclosure policy's rate threshold, as published with the data."""
    return data.policy().rate_min_numerator


@cache
def publishers() -> dict[str, str]:
    return {sid: src.get("publisher") or sid for sid, src in data.source_index().items()}


@cache
def _denominator_sources(rate_base: str) -> tuple[str, ...]:
    """Source ids of the rows of the population measure a rate divides by."""
    cm = data.county_measures()
    return tuple(dict.fromkeys(cm.loc[cm["measure"] == rate_base, "source_id"].dropna()))


@i18n.per_language
def view(measure: str, year: int | None, scale: str) -> MapView:
    """The MapView of a validated (measure, year, scale) in the current language; cached for the
    life of the process."""
    info = catalog().measures[measure]
    return view_of_rows(
        data.county_measures(),
        info,
        year,
        scale,
        publishers(),
        _denominator_sources(info.rate_base) if info.rate_base else (),
        rate_min_numerator(),
    )


def view_of_rows(
    cm: pd.DataFrame,
    info: MeasureInfo,
    year: int | None,
    scale: str,
    publishers: dict[str, str],
    denominator_sources: tuple[str, ...] = (),
    min_numerator: int | None = None,
) -> MapView:
    """The MapView of one measure and year cut from any county_measures rows (the published table, or
    the rows of an uploaded file); counties and their populations come from counties.csv."""
    rows = cm[cm["measure"] == info.measure]
    rows = rows[rows["year"].isna()] if year is None else rows[rows["year"] == year]
    return build_view(
        rows,
        data.counties(),
        info,
        year,
        scale,
        publishers,
        denominator_sources,
        min_numerator=rate_min_numerator() if min_numerator is None else min_numerator,
    )


@i18n.per_language
def slots(measure: str, year: int | None, scale: str, county: str | None) -> tuple[dict, ...]:
    """The per-trace arrays a Patch sends for one validated state (see map_figures.slot_updates)."""
    return tuple(slot_updates(view(measure, year, scale), county))


def view_of(s: MapState) -> MapView | None:
    return view(s.measure, s.year, s.scale) if s.measure else None


def warm() -> None:
    """Build every view once in every language (a few dozen small ones), so no request pays for it."""
    for code in i18n.LANGS:
        with i18n.using(code):
            for m, info in catalog().measures.items():
                for y in info.years if info.yearly else (None,):
                    for scale in ("count", "rate") if info.has_rate else ("count",):
                        view(m, y, scale)


def county_measure_rows(fips: str) -> pd.DataFrame:
    """Every county_measures row of one county, all measures and years."""
    cm = data.county_measures()
    return cm[cm["fips"] == fips]


def county_agency_rows(fips: str, measure: str | None, year: int | None) -> pd.DataFrame:
    """The agency rows of one county, measure and year (empty for measures without agency rows)."""
    am = data.agency_measures()
    return am[(am["fips"] == fips) & (am["measure"] == measure) & (am["year"] == year)]


def county_figures(fips: str) -> pd.DataFrame:
    """Ledger figures about this county itself (statewide figures, fips "55", are not included)."""
    f = data.figures()
    return f[f["fips"] == fips]
