"""Layouts of the content pages, their chart registry, chart downloads and the /download route."""

import io

import pandas as pd
import plotly.io as pio
import pytest
from dash import dcc, html

import app as app_module  # registers the pages
import config
import pages.data as data_page  # noqa: E402  (pages import after the app)
import pages.milwaukee as milwaukee_page
import pages.overview as overview_page
import pages.sources as sources_page
import pages.youth as youth_page
from components import cards, chart_data, citations, data, ids, labels, theme
from etl.metadata import TABLES

PAGES = [overview_page, milwaukee_page, youth_page, sources_page, data_page]


def walk(component):
    """Every component in a layout tree, depth first."""
    yield component
    children = getattr(component, "children", None)
    if children is None or isinstance(children, str | int | float):
        return
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def is_content(component) -> bool:
    """A block of the project's explanatory text (components/content/*.md, rendered by content.render)."""
    return getattr(component, "data-content", None) is not None


def text_of(component, skip_content: bool = False) -> str:
    """The text of a layout tree; with skip_content, without the explanatory-text blocks."""
    out = []
    if skip_content and is_content(component):
        return ""
    kids = getattr(component, "children", None)
    for kid in kids if isinstance(kids, list | tuple) else [kids]:
        if isinstance(kid, str | int | float):
            out.append(str(kid))
        elif kid is not None:
            out.append(text_of(kid, skip_content))
    return " ".join(out)


@pytest.fixture(scope="module")
def layouts():
    return {page.__name__: page.layout() for page in PAGES}


def test_every_page_builds(layouts):
    for name, layout in layouts.items():
        assert isinstance(layout, html.Div), name
        assert any(isinstance(c, html.H1) for c in walk(layout)), f"{name} has no h1"


# --- overview -------------------------------------------------------------------------------------


def test_overview_cards_show_every_key_figure_with_citation(layouts):
    layout = layouts[overview_page.__name__]
    key = [
        c for c in walk(layout) if isinstance(c, html.Article) and "key-figure" in (getattr(c, "className", None) or "")
    ]
    shown = [getattr(c, "data-figure") for c in key]
    assert shown[0] == overview_page.KEY_FIGURE_IDS[0] and set(overview_page.KEY_FIGURE_IDS) <= set(shown)
    assert shown[1] == "county_measures_nibrs_offenses"  # police-recorded offenses lead after the hotline
    assert "county_measures_fbi_presence" in shown and 8 <= len(shown) <= 10
    ledger = data.figures().set_index("figure_id", drop=False)
    for card in key:
        fid = getattr(card, "data-figure")
        clip = [c for c in walk(card) if isinstance(c, dcc.Clipboard)]
        assert len(clip) == 1 and clip[0].children == "Copy with citation"
        if fid in ledger.index:
            assert clip[0].content == citations.cite_sentence(ledger.loc[fid].to_dict())
        badges = [
            c for c in walk(card) if isinstance(c, html.Span) and "badge " in (getattr(c, "className", None) or "")
        ]
        assert len(badges) == 1 and any(w in text_of(badges[0]).lower() for w in ("source", "computed here"))


def test_key_figures_span_sources_and_are_not_claims():
    figs = overview_page.key_figures()
    assert len({f["source_id"] for f in figs}) == len(figs)
    assert all(f["verification"] != "unverified" for f in figs)


def test_presence_card_counts_counties_from_county_measures():
    fig = overview_page.presence_figure()
    assert fig["value"] == 31 and fig["unit"] == "counties"
    assert "31 counties" in citations.cite_sentence(fig)


def test_claims_are_separate_and_carry_research_notes(layouts):
    layout = layouts[overview_page.__name__]
    claims_sections = [
        c
        for c in walk(layout)
        if isinstance(c, html.Section) and "claims-section" in (getattr(c, "className", None) or "").split()
    ]
    assert len(claims_sections) == 1
    in_claims = [getattr(c, "data-figure") for c in walk(claims_sections[0]) if isinstance(c, html.Article)]
    assert in_claims == overview_page.CLAIM_IDS
    assert not set(overview_page.CLAIM_IDS) & set(overview_page.KEY_FIGURE_IDS)
    text = text_of(claims_sections[0])
    for fid in overview_page.CLAIM_IDS:
        note = data.figures().set_index("figure_id").at[fid, "research_note"]
        assert note in text


def test_explainer_comes_from_markdown(layouts):
    md = [c for c in walk(layouts[overview_page.__name__]) if is_content(c)]
    assert any("Reported is not the same as how common" in text_of(m) for m in md)


# --- charts across pages --------------------------------------------------------------------------


def built_charts():
    return {chart_id: builder() for chart_id, builder in cards.REGISTRY.items()}


def test_registry_covers_the_ids():
    expected = {
        ids.MKE_POPULATION,
        ids.MKE_UNDER18,
        ids.MKE_FBI_PRESENCE,
        ids.MKE_STUDIES,
        ids.MKE_MCW_AGE,
        ids.MKE_MCW_SHARES,
        ids.MKE_MPD_CASES,
        ids.STATE_HOTLINE_CASES,
        ids.STATE_FBI_OFFENSES,
        ids.STATE_FEDERAL_CASES,
        ids.YOUTH_SHARES,
        ids.YOUTH_HOTLINE_2016,
        ids.YOUTH_DCF,
        ids.YOUTH_FBI_ARRESTS,
    }
    assert expected <= set(cards.REGISTRY)


def test_every_chart_has_cited_rows_and_one_measure_per_trace():
    sources = data.source_index()
    for chart_id, chart in built_charts().items():
        assert len(chart.rows) and list(chart.rows.columns) == chart_data.CHART_COLUMNS, chart_id
        assert chart.rows["source_id"].isin(list(sources)).all(), chart_id
        assert chart.summary and chart.title, chart_id
        if chart.figure is None:
            continue
        assert chart.figure.layout.template == pio.templates[theme.TEMPLATE_NAME], chart_id
        for trace in chart.figure.data:
            assert trace.meta and isinstance(trace.meta["measure"], str), chart_id
            if trace.type == "bar":
                assert len(trace.text) == len(trace.x), f"{chart_id}: every bar is labelled"
            plotted = chart.rows[chart.rows["measure"] == trace.meta["measure"]]
            assert len(plotted), f"{chart_id}: trace measure not in its rows"


def test_no_advocacy_claim_is_plotted_as_data():
    claim_ids = set(
        data.figures().query("verification == 'unverified' and measure.str.startswith('claim_')", engine="python")[
            "figure_id"
        ]
    )
    for chart_id, chart in built_charts().items():
        assert not set(chart.rows["figure_id"]) & claim_ids, chart_id
        assert not chart.rows["measure"].str.startswith("claim_").any(), chart_id


def test_no_share_across_sources():
    for chart_id, chart in built_charts().items():
        computed = chart.rows[chart.rows["verification"] == "computed"]
        assert computed["source_id"].notna().all(), chart_id


def test_chart_cards_are_accessible_and_downloadable(layouts):
    for name in (milwaukee_page.__name__, youth_page.__name__):
        sections = [
            c
            for c in walk(layouts[name])
            if isinstance(c, html.Section) and "chart-card" in (getattr(c, "className", None) or "").split()
        ]
        assert len(sections) >= 4
        for sec in sections:
            parts = list(walk(sec))
            heading = next(c for c in parts if isinstance(c, html.H2 | html.H3))
            assert getattr(sec, "aria-labelledby") == heading.id
            graphs = [c for c in parts if isinstance(c, dcc.Graph)]
            for g in graphs:
                assert g.config["displaylogo"] is False
            figure_divs = [c for c in parts if getattr(c, "role", None) == "figure"]
            assert len(figure_divs) == len(graphs)
            for f in figure_divs:
                assert getattr(f, "aria-label") == heading.children
            assert any(isinstance(c, html.P) and getattr(c, "className", None) == "chart-summary" for c in parts)
            assert any(isinstance(c, html.P) and getattr(c, "className", None) == "source-line" for c in parts)
            assert any(isinstance(c, html.Table) for c in parts)
            if graphs:
                assert any(isinstance(c, html.Details) for c in parts)
            assert any(isinstance(c, dcc.Download) for c in parts)
            assert any(isinstance(c, html.Button) and "Download this chart" in c.children for c in parts)
            links = [c for c in parts if isinstance(c, html.A) and getattr(c, "className", None) == "permalink"]
            assert [a.href for a in links] == [f"#{sec.id}"]  # a permalink to the card itself


def test_chart_download_sends_exactly_its_rows():
    payload = cards.download_payload(ids.STATE_HOTLINE_CASES)
    assert payload["filename"] == f"{ids.STATE_HOTLINE_CASES}.csv"
    frame = pd.read_csv(io.StringIO(payload["content"]), dtype=str, keep_default_na=False)
    assert list(frame.columns) == chart_data.CHART_COLUMNS
    assert list(frame["figure_id"]) == list(milwaukee_page.HOTLINE_IDS)
    assert {"source_id", "verification", "value_status"} <= set(frame.columns)
    assert frame.set_index("figure_id").at["NHTH_2018_cases", "verification"] == "unverified"


def test_download_callback_uses_the_triggering_chart():
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    context_value.set(
        AttributeDict(
            triggered_inputs=[
                {
                    "prop_id": '{"chart":"' + ids.YOUTH_DCF + '","type":"' + ids.CHART_DOWNLOAD_BUTTON + '"}.n_clicks',
                    "value": 1,
                }
            ]
        )
    )
    payload = cards.update_chart_download(1)
    assert payload["filename"] == f"{ids.YOUTH_DCF}.csv" and "DCF_CPS_allegations_2023" in payload["content"]


# --- milwaukee and youth specifics ----------------------------------------------------------------


def test_milwaukee_population_side_by_side():
    chart = milwaukee_page.population_chart()
    assert list(chart.rows["chart_label"]) == ["Milwaukee County", "Rest of Wisconsin", "Wisconsin"]
    assert list(chart.figure.data[0].text) == ["939,489", "4,954,229", "5,893,718"]


def test_milwaukee_presence_counts():
    chart = milwaukee_page.fbi_presence_chart()
    assert "Milwaukee County had a record in 8 of 8 years" in chart.summary
    assert "Of the other 71 counties, 30 had a record" in chart.summary


def test_milwaukee_79_percent_only_as_claim(layouts):
    text = text_of(layouts[milwaukee_page.__name__], skip_content=True)
    md = " ".join(text_of(c) for c in walk(layouts[milwaukee_page.__name__]) if is_content(c))
    assert "79%" in md and "Unverified claim" in md
    assert "79%" not in text


def test_youth_shares_as_published_or_computed_within_one_source():
    chart = youth_page.shares_chart()
    ledger = data.figures().set_index("figure_id")["value"]
    r = chart.rows.set_index("figure_id")
    for fid in youth_page.PUBLISHED_SHARE_IDS:
        assert r.loc[fid, "value"] == ledger[fid]
    minors, cases = int(ledger["NHTH_2016_minors"]), int(ledger["NHTH_2016_cases"])
    hotline = chart.rows[chart.rows["measure"] == "hotline_cases_share"].iloc[0]
    assert hotline["chart_label"].endswith(f"({minors} of {cases})")
    assert hotline["value"] == round(100 * minors / cases, 1) and hotline["verification"] == "computed"
    assert "NHTH_2016_minors / NHTH_2016_cases" in hotline["derivation"]
    residents = chart.rows[chart.rows["measure"] == "population_under18_share"].set_index("geography")["value"]
    counties = data.counties()
    assert residents["Wisconsin"] == round(
        100 * counties["population_under18_2020"].sum() / counties["population_2020"].sum(), 1
    )


def test_youth_dcf_series():
    chart = youth_page.dcf_chart()
    assert list(chart.figure.data[0].x) == [2021, 2022, 2023] and list(chart.figure.data[0].y) == [445, 312, 339]


# --- sources and data -----------------------------------------------------------------------------


def test_sources_page_lists_every_source(layouts):
    layout = layouts[sources_page.__name__]
    section_ids = {
        c.id
        for c in walk(layout)
        if isinstance(c, html.Section) and (getattr(c, "id", None) or "").startswith("source-")
    }
    assert section_ids == {f"source-{sid}" for sid in data.sources()["source_id"]}
    text = text_of(layout)
    for src in data.sources().itertuples():
        assert src.title in text


def test_sources_page_lists_the_figures_that_use_each_source():
    section = sources_page.source_section(data.source_index()["fox6_2026_prevention_month_data"])
    codes = [c.children for c in walk(section) if isinstance(c, html.Code)]
    assert {"NHTH_2024_cases", "NHTH_2024_contacts", "NHTH_2024_victims"} <= set(codes)
    census = sources_page.county_measures_using("alarm_census2020_wi_vtd")
    assert set(census["measure"]) == {"population", "population_under18", "population_under18_share"}


def test_data_page_links_every_file_and_describes_every_column(layouts):
    layout = layouts[data_page.__name__]
    hrefs = {c.href for c in walk(layout) if isinstance(c, html.A)}
    assert {f"/download/{f}" for f in config.TIDY_FILES} <= hrefs
    text = text_of(layout)
    for name, table in TABLES.items():
        for col in table.columns:
            assert col in text, f"{name}.{col} missing from the dictionary"


def test_pandas_snippet_reads_the_files_with_fips_as_text():
    code = data_page.pandas_snippet("BASE/").replace('"BASE/download/"', repr(str(config.TIDY) + "/"))
    scope = {}
    exec(compile(code, "snippet", "exec"), scope)
    fips = scope["figures"]["fips"].dropna()
    assert len(fips) > 100 and fips.map(type).eq(str).all() and "55079" in set(fips)
    assert scope["county_measures"]["fips"].str.len().isin([2, 5]).all()  # "55" is a statewide row
    assert scope["county_measures"]["value"].isna().any()  # not_reported stays missing, not 0
    assert scope["cited"]["citation"].notna().all()


def test_no_page_layout_depends_on_the_host():
    """Page views are kept and shared between visitors (components/page_views.py), so a layout must not
    read the Host header; the data page's snippets get the browser's own address client-side."""
    import dash
    import plotly.io as pio

    server = app_module.app.server
    for page in dash.page_registry.values():
        answers = set()
        for host in ("http://one.example", "http://evil.example"):
            with server.test_request_context("/", base_url=host):
                answers.add(pio.to_json(page["layout"](), validate=False))
        assert len(answers) == 1, page["path"]
        assert "evil.example" not in answers.pop()
    code = text_of(data_page.layout())
    assert data_page.SNIPPET_BASE + "download/" in code


# --- /download ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client():
    return app_module.app.server.test_client()


def test_download_figures_is_byte_for_byte(client):
    resp = client.get("/download/figures.csv")
    assert resp.status_code == 200
    assert resp.data == (config.TIDY / "figures.csv").read_bytes()
    assert "attachment" in resp.headers["Content-Disposition"]


@pytest.mark.parametrize("name", config.TIDY_FILES)
def test_every_download_is_an_attachment(client, name):
    resp = client.get(f"/download/{name}")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].startswith("attachment")
    assert name in resp.headers["Content-Disposition"]
    assert resp.data == (config.TIDY / name).read_bytes()


def test_unknown_download_is_404(client):
    assert client.get("/download/secrets.txt").status_code == 404
    resp = client.get("/download/..%2Fconfig.py")  # not a download: Dash's page route, never the file
    assert resp.status_code == 404 or b"TIDY_TABLES" not in resp.data


def test_every_graph_uses_the_one_graph_config():
    import pages.map as map_page
    import pages.upload as upload_page
    from components.graph_config import chart_config, map_config

    graphs = [g for page in (*PAGES, map_page, upload_page) for g in walk(page.layout()) if isinstance(g, dcc.Graph)]
    assert len(graphs) > 10
    for g in graphs:
        expected = (
            map_config(g.config["toImageButtonOptions"]["filename"])
            if "topojsonURL" in g.config
            else chart_config(g.id)
        )
        assert g.config == expected, g.id
    assert sum("topojsonURL" in g.config for g in graphs) == 2  # the county map and the upload map


def test_navigation_is_the_page_registry_and_callbacks_are_validated():
    import dash

    from components import shell

    nav = [
        c
        for c in walk(html.Div(shell.frame([], "/")))
        if isinstance(c, dcc.Link) and getattr(c, "href", "").startswith("/")
    ]
    registry = sorted((p for p in dash.page_registry.values() if p.get("listed", True)), key=lambda p: p["order"])
    assert [(link.children, link.href) for link in nav[: len(registry)]] == [(p["name"], p["path"]) for p in registry]
    assert len(registry) == len(dash.page_registry) - 1  # every page but the not-found page
    assert all(link.href != "/404" for link in nav)
    assert not app_module.app.config.suppress_callback_exceptions
    from components.validation import callback_ids

    def validation_ids():
        return {c.id for c in walk(app_module.app.validation_layout) if isinstance(getattr(c, "id", None), str)}

    from dash import _callback

    named, _ = callback_ids({**_callback.GLOBAL_CALLBACK_MAP, **app_module.app.callback_map})
    assert {ids.COUNTY_MAP, ids.MEASURE_SELECT} <= named
    # every component a callback names is there, and only those (the browser gets this layout)
    assert named <= validation_ids()
    assert ids.MKE_POLICE not in validation_ids()
    # Dash Pages puts the full layouts back on the first request; the app keeps its skeleton
    client = app_module.app.server.test_client()
    assert client.get("/milwaukee").status_code == 200
    assert named <= validation_ids() and ids.MKE_POLICE not in validation_ids()


# --- /trends -------------------------------------------------------------------------------------------


def test_trends_series_are_cut_from_the_rows_by_rule():
    import pages.trends as trends_page

    hotline = chart_data.ledger_series("hotline_cases", "all", "all")
    ledger = data.figures()
    expected = ledger[
        (ledger["measure"] == "hotline_cases")
        & (ledger["geography_level"] == "state")
        & (ledger["population_group"] == "all")
        & (ledger["trafficking_type"] == "all")
    ]
    assert sorted(hotline["figure_id"]) == sorted(expected["figure_id"])
    assert list(hotline["chart_label"]) == sorted(hotline["chart_label"])  # by year, oldest first
    years = trends_page.shared_years()
    for series in trends_page.SERIES:
        chart = trends_page.trend_chart(series)
        assert list(chart.figure.layout.xaxis.tickvals) == years  # one year axis for every chart
        assert len({t.meta["measure"] for t in chart.figure.data}) == 1  # never two measures in one chart
        shown = {int(x) for t in chart.figure.data for x in t.x}
        gaps = [y for y in years if y not in shown]
        assert (labels.format_years(gaps) in chart.notes[1]) if gaps else "every year" in chart.notes[1]
        assert all(v is not None for t in chart.figure.data for v in t.y)  # a gap has no bar, not a zero


def test_a_series_refuses_two_figures_for_one_year(monkeypatch):
    ledger = data.figures()
    twice = pd.concat([ledger, ledger[ledger["figure_id"] == "NHTH_2016_cases"].assign(figure_id="copy")])
    monkeypatch.setattr(data, "figures", lambda: twice)
    with pytest.raises(ValueError, match="two hotline_cases figures for one year"):
        chart_data.ledger_series("hotline_cases", "all", "all")


@pytest.mark.parametrize(
    "years, words",
    [([2013], "2013"), ([2013, 2015], "2013 and 2015"), ([2019, 2020, 2021, 2013], "2013 and 2019\u20132021")],
)
def test_format_years(years, words):
    assert labels.format_years(years) == words


def test_status_line_counts_the_rows():
    rows = chart_data.ledger_series("hotline_cases", "all", "all")
    note = cards.status_line(rows)
    for status, n in rows[rows["value"].notna()]["verification"].value_counts().items():
        assert f"{labels.status(status)['label'].lower()} ({n})" in note
