"""End to end: the three ingest formats through the command line and through `python -m etl`.

Runs against a TEMPORARY COPY of data/ (HT_DATA_DIR), with the synthetic fixtures registered in
that copy's sources.yaml; the real data/ is never touched. Stops at `python -m etl` writing
county_measures.csv with the right statuses (the map reads that file).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

from etl.ingest.policy import load_policy
from etl.translations import render_catalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PYTHON = sys.executable

SOURCE = """
- source_id: {source_id}
  publisher: Synthetic test fixture (not a real publisher)
  title: {title}
  url: https://example.org/synthetic-test-fixture
  published: ""
  date_note: ""
  accessed: "2026"
  kind: other
  licence: ""
  reports_on: ""
  seen_via: ""
  caveats: >-
    Invented numbers for tests only; never registered in the real data folder.
  raw:
    - path: synthetic/{file}
      format: {format}
{options}"""
SYNTHETIC_MEASURE = """
- measure: synthetic_cps_allegations
  label: Synthetic test measure (allegations)
  unit: allegations
  kind: count
  yearly: true
  rate_base: population_under18
  description: Invented allegations for the end-to-end test of the county-table format.
  caveat: Synthetic test data, never published.
"""


def run(args: list[str], data: Path, po: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, HT_DATA_DIR=str(data), PYTHONPATH=str(ROOT)) | ({"HT_DATA_PO": str(po)} if po else {})
    return subprocess.run([PYTHON, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def translate_placeholders(data: Path, po: Path) -> None:
    """A copy of the Spanish translations with every new text of `data` "translated" by a placeholder,
    as `python -m etl --update-translations` and a translator would (the real file is untouched)."""
    shutil.copy(ROOT / "locales" / "es" / "LC_MESSAGES" / "data.po", po)
    result = run(["-m", "etl", "--update-translations"], data, po)
    assert result.returncode == 0, result.stderr
    with open(po, "rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id and not message.string:
            message.string = f"[es] {message.id}"
    po.write_bytes(render_catalog(catalog))


@pytest.fixture
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def register(data: Path, entries: list[dict]) -> None:
    (data / "raw" / "synthetic").mkdir()
    text = ""
    for e in entries:
        shutil.copy(FIXTURES / e["file"], data / "raw" / "synthetic" / e["file"])
        options = "".join(f"      {k}: {v}\n" for k, v in e.get("options", {}).items())
        text += SOURCE.format(options=options, **{k: e[k] for k in ("source_id", "title", "file", "format")})
    with open(data / "sources.yaml", "a", encoding="utf-8") as fh:
        fh.write(text)
    with open(data / "measures.yaml", "a", encoding="utf-8") as fh:
        fh.write(SYNTHETIC_MEASURE)


ENTRIES = [
    {
        "source_id": "synthetic_test_fbi_cde",
        "title": "Synthetic FBI CDE human trafficking rows",
        "file": "synthetic_fbi_cde_ht.csv",
        "format": "fbi-cde-ht",
    },
    {
        "source_id": "synthetic_test_dcf_table",
        "title": "Synthetic transcribed county table",
        "file": "synthetic_county_table.csv",
        "format": "county-table",
        "options": {"measure": "synthetic_cps_allegations", "sensitive": "true"},
    },
    {
        "source_id": "synthetic_test_case_records",
        "title": "Synthetic case records",
        "file": "synthetic_case_records.csv",
        "format": "cases",
    },
]


def test_registered_files_reach_county_measures_with_their_statuses(data, tmp_path):
    register(data, ENTRIES)
    before = {p.name: p.read_bytes() for p in (data / "tidy").iterdir()}
    result = run(["-m", "etl"], data)
    assert result.returncode == 1  # the new sources' texts have no Spanish yet: nothing is published
    assert (
        "column 'sources.caveats': 'Invented numbers for tests only; never registered in the real data folder.': "
        "no Spanish translation for sources.csv row source_id=synthetic_test_case_records" in result.stderr
    )
    assert "column 'measures.label': 'Synthetic test measure (allegations)'" in result.stderr
    assert {p.name: p.read_bytes() for p in (data / "tidy").iterdir()} == before
    po = tmp_path / "data.po"
    translate_placeholders(data, po)
    result = run(["-m", "etl"], data, po)
    assert result.returncode == 0, result.stderr
    measures = pd.read_csv(data / "tidy" / "county_measures.csv", dtype=str, keep_default_na=False)
    version = load_policy().version

    fbi = measures[measures["source_id"] == "synthetic_test_fbi_cde"]
    assert set(fbi["measure"]) == {
        "fbi_ht_offenses",
        "fbi_ht_offenses_commercial_sex_acts",
        "fbi_ht_offenses_involuntary_servitude",
        "fbi_ht_cleared",
    }
    assert fbi.groupby(["year", "measure"]).size().eq(73).all()
    dane = fbi[(fbi["fips"] == "55025") & (fbi["year"] == "2020")].set_index("measure")
    assert dane.loc["fbi_ht_offenses_commercial_sex_acts", ["value", "value_status"]].tolist() == ["0", "reported"]
    assert (fbi[fbi["value_status"] == "not_reported"]["value"] == "").all()
    assert (fbi["policy_version"] == "").all()

    table = measures[measures["source_id"] == "synthetic_test_dcf_table"].set_index(["fips", "year"])
    assert table.loc[("55109", "2019"), ["value_status", "note"]].tolist() == [
        "suppressed",
        'suppressed in the source (1-4; marked "<5")',
    ]
    assert table.loc[("55035", "2021"), ["value", "value_status", "note"]].tolist() == [
        "",
        "suppressed",
        "suppressed (1-10)",
    ]
    assert table.loc[("55039", "2020"), "value_status"] == "not_reported"
    assert (table["policy_version"] == version).all()

    cases = measures[measures["source_id"] == "synthetic_test_case_records"]
    assert set(cases["value_status"]) == {"reported", "suppressed", "not_reported"}
    suppressed = cases[cases["value_status"] == "suppressed"]
    assert (suppressed["value"] == "").all() and suppressed["note"].str.startswith("suppressed (").all()
    assert (cases["policy_version"] == version).all()
    assert cases[cases["value_status"] == "reported"]["value"].astype(float).between(1, 10).sum() == 0

    # the measures table the map's selector reads knows every ingested measure
    listed = set(pd.read_csv(data / "tidy" / "measures.csv")["measure"])
    assert {"cases_total", "cases_minor", "synthetic_cps_allegations", "fbi_ht_offenses"} <= listed
    # and every new text is published with its Spanish beside it
    assert (table["note_es"] == "[es] " + table["note"]).where(table["note"] != "", True).all()


def test_a_bad_registered_file_stops_the_etl_and_leaves_tidy_untouched(data):
    register(
        data,
        [
            {
                "source_id": "synthetic_test_case_records",
                "title": "Synthetic bad case records",
                "file": "synthetic_case_records_bad.csv",
                "format": "cases",
            }
        ],
    )
    before = {p.name: p.read_bytes() for p in (data / "tidy").iterdir()}
    result = run(["-m", "etl"], data)
    assert result.returncode == 1
    assert "synthetic_case_records_bad.csv, line 3, column 'date': '2021-02-30'" in result.stderr
    assert {p.name: p.read_bytes() for p in (data / "tidy").iterdir()} == before


@pytest.mark.parametrize(
    "fmt, fixture, extra",
    [
        ("fbi-cde-ht", "synthetic_fbi_cde_ht.csv", []),
        ("county-table", "synthetic_county_table.csv", ["--measure", "synthetic_cps_allegations", "--sensitive"]),
        ("cases", "synthetic_case_records.csv", ["--covers-state"]),
    ],
)
def test_command_line_writes_the_same_rows_as_the_registry_reader(data, tmp_path, fmt, fixture, extra):
    with open(data / "measures.yaml", "a", encoding="utf-8") as fh:
        fh.write(SYNTHETIC_MEASURE)
    out = tmp_path / "out" / "rows.csv"
    result = run(
        ["-m", "etl.ingest", fmt, str(FIXTURES / fixture), "-o", str(out), "--source-id", "synthetic_x", *extra], data
    )
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(out, dtype={"fips": str, "year": "Int64", "note": object, "policy_version": object})
    assert list(written.columns) == [
        "fips",
        "year",
        "measure",
        "value",
        "value_status",
        "unit",
        "source_id",
        "note",
        "policy_version",
    ]
    assert (written["value"].isna() == written["value_status"].isin(["suppressed", "not_reported"])).all()
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_command_line_refuses_bad_input_and_writes_nothing(data, tmp_path):
    out = tmp_path / "rows.csv"
    out.write_text("previous contents\n")
    result = run(
        [
            "-m",
            "etl.ingest",
            "cases",
            str(FIXTURES / "synthetic_case_records_bad.csv"),
            "-o",
            str(out),
            "--source-id",
            "synthetic_x",
        ],
        data,
    )
    assert result.returncode == 1
    assert "12 problem(s)" in result.stderr
    assert "line 5, column 'age': '250': impossible age: over 120" in result.stderr
    assert out.read_text() == "previous contents\n"


def test_the_etl_pipeline_offers_the_three_ingest_formats():
    from etl.pipeline import measure_readers

    assert {"fbi-cde-ht", "county-table", "cases"} <= set(measure_readers())
