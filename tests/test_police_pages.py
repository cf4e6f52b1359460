"""The NIBRS series on the pages: charts equal the tidy rows, coverage travels with every export.

Expected values are computed here from the published CSV files (read with the csv module), never
typed in, so a data change that a page did not follow fails these tests.
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from dash import html

import app as app_module  # registers the pages
import config
from components import cards, data, ids, map_data
from components.map_panels import county_panel
from etl.ingest.policy import load_policy
from etl.steps.state_checks import transform_state_checks
from etl.tables import read_raw_csv
from pages import map as map_page
from pages import milwaukee, overview, sources, youth
from tests.test_pages import text_of, walk

MKE, STATE = "55079", "55"


def tidy(name: str) -> list[dict]:
    with open(config.TIDY / f"{name}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def series(rows: list[dict], fips: str, measure: str) -> dict[int, float | None]:
    return {
        int(r["year"]): (float(r["value"]) if r["value"] else None)
        for r in rows
        if r["fips"] == fips and r["measure"] == measure
    }


def trace_values(fig, name: str) -> dict[int, float]:
    (trace,) = [t for t in fig.data if t.name == name]
    return {int(x): y for x, y in zip(trace.x, trace.y) if y is not None}


def test_milwaukee_police_chart_draws_the_tidy_values():
    cm, am = tidy("county_measures"), tidy("agency_measures")
    chart = milwaukee.police_chart()
    mpd = {
        int(r["year"]): float(r["value"])
        for r in am
        if r["ori"] == "WIMPD0000" and r["measure"] == "nibrs_ht_offenses" and r["value"]
    }
    county = series(cm, MKE, "nibrs_ht_offenses")
    state = series(cm, STATE, "nibrs_ht_offenses")
    rest = {y: state[y] - county[y] for y in state if state[y] is not None and county[y] is not None}
    names = list(milwaukee.POLICE_SERIES.values())
    assert trace_values(chart.figure, names[0]) == mpd
    assert trace_values(chart.figure, names[1]) == {y: v for y, v in county.items() if v is not None}
    assert trace_values(chart.figure, names[2]) == rest
    assert {t.meta["measure"] for t in chart.figure.data} == {"nibrs_ht_offenses"}
    # coverage is on the card: how many agencies each year rests on, from the tidy rows
    read = series(cm, STATE, "nibrs_ht_agencies_read")
    assert all(f"{y}: " in chart.notes[1] and f"of {int(n)}" in chart.notes[1] for y, n in read.items())


def test_milwaukee_rate_chart_divides_by_the_same_areas_and_keeps_the_threshold():
    policy = load_policy()
    cm = tidy("county_measures")
    chart = milwaukee.police_rate_chart()
    counts = series(cm, MKE, "nibrs_ht_offenses")
    pop = float(next(r["value"] for r in cm if r["fips"] == MKE and r["measure"] == "population"))
    want = {
        y: round(v / pop * 100_000, 1) for y, v in counts.items() if v is not None and v >= policy.rate_min_numerator
    }
    assert trace_values(chart.figure, chart.figure.data[0].name) == want
    hidden = chart.rows[chart.rows["value_status"] == "rate_not_shown"]
    assert len(hidden) and hidden["value"].isna().all()


def test_youth_police_chart_draws_known_age_shares_where_counts_allow():
    minimum = load_policy().share_min_denominator
    cm = tidy("county_measures")
    chart = youth.police_chart()
    for fips, name in ((STATE, list(youth.YOUTH_SERIES.values())[0]), (MKE, list(youth.YOUTH_SERIES.values())[1])):
        juvenile = series(cm, fips, "nibrs_ht_victims_juvenile")
        adult = series(cm, fips, "nibrs_ht_victims_adult")
        want = {
            y: round(100 * juvenile[y] / (juvenile[y] + adult[y]), 1)
            for y in juvenile
            if juvenile[y] is not None and adult[y] is not None and juvenile[y] + adult[y] >= minimum
        }
        assert trace_values(chart.figure, name) == want and want
    # unknown ages are shown separately, in words, from the tidy rows
    unknown = series(cm, STATE, "nibrs_ht_victims_unknown_age")
    assert all(f"{y}: {int(v)}" in chart.summary for y, v in unknown.items() if v)
    baselines = [t for t in chart.figure.data if t.meta.get("baseline")]
    assert len(baselines) == 3 and {t.meta["measure"] for t in baselines} == {"population_under18_share"}


def test_map_opens_on_police_recorded_offenses_in_the_latest_year():
    store = next(c for c in walk(map_page.layout()) if getattr(c, "id", None) == ids.MAP_STATE).data
    years = [int(r["year"]) for r in tidy("county_measures") if r["measure"] == "nibrs_ht_offenses"]
    assert (store["measure"], store["year"]) == ("nibrs_ht_offenses", max(years))


def test_county_panel_names_the_agencies_behind_the_number():
    year = max(int(r["year"]) for r in tidy("agency_measures"))
    panel = html.Div(county_panel(MKE, map_data.catalog(), "nibrs_ht_offenses", year))
    (table,) = [c for c in walk(panel) if isinstance(c, html.Table) and "agency-table" in (c.className or "")]
    agencies = [
        r
        for r in tidy("agency_measures")
        if r["fips"] == MKE and r["year"] == str(year) and r["measure"] == "nibrs_ht_offenses"
    ]
    shown = text_of(table)
    assert agencies and all(r["agency"] in shown for r in agencies)
    total = sum(float(r["value"]) for r in agencies if r["value"])
    assert series(tidy("county_measures"), MKE, "nibrs_ht_offenses")[year] == total
    # a measure without agency rows has no such block
    other = html.Div(county_panel(MKE, map_data.catalog(), "population", 2020))
    assert not [c for c in walk(other) if isinstance(c, html.Table) and "agency-table" in (c.className or "")]


def test_coverage_statuses_survive_into_the_map_download():
    first = min(int(r["year"]) for r in tidy("county_measures") if r["measure"] == "nibrs_ht_offenses")
    out = map_page.update_map_download(
        1, map_page._state_data(map_data.state(measure="nibrs_ht_offenses", year=first), replace=False)
    )
    frame = pd.read_csv(io.StringIO(out["content"]), dtype=str, keep_default_na=False)
    missing = frame[frame["value_status"] == "not_reported"]
    assert len(missing) and (missing["value"] == "").all()
    assert missing["note"].str.contains("no agency data read").all()
    assert frame.loc[frame["value_status"] == "reported", "note"].str.contains("agenc").all()


def test_coverage_statuses_survive_into_the_chart_downloads():
    for chart_id in (ids.MKE_POLICE, ids.MKE_POLICE_RATE, ids.YOUTH_POLICE):
        payload = cards.download_payload(chart_id)
        frame = pd.read_csv(io.StringIO(payload["content"]), dtype=str, keep_default_na=False)
        assert {"value_status", "source_id", "derivation"} <= set(frame.columns)
        assert "fbi_nibrs_ht_agency_kaplan" in set(frame["source_id"])
    youth_rows = pd.read_csv(
        io.StringIO(cards.download_payload(ids.YOUTH_POLICE)["content"]), dtype=str, keep_default_na=False
    )
    assert {"not_reported", "share_not_shown"} <= set(youth_rows["value_status"])


def test_the_data_package_carries_the_new_tables_and_statuses():
    package = json.loads((config.TIDY / "datapackage.json").read_text())
    resources = {r["name"]: r for r in package["resources"]}
    assert {"agency_measures", "state_checks"} <= set(resources)
    for name in ("county_measures", "agency_measures"):
        fields = {f["name"]: f for f in resources[name]["schema"]["fields"]}
        assert "value_status" in fields and "not_reported" in fields["value_status"]["constraints"]["enum"]
    client = app_module.app.server.test_client()
    for name in ("agency_measures.csv", "state_checks.csv"):
        resp = client.get(f"/download/{name}")
        assert resp.status_code == 200 and resp.data == (config.TIDY / name).read_bytes()


def test_state_checks_quote_the_ledger_and_the_statewide_sums():
    checks = tidy("state_checks")
    ledger = {r["figure_id"]: r["value"] for r in tidy("figures")}
    state = {(r["year"], r["measure"]): r["value"] for r in tidy("county_measures") if r["fips"] == STATE}
    assert len(checks) >= 6
    for c in checks:
        assert c["published_value"] == ledger[c["figure_id"]]
        assert c["agencies_sum"] == state[(c["year"], c["measure"])]
        gap = float(c["published_value"]) - float(c["agencies_sum"])
        assert c["check_status"] == ("gap" if gap else "matched") and bool(c["explanation"]) == bool(gap)


def test_a_gap_without_an_explanation_or_a_stale_note_stops_the_build(tmp_path):
    checks = tmp_path / "checks.csv"
    raw = config.RAW / "nibrs" / "state_total_checks.csv"
    rows = list(csv.DictReader(open(raw, encoding="utf-8")))
    gap = next(r for r in rows if r["explanation"])
    matched = next(r for r in rows if not r["explanation"])
    for edit, message in (
        ({**gap, "explanation": ""}, "explain the gap"),
        ({**matched, "explanation": "a stale note"}, "remove the note"),
    ):
        with open(checks, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerow(edit)
        with pytest.raises(Exception, match=message):
            transform_state_checks(
                read_raw_csv(checks), "checks.csv", data.county_measures(), data.figures(), "fbi_nibrs_ht_agency_kaplan"
            )


def test_sources_page_shows_every_check():
    section = sources.state_checks_table()
    (table,) = [c for c in walk(section) if getattr(c, "id", None) == ids.STATE_CHECKS_TABLE]
    body = [c for c in walk(table) if isinstance(c, html.Tbody)][0]
    checks = tidy("state_checks")
    assert len(body.children) == len(checks)
    text = text_of(section)
    for c in checks:
        assert c["figure_id"] in text and (c["explanation"] or "equals the published total") in text


def test_overview_police_card_is_a_floor_from_the_latest_statewide_sum():
    fig = overview.police_figure()
    cm = tidy("county_measures")
    offenses = series(cm, STATE, "nibrs_ht_offenses")
    latest = max(y for y, v in offenses.items() if v is not None)
    agencies = series(cm, STATE, "nibrs_ht_agencies_read")[latest]
    assert (fig["value"], fig["period_start"], fig["value_qualifier"]) == (offenses[latest], str(latest), "at_least")
    assert f"{int(agencies)} Wisconsin police agencies" in fig["description"]


def test_the_county_panel_keeps_every_figures_qualifier():
    """One formatter: the map's county panel writes each ledger figure as every other page does."""
    from components import chart_data, labels

    figures = data.figures()
    local = figures[figures["fips"].isin(map_data.catalog().fips)]
    assert (local["value_qualifier"] != "exact").any()
    for fips, rows in local.groupby("fips"):
        text = text_of(html.Div(county_panel(fips, map_data.catalog())))
        for fid in rows["figure_id"]:
            assert chart_data.figure_text(fid) in text, (fips, fid)
    dane = text_of(html.Div(county_panel("55025", map_data.catalog())))
    assert "more than 400 victims" in dane and "about 300 victims" in dane
    assert "about 70%" in text_of(html.Div(county_panel(MKE, map_data.catalog())))
    # the map builds its words with the same module: no second copy of a formatter
    import components.map_view as map_view

    assert not [
        name for name in ("format_number", "format_value", "format_rate", "unit_word") if hasattr(map_view, name)
    ]
    assert labels.format_measure(1, "offenses", "count") == "1 offense"
