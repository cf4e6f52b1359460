"""Source lines and citation sentences built from source ids, never typed into a layout."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dash import html

from components import data, i18n, labels
from components.i18n import _


def short_source(source_id: str) -> str:
    """ "Publisher, Title (year)" for one source id."""
    src = data.source_index()[source_id]
    year = (src.get("published") or "")[:4]
    return f"{src['publisher']}, {src['title']}" + (f" ({year})" if year else "")


def source_line(source_ids: Iterable[str], prefix: str | None = None) -> html.P:
    """The "Source:" line under a chart: every distinct source of the rows it plots, each linked.
    `prefix` (already in the reader's language) replaces "Source: "."""
    ids = list(dict.fromkeys(s for s in source_ids if isinstance(s, str) and s))
    parts: list = [_("Source: ") if prefix is None else prefix]
    for i, sid in enumerate(ids):
        src = data.source_index()[sid]
        if i:
            parts.append("; ")
        parts.append(html.A(short_source(sid), href=src["url"], rel="noreferrer", target="_blank"))
        details = html.A(
            _("details"),
            href=i18n.href(f"/sources#source-{sid}"),
            title=_("About this source: {title}").format(title=src["title"]),
        )
        parts.append(html.Span([" (", details, ")"], className="source-details"))  # left out of chart images
    if not ids:
        parts.append(_("none (no data shown)"))
    return html.P(parts, className="source-line")


def cite_sentence(figure: Mapping) -> str:
    """A ready sentence for one figure, carrying its value, period, source, date and status.

    `figure` is a ledger row (or a row shaped like one: geography, period_start, period_end, value,
    value_qualifier, unit, description, source_id, verification). For example:
    "Wisconsin, 2024: 111 cases. Wisconsin human trafficking cases opened by the national hotline in
    2024 (FOX6 News Milwaukee, 2026-01-16, reporting National Human Trafficking Hotline data ...;
    secondary source; https://...)."
    """
    src = data.source_index()[figure["source_id"]]
    value = labels.format_value(
        figure.get("value"),
        labels.text(figure.get("value_qualifier")) or "exact",
        labels.text(figure.get("unit")),
        with_unit=True,
    )
    period = labels.format_period(figure.get("period_start"), figure.get("period_end"))
    description = labels.cell(figure, "description").rstrip(".")
    published = labels.text(src.get("published")) or _("undated")
    reporting = labels.cell(src, "reports_on")
    status = labels.status(figure["verification"])["sentence"]
    words = {
        "place": labels.text(figure.get("geography")),
        "period": period,
        "value": value,
        "description": description,
        "publisher": src["publisher"],
        "published": published,
        "reporting": reporting,
        "status": status,
        "url": src["url"],
    }
    if reporting and figure["verification"] != "primary":
        return _(
            "{place}, {period}: {value}. {description} ({publisher}, {published}, reporting {reporting}; "
            "{status}; {url})."
        ).format(**words)
    return _("{place}, {period}: {value}. {description} ({publisher}, {published}; {status}; {url}).").format(**words)
