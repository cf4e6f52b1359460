"""The page shell shared by every page: skip link, header with navigation, the language switch,
presenter and theme controls, help resources, footer.

The app's own layout holds only the address and Dash Pages' container; each page's layout comes
inside `frame` (app.py wraps every page), so the header, help and footer are written in the page's
language, which the router request carries (components/i18n.py), like the page itself.
"""

from __future__ import annotations

from collections.abc import Callable

import dash
from dash import dcc, html

from components import i18n, ids
from components.i18n import N_, _

SITE_NAME = N_("Wisconsin Human Trafficking Data")


def listed_pages() -> list[dict]:
    """Every registered page a visitor can go to (not the not-found page), in the pages' own order."""
    pages = [p for p in dash.page_registry.values() if p.get("listed", True)]
    return sorted(pages, key=lambda p: p.get("order") or 0)


def nav_items() -> list[tuple[str, str]]:
    """(name, path) of every listed page: the navigation follows the page registry, so a new page
    appears in it without a second list to keep in step."""
    return [(p["name"], p["path"]) for p in listed_pages()]


THEMES = [("light", N_("Light")), ("dark", N_("Dark")), ("contrast", N_("High contrast"))]


def page_title(name: str) -> Callable[..., str]:
    """The browser tab title of a page, in the language of the request that asks for it."""
    return lambda **_path: f"{_(name)} | {_(SITE_NAME)}"


def language_switch(path: str) -> html.Nav:
    """Links to this page in every other language. The server writes the page's own path (a layout
    depends on nothing else: components/page_views.py); assets/lang.js carries the rest of the
    address along on a click (the presenter's step, the map's view)."""
    return html.Nav(
        [
            html.A(i18n.NAMES[code], href=i18n.href(path, code), lang=code, hrefLang=code, className="lang-switch")
            for code in i18n.LANGS
            if code != i18n.lang()
        ],
        className="lang-nav",
        **{"aria-label": _("Language")},
    )


def help_banner() -> html.Aside:
    """Help resources, always visible on every page."""
    return html.Aside(
        [
            html.Strong(_("Need help?") + " "),
            _("National Human Trafficking Hotline: call") + " ",
            html.A("1-888-373-7888", href="tel:18883737888"),
            " " + _("or text") + " ",
            html.A("233733", href="sms:233733"),
            ". " + _("In an emergency, call") + " ",
            html.A("911", href="tel:911"),
            ".",
        ],
        className="help-banner",
        **{"aria-label": _("Help resources")},
    )


def toolbar() -> html.Div:
    """Presenter mode and theme: plain controls driven by assets/presenter.js (no server round trip)."""
    return html.Div(
        [
            html.Button(
                _("Presenter mode"),
                id="presenter-toggle",
                type="button",
                className="presenter-toggle",
                title=_("Large type, one view at a time; arrow keys move, I saves an image, Escape leaves"),
            ),
            html.Label(_("Theme"), htmlFor="theme-select", className="theme-label"),
            html.Select([html.Option(_(label), value=value) for value, label in THEMES], id="theme-select"),
            html.P(
                id="presenter-status",
                className="presenter-status",
                role="status",
                **{
                    "aria-live": "polite",
                    "data-template": _(
                        "Presenter mode: view {n} of {total} on this page. Arrow keys move, I saves an image of "
                        "the view, Escape leaves."
                    ),
                },
            ),
        ],
        className="toolbar",
    )


def layout() -> html.Div:
    """The app's layout: the address and the page container; the page brings its frame."""
    return html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), dash.page_container], className="shell")


def frame(body, path: str) -> list:
    """Everything around a page's content, in the current language."""
    return [
        html.A(_("Skip to main content"), href="#main", className="skip-link"),
        html.Header(
            [
                html.Div([html.Span(_(SITE_NAME), className="site-title")], className="brand"),
                html.Nav(
                    html.Ul([html.Li(dcc.Link(_(label), href=i18n.href(href))) for label, href in nav_items()]),
                    **{"aria-label": _("Main")},
                ),
                language_switch(path),
            ],
            className="site-header",
        ),
        html.Div([help_banner(), toolbar()], className="banner-row"),
        html.Main(body, id="main", tabIndex="-1"),
        html.Footer(
            html.P(
                [
                    _("Every number here is cited; see") + " ",
                    dcc.Link(_("Sources and methods"), href=i18n.href("/sources")),
                    ". " + _("Counts reflect what was reported or recorded, not how much trafficking happens."),
                ]
            ),
            className="site-footer",
        ),
    ]


def framed(page: dict) -> Callable[..., html.Div]:
    """A page's layout function wrapped in `frame`, for Dash Pages (which passes the query)."""
    build = page["layout"]

    def layout(**query):
        return html.Div(frame(build(**query), page["path"]), className="page-frame")

    return layout
