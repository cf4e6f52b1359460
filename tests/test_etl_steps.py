"""ETL transforms on small messy fixtures (tests/fixtures/etl, synthetic), compared as whole frames."""

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from etl.errors import InputError
from etl.steps.counties import transform_census_measures, transform_counties
from etl.steps.fbi import transform_offenses_2015, transform_presence
from etl.tables import read_raw_csv

FIX = Path(__file__).parent / "fixtures" / "etl"


def load(name):
    return read_raw_csv(FIX / name)


def test_read_raw_csv_keeps_text_and_line_numbers():
    frame = load("synthetic_population_messy.csv")
    assert list(frame["_line"]) == [2, 3, 5]  # the blank line 4 is dropped, numbering kept
    assert frame.loc[0, "population_2020"] == "93,536"


def test_transform_counties_whole_frame():
    out = transform_counties(
        load("synthetic_population_messy.csv"), load("synthetic_districts.csv"), "pop.csv", "dist.csv"
    )
    expected = pd.DataFrame(
        {
            "fips": ["55039", "55079", "55109"],
            "county": ["Fond du Lac County", "Milwaukee County", "St. Croix County"],
            "population_2020": [104154, 939489, 93536],
            "population_under18_2020": [21000, 219043, 22000],
            "federal_district": ["Eastern", "Eastern", "Western"],
            "federal_district_basis": ["published", "published", "inferred"],
        }
    )
    assert_frame_equal(out.reset_index(drop=True), expected, check_dtype=False)


def test_unknown_county_is_named_with_file_and_line():
    pop = load("synthetic_population_messy.csv")
    bad = pd.concat(
        [
            pop,
            pd.DataFrame(
                [
                    {
                        "_line": 6,
                        "fips": "",
                        "county": "Atlantis County",
                        "population_2020": "10",
                        "population_under18_2020": "-2",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    with pytest.raises(InputError) as err:
        transform_counties(bad, load("synthetic_districts.csv"), "pop.csv", "dist.csv")
    text = str(err.value)
    assert "pop.csv, line 6, column 'county': 'Atlantis County'" in text
    assert "column 'population_under18_2020': '-2'" in text  # every problem, not just the first


def test_fips_that_contradicts_the_name_is_refused():
    pop = load("synthetic_population_messy.csv")
    pop.loc[0, "fips"] = "55079"
    with pytest.raises(InputError, match="does not match county"):
        transform_counties(pop, load("synthetic_districts.csv"), "pop.csv", "dist.csv")


def test_census_measures_whole_frame():
    counties = pd.DataFrame({"fips": ["55001"], "population_2020": [200], "population_under18_2020": [50]})
    out = transform_census_measures(counties, "src")
    expected = pd.DataFrame(
        {
            "fips": ["55001"] * 3,
            "year": [2020] * 3,
            "measure": ["population", "population_under18", "population_under18_share"],
            "value": [200.0, 50.0, 25.0],
            "value_status": ["reported"] * 3,
            "unit": ["persons", "persons", "percent"],
            "source_id": ["src"] * 3,
        }
    )
    assert_frame_equal(out, expected, check_dtype=False)


def test_presence_flags_and_multi_county_notes():
    out = transform_presence(load("synthetic_cde_presence_rows.csv"), "rows.csv", "cde")
    flags = out[out["measure"] == "fbi_ht_presence"].set_index(["fips", "year"])
    assert len(flags) == 72 * 8
    assert flags.loc[("55015", 2015), "value"] == 1  # Calumet: only through Appleton
    assert flags.loc[("55015", 2015), "note"].startswith("flag rests only on agencies that serve several")
    assert flags.loc[("55087", 2015), "value"] == 1 and pd.isna(flags.loc[("55087", 2015), "note"])
    assert flags.loc[("55079", 2016), "value"] == 1
    assert flags.loc[("55001", 2021), "value"] == 0  # a row with a zero count is not a record
    assert flags.loc[("55003", 2015), "note"].startswith("none recorded")
    assert set(out["value_status"]) == {"reported"}
    years = out[out["measure"] == "fbi_ht_presence_years"].set_index("fips")["value"]
    assert years["55087"] == 1 and years["55079"] == 1 and years["55001"] == 0 and len(years) == 72
    assert out[out["measure"] == "fbi_ht_presence_years"]["year"].isna().all()


def test_presence_refuses_bad_years_and_counties():
    rows = load("synthetic_cde_presence_rows.csv")
    rows.loc[0, "data_year"] = "2031"
    rows.loc[1, "county"] = "Atlantis County"
    with pytest.raises(InputError) as err:
        transform_presence(rows, "rows.csv", "cde")
    assert len(err.value.problems) == 2


def test_offenses_2015_whole_frame_for_reporting_counties():
    out = transform_offenses_2015(load("synthetic_ht_2015_counts.csv"), "nmf.csv", "nmf")
    assert len(out) == 72 * 3
    got = (
        out[out["value_status"] == "reported"]
        .sort_values(["fips", "measure"])[["fips", "measure", "value"]]
        .reset_index(drop=True)
    )
    expected = pd.DataFrame(
        {
            "fips": ["55079"] * 3 + ["55087"] * 3,
            "measure": [
                "fbi_ht_offenses",
                "fbi_ht_offenses_commercial_sex_acts",
                "fbi_ht_offenses_involuntary_servitude",
            ]
            * 2,
            "value": [3.0, 3.0, 0.0, 1.0, 1.0, 0.0],
        }
    )
    assert_frame_equal(got, expected)
    others = out[~out["fips"].isin(["55079", "55087"])]
    assert others["value"].isna().all() and set(others["value_status"]) == {"not_reported"}
    assert "Appleton" in out.set_index(["fips", "measure"]).loc[("55087", "fbi_ht_offenses"), "note"]
