"""/upload in headless Chromium: a messy county table, case records, an unknown county and junk.

The app runs in its own process with TMPDIR pointing at an empty folder and bytecode writing off.
After the tests that folder must still be empty, and the kernel's count of bytes the server process
wrote to storage (/proc/<pid>/io write_bytes, all threads) must not have grown since it started
serving: nothing an upload sent was written to any disk, wherever. (A git-status comparison was
tried and dropped: other people edit the working tree while the tests run.) Every test also refuses
console errors, 5xx answers and requests to other hosts. Screenshots: /tmp/upload_*.png, 1280x720.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, start_server, stop_server

pytestmark = pytest.mark.browser

FIXTURES = ROOT / "tests" / "fixtures" / "upload"
#: fips -> status as drawn on #upload-map (class traces are "reported").
DRAWN = """() => {
  const gd = document.querySelector('#upload-map .js-plotly-plot');
  if (!gd || !gd.data) return null;
  const out = {};
  for (const t of gd.data) {
    if (t.uid === 'selected') continue;
    (t.locations || []).forEach((loc, i) => {
      out[loc] = [t.uid.startsWith('class_') ? 'reported' : t.uid, t.uid.startsWith('class_') ? t.z[i] : null];
    });
  }
  return out;
}"""


def writes(log) -> list[str]:
    """Files the server opened for writing, as reported by its audit hook (tests/browser/audit_writes.py)."""
    return [line.decode(errors="replace").strip() for line in list(log) if line.startswith(b"AUDIT-WRITE")]


@pytest.fixture(scope="module")
def disk():
    """A private TMPDIR for the server, and what the server had written before any upload."""
    with tempfile.TemporaryDirectory(prefix="upload-tmpdir-") as tmp:
        yield {"tmp": Path(tmp)}


@pytest.fixture(scope="module")
def live_server(disk):
    """This module's own app process (overrides the session server): TMPDIR is an empty folder."""
    proc, base = start_server(
        {"TMPDIR": str(disk["tmp"]), "PYTHONDONTWRITEBYTECODE": "1"},
        script=str(Path(__file__).with_name("audit_writes.py")),
    )
    disk["log"] = proc.log_tail
    disk["writes_at_start"] = writes(proc.log_tail)
    yield base
    stop_server(proc)


def open_upload(page):
    page.goto(page.base + "/upload")
    page.wait_for_selector("#upload-data input[type=file]", state="attached")


def upload(page, files, expect_ok: bool, timeout: float = 20000):
    """Give the dcc.Upload a file (path or {name, mimeType, buffer}) and wait for the report."""
    before = page.evaluate("() => document.querySelector('#upload-status').textContent")
    page.set_input_files("#upload-data input[type=file]", files)
    page.wait_for_function(
        "(before) => { const s = document.querySelector('#upload-status').textContent; return s && s !== before; }",
        arg=before,
        timeout=timeout,
    )
    if expect_ok:
        page.wait_for_function(
            "() => !document.querySelector('#upload-results').hidden"
            " && document.querySelectorAll('#upload-map .choroplethlocation').length >= 72",
            timeout=timeout,
        )
    else:
        page.wait_for_function("() => document.querySelector('#upload-results').hidden", timeout=timeout)
    return page.inner_text("#upload-report")


def drawn(page) -> dict:
    return page.evaluate(DRAWN)


def assert_clean(page):
    assert page.watch.blocked == [], f"off-host requests: {page.watch.blocked}"
    assert page.watch.console_errors == [], page.watch.console_errors
    assert page.watch.server_errors == [], page.watch.server_errors


def table(page) -> dict[str, tuple[str, str, str]]:
    rows = page.eval_on_selector_all(
        "#upload-table-body tr", "rs => rs.map(r => Array.from(r.children).map(c => c.textContent))"
    )
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def test_messy_county_table(page):
    open_upload(page)
    assert "nothing is written to the server's disk" in page.inner_text("#upload-privacy")
    report = upload(page, str(FIXTURES / "synthetic_messy_county_table.csv"), expect_ok=True)
    assert "as a county table" in report and "detected because it has a column for each year" in report
    assert "8 rows of data read" in report and "7 rows used" in report
    assert "Counties matched: 7 of 72" in report
    assert "Fond du Lac" in page.inner_text("#upload-matched") and "St. Croix" in page.inner_text("#upload-matched")
    assert "Marked as suppressed in your file" in page.inner_text("#upload-suppressed")
    assert "Small-number suppression is off" in report
    got = drawn(page)
    assert len(got) == 72
    # latest year (2023): Milwaukee 1,002 reported; Eau Claire "—" not reported; St. Croix 14.
    assert got["55079"] == ["reported", 1002] and got["55035"][0] == "not_reported" and got["55109"] == ["reported", 14]
    assert got["55001"] == ["reported", 0]  # a printed 0 is a reported zero
    assert got["55003"][0] == "not_reported"  # Ashland: not in the file, never 0
    rows = table(page)
    assert rows["Eau Claire County"][1] == "Not reported" and rows["Milwaukee County"][0] == "1,002 records"
    assert rows["Milwaukee County"][2] == "Your uploaded file (synthetic_messy_county_table.csv)"
    assert page.inner_text("#upload-map-source") == "Source: Your uploaded file (synthetic_messy_county_table.csv)."
    # the year selector: 2022 has Dane suppressed ("<5") and Brown 12
    page.click("#upload-year-select")
    page.get_by_role("option", name="2022").click()
    page.wait_for_function("() => document.querySelector('#upload-map-title').textContent.endsWith('2022')")
    deadline = time.time() + 10
    while time.time() < deadline and drawn(page).get("55025", [None])[0] != "suppressed":
        time.sleep(0.1)
    got = drawn(page)
    assert got["55025"][0] == "suppressed" and got["55009"] == ["reported", 12]
    # the tidy download: statuses, notes and the policy version column
    with page.expect_download() as dl:
        page.click("#upload-download-button")
    text = Path(dl.value.path()).read_text(encoding="utf-8")
    assert dl.value.suggested_filename == "synthetic_messy_county_table_tidy.csv"
    assert text.splitlines()[0] == "fips,year,measure,value,value_status,unit,source_id,note,policy_version"
    assert "55025,2022,uploaded_values,,suppressed,records,your_upload" in text
    page.evaluate("() => document.querySelector('#upload-map-title').scrollIntoView()")
    page.screenshot(path="/tmp/upload_county_table.png")
    assert_clean(page)


def test_case_records(page):
    open_upload(page)
    report = upload(page, str(FIXTURES / "synthetic_cases.csv"), expect_ok=True)
    assert "as case records (one row per case)" in report
    assert "138 rows of data read" in report and "Every row with values was used" in report
    assert "Small-number suppression is on (always applied to case records)" in report
    assert "wi-ht-disclosure-2026.1" in report and "counts from 1 to 10" in report
    assert "Small counts (1 to 10) withheld" in page.inner_text("#upload-suppressed")
    got = drawn(page)
    assert got["55079"] == ["reported", 30] and got["55025"] == ["reported", 16]  # Milwaukee, Dane
    assert got["55101"][0] == "suppressed" and got["55059"][0] == "suppressed"  # Racine 4, Kenosha 3
    assert got["55003"][0] == "not_reported"  # no case, records do not cover the state: not 0
    assert all(v[1] is None or v[1] > 10 or v[1] == 0 for v in got.values())
    # the measure selector offers cases involving a minor
    options = page.evaluate("() => document.querySelector('#upload-measure-select').textContent")
    assert "Cases" in options
    page.evaluate("() => document.querySelector('#upload-map-title').scrollIntoView()")
    page.screenshot(path="/tmp/upload_cases_map.png")
    assert_clean(page)


def test_unknown_county_is_named_with_its_line(page):
    open_upload(page)
    report = upload(page, str(FIXTURES / "synthetic_unknown_county.csv"), expect_ok=True)
    assert "Rows not used: 2" in report
    assert "Not Wisconsin county names: \u201cAtlantis County\u201d" in page.inner_text("#upload-unknown-counties")
    cells = page.eval_on_selector_all(
        "#upload-not-used tbody tr", "rs => rs.map(r => Array.from(r.children).map(c => c.textContent))"
    )
    assert ["3", "County", "Atlantis County", "not a Wisconsin county: 'Atlantis County'"] in cells
    assert any(c[0] == "4" and c[2] == "twelve" for c in cells)
    got = drawn(page)
    assert got["55009"][0] == "not_reported"  # Brown's row was not used: not reported, not 0
    assert got["55025"] == ["reported", 44]
    page.locator("#upload-not-used").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/upload_unknown_county.png")
    assert_clean(page)


JUNK = [
    (
        {"name": "synthetic_junk.bin", "mimeType": "application/octet-stream", "buffer": bytes(range(256)) * 64},
        "not a text file",
    ),
    (
        {
            "name": "synthetic_table.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml" + b"\x00" * 200,
        },
        "Save As",
    ),
    ({"name": "synthetic_empty.csv", "mimeType": "text/csv", "buffer": b""}, "The file is empty"),
    (
        {"name": "synthetic_columns.csv", "mimeType": "text/csv", "buffer": b"name,amount\nfoo,1\nbar,2\n"},
        "No column named County",
    ),
    (
        {
            "name": "synthetic_big.csv",
            "mimeType": "text/csv",
            "buffer": b"County,2022\n" + b"Dane,1\n" * (6 * 1024 * 1024 // 7),
        },
        "too large",
    ),
]


@pytest.mark.parametrize("file,message", JUNK, ids=[j[0]["name"] for j in JUNK])
def test_junk_gets_a_clear_message(page, file, message):
    open_upload(page)
    report = upload(page, file, expect_ok=False)
    assert "This file could not be mapped" in report and message in report, report
    assert page.evaluate("() => document.querySelector('#upload-results').hidden")
    if file["name"] == "synthetic_table.xlsx":
        page.screenshot(path="/tmp/upload_error.png")
    assert_clean(page)


def test_a_good_file_after_junk_and_junk_after_a_good_file(page):
    open_upload(page)
    upload(page, JUNK[0][0], expect_ok=False)
    upload(page, str(FIXTURES / "synthetic_unknown_county.csv"), expect_ok=True)
    upload(page, JUNK[3][0], expect_ok=False)
    assert page.evaluate("() => document.querySelector('#upload-results').hidden")
    assert_clean(page)


def test_latin1_is_read_with_a_note(page):
    open_upload(page)
    report = upload(page, str(FIXTURES / "synthetic_latin1_county_table.csv"), expect_ok=True)
    assert "not UTF-8" in report and "Windows-1252" in report
    assert_clean(page)


def test_nothing_was_written_to_disk(disk, live_server):
    """Runs last in this module: the server's TMPDIR is empty and, after start-up, the server opened
    no file for writing (a Python audit hook reports every such open)."""
    assert list(disk["tmp"].iterdir()) == []
    assert writes(disk["log"]) == disk["writes_at_start"]
