"""Issue 13's attacks on /upload, each reproduced with its bound asserted (limits from config.UPLOAD):
refusals before any reading starts, problem lists cut with a count, answers of at most 1 MB, a
linear totals check, and a child process that the operating system really stops at its CPU time
or memory limit, one upload at a time per worker.

Times are CPU seconds of this process (`time.process_time`), which other load on the machine does
not change; the child's limits are the operating system's.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import time

import pytest
from plotly.utils import PlotlyJSONEncoder

import app  # noqa: F401  (registers the pages)
import config
from components import upload_read, upload_sandbox
from etl.counties import ALL_FIPS, county_name
from etl.ingest.formats import ingest_text, units_of
from etl.ingest.rows import RowLog
from pages import upload as upload_page

LIMITS = config.UPLOAD
NAMES = [county_name(f).removesuffix(" County") for f in ALL_FIPS]


def data_url(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def answer(text: str, measure=None):
    """The upload callback's whole answer for `text`, and its size in bytes as JSON."""
    out = upload_page.read_upload({"contents": data_url(text), "filename": "attack.csv"}, None, measure, *[None] * 4)
    return out, len(json.dumps(out, cls=PlotlyJSONEncoder))


def report_text(report) -> str:
    return json.dumps(report, cls=PlotlyJSONEncoder)


def test_a_file_of_100000_unusable_rows_is_refused_before_reading():
    text = "County,2020\n" + "Nowhere,1\n" * 100_000  # 1 MB; the attack used 1.9 MB and took 26 s
    c0 = time.process_time()
    (report, rows, _), size = answer(text)
    assert time.process_time() - c0 < 2
    assert rows is None and size < 2_000
    assert f"up to {LIMITS.max_rows:,} rows" in report_text(report)


def test_five_megabytes_of_repeated_rows_are_refused_before_reading():
    text = "County,2020\n" + "Milwaukee,1\n" * (LIMITS.max_bytes // 13)
    assert len(text) <= LIMITS.max_bytes
    (report, rows, _), size = answer(text)
    assert rows is None and size < 2_000 and "rows at a time" in report_text(report)


def test_problems_are_listed_up_to_the_limit_and_counted():
    text = "County,2020\n" + "".join(f"Nowhere {i},1\n" for i in range(LIMITS.max_rows - 1))
    (report, rows, _), size = answer(text)
    assert size <= LIMITS.max_answer_bytes
    words = report_text(report)
    assert f"{LIMITS.max_rows - 1 - LIMITS.problems_listed:,} more not listed" in words
    assert words.count("Nowhere ") <= 2 * LIMITS.problems_listed  # each listed row: its value and its reason


def test_the_largest_upload_within_the_limits_answers_within_one_megabyte():
    lines = ["County,Year," + ",".join(f"measure {i}" for i in range(LIMITS.max_measures))]
    for year in range(2024 - LIMITS.max_years, 2024):
        lines += [
            f"{n},{year}," + ",".join(str(20 + (i * 7 + year) % 500) for i in range(LIMITS.max_measures)) for n in NAMES
        ]
    (report, rows, _), size = answer("\n".join(lines) + "\n")
    assert rows is not None and len(rows["rows"]) == LIMITS.max_years * LIMITS.max_measures * len(NAMES)
    assert size <= LIMITS.max_answer_bytes


@pytest.mark.parametrize(
    "header, why",
    [
        ("County," + ",".join(str(y) for y in range(1990, 1990 + LIMITS.max_years + 1)), "years at a time"),
        ("County,Year," + ",".join(f"m{i}" for i in range(LIMITS.max_measures + 1)), "measures"),
    ],
)
def test_too_many_years_or_measures_are_refused(header, why):
    width = header.count(",")
    year_column = ",Year," in header + ","
    lines = [header] + [
        f"{n}," + ("2020," if year_column else "") + ",".join(["5"] * (width - year_column)) for n in NAMES
    ]
    (report, rows, _), _ = answer("\n".join(lines) + "\n")
    assert rows is None and why in report_text(report)


def test_800_measure_columns_with_a_total_row():
    """Refused at once by the column limit; and the totals check itself is linear in the columns
    (the attack took 14 s when every statewide cell scanned every cell)."""
    header = "County," + ",".join(f"m{i}" for i in range(800))
    lines = [header] + [f"{n}," + ",".join(["5"] * 800) for n in NAMES] + ["Total," + ",".join(["360"] * 800)]
    text = "\n".join(lines) + "\n"
    (report, rows, _), size = answer(text)
    assert rows is None and size < 2_000 and f"up to {LIMITS.max_columns} columns" in report_text(report)
    from components import data as published

    c0 = time.process_time()
    frame = ingest_text(
        "county-table",
        text,
        "wide.csv",
        "src",
        {"measure": None, "unit": "records", "year": 2020},
        RowLog(),
        policy=published.policy(),
        units=units_of(published.measures()),
    )
    assert time.process_time() - c0 < 4 and len(frame) == 800 * (len(NAMES) + 1)


# --- the child process and its limits --------------------------------------------------------------


def _spin(*_args, **_kwargs):
    while True:
        pass


def _grow(*_args, **_kwargs):
    hoard = []
    while True:
        hoard.append(bytearray(50 * 1024 * 1024))


def test_the_cpu_limit_really_stops_the_work(monkeypatch):
    monkeypatch.setattr(upload_sandbox, "process", _spin)
    limits = dataclasses.replace(LIMITS, cpu_seconds=1)
    result = upload_sandbox.read_within_limits(data_url("County,2020\nDane,1\n"), "spin.csv", limits=limits)
    assert not result.ok and "seconds of computing" in result.error


def test_the_memory_limit_really_stops_the_work(monkeypatch):
    monkeypatch.setattr(upload_sandbox, "process", _grow)
    limits = dataclasses.replace(LIMITS, memory_bytes=200 * 1024 * 1024, cpu_seconds=5)
    result = upload_sandbox.read_within_limits(data_url("County,2020\nDane,1\n"), "grow.csv", limits=limits)
    assert not result.ok and result.error == upload_read.too_big_to_read()


def test_one_upload_at_a_time_per_worker_and_the_next_hears_busy_at_once():
    assert upload_sandbox._slots.acquire(blocking=False)
    try:
        c0 = time.process_time()
        result = upload_sandbox.read_within_limits(data_url("County,2020\nDane,1\n"), "second.csv")
        assert result.error == upload_sandbox.BUSY and time.process_time() - c0 < 0.5
    finally:
        upload_sandbox._slots.release()
    assert upload_sandbox.read_within_limits(data_url("County,2020\nDane,12\n"), "third.csv").ok


def test_an_honest_upload_is_read_in_the_child_with_the_same_result():
    text = "County,2020,2021\nDane,12,14\nMilwaukee,40,41\n"
    inline = upload_read.process(data_url(text), "same.csv")
    child = upload_sandbox.read_within_limits(data_url(text), "same.csv")
    assert child.ok and child.frame.equals(inline.frame)
