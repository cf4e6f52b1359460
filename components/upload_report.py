"""/upload: the plain-language report of one upload (components.upload_read.UploadResult).

What was read and how it was understood, which counties were matched, every row that was not used
(line, column, value, reason), what was suppressed and why. Text from the file (county names,
values, the file name) is passed as Dash children strings, which React renders as text, never HTML.
`report_facts` gives the same content as plain data, for tests and for the page's summary line.
"""

from __future__ import annotations

from dash import html

from components import labels
from components.upload_read import FORMAT_NAMES, MAX_BYTES, UploadResult, page_reason
from etl.counties import ALL_FIPS, STATE_FIPS, county_name
from etl.errors import Problem

#: Rows of a problem table shown before the rest of the list is folded away.
SHOWN_FIRST = 50
#: Names of places that are not Wisconsin counties quoted in the report; the rest are counted.
NAMES_QUOTED = 20
#: Suppressed cells named in each group of the report; the rest are counted.
NAMES_LISTED = 200


def _size(n: int) -> str:
    return f"{n:,} bytes" if n < 1024 else f"{n / 1024:,.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _bare(name: str) -> str:
    """A county name without case, spacing or a trailing "County", to tell real respellings apart."""
    return " ".join(name.casefold().split()).removesuffix(" county")


def _where(p: Problem) -> str:
    return "" if p.line is None else str(p.line)


def _value(p: Problem) -> str:
    return "" if p.value is None else str(p.value)


def suppression_groups(result: UploadResult) -> list[tuple[str, int, list[str]]]:
    """(why, how many county cells, [county and year]) for each kind of suppressed value on the map."""
    if result.frame is None:
        return []
    rows = result.frame[(result.frame["value_status"] == "suppressed") & (result.frame["fips"] != STATE_FIPS)]
    policy = result.policy
    groups: dict[str, list[str]] = {}
    for r in rows.itertuples():
        note = r.note or ""
        if policy and note.startswith(policy.small_note):
            why = (
                f"Small counts ({policy.suppress_min} to {policy.suppress_max}) withheld under the disclosure "
                f"policy ({policy.version})"
            )
        elif policy and note.startswith(f"suppressed ({policy.suppress_max + 1} or more)"):
            why = (
                f"Larger counts ({policy.suppress_max + 1} or more) also withheld, so that a small count cannot "
                "be worked out by subtracting from a total"
            )
        elif note.startswith("suppressed in the source"):
            why = "Marked as suppressed in your file (for example <5, 1-4 or *)"
        else:
            why = "Suppressed"
        label = result.labels.get(r.measure, r.measure)
        year = "" if r.year is None or r.year != r.year else f" {int(r.year)}"
        measure = f" ({label})" if len(result.labels) > 1 else ""
        groups.setdefault(why, []).append(f"{county_name(r.fips)}{year}{measure}")
    return [(why, len(cells), cells) for why, cells in groups.items()]


def report_facts(result: UploadResult) -> dict:
    """The report's content as plain data (what the page says, in the order it says it)."""
    matched = {f: v for f, v in result.log.matched.items() if f != STATE_FIPS}
    return {
        "ok": result.ok,
        "format": result.fmt,
        "rows_read": result.rows_read,
        "rows_not_used": result.rows_not_used,
        "lines_without_data": result.lines_without_data,
        "counties_matched": sorted(county_name(f) for f in matched),
        "counties_missing": sorted(county_name(f) for f in ALL_FIPS if f not in matched),
        "statewide_lines": [line for line, _ in result.log.matched.get(STATE_FIPS, [])],
        "not_used": [(p.line, p.column, _value(p), page_reason(p)) for p in result.log.skipped],
        "suppressed": [(why, n) for why, n, _ in suppression_groups(result)],
        "policy_version": result.policy.version if result.policy else None,
    }


def _problem_table(problems: list[Problem], caption: str, table_id: str, why: str) -> html.Table:
    body = [
        html.Tr(
            [
                html.Td(_where(p), className="num"),
                html.Td(p.column or ""),
                html.Td(html.Code(_value(p)) if _value(p) else ""),
                html.Td(page_reason(p)),
            ]
        )
        for p in problems
    ]
    return html.Table(
        [
            html.Caption(caption),
            html.Thead(
                html.Tr(
                    [
                        html.Th("Line", scope="col", className="num"),
                        html.Th("Column", scope="col"),
                        html.Th("Value", scope="col"),
                        html.Th(why, scope="col"),
                    ]
                )
            ),
            html.Tbody(body),
        ],
        className="upload-problems",
        id=table_id,
    )


def _problems_block(
    problems: list[Problem], total: int, caption: str, table_id: str, why: str = "Why it was not used"
) -> list:
    """The listed problems (the first SHOWN_FIRST in view, the rest folded away), and how many more
    there are than the list holds (config.UPLOAD.problems_listed)."""
    out = [
        _problem_table(
            problems[:SHOWN_FIRST],
            caption + (f" (first {SHOWN_FIRST})" if len(problems) > SHOWN_FIRST else ""),
            table_id,
            why,
        )
    ]
    if len(problems) > SHOWN_FIRST:
        out.append(
            html.Details(
                [
                    html.Summary(f"Show the next {len(problems) - SHOWN_FIRST:,}"),
                    _problem_table(problems[SHOWN_FIRST:], caption + " (continued)", table_id + "-more", why),
                ]
            )
        )
    if total > len(problems):
        out.append(
            html.P(
                f"{total - len(problems):,} more not listed: the list stops at {len(problems):,}. Fix these and "
                "upload the file again to see the rest.",
                className="upload-note",
                id=table_id + "-unlisted",
            )
        )
    return out


def _some(cells: list[str]) -> str:
    """The first NAMES_LISTED of `cells`, and how many more there are."""
    shown = ", ".join(cells[:NAMES_LISTED])
    return shown + (f", and {len(cells) - NAMES_LISTED:,} more." if len(cells) > NAMES_LISTED else ".")


def policy_sentence(result: UploadResult) -> list:
    """What the disclosure policy did to this upload, with its version and thresholds (or that it was off)."""
    p = result.policy
    if p is None:
        return [
            html.Strong("Small-number suppression is off. "),
            "Your values are shown as they are in the file. If they are counts of people or cases that are "
            "not published anywhere, tick \u201cMy data is sensitive\u201d in the options above.",
        ]
    why = "always applied to case records" if result.fmt == "cases" else "on because you marked the data sensitive"
    return [
        html.Strong("Small-number suppression is on "),
        f"({why}): under the dashboard's disclosure policy "
        f"{p.version}, counts from {p.suppress_min} to {p.suppress_max} are shown as \u201cSuppressed\u201d, "
        f"never as a number, and some counts of {p.suppress_max + 1} or more are suppressed too, so that no small "
        "count can be worked out by subtracting from a total. An audit checked that every suppressed value "
        "still has more than one possible value.",
    ]


def _columns_report(result: UploadResult) -> list:
    """Which columns were read as what, and every column that was not used (never dropped silently)."""
    cols = result.columns
    if not cols.used and not cols.unused:
        return []
    out = (
        [
            html.P(
                [
                    "Columns used: ",
                    ", ".join(f"\u201c{name}\u201d as {role.replace('_', ' ')}" for role, name in cols.used.items()),
                    ".",
                ],
                id="upload-columns-used",
            )
        ]
        if cols.used
        else []
    )
    if cols.unused:
        out.append(
            html.P(
                [
                    html.Strong(f"{labels.format_count(len(cols.unused), 'column')} not used: "),
                    ", ".join(f"\u201c{name}\u201d" for name in cols.unused),
                    ". Rename a column to one of the names listed on this page if it should count.",
                ],
                className="upload-note",
                id="upload-columns-unused",
            )
        )
    return out


def build_report(result: UploadResult) -> list:
    """The report's children (an error box when nothing can be mapped)."""
    name = result.filename
    if not result.ok:
        return _error_report(result)
    facts = report_facts(result)
    how = f"Read \u201c{name}\u201d ({_size(result.size)}) as {FORMAT_NAMES[result.fmt]}"
    how += ", as you chose." if result.overridden else f": detected because {result.detection_reason}."
    out: list = [html.H2("What we read"), html.P(how)]
    if result.detected and result.overridden:
        out.append(html.P(f"(From its columns it looked like {FORMAT_NAMES[result.detected]}.)"))
    if result.encoding_note:
        out.append(html.P(result.encoding_note, className="upload-note"))
    used = result.rows_read - facts["rows_not_used"] - facts["lines_without_data"]
    counts = [
        html.Li(f"{labels.format_count(result.rows_read, 'row')} of data read below the header."),
        html.Li(f"{labels.format_count(used, 'row')} used."),
        html.Li(
            f"{labels.format_count(facts['rows_not_used'], 'row')} not used (listed below with the reason)."
            if facts["rows_not_used"]
            else "Every row with values was used."
        ),
    ]
    if facts["lines_without_data"]:
        counts.append(
            html.Li(
                f"{labels.format_count(facts['lines_without_data'], 'line')} without values passed over "
                "(a title, a note, or a county with every cell empty)."
            )
        )
    if facts["statewide_lines"]:
        counts.append(
            html.Li(
                f"A statewide total (line {facts['statewide_lines'][0]}) was checked against the "
                "counties; it is in the download, not on the map."
            )
        )
    out.append(html.Ul(counts, id="upload-counts"))
    out += _columns_report(result)

    matched = facts["counties_matched"]
    out += [
        html.H3(f"Counties matched: {len(matched)} of {len(ALL_FIPS)}"),
        html.P(
            ", ".join(c.removesuffix(" County") for c in matched) + "." if matched else "No county was matched.",
            className="upload-counties",
            id="upload-matched",
        ),
    ]
    renamed = sorted(
        {
            (written, county_name(f))
            for f, seen in result.log.matched.items()
            if f != STATE_FIPS
            for _, written in seen
            if _bare(written) != _bare(county_name(f))
        }
    )
    if renamed:
        out.append(
            html.Details(
                [
                    html.Summary(f"{labels.format_count(len(renamed), 'spelling')} matched to a county name"),
                    html.Ul([html.Li(f"\u201c{w}\u201d \u2192 {c}") for w, c in renamed]),
                ]
            )
        )
    if facts["counties_missing"] and matched:
        out.append(
            html.P(
                f"{labels.format_count(len(facts['counties_missing']), 'county', 'counties')} have no row used from "
                "your file; the map shows them as \u201cNot reported\u201d, never as zero.",
                className="upload-note",
            )
        )

    if result.log.skipped:
        unknown = [p for p in result.log.skipped if p.code == "unknown_county"]
        out.append(html.H3(f"Rows not used: {facts['rows_not_used']:,}", id="upload-not-used-heading"))
        if unknown:
            names = list(dict.fromkeys(str(p.value) for p in unknown))
            quoted = ", ".join(f"\u201c{n}\u201d" for n in names[:NAMES_QUOTED])
            more = f" and {len(names) - NAMES_QUOTED:,} more" if len(names) > NAMES_QUOTED else ""
            out.append(
                html.P(
                    f"Not Wisconsin county names: {quoted}{more}. "
                    "Check the spelling, or remove rows about places outside Wisconsin.",
                    id="upload-unknown-counties",
                )
            )
        out += _problems_block(
            result.log.skipped, result.skipped_total, "The rows that were not used, with the reason", "upload-not-used"
        )

    out.append(html.H3("Suppressed values"))
    groups = suppression_groups(result)
    if groups:
        out.append(
            html.Ul(
                [
                    html.Li(
                        [
                            f"{why}: {labels.format_count(n, 'value')}. ",
                            html.Details([html.Summary("Which ones"), html.P(_some(cells))], className="upload-which"),
                        ]
                    )
                    for why, n, cells in groups
                ],
                id="upload-suppressed",
            )
        )
    else:
        out.append(html.P("No value is suppressed.", id="upload-suppressed"))
    out.append(html.P(policy_sentence(result), className="upload-policy"))
    return out


def _error_report(result: UploadResult) -> list:
    out: list = [
        html.H2("This file could not be mapped", className="upload-error-title"),
        html.P(result.error or "", className="upload-error-message"),
    ]
    if result.encoding_note:
        out.append(html.P(result.encoding_note, className="upload-note"))
    if result.fmt:
        out.append(
            html.P(
                f"It was read as {FORMAT_NAMES[result.fmt]}"
                + (", as you chose." if result.overridden else f", because {result.detection_reason}.")
                + " If that is wrong, choose the other shape above."
            )
        )
    if result.problems:
        out += _problems_block(
            result.problems, result.problems_total, "What is wrong with the file", "upload-problems", "Problem"
        )
    if result.log.skipped:
        out += [
            html.H3(f"Rows not used: {result.rows_not_used:,}"),
            *_problems_block(
                result.log.skipped,
                result.skipped_total,
                "The rows that were not used, with the reason",
                "upload-not-used",
            ),
        ]
    out.append(
        html.P(
            [
                "A file this page reads: a CSV (comma-separated text, saved as CSV UTF-8) of at most "
                f"{MAX_BYTES // 1024 // 1024} MB, with a County column and either a column per year "
                "(a county table) or one row per case with a date or year (case records)."
            ],
            className="upload-help",
        )
    )
    return out


def summary_line(result: UploadResult) -> str:
    """One sentence for screen readers (aria-live) after each upload."""
    if not result.ok:
        return f"{result.filename} could not be mapped: the reason is below."
    facts = report_facts(result)
    return (
        f"{result.filename}: {facts['rows_read']:,} rows read, {len(facts['counties_matched'])} counties matched, "
        f"{facts['rows_not_used']:,} rows not used."
    )
