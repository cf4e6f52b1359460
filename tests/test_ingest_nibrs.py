"""Tests for the nibrs-agency format (etl/ingest/formats/nibrs_agency.py) and the NIBRS tidy tables.

The oracle for the real file is computed here from the raw CSV with the csv module (the registered
county corrections read from data/sources.yaml), independently of the reader: every county-year
sum, status and agency count of the committed tables must equal it. The synthetic fixture keeps the
file's shape and mess (compact-file agencies, absent years, the nonstandard Milwaukee Police ORI,
an agency serving several counties); its counts are invented.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

import config
from etl import registry
from etl.counties import ALL_FIPS, STATE_FIPS
from etl.errors import InputError
from etl.ingest.formats import ingest, ingest_nibrs
from etl.ingest.formats.nibrs_agency import MEASURES
from etl.tables import read_tidy

FIXTURE = Path(__file__).parent / "fixtures" / "ingest" / "synthetic_nibrs_agency.csv"
ROOT = Path(__file__).resolve().parent.parent
SERVED = {"WI0450100": ("55015", "55087", "55139")}
CSA, IS = "commercial_sex_acts", "involuntary_servitude"


def registered():
    """The registered nibrs-agency raw file and its reader options (county corrections)."""
    files = registry.raw_files(registry.load_sources())
    (raw,) = [f for f in files if f.format == "nibrs-agency"]
    return raw


def oracle(path: Path, corrections: dict[str, str]) -> dict[tuple[str, int, str], float | None]:
    """(fips, year, measure) -> expected value (None: not reported), straight from the raw rows.

    An agency-year counts when it has agency_year_reported 1 or compact-file offense rows. A measure
    an agency-year cannot give (victims of a compact-file agency with offenses; arrestees of any
    compact-file agency) makes its county's and the state's value unknown.
    """
    place, read, values = {}, set(), defaultdict(dict)
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            key = (int(r["year"]), r["ori"])
            place[r["ori"]] = corrections.get(r["ori"], r["county_fips"])
            if r["measure"] == "agency_year_reported":
                if r["value"] == "1":
                    read.add(key)
            else:
                values[key][r["measure"]] = int(r["value"])
                if r["status"] == "read_compact":
                    read.add(key)

    def agency(key) -> dict[str, float | None]:
        v = values[key]
        out = {
            "nibrs_ht_offenses": v[f"offenses_{CSA}"] + v[f"offenses_{IS}"],
            f"nibrs_ht_offenses_{CSA}": v[f"offenses_{CSA}"],
            f"nibrs_ht_offenses_{IS}": v[f"offenses_{IS}"],
        }
        victims = [
            "nibrs_ht_victims",
            "nibrs_ht_victims_juvenile",
            "nibrs_ht_victims_adult",
            "nibrs_ht_victims_unknown_age",
        ]
        if f"victims_{CSA}" not in v:  # compact file: offenses only
            out |= dict.fromkeys(victims, 0 if out["nibrs_ht_offenses"] == 0 else None)
            return out | {"nibrs_ht_arrestees": None}
        juvenile = v[f"victims_{CSA}_juvenile"] + v[f"victims_{IS}_juvenile"]
        adult = v[f"victims_{CSA}_adult"] + v[f"victims_{IS}_adult"]
        total = v[f"victims_{CSA}"] + v[f"victims_{IS}"]
        return (
            out
            | dict(zip(victims, (total, juvenile, adult, total - juvenile - adult)))
            | {"nibrs_ht_arrestees": v[f"arrestees_{CSA}"] + v[f"arrestees_{IS}"]}
        )

    expected = {}
    years = sorted({y for y, _ in values} | {y for y, _ in read})
    for year in years:
        for fips in (*ALL_FIPS, STATE_FIPS):
            keys = [k for k in read if k[0] == year and (fips == STATE_FIPS or place[k[1]] == fips)]
            expected[(fips, year, "nibrs_ht_agencies_read")] = float(len(keys))
            for measure in MEASURES:
                if measure == "nibrs_ht_agencies_read":
                    continue
                got = [agency(k)[measure] for k in keys]
                expected[(fips, year, measure)] = None if not got or None in got else float(sum(got))
    return expected


def as_dict(frame: pd.DataFrame) -> dict[tuple[str, int, str], float | None]:
    return {
        (r.fips, int(r.year), r.measure): (None if r.value_status == "not_reported" else float(r.value))
        for r in frame.itertuples()
    }


def test_the_registered_file_gives_exactly_its_sums_per_county_year():
    raw = registered()
    want = oracle(raw.path, raw.options["county_corrections"])
    got = ingest("nibrs-agency", raw.path, raw.source_id, raw.options)
    assert as_dict(got) == want
    published = read_tidy(config.TIDY / "county_measures.csv", "county_measures")
    published = published[published["measure"].isin(list(MEASURES))]
    assert as_dict(published) == want
    # a value is missing exactly when it is not_reported, and no missing value became 0
    assert (published["value"].isna() == (published["value_status"] == "not_reported")).all()


def test_agency_rows_add_up_to_every_reported_county_and_state_value():
    cm = read_tidy(config.TIDY / "county_measures.csv", "county_measures")
    am = read_tidy(config.TIDY / "agency_measures.csv", "agency_measures")
    reported = am[am["value_status"] == "reported"]
    by_county = reported.groupby(["fips", "year", "measure"])["value"].sum()
    by_state = reported.groupby(["year", "measure"])["value"].sum()
    rows = cm[cm["measure"].isin(set(am["measure"])) & (cm["value_status"] == "reported")]
    assert len(rows) > 1000
    for r in rows.itertuples():
        total = (
            by_state.get((r.year, r.measure), 0)
            if r.fips == STATE_FIPS
            else by_county.get((r.fips, r.year, r.measure), 0)
        )
        assert total == r.value, (r.fips, r.year, r.measure)


def test_the_notes_say_how_many_agencies_a_value_rests_on_and_missing_is_never_zero():
    cm = read_tidy(config.TIDY / "county_measures.csv", "county_measures")
    nibrs = cm[cm["measure"].str.startswith("nibrs_") & (cm["measure"] != "nibrs_ht_agencies_read")]
    agencies = cm[cm["measure"] == "nibrs_ht_agencies_read"].set_index(["fips", "year"])["value"]
    for r in nibrs[nibrs["value_status"] == "reported"].itertuples():
        n = int(agencies[(r.fips, r.year)])
        assert f"{n} agenc" in r.note, (r.fips, r.year, r.measure, r.note)
    none_read = nibrs[nibrs.apply(lambda r: agencies[(r["fips"], r["year"])] == 0, axis=1)]
    assert len(none_read) and (none_read["value_status"] == "not_reported").all()
    assert none_read["note"].str.contains("no agency data read").all()
    assert none_read["value"].isna().all()
    state = nibrs[nibrs["fips"] == STATE_FIPS]
    assert state[state["value_status"] == "reported"]["note"].str.contains("not a complete Wisconsin total").all()


def test_milwaukee_police_2015_victims_are_not_reported_in_the_county_and_the_state():
    cm = read_tidy(config.TIDY / "county_measures.csv", "county_measures")
    rows = cm[(cm["year"] == 2015) & cm["fips"].isin(["55079", STATE_FIPS]) & (cm["measure"] == "nibrs_ht_victims")]
    assert len(rows) == 2 and (rows["value_status"] == "not_reported").all()
    assert rows["note"].str.contains("Milwaukee Police Department").all()
    offenses = cm[(cm["year"] == 2015) & (cm["fips"] == "55079") & (cm["measure"] == "nibrs_ht_offenses")]
    assert offenses["value_status"].tolist() == ["reported"]


def test_registered_corrections_place_agencies_by_their_ori_and_say_so():
    raw = registered()
    am = read_tidy(config.TIDY / "agency_measures.csv", "agency_measures")
    for ori, fips in raw.options["county_corrections"].items():
        rows = am[am["ori"] == ori]
        assert len(rows) and (rows["fips"] == fips).all()
        assert rows["note"].str.contains("county from the ORI; the transcription listed").all()


def test_synthetic_fixture_statuses_values_and_notes():
    county, agencies = ingest_nibrs(FIXTURE, "synthetic_nibrs", None, SERVED)
    got = as_dict(county)
    assert got == oracle(FIXTURE, {})
    # 2019: Milwaukee Police read from the compact file with offenses -> victims and arrestees unknown
    assert got[("55079", 2019, "nibrs_ht_offenses")] == 2
    assert got[("55079", 2019, "nibrs_ht_victims")] is None and got[("55079", 2019, "nibrs_ht_arrestees")] is None
    # Dane 2019: its only agency absent -> not reported, 0 agencies read (a fact, not a count of crime)
    assert got[("55025", 2019, "nibrs_ht_offenses")] is None and got[("55025", 2019, "nibrs_ht_agencies_read")] == 0
    # 2020 victims: 4 commercial sex acts + 1 involuntary servitude, split 2 / 2 / 1
    assert [got[("55079", 2020, f"nibrs_ht_victims{s}")] for s in ("", "_juvenile", "_adult", "_unknown_age")] == [
        5,
        2,
        2,
        1,
    ]
    assert got[(STATE_FIPS, 2020, "nibrs_ht_offenses")] == 5 and got[(STATE_FIPS, 2020, "nibrs_ht_agencies_read")] == 3
    notes = county.set_index(["fips", "year", "measure"])["note"]
    assert (
        "Synthetic Appleton Police also serves Calumet County and Winnebago County"
        in notes[("55087", 2020, "nibrs_ht_offenses")]
    )
    assert (
        "Synthetic Appleton Police serves part of this county and is counted in Outagamie County"
        in notes[("55015", 2020, "nibrs_ht_offenses")]
    )
    assert (
        "1 other agency of this county without a full year of NIBRS data in 2020"
        in notes[("55079", 2020, "nibrs_ht_offenses")]
    )
    mpd = agencies[(agencies["ori"] == "WIMPD0000") & (agencies["year"] == 2019)].set_index("measure")
    assert mpd.at["nibrs_ht_victims", "value_status"] == "not_reported"
    assert "victims not available" in mpd.at["nibrs_ht_victims", "note"]
    brown_deer = agencies[(agencies["ori"] == "WI0410200") & (agencies["year"] == 2019)].set_index("measure")
    assert brown_deer.at["nibrs_ht_victims", "value"] == 0  # no offense, so no victim linked to one
    absent = agencies[(agencies["ori"] == "WI0410200") & (agencies["year"] == 2020)]
    assert (absent["value_status"] == "not_reported").all() and absent["value"].isna().all()


def _broken(tmp_path: Path, line: int, column: str, value: str) -> Path:
    """A copy of the fixture with one cell replaced (line numbers as in the file, header = 1)."""
    with open(FIXTURE, encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    rows[line - 1][rows[0].index(column)] = value
    path = tmp_path / "broken.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return path


@pytest.mark.parametrize(
    "line,column,value,reason",
    [
        (2, "ori", "WI0990000", "unknown ORI"),
        (2, "ori", "XX1234567", "unknown ORI"),
        (5, "year", "20l9", "expected a year"),
        (5, "year", "1850", "expected a year"),
        (6, "value", "-1", "cannot be negative"),
        (6, "value", "1.5", "whole number"),
        (6, "value", "two", "whole number"),
        (2, "county_fips", "55009", "the ORI places it in"),
        (8, "county_fips", "55009", "this ORI is"),
        (8, "agency", "Another name", "this ORI is"),
        (8, "commit", "main", "provenance"),
        (8, "status", "estimated", "expected one of"),
        (8, "measure", "offenses_total", "expected one of"),
    ],
)
def test_bad_input_is_refused_with_file_line_and_column(tmp_path, line, column, value, reason):
    path = _broken(tmp_path, line, column, value)
    with pytest.raises(InputError) as err:
        ingest("nibrs-agency", path, "synthetic_nibrs")
    hits = [p for p in err.value.problems if p.column == column and reason in p.reason]
    assert hits, err.value.report()
    assert hits[0].file.endswith("broken.csv") and hits[0].line == line


def test_inconsistent_blocks_and_duplicates_are_refused(tmp_path):
    with open(FIXTURE, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    dup = tmp_path / "dup.csv"
    dup.write_text("\n".join(lines + [lines[9]]) + "\n")
    with pytest.raises(InputError, match="second row for this agency, year and measure"):
        ingest("nibrs-agency", dup, "synthetic_nibrs")
    # the 2020 Milwaukee Police block: commercial sex acts victims 4 = 2 + 1 + 1; make it 5
    victims_line = next(
        i
        for i, text in enumerate(lines, start=1)
        if text.startswith("2020,WIMPD0000") and ",victims_commercial_sex_acts,4," in text
    )
    with pytest.raises(InputError, match="juvenile \\+ adult \\+ unknown age"):
        ingest("nibrs-agency", _broken(tmp_path, victims_line, "value", "5"), "synthetic_nibrs")
    missing = tmp_path / "missing.csv"
    missing.write_text("\n".join(lines[:-1]) + "\n")  # drops the Madison 2020 block's last row
    with pytest.raises(InputError, match="should have exactly"):
        ingest("nibrs-agency", missing, "synthetic_nibrs")


def test_a_correction_must_name_the_oris_own_county(tmp_path):
    with pytest.raises(InputError, match="county the ORI itself gives"):
        ingest("nibrs-agency", FIXTURE, "synthetic_nibrs", {"county_corrections": {"WI0450100": "55015"}})
    with pytest.raises(InputError, match="needs no correction"):
        ingest("nibrs-agency", FIXTURE, "synthetic_nibrs", {"county_corrections": {"WI0450100": "55087"}})
    moved = tmp_path / "moved.csv"  # every Appleton row listed in Calumet County, against its ORI
    moved.write_text(
        FIXTURE.read_text().replace(",Synthetic Appleton Police,55087,", ",Synthetic Appleton Police,55015,")
    )
    with pytest.raises(InputError) as err:
        ingest("nibrs-agency", moved, "synthetic_nibrs")
    assert len(err.value.problems) == 1 and "the ORI places it in Outagamie County" in err.value.problems[0].reason
    fixed, agencies = ingest_nibrs(moved, "synthetic_nibrs", {"county_corrections": {"WI0450100": "55087"}})
    assert as_dict(fixed) == oracle(FIXTURE, {})
    assert agencies.loc[agencies["ori"] == "WI0450100", "note"].str.contains("listed Calumet County").all()


def test_the_cli_writes_nothing_on_bad_input_and_everything_on_good(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous output\n")
    bad = _broken(tmp_path, 6, "value", "-3")
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl.ingest",
            "nibrs-agency",
            str(bad),
            "-o",
            str(out),
            "--source-id",
            "synthetic_nibrs",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "line 6" in run.stderr and "'value'" in run.stderr
    assert out.read_text() == "previous output\n"
    good = subprocess.run(
        [
            sys.executable,
            "-m",
            "etl.ingest",
            "nibrs-agency",
            str(FIXTURE),
            "-o",
            str(out),
            "--source-id",
            "synthetic_nibrs",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0, good.stderr
    written = pd.read_csv(out, dtype={"fips": str})
    assert set(written["value_status"]) == {"reported", "not_reported"}
    assert len(written) == len(oracle(FIXTURE, {}))


def test_the_raw_file_of_the_real_source_is_refused_without_its_corrections():
    raw = registered()
    with pytest.raises(InputError) as err:
        ingest("nibrs-agency", raw.path, raw.source_id)
    assert {p.value for p in err.value.problems} == {
        # the county_fips the transcription lists for each corrected ORI, read from the raw file itself
        row["county_fips"]
        for row in csv.DictReader(open(raw.path, encoding="utf-8"))
        if row["ori"] in raw.options["county_corrections"]
    }
    assert len(err.value.problems) == len(raw.options["county_corrections"])  # once per agency, not per row
