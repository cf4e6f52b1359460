"""Tests for the fbi-cde-ht ingest format (etl/ingest/formats/fbi_cde_ht.py).

The fixture is synthetic (counts invented) but keeps the real file's shape and mess: other states'
rows, a blank line, a non-standard ORI (WIMPD0000), agencies listing several counties, a reported
zero, and an agency with COUNTY_NAME "NOT SPECIFIED". Two tests use real files: the FBI's 2015
agency counts (which add up to the FBI's published statewide total) and the legacy CDE export's
Wisconsin rows (whose inflated counts must be refused).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from etl.counties import ALL_FIPS
from etl.errors import InputError
from etl.ingest.formats import ingest
from etl.ingest.formats.fbi_cde_ht import COLUMNS, MEASURES, ori_county
from etl.ingest.output import tidy_frame

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ROOT = Path(__file__).resolve().parent.parent
STATE_NOTE = "sum of the Wisconsin agency rows in the file; agencies that did not report are not in it"
NO_TYPE_ROW = "agencies in this county reported no row for this offense type: no data, not zero"
APPLETON = (
    "includes Appleton (WI0450100), which also serves Calumet County, Winnebago County: an agency is "
    "counted once, in its principal county"
)
MENASHA = (
    "includes Menasha (WI0710100), which also serves Calumet County: an agency is counted once, in its principal county"
)
CSA, IS, ALL, CLEARED = (
    "fbi_ht_offenses_commercial_sex_acts",
    "fbi_ht_offenses_involuntary_servitude",
    "fbi_ht_offenses",
    "fbi_ht_cleared",
)


def _no_agency(year: int, extra: str | None = None) -> str:
    note = f"no agency in this county reported human trafficking data for {year}: no data, not zero"
    return f"{note}; {extra}" if extra else note


def expected_synthetic() -> pd.DataFrame:
    """The whole expected output of the synthetic fixture, written out by hand."""
    reported = {  # (fips, year) -> {measure: value or None (not reported)}, note
        ("55079", 2019): ({ALL: 5, CSA: 5, IS: 0, CLEARED: 2}, None),
        ("55087", 2019): ({ALL: 3, CSA: 3, IS: None, CLEARED: 1}, APPLETON),
        ("55", 2019): ({ALL: 8, CSA: 8, IS: 0, CLEARED: 3}, STATE_NOTE),
        ("55079", 2020): ({ALL: 7, CSA: 7, IS: None, CLEARED: 3}, None),
        ("55025", 2020): ({ALL: 2, CSA: 0, IS: 2, CLEARED: 1}, None),
        ("55139", 2020): ({ALL: 1, CSA: 1, IS: None, CLEARED: 0}, MENASHA),
        ("55109", 2020): ({ALL: 1, CSA: 1, IS: None, CLEARED: 0}, None),
        ("55", 2020): (
            {ALL: 13, CSA: 11, IS: 2, CLEARED: 6},
            STATE_NOTE + "; includes agencies not tied to one county: Wisconsin State Patrol (WIWSP0000)",
        ),
    }
    served = {
        ("55015", 2019): "Appleton (WI0450100), which serves part of this county, is counted in Outagamie County",
        ("55139", 2019): "Appleton (WI0450100), which serves part of this county, is counted in Outagamie County",
        ("55015", 2020): "Menasha (WI0710100), which serves part of this county, is counted in Winnebago County",
    }
    rows = []
    for year in (2019, 2020):
        for fips in (*ALL_FIPS, "55"):
            values, note = reported.get((fips, year), (None, None))
            for measure in MEASURES:
                row = {"fips": fips, "year": year, "measure": measure, "unit": "offenses", "source_id": "synthetic_fbi"}
                if values is None:
                    row |= {
                        "value": None,
                        "value_status": "not_reported",
                        "note": _no_agency(year, served.get((fips, year))),
                    }
                elif values[measure] is None:
                    row |= {
                        "value": None,
                        "value_status": "not_reported",
                        "note": f"{NO_TYPE_ROW}; {note}" if note else NO_TYPE_ROW,
                    }
                else:
                    row |= {"value": float(values[measure]), "value_status": "reported", "note": note}
                rows.append(row)
    return tidy_frame(rows)


def test_synthetic_fixture_gives_the_expected_frame():
    got = ingest("fbi-cde-ht", FIXTURES / "synthetic_fbi_cde_ht.csv", "synthetic_fbi")
    pd.testing.assert_frame_equal(got, expected_synthetic())


def test_output_covers_all_72_counties_for_every_year_with_not_reported_never_zero():
    got = ingest("fbi-cde-ht", FIXTURES / "synthetic_fbi_cde_ht.csv", "synthetic_fbi")
    counties = got[got["fips"] != "55"]
    assert counties.groupby(["year", "measure"])["fips"].nunique().eq(72).all()
    missing = got[got["value_status"] == "not_reported"]
    assert missing["value"].isna().all() and missing["note"].str.contains("not zero").all()


@pytest.mark.parametrize(
    "ori, fips",
    [
        ("WI0450100", "55087"),  # Appleton: 045 = Outagamie
        ("WI0130100", "55025"),  # Madison: 013 = Dane
        ("WI0410800", "55079"),  # Greenfield: 041 = Milwaukee (Menominee, created 1961, is 040)
        ("WI0400000", "55078"),
        ("WI0560000", "55109"),  # 056 = St. Croix, alphabetised as "Saint Croix"
        ("WI0710100", "55139"),  # Menasha: 071 = Winnebago
        ("WI0720000", "55141"),
        ("WIMPD0000", None),
        ("WI0730000", None),
        ("WI0000000", None),
        ("MN0270100", None),
    ],
)
def test_ori_county_number_is_the_alphabetical_position(ori, fips):
    assert ori_county(ori) == fips


def test_real_reference_oris_agree_with_their_recorded_county():
    """Every standard ORI in the real reference rows names the county the row was filed under,
    except the three agencies known to serve several counties (credited to each in that file)."""
    rows = pd.read_csv(ROOT / "data/raw/fbi/fbi_cde_ht_agency_rows_wi_2014_2021.csv", dtype=str)
    single = rows[rows["agency_spans_multiple_counties"] == "no"]
    mapped = single["ori"].map(ori_county)
    standard = mapped.notna()
    assert standard.sum() > 100
    assert (mapped[standard] == single.loc[standard, "county_fips"]).all()


def _as_cde(rows: list[dict], path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_real_2015_agency_counts_add_up_to_the_fbi_published_total(tmp_path):
    """FBI national master file, 2015: Milwaukee PD 3 and Appleton PD 1 commercial sex acts offenses;
    the FBI's Human Trafficking 2015 table gives Wisconsin 4 (and 0 involuntary servitude)."""
    real = pd.read_csv(ROOT / "data/raw/fbi/fbi_ht_2015_agency_counts.csv", dtype=str)
    counties = {"WIMPD0000": "MILWAUKEE", "WI0450100": "CALUMET; OUTAGAMIE; WINNEBAGO"}
    rows = [
        {
            "DATA_YEAR": r.year,
            "ORI": r.ori,
            "PUB_AGENCY_NAME": r.agency,
            "AGENCY_TYPE_NAME": "City",
            "STATE_ABBR": "WI",
            "COUNTY_NAME": counties[r.ori],
            "OFFENSE_SUBCAT_NAME": r.offense_subcat,
            "ACTUAL_COUNT": r.actual_offenses,
            "UNFOUNDED_COUNT": "0",
            "CLEARED_COUNT": r.cleared,
            "JUVENILE_CLEARED_COUNT": "0",
        }
        for r in real.itertuples()
    ]
    got = ingest("fbi-cde-ht", _as_cde(rows, tmp_path / "wi_2015.csv"), "fbi_ucr_ht_2015").set_index(
        ["fips", "measure"]
    )
    assert got.loc[("55", CSA), "value"] == 4
    assert got.loc[("55", IS), "value"] == 0
    assert got.loc[("55079", CSA), "value"] == 3
    assert got.loc[("55087", CSA), "value"] == 1  # Appleton's ORI places it in Outagamie
    assert got.loc[("55015", CSA), "value_status"] == "not_reported"  # Calumet: no data, not 0
    assert got.loc[("55025", ALL), "value_status"] == "not_reported"


def test_legacy_export_with_inflated_counts_is_refused(tmp_path):
    """The real Wisconsin rows of the legacy CDE export: counts inflated (mostly multiples of 64)."""
    real = pd.read_csv(ROOT / "data/raw/fbi/fbi_cde_ht_agency_rows_wi_2014_2021.csv", dtype=str)
    real = real[real["agency_spans_multiple_counties"] == "no"]
    rows = [
        {
            "DATA_YEAR": r.data_year,
            "ORI": r.ori,
            "PUB_AGENCY_NAME": r.pub_agency_name,
            "AGENCY_TYPE_NAME": r.agency_type,
            "STATE_ABBR": "WI",
            "COUNTY_NAME": r.county.upper(),
            "OFFENSE_SUBCAT_NAME": r.offense_subcat,
            "ACTUAL_COUNT": r.raw_actual_count_INFLATED,
            "UNFOUNDED_COUNT": "0",
            "CLEARED_COUNT": r.raw_cleared_count_INFLATED,
            "JUVENILE_CLEARED_COUNT": "0",
        }
        for r in real.itertuples()
    ]
    with pytest.raises(InputError, match="multiples of 64"):
        ingest("fbi-cde-ht", _as_cde(rows, tmp_path / "legacy.csv"), "fbi_cde")


def test_every_problem_is_reported_with_line_column_and_value():
    with pytest.raises(InputError) as err:
        ingest("fbi-cde-ht", FIXTURES / "synthetic_fbi_cde_ht_bad.csv", "synthetic_fbi")
    found = {(p.line, p.column, p.value) for p in err.value.problems}
    assert found == {
        (2, "DATA_YEAR", "20x9"),
        (3, "COUNTY_NAME", "MILWAUKEE; ATLANTIS"),
        (4, "ACTUAL_COUNT", "-2"),
        (5, "OFFENSE_SUBCAT_NAME", "Forced Labor"),
        (6, "CLEARED_COUNT", ""),
        (7, None, "2020,WI0130100,Madison,City,WI,DANE,Commercial Sex Acts,1,0,0,0,extra"),
        (8, "ORI", "WI0130100"),
    }
    assert all(p.file.endswith("synthetic_fbi_cde_ht_bad.csv") for p in err.value.problems)
    assert any("negative" in p.reason for p in err.value.problems)


def test_missing_columns_are_named(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("DATA_YEAR,ORI,STATE_ABBR\n2020,WI0130100,WI\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        ingest("fbi-cde-ht", path, "x")
    assert {p.column for p in err.value.problems} == set(COLUMNS) - {"DATA_YEAR", "ORI", "STATE_ABBR"}


def test_ori_county_wins_over_the_listed_county_and_says_so(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        ",".join(COLUMNS) + "\n2022,WI0130100,Madison,City,WI,IOWA,Commercial Sex Acts,2,0,1,0\n", encoding="utf-8"
    )
    got = ingest("fbi-cde-ht", path, "x").set_index(["fips", "measure"])
    assert got.loc[("55025", ALL), "value"] == 2
    assert "placed here by the county number in its ORI" in got.loc[("55025", ALL), "note"]
    assert got.loc[("55049", ALL), "value_status"] == "not_reported"  # Iowa County
