"""Tests for the cases ingest format (etl/ingest/formats/cases.py): counting, statuses, protection.

The fixture is synthetic (invented case records, IDs prefixed SYN-) with the mess of real
exports: one row per person for a case with several people, dates in three formats, a year
column instead of a date, ages missing or given as groups, county names in several spellings,
a blank line and a column that must not be copied (intake_worker).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.counties import ALL_FIPS
from etl.errors import InputError
from etl.ingest.audit import audit
from etl.ingest.formats import ingest
from etl.ingest.formats.cases import NOT_COVERED_NOTE
from etl.ingest.output import tidy_frame
from etl.ingest.policy import load_policy

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
RECORDS = FIXTURES / "synthetic_case_records.csv"
PARTS = {"cases_total": ("cases_minor",)}
SMALL = "suppressed (1-10)"
COMPLEMENTARY = "suppressed (11 or more): withheld so that a smaller count cannot be worked out from published totals"
AGE = "cases with no recorded age are not counted as minors' cases"
PARTIAL = "total of these records, which do not cover the whole state"


def expected() -> pd.DataFrame:
    """By hand. True counts, 2021: Milwaukee 12 cases (7 minors' cases: SYN-001 has a 16-year-old),
    Dane 2 (1), St. Croix 1 (0: "18-24"), state 15 (8); 2022: Brown 1 (1), Milwaukee 2 (1), state 3 (2).
    Published: every count 1-10 suppressed; Milwaukee's 12 is suppressed as well, because state 15
    minus Milwaukee 12 would give the rest of the state as 3; St. Croix's 0 minors' cases is shown."""
    cells = {  # (fips, year, measure) -> (value, status, note)
        ("55", 2021, "cases_total"): (15.0, "reported", PARTIAL),
        ("55", 2021, "cases_minor"): (None, "suppressed", f"{SMALL}; {PARTIAL}; {AGE}"),
        ("55", 2022, "cases_total"): (None, "suppressed", f"{SMALL}; {PARTIAL}"),
        ("55", 2022, "cases_minor"): (None, "suppressed", f"{SMALL}; {PARTIAL}; {AGE}"),
        ("55079", 2021, "cases_total"): (None, "suppressed", COMPLEMENTARY),
        ("55079", 2021, "cases_minor"): (None, "suppressed", f"{SMALL}; {AGE}"),
        ("55079", 2022, "cases_total"): (None, "suppressed", SMALL),
        ("55079", 2022, "cases_minor"): (None, "suppressed", f"{SMALL}; {AGE}"),
        ("55025", 2021, "cases_total"): (None, "suppressed", SMALL),
        ("55025", 2021, "cases_minor"): (None, "suppressed", f"{SMALL}; {AGE}"),
        ("55109", 2021, "cases_total"): (None, "suppressed", SMALL),
        ("55109", 2021, "cases_minor"): (0.0, "reported", AGE),
        ("55009", 2022, "cases_total"): (None, "suppressed", SMALL),
        ("55009", 2022, "cases_minor"): (None, "suppressed", f"{SMALL}; {AGE}"),
    }
    rows = []
    for year in (2021, 2022):
        for fips in (*ALL_FIPS, "55"):
            for measure in ("cases_total", "cases_minor"):
                default = (
                    None,
                    "not_reported",
                    f"{NOT_COVERED_NOTE}; {AGE}" if measure == "cases_minor" else NOT_COVERED_NOTE,
                )
                value, status, note = cells.get((fips, year, measure), default)
                rows.append(
                    {
                        "fips": fips,
                        "year": year,
                        "measure": measure,
                        "value": value,
                        "value_status": status,
                        "unit": "cases",
                        "source_id": "synthetic_org",
                        "note": note,
                        "policy_version": load_policy().version,
                    }
                )
    return tidy_frame(rows)


def test_case_records_give_the_expected_protected_frame():
    got = ingest("cases", RECORDS, "synthetic_org")
    pd.testing.assert_frame_equal(got, expected())


def test_output_passes_the_audit_and_publishes_no_small_count():
    got = ingest("cases", RECORDS, "synthetic_org")
    report = audit(got, load_policy(), parts=PARTS, not_reported_is_zero=True)
    assert report.ok, report.report()
    reported = got[got["value_status"] == "reported"]["value"]
    assert not reported.between(1, 10).any()
    assert set(report.witnesses) >= set(
        map(tuple, got.loc[got["value_status"] == "suppressed", ["fips", "year", "measure"]].values.tolist())
    )


def test_covers_state_turns_absent_counties_into_reported_zeros():
    got = ingest("cases", RECORDS, "synthetic_org", {"covers_state": True})
    assert (got["value_status"] != "not_reported").all()
    adams = got[(got["fips"] == "55001") & (got["measure"] == "cases_total")]
    assert adams["value"].tolist() == [0.0, 0.0] and adams["note"].isna().all()
    assert audit(got, load_policy(), parts=PARTS, not_reported_is_zero=True).ok


def test_measure_prefix_keeps_two_organisations_apart():
    got = ingest("cases", RECORDS, "synthetic_org", {"measure": "synthetic_org_cases"})
    assert set(got["measure"]) == {"synthetic_org_cases_total", "synthetic_org_cases_minor"}


def test_without_ages_only_totals_are_produced(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("county,year\n" + "Dane,2020\n" * 12 + "Brown,2020\n" * 11, encoding="utf-8")
    got = ingest("cases", path, "x", {"covers_state": True})
    assert set(got["measure"]) == {"cases_total"}
    state = got[got["fips"] == "55"].iloc[0]
    assert (state["value"], state["value_status"]) == (23.0, "reported")


def test_every_problem_is_listed_and_nothing_is_returned():
    with pytest.raises(InputError) as err:
        ingest("cases", FIXTURES / "synthetic_case_records_bad.csv", "synthetic_org")
    found = {(p.line, p.column, p.value) for p in err.value.problems}
    assert found == {
        (2, "county", "Atlantis"),
        (3, "date", "2021-02-30"),
        (4, "age", "-3"),
        (5, "age", "250"),
        (6, "date", "2999-01-01"),
        (7, "age_group", "15-24"),
        (8, "trafficking_type", "organ harvesting"),
        (9, "year", "2020"),
        (10, None, "SYN-109,Dane,2021-03-01,,16,,sex,extra cell"),
        (11, "age_group", "adult"),
        (13, "case_id", "SYN-111"),
        (14, "date", ""),
    }
    reasons = " ".join(p.reason for p in err.value.problems)
    for word in ("impossible date", "negative", "over 120", "future", "straddles 18", "disagrees"):
        assert word in reasons


@pytest.mark.parametrize("age_column", ["victim_age", "Age", "age_at_identification", "client_age", "Victim Age"])
@pytest.mark.parametrize("type_column", ["type", "trafficking_type", "ht_type"])
def test_common_column_names_are_recognised_and_count_the_same(tmp_path, age_column, type_column):
    """The fixture with its age and type columns renamed gives exactly the same rows: the minors'
    count is not lost under another name."""
    lines = RECORDS.read_text().splitlines()
    header = lines[0].split(",")
    header[header.index("age")] = age_column
    header[header.index("trafficking_type")] = type_column
    renamed = tmp_path / "renamed.csv"
    renamed.write_text("\n".join([",".join(header), *lines[1:]]) + "\n")
    from etl.ingest.rows import ColumnUse

    columns = ColumnUse()
    got = ingest("cases", renamed, "synthetic", columns=columns)
    pd.testing.assert_frame_equal(got, ingest("cases", RECORDS, "synthetic"))
    assert columns.used["age"] == age_column and columns.used["trafficking_type"] == type_column
    assert columns.unused == ["intake_worker"]


def test_two_columns_for_one_role_are_refused(tmp_path):
    lines = RECORDS.read_text().splitlines()
    both = tmp_path / "both.csv"
    both.write_text("\n".join([lines[0] + ",victim_age", *(line + ",40" for line in lines[1:] if line)]) + "\n")
    with pytest.raises(InputError, match="two columns give the age"):
        ingest("cases", both, "synthetic")


def test_the_command_line_names_every_column_it_did_not_use(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "out.csv"
    run = subprocess.run(
        [sys.executable, "-m", "etl.ingest", "cases", str(RECORDS), "-o", str(out), "--source-id", "synthetic"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "1 column(s) not used: 'intake_worker'" in run.stderr
    assert "'age' as age" in run.stderr and out.is_file()


def test_the_readme_lists_every_recognised_column_name():
    from etl.ingest.formats.cases import COLUMNS

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for role, names in COLUMNS.items():
        assert f"| `{role}` | " + ", ".join(f"`{n}`" for n in names) + " |" in readme, role
