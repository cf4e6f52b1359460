"""The /map view state (measure, year, scale, county) and its URL form: parse, validate, serialize.

Pure: nothing here reads files. What counts as valid comes from a `Catalog`, built from the tidy
tables by `components.map_data.catalog()` (or by hand in tests). Every value that arrives from a
URL or a browser callback is treated as hostile: anything unknown, of the wrong type or out of
range falls back to a default, so parsing never raises.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from urllib.parse import parse_qs, urlencode

from components.i18n import _

#: The map opens on the most informative real count: police-recorded offenses, latest year.
DEFAULT_MEASURE = "nibrs_ht_offenses"
SCALES = ("count", "rate")
DEFAULT_SCALE = "count"


@dataclass(frozen=True)
class MeasureInfo:
    """What the map needs to know about one measure (a row of measures.csv plus the years it has)."""

    measure: str
    label: str
    unit: str
    kind: str  # count | presence | population | share
    yearly: bool
    rate_base: str  # "" when no rate can be computed
    caveat: str = ""
    description: str = ""
    years: tuple[int, ...] = ()

    @property
    def has_rate(self) -> bool:
        return bool(self.rate_base)


@dataclass(frozen=True)
class Catalog:
    """The valid values of each part of the state: measures (in display order) and county FIPS."""

    measures: dict[str, MeasureInfo]
    fips: frozenset[str] = field(default_factory=frozenset)

    @property
    def default_measure(self) -> str | None:
        if DEFAULT_MEASURE in self.measures:
            return DEFAULT_MEASURE
        return next(iter(self.measures), None)


@dataclass(frozen=True)
class MapState:
    """One view of the map. `year` is None for a measure that is not yearly (or has no years)."""

    measure: str | None
    year: int | None
    scale: str = DEFAULT_SCALE
    county: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def _text(value) -> str | None:
    """A plain string, or None for anything else (lists from repeated keys, dicts, numbers...)."""
    return value.strip() if isinstance(value, str) else None


def _year(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    if text and text.isascii() and text.isdigit() and len(text) == 4:
        return int(text)
    return None


def default_year(info: MeasureInfo | None) -> int | None:
    """The latest year a yearly measure has; None for a measure that is not yearly."""
    if info is None or not info.yearly or not info.years:
        return None
    return max(info.years)


def validate(catalog: Catalog, measure=None, year=None, scale=None, county=None) -> MapState:
    """A valid state from raw values of any type; each unknown part falls back to its default.

    Measure: a measure the catalog has, else the default measure. Year: one of that measure's
    years, else its latest (None when not yearly). Scale: "rate" only when the measure has a rate
    base, else "count". County: a known 5-character FIPS, else None.
    """
    measure_id = _text(measure)
    if measure_id not in catalog.measures:
        measure_id = catalog.default_measure
    info = catalog.measures.get(measure_id) if measure_id else None
    y = _year(year)
    if info is None or not info.yearly or y not in info.years:
        y = default_year(info)
    s = _text(scale)
    if s not in SCALES or (s == "rate" and not (info and info.has_rate)):
        s = DEFAULT_SCALE
    fips = _text(county)
    if fips not in catalog.fips:
        fips = None
    return MapState(measure=measure_id, year=y, scale=s, county=fips)


def parse_state(query, catalog: Catalog) -> MapState:
    """A state from a query string ("?measure=...&year=...") or a mapping of query parameters.

    Repeated keys, unknown keys and bad values never raise; see `validate`.
    """
    if isinstance(query, str):
        parsed = parse_qs(query.lstrip("?"), keep_blank_values=True)
        params = {k: v[0] if len(v) == 1 else v for k, v in parsed.items()}
    elif isinstance(query, Mapping):
        params = query
    else:
        params = {}
    return validate(catalog, **{k: params.get(k) for k in ("measure", "year", "scale", "county")})


def serialize_state(state: MapState) -> str:
    """The query string of a state, always starting with "?": measure, year (when yearly), scale,
    county (when one is selected). A presenter can paste it and land on the same view."""
    params: dict[str, str] = {}
    if state.measure:
        params["measure"] = state.measure
    if state.year is not None:
        params["year"] = str(state.year)
    params["scale"] = state.scale
    if state.county:
        params["county"] = state.county
    return "?" + urlencode(params)


def county_from_click(click_data, catalog: Catalog) -> str | None:
    """The FIPS of the county a Plotly clickData points at, or None for anything unexpected."""
    try:
        location = click_data["points"][0]["location"]
    except (KeyError, IndexError, TypeError):
        return None
    return location if isinstance(location, str) and location in catalog.fips else None


def next_state(
    catalog: Catalog,
    trigger: str | None,
    measure=None,
    year=None,
    scale=None,
    county=None,
    click_data=None,
    url_data=None,
) -> tuple[MapState, bool]:
    """The state after one event, and whether the address bar should be replaced (not pushed).

    trigger "url": back/forward fed the address's query (url_data = {"query": {...}}) -> that state,
    replace. trigger "click": a click on the map selects the county under it. Anything else: the
    controls' values. A measure change keeps the year when the new measure has it, else its latest.
    """
    if trigger == "url":
        query = url_data.get("query") if isinstance(url_data, Mapping) else None
        return parse_state(query if isinstance(query, (Mapping, str)) else {}, catalog), True
    if trigger == "click":
        county = county_from_click(click_data, catalog) or county
    return validate(catalog, measure=measure, year=year, scale=scale, county=county), False


def year_options(info: MeasureInfo | None) -> list[dict]:
    if info is None or not info.yearly:
        return []
    return [{"label": str(y), "value": y} for y in sorted(info.years, reverse=True)]


def scale_options(info: MeasureInfo | None) -> list[dict]:
    rate = bool(info and info.has_rate)
    return [
        {"label": _("Count"), "value": "count"},
        {"label": _("Rate per 100,000"), "value": "rate", "disabled": not rate},
    ]
