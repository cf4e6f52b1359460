"""Disclosure control: apply the policy to true counts, then prove the result with the audit.

`protect` takes the true county counts (never published) and returns the rows to publish:
1. primary suppression: every county or statewide count from 1 to 10 (policy) becomes
   "suppressed (1-10)", value empty;
2. complementary suppression, driven by the audit (etl.ingest.audit): while the audit finds a
   protected cell a reader could work out (the only unknown in a margin, pinned by the bounds, or
   a small derived count such as adults = all cases - minors, or rest of state = state -
   Milwaukee), the smallest published count above 10 in a margin of that cell (counties before the
   statewide row, nearest margins first) is suppressed as "suppressed (11 or more)";
3. the audit is run once more on the final rows with the true counts as its base solution; rows
   are returned only when it proves every suppressed cell has a range, else DisclosureError.

Complementary cells are chosen only among counts above the small-count range, so their published
interval ("11 or more") is honest and the audit can use it. Zeros are never suppressed: a zero is
published only where the source affirms it (the formats decide that, before this step).
"""

from __future__ import annotations

from collections import deque

import pandas as pd

from etl.counties import STATE_FIPS
from etl.ingest.audit import AuditReport, Key, audit, row_key
from etl.ingest.policy import Policy


class DisclosureError(Exception):
    """The rows cannot be protected (or proven protected); nothing may be written."""

    def __init__(self, report: AuditReport, message: str = "output would disclose small counts"):
        self.audit = report
        super().__init__(f"{message}; nothing was written:\n{report.report()}")


def _candidate(
    cell: Key, report: AuditReport, index: dict[Key, int], truth: dict[Key, int], policy: Policy
) -> Key | None:
    """The published count above the small range nearest to `cell` in the margin graph, smallest first."""
    system = report.system
    by_var = system.by_var()
    seen_vars, seen_eqs = {cell}, set()
    frontier = deque([cell])
    while frontier:
        level, options = list(frontier), []
        frontier.clear()
        for var in level:
            for n in by_var[var]:
                if n in seen_eqs:
                    continue
                seen_eqs.add(n)
                parent, children = system.equations[n]
                for other in (parent, *children):
                    if other in seen_vars:
                        continue
                    seen_vars.add(other)
                    kind = system.kind[other]
                    if kind == "reported" and other in index and truth.get(other, 0) > policy.suppress_max:
                        options.append(other)
                    elif kind in ("suppressed", "derived", "not_reported"):
                        frontier.append(other)
        if options:
            return min(options, key=lambda k: (k[0] == STATE_FIPS, truth[k], str(k)))
    return None


def protect(
    rows: pd.DataFrame,
    policy: Policy,
    parts: dict[str, tuple[str, ...]] | None = None,
    not_reported_is_zero: bool = False,
) -> tuple[pd.DataFrame, AuditReport]:
    """The rows to publish under the policy, and the audit that proves them (see module docstring).

    `rows` are county_measures rows holding TRUE counts in `value` (reported) or not_reported.
    Rows already suppressed by their source keep that status and their note's interval.
    """
    out = rows.copy().reset_index(drop=True)
    index = {row_key(r): i for i, r in enumerate(out.itertuples(index=False))}
    value, status, note = out["value"].tolist(), out["value_status"].tolist(), out["note"].tolist()
    truth = {k: int(value[i]) for k, i in index.items() if status[i] == "reported"}

    def suppress(key: Key, why: str) -> None:
        i = index[key]
        value[i], status[i], note[i] = float("nan"), "suppressed", _join(why, note[i])

    def current() -> pd.DataFrame:
        return out.assign(value=pd.Series(value, dtype="float64"), value_status=status, note=note)

    for key in [k for k in truth if policy.is_small(truth[k])]:
        suppress(key, policy.small_note)
    prove = False  # cheap rounds (certain leaks only) first, then rounds with the full proof
    for _ in range(2 * len(out) + 2):
        report = audit(current(), policy, parts, not_reported_is_zero, prove=prove)
        if report.ok and prove:
            break
        if report.ok:
            prove = True
            continue
        chosen = set()
        for exposure in report.exposures:
            pick = _candidate(exposure.cell, report, index, truth, policy)
            if pick is None:
                raise DisclosureError(report, "no cell left to suppress to protect these cells")
            chosen.add(pick)
        for key in chosen:
            suppress(key, policy.complementary_note)
    else:
        raise DisclosureError(report)
    return current().assign(policy_version=policy.version), report


def _join(status_note: str, note: object) -> str:
    if note is None or (isinstance(note, float) and note != note) or note == "":
        return status_note
    return f"{status_note}; {note}"
