"""`python -m etl` rebuilds data/tidy from data/raw; `python -m etl --check` verifies it.

Exit codes: 0 success; 1 input or validation problems (every one listed, nothing written);
2 with --check when the committed files differ from a fresh build.
"""

from __future__ import annotations

import argparse
import sys

import config
from etl.errors import InputError
from etl.pipeline import ValidationFailed, build
from etl.tables import compare, publish


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="verify that data/tidy equals a fresh build and validates; write nothing"
    )
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
