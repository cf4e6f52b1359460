"""The pandera contracts reject crafted bad frames, and report every problem at once."""

from pathlib import Path

import pytest

from etl.metadata import TABLES
from etl.schemas import validate_tables
from etl.tables import read_tidy

TIDY = Path(__file__).resolve().parents[1] / "data" / "tidy"


@pytest.fixture
def tables():
    return {name: read_tidy(TIDY / f"{name}.csv", name) for name in TABLES}


def problems_after(tables, name, edit):
    tables[name] = edit(tables[name].copy())
    return validate_tables(tables)


def test_committed_tables_are_the_baseline(tables):
    assert validate_tables(tables) == []


def set_cell(row, column, value):
    def edit(df):
        df[column] = df[column].astype(object)
        df.loc[row, column] = value
        return df

    return edit


@pytest.mark.parametrize(
    "name, edit, expected",
    [
        ("counties", set_cell(0, "fips", "55999"), "fips"),
        ("counties", set_cell(0, "fips", "55003"), "fips"),  # duplicate key
        ("counties", set_cell(3, "federal_district", "Northern"), "federal_district"),
        ("counties", lambda df: df.iloc[:71], "all_72_counties"),
        ("counties", set_cell(1, "population_under18_2020", 10**7), "under18_within_total"),
        ("county_measures", set_cell(0, "value", -1.0), "value"),
        ("county_measures", set_cell(0, "year", 1890), "year"),
        ("county_measures", set_cell(0, "fips", "17031"), "fips"),
        ("county_measures", set_cell(5, "value_status", "zero"), "value_status"),
        ("county_measures", set_cell(5, "value_status", "suppressed"), "value_missing_exactly_when_status_says_so"),
        (
            "county_measures",
            lambda df: df.assign(value=df["value"].where(df["measure"] != "population_under18_share", 140.0)),
            "percentages_within_0_100",
        ),
        (
            "county_measures",
            lambda df: df.assign(value=df["value"].where(df["measure"] != "fbi_ht_presence", 2.0)),
            "flags_are_0_or_1",
        ),
        ("county_measures", lambda df: __import__("pandas").concat([df, df.iloc[[0]]], ignore_index=True), "fips"),
        ("county_measures", set_cell(0, "source_id", "no_such_source"), "not in sources.csv"),
        ("county_measures", set_cell(0, "measure", "invented_measure"), "has no entry in data/measures.yaml"),
        ("figures", set_cell(0, "verification", "probably"), "verification"),
        ("figures", set_cell(0, "value", None), "value_missing_exactly_when_qualitative"),
        ("figures", set_cell(0, "period_start", "c. 2016"), "period_start"),
        ("figures", set_cell(0, "source_id", "no_such_source"), "not in sources.csv"),
        ("sources", set_cell(0, "kind", "blog"), "kind"),
        ("sources", set_cell(0, "url", "not a url"), "url"),
        ("measures", set_cell(0, "rate_base", "households"), "rate_base"),
    ],
)
def test_bad_frames_are_rejected(tables, name, edit, expected):
    problems = problems_after(tables, name, edit)
    assert problems, f"{name}: the edit was not caught"
    assert any(expected in p for p in problems), problems


def test_every_problem_is_reported_at_once(tables):
    def edit(df):
        df = df.copy()
        df["value"] = df["value"].astype(float)
        df.loc[0, "value"] = -5.0
        df.loc[1, "year"] = 1700
        df.loc[2, "value_status"] = "unknown"
        return df

    problems = problems_after(tables, "county_measures", edit)
    assert any("'value'" in p for p in problems)
    assert any("'year'" in p for p in problems)
    assert any("'value_status'" in p for p in problems)
