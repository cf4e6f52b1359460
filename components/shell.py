"""The page shell shared by every page: skip link, header with navigation, presenter and theme
controls, help resources, footer."""

from __future__ import annotations

import dash
from dash import dcc, html

from components import ids


def listed_pages() -> list[dict]:
    """Every registered page a visitor can go to (not the not-found page), in the pages' own order."""
    pages = [p for p in dash.page_registry.values() if p.get("listed", True)]
    return sorted(pages, key=lambda p: p.get("order") or 0)


def nav_items() -> list[tuple[str, str]]:
    """(name, path) of every listed page: the navigation follows the page registry, so a new page
    appears in it without a second list to keep in step."""
    return [(p["name"], p["path"]) for p in listed_pages()]


THEMES = [("light", "Light"), ("dark", "Dark"), ("contrast", "High contrast")]


def help_banner() -> html.Aside:
    """Help resources, always visible on every page."""
    return html.Aside(
        [
            html.Strong("Need help? "),
            "National Human Trafficking Hotline: call ",
            html.A("1-888-373-7888", href="tel:18883737888"),
            " or text ",
            html.A("233733", href="sms:233733"),
            ". In an emergency, call ",
            html.A("911", href="tel:911"),
            ".",
        ],
        className="help-banner",
        **{"aria-label": "Help resources"},
    )


def toolbar() -> html.Div:
    """Presenter mode and theme: plain controls driven by assets/presenter.js (no server round trip)."""
    return html.Div(
        [
            html.Button(
                "Presenter mode",
                id="presenter-toggle",
                type="button",
                className="presenter-toggle",
                title="Large type, one view at a time; arrow keys move, I saves an image, Escape leaves",
            ),
            html.Label("Theme", htmlFor="theme-select", className="theme-label"),
            html.Select([html.Option(label, value=value) for value, label in THEMES], id="theme-select"),
            html.P(id="presenter-status", className="presenter-status", role="status", **{"aria-live": "polite"}),
        ],
        className="toolbar",
    )


def layout() -> html.Div:
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Header(
                [
                    html.Div(
                        [html.Span("Wisconsin Human Trafficking Data", className="site-title")], className="brand"
                    ),
                    html.Nav(
                        html.Ul([html.Li(dcc.Link(label, href=href)) for label, href in nav_items()]),
                        **{"aria-label": "Main"},
                    ),
                ],
                className="site-header",
            ),
            html.Div([help_banner(), toolbar()], className="banner-row"),
            html.Main(dash.page_container, id="main", tabIndex="-1"),
            html.Footer(
                html.P(
                    [
                        "Every number here is cited; see ",
                        dcc.Link("Sources and methods", href="/sources"),
                        ". Counts reflect what was reported or recorded, not how much trafficking happens.",
                    ]
                ),
                className="site-footer",
            ),
        ],
        className="shell",
    )
