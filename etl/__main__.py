"""`python -m etl` rebuilds data/tidy from data/raw; `python -m etl --check` verifies it.

Exit codes: 0 success; 1 input or validation problems (every one listed, nothing written);
2 with --check when the committed files differ from a fresh build. `--update-translations`
brings locales/es/LC_MESSAGES/data.po up to date with the English texts (etl.translations) and
writes nothing in data/tidy.
"""

from __future__ import annotations

import argparse
import sys

import config
from etl import translations
from etl.errors import InputError, display_path
from etl.pipeline import ValidationFailed, build, build_english_tables
from etl.tables import compare, publish


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="verify that data/tidy equals a fresh build and validates; write nothing"
    )
    parser.add_argument(
        "--update-translations",
        action="store_true",
        help="add every new English text to the Spanish translations file (msgstr empty, to fill in), "
        "drop unused entries; write nothing in data/tidy",
    )
    args = parser.parse_args(argv)
    if args.update_translations:
        return update_translations()
    try:
        outputs = build()
    except (InputError, ValidationFailed) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.check:
        stale = compare(outputs, config.TIDY)
        if stale:
            print("data/tidy differs from a fresh build (run `python -m etl`):", *stale, sep="\n  ", file=sys.stderr)
            return 2
        print(f"ok: {len(outputs)} files in data/tidy equal a fresh build and validate")
        return 0
    publish(outputs, config.TIDY)
    print(f"wrote {len(outputs)} files to data/tidy")
    return 0


def update_translations() -> int:
    try:
        tables, _ = build_english_tables()
        todo, dropped = translations.update(tables, config.DATA_PO)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"{display_path(config.DATA_PO)}: {todo} text(s) to translate, {dropped} unused entr(ies) dropped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
