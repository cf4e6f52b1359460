"""The tidy rows every ingest format returns, and writing them atomically.

Every format ends in `tidy_frame`, so the CLI, the `python -m etl` registry readers and the tests
all see exactly the county_measures columns and dtypes (year Int64, value float64 with NaN for a
missing value, note and policy_version None when empty): the English columns; `python -m etl`
adds the Spanish ones (etl.translations) to the whole table. `write_csv` renders with the same code
as data/tidy (etl.tables.render_csv) and publishes through a temporary file in the target folder
plus os.replace, so a reader never sees a half-written file and a failed run leaves nothing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from etl.metadata import TABLES
from etl.tables import render_csv

COLUMNS = list(TABLES["county_measures"].english_columns)


def tidy_frame(rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """County-measure rows with the contract's columns, dtypes and order, sorted by their key."""
    frame = pd.DataFrame(rows)
    for column in COLUMNS:
        if column not in frame:
            frame[column] = None
    frame = frame[COLUMNS].copy()
    frame["year"] = pd.array([None if pd.isna(v) else int(v) for v in frame["year"]], dtype="Int64")
    frame["value"] = pd.to_numeric(frame["value"], errors="raise").astype("float64")
    for column in ("fips", "measure", "value_status", "unit", "source_id"):
        frame[column] = frame[column].astype(object)
    for column in ("note", "policy_version"):
        frame[column] = pd.Series(
            [None if v is None or (isinstance(v, float) and pd.isna(v)) or v == "" else str(v) for v in frame[column]],
            index=frame.index,
            dtype=object,
        )
    frame = frame.sort_values(["fips", "year", "measure"], kind="stable", na_position="first", ignore_index=True)
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write rows as the published county_measures CSV, atomically (temp file + os.replace)."""
    path = Path(path)
    data = render_csv("county_measures", frame, COLUMNS)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
