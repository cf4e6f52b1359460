"""Figure builders, labels, chart rows and citation sentences, on a few rows each."""

import math

import pandas as pd
import pytest

from components import chart_data, charts, citations, data, labels
from components.chart_data import CHART_COLUMNS


def rows(*specs):
    """Chart rows from (label, value, measure, unit[, qualifier[, verification]]) tuples."""
    records = []
    for spec in specs:
        label, value, measure, unit, *rest = spec
        qualifier = rest[0] if rest else "exact"
        verification = rest[1] if len(rest) > 1 else "primary"
        rec = dict.fromkeys(CHART_COLUMNS, "")
        rec.update(
            chart_label=label,
            value=value,
            measure=measure,
            unit=unit,
            value_qualifier=qualifier,
            verification=verification,
            source_id="fbi_ucr_ht_2017",
            trafficking_type="all",
            value_status="reported",
        )
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=CHART_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    return frame


# --- labels ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,qualifier,unit,with_unit,expected",
    [
        (667, "more_than", "victims", True, "more than 667 victims"),
        (33, "approx", "percent", False, "about 33%"),
        (5893718, "exact", "persons", True, "5,893,718 people"),
        (1, "exact", "arrests", True, "1 arrest"),
        (1, "exact", "counties", True, "1 county"),
        (6.3, "exact", "percent", False, "6.3%"),
        (float("nan"), "qualitative", "counties", True, "no number given"),
        (0, "exact", "offenses", True, "0 offenses"),
    ],
)
def test_format_value(value, qualifier, unit, with_unit, expected):
    assert labels.format_value(value, qualifier, unit, with_unit=with_unit) == expected


def test_missing_value_is_never_zero():
    assert "0" not in labels.format_value(float("nan"), "exact", "cases", with_unit=True)


@pytest.mark.parametrize(
    "start,end,expected",
    [
        ("2024", "2024", "2024"),
        ("2013-01-01", "2016-12-31", "2013\u20132016"),
        ("2007", None, "since 2007 (end not stated)"),
        (None, None, "period not stated"),
        ("2013-07-25", "2013-07-28", "25 Jul 2013 to 28 Jul 2013"),
        ("2015-11", float("nan"), "since Nov 2015 (end not stated)"),
    ],
)
def test_format_period(start, end, expected):
    assert labels.format_period(start, end) == expected


def test_unknown_status_raises():
    with pytest.raises(KeyError):
        labels.status("probably")


# --- builders -------------------------------------------------------------------------------------


def test_make_bar_values_and_labels():
    r = rows(
        ("2016", 63, "hotline_cases", "cases"),
        ("2018", 134, "hotline_cases", "cases", "exact", "unverified"),
        ("2019", 400, "hotline_cases", "cases", "more_than"),
    )
    fig = charts.make_bar(r, "t", "Cases", horizontal=False)
    (trace,) = fig.data
    assert list(trace.x) == ["2016", "2018", "2019"] and list(trace.y) == [63, 134, 400]
    assert list(trace.text) == ["63", "134 (unverified)", "more than 400"]
    assert trace.meta["measure"] == "hotline_cases"
    assert trace.marker.pattern.shape[1] == "/" and trace.marker.pattern.shape[0] == ""
    assert fig.layout.meta["title"] == "t"


def test_make_bar_year_axis_keeps_gaps():
    r = rows(("2012", 27, "hotline_cases", "cases"), ("2024", 111, "hotline_cases", "cases"))
    fig = charts.make_bar(r, "t", "Cases", horizontal=False, year_axis=True)
    assert list(fig.data[0].x) == [2012, 2024] and fig.layout.xaxis.type == "linear"


def test_make_bar_leaves_out_missing_values_instead_of_zero():
    r = rows(("a", 5, "m", "cases"), ("b", float("nan"), "m", "cases"))
    fig = charts.make_bar(r, "t", "x")
    assert list(fig.data[0].y) == ["a"] and list(fig.data[0].x) == [5]


@pytest.mark.parametrize("second", [("b", 2, "fbi_ht_offenses", "cases"), ("b", 2, "hotline_cases", "offenses")])
def test_make_bar_refuses_mixed_measures_or_units(second):
    r = rows(("a", 1, "hotline_cases", "cases"), second)
    with pytest.raises(ValueError):
        charts.make_bar(r, "t", "x")


def test_make_grouped_bars_one_measure_per_trace():
    r = rows(
        ("2016", 34, "fbi_ht_offenses", "offenses"),
        ("2016", 1, "fbi_ht_offenses", "offenses"),
        ("2017", 59, "fbi_ht_offenses", "offenses"),
    )
    r["trafficking_type"] = ["sex", "labor", "sex"]
    fig = charts.make_grouped_bars(r, "t", "Offenses", "trafficking_type", {"sex": "Sex", "labor": "Labor"})
    assert [t.name for t in fig.data] == ["Sex", "Labor"]
    assert list(fig.data[0].y) == [34, 59] and list(fig.data[1].y) == [1]
    assert {t.meta["measure"] for t in fig.data} == {"fbi_ht_offenses"}
    r.loc[2, "measure"] = "hotline_cases"
    with pytest.raises(ValueError):
        charts.make_grouped_bars(r, "t", "x", "trafficking_type", {"sex": "Sex"})


def test_make_share_chart_one_trace_per_row_and_percent_only():
    r = rows(
        ("Hotline", 30.2, "hotline_cases_share", "percent"),
        ("Study", 55, "mcw_victims_share", "percent"),
        ("Residents", 21.7, "population_under18_share", "percent"),
    )
    fig = charts.make_share_chart(r, "t", pd.Series([False, False, True]))
    assert len(fig.data) == 3
    assert [t.meta["measure"] for t in fig.data] == [
        "hotline_cases_share",
        "mcw_victims_share",
        "population_under18_share",
    ]
    assert fig.data[2].marker.color == charts.BASELINE_COLOUR and fig.data[0].marker.color != charts.BASELINE_COLOUR
    with pytest.raises(ValueError):
        charts.make_share_chart(rows(("x", 3, "m", "cases")), "t", pd.Series([False]))


def test_summary_text_lists_every_row():
    r = rows(("2021", 445, "cps", "allegations"), ("2022", 312, "cps", "allegations"))
    text = charts.summary_text(r, "Allegations by year")
    assert text == "Allegations by year. 2021: 445 allegations; 2022: 312 allegations."


# --- chart rows -----------------------------------------------------------------------------------


def test_ledger_rows_are_exact_and_unknown_ids_raise():
    r = chart_data.ledger_rows(["NHTH_2016_minors", "NHTH_2016_cases"], {"NHTH_2016_cases": "All"})
    assert list(r["value"]) == [19, 63] and list(r["chart_label"]) == ["NHTH_2016_minors", "All"]
    assert list(r.columns) == CHART_COLUMNS
    with pytest.raises(KeyError):
        chart_data.ledger_rows(["NO_SUCH_FIGURE"])


def test_milwaukee_rest_state_share_one_denominator():
    r = chart_data.milwaukee_rest_state("population").set_index("chart_label")["value"]
    assert r["Wisconsin"] == 5_893_718 and r["Milwaukee County"] == 939_489
    assert r["Rest of Wisconsin"] == r["Wisconsin"] - r["Milwaukee County"]


def test_computed_values_refuse_inputs_from_two_sources():
    a = chart_data.ledger_rows(["MPD_2024_cases"])
    b = chart_data.ledger_rows(["NHTH_2024_cases"])
    with pytest.raises(ValueError):
        chart_data.share_row("Milwaukee share", a, b, measure="x", derivation="x")


def test_share_row_same_source():
    r = chart_data.ledger_rows(["NHTH_2016_minors", "NHTH_2016_cases"])
    share = chart_data.share_row("s", r.iloc[[0]], r.iloc[[1]], measure="hotline_cases_share", derivation="19/63")
    assert math.isclose(share["value"].iloc[0], 30.2) and share["verification"].iloc[0] == "computed"
    assert share["source_id"].iloc[0] == "wisgazette_2017_ht_cases_rise"


# --- citation sentence ----------------------------------------------------------------------------


def ledger_row(fid):
    return data.figures().set_index("figure_id", drop=False).loc[fid].to_dict()


def test_cite_sentence_carries_value_period_source_date_and_status():
    s = citations.cite_sentence(ledger_row("NHTH_2024_cases"))
    assert s.startswith(
        "Wisconsin, 2024: 111 cases. Wisconsin human trafficking cases opened by the national "
        "hotline in 2024 (FOX6 News Milwaukee, 2026-01-16, reporting National Human Trafficking Hotline"
    )
    assert s.endswith(
        "; secondary source; https://www.fox6now.com/news/human-trafficking-prevention-month-wisconsin-data-crime)."
    )


def test_cite_sentence_qualifier_and_unverified():
    s = citations.cite_sentence(ledger_row("NHTH_cum_2007_2018_victims"))
    assert "more than 667 victims" in s and "unverified claim, no source traced" in s


def test_cite_sentence_primary_has_no_reporting_clause():
    s = citations.cite_sentence(ledger_row("FBI_2017_total_offenses"))
    assert s.startswith("Wisconsin, 2017: 65 offenses.") and "primary source" in s and "reporting" not in s


def test_source_line_lists_each_source_once():
    line = citations.source_line(["fbi_ucr_ht_2017", "fbi_ucr_ht_2017", "fbi_ucr_ht_2016"])
    links = [c for c in line.children if getattr(c, "href", "").startswith("http")]
    assert len(links) == 2
