"""Pure figure builders for the content pages: chart rows in, `go.Figure` out.

Each builder takes a frame with `chart_data.CHART_COLUMNS` and draws only what it is given. Rules
kept here so every page obeys them:
- one measure per trace (`trace.meta["measure"]` says which), and `make_bar` / `make_grouped_bars`
  refuse rows of more than one measure or unit, so different counts never share an axis;
- each bar carries its value as text (with "more than" / "about" kept); a row with no number is
  not drawn as 0, it is left out and named in the summary;
- unverified rows are hatched and say "(unverified)" in their label; baseline (population) rows are
  grey and cross-hatched; computed rows are named in the summary and table.
- the chart's title is the page heading above it (and `layout.meta`), not drawn inside the plot,
  so it is never clipped and is read once by screen readers.
Words are in the current language. Axis titles, series and group names may be given as N_-marked
constants: the builders translate them (`_()` leaves text already translated as it is).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components import chart_data, labels, theme
from components.i18n import N_, _

BAR_COLOUR = theme.CATEGORICAL[0]
BASELINE_COLOUR = "#8c8c8c"
PATTERN = {"unverified": "/", "baseline": "x"}


def _one(rows: pd.DataFrame, column: str) -> str:
    values = rows[column].dropna().unique()
    if len(values) != 1:
        raise ValueError(f"a chart axis must show one {column}; got {sorted(map(str, values))}")
    return values[0]


def value_texts(rows: pd.DataFrame) -> list[str]:
    """Bar labels: the value as published ("more than 400", "55%"), plus the status when it matters."""
    out = []
    for row in rows.itertuples(index=False):
        text = labels.format_value(row.value, row.value_qualifier, row.unit)
        if row.verification == "unverified":
            text = _("{value} (unverified)").format(value=text)
        out.append(text)
    return out


def _patterns(rows: pd.DataFrame, baseline: pd.Series | None = None) -> list[str]:
    out = []
    for i, row in enumerate(rows.itertuples(index=False)):
        if baseline is not None and bool(baseline.iloc[i]):
            out.append(PATTERN["baseline"])
        else:
            out.append(PATTERN.get(row.verification, ""))
    return out


def _layout(fig: go.Figure, title: str, axis_title: str, horizontal: bool, n: int, max_value: float = 0.0) -> go.Figure:
    value_axis = {"title": {"text": _(axis_title)}, "rangemode": "tozero", "automargin": True}
    if max_value > 0:  # room for the value labels outside the bars
        value_axis["range"] = [0, max_value * (1.38 if horizontal else 1.15)]
    cat_axis = {"automargin": True, "type": "category"}
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        meta={"title": title},
        showlegend=False,
        bargap=0.35,
        height=max(260, 90 + 60 * n) if horizontal else 380,
        margin={"l": 10, "r": 20, "t": 20, "b": 10},
        uniformtext={"minsize": 14, "mode": "show"},
        xaxis=value_axis if horizontal else cat_axis,
        yaxis=cat_axis if horizontal else value_axis,
    )
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    return fig


def _max(rows: pd.DataFrame) -> float:
    values = rows["value"].dropna()
    return float(values.max()) if len(values) else 0.0


def make_bar(
    rows: pd.DataFrame, title: str, axis_title: str, horizontal: bool = True, year_axis: bool = False
) -> go.Figure:
    """Bars of one measure in one unit, one bar per row, labelled with its value.

    `rows` are chart rows (chart_data.CHART_COLUMNS); rows without a number are not drawn. With
    `year_axis` (vertical bars whose labels are years) the x axis is a real time axis, so years
    with no value show as gaps instead of being closed up. Raises ValueError if the rows mix
    measures or units.
    """
    measure, unit = _one(rows, "measure"), _one(rows, "unit")
    shown = rows[rows["value"].notna()]
    cats, vals = shown["chart_label"].tolist(), shown["value"].tolist()
    if year_axis:
        cats = [int(c) for c in cats]
    bar = go.Bar(
        x=vals if horizontal else cats,
        y=cats if horizontal else vals,
        orientation="h" if horizontal else "v",
        text=value_texts(shown),
        textposition="outside",
        cliponaxis=False,
        textfont={"size": 18},
        marker={
            "color": BAR_COLOUR,
            "pattern": {"shape": _patterns(shown), "fillmode": "overlay", "fgcolor": "#ffffff", "size": 8},
        },
        hovertemplate="%{text}<extra></extra>",
        name=labels.humanise(measure),
        meta={"measure": measure, "unit": unit},
    )
    fig = go.Figure(bar)
    _layout(fig, title, axis_title, horizontal, len(shown), _max(shown))
    if year_axis:
        fig.update_xaxes(
            type="linear",
            tickmode="array",
            tickvals=cats,
            ticktext=[str(c) for c in cats],
            tickangle=0,
            range=[min(cats) - 0.6, max(cats) + 0.6],
        )
    return fig


def make_grouped_bars(
    rows: pd.DataFrame, title: str, axis_title: str, group_col: str, group_labels: dict[str, str]
) -> go.Figure:
    """Vertical bars of ONE measure, grouped by `chart_label` (e.g. year) with one trace per group
    value of `group_col` (e.g. trafficking_type), labelled by `group_labels`. A legend names the groups.

    Raises ValueError if the rows mix measures or units.
    """
    measure, unit = _one(rows, "measure"), _one(rows, "unit")
    fig = go.Figure()
    for i, (key, name) in enumerate(group_labels.items()):
        name = _(name)
        part = rows[(rows[group_col] == key) & rows["value"].notna()]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["chart_label"].tolist(),
                y=part["value"].tolist(),
                name=name,
                text=value_texts(part),
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 18},
                marker={
                    "color": theme.CATEGORICAL[i % len(theme.CATEGORICAL)],
                    "pattern": {"shape": _patterns(part), "fillmode": "overlay", "fgcolor": "#ffffff"},
                },
                hovertemplate=f"{name}, %{{x}}: %{{text}}<extra></extra>",
                meta={"measure": measure, "unit": unit},
            )
        )
    _layout(fig, title, axis_title, False, len(rows), _max(rows))
    fig.update_layout(
        showlegend=True, barmode="group", legend={"orientation": "h", "y": -0.15, "x": 0, "title": {"text": ""}}
    )
    return fig


def make_share_chart(
    rows: pd.DataFrame, title: str, baseline: pd.Series, axis_title: str = N_("Percent (each of its own total)")
) -> go.Figure:
    """Horizontal percent bars, ONE TRACE PER ROW, for shares published by different sources.

    Each share has its own whole (hotline cases, study victims, residents ...), so each row is its
    own trace whose label says what it is a share of; rows flagged in `baseline` (population
    shares) are grey and cross-hatched. No bar is a sum or difference of another. Raises
    ValueError if any row is not a percent.
    """
    if set(rows["unit"]) != {"percent"}:
        raise ValueError("a share chart shows percents only")
    fig = go.Figure()
    shown = rows[rows["value"].notna()].reset_index(drop=True)
    base = baseline[rows["value"].notna()].reset_index(drop=True)
    patterns = _patterns(shown, base)
    texts = value_texts(shown)
    for i, row in shown.iterrows():
        fig.add_trace(
            go.Bar(
                x=[row["value"]],
                y=[row["chart_label"]],
                orientation="h",
                text=[texts[i]],
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 18},
                name=row["chart_label"],
                marker={
                    "color": BASELINE_COLOUR if base.iloc[i] else BAR_COLOUR,
                    "pattern": {"shape": patterns[i], "fillmode": "overlay", "fgcolor": "#ffffff", "size": 8},
                },
                hovertemplate="%{y}: %{text}<extra></extra>",
                meta={"measure": row["measure"], "unit": "percent"},
            )
        )
    _layout(fig, title, axis_title, True, len(shown))
    fig.update_xaxes(range=[0, 105], ticksuffix="%")
    return fig


def _year_axis(fig: go.Figure, years: list[int]) -> None:
    fig.update_xaxes(
        type="linear",
        tickmode="array",
        tickvals=years,
        ticktext=[str(y) for y in years],
        tickangle=0,
        range=[min(years) - 0.5, max(years) + 0.5],
        title={"text": ""},
    )


def make_year_bars(
    rows: pd.DataFrame, title: str, axis_title: str, series: dict[str, str], years: list[int] | None = None
) -> go.Figure:
    """Bars of ONE measure by year, one trace per series (`series`: geography -> legend name), side by side.

    Rows are labelled by year (chart_label). A year without a value has no bar, and the year axis is
    a real time axis, so the gap shows; `years` sets the axis (charts that share one), else the
    rows' own years. Raises ValueError if the rows mix measures or units.
    """
    measure, unit = _one(rows, "measure"), _one(rows, "unit")
    fig = go.Figure()
    for i, (geography, name) in enumerate(series.items()):
        name = _(name)
        part = rows[(rows["geography"] == geography) & rows["value"].notna()]
        fig.add_trace(
            go.Bar(
                x=part["chart_label"].astype(int).tolist(),
                y=part["value"].tolist(),
                name=name,
                text=value_texts(part),
                textposition="outside",
                cliponaxis=False,
                textfont={"size": 15},
                marker={"color": theme.CATEGORICAL[i % len(theme.CATEGORICAL)]},
                hovertemplate=f"{name}, %{{x}}: %{{text}}<extra></extra>",
                meta={"measure": measure, "unit": unit},
            )
        )
    _layout(fig, title, axis_title, False, len(rows), _max(rows))
    fig.update_layout(
        showlegend=True,
        barmode="group",
        bargap=0.2,
        height=440,
        legend={"orientation": "h", "y": -0.12, "x": 0, "title": {"text": ""}},
    )
    _year_axis(fig, years or sorted({int(y) for y in rows["chart_label"]}))
    return fig


def make_share_lines(
    rows: pd.DataFrame,
    title: str,
    series: dict[str, str],
    baselines: pd.DataFrame,
    baseline_series: dict[str, str],
    axis_title: str = N_("Percent"),
    label_at: dict[str, str] | None = None,
) -> go.Figure:
    """Percent shares by year, one line per series (`series`: geography -> legend name), against flat
    dashed baselines: one per row of `baselines`, drawn in the colour of the series its geography
    belongs to (`baseline_series`: baseline geography -> series geography), grey otherwise.

    `label_at` (geography -> "top center", "bottom center", ...) writes the values beside the points
    of those series only, so labels of close lines do not overprint; every value is in the hover,
    the summary and the table.

    Every year is on the axis; a year without a value breaks the line instead of joining across it.
    Raises ValueError if any row or baseline is not a percent.
    """
    if set(rows["unit"]) | set(baselines["unit"]) != {"percent"}:
        raise ValueError("a share chart shows percents only")
    years = sorted({int(y) for y in rows["chart_label"]})
    fig = go.Figure()
    colours = {g: theme.CATEGORICAL[i % len(theme.CATEGORICAL)] for i, g in enumerate(series)}
    for geography, name in series.items():
        name = _(name)
        part = rows[rows["geography"] == geography].set_index(
            rows.loc[rows["geography"] == geography, "chart_label"].astype(int)
        )
        values = [part.at[y, "value"] if y in part.index and pd.notna(part.at[y, "value"]) else None for y in years]
        texts = [labels.format_value(v, "exact", "percent") if v is not None else "" for v in values]
        position = (label_at or {}).get(geography)
        fig.add_trace(
            go.Scatter(
                x=years,
                y=values,
                name=name,
                mode="lines+markers+text" if position else "lines+markers",
                text=texts,
                textposition=position or "top center",
                textfont={"size": 14},
                connectgaps=False,
                line={"color": colours[geography], "width": 3},
                marker={"size": 9},
                hovertemplate=f"{name}, %{{x}}: %{{text}}<extra></extra>",
                meta={"measure": _one(part, "measure"), "unit": "percent"},
            )
        )
    for _i, b in baselines.iterrows():
        colour = colours.get(baseline_series.get(b["geography"]), BASELINE_COLOUR)
        text = labels.format_value(b["value"], b["value_qualifier"], "percent")
        fig.add_trace(
            go.Scatter(
                x=[years[0] - 0.4, years[-1] + 0.4],
                y=[b["value"], b["value"]],
                mode="lines",
                name=b["chart_label"],
                line={"color": colour, "width": 2, "dash": "dash"},
                hovertemplate=f"{b['chart_label']}: {text}<extra></extra>",
                meta={"measure": b["measure"], "unit": "percent", "baseline": True},
            )
        )
    _layout(fig, title, axis_title, False, len(rows))
    fig.update_layout(
        showlegend=True, height=480, legend={"orientation": "h", "y": -0.12, "x": 0, "title": {"text": ""}}
    )
    fig.update_yaxes(range=[0, 105], ticksuffix="%")
    _year_axis(fig, years)
    return fig


def series_summary(rows: pd.DataFrame, what: str, series: dict[str, str]) -> str:
    """A text version of a chart over years: for each series, every year's value or why it has none."""
    parts = []
    for geography, name in series.items():
        part = rows[rows["geography"] == geography]
        values = []
        for r in part.itertuples(index=False):
            if pd.notna(r.value):
                value = labels.format_value(r.value, r.value_qualifier, r.unit, with_unit=True)
            else:
                value = chart_data.status_words(r.value_status)
            values.append(_("{year} {value}").format(year=r.chart_label, value=value))
        parts.append(f"{_(name)}: " + ", ".join(values))
    return f"{_(what)}. " + "; ".join(parts) + "."


def summary_text(rows: pd.DataFrame, what: str) -> str:
    """A one-paragraph text version of a chart: what it shows, then every label and value."""
    parts = []
    all_computed = bool(len(rows)) and (rows["verification"] == "computed").all()
    for row in rows.itertuples(index=False):
        text = labels.format_value(row.value, row.value_qualifier, row.unit, with_unit=True)
        if row.verification == "computed" and not all_computed:
            parts.append(_("{label}: {value} (computed here)").format(label=row.chart_label, value=text))
        elif row.verification == "unverified":
            parts.append(_("{label}: {value} (unverified)").format(label=row.chart_label, value=text))
        else:
            parts.append(f"{row.chart_label}: {text}")
    tail = " " + _("All values computed here from the cited rows.") if all_computed else ""
    return f"{_(what)}. " + "; ".join(parts) + "." + tail
