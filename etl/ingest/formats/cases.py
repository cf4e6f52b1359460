"""`cases`: case-level records -> protected counts of cases per county and year.

Input: a CSV with one row per case, or one row per person with a `case_id` shared by the people
of one case. Columns, by role (COLUMNS lists every name each role is recognised by; names compare
case-, space- and hyphen-insensitively; any other column is not used, never copied, and listed as
not used so nobody loses a column silently):
- `county` (required): any common spelling, through etl.counties.county_fips;
- `date` (YYYY-MM-DD, M/D/YYYY or YYYY-MM) or `year` (at least one; both must agree);
- `age` (0-120) and/or `age_group` ("under 18", "0-17", "minor", "juvenile", "18+", "18-24",
  "adult", ...), optional; a case is a minor's case when any person in it is under 18;
- `trafficking_type` (sex, labor, sex and labor, unknown), optional, checked but not yet counted;
- `case_id`, optional: rows sharing it are one case and must agree on county and year.

Output measures (unit "cases"): `<prefix>_total` and, when ages are given, `<prefix>_minor`, for
every county and every year present in the records, plus a statewide row (fips "55") per year;
prefix defaults to "cases" (`--measure` changes it, so two organisations' records stay apart).

Absent counties. A county with no case in the records is a true 0 only if the records cover the
whole state; the caller says so with `covers_state` (`--covers-state` on the command line).
Without it such counties are not_reported ("no data, not zero"); the statewide row is then the
total of these records, and says so.

The disclosure policy always applies (etl.ingest.disclosure.protect), with the minors-within-all
relation as a margin, so adults = all - minors cannot reveal a small count either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict

import pandas as pd

from etl.counties import ALL_FIPS, STATE_FIPS, UnknownCounty, county_fips
from etl.errors import Problem, raise_if
from etl.ingest.disclosure import protect
from etl.ingest.output import tidy_frame
from etl.ingest.policy import Policy
from etl.ingest.rows import ColumnUse, Row, RowLog, fit, resolve_columns, split_header
from etl.metadata import YEAR_MAX, YEAR_MIN

#: role -> the column names it is recognised by (documented in the README, "Case records").
COLUMNS = {
    "county": ("county", "county_name", "county of residence", "county of identification"),
    "date": (
        "date",
        "case_date",
        "date_identified",
        "identification_date",
        "intake_date",
        "date_opened",
        "referral_date",
    ),
    "year": ("year", "case_year", "year_identified", "intake_year"),
    "age": (
        "age",
        "victim_age",
        "age_at_identification",
        "client_age",
        "age_at_intake",
        "age_at_referral",
        "survivor_age",
    ),
    "age_group": ("age_group", "age_range", "age_category", "age_band"),
    "trafficking_type": ("trafficking_type", "type", "ht_type", "type_of_trafficking", "trafficking"),
    "case_id": ("case_id", "case", "case_number", "case_no", "case_ref"),
}
UNIT = "cases"
AGE_MAX = 120
TYPES = {"sex", "labor", "labour", "sex and labor", "sex_and_labor", "sex and labour", "both", "unknown", ""}
MINOR_WORDS = {"minor", "minors", "juvenile", "child", "under 18", "under18", "<18", "17 and under", "0-17"}
ADULT_WORDS = {"adult", "adults", "18+", "18 and over", "18 and older", "over 18"}
_GROUP_RANGE = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$")
_GROUP_PLUS = re.compile(r"^(\d+)\s*(?:\+|and over|and older|or older)$")
_GROUP_UNDER = re.compile(r"^(?:under|<)\s*(\d+)$")
NOT_COVERED_NOTE = "no case in these records, which do not cover the whole state: no data, not zero"


def parse_date(text: str) -> tuple[int | None, str | None]:
    """(year, problem) from YYYY-MM-DD, M/D/YYYY or YYYY-MM; impossible or future dates are refused."""
    year, why = _date(text)
    return year, why["reason"] if why else None


def _date(text: str) -> tuple[int | None, dict | None]:
    """parse_date's (year, problem), the problem as Problem's reason, code and params."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            day = dt.date(*map(int, text.split("-")))
        elif re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            month, d, year = map(int, text.split("/"))
            day = dt.date(year, month, d)
        elif re.fullmatch(r"\d{4}-\d{1,2}", text):
            year, month = map(int, text.split("-"))
            day = dt.date(year, month, 1)
        else:
            return None, dict(reason="expected a date as YYYY-MM-DD, M/D/YYYY or YYYY-MM", code="bad_date")
    except ValueError as err:
        return None, dict(reason=f"impossible date ({err})", code="impossible_date", params={"error": str(err)})
    if day > dt.date.today():
        return None, dict(reason="date is in the future", code="future_date")
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        return None, dict(
            reason=f"expected a year {YEAR_MIN}-{YEAR_MAX}",
            code="year_out_of_range",
            params={"min": YEAR_MIN, "max": YEAR_MAX},
        )
    return day.year, None


def age_group_is_minor(text: str) -> tuple[bool | None, str | None]:
    """(is minor, problem) for an age group; (None, None) when empty or unknown."""
    minor, why = _age_group(text)
    return minor, why["reason"] if why else None


def _age_group(text: str) -> tuple[bool | None, dict | None]:
    """age_group_is_minor's (is minor, problem), the problem as Problem's reason, code and params."""
    straddles = dict(reason="age group straddles 18", code="age_group_straddles_18")
    plain = " ".join(text.split()).casefold()
    if plain in ("", "unknown", "not recorded"):
        return None, None
    if plain in MINOR_WORDS:
        return True, None
    if plain in ADULT_WORDS:
        return False, None
    if m := _GROUP_RANGE.match(plain):
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi or hi > AGE_MAX:
            return None, dict(reason="impossible age group", code="impossible_age_group")
        if hi < 18:
            return True, None
        if lo >= 18:
            return False, None
        return None, dict(
            reason="age group straddles 18: give the age or a group that is under 18 or 18 and over",
            code="age_range_straddles_18",
        )
    if m := _GROUP_PLUS.match(plain):
        return (False, None) if int(m.group(1)) >= 18 else (None, straddles)
    if m := _GROUP_UNDER.match(plain):
        return (True, None) if int(m.group(1)) <= 18 else (None, straddles)
    return None, dict(reason="not an age group (e.g. under 18, 0-17, 18+, 18-24, minor, adult)", code="bad_age_group")


def parse(
    rows: list[Row],
    file: str,
    source_id: str,
    options: dict,
    log: RowLog | None = None,
    *,
    policy: Policy,
    columns: ColumnUse | None = None,
) -> pd.DataFrame:
    """Parse and check the rows of case records, count cases, apply and prove the disclosure policy.

    Without `log` any problem refuses the whole file (InputError). With a `RowLog` (the /upload
    page) a row with a problem is left out and listed in `log.skipped` and the other rows are
    counted; a missing column, or no usable row at all, still refuses. `columns`, when given,
    receives which columns were used and which were not.
    """
    header, body, _ = split_header(rows, file)
    index, use = case_columns(header, file)
    if columns is not None:
        columns.used, columns.unused = use.used, use.unused
    cases = collect_cases(header, body, index, use.used, file, log)
    has_ages = "age" in index or "age_group" in index
    prefix = options.get("measure") or "cases"
    frame = transform(list(cases.values()), source_id, prefix, has_ages, bool(options.get("covers_state")))
    parts = {f"{prefix}_total": (f"{prefix}_minor",)} if has_ages else None
    protected, _ = protect(frame, policy, parts=parts, not_reported_is_zero=True)
    return tidy_frame(protected)


def case_columns(header: Row, file: str) -> tuple[dict[str, int], ColumnUse]:
    """Each role's column (see COLUMNS); refuses a file with no county, no date or year, or a role twice."""
    index, use, problems = resolve_columns(header, COLUMNS, file)
    if "county" not in index:
        problems.append(Problem(file, header.line, "county", None, "missing column", code="missing_county_column"))
    if "date" not in index and "year" not in index:
        problems.append(
            Problem(file, header.line, "date", None, "missing column: give date or year", code="no_date_column")
        )
    raise_if(problems)
    return index, use


def collect_cases(
    header: Row, body: list[Row], index: dict[str, int], names: dict[str, str], file: str, log: RowLog | None
) -> dict[object, dict]:
    """case id -> {fips, year, minor, age_known, line}, one entry per case; rows of one case merged."""
    problems: list[Problem] = []
    refuse = problems if log is None else log.skipped
    cases: dict[object, dict] = {}
    for n, row in enumerate(body):
        cells, problem = fit(row, len(header.cells), file)
        if problem:
            refuse.append(problem)
            continue
        get = {role: cells[i] for role, i in index.items()}
        record, found = read_case(get, names, row.line, file)
        if found:  # strict: they refuse the file; lenient: the row is left out and listed
            refuse.extend(found)
            continue
        case_id = get.get("case_id") or f"row {n}"
        if case_id in cases:
            first = cases[case_id]
            if (first["fips"], first["year"]) != (record["fips"], record["year"]):
                refuse.append(
                    Problem(
                        file,
                        row.line,
                        names.get("case_id"),
                        case_id,
                        f"case already recorded in another county or year (line {first['line']})",
                        code="case_elsewhere",
                        params={"first_line": first["line"]},
                    )
                )
                continue
            first["minor"] = first["minor"] or record["minor"]
            first["age_known"] = first["age_known"] or record["age_known"]
        else:
            cases[case_id] = record
        if log is not None:
            log.match(record["fips"], row.line, get["county"])
    if not cases and not problems:
        problems.append(
            Problem(
                file,
                None,
                None,
                None,
                **(
                    dict(reason="no usable case record in the file", code="no_usable_case")
                    if log and log.skipped
                    else dict(reason="no case records in the file", code="no_cases")
                ),
            )
        )
    raise_if(problems)
    return cases


def read_case(get: dict[str, str], names: dict[str, str], line: int, file: str) -> tuple[dict, list[Problem]]:
    """One row's case: county, year and whether a minor is involved; the row's problems (all of them)."""
    found: list[Problem] = []
    try:
        fips = county_fips(get["county"])
    except UnknownCounty as err:
        found.append(
            Problem(
                file,
                line,
                names["county"],
                get["county"],
                str(err),
                code="unknown_county",
                params={"name": get["county"]},
            )
        )
        fips = None
    year = _year(get, names, line, file, found)
    minor = _minor(get, names, line, file, found)
    if "trafficking_type" in get and " ".join(get["trafficking_type"].split()).casefold() not in TYPES:
        found.append(
            Problem(
                file,
                line,
                names["trafficking_type"],
                get["trafficking_type"],
                "expected sex, labor, sex and labor, or unknown",
                code="bad_trafficking_type",
            )
        )
    return {"fips": fips, "year": year, "minor": bool(minor), "age_known": minor is not None, "line": line}, found


def _year(get: dict[str, str], names: dict[str, str], line: int, file: str, found: list[Problem]) -> int | None:
    """The case's year from its date and/or year column, which must agree."""
    year = None
    if get.get("date", ""):
        year, why = _date(get["date"])
        if why:
            found.append(Problem(file, line, names["date"], get["date"], **why))
    if get.get("year", ""):
        text = get["year"].strip()
        y = int(text) if text.isdigit() else None
        if y is None or not YEAR_MIN <= y <= YEAR_MAX or y > dt.date.today().year:
            found.append(
                Problem(
                    file,
                    line,
                    names["year"],
                    text,
                    f"expected a year {YEAR_MIN}-{YEAR_MAX}, not in the future",
                    code="year_out_of_range_or_future",
                    params={"min": YEAR_MIN, "max": YEAR_MAX},
                )
            )
        elif year is not None and y != year:
            found.append(
                Problem(
                    file,
                    line,
                    names["year"],
                    text,
                    f"disagrees with the date ({year})",
                    code="year_disagrees_with_date",
                    params={"year": year},
                )
            )
        year = year or y
    elif not get.get("date", ""):
        found.append(
            Problem(file, line, names.get("date", names.get("year")), "", "no date or year", code="no_date_or_year")
        )
    return year


def _minor(get: dict[str, str], names: dict[str, str], line: int, file: str, found: list[Problem]) -> bool | None:
    """Whether the person is under 18, from the age and/or age group (which must agree); None if unknown."""
    minor = None
    if get.get("age", ""):
        text = get["age"].strip()
        if re.fullmatch(r"-\d+", text):
            found.append(Problem(file, line, names["age"], text, "impossible age: negative", code="negative_age"))
        elif not text.isdigit():
            found.append(Problem(file, line, names["age"], text, "expected an age in whole years", code="bad_age"))
        elif int(text) > AGE_MAX:
            found.append(
                Problem(
                    file,
                    line,
                    names["age"],
                    text,
                    f"impossible age: over {AGE_MAX}",
                    code="age_over_max",
                    params={"max": AGE_MAX},
                )
            )
        else:
            minor = int(text) < 18
    if "age_group" in get:
        group_minor, why = _age_group(get["age_group"])
        if why:
            found.append(Problem(file, line, names["age_group"], get["age_group"], **why))
        elif group_minor is not None and minor is not None and group_minor != minor:
            found.append(
                Problem(
                    file,
                    line,
                    names["age_group"],
                    get["age_group"],
                    f"disagrees with the age ({get['age']})",
                    code="age_group_disagrees_with_age",
                    params={"age": get["age"]},
                )
            )
        minor = minor if minor is not None else group_minor
    return minor


def transform(cases: list[dict], source_id: str, prefix: str, has_ages: bool, covers_state: bool) -> pd.DataFrame:
    """TRUE counts per county and year (and statewide) before disclosure control; never publish these."""
    total, minors = defaultdict(int), defaultdict(int)
    unknown_age = any(not c["age_known"] for c in cases)
    for case in cases:
        for fips in (case["fips"], STATE_FIPS):
            total[(fips, case["year"])] += 1
            minors[(fips, case["year"])] += case["minor"]
    measures = [(f"{prefix}_total", total)] + ([(f"{prefix}_minor", minors)] if has_ages else [])
    out = []
    for year in sorted({c["year"] for c in cases}):
        for fips in (*ALL_FIPS, STATE_FIPS):
            present = (fips, year) in total
            for measure, counts in measures:
                notes = []
                if fips == STATE_FIPS and not covers_state:
                    notes.append("total of these records, which do not cover the whole state")
                if measure.endswith("_minor") and unknown_age:
                    notes.append("cases with no recorded age are not counted as minors' cases")
                row = {"fips": fips, "year": year, "measure": measure, "unit": UNIT, "source_id": source_id}
                if present or covers_state:
                    row |= {"value": float(counts.get((fips, year), 0)), "value_status": "reported"}
                else:
                    row |= {"value": None, "value_status": "not_reported"}
                    notes.insert(0, NOT_COVERED_NOTE)
                row["note"] = "; ".join(notes) or None
                out.append(row)
    return tidy_frame(out)
