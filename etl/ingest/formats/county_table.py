"""`county-table`: a county table transcribed from a report -> county rows with statuses.

Accepted shapes (the header is the first row with a "County" cell; anything above it, such as a
title line, is skipped, and so are blank lines and one-cell note lines such as "Source: ..."):
- county by year: `County, 2019, 2020, 2021[, Total]`; the measure comes from `--measure`;
- county by measure: `County[, Year], measure_a, measure_b`; the year comes from a Year column or
  `--year`; a column named Value/Count/Number takes the `--measure` name.
Cells are read by `etl.ingest.cells.parse_cell` (thousands separators, footnote markers,
suppression and missing markers). County names go through `etl.counties.county_fips`; an unknown
name is an error. A total row (Total, Statewide, Statewide total, State total, Wisconsin) is never
stored as a county: it becomes the statewide row (fips "55") and is checked against the county
sum when every county cell is reported (and against the sum of reported and suppressed lower
bounds otherwise). A Total column across years is checked the same way and not stored.

Output: every one of the 72 counties for every year (a county the table leaves out is
not_reported), plus the statewide row when the table has one. With `sensitive`, the disclosure
policy is applied and proven (etl.ingest.disclosure) before anything is returned.
"""

from __future__ import annotations

import re

import pandas as pd

from etl.counties import ALL_FIPS, STATE_FIPS, UnknownCounty, county_fips
from etl.errors import Problem, raise_if
from etl.ingest.cells import parse_cell
from etl.ingest.output import tidy_frame
from etl.ingest.policy import Policy, load_policy
from etl.ingest.rows import Row, RowLog, fit
from etl.metadata import YEAR_MAX, YEAR_MIN

COUNTY_HEADERS = {"county", "county name", "counties", "county of residence", "county of report"}
TOTAL_NAMES = {
    "total",
    "statewide",
    "statewide total",
    "state total",
    "wisconsin",
    "wisconsin total",
    "state of wisconsin",
    "all counties",
    "grand total",
}
TOTAL_COLUMNS = {"total", "all years", "total all years"}
VALUE_COLUMNS = {"value", "count", "number", "n", "allegations", "cases"}
_MARKER = re.compile(r"\s*(\*+|†|‡|\([a-z0-9]\)|\[[a-z0-9]\])$", re.I)
_YEAR = re.compile(r"^(\d{4})\s*([a-z]|\*+|†|‡|\([a-z0-9]\))?$", re.I)
_MEASURE = re.compile(r"^[a-z][a-z0-9_]*$")
MISSING_COUNTY_NOTE = "county not in the source table: no data, not zero"
DROPPED_ROW_NOTE = "the row on line {line} was not used (it has a problem): no data, not zero"


def _plain(text: str) -> str:
    """A header or row label without footnote markers or a trailing colon, case-folded."""
    return _MARKER.sub("", " ".join(text.split())).rstrip(":").strip().casefold()


def _is_total(label: str) -> bool:
    plain = _plain(label)
    return plain in TOTAL_NAMES or re.sub(r"\s+\d{4}.*$", "", plain) in TOTAL_NAMES


def parse(
    rows: list[Row],
    file: str,
    source_id: str,
    options: dict,
    units: dict[str, tuple[str, str]],
    log: RowLog | None = None,
    *,
    policy: Policy | None = None,
) -> pd.DataFrame:
    """Parse and check the rows of a county table (see the module docstring).

    Without `log` any problem refuses the whole table (InputError). With a `RowLog` (the /upload
    page) a row with a problem is left out and listed in `log.skipped`, a statewide row or Total
    column that disagrees with the rows used is left out the same way, and the rest is returned;
    problems with the header still refuse.
    """
    problems: list[Problem] = []
    header = next((r for r in rows if any(_plain(c) in COUNTY_HEADERS for c in r.cells)), None)
    if header is None:
        raise_if([Problem(file, None, None, None, "no header row with a County column")])
    width = len(header.cells)
    county_col = next(i for i, c in enumerate(header.cells) if _plain(c) in COUNTY_HEADERS)

    option_measure = options.get("measure")
    option_year = options.get("year")
    columns: list[tuple[int, str, object]] = []  # (position, role, year or measure)
    year_col = None
    for i, name in enumerate(header.cells):
        if i == county_col:
            continue
        plain = _plain(name)
        if m := _YEAR.match(name):
            year = int(m.group(1))
            if not YEAR_MIN <= year <= YEAR_MAX:
                problems.append(Problem(file, header.line, name, name, f"expected a year {YEAR_MIN}-{YEAR_MAX}"))
            columns.append((i, "year", year))
        elif plain == "year":
            year_col = i
        elif plain in TOTAL_COLUMNS:
            columns.append((i, "total", None))
        elif plain in VALUE_COLUMNS:
            if not option_measure:
                problems.append(Problem(file, header.line, name, name, "a value column needs --measure NAME"))
            columns.append((i, "measure", option_measure))
        elif plain == "":
            columns.append((i, "empty", None))
        else:
            measure = plain.replace(" ", "_").replace("-", "_")
            if not _MEASURE.match(measure):
                problems.append(Problem(file, header.line, name, name, "not a year, Total, Year or a measure id"))
            columns.append((i, "measure", measure))
    roles = {role for _, role, _ in columns}
    if "year" in roles and "measure" in roles:
        problems.append(
            Problem(
                file, header.line, None, ",".join(header.cells), "the header mixes year columns and measure columns"
            )
        )
    if "year" in roles and not option_measure:
        problems.append(
            Problem(file, header.line, None, ",".join(header.cells), "a county-by-year table needs --measure NAME")
        )
    if "measure" in roles and year_col is None and option_year is None:
        problems.append(
            Problem(
                file,
                header.line,
                None,
                ",".join(header.cells),
                "a county-by-measure table needs a Year column or --year YEAR",
            )
        )
    if not roles & {"year", "measure"}:
        problems.append(
            Problem(
                file,
                header.line,
                None,
                ",".join(header.cells),
                "no year columns and no value columns next to the County column",
            )
        )
    measures = sorted({option_measure} if "year" in roles else {v for _, r, v in columns if r == "measure" and v})
    for measure in measures:
        if measure not in units and not options.get("unit"):
            problems.append(
                Problem(
                    file, header.line, None, measure, "unknown measure: add it to data/measures.yaml (or give --unit)"
                )
            )
    raise_if(problems)

    cells: dict[tuple, tuple] = {}  # (fips, year, measure) -> (Cell, line, column name, raw)
    totals_across: list[tuple] = []  # (fips, line, column name, Cell, [keys])
    seen: dict[tuple, int] = {}
    row_keys: dict[int, list[tuple]] = {}  # line -> the keys its cells were stored under
    dropped: dict[tuple, int] = {}  # (fips, year or None) -> line of a row left out (lenient)
    for row in rows:
        if row.line < header.line and log is not None and not row.blank:
            log.ignored.append(Problem(file, row.line, None, _first(row.cells), "above the header row: not data"))
        if row.line <= header.line or row.blank:
            continue
        values, problem = fit(row, width, file)
        if problem:
            _skip(problems, log, [problem])
            continue
        label = values[county_col]
        filled = [c for i, c in enumerate(values) if c and i != county_col]
        if not filled and not _is_total(label):
            if log is not None:
                log.ignored.append(
                    Problem(
                        file,
                        row.line,
                        header.cells[county_col],
                        _first(values),
                        "no values on this line (a note line, or a county with no values)",
                    )
                )
            continue  # a note line ("Source: ...", "a Includes ...") or a county with no cells at all
        if _is_total(label):
            fips = STATE_FIPS
        else:
            try:
                fips = county_fips(_MARKER.sub("", label))
            except UnknownCounty as err:
                _skip(problems, log, [Problem(file, row.line, header.cells[county_col], label, str(err))])
                continue
        row_year = option_year
        if year_col is not None:
            text = values[year_col]
            row_year = int(text) if text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX else None
            if row_year is None:
                _skip(
                    problems,
                    log,
                    [Problem(file, row.line, header.cells[year_col], text, f"expected a year {YEAR_MIN}-{YEAR_MAX}")],
                )
                continue
        row_key = (fips, row_year)
        if row_key in seen:
            _skip(
                problems,
                log,
                [
                    Problem(
                        file, row.line, header.cells[county_col], label, f"listed twice (first on line {seen[row_key]})"
                    )
                ],
            )
            continue
        seen[row_key] = row.line
        keys, row_total, found, bad = [], None, {}, []
        for i, role, what in columns:
            raw = values[i]
            if role == "empty":
                if raw:
                    bad.append(Problem(file, row.line, f"column {i + 1}", raw, "a value under an empty header"))
                continue
            cell = parse_cell(raw)
            if cell.problem:
                bad.append(Problem(file, row.line, header.cells[i], raw, cell.problem))
                continue
            if role == "total":
                row_total = (fips, row.line, header.cells[i], cell, raw)
                continue
            key = (fips, what, option_measure) if role == "year" else (fips, int(row_year), what)
            found[key] = (cell, row.line, header.cells[i], raw)
            keys.append(key)
        if bad:
            _skip(problems, log, bad)
            dropped.setdefault((fips, row_year), row.line)
            continue
        cells.update(found)
        row_keys[row.line] = keys
        if log is not None:
            log.match(fips, row.line, label)
        if row_total:
            totals_across.append((*row_total, keys))
    raise_if(problems)
    checks = _check_totals(cells, totals_across, units, options, file)
    if options.get("sensitive"):
        for cell, line, column, raw in cells.values():
            if cell.status == "reported" and not float(cell.value).is_integer():
                checks.append(Problem(file, line, column, raw, "a sensitive table must hold whole counts"))
    while log is not None and checks:  # leave out each row a check refused, then check what is left
        lines = {p.line for p in checks}
        log.skipped.extend(checks)
        log.unmatch(lines)
        for line in lines:
            for key in row_keys.pop(line, []):
                cells.pop(key, None)
                dropped.setdefault((key[0], None if option_year is None and year_col is None else key[1]), line)
        totals_across = [t for t in totals_across if t[1] not in lines]
        checks = _check_totals(cells, totals_across, units, options, file)
    raise_if(checks)

    years = sorted({k[1] for k in cells})
    out = []
    for measure in measures:
        unit = options.get("unit") or units[measure][0]
        for year in years:
            for fips in (*ALL_FIPS, STATE_FIPS):
                found = cells.get((fips, year, measure))
                if found is None:
                    if fips == STATE_FIPS:
                        continue
                    line = dropped.get((fips, year), dropped.get((fips, None)))
                    note = MISSING_COUNTY_NOTE if line is None else DROPPED_ROW_NOTE.format(line=line)
                    out.append(
                        {
                            "fips": fips,
                            "year": year,
                            "measure": measure,
                            "value": None,
                            "value_status": "not_reported",
                            "unit": unit,
                            "source_id": source_id,
                            "note": note,
                        }
                    )
                    continue
                cell = found[0]
                note = cell.note
                if cell.status == "not_reported":
                    note = "no value in the source table: no data, not zero"
                out.append(
                    {
                        "fips": fips,
                        "year": year,
                        "measure": measure,
                        "value": cell.value,
                        "value_status": cell.status,
                        "unit": unit,
                        "source_id": source_id,
                        "note": note,
                    }
                )
    frame = tidy_frame(out)
    if options.get("sensitive"):
        from etl.ingest.disclosure import protect

        frame, _ = protect(frame, policy or load_policy())
        frame = tidy_frame(frame)
    return frame


def _first(cells) -> str:
    """The first non-empty cell of a line, to name it in a report."""
    return next((c for c in cells if c), "")


def _skip(problems: list[Problem], log: RowLog | None, found: list[Problem]) -> None:
    """Strict: the problems refuse the table. Lenient: the row is left out and listed."""
    (problems if log is None else log.skipped).extend(found)


def _check_totals(cells: dict, totals_across: list, units: dict, options: dict, file: str) -> list[Problem]:
    """Problems where a printed total disagrees with the counties (or years) it sums."""
    problems = []

    def is_count(measure):
        return units.get(measure, ("", "count"))[1] == "count" and options.get("unit", "") != "percent"

    def compare(total_cell, parts, line, column, raw, what):
        if total_cell.status != "reported":
            return
        reported = sum(c.value for c in parts if c.status == "reported")
        lower = reported + sum(_lower(c) for c in parts if c.status == "suppressed")
        if all(c.status == "reported" for c in parts):
            if abs(reported - total_cell.value) > 1e-9:
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        raw,
                        f"the total says {total_cell.value:g} but the {what} add up to {reported:g}",
                    )
                )
        elif lower > total_cell.value + 1e-9:
            problems.append(
                Problem(
                    file,
                    line,
                    column,
                    raw,
                    f"the total says {total_cell.value:g} but the {what} add up to at least {lower:g}",
                )
            )

    for (fips, year, measure), (cell, line, column, raw) in cells.items():
        if fips == STATE_FIPS and is_count(measure):
            parts = [v[0] for k, v in cells.items() if k[0] != STATE_FIPS and k[1:] == (year, measure)]
            compare(cell, parts, line, column, raw, "counties")
    for _fips, line, column, cell, raw, keys in totals_across:
        if keys and all(is_count(k[2]) for k in keys):
            compare(cell, [cells[k][0] for k in keys], line, column, raw, "years")
    return problems


def _lower(cell) -> int:
    m = re.search(r"\((\d+)-", cell.note or "")
    return int(m.group(1)) if m else 1
