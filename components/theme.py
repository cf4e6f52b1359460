"""Colours and the Plotly template: one place for the look of every figure.

Palettes are colour-blind safe (Okabe-Ito for categories; a sequential blue scale from ColorBrewer
for classed maps). Status colours are paired with distinct outlines and legend text, so status is
never shown by colour alone.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEXT = "#1a1a1a"

#: Okabe-Ito: distinguishable with the common forms of colour-blindness.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

#: ColorBrewer Blues, 5 classes, light to dark.
SEQUENTIAL = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]

#: Cells with no number: never drawn like a value, never like each other.
STATUS_STYLE = {
    "not_reported": {"fill": "#d9d9d9", "line": "#737373", "label": "Not reported"},
    "suppressed": {"fill": "#fdd49e", "line": "#7f2704", "label": "Suppressed (small number)"},
}
PRESENCE_STYLE = {
    0: {"fill": "#ffffff", "label": "None recorded"},
    1: {"fill": "#3182bd", "label": "At least one recorded"},
}

TEMPLATE_NAME = "wiht"

pio.templates[TEMPLATE_NAME] = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 18, "color": TEXT},
        colorway=CATEGORICAL,
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        hoverlabel={"font": {"family": FONT, "size": 18}},
        xaxis={"gridcolor": "#e5e5e5", "zerolinecolor": "#bdbdbd", "title": {"standoff": 8}},
        yaxis={"gridcolor": "#e5e5e5", "zerolinecolor": "#bdbdbd", "title": {"standoff": 8}},
        legend={"font": {"size": 18}},
    )
)

#: /map only: a county whose count is below the rate-disclosure threshold (no rate is shown). Its legend
#: words name the policy's threshold, so they come with the view (MapView.status_text), not from here.
RATE_NOT_SHOWN_STYLE = {"fill": "#e7d4e8", "line": "#762a83"}
