"""Problems found in input data, reported all at once with file, line, column and value.

A step collects every `Problem` it finds and raises one `InputError` carrying all of them, so a
person fixing a raw file sees the whole list in one run instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import config


@dataclass(frozen=True)
class Problem:
    """One bad value: where it is and why it was refused."""

    file: str
    line: int | None
    column: str | None
    value: object
    reason: str
    #: A stable name for problems another interface words its own way (the /upload page says "in the
    #: box above" where the command line says "--measure NAME"); None for the others.
    code: str | None = None
    #: The values the reason is made of, by name (`{"first_line": 12}`), so another interface can word
    #: the problem in its own language from `code` (components/upload_problems_es.py); the English
    #: `reason` is unchanged. Empty for problems nobody words otherwise. Not part of equality.
    params: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.value!r}: {self.reason}"


class InputError(Exception):
    """Raised with every problem found; nothing has been written when it is raised."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        head = f"{len(self.problems)} problem(s) in the input; nothing was written:"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def display_path(path: Path | str) -> str:
    """A path relative to the project root when it is inside it, for readable messages."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(config.ROOT))
    except ValueError:
        return str(p)


def raise_if(problems: list[Problem]) -> None:
    """Raise an InputError when there is anything to report."""
    if problems:
        raise InputError(problems)
