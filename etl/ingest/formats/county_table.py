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
from dataclasses import dataclass, field

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


def plain_name(text: str) -> str:
    """A header or row label without footnote markers or a trailing colon, case-folded."""
    return _MARKER.sub("", " ".join(text.split())).rstrip(":").strip().casefold()


def is_county_header(text: str) -> bool:
    """True for a header cell naming the county column ("County", "County name", ...)."""
    return plain_name(text) in COUNTY_HEADERS


def heading_year(text: str) -> int | None:
    """The year a column heading names ("2021", "2021a", "2021*"), else None."""
    m = _YEAR.match(text)
    return int(m.group(1)) if m else None


def find_header(rows: list[Row]) -> Row | None:
    """The first row with a County cell: the header of a county table."""
    return next((r for r in rows if any(is_county_header(c) for c in r.cells)), None)


def _is_total(label: str) -> bool:
    plain = plain_name(label)
    return plain in TOTAL_NAMES or re.sub(r"\s+\d{4}.*$", "", plain) in TOTAL_NAMES


@dataclass(frozen=True)
class Column:
    """A column of the table besides County and Year: what it holds, and the year or measure it names."""

    position: int
    role: str  # year | measure | total | empty
    names: object = None  # the year (role year) or the measure id (role measure)


@dataclass(frozen=True)
class Layout:
    """How a table's header is read: where County (and Year) are and what every other column holds."""

    header: Row
    county_col: int
    year_col: int | None
    columns: tuple[Column, ...]
    measure: str | None  # the --measure option: the measure of a county-by-year table
    year: int | None  # the --year option: the year of a county-by-measure table without a Year column

    @property
    def roles(self) -> set[str]:
        return {c.role for c in self.columns}

    @property
    def measures(self) -> list[str]:
        if "year" in self.roles:
            return [self.measure]
        return sorted({c.names for c in self.columns if c.role == "measure" and c.names})

    def name(self, i: int) -> str:
        return self.header.cells[i]


@dataclass
class Readings:
    """What the data rows hold, row by row (see read_rows_of)."""

    cells: dict = field(default_factory=dict)  # (fips, year, measure) -> (Cell, line, column name, raw)
    totals_across: list = field(default_factory=list)  # (fips, line, column name, Cell, raw, keys)
    row_keys: dict = field(default_factory=dict)  # line -> the keys its cells were stored under
    dropped: dict = field(default_factory=dict)  # (fips, year or None) -> line of a row left out (lenient)


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
    header = find_header(rows)
    if header is None:
        raise_if([Problem(file, None, None, None, "no header row with a County column", code="no_county_column")])
    layout = layout_of(header, options, units, file)
    readings = read_rows_of(rows, layout, file, log)
    settle_totals(readings, layout, units, options, file, log)
    frame = tidy_frame(tidy_rows(readings, layout, units, options, source_id))
    if options.get("sensitive"):
        from etl.ingest.disclosure import protect

        frame, _ = protect(frame, policy or load_policy())
        frame = tidy_frame(frame)
    return frame


def layout_of(header: Row, options: dict, units: dict, file: str) -> Layout:
    """The header read into a Layout; an InputError listing every problem with it."""
    county_col = next(i for i, c in enumerate(header.cells) if is_county_header(c))
    measure, option_year = options.get("measure"), options.get("year")
    problems, columns, year_col = [], [], None
    for i, name in enumerate(header.cells):
        if i == county_col:
            continue
        plain = plain_name(name)
        if (year := heading_year(name)) is not None:
            if not YEAR_MIN <= year <= YEAR_MAX:
                problems.append(
                    Problem(
                        file,
                        header.line,
                        name,
                        name,
                        f"expected a year {YEAR_MIN}-{YEAR_MAX}",
                        code="year_out_of_range",
                        params={"min": YEAR_MIN, "max": YEAR_MAX},
                    )
                )
            columns.append(Column(i, "year", year))
        elif plain == "year":
            year_col = i
        elif plain in TOTAL_COLUMNS:
            columns.append(Column(i, "total"))
        elif plain in VALUE_COLUMNS:
            if not measure:
                problems.append(
                    Problem(file, header.line, name, name, "a value column needs --measure NAME", code="needs_measure")
                )
            columns.append(Column(i, "measure", measure))
        elif plain == "":
            columns.append(Column(i, "empty"))
        else:
            named = plain.replace(" ", "_").replace("-", "_")
            if not _MEASURE.match(named):
                problems.append(
                    Problem(
                        file, header.line, name, name, "not a year, Total, Year or a measure id", code="bad_column_name"
                    )
                )
            columns.append(Column(i, "measure", named))
    layout = Layout(header, county_col, year_col, tuple(columns), measure, option_year)
    problems += _shape_problems(layout, file)
    problems += [
        Problem(
            file,
            header.line,
            None,
            m,
            "unknown measure: add it to data/measures.yaml (or give --unit)",
            code="unknown_measure",
        )
        for m in layout.measures
        if m not in units and not options.get("unit")
    ]
    raise_if(problems)
    return layout


def _shape_problems(layout: Layout, file: str) -> list[Problem]:
    """Problems with the header as a whole: the shapes a county table may take (module docstring)."""
    roles, line, cells = layout.roles, layout.header.line, ",".join(layout.header.cells)
    found = []
    if "year" in roles and "measure" in roles:
        found.append(
            Problem(file, line, None, cells, "the header mixes year columns and measure columns", code="mixed_columns")
        )
    if "year" in roles and not layout.measure:
        found.append(
            Problem(file, line, None, cells, "a county-by-year table needs --measure NAME", code="needs_measure")
        )
    if "measure" in roles and layout.year_col is None and layout.year is None:
        found.append(
            Problem(
                file,
                line,
                None,
                cells,
                "a county-by-measure table needs a Year column or --year YEAR",
                code="needs_year",
            )
        )
    if not roles & {"year", "measure"}:
        found.append(
            Problem(
                file,
                line,
                None,
                cells,
                "no year columns and no value columns next to the County column",
                code="no_value_columns",
            )
        )
    return found


def read_rows_of(rows: list[Row], layout: Layout, file: str, log: RowLog | None) -> Readings:
    """Every data row below the header read into cells; strict: any problem refuses (InputError)."""
    problems: list[Problem] = []
    readings, seen = Readings(), {}
    for row in rows:
        if row.line < layout.header.line and log is not None and not row.blank:
            log.ignored.append(Problem(file, row.line, None, _first(row.cells), "above the header row: not data"))
        if row.line <= layout.header.line or row.blank:
            continue
        values, problem = fit(row, len(layout.header.cells), file)
        if problem:
            _skip(problems, log, [problem])
            continue
        label = values[layout.county_col]
        if not any(c for i, c in enumerate(values) if c and i != layout.county_col) and not _is_total(label):
            if log is not None:  # a note line ("Source: ...", "a Includes ...") or a county with no cells
                log.ignored.append(
                    Problem(
                        file,
                        row.line,
                        layout.name(layout.county_col),
                        _first(values),
                        "no values on this line (a note line, or a county with no values)",
                    )
                )
            continue
        place, found = _row_place(values, row.line, layout, file, seen)
        if found:
            _skip(problems, log, found)
            continue
        fips, row_year = place
        seen[place] = row.line
        cells, total, bad = _row_cells(values, row.line, layout, fips, row_year, file)
        if bad:
            _skip(problems, log, bad)
            readings.dropped.setdefault(place, row.line)
            continue
        readings.cells.update(cells)
        readings.row_keys[row.line] = list(cells)
        if log is not None:
            log.match(fips, row.line, label)
        if total:
            readings.totals_across.append((*total, list(cells)))
    raise_if(problems)
    return readings


def _row_place(values, line: int, layout: Layout, file: str, seen: dict) -> tuple[tuple, list[Problem]]:
    """(fips, year) of a row and its problems: an unknown county, a bad year, a row listed twice."""
    label = values[layout.county_col]
    county_name = layout.name(layout.county_col)
    if _is_total(label):
        fips = STATE_FIPS
    else:
        try:
            fips = county_fips(name := _MARKER.sub("", label))
        except UnknownCounty as err:
            return (None, None), [
                Problem(file, line, county_name, label, str(err), code="unknown_county", params={"name": name})
            ]
    row_year = layout.year
    if layout.year_col is not None:
        text = values[layout.year_col]
        row_year = int(text) if text.isdigit() and YEAR_MIN <= int(text) <= YEAR_MAX else None
        if row_year is None:
            return (fips, None), [
                Problem(
                    file,
                    line,
                    layout.name(layout.year_col),
                    text,
                    f"expected a year {YEAR_MIN}-{YEAR_MAX}",
                    code="year_out_of_range",
                    params={"min": YEAR_MIN, "max": YEAR_MAX},
                )
            ]
    if (fips, row_year) in seen:
        return (fips, row_year), [
            Problem(
                file,
                line,
                county_name,
                label,
                f"listed twice (first on line {seen[(fips, row_year)]})",
                code="listed_twice",
                params={"first_line": seen[(fips, row_year)]},
            )
        ]
    return (fips, row_year), []


def _row_cells(values, line: int, layout: Layout, fips: str, row_year, file: str) -> tuple[dict, tuple | None, list]:
    """One row's cells by (fips, year, measure), its Total-column cell, and its cells' problems."""
    cells, total, bad = {}, None, []
    for column in layout.columns:
        raw = values[column.position]
        if column.role == "empty":
            if raw:
                bad.append(
                    Problem(
                        file,
                        line,
                        f"column {column.position + 1}",
                        raw,
                        "a value under an empty header",
                        code="value_under_empty_header",
                    )
                )
            continue
        cell = parse_cell(raw)
        if cell.problem:
            bad.append(Problem(file, line, layout.name(column.position), raw, cell.problem, code=cell.code))
        elif column.role == "total":
            total = (fips, line, layout.name(column.position), cell, raw)
        else:
            key = (fips, column.names, layout.measure) if column.role == "year" else (fips, int(row_year), column.names)
            cells[key] = (cell, line, layout.name(column.position), raw)
    return cells, total, bad


def settle_totals(
    readings: Readings, layout: Layout, units: dict, options: dict, file: str, log: RowLog | None
) -> None:
    """Check every printed total against its parts (and whole counts in a sensitive table).

    Strict: any disagreement refuses the table. Lenient: each row a check refuses is left out and
    listed, and the checks run again on what is left, until they all pass.
    """
    checks = _check_totals(readings.cells, readings.totals_across, units, options, file)
    if options.get("sensitive"):
        for cell, line, column, raw in readings.cells.values():
            if cell.status == "reported" and not float(cell.value).is_integer():
                checks.append(
                    Problem(file, line, column, raw, "a sensitive table must hold whole counts", code="not_whole_count")
                )
    by_year_row = layout.year is None and layout.year_col is None
    while log is not None and checks:
        lines = {p.line for p in checks}
        log.skipped.extend(checks)
        log.unmatch(lines)
        for line in lines:
            for key in readings.row_keys.pop(line, []):
                readings.cells.pop(key, None)
                readings.dropped.setdefault((key[0], None if by_year_row else key[1]), line)
        readings.totals_across = [t for t in readings.totals_across if t[1] not in lines]
        checks = _check_totals(readings.cells, readings.totals_across, units, options, file)
    raise_if(checks)


def tidy_rows(readings: Readings, layout: Layout, units: dict, options: dict, source_id: str) -> list[dict]:
    """Every county for every year and measure (a county the table leaves out is not_reported), plus
    the statewide row where the table has one."""
    out = []
    years = sorted({k[1] for k in readings.cells})
    for measure in layout.measures:
        unit = options.get("unit") or units[measure][0]
        for year in years:
            for fips in (*ALL_FIPS, STATE_FIPS):
                found = readings.cells.get((fips, year, measure))
                row = {"fips": fips, "year": year, "measure": measure, "unit": unit, "source_id": source_id}
                if found is None:
                    if fips == STATE_FIPS:
                        continue
                    line = readings.dropped.get((fips, year), readings.dropped.get((fips, None)))
                    note = MISSING_COUNTY_NOTE if line is None else DROPPED_ROW_NOTE.format(line=line)
                    out.append(row | {"value": None, "value_status": "not_reported", "note": note})
                    continue
                cell = found[0]
                note = "no value in the source table: no data, not zero" if cell.status == "not_reported" else cell.note
                out.append(row | {"value": cell.value, "value_status": cell.status, "note": note})
    return out


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

    def compare(total_cell, parts, line, column, raw, what, code, lower_code):
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
                        code=code,
                        params={"total": total_cell.value, "sum": reported},
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
                    code=lower_code,
                    params={"total": total_cell.value, "sum": lower},
                )
            )

    # The counties' cells grouped by (year, measure) once, so the check is linear in the cells.
    county_parts: dict[tuple, list] = {}
    for (fips, year, measure), found in cells.items():
        if fips != STATE_FIPS:
            county_parts.setdefault((year, measure), []).append(found[0])
    for (fips, year, measure), (cell, line, column, raw) in cells.items():
        if fips == STATE_FIPS and is_count(measure):
            compare(
                cell,
                county_parts.get((year, measure), []),
                line,
                column,
                raw,
                "counties",
                code="total_differs_counties",
                lower_code="total_below_counties",
            )
    for _fips, line, column, cell, raw, keys in totals_across:
        if keys and all(is_count(k[2]) for k in keys):
            compare(
                cell,
                [cells[k][0] for k in keys],
                line,
                column,
                raw,
                "years",
                code="total_differs_years",
                lower_code="total_below_years",
            )
    return problems


def _lower(cell) -> int:
    m = re.search(r"\((\d+)-", cell.note or "")
    return int(m.group(1)) if m else 1
