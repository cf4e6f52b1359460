"""Reading a raw CSV row by row with the file's line numbers, refusing nothing silently.

`etl.tables.read_raw_csv` expects a header on line 1 and a rectangular file. Files obtained for
ingest are messier (a title line above the header, ragged rows, an export saved in the wrong
encoding), so this reader keeps every row as text with its line number and reports rows it cannot
use as `Problem`s instead of stopping at the first one.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import Problem, raise_if


@dataclass(frozen=True)
class Row:
    """One CSV record: the line it ends on and its cells, stripped of surrounding spaces."""

    line: int
    cells: tuple[str, ...]

    @property
    def blank(self) -> bool:
        return not any(self.cells)


@dataclass
class RowLog:
    """Lenient reading: rows with a problem are left out and listed here instead of refusing the file.

    The ETL never passes one (any problem refuses the whole file). The /upload page does, so a person
    sees their map with every row that was not used, its line, value and reason. Problems with the
    file as a whole (no County column, an unreadable header, a failed disclosure audit) still refuse.
    - skipped: a problem for each cell or check that made a row unusable (a row may have several);
    - ignored: lines without data that were passed over (a title above the header, a note line);
    - matched: county FIPS -> [(line, the county name as written)] for every row that was used.
    """

    skipped: list[Problem] = field(default_factory=list)
    ignored: list[Problem] = field(default_factory=list)
    matched: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def match(self, fips: str, line: int, name: str) -> None:
        self.matched.setdefault(fips, []).append((line, name))

    def unmatch(self, lines: set[int]) -> None:
        """Forget matches on rows dropped after they were matched (e.g. a failed total check)."""
        for fips in list(self.matched):
            kept = [m for m in self.matched[fips] if m[0] not in lines]
            if kept:
                self.matched[fips] = kept
            else:
                del self.matched[fips]


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes as UTF-8 text (a byte-order mark is allowed); a problem naming the line otherwise."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        return None, [
            Problem(
                file,
                line,
                None,
                data[err.start : err.start + 1].hex(),
                "not UTF-8 text; save the file as UTF-8 (CSV UTF-8 in Excel)",
                code="not_utf8",
            )
        ]


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    """The file's text as UTF-8 (a byte-order mark is allowed); a problem naming the line otherwise."""
    return decode(Path(path).read_bytes(), file)


def read_rows(path: Path, file: str) -> tuple[list[Row], list[Problem]]:
    """Every record of a CSV file with its line number (blank records included)."""
    text, problems = read_text(path, file)
    if text is None:
        return [], problems
    return parse_rows(text, file)


def parse_rows(text: str, file: str) -> tuple[list[Row], list[Problem]]:
    """Every record of CSV text with its line number (blank records included); no file involved."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = []
    try:
        for cells in reader:
            rows.append(Row(reader.line_num, tuple(c.replace("\u00a0", " ").strip() for c in cells)))
    except csv.Error as err:
        problems.append(
            Problem(
                file,
                reader.line_num,
                None,
                None,
                f"cannot parse the CSV: {err}",
                code="csv_unparseable",
                params={"error": str(err)},
            )
        )
    return rows, problems


@dataclass
class ColumnUse:
    """Which columns of a file a reader used, under which role, and which it did not use.

    A reader fills it so the command line and /upload can say so: a column that is not used is
    never silently dropped from view.
    """

    used: dict[str, str] = field(default_factory=dict)  # role -> the column name as written
    unused: list[str] = field(default_factory=list)  # column names as written


def column_key(name: str) -> str:
    """A column name compared loosely: "Victim Age", "victim-age" and "victim_age" are the same."""
    return "_".join(name.replace("-", " ").casefold().split())


def resolve_columns(
    header: Row, roles: dict[str, tuple[str, ...]], file: str
) -> tuple[dict[str, int], ColumnUse, list[Problem]]:
    """Each role's column position from the names it may go by (`roles`: role -> accepted names).

    Returns (role -> position, what was used and not, problems): two columns for one role is a
    problem (which one to use would be a guess); columns matching no role are listed as unused.
    """
    lookup = {column_key(alias): role for role, aliases in roles.items() for alias in aliases}
    index: dict[str, int] = {}
    use = ColumnUse()
    problems = []
    for i, name in enumerate(header.cells):
        if not name:
            continue
        role = lookup.get(column_key(name))
        if role is None:
            use.unused.append(name)
        elif role in index:
            problems.append(
                Problem(
                    file,
                    header.line,
                    name,
                    None,
                    f"two columns give the {role.replace('_', ' ')} ({use.used[role]!r} and {name!r}); keep one",
                    code="two_columns_for_role",
                    params={"role": role, "first": use.used[role], "second": name},
                )
            )
        else:
            index[role] = i
            use.used[role] = name
    return index, use, problems


def header_index(header: tuple[str, ...]) -> dict[str, int]:
    """Column name -> position, with names compared case-insensitively."""
    return {name.casefold(): i for i, name in enumerate(header) if name}


def split_header(rows: list[Row], file: str) -> tuple[Row, list[Row], dict[str, int]]:
    """The header row, the data rows and the header's column index, blank lines dropped.

    Refuses a file with no non-blank row (InputError naming the file).
    """
    rows = [r for r in rows if not r.blank]
    if not rows:
        raise_if([Problem(file, None, None, None, "the file is empty", code="empty_file")])
    return rows[0], rows[1:], header_index(rows[0].cells)


def fit(row: Row, width: int, file: str) -> tuple[tuple[str, ...], Problem | None]:
    """The row's cells padded or trimmed to the header's width; a problem if cells would be lost.

    Spreadsheet exports drop trailing empty cells and add trailing commas, so those are accepted;
    a row with more non-empty cells than the header has columns cannot be read without guessing.
    """
    cells = list(row.cells)
    extra = cells[width:]
    if any(extra):
        return tuple(cells[:width]), Problem(
            file,
            row.line,
            None,
            ",".join(row.cells),
            f"unparseable row: {len(cells)} cells where the header has {width}",
            code="too_many_cells",
            params={"cells": len(cells), "width": width},
        )
    return tuple(cells[:width] + [""] * (width - len(cells))), None
