"""Statewide sums of the agencies read, checked against the totals the publisher printed.

Input: a hand-keyed list (`nibrs-state-check` raw format: year, measure, figure_id, explanation)
pairing a statewide measure and year with the ledger figure that prints the publisher's total for
it, and, where the two differ, what the research found about the difference. The numbers are never
typed: `published_value` is the ledger's value, `agencies_sum` the statewide row of
county_measures, and the status follows from their difference. A gap without an explanation, or an
explanation where the numbers match, stops the run, so a data change cannot leave a stale note.
"""

from __future__ import annotations

import pandas as pd

from etl.counties import STATE_FIPS
from etl.errors import Problem, raise_if
from etl.metadata import TABLES

COLUMNS = ("year", "measure", "figure_id", "explanation")


def transform_state_checks(
    rows: pd.DataFrame, file: str, county_measures: pd.DataFrame, figures: pd.DataFrame, source_id: str
) -> pd.DataFrame:
    """One row per listed check (see the module docstring); InputError listing every problem."""
    problems: list[Problem] = []
    missing = [c for c in COLUMNS if c not in rows.columns]
    raise_if([Problem(file, 1, c, None, "missing column") for c in missing])
    ledger = figures.set_index("figure_id")
    state = county_measures[county_measures["fips"] == STATE_FIPS].set_index(["year", "measure"])
    out = []
    for r in rows.to_dict("records"):
        line, measure, figure_id = r["_line"], r["measure"], r["figure_id"]
        year = int(r["year"]) if r["year"].isdigit() else None
        if year is None:
            problems.append(Problem(file, line, "year", r["year"], "expected a year"))
            continue
        if figure_id not in ledger.index:
            problems.append(Problem(file, line, "figure_id", figure_id, "not a figure in the ledger"))
            continue
        published = ledger.at[figure_id, "value"]
        if (year, measure) not in state.index:
            problems.append(Problem(file, line, "measure", measure, f"no statewide row for {year}"))
            continue
        row = state.loc[(year, measure)]
        if row["value_status"] != "reported" or pd.isna(published):
            problems.append(
                Problem(file, line, "measure", measure, "both the statewide sum and the published figure need a number")
            )
            continue
        difference = float(published) - float(row["value"])
        explanation = r["explanation"].strip() or None
        if difference and not explanation:
            problems.append(
                Problem(
                    file,
                    line,
                    "explanation",
                    "",
                    f"the sum of the agencies read is "
                    f"{row['value']:g} and the published total {published:g}: explain the gap",
                )
            )
        if not difference and explanation:
            problems.append(Problem(file, line, "explanation", explanation, "the numbers match: remove the note"))
        out.append(
            {
                "year": year,
                "measure": measure,
                "figure_id": figure_id,
                "published_value": float(published),
                "agencies_sum": float(row["value"]),
                "difference": difference,
                "check_status": "gap" if difference else "matched",
                "explanation": explanation,
                "source_id": source_id,
            }
        )
    raise_if(problems)
    frame = pd.DataFrame(out, columns=list(TABLES["state_checks"].english_columns))
    frame["year"] = frame["year"].astype("Int64")
    return frame
