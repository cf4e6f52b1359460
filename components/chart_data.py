"""The rows behind each chart, in one shape, cut from the tidy tables (never from a figure object).

Every chart on the content pages plots a frame with CHART_COLUMNS: the ledger columns a reader
needs to cite a value (figure_id ... verification), plus `value_status` and `derivation`, and the
`chart_label` the chart shows. The same frame feeds the figure, its "Source:" line, its text
summary, its HTML table and its CSV download, so they cannot disagree.

Words people read (labels, derivations) are written in the current language; the CSV a chart's
download sends is built in English (cards.download_payload), as every download is. The `geography`
of a row stays English: it is the key that joins rows to their series.

Rows come from three places:
- the cited-figure ledger (`ledger_rows`), exactly as published;
- county measures (`county_rows`), with their value_status;
- values computed here (`computed_row`) only where part and whole come from the same source and
  table; their verification is "computed" and `derivation` names the input rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from components import data, i18n
from components import labels as words
from components.i18n import N_, _

LEDGER_EXPORT = [
    "figure_id",
    "geography",
    "period_start",
    "period_end",
    "measure",
    "population_group",
    "subgroup",
    "trafficking_type",
    "value",
    "value_qualifier",
    "unit",
    "source_id",
    "verification",
]
CHART_COLUMNS = ["chart_label"] + LEDGER_EXPORT[:2] + ["fips"] + LEDGER_EXPORT[2:] + ["value_status", "derivation"]

MILWAUKEE_FIPS = "55079"
STATE_FIPS = "55"
STATE_NAME = "Wisconsin"
#: Geographies of computed rows (English keys; translate with `_()` where one is shown). A county's
#: name is a name: it is never translated.
MILWAUKEE_COUNTY = "Milwaukee County"
REST_OF_STATE = N_("Wisconsin except Milwaukee County")

#: A row's value_status in words (translated where shown, `status_words`).
VALUE_STATUS = {
    "reported": N_("reported"),
    "not_reported": N_("not reported"),
    "suppressed": N_("suppressed"),
    "computed": N_("computed here"),
    "rate_not_shown": N_("rate not shown"),
    "share_not_shown": N_("share not shown"),
}


def shown(text: str) -> str:
    """A place or label as shown to people: `text` in the current language when it is an N_-marked
    constant (police.MPD, a page's label), else as it is (a county name, a year)."""
    return _(text)


def status_words(value_status) -> str:
    """A value_status token in words, in the current language ("not_reported" -> "not reported")."""
    found = VALUE_STATUS.get(words.text(value_status))
    return _(found) if found else words.humanise(value_status)


def _frame(records: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=CHART_COLUMNS)
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    return frame


def ledger_rows(figure_ids: Iterable[str], labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Ledger rows in the order given, each labelled (label defaults to the figure id).

    A label may hold "{period}", replaced by the figure's own period in words, so a year or a span
    shown in a label always comes from the ledger. Labels are translated here (`_()`), so a page may
    pass N_-marked constants. Raises KeyError naming any id not in
    figures.csv, so a renamed figure cannot vanish silently.
    """
    figure_ids = list(figure_ids)
    ledger = data.figures().set_index("figure_id", drop=False)
    missing = [fid for fid in figure_ids if fid not in ledger.index]
    if missing:
        raise KeyError(f"figure ids not in figures.csv: {missing}")
    records = []
    for fid in figure_ids:
        row = ledger.loc[fid]
        rec = {col: (None if words.missing(row[col]) else row[col]) for col in LEDGER_EXPORT}
        rec["fips"] = None if words.missing(row["fips"]) else row["fips"]
        rec["chart_label"] = _((labels or {}).get(fid, fid)).replace(
            "{period}", words.format_period(row["period_start"], row["period_end"])
        )
        rec["value_status"] = "not_reported" if words.missing(row["value"]) else "reported"
        rec["derivation"] = ""
        records.append(rec)
    return _frame(records)


def ledger_series(measure: str, population_group: str, trafficking_type: str) -> pd.DataFrame:
    """A statewide series from the ledger: every single-year Wisconsin figure of `measure` for the
    given population and type, labelled by its year, oldest first. New ledger rows join the series
    by themselves; two figures for one year raise ValueError (a series has one value a year)."""
    ledger = data.figures()
    sel = ledger[
        (ledger["measure"] == measure)
        & (ledger["geography_level"] == "state")
        & (ledger["population_group"] == population_group)
        & (ledger["trafficking_type"] == trafficking_type)
        & (ledger["period_start"] == ledger["period_end"])
    ].sort_values("period_start")
    if sel["period_start"].duplicated().any():
        raise ValueError(f"two {measure} figures for one year: {sorted(sel['figure_id'])}")
    return ledger_rows(sel["figure_id"], {fid: "{period}" for fid in sel["figure_id"]})


def figure_text(figure_id: str, with_unit: bool = True) -> str:
    """One ledger figure's value in words, as every page writes it ("more than 400 victims")."""
    row = data.figures().set_index("figure_id").loc[figure_id]
    return words.format_value(row["value"], row["value_qualifier"], row["unit"], with_unit=with_unit)


def figure_period(figure_ids: Iterable[str]) -> str:
    """The span the given ledger figures cover together, in words ("2013–2016")."""
    rows = data.figures().set_index("figure_id").loc[list(figure_ids)]
    starts = [words.text(v) for v in rows["period_start"] if words.text(v)]
    ends = [words.text(v) for v in rows["period_end"] if words.text(v)]
    return words.format_period(min(starts) if starts else None, max(ends) if ends else None)


def year_gaps(rows: pd.DataFrame) -> list[int]:
    """Years between the first and last year of rows labelled by year that have no row with a value."""
    years = {int(y) for y, v in zip(rows["period_start"], rows["value"]) if words.text(y) and not words.missing(v)}
    return [y for y in range(min(years), max(years) + 1) if y not in years] if years else []


def _groups(measure: str) -> tuple[str, str]:
    """(population_group, trafficking_type) a measure id implies, for the ledger-shaped columns."""
    group = "minors" if ("under18" in measure or "juvenile" in measure) else "adults" if "adult" in measure else "all"
    kind = (
        "not_applicable"
        if measure.startswith("population") or measure.endswith("agencies_read")
        else "sex"
        if "commercial_sex" in measure
        else "labor"
        if "involuntary_servitude" in measure
        else "all"
    )
    return group, kind


def _tidy_records(sel: pd.DataFrame, table: str, key: str, place, label) -> list[dict]:
    """Chart records of tidy measure rows (county_measures or agency_measures), with their status."""
    records = []
    for row in sel.to_dict("records"):
        period = "" if words.missing(row["year"]) else str(int(row["year"]))
        group, kind = _groups(row["measure"])
        records.append(
            {
                "chart_label": label(row, period),
                "figure_id": "",
                "geography": place(row),
                "fips": row["fips"],
                "period_start": period,
                "period_end": period,
                "measure": row["measure"],
                "population_group": group,
                "subgroup": "",
                "trafficking_type": kind,
                "value": row["value"],
                "value_qualifier": "exact",
                "unit": row["unit"],
                "source_id": row["source_id"],
                "verification": "",
                "value_status": row["value_status"],
                "derivation": (
                    _("{table}: {key} {id}, measure {measure}, year {year}")
                    if period
                    else _("{table}: {key} {id}, measure {measure}")
                ).format(table=table, key=key, id=row[key], measure=row["measure"], year=period),
            }
        )
    return records


def county_rows(
    measure: str,
    fips: Iterable[str] | None = None,
    year: int | None = None,
    labels: Mapping[str, str] | None = None,
    by_year: bool = False,
) -> pd.DataFrame:
    """County-measure rows for one measure (optionally some places and a year), with their status.

    `fips` may include the statewide row ("55"). Each row is labelled by `labels` (by FIPS; default
    the place's name, never translated; a label given is translated here), or by its year with
    `by_year` (for series drawn over years).
    """
    cm = data.county_measures()
    sel = cm[cm["measure"] == measure]
    if year is not None:
        sel = sel[sel["year"] == year]
    if fips is not None:
        fips = list(fips)
        sel = sel.set_index("fips").loc[fips].reset_index()
    names = data.counties().set_index("fips")["county"].to_dict() | {STATE_FIPS: STATE_NAME}
    return _frame(
        _tidy_records(
            sel,
            "county_measures.csv",
            "fips",
            lambda r: names[r["fips"]],
            lambda r, period: (
                period if by_year else shown(labels[r["fips"]]) if r["fips"] in (labels or {}) else names[r["fips"]]
            ),
        )
    )


def agency_rows(measure: str, ori: str) -> pd.DataFrame:
    """One agency's rows of one measure, every year it has, labelled by year (agency_measures.csv)."""
    am = data.agency_measures()
    sel = am[(am["measure"] == measure) & (am["ori"] == ori)].sort_values("year")
    if sel.empty:
        raise KeyError(f"no agency rows for {ori} {measure}")
    return _frame(_tidy_records(sel, "agency_measures.csv", "ori", lambda r: r["agency"], lambda r, period: period))


def has_value(row) -> bool:
    """A chart row with a number: reported by its source or computed here from reported rows."""
    return row["value_status"] in ("reported", "computed") and pd.notna(row["value"])


def combine_rows(
    a: pd.DataFrame, b: pd.DataFrame, op: str, *, measure: str, geography: str, derivation: str
) -> pd.DataFrame:
    """Per year, a + b or a - b, for rows of one source labelled by year (`op` is "+" or "-").

    A year where either input is not reported stays not reported (its value missing, never 0).
    """
    others = b.set_index("chart_label")
    out = []
    for _i, x in a.iterrows():
        y = others.loc[x["chart_label"]]
        inputs = pd.DataFrame([x, y])
        row = computed_row(
            x["chart_label"],
            0.0,
            inputs,
            measure=measure,
            unit=x["unit"],
            geography=geography,
            derivation=f"{derivation}, {x['chart_label']}",
        )
        if has_value(x) and has_value(y):
            row["value"] = float(x["value"]) + (float(y["value"]) if op == "+" else -float(y["value"]))
        else:
            row = row.assign(
                value=float("nan"),
                value_status="not_reported",
                verification="",
                derivation=_("not computed: {a} or {b} not reported in {label}").format(
                    a=shown(x["geography"]), b=shown(y["geography"]), label=x["chart_label"]
                ),
            )
        out.append(row)
    return pd.concat(out, ignore_index=True)


def share_rows(
    part: pd.DataFrame, whole: pd.DataFrame, *, measure: str, geography: str, derivation: str, min_denominator: int
) -> pd.DataFrame:
    """Per year, part / whole x 100 (one decimal), shown only where whole >= min_denominator.

    Rows of one source labelled by year. A year below the threshold gets status share_not_shown and
    a year with either input not reported stays not_reported; neither has a value.
    """
    wholes = whole.set_index("chart_label")
    out = []
    for _i, p in part.iterrows():
        w = wholes.loc[p["chart_label"]]
        row = computed_row(
            p["chart_label"],
            0.0,
            pd.DataFrame([p, w]),
            measure=measure,
            unit="percent",
            geography=geography,
            derivation=f"{derivation}, {p['chart_label']}",
        )
        if not (has_value(p) and has_value(w)):
            row = row.assign(
                value=float("nan"),
                value_status="not_reported",
                verification="",
                derivation=_("not computed: not reported in {label}").format(label=p["chart_label"]),
            )
        elif float(w["value"]) < min_denominator:
            row = row.assign(
                value=float("nan"),
                value_status="share_not_shown",
                verification="",
                derivation=_("not shown: {n} is fewer than {minimum}, too few for a stable share ({label})").format(
                    n=words.format_number(w["value"]),
                    minimum=words.format_number(min_denominator),
                    label=p["chart_label"],
                ),
            )
        else:
            row["value"] = round(100 * float(p["value"]) / float(w["value"]), 1)
        out.append(row)
    return pd.concat(out, ignore_index=True)


def rate_rows(
    counts: pd.DataFrame, denominators: pd.DataFrame, *, measure: str, unit: str, geography: str, min_numerator: int
) -> pd.DataFrame:
    """Per year, count / residents x 100,000 (one decimal), only from counts of at least min_numerator.

    `counts` and `denominators` (population rows) are labelled by year. The rate row carries the
    count's source; callers show the denominator rows beside it so both sources are cited. Below the
    threshold the status is rate_not_shown; a count not reported stays not_reported.
    """
    pops = denominators.set_index("chart_label")
    out = []
    for _i, c in counts.iterrows():
        d = pops.loc[c["chart_label"]]
        row = computed_row(
            c["chart_label"],
            0.0,
            c.to_frame().T,
            measure=measure,
            unit=unit,
            geography=geography,
            derivation=_(
                "{measure} of {place} / residents of {area} ({residents}, 2020 Census) x 100,000, {label}"
            ).format(
                measure=c["measure"],
                place=shown(c["geography"]),
                area=shown(d["geography"]),
                residents=i18n.number(float(d["value"]), 0),
                label=c["chart_label"],
            ),
        )
        if not has_value(c):
            row = row.assign(value=float("nan"), value_status="not_reported", verification="")
        elif float(c["value"]) < min_numerator:
            row = row.assign(
                value=float("nan"),
                value_status="rate_not_shown",
                verification="",
                derivation=_("not shown: {n} is fewer than {minimum}, too few for a stable rate ({label})").format(
                    n=words.format_number(c["value"]),
                    minimum=words.format_number(min_numerator),
                    label=c["chart_label"],
                ),
            )
        else:
            row["value"] = round(float(c["value"]) / float(d["value"]) * 100_000, 1)
        out.append(row)
    return pd.concat(out, ignore_index=True)


def computed_row(
    label: str,
    value: float,
    inputs: pd.DataFrame,
    *,
    measure: str,
    unit: str,
    derivation: str,
    geography: str | None = None,
    population_group: str | None = None,
    fips: str | None = None,
) -> pd.DataFrame:
    """One value computed from `inputs` (rows of one source); the caller states the arithmetic.

    Raises ValueError when the inputs come from more than one source: a share or difference across
    sources that do not share a denominator is never computed.
    """
    sources = inputs["source_id"].dropna().unique()
    if len(sources) != 1:
        raise ValueError(f"computed values need inputs from exactly one source, got {list(sources)}")
    first = inputs.iloc[0]
    return _frame(
        [
            {
                "chart_label": label,
                "figure_id": "",
                "geography": geography or first["geography"],
                "fips": fips,
                "period_start": first["period_start"],
                "period_end": first["period_end"],
                "measure": measure,
                "population_group": population_group or first["population_group"],
                "subgroup": "",
                "trafficking_type": first["trafficking_type"],
                "value": value,
                "value_qualifier": "exact",
                "unit": unit,
                "source_id": sources[0],
                "verification": "computed",
                "value_status": "computed",
                "derivation": derivation,
            }
        ]
    )


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
    state = computed_row(
        STATE_NAME,
        state_total,
        counties,
        measure=measure,
        unit=counties["unit"].iloc[0],
        geography=STATE_NAME,
        fips=STATE_FIPS,
        derivation=_("sum of the {n} county rows of {measure}, {year}").format(
            n=words.format_number(len(counties)), measure=measure, year=year
        ),
    )
    rest = computed_row(
        _("Rest of Wisconsin"),
        state_total - mke_value,
        counties,
        measure=measure,
        unit=counties["unit"].iloc[0],
        geography=REST_OF_STATE,
        derivation=_("Wisconsin total minus Milwaukee County, {measure}, {year}").format(measure=measure, year=year),
    )
    mke = mke.assign(chart_label=MILWAUKEE_COUNTY)
    return pd.concat([mke, rest, state], ignore_index=True)


def share_row(
    label: str,
    part: pd.DataFrame,
    whole: pd.DataFrame,
    *,
    measure: str,
    derivation: str,
    geography: str | None = None,
    population_group: str | None = None,
) -> pd.DataFrame:
    """part / whole x 100 as a computed percent row; part and whole must come from one source."""
    inputs = pd.concat([part, whole], ignore_index=True)
    value = round(100 * float(part["value"].sum()) / float(whole["value"].sum()), 1)
    return computed_row(
        label,
        value,
        inputs,
        measure=measure,
        unit="percent",
        derivation=derivation,
        geography=geography,
        population_group=population_group,
        fips=whole["fips"].iloc[0] if whole["fips"].nunique() == 1 else None,
    )


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The CSV a chart's download button sends: its rows with source and status columns."""
    return rows.loc[:, CHART_COLUMNS]
