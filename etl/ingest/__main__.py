"""`python -m etl.ingest FORMAT INPUT -o OUTPUT.csv --source-id ID` writes tidy county rows.

Formats: fbi-cde-ht (FBI Crime Data Explorer human trafficking CSV), county-table (a county table
transcribed from a report), cases (case-level records; the disclosure policy always applies),
nibrs-agency (police-recorded human trafficking per agency and year from the FBI's NIBRS, as
transcribed; see the README).
Exit codes: 0 written; 1 problems in the input (every one listed with file, line, column, value and
reason) or a failed disclosure audit, and nothing written; 2 bad command-line usage.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from etl.errors import InputError
from etl.ingest.formats import FORMATS, ingest
from etl.ingest.output import write_csv
from etl.ingest.rows import ColumnUse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=FORMATS)
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="CSV to write (atomically)")
    parser.add_argument("--source-id", required=True, help="id of the source's entry in data/sources.yaml")
    parser.add_argument(
        "--measure",
        help="county-table: the measure of a county-by-year table; "
        "cases: prefix of the measures (default cases -> cases_total, cases_minor)",
    )
    parser.add_argument(
        "--sensitive", action="store_true", help="county-table: apply the disclosure policy (always on for cases)"
    )
    parser.add_argument(
        "--covers-state",
        action="store_true",
        help="cases: the records cover the whole state, so a county with none is a true 0",
    )
    parser.add_argument("--year", type=int, help="county-table: the year of a county-by-measure table")
    parser.add_argument("--unit", help="county-table: unit, when the measure is not yet in data/measures.yaml")
    parser.add_argument(
        "--county-correction",
        action="append",
        metavar="ORI=FIPS",
        default=[],
        help="nibrs-agency: place this agency in the county its ORI gives, where the file's "
        "county_fips disagrees (repeatable; the same list as data/sources.yaml)",
    )
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z0-9_]+", args.source_id):
        parser.error("--source-id must be lower-case letters, digits and underscores")
    corrections = dict(pair.partition("=")[::2] for pair in args.county_correction)
    if any(not ori or not fips for ori, fips in corrections.items()):
        parser.error("--county-correction takes ORI=FIPS, e.g. WI0560000=55109")
    options = {
        "measure": args.measure,
        "year": args.year,
        "unit": args.unit,
        "sensitive": args.sensitive or None,
        "covers_state": args.covers_state or None,
        "county_corrections": corrections or None,
    }
    columns = ColumnUse()
    try:
        frame = ingest(args.format, args.input, args.source_id, options, columns)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    write_csv(frame, args.output)
    if columns.used:
        print(
            "columns used: " + ", ".join(f"{name!r} as {role}" for role, name in columns.used.items()), file=sys.stderr
        )
    if columns.unused:
        print(
            f"note: {len(columns.unused)} column(s) not used: " + ", ".join(map(repr, columns.unused)), file=sys.stderr
        )
    counts = frame["value_status"].value_counts().to_dict()
    print(f"wrote {len(frame)} rows to {args.output} ({', '.join(f'{v} {k}' for k, v in sorted(counts.items()))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
