"""The page shell shared by every page: skip link, header with navigation, help resources, footer."""
from __future__ import annotations

import dash
from dash import dcc, html

from components import ids

NAV = [("Overview", "/"), ("County map", "/map"), ("Milwaukee and Wisconsin", "/milwaukee"),
       ("Youth", "/youth"), ("Sources and methods", "/sources"), ("Downloads", "/data")]


def help_banner() -> html.Aside:
    """Help resources, always visible on every page."""
    return html.Aside(
        [html.Strong("Need help? "),
         "National Human Trafficking Hotline: call ", html.A("1-888-373-7888", href="tel:18883737888"),
         " or text ", html.A("233733", href="sms:233733"), ". In an emergency, call ",
         html.A("911", href="tel:911"), "."],
        className="help-banner", **{"aria-label": "Help resources"})


def layout() -> html.Div:
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        html.A("Skip to main content", href="#main", className="skip-link"),
        html.Header([
            html.Div([html.Span("Wisconsin Human Trafficking Data", className="site-title")], className="brand"),
            html.Nav(html.Ul([html.Li(dcc.Link(label, href=href)) for label, href in NAV]),
                     **{"aria-label": "Main"}),
        ], className="site-header"),
        help_banner(),
        html.Main(dash.page_container, id="main", tabIndex="-1"),
        html.Footer(html.P(["Every number here is cited; see ", dcc.Link("Sources and methods", href="/sources"),
                            ". Counts reflect what was reported or recorded, not how much trafficking happens."]),
                    className="site-footer"),
    ], className="shell")
