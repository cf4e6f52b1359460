"""/upload: a person's CSV, from the browser's base64 to checked county rows, all in memory.

`process(contents, filename, choice, options)` never raises and never touches the disk:

1. `decode_contents`: the data URL dcc.Upload sends -> bytes, refusing anything over MAX_BYTES
   (checked on the base64 length before decoding, then on the decoded bytes);
2. `refuse_binary`: an empty file, an Excel workbook (.xlsx/.xls, by name or magic bytes), a
   compressed or PDF file, or any other binary file gets a plain message (save as CSV);
3. `decode_text`: UTF-8 (a byte-order mark allowed) through the ETL's own `etl.ingest.rows.decode`,
   else Windows-1252, else Latin-1, with a note asking the person to check accented names;
4. `detect`: county table or case records, from the columns (the person can override);
5. the ETL's own reader, `etl.ingest.formats.ingest_text`, with a `RowLog`: rows with a problem
   are left out and listed (line, column, value, reason) instead of refusing the file; the
   disclosure policy and its audit run exactly as in `python -m etl.ingest`.

Every limit in config.UPLOAD is checked as early as it can be: size before decoding, rows and
columns before reading, years and measures as soon as the rows are read; the problem lists are
cut to `problems_listed` (and counted) before the result leaves. CPU time and memory are bounded
by components.upload_sandbox, which runs `process` in a child process.

The result is an `UploadResult`; `components.upload_report` turns it into words, and
`components.upload_map` into the map. The messages made here (`error`, `detection_reason`,
`encoding_note`, measure labels) are in the language of the request (components/i18n.py; the
sandbox's child reads in the language of the request that started it); problems keep the ETL's
English reason, and `page_reason` words them for the page in the reader's language.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from dataclasses import dataclass, field

import pandas as pd

import config
from components import data as published
from components import i18n, labels, upload_problems_es
from components.i18n import N_, _, ngettext
from etl.errors import InputError, Problem
from etl.ingest.formats import cases, county_table, ingest_text, units_of
from etl.ingest.policy import Policy
from etl.ingest.rows import ColumnUse, Row, RowLog, column_key, decode, parse_rows

log = logging.getLogger(__name__)

#: Largest file accepted, in bytes (config.UPLOAD holds every upload limit).
MAX_BYTES = config.UPLOAD.max_bytes
#: Longest base64 payload that can decode to MAX_BYTES (4 characters per 3 bytes).
MAX_BASE64 = 4 * -(-MAX_BYTES // 3)
SOURCE_ID = "your_upload"
FORMATS = ("county-table", "cases")
#: The shapes of file, as the report names them (translated where shown: `format_name`).
FORMAT_NAMES = {"county-table": N_("a county table"), "cases": N_("case records (one row per case)")}
DEFAULT_MEASURE = "uploaded_values"
DEFAULT_UNIT = N_("records")  # the unit box's first value, in the reader's language there
DEFAULT_CASES_PREFIX = "cases"
#: Column names (case-insensitive) that only case records have.
#: Column names that only case records have (every name cases.COLUMNS knows for these roles).
CASE_COLUMNS = {
    column_key(name)
    for role in ("date", "age", "age_group", "case_id", "trafficking_type")
    for name in cases.COLUMNS[role]
}
_EXCEL_NAME = re.compile(r"\.(xlsx|xlsm|xlsb|xls|ods|numbers)$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: The page's words for problems whose command-line wording names a flag or a file (by Problem.code),
#: in English; other languages word every coded problem by its code (`page_reason`).
PAGE_REASONS = {
    "needs_measure": "needs a measure name (in the box above)",
    "needs_year": "needs a Year column or a year (in the box above)",
    "unknown_measure": "unknown measure: give what the numbers count (in the box above)",
    "not_utf8": "not UTF-8 text; save the file as CSV UTF-8",
}
#: Each language's wording of coded problems: code -> a template filled from Problem.params.
PROBLEM_TEXTS = {"es": upload_problems_es}


@dataclass
class UploadResult:
    """Everything the report and the map need about one upload."""

    filename: str
    size: int = 0
    error: str | None = None  # the headline when nothing can be mapped
    problems: list[Problem] = field(default_factory=list)  # problems with the file as a whole
    fmt: str | None = None
    detected: str | None = None
    detection_reason: str = ""
    overridden: bool = False
    encoding_note: str | None = None
    rows_read: int = 0
    header_line: int | None = None
    log: RowLog = field(default_factory=RowLog)
    columns: ColumnUse = field(default_factory=ColumnUse)  # case records: columns used and not used
    frame: pd.DataFrame | None = None
    labels: dict[str, str] = field(default_factory=dict)  # measure id -> label
    policy: Policy | None = None  # set when the disclosure policy was applied
    # Counted before the lists are cut to the listed maximum (see `bound`):
    problems_total: int = 0  # problems with the file as a whole
    skipped_total: int = 0  # problems with rows
    rows_not_used: int = 0  # distinct lines with a problem
    lines_without_data: int = 0  # lines below the header passed over

    @property
    def ok(self) -> bool:
        return self.error is None and self.frame is not None


def bound(result: UploadResult, listed: int) -> UploadResult:
    """Count what the report counts, then keep at most `listed` problems in each list, so neither the
    result nor the page's answer grows with the number of bad rows."""
    below = result.header_line or 0
    result.problems_total = len(result.problems)
    result.skipped_total = len(result.log.skipped)
    result.rows_not_used = len({p.line for p in result.log.skipped if p.line is not None})
    result.lines_without_data = len({p.line for p in result.log.ignored if p.line is not None and p.line > below})
    result.problems = result.problems[:listed]
    result.log.skipped = result.log.skipped[:listed]
    result.log.ignored = []
    # how each county was written: the distinct spellings are all the report shows
    result.log.matched = {
        fips: list({written: (line, written) for line, written in seen}.values())[:listed]
        for fips, seen in result.log.matched.items()
    }
    return result


def clean_filename(name) -> str:
    """The uploaded file's name for display: text only, no folders, at most 80 characters."""
    text = name if isinstance(name, str) else ""
    text = _CONTROL.sub("", text.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return (text[:77] + "...") if len(text) > 80 else (text or _("your file"))


def format_name(fmt: str) -> str:
    """ "a county table", "case records (one row per case)", in the reader's language."""
    return _(FORMAT_NAMES[fmt])


def role_name(role: str) -> str:
    """A case-record column's role in words ("age group"), in the reader's language (the catalogue
    holds each as a noun with its plural, like labels' units)."""
    names = {
        "county": ngettext("county", "counties", 1),
        "date": ngettext("date", "dates", 1),
        "year": ngettext("year", "years", 1),
        "age": ngettext("age", "ages", 1),
        "age_group": ngettext("age group", "age groups", 1),
        "trafficking_type": ngettext("trafficking type", "trafficking types", 1),
        "case_id": ngettext("case id", "case ids", 1),
    }
    return names.get(role, role.replace("_", " "))


def page_reason(problem: Problem) -> str:
    """A problem's reason as this page says it: in a language other than English, the language's
    template for the problem's code when it has one; in English (and as the fallback), the page's
    own words for coded problems, else the ETL's."""
    words = PROBLEM_TEXTS.get(i18n.lang())
    if words is not None and (text := words.render(problem)) is not None:
        return text
    if problem.code in PAGE_REASONS:
        lead = problem.reason.split(" needs ")[0] + " " if " needs " in problem.reason else ""
        return lead + PAGE_REASONS[problem.code]
    return problem.reason


def decode_contents(contents) -> tuple[bytes | None, str | None]:
    """The bytes of a data URL ("data:<type>;base64,<payload>"); (None, reason) when it cannot be used."""
    if not isinstance(contents, str) or "," not in contents:
        return None, _("No file arrived. Choose a CSV file and try again.")
    head, payload = contents.split(",", 1)
    if not head.startswith("data:") or ";base64" not in head:
        return None, _("No file arrived. Choose a CSV file and try again.")
    if len(payload) > MAX_BASE64:
        return None, too_big_message(len(payload) * 3 // 4)
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None, _("The file did not arrive intact. Try uploading it again.")
    if len(data) > MAX_BYTES:
        return None, too_big_message(len(data))
    return data, None


def too_big_message(size: int) -> str:
    return _(
        "The file is too large ({size} MB). This page reads files up to {limit} MB. Split it (for example "
        "by year) or remove columns you do not need."
    ).format(size=i18n.number(size / 1024 / 1024, 1), limit=labels.format_number(MAX_BYTES // 1024 // 1024))


def refuse_binary(data: bytes, filename: str) -> str | None:
    """A plain reason when the bytes are not a CSV text file; None when they may be."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return _("The file is empty. Choose a CSV file with a header row and at least one row of data.")
    excel = _(
        "This looks like an Excel or spreadsheet workbook, not a CSV file. This page reads CSV only: in "
        'Excel choose File > Save As > "CSV UTF-8 (Comma delimited)" (in Google Sheets or LibreOffice, '
        "download or save as CSV) and upload the CSV."
    )
    if data[:4] == b"PK\x03\x04":
        return (
            excel
            if _EXCEL_NAME.search(filename) or b"xl/" in data[:4096] or b"[Content_Types]" in data[:4096]
            else _("This is a compressed (zip) file, not a CSV file. Unzip it and upload the CSV inside.")
        )
    if data[:8] == bytes.fromhex("D0CF11E0A1B11AE1") or _EXCEL_NAME.search(filename):
        return excel
    if data[:5] == b"%PDF-":
        return _("This is a PDF, not a CSV file. Type or export the table into a spreadsheet and save it as CSV.")
    if b"\x00" in data[:65536]:
        return _(
            "This is not a text file (it contains binary data). Upload a CSV file: text with one row per "
            "line and commas between the columns."
        )
    return None


def decode_text(data: bytes, filename: str) -> tuple[str | None, str | None, str | None]:
    """(text, note, error): UTF-8 first (the ETL's own decoding), else Windows-1252, else Latin-1."""
    text, problems = decode(data, filename)
    note = None
    if text is None:
        for encoding, name in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            line = problems[0].line if problems else None
            note = _(
                "The file is not UTF-8 text (first seen on line {line}), so it was read as {encoding}. "
                "Check that names with accents look right; to be sure, save the file as CSV UTF-8."
            ).format(line=line, encoding=name)
            break
    if text is None or len(_CONTROL.findall(text[:65536])) > 8:
        return (
            None,
            None,
            _(
                "This is not a text file we can read (it contains control characters). "
                "Upload a CSV file saved as CSV UTF-8."
            ),
        )
    return text, note, None


def _header(rows: list[Row]) -> Row | None:
    return county_table.find_header(rows)


def detect(rows: list[Row]) -> tuple[str | None, str]:
    """("county-table" | "cases" | None, why) from the columns, and from repeated counties."""
    header = _header(rows)
    if header is None:
        first = next((r for r in rows if not r.blank), None)
        seen = ", ".join(f'"{c}"' for c in first.cells[:8] if c) if first else ""
        return None, (
            _(
                "No column named County was found (the first line has {cells}). The file needs a column named "
                "County holding Wisconsin county names."
            ).format(cells=seen)
            if seen
            else _(
                "No column named County was found. The file needs a column named County holding Wisconsin county names."
            )
        )
    plain = [county_table.plain_name(c) for c in header.cells]
    case_cols = [c for c in header.cells if column_key(c) in CASE_COLUMNS]
    if case_cols:
        return "cases", ngettext(
            "it has the column {names} of case records", "it has the columns {names} of case records", len(case_cols)
        ).format(names=_names(case_cols))
    years = [c for c in header.cells if county_table.heading_year(c) is not None]
    if years:
        return "county-table", _("it has a column for each year ({names})").format(names=_names(years[:6]))
    if "year" in plain:
        county_i = next(i for i, c in enumerate(header.cells) if county_table.is_county_header(c))
        year_i = plain.index("year")
        others = [c for i, c in enumerate(header.cells) if c and i not in (county_i, year_i)]
        pairs = [
            (r.cells[county_i].casefold(), r.cells[year_i])
            for r in rows
            if r.line > header.line and len(r.cells) > max(county_i, year_i) and r.cells[county_i]
        ]
        if not others:
            return "cases", _("it has only County and Year columns, as in one row per case")
        if len(set(pairs)) < len(pairs):
            return "cases", _("some counties appear more than once for the same year, as in one row per case")
        return "county-table", _("it has a Year column and value columns ({names})").format(names=_names(others[:6]))
    others = [c for c in header.cells if c and not county_table.is_county_header(c)]
    if others:
        return "county-table", _("it has value columns next to County ({names})").format(names=_names(others[:6]))
    return None, _("The file has a County column but no year, date or value columns.")


def _names(cells) -> str:
    return ", ".join(f'"{c}"' for c in cells)


def slug(text, default: str) -> str:
    """A measure id from what the person typed ("Reports 2023" -> "reports_2023")."""
    out = re.sub(r"[^a-z0-9]+", "_", text.casefold() if isinstance(text, str) else "").strip("_")[:60]
    out = re.sub(r"^[0-9_]+", "", out)
    return out or default


def _label(text, default: str) -> str:
    text = " ".join(text.split())[:80] if isinstance(text, str) else ""
    return text or default


def data_rows(rows: list[Row], fmt: str) -> tuple[int | None, int]:
    """(header line, rows below it that hold anything): the rows the report counts as read."""
    if fmt == "county-table":
        header = _header(rows)
    else:
        header = next((r for r in rows if not r.blank), None)
    if header is None:
        return None, 0
    return header.line, sum(1 for r in rows if r.line > header.line and not r.blank)


def process(
    contents, filename, choice=None, options: dict | None = None, limits: config.UploadLimits = config.UPLOAD
) -> UploadResult:
    """Read one upload (see the module docstring). Never raises."""
    result = UploadResult(filename=clean_filename(filename))
    try:
        _process(result, contents, choice, options if isinstance(options, dict) else {}, limits)
    except MemoryError:
        result.error = too_big_to_read()
        result.frame = None
    except Exception as err:  # noqa: BLE001 - the person must get an answer, never a silent failure
        log.warning("upload failed: %s", type(err).__name__)
        result.error = _(
            "Something went wrong while reading this file, and nothing was kept. Check that it is a "
            "CSV file and try again."
        )
        result.frame = None
    return bound(result, limits.problems_listed)


def too_big_to_read() -> str:
    """The answer when reading a file took more time or memory than one upload may use."""
    return _(
        "This file needs more work than this page does for one upload (at most {seconds} seconds of "
        "computing), so nothing was kept. Split it (for example by year or by measure) and upload the parts."
    ).format(seconds=labels.format_number(config.UPLOAD.cpu_seconds))


def over_limit(rows: list[Row], limits: config.UploadLimits) -> str | None:
    """Why the parsed file is too large to read (rows, columns), or None; checked before any reading."""
    data = sum(1 for r in rows if not r.blank) - 1  # the header is not a row of data
    if data > limits.max_rows:
        return _(
            "The file has {rows} rows. This page reads up to {limit} rows at a time: split it (for example by "
            "year) and upload the parts."
        ).format(rows=labels.format_number(data), limit=labels.format_number(limits.max_rows))
    widest = max((len(r.cells) for r in rows), default=0)
    if widest > limits.max_columns:
        return _(
            "The file has a line with {columns} columns. This page reads up to {limit} columns: keep the County "
            "column and the columns you want to map."
        ).format(columns=labels.format_number(widest), limit=labels.format_number(limits.max_columns))
    return None


def too_many_layers(frame: pd.DataFrame, limits: config.UploadLimits) -> str | None:
    """Why the rows read hold more years or measures than the page maps at once, or None."""
    years = frame["year"].dropna().nunique()
    measures = frame["measure"].nunique()
    if years > limits.max_years:
        return _(
            "The file holds {years} years. This page maps up to {limit} years at a time: split it by year and "
            "upload the parts."
        ).format(years=labels.format_number(years), limit=labels.format_number(limits.max_years))
    if measures > limits.max_measures:
        return _(
            "The file holds {measures} measures. This page maps up to {limit} at a time: keep the County column "
            "and the measures you want to map."
        ).format(measures=labels.format_number(measures), limit=labels.format_number(limits.max_measures))
    return None


def _process(result: UploadResult, contents, choice, options: dict, limits: config.UploadLimits) -> None:
    data, error = decode_contents(contents)
    if data is None:
        result.error = error
        return
    result.size = len(data)
    if error := refuse_binary(data, result.filename):
        result.error = error
        return
    text, result.encoding_note, error = decode_text(data, result.filename)
    if text is None:
        result.error = error
        return
    rows, problems = parse_rows(text, result.filename)
    if problems:
        result.error, result.problems = _("This file cannot be read as CSV."), problems
        return
    if error := over_limit(rows, limits):
        result.error = error
        return
    result.detected, result.detection_reason = detect(rows)
    fmt = choice if choice in FORMATS else result.detected
    result.overridden = choice in FORMATS and choice != result.detected
    if fmt is None:
        result.error = result.detection_reason
        return
    result.fmt = fmt
    result.header_line, result.rows_read = data_rows(rows, fmt)
    if fmt == "county-table":
        measure = slug(options.get("measure"), DEFAULT_MEASURE)
        unit = _label(options.get("unit"), DEFAULT_UNIT).casefold()
        year = options.get("year")
        opts = {
            "measure": measure,
            "unit": unit,
            "sensitive": bool(options.get("sensitive")) or None,
            "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        }
        label = _label(options.get("measure"), DEFAULT_MEASURE)
        result.labels = {measure: _("Uploaded values") if label == DEFAULT_MEASURE else label}
    else:
        prefix = DEFAULT_CASES_PREFIX
        opts = {"measure": prefix, "covers_state": bool(options.get("covers_state")) or None}
        result.labels = {f"{prefix}_total": _("Cases"), f"{prefix}_minor": _("Cases involving a minor")}
    if fmt == "cases" or opts.get("sensitive"):
        result.policy = published.policy()
    try:
        frame = ingest_text(
            fmt,
            text,
            result.filename,
            SOURCE_ID,
            opts,
            result.log,
            policy=published.policy(),
            units=units_of(published.measures()),
            columns=result.columns,
        )
    except InputError as err:
        result.error = _("Nothing could be mapped from this file.")
        result.problems = err.problems
        return
    if frame.empty:
        result.error = _("No row of this file could be used, so there is nothing to map.")
        return
    if error := too_many_layers(frame, limits):
        result.error = error
        return
    for measure in list(result.labels):
        if measure not in set(frame["measure"]):
            del result.labels[measure]
    for measure in dict.fromkeys(frame["measure"]):
        result.labels.setdefault(measure, measure.replace("_", " ").capitalize())
    result.frame = frame
