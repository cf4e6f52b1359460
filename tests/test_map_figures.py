"""Pure builders of /map: view (statuses, rates, classes), figure traces, patches, table order, summary."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.io as pio
import pytest

from components import theme
from components.map_figures import (
    SELECTED_SLOT,
    SLOTS,
    STATUS_SLOTS,
    STATUS_Z,
    legend_title,
    make_county_map,
    patch_from_slots,
    slot_updates,
)
from components.map_panels import sort_counties
from components.map_state import MeasureInfo
from components.map_view import build_view, classify, summary_text

#: The rate threshold these views are built with (the app passes the published policy's value).
MIN = 20

COUNTIES = pd.DataFrame(
    {
        "fips": ["55001", "55003", "55005", "55007", "55009", "55011"],
        "county": [
            "Adams County",
            "Ashland County",
            "Barron County",
            "Bayfield County",
            "<b>Brown</b> County",
            "Buffalo County",
        ],
        "population_2020": [20000, 16000, 46000, 16000, 268000, 13000],
        "population_under18_2020": [3000, 3400, 9800, 2700, 60000, 2800],
        "federal_district": ["Western"] * 4 + ["Eastern", "Western"],
    }
)
OFFENSES = MeasureInfo("fbi_ht_offenses", "Offenses", "offenses", "count", True, "population", years=(2015,))
PRESENCE = MeasureInfo("fbi_ht_presence", "Offense recorded", "flag", "presence", True, "", years=(2015,))
PUBLISHERS = {"src": "Publisher <i>X</i>"}


def rows(measure: str, cells: dict[str, tuple]) -> pd.DataFrame:
    """County_measures rows: fips -> (value, status); 55011 left out (no row at all)."""
    return pd.DataFrame(
        [
            {
                "fips": f,
                "year": 2015,
                "measure": measure,
                "value": v,
                "value_status": s,
                "unit": "offenses",
                "source_id": "src",
                "note": "n" if v is None else None,
                "policy_version": "p1",
            }
            for f, (v, s) in cells.items()
        ]
    )


CELLS = {
    "55001": (0.0, "reported"),
    "55003": (None, "suppressed"),
    "55005": (None, "not_reported"),
    "55007": (25.0, "reported"),
    "55009": (40.0, "reported"),
}


@pytest.fixture
def count_view():
    return build_view(rows("fbi_ht_offenses", CELLS), COUNTIES, OFFENSES, 2015, "count", PUBLISHERS, min_numerator=MIN)


@pytest.fixture
def rate_view():
    cells = CELLS | {"55007": (19.0, "reported")}
    return build_view(
        rows("fbi_ht_offenses", cells), COUNTIES, OFFENSES, 2015, "rate", PUBLISHERS, ("census",), min_numerator=MIN
    )


def _by_slot(updates):
    return dict(zip(SLOTS, updates))


def test_every_status_in_its_own_trace(count_view):
    slots = _by_slot(slot_updates(count_view))
    assert slots["suppressed"]["locations"] == ["55003"]
    assert sorted(slots["not_reported"]["locations"]) == ["55005", "55011"]  # no row = not reported
    assert slots["rate_not_shown"]["locations"] == []
    reported = [loc for s in SLOTS[:5] for loc in slots[s]["locations"]]
    assert sorted(reported) == ["55001", "55007", "55009"]
    # each county exactly once outside the selection outline
    every = [loc for s in SLOTS if s != "selected" for loc in slots[s]["locations"]]
    assert sorted(every) == sorted(COUNTIES["fips"])


def test_missing_values_never_get_a_value_as_z(count_view, rate_view):
    for view in (count_view, rate_view):
        slots = _by_slot(slot_updates(view))
        for status in STATUS_SLOTS:
            assert all(z == STATUS_Z for z in slots[status]["z"]), status
            assert 0 not in slots[status]["z"]
        # reported zero stays a real 0 in a colour class, distinct from suppressed / not reported
    slots = _by_slot(slot_updates(count_view))
    zs = {loc: z for s in SLOTS[:5] for loc, z in zip(slots[s]["locations"], slots[s]["z"])}
    assert zs == {"55001": 0.0, "55007": 25.0, "55009": 40.0}
    assert STATUS_Z < 0  # outside every measure's domain


def test_status_traces_have_distinct_fills_and_outlines(count_view):
    fig = make_county_map(count_view, {"type": "FeatureCollection", "features": []})
    traces = {t.uid: t for t in fig.data}
    styles = {(traces[s].colorscale[0][1], traces[s].marker.line.color) for s in STATUS_SLOTS}
    assert len(styles) == 3
    class_fills = {traces[s].colorscale[0][1] for s in SLOTS[:5] if traces[s].locations}
    assert not class_fills & {traces[s].colorscale[0][1] for s in STATUS_SLOTS}
    assert traces["suppressed"].colorscale[0][1] == theme.STATUS_STYLE["suppressed"]["fill"]
    assert traces["not_reported"].colorscale[0][1] == theme.STATUS_STYLE["not_reported"]["fill"]


def test_the_rate_threshold_comes_from_the_caller_and_names_itself():
    cells = {"55001": (25.0, "reported"), "55003": (40.0, "reported")}
    view = build_view(
        rows("fbi_ht_offenses", cells), COUNTIES, OFFENSES, 2015, "rate", PUBLISHERS, ("census",), min_numerator=30
    )
    by = {c.fips: c for c in view.counties}
    assert by["55001"].status == "rate_not_shown" and by["55003"].status == "reported"
    assert by["55001"].value_text == view.status_text("rate_not_shown") == "Rate not shown (fewer than 30)"
    assert "below 30" in summary_text(view)
    names = [u["name"] for u in slot_updates(view)]
    assert any(n.startswith("Rate not shown (fewer than 30)") for n in names)


def test_rates_need_a_numerator_of_at_least_20(rate_view):
    by = {c.fips: c for c in rate_view.counties}
    assert by["55007"].status == "rate_not_shown" and by["55007"].value is None  # 19 offenses
    assert by["55001"].status == "rate_not_shown"  # 0 offenses: no rate either, and not a 0 rate
    assert by["55009"].status == "reported"
    assert by["55009"].value == pytest.approx(40 / 268000 * 100000)
    assert by["55003"].status == "suppressed" and by["55005"].status == "not_reported"
    assert "rate not shown" in by["55007"].value_text.lower()
    slots = _by_slot(slot_updates(rate_view))
    assert sorted(slots["rate_not_shown"]["locations"]) == ["55001", "55007"]
    export = rate_view.export.set_index("fips")
    assert export.loc["55007", "rate_status"] == "rate_not_shown"
    assert pd.isna(export.loc["55007", "rate_per_100000"])
    assert export.loc["55009", "rate_per_100000"] == pytest.approx(14.93, abs=0.01)
    assert "census" in rate_view.source_ids


def test_classes_presence_has_exactly_two():
    assert [c.label for c in classify([0, 1, 1, 0], "presence")] == ["None recorded", "At least one recorded"]
    assert len(classify([1] * 72, "presence")) == 2


def test_classes_few_values_one_class_each():
    assert [c.label for c in classify([1, 3, 3], "count")] == ["1", "3"]
    assert classify([], "count") == ()


def test_classes_many_values_at_most_five_and_cover_every_value():
    values = [0] * 41 + [1] * 11 + [2] * 6 + [3] * 4 + [4] * 5 + [5, 6, 7, 8, 8]
    classes = classify(values, "count")
    assert 2 <= len(classes) <= 5
    assert classes[0].label == "0"
    for v in values:
        assert sum(c.lower <= v <= c.upper for c in classes) == 1
    shares = classify([14.37 + i * 0.25 for i in range(72)], "share")
    assert len(shares) == 5
    assert all(c.lower < c.upper for c in shares)


def test_legend_one_entry_per_class_and_status(count_view):
    fig = make_county_map(count_view, "/download/counties.geojson")
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == [
        "0 (1 county)",
        "25 (1 county)",
        "40 (1 county)",
        "Suppressed (small number) (1 county)",
        "Not reported (2 counties)",
    ]
    assert fig.layout.legend.font.size >= 18
    assert not any(t.showscale for t in fig.data)  # no continuous colourbar
    presence = build_view(
        rows("fbi_ht_presence", {"55001": (0.0, "reported"), "55003": (1.0, "reported")}),
        COUNTIES,
        PRESENCE,
        2015,
        "count",
        PUBLISHERS,
        min_numerator=MIN,
    )
    names = [t.name for t in make_county_map(presence, {}).data if t.showlegend]
    assert names[:2] == ["None recorded (1 county)", "At least one recorded (1 county)"]


def test_figure_has_no_base_layers_and_shares_geometry_by_url(count_view):
    fig = make_county_map(count_view, "/download/counties.geojson")
    assert fig.layout.geo.visible is False
    assert fig.layout.geo.fitbounds == "locations"
    assert all(t.geojson == "/download/counties.geojson" and t.featureidkey == "id" for t in fig.data)
    assert "mapbox" not in fig.to_json() and "tiles" not in fig.to_json()


def test_text_from_data_is_inert_in_hover(count_view):
    slots = _by_slot(slot_updates(count_view))
    hover = json.dumps(slots)
    assert "<b>Brown</b>" not in hover and "&lt;b&gt;Brown&lt;/b&gt; County" in hover
    assert "<i>" not in hover
    assert all("%{z" not in t.hovertemplate for t in make_county_map(count_view, {}).data)


def test_patch_carries_values_never_geometry(count_view):
    patch = patch_from_slots(slot_updates(count_view, "55009"), legend_title(count_view))
    text = json.dumps(patch.to_plotly_json(), default=str)
    assert "geojson" not in text and "coordinates" not in text and "Polygon" not in text
    ops = patch.to_plotly_json()["operations"]
    locs = [op for op in ops if op["location"][-1] == "locations"]
    assert len(locs) == len(SLOTS)
    selected = [op for op in locs if op["location"][1] == SELECTED_SLOT][0]
    assert selected["params"]["value"] == ["55009"]


def test_table_sort_missing_last_both_ways(count_view):
    up = [c.fips for c in sort_counties(count_view, "value", True)]
    down = [c.fips for c in sort_counties(count_view, "value", False)]
    assert up[:3] == ["55001", "55007", "55009"] and down[:3] == ["55009", "55007", "55001"]
    assert set(up[3:]) == set(down[3:]) == {"55003", "55005", "55011"}
    names = [c.county for c in sort_counties(count_view, "county", True)]
    assert names == sorted(names)


def test_summary_is_built_from_data_without_ranking(count_view, rate_view):
    text = summary_text(count_view)
    assert "3 of 6 counties" in text and "1 county has 0 offenses" in text
    assert "2 not reported" in text and "1 suppressed" in text
    for word in ("highest", "lowest", "top", "worst", "most", "rank", "hot spot"):
        assert word not in text.lower()
    assert "rate not shown" in summary_text(rate_view)


def test_export_is_exactly_the_plotted_rows(count_view):
    out = count_view.export
    assert list(out.columns) == [
        "fips",
        "county",
        "year",
        "measure",
        "value",
        "value_status",
        "unit",
        "source_id",
        "note",
        "policy_version",
    ]
    assert len(out) == len(COUNTIES)
    assert out.set_index("fips").loc["55003", "value_status"] == "suppressed"
    assert math.isnan(out.set_index("fips").loc["55003", "value"])


def test_full_figure_serialises(count_view):
    text = pio.to_json(make_county_map(count_view, {"type": "FeatureCollection", "features": []}), validate=True)
    assert len(json.loads(text)["data"]) == len(SLOTS)
