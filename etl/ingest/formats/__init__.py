"""The ingest formats, one module each, and the one entry point both the CLI and the ETL use.

`ingest(format, path, source_id, options)` checks the options, runs the format's reader and turns a
refusal by the disclosure audit into an InputError, so `python -m etl.ingest` and `python -m etl`
(through registry entries in data/sources.yaml) share one implementation per format and report
problems the same way.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.errors import InputError, Problem, display_path, raise_if
from etl.ingest.disclosure import DisclosureError
from etl.ingest.formats import cases, county_table, fbi_cde_ht

FORMATS = ("fbi-cde-ht", "county-table", "cases")
#: Options each format accepts (as CLI flags or as keys of a raw entry in data/sources.yaml).
OPTIONS = {
    "fbi-cde-ht": set(),
    "county-table": {"measure", "sensitive", "year", "unit"},
    "cases": {"measure", "covers_state", "sensitive"},  # the policy always applies to cases
}
#: Raw-entry keys that describe the file rather than configure the reader.
DESCRIPTIVE = {"note", "description", "sha256", "obtained"}


def _units() -> dict[str, tuple[str, str]]:
    from etl.registry import load_measures
    frame = load_measures()
    return {row.measure: (row.unit, row.measure_kind) for row in frame.itertuples()}


def ingest(fmt: str, path: Path, source_id: str, options: dict | None = None) -> pd.DataFrame:
    """County-measure rows from one raw file in one format; InputError listing every problem."""
    options = {k: v for k, v in (options or {}).items()
               if v is not None and k not in DESCRIPTIVE and not (k == "sensitive" and v is False)}
    file = display_path(path)
    if fmt not in FORMATS:
        raise_if([Problem(file, None, "format", fmt, f"unknown ingest format; expected one of {', '.join(FORMATS)}")])
    unknown = sorted(set(options) - OPTIONS[fmt])
    raise_if([Problem(file, None, "option", k, f"not an option of the {fmt} format") for k in unknown])
    if not Path(path).is_file():
        raise_if([Problem(file, None, None, None, "file not found")])
    try:
        if fmt == "fbi-cde-ht":
            return fbi_cde_ht.read(path, source_id, options)
        if fmt == "county-table":
            return county_table.read(path, source_id, options, _units())
        return cases.read(path, source_id, options)
    except DisclosureError as err:
        raise InputError([Problem(file, None, exposure.cell[2], f"{exposure.cell[0]} {exposure.cell[1]}",
                                  f"disclosure audit failed: {exposure.reason}")
                          for exposure in err.audit.exposures]) from err
