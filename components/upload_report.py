"""/upload: the plain-language report of one upload (components.upload_read.UploadResult).

What was read and how it was understood, which counties were matched, every row that was not used
(line, column, value, reason), what was suppressed and why. Text from the file (county names,
values, the file name) is passed as Dash children strings, which React renders as text, never HTML.
`report_facts` gives the same content as plain data, for tests and for the page's summary line.
Every word is in the reader's language (components/i18n.py); problems are worded by
`upload_read.page_reason` (Spanish from their code, components/upload_problems_es.py).
"""

from __future__ import annotations

from dash import html

from components import i18n, labels
from components.i18n import _, ngettext
from components.upload_read import MAX_BYTES, UploadResult, format_name, page_reason, role_name
from etl.counties import ALL_FIPS, STATE_FIPS, county_name
from etl.errors import Problem

#: Rows of a problem table shown before the rest of the list is folded away.
SHOWN_FIRST = 50
#: Names of places that are not Wisconsin counties quoted in the report; the rest are counted.
NAMES_QUOTED = 20
#: Suppressed cells named in each group of the report; the rest are counted.
NAMES_LISTED = 200


def _size(n: int) -> str:
    if n < 1024:
        return _("{n} bytes").format(n=labels.format_number(n))
    return f"{i18n.number(n / 1024)} KB" if n < 1024 * 1024 else f"{i18n.number(n / 1024 / 1024, 1)} MB"


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
            why = _("Small counts ({low} to {high}) withheld under the disclosure policy ({version})").format(
                low=labels.format_number(policy.suppress_min),
                high=labels.format_number(policy.suppress_max),
                version=policy.version,
            )
        elif policy and note.startswith(f"suppressed ({policy.suppress_max + 1} or more)"):
            why = _(
                "Larger counts ({n} or more) also withheld, so that a small count cannot be worked out by "
                "subtracting from a total"
            ).format(n=labels.format_number(policy.suppress_max + 1))
        elif note.startswith("suppressed in the source"):
            why = _("Marked as suppressed in your file (for example <5, 1-4 or *)")
        else:
            why = _("Suppressed")
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
        "statewide_lines": [line for line, _written in result.log.matched.get(STATE_FIPS, [])],
        "not_used": [(p.line, p.column, _value(p), page_reason(p)) for p in result.log.skipped],
        "suppressed": [(why, n) for why, n, _cells in suppression_groups(result)],
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
                        html.Th(_("Line"), scope="col", className="num"),
                        html.Th(_("Column"), scope="col"),
                        html.Th(_("Value"), scope="col"),
                        html.Th(why, scope="col"),
                    ]
                )
            ),
            html.Tbody(body),
        ],
        className="upload-problems",
        id=table_id,
    )


def _problems_block(problems: list[Problem], total: int, caption: str, table_id: str, why: str | None = None) -> list:
    """The listed problems (the first SHOWN_FIRST in view, the rest folded away), and how many more
    there are than the list holds (config.UPLOAD.problems_listed). `why` heads the reasons' column
    (default: "Why it was not used")."""
    why = why or _("Why it was not used")
    out = [
        _problem_table(
            problems[:SHOWN_FIRST],
            (
                _("{caption} (first {n})").format(caption=caption, n=labels.format_number(SHOWN_FIRST))
                if len(problems) > SHOWN_FIRST
                else caption
            ),
            table_id,
            why,
        )
    ]
    if len(problems) > SHOWN_FIRST:
        out.append(
            html.Details(
                [
                    html.Summary(_("Show the next {n}").format(n=labels.format_number(len(problems) - SHOWN_FIRST))),
                    _problem_table(
                        problems[SHOWN_FIRST:],
                        _("{caption} (continued)").format(caption=caption),
                        table_id + "-more",
                        why,
                    ),
                ]
            )
        )
    if total > len(problems):
        out.append(
            html.P(
                _(
                    "{n} more not listed: the list stops at {listed}. Fix these and upload the file again to see "
                    "the rest."
                ).format(n=labels.format_number(total - len(problems)), listed=labels.format_number(len(problems))),
                className="upload-note",
                id=table_id + "-unlisted",
            )
        )
    return out


def _some(cells: list[str]) -> str:
    """The first NAMES_LISTED of `cells`, and how many more there are."""
    shown = ", ".join(cells[:NAMES_LISTED])
    if len(cells) > NAMES_LISTED:
        return _("{names}, and {n} more.").format(names=shown, n=labels.format_number(len(cells) - NAMES_LISTED))
    return shown + "."


def policy_sentence(result: UploadResult) -> list:
    """What the disclosure policy did to this upload, with its version and thresholds (or that it was off)."""
    p = result.policy
    if p is None:
        return [
            html.Strong(_("Small-number suppression is off.") + " "),
            _(
                "Your values are shown as they are in the file. If they are counts of people or cases that are "
                "not published anywhere, tick \u201cMy data is sensitive\u201d in the options above."
            ),
        ]
    why = (
        _("always applied to case records") if result.fmt == "cases" else _("on because you marked the data sensitive")
    )
    return [
        html.Strong(_("Small-number suppression is on") + " "),
        _(
            "({why}): under the dashboard's disclosure policy {version}, counts from {low} to {high} are shown as "
            "\u201cSuppressed\u201d, never as a number, and some counts of {next} or more are suppressed too, so "
            "that no small count can be worked out by subtracting from a total. An audit checked that every "
            "suppressed value still has more than one possible value."
        ).format(
            why=why,
            version=p.version,
            low=labels.format_number(p.suppress_min),
            high=labels.format_number(p.suppress_max),
            next=labels.format_number(p.suppress_max + 1),
        ),
    ]


def _columns_report(result: UploadResult) -> list:
    """Which columns were read as what, and every column that was not used (never dropped silently)."""
    cols = result.columns
    if not cols.used and not cols.unused:
        return []
    out = (
        [
            html.P(
                _("Columns used: {columns}.").format(
                    columns=", ".join(
                        _("\u201c{name}\u201d as {role}").format(name=name, role=role_name(role))
                        for role, name in cols.used.items()
                    )
                ),
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
                    html.Strong(
                        ngettext("{n} column not used:", "{n} columns not used:", len(cols.unused)).format(
                            n=labels.format_number(len(cols.unused))
                        )
                        + " "
                    ),
                    _("{columns}. Rename a column to one of the names listed on this page if it should count.").format(
                        columns=", ".join(f"\u201c{name}\u201d" for name in cols.unused)
                    ),
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
    read_as = {"name": name, "size": _size(result.size), "format": format_name(result.fmt)}
    how = (
        _("Read \u201c{name}\u201d ({size}) as {format}, as you chose.").format(**read_as)
        if result.overridden
        else _("Read \u201c{name}\u201d ({size}) as {format}: detected because {reason}.").format(
            **read_as, reason=result.detection_reason
        )
    )
    out: list = [html.H2(_("What we read")), html.P(how)]
    if result.detected and result.overridden:
        out.append(html.P(_("(From its columns it looked like {format}.)").format(format=format_name(result.detected))))
    if result.encoding_note:
        out.append(html.P(result.encoding_note, className="upload-note"))
    used = result.rows_read - facts["rows_not_used"] - facts["lines_without_data"]
    counts = [
        html.Li(
            ngettext(
                "{n} row of data read below the header.", "{n} rows of data read below the header.", result.rows_read
            ).format(n=labels.format_number(result.rows_read))
        ),
        html.Li(ngettext("{n} row used.", "{n} rows used.", used).format(n=labels.format_number(used))),
        html.Li(
            ngettext(
                "{n} row not used (listed below with the reason).",
                "{n} rows not used (listed below with the reason).",
                facts["rows_not_used"],
            ).format(n=labels.format_number(facts["rows_not_used"]))
            if facts["rows_not_used"]
            else _("Every row with values was used.")
        ),
    ]
    if facts["lines_without_data"]:
        counts.append(
            html.Li(
                ngettext(
                    "{n} line without values passed over (a title, a note, or a county with every cell empty).",
                    "{n} lines without values passed over (a title, a note, or a county with every cell empty).",
                    facts["lines_without_data"],
                ).format(n=labels.format_number(facts["lines_without_data"]))
            )
        )
    if facts["statewide_lines"]:
        counts.append(
            html.Li(
                _(
                    "A statewide total (line {line}) was checked against the counties; it is in the download, not "
                    "on the map."
                ).format(line=facts["statewide_lines"][0])
            )
        )
    out.append(html.Ul(counts, id="upload-counts"))
    out += _columns_report(result)

    matched = facts["counties_matched"]
    out += [
        html.H3(
            _("Counties matched: {n} of {total}").format(
                n=labels.format_number(len(matched)), total=labels.format_number(len(ALL_FIPS))
            )
        ),
        html.P(
            ", ".join(c.removesuffix(" County") for c in matched) + "." if matched else _("No county was matched."),
            className="upload-counties",
            id="upload-matched",
        ),
    ]
    renamed = sorted(
        {
            (written, county_name(f))
            for f, seen in result.log.matched.items()
            if f != STATE_FIPS
            for _line, written in seen
            if _bare(written) != _bare(county_name(f))
        }
    )
    if renamed:
        out.append(
            html.Details(
                [
                    html.Summary(
                        ngettext(
                            "{n} spelling matched to a county name",
                            "{n} spellings matched to a county name",
                            len(renamed),
                        ).format(n=labels.format_number(len(renamed)))
                    ),
                    html.Ul([html.Li(f"\u201c{w}\u201d \u2192 {c}") for w, c in renamed]),
                ]
            )
        )
    if facts["counties_missing"] and matched:
        out.append(
            html.P(
                ngettext(
                    "{n} county have no row used from your file; the map shows them as \u201cNot reported\u201d, "
                    "never as zero.",
                    "{n} counties have no row used from your file; the map shows them as \u201cNot reported\u201d, "
                    "never as zero.",
                    len(facts["counties_missing"]),
                ).format(n=labels.format_number(len(facts["counties_missing"]))),
                className="upload-note",
            )
        )

    if result.log.skipped:
        unknown = [p for p in result.log.skipped if p.code == "unknown_county"]
        out.append(
            html.H3(
                _("Rows not used: {n}").format(n=labels.format_number(facts["rows_not_used"])),
                id="upload-not-used-heading",
            )
        )
        if unknown:
            names = list(dict.fromkeys(str(p.value) for p in unknown))
            quoted = ", ".join(f"\u201c{n}\u201d" for n in names[:NAMES_QUOTED])
            out.append(
                html.P(
                    (
                        _(
                            "Not Wisconsin county names: {names} and {n} more. Check the spelling, or remove rows "
                            "about places outside Wisconsin."
                        ).format(names=quoted, n=labels.format_number(len(names) - NAMES_QUOTED))
                        if len(names) > NAMES_QUOTED
                        else _(
                            "Not Wisconsin county names: {names}. Check the spelling, or remove rows about places "
                            "outside Wisconsin."
                        ).format(names=quoted)
                    ),
                    id="upload-unknown-counties",
                )
            )
        out += _problems_block(
            result.log.skipped,
            result.skipped_total,
            _("The rows that were not used, with the reason"),
            "upload-not-used",
        )

    out.append(html.H3(_("Suppressed values")))
    groups = suppression_groups(result)
    if groups:
        out.append(
            html.Ul(
                [
                    html.Li(
                        [
                            ngettext("{why}: {n} value.", "{why}: {n} values.", n).format(
                                why=why, n=labels.format_number(n)
                            )
                            + " ",
                            html.Details(
                                [html.Summary(_("Which ones")), html.P(_some(cells))], className="upload-which"
                            ),
                        ]
                    )
                    for why, n, cells in groups
                ],
                id="upload-suppressed",
            )
        )
    else:
        out.append(html.P(_("No value is suppressed."), id="upload-suppressed"))
    out.append(html.P(policy_sentence(result), className="upload-policy"))
    return out


def _error_report(result: UploadResult) -> list:
    out: list = [
        html.H2(_("This file could not be mapped"), className="upload-error-title"),
        html.P(result.error or "", className="upload-error-message"),
    ]
    if result.encoding_note:
        out.append(html.P(result.encoding_note, className="upload-note"))
    if result.fmt:
        out.append(
            html.P(
                (
                    _("It was read as {format}, as you chose. If that is wrong, choose the other shape above.")
                    if result.overridden
                    else _("It was read as {format}, because {reason}. If that is wrong, choose the other shape above.")
                ).format(format=format_name(result.fmt), reason=result.detection_reason)
            )
        )
    if result.problems:
        out += _problems_block(
            result.problems, result.problems_total, _("What is wrong with the file"), "upload-problems", _("Problem")
        )
    if result.log.skipped:
        out += [
            html.H3(_("Rows not used: {n}").format(n=labels.format_number(result.rows_not_used))),
            *_problems_block(
                result.log.skipped,
                result.skipped_total,
                _("The rows that were not used, with the reason"),
                "upload-not-used",
            ),
        ]
    out.append(
        html.P(
            [
                _(
                    "A file this page reads: a CSV (comma-separated text, saved as CSV UTF-8) of at most {limit} MB, "
                    "with a County column and either a column per year (a county table) or one row per case with a "
                    "date or year (case records)."
                ).format(limit=labels.format_number(MAX_BYTES // 1024 // 1024))
            ],
            className="upload-help",
        )
    )
    return out


def summary_line(result: UploadResult) -> str:
    """One sentence for screen readers (aria-live) after each upload."""
    if not result.ok:
        return _("{name} could not be mapped: the reason is below.").format(name=result.filename)
    facts = report_facts(result)
    return _("{name}: {rows} rows read, {counties} counties matched, {unused} rows not used.").format(
        name=result.filename,
        rows=labels.format_number(facts["rows_read"]),
        counties=labels.format_number(len(facts["counties_matched"])),
        unused=labels.format_number(facts["rows_not_used"]),
    )
