"""Tests for the county-table ingest format (etl/ingest/formats/county_table.py and cells.py).

The fixture reproduces the mess of a table transcribed from a PDF report (a title line, blank
lines, county names in several spellings, thousands separators, footnote markers, suppression and
missing markers, a "Statewide total" row, a Total column, footnote lines under the table); its
numbers are invented.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.counties import ALL_FIPS
from etl.errors import InputError
from etl.ingest.audit import audit
from etl.ingest.cells import parse_cell
from etl.ingest.formats import ingest
from etl.ingest.formats.county_table import MISSING_COUNTY_NOTE
from etl.ingest.output import tidy_frame
from etl.ingest.policy import load_policy

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
TABLE = FIXTURES / "synthetic_county_table.csv"
OPTIONS = {"measure": "synthetic_cps_allegations", "unit": "allegations"}
NO_VALUE = "no value in the source table: no data, not zero"
COMPLEMENTARY = "suppressed (11 or more): withheld so that a smaller count cannot be worked out from published totals"


@pytest.mark.parametrize(
    "text, status, value, note",
    [
        ("1,204", "reported", 1204, None),
        ("21a", "reported", 21, "footnote a in the source"),
        ("12*", "reported", 12, "footnote * in the source"),
        ("12 (b)", "reported", 12, "footnote b in the source"),
        ("0", "reported", 0, None),
        ("*", "suppressed", None, 'suppressed in the source (marked "*")'),
        ("<5", "suppressed", None, 'suppressed in the source (1-4; marked "<5")'),
        ("< 5", "suppressed", None, 'suppressed in the source (1-4; marked "< 5")'),
        ("1-4", "suppressed", None, 'suppressed in the source (1-4; marked "1-4")'),
        ("1–4", "suppressed", None, 'suppressed in the source (1-4; marked "1–4")'),
        ("—", "not_reported", None, None),
        ("-", "not_reported", None, None),
        ("n/a", "not_reported", None, None),
        ("NA", "not_reported", None, None),
        ("", "not_reported", None, None),
        ("N/A", "not_reported", None, None),
    ],
)
def test_parse_cell(text, status, value, note):
    cell = parse_cell(text)
    assert (cell.status, cell.value, cell.note, cell.problem) == (status, value, note, None)


@pytest.mark.parametrize("text", ["-3", "twelve", "12.5.1", "<1", "5-2"])
def test_parse_cell_refuses(text):
    assert parse_cell(text).problem


def expected(sensitive: bool) -> pd.DataFrame:
    """The whole expected output, by hand: county -> {year: (value, status, note)}."""
    r = lambda v, note=None: (float(v), "reported", note)  # noqa: E731
    nr = (None, "not_reported", NO_VALUE)
    s = lambda note: (None, "suppressed", note)  # noqa: E731
    cells = {
        "55": {2019: r(3230), 2020: r(60), 2021: r(80)},
        "55001": {2019: r(0), 2020: r(0), 2021: r(0)},
        "55009": {2019: r(1204), 2020: r(12, "footnote * in the source"), 2021: r(21, "footnote a in the source")},
        "55109": {
            2019: s('suppressed in the source (1-4; marked "<5")'),
            2020: s('suppressed in the source (1-4; marked "1-4")'),
            2021: s('suppressed in the source (marked "*")'),
        },
        "55039": {2019: nr, 2020: nr, 2021: nr},
        "55035": {2019: nr, 2020: nr, 2021: r(7)},
        "55079": {2019: r(2000), 2020: r(35), 2021: r(40)},
        "55025": {2019: r(15), 2020: r(12), 2021: r(11)},
    }
    if sensitive:
        # Eau Claire's 7 is a small count. In 2020 the state's 60 minus the published counties
        # leaves 1 for St. Croix ("1-4") and the two counties with no value, which pins St. Croix
        # to 1: Brown's 12, the smallest count above 10 in that margin, is suppressed too.
        cells["55035"][2021] = s("suppressed (1-10)")
        cells["55009"][2020] = s(f"{COMPLEMENTARY}; footnote * in the source")
    rows = []
    for year in (2019, 2020, 2021):
        for fips in (*ALL_FIPS, "55"):
            value, status, note = cells.get(fips, {}).get(year, (None, "not_reported", MISSING_COUNTY_NOTE))
            rows.append(
                {
                    "fips": fips,
                    "year": year,
                    "measure": "synthetic_cps_allegations",
                    "value": value,
                    "value_status": status,
                    "unit": "allegations",
                    "source_id": "synthetic_dcf",
                    "note": note,
                    "policy_version": load_policy().version if sensitive else None,
                }
            )
    return tidy_frame(rows)


def test_transcribed_table_gives_the_expected_frame():
    got = ingest("county-table", TABLE, "synthetic_dcf", OPTIONS)
    pd.testing.assert_frame_equal(got, expected(sensitive=False))


def test_sensitive_table_is_protected_and_proven():
    got = ingest("county-table", TABLE, "synthetic_dcf", OPTIONS | {"sensitive": True})
    pd.testing.assert_frame_equal(got, expected(sensitive=True))
    assert audit(got, load_policy()).ok
    # without the complementary cell, the same rows fail the audit
    leaky = got.copy()
    i = leaky.index[(leaky["fips"] == "55009") & (leaky["year"] == 2020)][0]
    leaky.loc[i, ["value", "value_status", "note"]] = [12.0, "reported", None]
    report = audit(leaky, load_policy())
    assert not report.ok
    assert ("55109", 2020, "synthetic_cps_allegations") in {e.cell for e in report.exposures}


def test_every_problem_is_listed():
    with pytest.raises(InputError) as err:
        ingest("county-table", FIXTURES / "synthetic_county_table_bad.csv", "synthetic_dcf", OPTIONS)
    found = {(p.line, p.column, p.value) for p in err.value.problems}
    assert found == {
        (3, "County", "Atlantis"),
        (4, "2019", "twelve"),
        (4, "2020", "-3"),
        (5, "County", "Brown"),  # listed twice
        (6, None, "Dane,5,6,7,99"),  # more cells than the header
    }


def test_total_row_is_checked_against_the_county_sum(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("County,2020\nDane,12\nMilwaukee,30\nWisconsin,43\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        ingest("county-table", path, "x", OPTIONS)
    [problem] = err.value.problems
    assert (problem.line, problem.column, problem.value) == (4, "2020", "43")
    assert "add up to 42" in problem.reason


def test_total_column_is_checked_and_not_stored(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("County,2020,2021,Total\nDane,12,13,26\n", encoding="utf-8")
    with pytest.raises(InputError, match="years add up to 25"):
        ingest("county-table", path, "x", OPTIONS)


def test_county_by_measure_table_with_year_option(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "Synthetic title\nCounty name,synthetic_a,synthetic_b\nSaint Croix,3,4\nState total,3,—\n", encoding="utf-8"
    )
    got = ingest("county-table", path, "x", {"year": 2022, "unit": "allegations"})
    assert set(got["measure"]) == {"synthetic_a", "synthetic_b"}
    assert len(got) == 2 * 73  # 72 counties and the state row, for each measure
    row = got[(got["fips"] == "55109") & (got["measure"] == "synthetic_a")].iloc[0]
    assert (row["year"], row["value"], row["value_status"]) == (2022, 3.0, "reported")
    state_b = got[(got["fips"] == "55") & (got["measure"] == "synthetic_b")].iloc[0]
    assert state_b["value_status"] == "not_reported"


def test_unknown_measure_must_be_in_the_dictionary(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("County,2020\nDane,12\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown measure"):
        ingest("county-table", path, "x", {"measure": "synthetic_not_in_measures_yaml"})
