"""The cited-figure ledger: hand-curated rows from data/raw/figures_ledger.csv, typed and checked.

The raw ledger is already tidy (it is written by people, not scraped); this step types the value,
turns empty cells into missing values and refuses rows whose value is not a plain number, naming
the line. Vocabularies and cross-references are checked by the schema.
"""

from __future__ import annotations

import pandas as pd

from etl.errors import Problem, raise_if
from etl.metadata import TABLES

COLUMNS = TABLES["figures"].english_columns


def transform_figures(ledger: pd.DataFrame, file: str) -> pd.DataFrame:
    """Typed figures table from the raw ledger (all columns text, with a _line column)."""
    problems: list[Problem] = []
    missing = [c for c in COLUMNS if c not in ledger.columns]
    if missing:
        raise_if([Problem(file, 1, ", ".join(missing), None, "missing columns")])
    values = []
    for line, raw in zip(ledger["_line"], ledger["value"]):
        text = raw.strip()
        try:
            values.append(float(text) if text else None)
        except ValueError:
            problems.append(
                Problem(file, line, "value", raw, "expected a plain number (qualifiers go in value_qualifier)")
            )
            values.append(None)
    raise_if(problems)
    out = ledger.loc[:, list(COLUMNS)].apply(lambda col: col.str.strip()).replace("", None)
    out["value"] = pd.Series(values, index=ledger.index, dtype="float64")
    for col in COLUMNS:
        if col != "value":
            out[col] = out[col].astype("object")
    return out
