"""/map callbacks called as plain functions on the real tidy data: Patches without geometry, hostile
input handled gracefully, downloads and layout in step with county_measures.csv."""

from __future__ import annotations

import io
import json
from contextvars import copy_context

import pandas as pd
import pytest
from dash import Patch, no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

import app  # noqa: F401  (registers the pages)
from components import data, ids, map_data
from components.map_figures import SLOTS, STATUS_Z
from pages import map as map_page

HOSTILE = [
    None,
    "x",
    3,
    [],
    {"measure": ["a"], "year": "abc", "scale": 7, "county": {"x": 1}},
    {"measure": "<img src=x onerror=alert(1)>", "year": 1900, "scale": "rate", "county": "55"},
    {"measure": "fbi_ht_presence", "year": "2099"},
]


def call(func, *args, triggered: str | None = None, **kwargs):
    """Run a callback as a plain function inside a minimal callback context."""

    def run():
        prop = [{"prop_id": f"{triggered}.value", "value": None}] if triggered else []
        context_value.set(AttributeDict(triggered_inputs=prop, inputs_list=[], states_list=[], outputs_list=[]))
        return func(*args, **kwargs)

    return copy_context().run(run)


def store(**kw):
    return map_page._state_data(map_data.state(**kw), replace=False)


def patch_json(p: Patch) -> str:
    return json.dumps(p.to_plotly_json(), default=str)


def test_year_change_is_a_small_patch_without_geometry():
    p = map_page.update_county_map(store(measure="fbi_ht_presence", year=2015))
    assert isinstance(p, Patch)
    text = patch_json(p)
    assert "geojson" not in text and "coordinates" not in text
    full = map_page._figure(map_data.state(measure="fbi_ht_presence", year=2015))
    naive = full.to_dict()
    for trace in naive["data"]:
        trace["geojson"] = data.geojson()  # what a naive full-figure update would resend
    assert len(text) * 5 < len(json.dumps(naive))


def test_patch_values_equal_the_csv():
    cm = data.county_measures()
    expected = cm[(cm["measure"] == "fbi_ht_offenses") & (cm["year"] == 2015)]
    p = map_page.update_county_map(store(measure="fbi_ht_offenses", year=2015)).to_plotly_json()["operations"]
    values = {}
    for op in p:
        if op["location"][0] == "data" and len(op["location"]) == 3:
            _, i, prop = op["location"]
            values.setdefault(i, {})[prop] = op["params"]["value"]
    got = {}
    for i, slot in enumerate(SLOTS[:-1]):
        for loc, z in zip(values[i]["locations"], values[i]["z"]):
            got[loc] = ("reported", z) if slot.startswith("class_") else (slot, None)
            if not slot.startswith("class_"):
                assert z == STATUS_Z
    want = {r.fips: (r.value_status, None if pd.isna(r.value) else r.value) for r in expected.itertuples()}
    assert got == want


@pytest.mark.parametrize("bad", HOSTILE)
def test_callbacks_never_raise_on_hostile_state(bad):
    assert isinstance(map_page.update_county_map(bad), Patch)
    title, summary, caveat, source, embed_href = map_page.update_map_text(bad)
    assert isinstance(summary, str) and embed_href.startswith("/data?embed=map&")
    map_page.update_county_panel(bad)
    out = call(map_page.update_county_table, bad, 1, None, {"key": 5}, triggered=ids.MAP_SORT_VALUE)
    assert out["sort"] == {"key": "value", "ascending": True}
    csv = map_page.update_map_download(1, bad)
    assert csv["content"].startswith("fips,county,year,measure,value,value_status,unit,source_id,note,policy_version")


@pytest.mark.parametrize(
    "trigger,args",
    [
        (ids.MEASURE_SELECT, dict(measure="nope", year="x", scale="rate", county="1", click=None, url=None)),
        (
            ids.COUNTY_MAP,
            dict(measure=None, year=None, scale=None, county=None, click={"points": [{"location": 5}]}, url=None),
        ),
        (ids.MAP_URL_SYNC, dict(measure=None, year=None, scale=None, county=None, click=None, url=["x"])),
    ],
)
def test_controls_callback_never_raises(trigger, args):
    out = call(map_page.update_map_controls, **args, current=None, triggered=trigger)
    assert out["measure"] == map_data.catalog().default_measure == "nibrs_ht_offenses"
    assert out["scale"] == ("rate" if args["scale"] == "rate" else "count")  # the default measure has a rate


def test_controls_from_back_forward_replace_history():
    out = call(
        map_page.update_map_controls,
        measure="fbi_ht_presence",
        year=2021,
        scale="count",
        county=None,
        click=None,
        url={"query": {"measure": "fbi_ht_offenses", "year": "2015", "scale": "rate", "county": "55079"}},
        current=store(),
        triggered=ids.MAP_URL_SYNC,
    )
    assert (out["measure"], out["year"], out["scale"], out["county"]) == ("fbi_ht_offenses", 2015, "rate", "55079")
    assert out["state"]["replace"] is True
    assert out["state"]["query"] == "?measure=fbi_ht_offenses&year=2015&scale=rate&county=55079"


def test_controls_from_a_person_push_history_and_click_selects():
    out = call(
        map_page.update_map_controls,
        measure="fbi_ht_presence",
        year=2016,
        scale="count",
        county=None,
        click={"points": [{"location": "55025"}]},
        url=None,
        current=store(),
        triggered=ids.COUNTY_MAP,
    )
    assert out["county"] == "55025" and out["state"]["replace"] is False
    default = store()
    same = call(
        map_page.update_map_controls,
        measure=default["measure"],
        year=default["year"],
        scale="count",
        county=None,
        click=None,
        url=None,
        current=default,
        triggered=ids.YEAR_SELECT,
    )
    assert same["state"] is no_update


def test_download_is_exactly_the_plotted_rows():
    out = map_page.update_map_download(1, store(measure="fbi_ht_presence", year=2018))
    frame = pd.read_csv(io.StringIO(out["content"]), dtype=str, keep_default_na=False)
    cm = data.county_measures()
    want = cm[(cm["measure"] == "fbi_ht_presence") & (cm["year"] == 2018)]
    assert len(frame) == len(want) == 72
    assert sorted(frame["fips"]) == sorted(want["fips"])
    assert out["filename"].endswith(".csv")
    rate = map_page.update_map_download(1, store(measure="fbi_ht_offenses", year=2015, scale="rate"))
    header = rate["content"].splitlines()[0].split(",")
    assert header[-4:] == ["rate_base", "rate_denominator", "rate_per_100000", "rate_status"]
    assert (
        "0"
        not in pd.read_csv(io.StringIO(rate["content"]), dtype=str, keep_default_na=False)["rate_per_100000"].tolist()
    )


def test_every_measure_in_the_data_is_selectable():
    layout = map_page.layout()
    dropdown = _find(layout, ids.MEASURE_SELECT)
    assert {o["value"] for o in dropdown.options} == set(data.county_measures()["measure"])


def test_layout_validates_query_kwargs():
    for kwargs in (
        {},
        {"measure": "x", "year": "y", "county": "z", "scale": "q"},
        {"measure": ["a", "b"]},
        {"measure": "fbi_ht_presence_years", "year": "2015", "extra": "1"},
    ):
        layout = map_page.layout(**kwargs)
        st = _find(layout, ids.MAP_STATE).data
        assert st["measure"] in map_data.catalog().measures
    st = _find(map_page.layout(measure="fbi_ht_presence", year="2016", county="55079"), ids.MAP_STATE).data
    assert (st["year"], st["county"], st["replace"]) == (2016, "55079", True)


def _find(component, target):
    if getattr(component, "id", None) == target:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            found = _find(child, target)
            if found is not None:
                return found
    return None


def test_rate_threshold_is_the_published_disclosure_policy():
    import config
    from etl.ingest.policy import load_policy

    published = load_policy(config.TIDY / config.POLICY_FILE)
    assert published == load_policy()  # the published copy is the policy of data/disclosure.yaml
    assert map_data.rate_min_numerator() == published.rate_min_numerator
    s = map_data.state(measure="nibrs_ht_offenses", scale="rate")
    caveat = " ".join(p for p in map_page._caveat(s) if isinstance(p, str))
    assert f"at least {published.rate_min_numerator};" in caveat
    assert map_data.view_of(s).status_text("rate_not_shown").endswith(f"fewer than {published.rate_min_numerator})")
