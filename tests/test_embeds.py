"""Embeds (/embed/<view>, issue 14) through the Flask test client: every view answers a light page
with its title, statuses, source line, data date and link back, reads the same parameters as its
full view, may be framed by any site (while no other page may), and hostile input changes nothing.
The browser side (drawn in a frame from another origin, axe-core) is tests/browser/test_embeds.py.
"""

from __future__ import annotations

import json
import re
from html import escape, unescape

import pytest
from dash import dcc, html

import app as app_module
from components import cards, citations, embeds, map_data, page_views, static_html
from components.map_state import serialize_state
from tests.test_hardening import _csp

CLIENT = app_module.server.test_client()
#: The embed page is light: its own HTML (the figure inline) stays under this, and it loads two files.
MAX_EMBED_HTML_BYTES = 64_000


def get(path: str):
    return CLIENT.get(path)


def figure_json(body: str) -> dict:
    found = re.search(r'<script type="application/json" id="embed-figure">(.*?)</script>', body, flags=re.S)
    return json.loads(found.group(1))


def test_the_views_are_the_map_and_every_chart_with_a_figure():
    charts = [cid for cid, build in cards.REGISTRY.items() if build().figure is not None]
    assert embeds.names() == ["map", *[c.removesuffix("-chart") for c in charts]]
    assert {"map", "milwaukee-police", "youth-police", "trends-police"} <= set(embeds.names())


@pytest.mark.parametrize("name", embeds.names())
def test_every_embed_answers_a_cited_frameable_page(name):
    r = get(f"/embed/{name}")
    assert r.status_code == 200 and r.mimetype == "text/html"
    body = r.get_data(as_text=True)
    e = embeds.build(name, tuple(sorted(embeds.params_of(name, {}).items())))
    assert f'<h1 id="embed-title">{escape(e.title)}</h1>' in body
    assert escape(e.summary) in body
    assert static_html.render(e.source) in body and "Source: " in body
    if name != "map":
        assert escape(e.statuses) in body and e.statuses.startswith("Statuses of the values shown:")
    assert cards.built_sentence() in body
    assert f'href="{escape(e.full_view)}"' in body
    assert '<html lang="en">' in body and "<main" in body
    # light: no Dash renderer, no framework bundles, only the plotly.js bundle and the embed's own files
    scripts = re.findall(r'<script src="([^"]+)"', body)
    assert [s.split("?")[0] for s in scripts] == ["/assets/plotly-custom.min.js", "/assets/embed.js"]
    assert "_dash-" not in body and len(r.data) < MAX_EMBED_HTML_BYTES
    # any site may frame it; scripts only from this site, none inline
    csp = _csp(r)
    assert csp["frame-ancestors"] == ["*"] and "X-Frame-Options" not in r.headers
    assert csp["script-src"] == ["'self'"] and csp["default-src"] == ["'self'"]
    assert figure_json(body) == e.figure


@pytest.mark.parametrize("path", ["/", "/map", "/data", "/trends", "/no-such-page", "/embed", "/embedded/map"])
def test_no_other_page_may_be_framed(path):
    r = get(path)
    assert r.headers.get("X-Frame-Options") == "DENY" or r.mimetype != "text/html"
    assert _csp(r)["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    "path", ["/embed/nope", "/embed/mke-studies-table", "/embed/milwaukee-police-chart", "/embed/"]
)
def test_unknown_views_are_404(path):
    r = get(path)
    assert r.status_code == 404 and "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "query",
    ["?measure=nibrs_ht_victims&year=2021", "?year=2019&scale=rate", "?county=55079", "", "?measure=junk&year=1800"],
)
def test_the_map_embed_reads_the_full_pages_parameters(query):
    s = map_data.state(**page_views.query_parameters(query))
    view = map_data.view_of(s)
    body = get(f"/embed/map{query}").get_data(as_text=True)
    assert f'<h1 id="embed-title">{escape(view.title)}</h1>' in body
    assert f'href="/map{escape(serialize_state(s))}"' in body
    # the same figure as the full page's first view of that state
    page = CLIENT.post("/_dash-update-component", json=page_views.router_body("/map", query)).get_json()
    assert figure_json(body)["data"] == component(page, "county-map")["figure"]["data"]


def component(tree, component_id: str) -> dict:
    """The props of the component with `component_id` anywhere in a JSON answer."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree["props"]
        children = tree.values()
    elif isinstance(tree, list):
        children = tree
    else:
        children = ()
    for child in children:
        try:
            return component(child, component_id)
        except LookupError:
            pass
    raise LookupError(component_id)


def test_hostile_queries_are_never_echoed():
    attack = "?measure=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&year=%22%3E%3Cimg&scale=x&county=' onload="
    r = get(f"/embed/map{attack}")
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert "alert(1)" not in body and "<img" not in body and "onload" not in body
    assert body == get("/embed/map").get_data(as_text=True)  # unknown values fall back to the defaults
    for name in ("milwaukee-police", "trends-hotline"):
        assert get(f"/embed/{name}?x=<script>").get_data() == get(f"/embed/{name}").get_data()


def test_json_in_the_page_cannot_close_its_script_element():
    text = embeds._json_for_script({"t": "</script><script>alert(1)</script><!--"})
    assert "<" not in text and json.loads(text)["t"].startswith("</script>")


def test_static_html_escapes_text_and_attributes_and_refuses_react_components():
    node = html.P(["a < b & c", html.A('"x"', href='/y?a=1&b="2"', className="k", title="<t>")], hidden=True)
    out = static_html.render(node)
    assert (
        out == '<p hidden>a &lt; b &amp; c<a class="k" href="/y?a=1&amp;b=&quot;2&quot;" title="&lt;t&gt;">"x"</a></p>'
    )
    assert unescape(re.sub(r"<[^>]+>", "", out)) == 'a < b & c"x"'
    with pytest.raises(TypeError):
        static_html.render(html.Div(dcc.Graph(id="g")))


def test_the_source_line_is_the_one_the_full_view_shows():
    chart = cards.REGISTRY["youth-police-chart"]()
    body = get("/embed/youth-police").get_data(as_text=True)
    assert static_html.render(citations.source_line(chart.rows["source_id"])) in body
    assert escape(cards.status_line(chart.rows)) in body


# --- the <iframe> code on /data ---------------------------------------------------------------


def data_page(query: str) -> str:
    r = CLIENT.post("/_dash-update-component", json=page_views.router_body("/data", query))
    assert r.status_code == 200
    return json.dumps(r.get_json())


@pytest.mark.parametrize("name", ["map", "milwaukee-police", "youth-police", "trends-federal"])
def test_data_gives_the_iframe_code_of_the_view_asked_for(name):
    text = data_page(f"?embed={name}")
    title = escape(embeds.title_of(name))
    code = re.search(r'(<iframe src=[^"]*"[^"]+"[^<]*></iframe>)', json.loads(f'"{_code_of(text)}"')).group(1)
    assert f"/embed/{name}" in code and f'title="{title}"' in code and 'loading="lazy"' in code


def _code_of(text: str) -> str:
    """The embed code element's text in a router answer (JSON-escaped)."""
    return re.search(r'"children": "((?:[^"\\]|\\.)*)", "id": "data-snippet-embed-code"', text).group(1)


def test_data_gives_the_maps_code_for_the_view_it_came_from_and_defaults_on_junk():
    code = json.loads(f'"{_code_of(data_page("?embed=map&measure=nibrs_ht_victims&year=2021&scale=rate"))}"')
    assert "/embed/map?measure=nibrs_ht_victims&amp;year=2021&amp;scale=rate" in code
    default = _code_of(data_page(""))
    assert _code_of(data_page("?embed=<script>&measure=junk")) == default
    assert "/embed/map?" in json.loads(f'"{default}"')


def test_every_embeddable_chart_links_to_its_code():
    for name, chart_id in embeds.chart_views().items():
        links = [a for a in walk(cards.chart_card(cards.REGISTRY[chart_id]())) if isinstance(a, html.A)]
        assert [a.href for a in links if a.children == "Embed this chart"] == [f"/data?embed={name}#embed"]


def walk(node):
    """Every component in a layout tree."""
    if isinstance(node, list | tuple):
        for child in node:
            yield from walk(child)
    elif hasattr(node, "to_plotly_json"):
        yield node
        yield from walk(getattr(node, "children", None))
