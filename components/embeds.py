"""Embeds (/embed/<view>): one chart, or the county map, as a light page other sites may frame.

An embed shows what its full view shows for the chart and nothing else: the title, the figure, the
summary in words (the figure's text alternative), the statuses of the values shown, the source line,
the date the data were built and a link to the full view. It reads the same query parameters as
its full view (the map: measure, year, scale, county, validated the same way), so `/map?x` and
`/embed/map?x` show the same map. Every part comes from the chart's own builder or the map's view,
written out by components/static_html.py, and the page loads two files: the app's plotly.js bundle
and assets/embed.js, no Dash renderer.

Language: an embed is in the language its address names (`?lang=es`, validated like every other
parameter), the words, numbers, title, `<html lang>` and link back included.

Views: "map", and every chart with a figure in cards.REGISTRY, named by its id without "-chart"
(`/embed/milwaukee-police` is the chart `milwaukee-police-chart` of /milwaukee).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape
from urllib.parse import parse_qsl, urlencode

import dash
import plotly.io as pio

from components import cards, citations, i18n, map_data, shell, static_html
from components.graph_config import chart_config, map_config
from components.i18n import _
from components.map_figures import make_county_map
from components.map_state import serialize_state
from components.map_view import summary_text

MAP = "map"
PATH = "/embed/"
#: Files the embed page loads (in assets/, kept out of the Dash pages by `assets_ignore` in app.py).
SCRIPTS = ("plotly-custom.min.js", "embed.js")
STYLES = ("embed.css",)
#: A suggested frame for the snippet; the embed fills whatever frame it gets.
FRAME_HEIGHT = {MAP: 640}
DEFAULT_FRAME_HEIGHT = 520


@dataclass(frozen=True)
class Embed:
    """Everything one embed page shows."""

    name: str
    title: str
    figure: dict
    config: dict
    summary: str
    statuses: str
    source: object  # the source line component (citations.source_line)
    full_view: str  # path and query (and anchor) of the full view on this site, in the embed's language
    lang: str = i18n.DEFAULT  # the language the embed is written in


@cache
def chart_views() -> dict[str, str]:
    """Embed name -> chart id, for every registered chart that has a figure (tables are not embedded)."""
    return {
        cards.embed_name(chart_id): chart_id
        for chart_id, build in cards.REGISTRY.items()
        if cards.embed_name(chart_id) and build().figure is not None
    }


def names() -> list[str]:
    """Every view that can be embedded: the map first, then the charts in the pages' order."""
    return [MAP, *chart_views()]


def page_of(chart_id: str) -> dict:
    """The registered page whose module builds `chart_id`."""
    return dash.page_registry[cards.REGISTRY[chart_id].__module__]


def params_of(name: str, query: dict) -> dict[str, str]:
    """The query parameters an embed reads, validated: the map's state (charts read none) and the
    language, when it is not the default (so English embeds keep their addresses)."""
    params = {}
    if name == MAP:
        s = map_data.state(**{k: query.get(k) for k in ("measure", "year", "scale", "county")})
        params = dict(parse_qsl(serialize_state(s).removeprefix("?")))
    lang = i18n.valid(query.get(i18n.PARAM))
    if lang != i18n.DEFAULT:
        params[i18n.PARAM] = lang
    return params


def embed_path(name: str, params: dict[str, str]) -> str:
    return PATH + name + (f"?{urlencode(params)}" if params else "")


def title_of(name: str) -> str:
    """The title of an embeddable view as it stands by default, in the current language (for lists
    and frame titles)."""
    return build(name, () if i18n.lang() == i18n.DEFAULT else ((i18n.PARAM, i18n.lang()),)).title


@lru_cache(maxsize=512)
def build(name: str, params: tuple[tuple[str, str], ...]) -> Embed:
    """The embed of `name` for validated `params` (see params_of), in the language they name;
    KeyError for an unknown name. Kept per worker: names, validated states and languages are
    finite, so this is bounded."""
    state = dict(params)
    lang = i18n.valid(state.pop(i18n.PARAM, None))
    with i18n.using(lang):
        return _build(name, state, lang)


def _build(name: str, state: dict[str, str], lang: str) -> Embed:
    if name == MAP:
        s = map_data.state(**state)
        v = map_data.view_of(s)
        fig = make_county_map(v, dash.get_relative_path(map_data.GEOJSON_URL), selected=s.county)
        return Embed(
            name=name,
            title=v.title,
            figure=json.loads(pio.to_json(fig, validate=False, remove_uids=False)),
            config=map_config("wisconsin-county-map"),
            summary=summary_text(v),
            statuses="",  # the map's legend names every status with its count of counties
            source=citations.source_line(v.source_ids),
            full_view=i18n.href("/map" + serialize_state(s), lang),
            lang=lang,
        )
    chart_id = chart_views()[name]
    chart = cards.REGISTRY[chart_id]()
    return Embed(
        name=name,
        title=chart.title,
        figure=json.loads(pio.to_json(chart.figure, validate=False, remove_uids=False)),
        config=chart_config(chart_id),
        summary=chart.summary,
        statuses=cards.status_line(chart.rows),
        source=citations.source_line(chart.rows["source_id"]),
        full_view=i18n.href(f"{page_of(chart_id)['path']}#{cards.card_anchor(chart_id)}", lang),
        lang=lang,
    )


def _json_for_script(value) -> str:
    """JSON that cannot end the <script> element holding it."""
    return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")


def asset_url(name: str, fingerprint: str) -> str:
    return f"{dash.get_relative_path('/assets/' + name)}?m={fingerprint}"


def page_html(embed: Embed, fingerprints: dict[str, str]) -> str:
    """The whole embed page. `fingerprints`: each asset's modification stamp, so the address
    changes with the file and browsers may keep it (webserver.cache_fingerprinted_assets).
    Written in the embed's language."""
    with i18n.using(embed.lang):
        return _page_html(embed, fingerprints)


def _page_html(embed: Embed, fingerprints: dict[str, str]) -> str:
    styles = "".join(f'<link rel="stylesheet" href="{escape(asset_url(n, fingerprints[n]))}">' for n in STYLES)
    scripts = "".join(f'<script src="{escape(asset_url(n, fingerprints[n]))}" defer></script>' for n in SCRIPTS)
    built = cards.built_sentence() + " "
    site = _(shell.SITE_NAME)
    back = _("Open the full view on {site}").format(site=site)
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(embed.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(embed.title)} | {escape(site)}</title>\n"
        f'<link rel="icon" href="{escape(dash.get_relative_path("/assets/favicon.ico"))}">\n'
        f'<base target="_blank">\n{styles}\n</head>\n<body>\n<main class="embed">\n'
        f'<h1 id="embed-title">{escape(embed.title)}</h1>\n'
        '<div id="embed-graph" class="embed-graph" role="img" aria-labelledby="embed-title" '
        'aria-describedby="embed-summary"></div>\n'
        f'<p id="embed-summary" class="embed-summary">{escape(embed.summary)}</p>\n'
        + (f'<p class="embed-statuses">{escape(embed.statuses)}</p>\n' if embed.statuses else "")
        + static_html.render(embed.source)
        + f'\n<p class="embed-foot">{escape(built)}'
        f'<a href="{escape(dash.get_relative_path(embed.full_view))}" rel="noopener">'
        f"{escape(back)}</a></p>\n</main>\n"
        f'<script type="application/json" id="embed-figure">{_json_for_script(embed.figure)}</script>\n'
        f'<script type="application/json" id="embed-config">{_json_for_script(embed.config)}</script>\n'
        f"{scripts}\n</body>\n</html>\n"
    )


def snippet(name: str, params: dict[str, str], origin: str) -> str:
    """The <iframe> code a partner site pastes to show this view (origin: this site's address)."""
    src = origin.rstrip("/") + embed_path(name, params)
    height = FRAME_HEIGHT.get(name, DEFAULT_FRAME_HEIGHT)
    title = build(name, tuple(sorted(params.items()))).title
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{height}" '
        'style="border: 0; max-width: 960px;" loading="lazy"></iframe>'
    )
