"""The page shown at an address the dashboard does not have (Dash Pages uses a module of this name for
every unknown path). The server answers such an address with HTTP 404 (app.py), and the page is not
listed in the navigation (`listed=False`, read by components.shell.nav_items)."""

from __future__ import annotations

import dash
from dash import dcc, html

from components import i18n, shell
from components.i18n import N_, _

dash.register_page(
    __name__,
    path="/404",
    name=N_("Page not found"),
    order=99,
    listed=False,
)


def layout(**_query):
    return html.Div(
        [
            html.H1(_("Page not found")),
            html.P(
                _(
                    "There is no page at this address. It may have been mistyped, or a link may point to a page "
                    "that has moved. These are the pages of this dashboard:"
                )
            ),
            html.Ul(
                [html.Li(dcc.Link(_(name), href=i18n.href(path))) for name, path in shell.nav_items()],
                id="not-found-pages",
            ),
        ],
        className="page page-not-found",
    )
