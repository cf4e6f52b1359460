"""The rows behind each chart, in one shape, cut from the tidy tables (never from a figure object).

Every chart on the content pages plots a frame with CHART_COLUMNS: the ledger columns a reader
needs to cite a value (figure_id ... verification), plus `value_status` and `derivation`, and the
`chart_label` the chart shows. The same frame feeds the figure, its "Source:" line, its text
summary, its HTML table and its CSV download, so they cannot disagree.

Rows come from three places:
- the cited-figure ledger (`ledger_rows`), exactly as published;
- county measures (`county_rows`), with their value_status;
- values computed here (`computed_row`) only where part and whole come from the same source and
  table; their verification is "computed" and `derivation` names the input rows.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from components import data

LEDGER_EXPORT = ["figure_id", "geography", "period_start", "period_end", "measure", "population_group", "subgroup",
                 "trafficking_type", "value", "value_qualifier", "unit", "source_id", "verification"]
CHART_COLUMNS = ["chart_label"] + LEDGER_EXPORT[:2] + ["fips"] + LEDGER_EXPORT[2:] + ["value_status", "derivation"]

MILWAUKEE_FIPS = "55079"


def _frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=CHART_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    return frame


def ledger_rows(figure_ids: Iterable[str], labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Ledger rows in the order given, each labelled (label defaults to the figure id).

    Raises KeyError naming any id not in figures.csv, so a renamed figure cannot vanish silently.
    """
    figure_ids = list(figure_ids)
    ledger = data.figures().set_index("figure_id", drop=False)
    missing = [fid for fid in figure_ids if fid not in ledger.index]
    if missing:
        raise KeyError(f"figure ids not in figures.csv: {missing}")
    records = []
    for fid in figure_ids:
        row = ledger.loc[fid]
        rec = {col: (None if pd.isna(row[col]) else row[col]) for col in LEDGER_EXPORT}
        rec["fips"] = None if pd.isna(row["fips"]) else row["fips"]
        rec["chart_label"] = (labels or {}).get(fid, fid)
        rec["value_status"] = "reported" if not pd.isna(row["value"]) else "not_reported"
        rec["derivation"] = ""
        records.append(rec)
    return _frame(records)


def county_rows(measure: str, fips: Iterable[str] | None = None, year: int | None = None,
                labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """County-measure rows for one measure (optionally some counties and a year), with their status."""
    cm = data.county_measures()
    sel = cm[cm["measure"] == measure]
    if year is not None:
        sel = sel[sel["year"] == year]
    if fips is not None:
        fips = list(fips)
        sel = sel.set_index("fips").loc[fips].reset_index()
    names = data.counties().set_index("fips")["county"]
    records = []
    for row in sel.itertuples(index=False):
        period = "" if pd.isna(row.year) else str(int(row.year))
        records.append({
            "chart_label": (labels or {}).get(row.fips, names[row.fips]),
            "figure_id": "", "geography": names[row.fips], "fips": row.fips, "period_start": period, "period_end": period,
            "measure": row.measure, "population_group": "minors" if "under18" in row.measure else "all",
            "subgroup": "", "trafficking_type": "not_applicable" if row.measure.startswith("population") else "all",
            "value": row.value, "value_qualifier": "exact", "unit": row.unit, "source_id": row.source_id,
            "verification": "", "value_status": row.value_status,
            "derivation": f"county_measures.csv: fips {row.fips}, measure {row.measure}" + (f", year {period}" if period else ""),
        })
    return _frame(records)


def computed_row(label: str, value: float, inputs: pd.DataFrame, *, measure: str, unit: str, derivation: str,
                 geography: str | None = None, population_group: str | None = None,
                 fips: str | None = None) -> pd.DataFrame:
    """One value computed from `inputs` (rows of one source); the caller states the arithmetic.

    Raises ValueError when the inputs come from more than one source: a share or difference across
    sources that do not share a denominator is never computed.
    """
    sources = inputs["source_id"].dropna().unique()
    if len(sources) != 1:
        raise ValueError(f"computed values need inputs from exactly one source, got {list(sources)}")
    first = inputs.iloc[0]
    return _frame([{
        "chart_label": label, "figure_id": "", "geography": geography or first["geography"], "fips": fips,
        "period_start": first["period_start"], "period_end": first["period_end"], "measure": measure,
        "population_group": population_group or first["population_group"], "subgroup": "",
        "trafficking_type": first["trafficking_type"], "value": value, "value_qualifier": "exact", "unit": unit,
        "source_id": sources[0], "verification": "computed", "value_status": "computed", "derivation": derivation,
    }])


def milwaukee_rest_state(measure: str, year: int = 2020) -> pd.DataFrame:
    """Milwaukee County, the rest of Wisconsin and Wisconsin for one county count measure.

    State = the sum of the 72 county rows and rest = state minus Milwaukee, both of the same Census
    measure from the same source, so all three share one definition and denominator.
    """
    counties = county_rows(measure, year=year)
    if (counties["value_status"] != "reported").any():
        raise ValueError(f"{measure}: not every county is reported; a state total would be wrong")
    mke = counties[counties["fips"] == MILWAUKEE_FIPS]
    state_total = float(counties["value"].sum())
    mke_value = float(mke["value"].iloc[0])
    state = computed_row("Wisconsin", state_total, counties, measure=measure, unit=counties["unit"].iloc[0],
                         geography="Wisconsin", fips="55", derivation=f"sum of the 72 county rows of {measure}, {year}")
    rest = computed_row("Rest of Wisconsin", state_total - mke_value, counties, measure=measure,
                        unit=counties["unit"].iloc[0], geography="Wisconsin except Milwaukee County",
                        derivation=f"Wisconsin total minus Milwaukee County, {measure}, {year}")
    mke = mke.assign(chart_label="Milwaukee County")
    return pd.concat([mke, rest, state], ignore_index=True)


def share_row(label: str, part: pd.DataFrame, whole: pd.DataFrame, *, measure: str, derivation: str,
              geography: str | None = None, population_group: str | None = None) -> pd.DataFrame:
    """part / whole x 100 as a computed percent row; part and whole must come from one source."""
    inputs = pd.concat([part, whole], ignore_index=True)
    value = round(100 * float(part["value"].sum()) / float(whole["value"].sum()), 1)
    return computed_row(label, value, inputs, measure=measure, unit="percent", derivation=derivation,
                        geography=geography, population_group=population_group,
                        fips=whole["fips"].iloc[0] if whole["fips"].nunique() == 1 else None)


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The CSV a chart's download button sends: its rows with source and status columns."""
    return rows.loc[:, CHART_COLUMNS]
