"""Property-based and example tests of disclosure control (etl/ingest/disclosure.py, audit.py, policy.py).

Hypothesis generates random case sets (counties including Milwaukee, one to three years, minors
among cases). For each, the protected output must pass the audit on its own (no true counts given),
its witnesses must be valid readings of the publication that differ in the protected cell, no
count from 1 to 10 may be published directly or by subtraction (adults = all - minors, rest of
state = state - Milwaukee), and no published margin may hold exactly one suppressed cell. A naive
publication (small cells suppressed, nothing else) that leaves a cell alone in a margin must fail
the audit, and so must each hand-made leaky table below.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from etl.ingest.audit import audit, suppressed_interval, verify_witness
from etl.ingest.disclosure import protect
from etl.ingest.formats.cases import transform
from etl.ingest.output import tidy_frame
from etl.ingest.policy import load_policy

POLICY = load_policy()
PARTS = {"cases_total": ("cases_minor",)}
POOL = ["55079", "55025", "55009", "55109", "55001", "55087"]  # Milwaukee first


@st.composite
def case_sets(draw):
    years = draw(st.lists(st.integers(2018, 2022), min_size=1, max_size=3, unique=True))
    cases = []
    for year in years:
        for fips in POOL:
            total = draw(st.one_of(st.just(0), st.integers(1, 12), st.integers(11, 40)))
            minors = draw(st.integers(0, total))
            cases += [{"fips": fips, "year": year, "minor": i < minors, "age_known": True} for i in range(total)]
    if not cases:
        cases = [{"fips": "55079", "year": years[0], "minor": False, "age_known": True}]
    return cases, draw(st.booleans())


def _cells(frame: pd.DataFrame) -> dict:
    return {(r.fips, int(r.year), r.measure): r for r in frame.itertuples(index=False)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_sets())
def test_protected_output_of_random_case_sets_passes_the_audit(data):
    cases, covers_state = data
    truth = transform(cases, "synthetic_test", "cases", True, covers_state)
    published, _ = protect(truth, POLICY, parts=PARTS, not_reported_is_zero=True)
    published = tidy_frame(published)

    report = audit(published, POLICY, parts=PARTS, not_reported_is_zero=True)  # no true counts given
    assert report.ok, report.report()
    suppressed = published[published["value_status"] == "suppressed"]
    for key in map(tuple, suppressed[["fips", "year", "measure"]].values.tolist()):
        first, second = report.witnesses[key]
        assert first[key] != second[key]
        assert verify_witness(report.system, first) == [] and verify_witness(report.system, second) == []

    true = _cells(truth)
    cells = _cells(published)
    for key, row in cells.items():
        if row.value_status == "reported":
            assert row.value == true[key].value
            assert not 1 <= row.value <= 10
        if row.value_status == "suppressed":
            lo, hi = suppressed_interval(row.note, POLICY)
            assert lo <= true[key].value <= hi  # the stated interval is honest
        if key[2] == "cases_total":
            minor = cells[(key[0], key[1], "cases_minor")]
            if row.value_status == minor.value_status == "reported":
                assert not 1 <= row.value - minor.value <= 10  # adults not derivable as a small count
        if key[0] == "55" and row.value_status == "reported":
            counties = [c for k, c in cells.items() if k[1:] == key[1:] and k[0] != "55"]
            assert sum(c.value_status == "suppressed" for c in counties) != 1  # no lone suppressed cell
            milwaukee = cells[("55079", key[1], key[2])]
            if milwaukee.value_status == "reported":
                assert not 1 <= row.value - milwaukee.value <= 10  # rest of state not a small count


@settings(max_examples=60, deadline=None)
@given(case_sets())
def test_naive_suppression_with_a_lone_suppressed_cell_fails_the_audit(data):
    cases, covers_state = data
    truth = transform(cases, "synthetic_test", "cases", True, covers_state)
    naive = truth.copy()
    small = naive["value_status"].eq("reported") & naive["value"].between(1, 10)
    naive.loc[small, ["value", "value_status", "note"]] = [float("nan"), "suppressed", "suppressed (1-10)"]
    lone = False
    for _, group in naive.groupby(["year", "measure"]):
        state = group[group["fips"] == "55"]
        counties = group[group["fips"] != "55"]
        if state["value_status"].eq("reported").all() and counties["value_status"].eq("suppressed").sum() == 1:
            lone = True
    report = audit(naive, POLICY, parts=PARTS, not_reported_is_zero=True)
    if lone:
        assert not report.ok


def _table(cells: dict, measure: str = "cases_total") -> pd.DataFrame:
    """A small publication: {(fips, year): value or "s" (suppressed 1-10) or "c" (11 or more)}."""
    rows = []
    for (fips, year), value in cells.items():
        m = measure
        if isinstance(fips, tuple):
            fips, m = fips
        status = "suppressed" if value in ("s", "c") else "reported"
        note = {"s": "suppressed (1-10)", "c": "suppressed (11 or more): withheld"}.get(value)
        rows.append(
            {
                "fips": fips,
                "year": year,
                "measure": m,
                "value": None if status == "suppressed" else value,
                "value_status": status,
                "unit": "cases",
                "source_id": "synthetic_test",
                "note": note,
            }
        )
    return tidy_frame(rows)


LEAKY = {
    "the only suppressed county in a published state total": (
        {("55", 2021): 40, ("55079", 2021): 30, ("55025", 2021): "s", ("55009", 2021): 0},
        {},
    ),
    "two suppressed counties whose published sum is 2 (both must be 1)": (
        {("55", 2021): 2 + 30, ("55079", 2021): 30, ("55025", 2021): "s", ("55009", 2021): "s"},
        {},
    ),
    "adults = all cases - minors' cases is a small count": (
        {(("55025", "cases_total"), 2021): 15, (("55025", "cases_minor"), 2021): 12},
        PARTS,
    ),
    "rest of state = state - Milwaukee is a small count": (
        {("55", 2021): 35, ("55079", 2021): 30, ("55025", 2021): "s", ("55009", 2021): "s"},
        {},
    ),
    "a county's all-years total minus its published years": (
        {("55025", None): 30, ("55025", 2020): 25, ("55025", 2021): "s"},
        {},
    ),
    "a complementary cell pinned by its interval": (
        {("55", 2021): 12, ("55079", 2021): "c", ("55025", 2021): "s", ("55009", 2021): 0},
        {},
    ),
    "a small count published as a number": ({("55025", 2021): 4}, {}),
}


@pytest.mark.parametrize("name", LEAKY)
def test_leaky_tables_fail_the_audit(name):
    cells, parts = LEAKY[name]
    assert not audit(_table(cells), POLICY, parts=parts).ok, name


def test_a_safe_table_passes_and_each_suppressed_cell_has_a_range():
    table = _table(
        {("55", 2021): 45, ("55079", 2021): 30, ("55025", 2021): "s", ("55009", 2021): "s", ("55087", 2021): "c"}
    )
    report = audit(table, POLICY)
    assert report.ok, report.report()
    assert report.ranges[("55025", 2021, "cases_total")] == (1, 3)  # 45 - 30 - 11 - 1 at most, 1 at least
    assert report.ranges[("55087", 2021, "cases_total")] == (11, 13)


def test_policy_thresholds_come_from_the_configuration():
    policy = load_policy()
    assert (policy.suppress_min, policy.suppress_max) == (1, 10)
    assert policy.version
    assert policy.rate_allowed(20) and not policy.rate_allowed(19) and not policy.rate_allowed(None)
    assert policy.share_allowed(11, 22) and not policy.share_allowed(11, 21) and not policy.share_allowed(10, 40)
    assert not policy.share_allowed(15, 19)
    stricter = dataclasses.replace(POLICY, version="synthetic", suppress_max=15)
    assert stricter.is_small(12) and not POLICY.is_small(12) and not POLICY.is_small(0)


@st.composite
def small_publications(draw):
    """A state total with up to four counties, each reported or suppressed, totals and minors."""
    counties = draw(st.lists(st.sampled_from(POOL[1:5]), min_size=2, max_size=4, unique=True))
    cells, truth = {}, {}
    for fips in counties:
        total = draw(st.integers(0, 14))
        minor = draw(st.integers(0, total))
        truth[fips] = (total, minor)
        for measure, value in (("cases_total", total), ("cases_minor", minor)):
            cells[((fips, measure), 2021)] = "s" if POLICY.is_small(value) else value
    for measure, i in (("cases_total", 0), ("cases_minor", 1)):
        cells[(("55", measure), 2021)] = sum(v[i] for v in truth.values())
    return cells


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(small_publications())
def test_ranges_are_the_exact_integer_ranges(cells):
    """The audit's range of every suppressed cell equals its true min and max over every integer
    reading, found here by brute force over the cells' intervals."""
    import itertools

    suppressed = [(f, y, m) for ((f, m), y), v in cells.items() if v == "s"]
    assume(1 <= len(suppressed) <= 4)  # brute force over 10 values each stays small
    report = audit(_table(cells), POLICY, parts=PARTS)
    published = {(f, y, m): v for ((f, m), y), v in cells.items() if v != "s"}
    readings = []
    for combo in itertools.product(range(1, 11), repeat=len(suppressed)):
        values = published | dict(zip(suppressed, combo))
        if all(
            values[("55", 2021, m)] == sum(v for (f, _, mm), v in values.items() if mm == m and f != "55")
            for m in ("cases_total", "cases_minor")
        ) and all(
            values[(f, 2021, "cases_minor")] <= values[(f, 2021, "cases_total")]
            for f, _, m in values
            if f != "55" and m == "cases_total"
        ):
            readings.append(values)
    assert readings, "the true counts are a reading"
    for cell in suppressed:
        seen = [r[cell] for r in readings]
        assert report.ranges[cell] == (min(seen), max(seen)), cell
    determined = {c for c in suppressed if min(r[c] for r in readings) == max(r[c] for r in readings)}
    assert {e.cell for e in report.exposures if e.reason.startswith("exactly")} == determined
