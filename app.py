"""Dash entry point: builds the app, exposes `server` for gunicorn, registers pages and downloads.

Run with `python app.py` (HOST, PORT and DEBUG from the environment; 127.0.0.1:8050 by default)
or `gunicorn app:server`. Everything the browser needs is served by this app; nothing is fetched
from another host.
"""

from __future__ import annotations

from functools import lru_cache

import dash
from flask import Response, abort, request, send_file

import config
from components import embeds, i18n, ids, map_data, page_views, shell, theme  # noqa: F401  (theme registers the Plotly template)
from components.data import published_file
from components.validation import skeleton
from webserver import (
    CallbackMemo,
    StaticCompressor,
    cache_fingerprinted_assets,
    configure_logging,
    harden,
    make_server,
    on_callback_error,
    warm_up,
)

MEDIA_TYPES = {".csv": "text/csv", ".geojson": "application/geo+json", ".json": "application/json"}
#: Every published file, by name, with its media type (the list lives in config.TIDY_FILES).
DOWNLOADS = {name: MEDIA_TYPES[name[name.rindex(".") :]] for name in config.TIDY_FILES}

INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
{%metas%}
<title>{%title%}</title>
{%favicon%}
{%css%}
</head>
<body>
{%app_entry%}
<footer>
{%config%}
{%scripts%}
{%renderer%}
</footer>
</body>
</html>"""

#: Scripts Dash adds to every page that this dashboard does not need: the DataTable bundle (no page
#: has a DataTable) and the babel polyfill bundle, of which current browsers lack only the generator
#: runtime Dash's own bundles call; assets/regenerator-runtime.min.js provides that (built with the
#: plotly.js bundle by tools/plotly/build.mjs). Without it Dash's page router loops.
UNUSED_SCRIPTS = ("/dash_table/bundle.", "/deps/polyfill@")


class Dashboard(dash.Dash):
    """Dash, minus the scripts in UNUSED_SCRIPTS, with `<html lang>` in the address's language
    (interpolate_index is Dash's hook for the page)."""

    def interpolate_index(self, **kwargs):
        kwargs["scripts"] = "\n".join(
            line for line in kwargs["scripts"].split("\n") if not any(name in line for name in UNUSED_SCRIPTS)
        )
        return super().interpolate_index(**kwargs).replace('<html lang="en">', f'<html lang="{i18n.lang()}">', 1)


#: Every callback request carries the language of the page's address (components/i18n.py); Dash
#: sends the payload as this hook leaves it.
RENDERER_HOOKS = {
    "request_pre": "function (payload) { var l = new URLSearchParams(window.location.search).get('lang'); "
    "if (l) { payload.lang = l; } }"
}


configure_logging()

app = Dashboard(
    __name__,
    server=make_server(__name__),
    use_pages=True,
    pages_folder=str(config.ROOT / "pages"),
    assets_folder=str(config.ROOT / "assets"),
    assets_ignore=r"^embed\.",  # the embed page's own files (components/embeds.py), served but not on pages
    serve_locally=True,
    compress=True,
    title="Wisconsin Human Trafficking Data",
    update_title=None,
    index_string=INDEX,
    meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    on_error=on_callback_error,
    hooks=RENDERER_HOOKS,
)
app.layout = shell.layout
# Each page comes in the shell's frame (header, help, footer) in its language, with a title to match.
for _page in dash.page_registry.values():
    _page["layout"] = shell.framed(_page)
    _page["title"] = shell.page_title(_page["name"])
# Every callback's components are checked against the shell plus every page's layout (built once
# here, which also warms the per-worker caches), instead of switching the check off; only the
# components with an id are kept, since the browser receives this layout with every page.
VALIDATION = skeleton(
    [shell.layout(), *(page["layout"]() for page in dash.page_registry.values() if callable(page["layout"]))]
)
app.validation_layout = VALIDATION
# Every map view (a few hundred small ones) is built once per worker here, so no request pays for it.
map_data.warm()
server = app.server
harden(app)
# Framework bundles, assets and downloads: compressed once per worker at the best ratio, any encoding.
STATIC_COMPRESSOR = StaticCompressor()
STATIC_COMPRESSOR.attach(server)
cache_fingerprinted_assets(server)
# Pure callbacks answered from memory, compressed once: the county map's Patch (a function of the
# map state) and every page's layout (a function of the page and the state it reads from its query,
# components/page_views.py), so a page view costs no layout building after a worker's first.
CallbackMemo(
    {f"{ids.COUNTY_MAP}.figure": None, page_views.ROUTER_OUTPUT: page_views.view_key}, variant=i18n.lang
).attach(server)


@server.before_request
def keep_validation_skeleton():
    """Dash Pages puts every page's whole layout back as the validation layout on its first request;
    keep the skeleton, since the browser receives it with every page."""
    if app.validation_layout is not VALIDATION:
        app.validation_layout = VALIDATION


@server.after_request
def unknown_addresses_are_404(response):
    """Dash answers every address with the app's page; one the dashboard does not have gets the
    not-found page (pages/not_found_404.py) with HTTP status 404."""
    rule = request.url_rule
    if rule is not None and rule.endpoint == "/<path:path>" and response.status_code == 200:
        if page_views.page_at(request.path) is None:
            response.status_code = 404
    return response


@server.route("/download/<name>")
def download(name: str):
    """A published table, byte for byte, as an attachment at a stable URL, with an ETag and its
    modification time, so a client that has it already gets 304 Not Modified."""
    if name not in DOWNLOADS:
        abort(404)
    from io import BytesIO

    published = published_file(name)
    return send_file(
        BytesIO(published.data),
        mimetype=DOWNLOADS[name],
        as_attachment=True,
        download_name=name,
        max_age=300,
        etag=published.etag,
        last_modified=published.modified,
        conditional=True,
    )


@lru_cache(maxsize=512)
def embed_page(name: str, params: tuple[tuple[str, str], ...]) -> str:
    """The embed page of a view for validated params (finite, so the cache is bounded by use)."""
    fingerprints = {n: str((config.ROOT / "assets" / n).stat().st_mtime) for n in embeds.SCRIPTS + embeds.STYLES}
    return embeds.page_html(embeds.build(name, params), fingerprints)


@server.route(embeds.PATH + "<name>")
def embed(name: str):
    """One chart (or the map) as a page other sites may frame: components/embeds.py. It reads the
    query as its full view does (unknown values fall back to the defaults)."""
    if name not in embeds.names():
        abort(404)
    query = page_views.query_parameters("?" + request.query_string.decode("utf-8", "replace"))
    params = embeds.params_of(name, query)
    return Response(embed_page(name, tuple(sorted(params.items()))), mimetype="text/html")


# Last, once every route and hook is in place: the page router registered, every linked file
# compressed, every page's default view built and kept.
WARM_UP = warm_up(server, views=[page_views.router_body(page["path"]) for page in dash.page_registry.values()])

if __name__ == "__main__":
    app.run(host=config.HOST, port=config.PORT, debug=config.DEBUG)
