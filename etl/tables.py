"""Reading raw CSVs and writing tidy tables: explicit dtypes, stable order, atomic publication.

All outputs are rendered to bytes in memory first. `publish` then writes them to a staging folder
next to data/tidy and swaps the folders, so a run that fails at any point leaves data/tidy exactly
as it was; `compare` tells whether committed files equal a fresh build.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from etl.metadata import COLUMNS, TABLES

#: Line number of the first data row in a CSV with one header line.
FIRST_DATA_LINE = 2


def read_raw_csv(path: Path) -> pd.DataFrame:
    """Read a raw CSV as text, nothing parsed or dropped, with the file's line number of each row.

    Every cell is a string (empty cells are ""), so a step decides what counts as missing and can
    name the exact line of a bad value.
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=False, encoding="utf-8-sig")
    frame.insert(0, "_line", range(FIRST_DATA_LINE, FIRST_DATA_LINE + len(frame)))
    blank = frame.drop(columns="_line").apply(lambda col: col.str.strip() == "").all(axis=1)
    return frame[~blank].reset_index(drop=True)


def format_number(value: float) -> str:
    """Integers without a decimal point, other numbers with at most 4 decimals; "" for missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


#: First characters that make a spreadsheet read a cell as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell as a spreadsheet shows it and never runs it: text that starts like a formula gets a
    leading apostrophe, as OWASP advises. Numbers (a negative value included) and every other cell
    are unchanged."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


def safe_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every text cell made spreadsheet-safe: every CSV the project writes goes through it."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(spreadsheet_safe)
    return out


def render_csv(name: str, frame: pd.DataFrame, columns: Sequence[str] | None = None) -> bytes:
    """The published CSV text of a table: declared columns (or only `columns` of them, e.g. the
    English ones `python -m etl.ingest` writes), sorted by its key, LF line endings."""
    table = TABLES[name]
    columns = list(table.columns if columns is None else columns)
    out = frame.loc[:, columns].copy()
    out = out.sort_values(list(table.primary_key), kind="stable", na_position="first", ignore_index=True)
    for column in columns:
        ftype = COLUMNS[column][0]
        if ftype == "number":
            out[column] = out[column].map(format_number)
        elif ftype == "boolean":
            out[column] = out[column].map(lambda v: "true" if v else "false")
        elif ftype == "integer":
            out[column] = out[column].map(lambda v: "" if pd.isna(v) else str(int(v)))
    return safe_cells(out).to_csv(index=False, lineterminator="\n").encode("utf-8")


def sort_table(name: str, frame: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A table in its published column order (or only `columns`) and row order, so in-memory and
    on-disk rows align."""
    table = TABLES[name]
    return frame.loc[:, list(table.columns if columns is None else columns)].sort_values(
        list(table.primary_key), kind="stable", na_position="first", ignore_index=True
    )


def sort_english(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A table before translation: its English columns in published order, rows in published order."""
    return sort_table(name, frame, TABLES[name].english_columns)


def datapackage(sources: pd.DataFrame, extra_resources: list[dict]) -> bytes:
    """A Frictionless data package descriptor: field types, keys, foreign keys, and the sources."""
    resources = []
    for table in TABLES.values():
        fields = []
        for column in table.columns:
            ftype, description, constraints = COLUMNS[column]
            field = {"name": column, "type": ftype, "description": description}
            if ftype == "boolean":
                field |= {"trueValues": ["true"], "falseValues": ["false"]}
            constraints = dict(constraints)
            if column in table.primary_key and len(table.primary_key) == 1:
                constraints["required"] = True
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema = {"fields": fields, "missingValues": [""], "primaryKey": list(table.primary_key)}
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": col, "reference": {"resource": ref, "fields": ref_col}}
                for col, ref, ref_col in table.foreign_keys
            ]
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    resources.extend(extra_resources)
    package = {
        "profile": "data-package",
        "name": "wisconsin-human-trafficking-statistics",
        "title": "Wisconsin human trafficking statistics: county tables and cited figures",
        "description": (
            "Tidy, cited tables on human trafficking in Wisconsin. Different sources count different "
            "things and are never summed; a missing value is never zero. See sources.csv."
        ),
        "resources": resources,
        "sources": [
            {"title": row.title, "path": row.url, "publisher": row.publisher, "id": row.source_id}
            for row in sources.itertuples()
        ],
    }
    return _package_bytes(package)


PACKAGE = "datapackage.json"


def _package_bytes(package: dict) -> bytes:
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def stamp_created(outputs: dict[str, bytes], tidy_dir: Path, now: str) -> dict[str, bytes]:
    """`outputs` with the data package's `created` (RFC 3339, UTC): when the published data last
    changed. A build whose every file equals the committed one keeps the committed stamp, so
    rebuilding unchanged data is byte-identical and `--check` stays exact; any change gets `now`.
    The dashboard shows this date as "Data built" (components/data.py)."""
    fresh = json.loads(outputs[PACKAGE])
    committed = tidy_dir / PACKAGE
    created = now
    if committed.is_file():
        old = json.loads(committed.read_bytes())
        kept = old.pop("created", None)
        unchanged = old == fresh and all(
            (tidy_dir / name).is_file() and (tidy_dir / name).read_bytes() == data
            for name, data in outputs.items()
            if name != PACKAGE
        )
        if unchanged and kept:
            created = kept
    at = list(fresh).index("resources")  # after the package's title and description
    items = list(fresh.items())
    return outputs | {PACKAGE: _package_bytes(dict(items[:at] + [("created", created)] + items[at:]))}


def compare(outputs: dict[str, bytes], tidy_dir: Path) -> list[str]:
    """Names of files whose committed bytes differ from `outputs`, plus unexpected extra files."""
    differ = [
        name
        for name, data in sorted(outputs.items())
        if not (tidy_dir / name).is_file() or (tidy_dir / name).read_bytes() != data
    ]
    extra = (
        sorted(p.name for p in tidy_dir.glob("*") if p.is_file() and p.name not in outputs) if tidy_dir.is_dir() else []
    )
    return differ + [f"{name} (not produced by the ETL)" for name in extra]


def publish(outputs: dict[str, bytes], tidy_dir: Path) -> None:
    """Replace tidy_dir with exactly `outputs`, all or nothing.

    Files are written and fsynced in a staging folder beside tidy_dir; then tidy_dir is renamed
    aside, the staging folder renamed into place, and the old folder removed. An error before the
    swap leaves tidy_dir untouched; the swap itself is two renames on one filesystem.
    """
    parent = tidy_dir.parent
    staging = Path(tempfile.mkdtemp(prefix=".tidy-staging-", dir=parent))
    os.chmod(staging, 0o755)  # mkdtemp makes it private; the published folder is not
    try:
        for name, data in outputs.items():
            with open(staging / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        old = parent / f".tidy-old-{os.getpid()}"
        if tidy_dir.exists():
            os.rename(tidy_dir, old)
        os.rename(staging, tidy_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_tidy(path: Path, name: str) -> pd.DataFrame:
    """Read a published table back with the same types the pipeline builds it with.

    Text stays text (FIPS keep their leading digits), integers and years are nullable integers,
    numbers are floats, booleans are booleans, and empty cells are missing. The app and the tests
    read tidy files through this one function.
    """
    table = TABLES[name]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in table.columns:
        ftype = COLUMNS[column][0]
        cells = frame[column].replace("", None)
        if ftype == "number":
            frame[column] = pd.to_numeric(cells).astype("float64")
        elif ftype == "integer":
            frame[column] = pd.to_numeric(cells).astype("Int64")
        elif ftype == "boolean":
            frame[column] = frame[column] == "true"
        else:
            frame[column] = cells.astype(object)
    if name == "counties":
        frame = frame.astype({"population_2020": "int64", "population_under18_2020": "int64"})
    return frame
