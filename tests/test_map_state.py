"""URL state of /map: parse, validate, serialize; hostile input never raises and falls back to defaults."""

from __future__ import annotations

import pytest

from components.map_state import (
    DEFAULT_MEASURE,
    Catalog,
    MapState,
    MeasureInfo,
    county_from_click,
    next_state,
    parse_state,
    serialize_state,
    validate,
)

CATALOG = Catalog(
    measures={
        "fbi_ht_presence": MeasureInfo(
            "fbi_ht_presence", "Presence", "flag", "presence", True, "", years=(2014, 2015, 2021)
        ),
        "fbi_ht_offenses": MeasureInfo(
            "fbi_ht_offenses", "Offenses", "offenses", "count", True, "population", years=(2015,)
        ),
        DEFAULT_MEASURE: MeasureInfo(
            DEFAULT_MEASURE, "Police-recorded offenses", "offenses", "count", True, "population", years=(2014, 2023)
        ),
        "fbi_ht_presence_years": MeasureInfo("fbi_ht_presence_years", "Years", "years", "count", False, ""),
    },
    fips=frozenset({"55001", "55079"}),
)
#: The default measure wins over catalog order, at its latest year.
DEFAULT = MapState(DEFAULT_MEASURE, 2023, "count", None)


def test_defaults_from_empty_query():
    assert parse_state("", CATALOG) == DEFAULT
    assert parse_state({}, CATALOG) == DEFAULT
    assert parse_state(None, CATALOG) == DEFAULT


@pytest.mark.parametrize(
    "state",
    [
        MapState("fbi_ht_presence", 2014, "count", None),
        MapState("fbi_ht_presence", 2021, "count", "55079"),
        MapState("fbi_ht_offenses", 2015, "rate", "55001"),
        MapState("fbi_ht_offenses", 2015, "count", None),
        MapState("fbi_ht_presence_years", None, "count", "55079"),
    ],
)
def test_url_round_trip(state):
    query = serialize_state(state)
    assert query.startswith("?")
    assert parse_state(query, CATALOG) == state


def test_every_catalog_state_round_trips():
    for m, info in CATALOG.measures.items():
        for y in info.years or (None,):
            for scale in ("count", "rate") if info.has_rate else ("count",):
                for county in (None, *sorted(CATALOG.fips)):
                    s = MapState(m, y, scale, county)
                    assert parse_state(serialize_state(s), CATALOG) == s


def test_non_yearly_measure_has_no_year_in_url():
    q = serialize_state(MapState("fbi_ht_presence_years", None, "count", None))
    assert "year=" not in q
    assert parse_state(q + "&year=2015", CATALOG).year is None


@pytest.mark.parametrize(
    "query",
    [
        {"measure": "<script>alert(1)</script>", "year": "abc", "scale": "log", "county": "99999"},
        {"measure": ["fbi_ht_presence", "fbi_ht_offenses"], "year": ["2014", "2015"]},
        {"measure": 42, "year": {"a": 1}, "scale": None, "county": 55079},
        {"year": True, "county": ["55079"]},
        {"year": "2021.5"},
        {"year": "٢٠٢١"},
        {"year": "99999"},
        {"year": -1},
        "measure=%00&year=%ff&scale=&county=..%2F..",
        "?measure&year&scale&county",
    ],
)
def test_hostile_values_fall_back_to_defaults(query):
    s = parse_state(query, CATALOG)
    assert s.measure in CATALOG.measures
    assert s.scale in ("count", "rate")
    assert s.county in (None, *CATALOG.fips)
    info = CATALOG.measures[s.measure]
    assert s.year in info.years or (s.year is None and not info.yearly)


def test_year_not_held_by_measure_falls_back_to_latest():
    assert validate(CATALOG, measure="fbi_ht_presence", year="2016").year == 2021
    assert validate(CATALOG, measure="fbi_ht_presence", year=2014).year == 2014
    assert validate(CATALOG, measure="fbi_ht_offenses", year="2021").year == 2015


def test_rate_only_for_measures_with_a_rate_base():
    assert validate(CATALOG, measure="fbi_ht_presence", scale="rate").scale == "count"
    assert validate(CATALOG, measure="fbi_ht_offenses", scale="rate").scale == "rate"


def test_click_data_parsing():
    assert county_from_click({"points": [{"location": "55079"}]}, CATALOG) == "55079"
    for bad in (
        None,
        {},
        {"points": []},
        {"points": [{}]},
        {"points": [{"location": "12345"}]},
        "x",
        {"points": [{"location": ["55079"]}]},
    ):
        assert county_from_click(bad, CATALOG) is None


def test_next_state_events():
    # a control change keeps the year when the new measure has it
    s, replace = next_state(CATALOG, "control", "fbi_ht_presence", 2015, "count", None)
    assert (s.year, replace) == (2015, False)
    s, _ = next_state(CATALOG, "control", "fbi_ht_offenses", 2021, "rate", None)
    assert (s.year, s.scale) == (2015, "rate")
    # a click selects the county under the pointer
    s, _ = next_state(CATALOG, "click", "fbi_ht_presence", 2014, "count", None, {"points": [{"location": "55001"}]})
    assert s.county == "55001"
    # back/forward: the address's query, replacing (never pushing) history
    s, replace = next_state(
        CATALOG,
        "url",
        "fbi_ht_presence",
        2014,
        "count",
        None,
        None,
        {"query": {"measure": "fbi_ht_presence", "year": "2015", "county": "55079"}},
    )
    assert (s, replace) == (MapState("fbi_ht_presence", 2015, "count", "55079"), True)
    s, replace = next_state(CATALOG, "url", url_data="garbage")
    assert (s, replace) == (DEFAULT, True)
