"""/upload as plain functions: decoding, refusals, detection, the in-memory ingest path (the same
frames as the file-based ETL), lenient reading, the report, the map payload, and the callbacks
never raising. Synthetic fixtures only (tests/fixtures/ingest, tests/fixtures/upload)."""

from __future__ import annotations

import base64
import random
from pathlib import Path

import pandas as pd
import pytest

from components import upload_map, upload_read
from components.upload_read import MAX_BYTES, decode_contents, decode_text, detect, process, refuse_binary
from components.upload_report import build_report, report_facts
from etl.counties import COUNTY_FIPS
from etl.errors import InputError
from etl.ingest.formats import ingest, units_of
from etl.ingest.formats import ingest_text as _ingest_text
from etl.ingest.output import COLUMNS, tidy_frame
from etl.ingest.policy import load_policy
from etl.ingest.rows import RowLog, parse_rows
from etl.registry import load_measures
from etl.tables import render_csv


def ingest_text(*args):
    """The in-memory reader with the ETL's own policy and units (data/*.yaml), as `ingest` uses them."""
    return _ingest_text(*args, policy=load_policy(), units=units_of(load_measures()))


ROOT = Path(__file__).resolve().parents[1]
INGEST = ROOT / "tests" / "fixtures" / "ingest"
UPLOAD = ROOT / "tests" / "fixtures" / "upload"


def data_url(data: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def upload(path_or_bytes, name=None, choice=None, **options):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return process(
        data_url(data), name or (path_or_bytes.name if isinstance(path_or_bytes, Path) else "x.csv"), choice, options
    )


def synthetic_cases(n: int, seed: int = 7) -> str:
    """n invented case records, skewed towards the larger counties as real records are."""
    r = random.Random(seed)
    names = sorted(COUNTY_FIPS.values())
    weights = [
        40 if c == "Milwaukee" else 8 if c in ("Dane", "Brown", "Waukesha", "Racine", "Kenosha") else 1 for c in names
    ]
    lines = ["case_id,county,date,age,trafficking_type"]
    for i in range(n):
        lines.append(
            f"SYN-{i:05d},{r.choices(names, weights)[0]},{r.choice([2019, 2020, 2021, 2022, 2023])}-"
            f"{r.randint(1, 12):02d}-{r.randint(1, 28):02d},{r.randint(10, 60)},{r.choice(['sex', 'labor'])}"
        )
    return "\n".join(lines) + "\n"


# --- one implementation: the in-memory path gives the ETL's frames ------------------------------


@pytest.mark.parametrize(
    "fmt,path,options",
    [
        ("county-table", INGEST / "synthetic_county_table.csv", {"measure": "cps_child_sex_trafficking_allegations"}),
        (
            "county-table",
            INGEST / "synthetic_county_table.csv",
            {"measure": "cps_child_sex_trafficking_allegations", "sensitive": True},
        ),
        ("cases", INGEST / "synthetic_case_records.csv", {}),
        ("cases", INGEST / "synthetic_case_records.csv", {"covers_state": True, "measure": "org"}),
        ("fbi-cde-ht", INGEST / "synthetic_fbi_cde_ht.csv", {}),
        ("cases", UPLOAD / "synthetic_cases.csv", {}),
    ],
)
def test_in_memory_ingest_equals_the_file_path(fmt, path, options):
    from_file = ingest(fmt, path, "synthetic", options)
    text = path.read_bytes().decode("utf-8-sig")
    pd.testing.assert_frame_equal(ingest_text(fmt, text, path.name, "synthetic", options), from_file)
    if fmt != "fbi-cde-ht":  # a clean file read leniently is the same too, with nothing skipped
        log = RowLog()
        pd.testing.assert_frame_equal(ingest_text(fmt, text, path.name, "synthetic", options, log), from_file)
        assert log.skipped == []


@pytest.mark.parametrize(
    "fmt,path",
    [("county-table", INGEST / "synthetic_county_table_bad.csv"), ("cases", INGEST / "synthetic_case_records_bad.csv")],
)
def test_strict_in_memory_problems_equal_the_file_path(fmt, path):
    options = {"measure": "x_values", "unit": "reports"} if fmt == "county-table" else {}
    with pytest.raises(InputError) as from_file:
        ingest(fmt, path, "x", options)
    with pytest.raises(InputError) as from_text:
        ingest_text(fmt, path.read_text(encoding="utf-8"), "tests/fixtures/ingest/" + path.name, "x", options)
    assert [(p.line, p.column, p.value, p.reason) for p in from_text.value.problems] == [
        (p.line, p.column, p.value, p.reason) for p in from_file.value.problems
    ]


def test_lenient_reading_lists_every_bad_row_and_keeps_the_rest():
    path = INGEST / "synthetic_case_records_bad.csv"
    with pytest.raises(InputError) as strict:
        ingest("cases", path, "x")
    log = RowLog()
    try:
        ingest_text("cases", path.read_text(encoding="utf-8"), path.name, "x", {}, log)
    except InputError:
        pass  # every row of this file is bad: nothing left to count
    assert sorted((p.line, p.reason) for p in log.skipped) == sorted((p.line, p.reason) for p in strict.value.problems)


def test_unknown_county_row_is_left_out_and_named():
    result = upload(UPLOAD / "synthetic_unknown_county.csv")
    assert result.ok
    facts = report_facts(result)
    assert (3, "County", "Atlantis County", "not a Wisconsin county: 'Atlantis County'") in facts["not_used"]
    assert facts["counties_matched"] == ["Dane County", "Milwaukee County"]
    brown = result.frame[result.frame["fips"] == "55009"]
    assert set(brown["value_status"]) == {"not_reported"} and brown["value"].isna().all()
    assert "line 4 was not used" in brown["note"].iloc[0]


def test_a_total_that_disagrees_after_rows_are_left_out_is_left_out_too():
    text = "County,2022\nDane,40\nAtlantis,5\nMilwaukee,300\nStatewide total,345\n"
    result = upload(text.encode())
    assert result.ok
    reasons = {p.line: p.reason for p in result.log.skipped}
    assert "not a Wisconsin county" in reasons[3] and "the total says 345" in reasons[5]
    assert "55" not in set(result.frame["fips"])


# --- decoding and refusals ----------------------------------------------------------------------


def test_size_is_checked_before_and_after_decoding():
    assert decode_contents(data_url(b"a" * MAX_BYTES))[0] is not None
    data, error = decode_contents(data_url(b"a" * (MAX_BYTES + 1)))
    assert data is None and "too large" in error and "5 MB" in error
    data, error = decode_contents("data:text/csv;base64," + "A" * (upload_read.MAX_BASE64 + 4))
    assert data is None and "too large" in error
    for junk in (None, 42, "", "no comma", "data:text/csv;base64,@@@", ["data:,"], {"a": 1}):
        data, error = decode_contents(junk)
        assert data is None and error


@pytest.mark.parametrize(
    "data,name,words",
    [
        (b"", "x.csv", "empty"),
        (b"\r\n \n", "x.csv", "empty"),
        (b"PK\x03\x04\x14\x00[Content_Types].xml", "table.xlsx", "Save As"),
        (b"PK\x03\x04\x14\x00", "table.zip", "compressed"),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 50, "old.xls", "Save As"),
        (b"County,2022\nDane,4\n", "renamed.xlsx", "Save As"),
        (b"%PDF-1.7 ...", "report.pdf", "PDF"),
        (b"County\x00,2022\n", "x.csv", "binary"),
    ],
)
def test_binary_and_spreadsheets_are_refused_with_a_reason(data, name, words):
    assert words in refuse_binary(data, name)
    result = upload(data, name)
    assert not result.ok and words in result.error


def test_text_is_utf8_then_windows1252_then_latin1():
    assert decode_text("County\nSt. Croix\n".encode("utf-8-sig"), "x") == ("County\nSt. Croix\n", None, None)
    text, note, error = decode_text("Title: Données\nCounty,2022\n".encode("cp1252"), "x")
    assert text.startswith("Title: Données") and "Windows-1252" in note and "line 1" in note and error is None
    text, note, error = decode_text(b"Title \x81\x8d\nCounty,2022\n", "x")  # not cp1252: Latin-1
    assert "Latin-1" in note and error is None
    assert decode_text(bytes(range(1, 32)) * 10, "x")[2]  # control characters: not text


def test_latin1_file_maps_with_a_note():
    result = upload(UPLOAD / "synthetic_latin1_county_table.csv")
    assert result.ok and "not UTF-8" in result.encoding_note
    assert result.frame.set_index("fips").loc["55079", "value"] == 300


@pytest.mark.parametrize(
    "text,words",
    [
        ("name,amount\nfoo,1\n", "No column named County"),
        ("County\nDane\n", "no year, date or value columns"),
        ("County,Reports (2023)\nDane,4\n", "not a year, Total, Year or a measure id"),
        ("County,reports\nDane,4\n", "needs a Year column or a year (in the box above)"),
    ],
)
def test_wrong_or_missing_columns_get_a_message(text, words):
    result = upload(text.encode())
    assert not result.ok
    said = " ".join([result.error] + [upload_read.page_reason(p) for p in result.problems])
    assert words in said, said
    assert "--" not in said  # no command-line flags on the page


# --- detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,fmt",
    [
        ("County,2019,2020\nDane,1,2\n", "county-table"),
        ("Title line\n\nCounty,2019,2020a,Total\nDane,1,2,3\n", "county-table"),
        ("County,Year,reports\nDane,2022,4\nBrown,2022,5\n", "county-table"),
        ("County,reports\nDane,4\n", "county-table"),
        ("case_id,county,date\n1,Dane,2022-01-01\n", "cases"),
        ("county,year,age_group\nDane,2022,minor\n", "cases"),
        ("County,Year\nDane,2022\nDane,2022\n", "cases"),
        ("County,Year,office\nDane,2022,north\nDane,2022,south\n", "cases"),
        ("name,amount\nfoo,1\n", None),
    ],
)
def test_detection_from_the_columns(text, fmt):
    rows, _ = parse_rows(text, "x")
    assert detect(rows)[0] == fmt


def test_the_person_can_override_the_guess():
    text = b"County,Year\nDane,2022\nMilwaukee,2022\n"
    assert upload(text).fmt == "cases"
    forced = upload(text, choice="county-table")
    assert forced.fmt == "county-table" and forced.overridden and not forced.ok


# --- disclosure ---------------------------------------------------------------------------------


def test_cases_are_always_protected_and_say_so():
    result = upload(UPLOAD / "synthetic_cases.csv")
    policy = load_policy()
    assert result.ok and result.policy == policy
    counties = result.frame[result.frame["fips"] != "55"]
    shown = counties.loc[counties["value_status"] == "reported", "value"]
    assert not shown.map(policy.is_small).any()
    assert set(result.frame["policy_version"].dropna()) == {policy.version}
    text = text_of(build_report(result))
    assert policy.version in text and f"counts from {policy.suppress_min} to {policy.suppress_max}" in text


def test_sensitive_county_table_is_protected_only_when_asked():
    plain = upload(UPLOAD / "synthetic_messy_county_table.csv")
    sensitive = upload(UPLOAD / "synthetic_messy_county_table.csv", sensitive=True)
    assert plain.policy is None and plain.frame["policy_version"].isna().all()
    assert sensitive.policy is not None
    brown_2022 = sensitive.frame.set_index(["fips", "year"]).loc[("55009", 2022)]
    assert brown_2022["value_status"] == "reported"  # 12 is above the small range
    small = sensitive.frame[(sensitive.frame["value_status"] == "reported") & (sensitive.frame["fips"] != "55")]
    assert not small["value"].map(load_policy().is_small).any()


def test_2000_case_records_are_mapped_and_protected():
    """A realistic upload is audited and mapped (its time is measured by `python -m bench`, not here)."""
    result = upload(synthetic_cases(2000).encode(), "synthetic_2000.csv")
    assert result.ok and result.rows_read == 2000
    assert result.policy is not None and "suppressed" in set(result.frame["value_status"])


def text_of(node) -> str:
    """Every string in a Dash component tree (repr truncates, so walk it)."""
    from dash.development.base_component import Component

    if isinstance(node, (list, tuple)):
        return " ".join(text_of(n) for n in node)
    if isinstance(node, Component):
        return text_of(getattr(node, "children", None))
    return "" if node is None else str(node)


def test_report_of_the_messy_table():
    result = upload(UPLOAD / "synthetic_messy_county_table.csv")
    facts = report_facts(result)
    assert facts["rows_read"] == 8 and facts["rows_not_used"] == 0 and facts["lines_without_data"] == 1
    assert len(facts["counties_matched"]) == 7 and "St. Croix County" in facts["counties_matched"]
    assert facts["suppressed"] == [("Marked as suppressed in your file (for example <5, 1-4 or *)", 2)]
    text = text_of(build_report(result))
    assert "Small-number suppression is off" in text and "\u201cSt Croix\u201d \u2192 St. Croix County" in text
    assert "1 spelling matched" in text


def test_file_text_reaches_the_report_as_text_only():
    evil = "<img src=x onerror=alert(1)>"
    result = upload(f"County,2022\n{evil},4\nDane,5\n".encode(), name=f"{evil}.csv")
    assert result.ok
    assert evil in text_of(build_report(result))  # shown, as a plain string child (React renders it as text)
    assert "dangerously" not in repr(build_report(result))


def test_payload_round_trip_and_download_equals_the_etl_csv():
    result = upload(UPLOAD / "synthetic_cases.csv")
    store = upload_map.payload(result)
    frame = upload_map.frame_of(store)
    pd.testing.assert_frame_equal(frame, tidy_frame(result.frame))
    etl = ingest("cases", UPLOAD / "synthetic_cases.csv", "your_upload")
    assert upload_map.tidy_csv(frame) == render_csv("county_measures", etl, COLUMNS).decode()
    catalog = upload_map.upload_catalog(frame, upload_map.labels_of(store, frame))
    assert list(catalog.measures) == ["cases_total", "cases_minor"]
    info, year = upload_map.choose(catalog, None, None)
    view = upload_map.upload_view(frame, info, year, "synthetic_cases.csv")
    assert len(view.counties) == 72 and {c.publisher for c in view.counties if c.source_id} == {
        "Your uploaded file (synthetic_cases.csv)"
    }
    assert upload_map.download_name("../my file.v2.csv") == "my_file_v2_tidy.csv"


@pytest.mark.parametrize(
    "store",
    [
        None,
        1,
        "x",
        [],
        {},
        {"rows": "x"},
        {"rows": [1]},
        {"rows": [{"evil": 1}]},
        {"rows": [{"fips": 5, "year": 2020, "measure": "m", "value_status": "reported"}]},
        {"rows": [{"fips": "55025", "year": "abc", "measure": "m", "value_status": "reported"}]},
        {"rows": [{"fips": "55025", "year": 2020, "measure": "m", "value": 1, "value_status": "bogus"}]},
    ],
)
def test_hostile_store_is_ignored(store):
    assert upload_map.frame_of(store) is None


def test_callbacks_never_raise():
    import app  # noqa: F401  (registers the pages)
    import pages.upload as page

    hostile = [
        None,
        1,
        "x",
        [],
        {},
        {"contents": 5},
        {"contents": "data:,", "filename": ["a"]},
        {"too_big": True},
        {"too_big": 10**12, "filename": "<b>x</b>"},
    ]
    for file in hostile:
        page.read_upload(file, "auto", None, None, None, None, None)
        page.read_upload(file, 5, ["x"], {"a": 1}, "2022", "sensitive", {"x": 1})
    good = {"contents": data_url((UPLOAD / "synthetic_cases.csv").read_bytes()), "filename": "synthetic_cases.csv"}
    report, rows, status = page.read_upload(good, "auto", "uploaded_values", "records", None, [], [])
    assert rows and "138 rows read" in status
    for store in (None, {}, {"rows": [{}]}, rows):
        for measure, year in ((None, None), ("nope", 1850), ([], {}), ("cases_minor", 2023)):
            page.show_upload_map(store, measure, year)
            page.download_upload(1, store)


def test_upload_reads_common_age_names_and_lists_unused_columns():
    text = "Case ID,County,Year,Victim Age,Type,Notes\n" + "".join(
        f"C{i},{county},2022,{age},sex,private note\n"
        for i, (county, age) in enumerate([("Dane", 15), ("Dane", 30)] * 12)
    )
    result = upload(text.encode(), "records.csv")
    assert result.ok and result.fmt == "cases"
    assert result.columns.used["age"] == "Victim Age" and result.columns.unused == ["Notes"]
    minors = result.frame[(result.frame["measure"] == "cases_minor") & (result.frame["fips"] == "55025")]
    assert minors["value"].tolist() == [12.0]  # the minors' count is there, not silently lost
    report = str(build_report(result))
    assert "Victim Age" in report and "1 column not used" in report and "Notes" in report
