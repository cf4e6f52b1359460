"""`fbi-cde-ht`: the FBI Crime Data Explorer human trafficking agency-level CSV -> county offenses.

Input columns: DATA_YEAR, ORI, PUB_AGENCY_NAME, AGENCY_TYPE_NAME, STATE_ABBR, COUNTY_NAME,
OFFENSE_SUBCAT_NAME, ACTUAL_COUNT, UNFOUNDED_COUNT, CLEARED_COUNT, JUVENILE_CLEARED_COUNT.
Rows of other states are ignored. Output, for every Wisconsin county and every year in the file,
plus a statewide row (fips "55") per year:
- fbi_ht_offenses (ACTUAL_COUNT, all subcategories), fbi_ht_offenses_commercial_sex_acts,
  fbi_ht_offenses_involuntary_servitude, fbi_ht_cleared (CLEARED_COUNT, all subcategories).

Placing an agency in one county. An agency's counts go to its principal county so they are counted
once: a standard Wisconsin ORI is "WI" + the county's 3-digit number in the state's alphabetical
county list + 4 digits (WI0450100, Appleton: 045 = Outagamie; WI0130100, Madison: 013 = Dane), and
that number equals the county's position in FIPS order (Menominee, created in 1961, is 040 and
55078). ORIs that do not follow the pattern (WIMPD0000, Milwaukee PD) fall back to the first county
in COUNTY_NAME, which may list several counties separated by "; ". An agency whose COUNTY_NAME is
"NOT SPECIFIED" and whose ORI has no county number (state patrol, some tribal and state agencies)
cannot be placed: its counts are in the statewide row only, which says so in its note.

Statuses. A county with at least one agency row for a year is reported, zeros included (the
agency reported a zero). A county with no agency row is not_reported (no data, not zero), so the
map shows it distinctly; an offense type with no row in a county that has rows for the other type
is not_reported too. Notes name multi-county agencies and where their counts went.

Known defect: the legacy CDE bulk export inflates counts (most are multiples of 64; Milwaukee PD
shows 1,920 offenses in 2016 where the FBI's table gives 35 for the whole state). A file in which
most non-zero ACTUAL_COUNT values are multiples of 64 is refused rather than mapped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from etl.counties import ALL_FIPS, STATE_FIPS, UnknownCounty, county_fips, county_name
from etl.errors import Problem, raise_if
from etl.ingest.output import tidy_frame
from etl.ingest.rows import Row, fit, split_header
from etl.metadata import YEAR_MAX, YEAR_MIN

COLUMNS = (
    "DATA_YEAR",
    "ORI",
    "PUB_AGENCY_NAME",
    "AGENCY_TYPE_NAME",
    "STATE_ABBR",
    "COUNTY_NAME",
    "OFFENSE_SUBCAT_NAME",
    "ACTUAL_COUNT",
    "UNFOUNDED_COUNT",
    "CLEARED_COUNT",
    "JUVENILE_CLEARED_COUNT",
)
SUBCATS = {
    "commercial sex acts": "fbi_ht_offenses_commercial_sex_acts",
    "involuntary servitude": "fbi_ht_offenses_involuntary_servitude",
}
MEASURES = ("fbi_ht_offenses", *SUBCATS.values(), "fbi_ht_cleared")
UNIT = "offenses"
NOT_SPECIFIED = {"", "not specified", "unknown"}
_ORI = re.compile(r"^WI(\d{3})\d{4}$")
INFLATION_FACTOR = 64


def ori_county(ori: str) -> str | None:
    """The FIPS code a standard Wisconsin ORI names (WI0450100 -> 55087 Outagamie), else None."""
    m = _ORI.match(ori.strip().upper())
    if m and 1 <= int(m.group(1)) <= len(ALL_FIPS):
        return ALL_FIPS[int(m.group(1)) - 1]
    return None


def _count(text: str) -> int | None:
    text = text.replace(",", "").strip()
    return int(text) if text.isdigit() else None


@dataclass(frozen=True)
class AgencyRow:
    """One Wisconsin row of the file: an agency's year and offense type, placed in its principal county."""

    line: int
    year: int | None
    ori: str
    agency: str
    principal: str | None  # FIPS from the ORI's county number, else the first listed county
    listed: tuple[str, ...]  # the counties COUNTY_NAME lists
    subcat: str | None  # the offense-type measure
    actual: int | None
    cleared: int | None


def parse(rows: list[Row], file: str, source_id: str, options: dict) -> pd.DataFrame:
    """Parse, check and aggregate the rows of a CDE human trafficking CSV (any problem refuses)."""
    problems: list[Problem] = []
    header, body, index = split_header(rows, file)
    missing = [c for c in COLUMNS if c.casefold() not in index]
    raise_if([Problem(file, header.line, c, None, "missing column") for c in missing])
    agencies: list[AgencyRow] = []
    seen: dict[tuple, int] = {}
    for row in body:
        cells, problem = fit(row, len(header.cells), file)
        if problem:
            problems.append(problem)
            continue
        get = {c: cells[index[c.casefold()]] for c in COLUMNS}
        if get["STATE_ABBR"].upper() != "WI":
            continue
        agency, found = read_agency_row(get, row.line, file)
        problems += found
        dup = (agency.year, agency.ori, agency.subcat)
        if dup in seen:
            problems.append(
                Problem(
                    file,
                    row.line,
                    "ORI",
                    agency.ori,
                    "second row for this agency, year and offense "
                    f"type (first on line {seen[dup]}); counts would be added twice",
                )
            )
        seen.setdefault(dup, row.line)
        agencies.append(agency)
    if not agencies and not problems:
        problems.append(Problem(file, None, "STATE_ABBR", None, "no Wisconsin (WI) rows in the file"))
    problems += _inflation_problems(agencies, file)
    raise_if(problems)
    return tidy_frame(transform(agencies, source_id))


def read_agency_row(get: dict[str, str], line: int, file: str) -> tuple[AgencyRow, list[Problem]]:
    """One Wisconsin row as an AgencyRow, and every problem with its cells."""
    problems = []
    year = int(get["DATA_YEAR"]) if get["DATA_YEAR"].isdigit() else None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        problems.append(Problem(file, line, "DATA_YEAR", get["DATA_YEAR"], f"expected a year {YEAR_MIN}-{YEAR_MAX}"))
    subcat = SUBCATS.get(" ".join(get["OFFENSE_SUBCAT_NAME"].split()).casefold())
    if subcat is None:
        problems.append(
            Problem(
                file,
                line,
                "OFFENSE_SUBCAT_NAME",
                get["OFFENSE_SUBCAT_NAME"],
                "expected Commercial Sex Acts or Involuntary Servitude",
            )
        )
    counts = {}
    for column in ("ACTUAL_COUNT", "CLEARED_COUNT"):
        counts[column] = _count(get[column])
        if counts[column] is None:
            negative = get[column].strip().startswith("-")
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    get[column],
                    "a count cannot be negative" if negative else "expected a whole number of 0 or more",
                )
            )
    listed = []
    names = [n.strip() for n in get["COUNTY_NAME"].split(";")]
    if not (len(names) == 1 and names[0].casefold() in NOT_SPECIFIED):
        for name in names:
            try:
                listed.append(county_fips(name))
            except UnknownCounty as err:
                problems.append(
                    Problem(
                        file,
                        line,
                        "COUNTY_NAME",
                        get["COUNTY_NAME"],
                        str(err),
                        code="unknown_county",
                        params={"name": name},
                    )
                )
    ori = get["ORI"].strip().upper()
    if not ori:
        problems.append(Problem(file, line, "ORI", get["ORI"], "empty ORI"))
    principal = ori_county(ori) or (listed[0] if listed else None)
    return AgencyRow(
        line,
        year,
        ori,
        get["PUB_AGENCY_NAME"],
        principal,
        tuple(listed),
        subcat,
        counts["ACTUAL_COUNT"],
        counts["CLEARED_COUNT"],
    ), problems


def _inflation_problems(agencies: list[AgencyRow], file: str) -> list[Problem]:
    """The legacy export's inflated counts (most non-zero counts multiples of 64) refuse the file."""
    nonzero = [a.actual for a in agencies if a.actual]
    inflated = [v for v in nonzero if v % INFLATION_FACTOR == 0]
    if len(nonzero) >= 5 and len(inflated) * 2 >= len(nonzero):
        return [
            Problem(
                file,
                None,
                "ACTUAL_COUNT",
                sorted(set(inflated))[:5],
                f"{len(inflated)} of {len(nonzero)} non-zero counts are multiples of 64: this is the "
                "legacy CDE export whose counts are inflated; use its rows for presence only, or "
                "download the NIBRS human trafficking data instead",
            )
        ]
    return []


def transform(agencies: list[AgencyRow], source_id: str) -> list[dict]:
    """County and statewide rows from parsed agency rows (pure; see module docstring)."""
    years = sorted({a.year for a in agencies})
    sums: dict[tuple, float] = defaultdict(float)
    has_rows: set[tuple] = set()
    multi: dict[tuple, set] = defaultdict(set)  # (principal, year) -> agency descriptions
    elsewhere: dict[tuple, set] = defaultdict(set)  # (other listed county, year) -> agency descriptions
    unplaced: dict[int, set] = defaultdict(set)
    for row in agencies:
        year, ori, agency, principal, listed = row.year, row.ori, row.agency, row.principal, row.listed
        subcat, actual, cleared = row.subcat, row.actual, row.cleared
        places = [principal, STATE_FIPS] if principal else [STATE_FIPS]
        for fips in places:
            for measure, value in (("fbi_ht_offenses", actual), (subcat, actual), ("fbi_ht_cleared", cleared)):
                sums[(fips, year, measure)] += value
                has_rows.add((fips, year, measure))
        if principal is None:
            unplaced[year].add(f"{agency} ({ori})")
            continue
        others = [f for f in listed if f != principal]
        if listed and principal not in listed:
            multi[(principal, year)].add(
                f"{agency} ({ori}), placed here by the county number in its ORI although "
                f"the FBI file lists {', '.join(county_name(f) for f in listed)}"
            )
            others = []
        if others:
            where = county_name(principal)
            multi[(principal, year)].add(
                f"{agency} ({ori}), which also serves {', '.join(county_name(f) for f in others)}"
            )
            for f in others:
                elsewhere[(f, year)].add(f"{agency} ({ori}), which serves part of this county, is counted in {where}")
    out = []
    for year in years:
        for fips in (*ALL_FIPS, STATE_FIPS):
            for measure in MEASURES:
                key = (fips, year, measure)
                notes = []
                if fips == STATE_FIPS:
                    notes.append(
                        "sum of the Wisconsin agency rows in the file; agencies that did not report are not in it"
                    )
                    if unplaced[year]:
                        notes.append("includes agencies not tied to one county: " + "; ".join(sorted(unplaced[year])))
                else:
                    if multi[(fips, year)]:
                        notes.append(
                            "includes "
                            + "; ".join(sorted(multi[(fips, year)]))
                            + ": an agency is counted once, in its principal county"
                        )
                    notes += sorted(elsewhere[(fips, year)])
                if key in has_rows:
                    row = {"value": sums[key], "value_status": "reported"}
                else:
                    any_rows = (fips, year, "fbi_ht_offenses") in has_rows
                    notes.insert(
                        0,
                        "agencies in this county reported no row for this offense type: no data, not zero"
                        if any_rows
                        else f"no agency in this county reported human trafficking data for {year}: no data, not zero",
                    )
                    row = {"value": None, "value_status": "not_reported"}
                out.append(
                    {
                        "fips": fips,
                        "year": year,
                        "measure": measure,
                        **row,
                        "unit": UNIT,
                        "source_id": source_id,
                        "note": "; ".join(notes) or None,
                        "policy_version": None,
                    }
                )
    return out
