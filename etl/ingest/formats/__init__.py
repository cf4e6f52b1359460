"""The ingest formats, one module each, and the entry points the CLI, the ETL and /upload use.

`ingest(format, path, source_id, options)` checks the options, reads the file and runs the
format's parser; `ingest_text(format, text, file, source_id, options, log)` does the same on text
already in memory (the /upload page: nothing touches the disk). Both turn a refusal by the
disclosure audit into an InputError, so `python -m etl.ingest`, `python -m etl` (through registry
entries in data/sources.yaml) and the upload page share one implementation per format and report
problems the same way. Only `ingest_text` takes a `RowLog` (lenient reading, see etl.ingest.rows).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errors import InputError, Problem, display_path, raise_if
from etl.ingest.disclosure import DisclosureError
from etl.ingest.formats import cases, county_table, fbi_cde_ht, nibrs_agency
from etl.ingest.policy import Policy, load_policy
from etl.ingest.rows import ColumnUse, Row, RowLog, parse_rows, read_rows

FORMATS = ("fbi-cde-ht", "county-table", "cases", nibrs_agency.FORMAT)
#: Options each format accepts (as CLI flags or as keys of a raw entry in data/sources.yaml).
OPTIONS = {
    "fbi-cde-ht": set(),
    "county-table": {"measure", "sensitive", "year", "unit"},
    "cases": {"measure", "covers_state", "sensitive"},  # the policy always applies to cases
    nibrs_agency.FORMAT: {"county_corrections"},
}
#: Raw-entry keys that describe the file rather than configure the reader.
DESCRIPTIVE = {"note", "description", "sha256", "obtained"}
#: Formats that can leave out bad rows and list them (a RowLog) instead of refusing the file.
LENIENT = ("county-table", "cases")


def units_of(measures: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """measure -> (unit, kind) from a measures table (measures.csv columns)."""
    return {row.measure: (row.unit, row.measure_kind) for row in measures.itertuples()}


def _registry_units() -> dict[str, tuple[str, str]]:
    from etl.registry import load_measures

    return units_of(load_measures())


def _checked_options(fmt: str, options: dict | None, file: str) -> dict:
    """The options that configure the reader; an InputError for an unknown format or option."""
    options = {
        k: v
        for k, v in (options or {}).items()
        if v is not None and k not in DESCRIPTIVE and not (k == "sensitive" and v is False)
    }
    if fmt not in FORMATS:
        raise_if([Problem(file, None, "format", fmt, f"unknown ingest format; expected one of {', '.join(FORMATS)}")])
    unknown = sorted(set(options) - OPTIONS[fmt])
    raise_if([Problem(file, None, "option", k, f"not an option of the {fmt} format") for k in unknown])
    return options


def ingest(
    fmt: str, path: Path, source_id: str, options: dict | None = None, columns: ColumnUse | None = None
) -> pd.DataFrame:
    """County-measure rows from one raw file in one format; InputError listing every problem.

    `columns` (case records) receives which columns were used and which were not."""
    file = display_path(path)
    options = _checked_options(fmt, options, file)
    if not Path(path).is_file():
        raise_if([Problem(file, None, None, None, "file not found")])
    rows, problems = read_rows(path, file)
    raise_if(problems)
    return _parse(fmt, rows, file, source_id, options, None, columns=columns)


def ingest_nibrs(
    path: Path, source_id: str, options: dict | None = None, served: dict[str, tuple[str, ...]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """County rows and agency rows of one nibrs-agency file, parsed once (for `python -m etl`).

    `served`: ORI -> counties, for agencies known to serve several (see nibrs_agency)."""
    file = display_path(path)
    options = _checked_options(nibrs_agency.FORMAT, options, file)
    if not Path(path).is_file():
        raise_if([Problem(file, None, None, None, "file not found")])
    return nibrs_agency.read_tables(path, source_id, options, served)


def ingest_text(
    fmt: str,
    text: str,
    file: str,
    source_id: str,
    options: dict | None = None,
    log: RowLog | None = None,
    *,
    policy: Policy,
    units: dict[str, tuple[str, str]],
    columns: ColumnUse | None = None,
) -> pd.DataFrame:
    """County-measure rows from CSV text already in memory (`file` names it in problems).

    Same checks and output as `ingest` on a file holding that text. With `log` (county-table and
    cases only), rows with a problem are left out and listed in it instead of refusing the file.
    The caller passes the disclosure policy and the measure units (measure -> (unit, kind)): the app
    passes the ones published in data/tidy, so it needs nothing else.
    """
    options = _checked_options(fmt, options, file)
    if log is not None and fmt not in LENIENT:
        raise ValueError(f"the {fmt} format has no lenient reading")
    rows, problems = parse_rows(text, file)
    raise_if(problems)
    return _parse(fmt, rows, file, source_id, options, log, policy, units, columns)


def _parse(
    fmt: str,
    rows: list[Row],
    file: str,
    source_id: str,
    options: dict,
    log: RowLog | None,
    policy: Policy | None = None,
    units: dict[str, tuple[str, str]] | None = None,
    columns: ColumnUse | None = None,
) -> pd.DataFrame:
    """Run a format's parser; the ETL's own policy and units (data/*.yaml) unless the caller gives them."""
    try:
        if fmt == "fbi-cde-ht":
            return fbi_cde_ht.parse(rows, file, source_id, options)
        if fmt == nibrs_agency.FORMAT:
            return nibrs_agency.parse(rows, file, source_id, options)
        if fmt == "county-table":
            return county_table.parse(rows, file, source_id, options, units or _registry_units(), log, policy=policy)
        return cases.parse(rows, file, source_id, options, log, policy=policy or load_policy(), columns=columns)
    except DisclosureError as err:
        raise InputError(
            [
                Problem(
                    file,
                    None,
                    exposure.cell[2],
                    f"{exposure.cell[0]} {exposure.cell[1]}",
                    f"disclosure audit failed: {exposure.reason}",
                    code=exposure.code,
                    params={"value": exposure.value, "measure": exposure.cell[2]},
                )
                for exposure in err.audit.exposures
            ]
        ) from err
