"""Proof that no suppressed cell can be worked out from what is published.

The audit reads only what would be published (county_measures rows: reported values, suppressed
rows with their interval in `note`, not_reported rows) and models it as a system of linear
equalities over non-negative integers:

* a variable per row: reported -> fixed at its value; suppressed -> an unknown bounded by the
  interval its note states ("suppressed (1-10)" -> [1, 10]; "suppressed (11 or more)" -> [11, inf));
  not_reported -> [0, 0] when the caller says a missing row means none in the records (case
  records), else an unknown [0, inf) that is not itself protected;
* derived unknowns a reader can form, which must not reveal a small count either: the rest of the
  state (state minus Milwaukee County) and the remainder of a total after its parts (e.g. adults =
  all cases minus cases of minors), each [0, inf);
* one equation per published margin: state = sum of counties for each year and measure;
  rest = sum of the other 71 counties and state = Milwaukee + rest; all-years row = sum of the
  yearly rows of a county (when such a row is published); total = parts + remainder.

Two stages, both needed:

1. Interval propagation (bound tightening) to a fixed point. Each equation narrows each of its
   variables to [parent_lo - others_hi, parent_hi - others_lo] and the parent to the children's
   sum. This never excludes a feasible value, so when a suppressed cell's interval collapses to a
   single number the cell is certainly disclosed. It catches the classic leak (the only suppressed
   cell in a published margin, after substituting cells already determined) and leaks through the
   bounds (two suppressed cells in [1, 10] whose published sum is 2 must both be 1).
2. A witness that each suppressed cell still has a range. Propagation alone cannot prove that
   (outer bounds may be loose), so for each protected unknown the audit exhibits two integer
   solutions of the whole system that differ in that cell: a base solution (the true counts when
   the caller has them, otherwise one found by a small propagate-and-branch search) and the base
   plus an integer "move" in the null space of the equations that keeps every variable in its
   bounds (for example +1 in one suppressed county, -1 in another, adults +1/-1 alongside). Both
   solutions satisfy every published equation and bound, so a reader cannot tell them apart:
   the cell's value is not determined. A cell for which no move is found within the search budget
   counts as exposed; the audit errs on the side of refusing.

A derived unknown (rest of state, adults) is exposed when it is determined and its value is a small
count (1-10 by default). The audit uses no solver library; the equations here are sums over nested
groups (counties within the state, parts within a total), which keeps both stages small.
"""

from __future__ import annotations

import math
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import pandas as pd

from etl.counties import ALL_FIPS, STATE_FIPS
from etl.ingest.policy import Policy

MILWAUKEE = "55079"
REST = "rest"  # pseudo-FIPS of "Wisconsin outside Milwaukee County", a derived cell
INF = math.inf
MOVE_BUDGET = 1500  # search nodes per protected cell before the audit gives up (and refuses)
MOVE_DEPTH = 16  # most unit steps in one move; moves in these margins are short cycles
SOLVE_BUDGET = 20000  # search nodes for a base solution when no true counts are supplied

Key = tuple  # (fips, year or None, measure)

#: A deadline (time.monotonic) for audits in this context; None (the ETL) means no limit.
_DEADLINE: ContextVar[float | None] = ContextVar("audit_deadline", default=None)


class AuditTimeout(Exception):
    """The audit did not finish within `time_limit`; nothing may be published from it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Audits (and so `protect`) started in this block raise AuditTimeout after `seconds`.

    For callers answering a web request (the /upload page), which must reply well within the
    server's timeout; running out of time refuses, it never publishes a cell the audit did not prove.
    """
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _check_time() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise AuditTimeout("the disclosure audit ran out of time")


_INTERVAL = re.compile(r"\((\d+)\s*(?:-|–|to)\s*(\d+)")
_OR_MORE = re.compile(r"\((\d+) or more")


class Inconsistent(Exception):
    """The published cells contradict each other (e.g. counties add to more than the state)."""


@dataclass(frozen=True)
class Exposure:
    """A protected cell whose value a reader can work out, and how."""

    cell: Key
    value: int | None
    reason: str

    def __str__(self) -> str:
        fips, year, measure = self.cell
        return f"{measure} {fips} {year}: {self.reason}"


@dataclass
class System:
    """Variables with integer bounds and equations parent = sum(children)."""

    bounds: dict[Key, tuple[float, float]] = field(default_factory=dict)
    kind: dict[Key, str] = field(default_factory=dict)  # reported | suppressed | derived | not_reported
    equations: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)

    def add(self, key: Key, kind: str, lo: float, hi: float) -> None:
        self.bounds[key] = (lo, hi)
        self.kind[key] = kind

    def by_var(self) -> dict[Key, list[int]]:
        index: dict[Key, list[int]] = defaultdict(list)
        for n, (parent, children) in enumerate(self.equations):
            index[parent].append(n)
            for child in children:
                index[child].append(n)
        return index


@dataclass
class AuditReport:
    """Exposures (empty when the publication is safe), each cell's proven range, and the witnesses."""

    exposures: list[Exposure]
    ranges: dict[Key, tuple[float, float]]
    witnesses: dict[Key, tuple[dict[Key, int], dict[Key, int]]]
    system: System

    @property
    def ok(self) -> bool:
        return not self.exposures

    def report(self) -> str:
        return "\n".join(f"  - {e}" for e in self.exposures)


def row_key(row) -> Key:
    """The (fips, year or None, measure) key of a county_measures row."""
    year = None if pd.isna(row.year) else int(row.year)
    return (row.fips, year, row.measure)


def suppressed_interval(note: object, policy: Policy) -> tuple[float, float]:
    """The interval a suppressed row's note states; the policy's small-count range if it states none."""
    text = "" if note is None or (isinstance(note, float) and math.isnan(note)) else str(note)
    if m := _INTERVAL.search(text):
        return int(m.group(1)), int(m.group(2))
    if m := _OR_MORE.search(text):
        return int(m.group(1)), INF
    return policy.suppress_min, policy.suppress_max


def build_system(
    published: pd.DataFrame,
    policy: Policy,
    parts: dict[str, tuple[str, ...]] | None = None,
    not_reported_is_zero: bool = False,
) -> System:
    """The published rows as variables, bounds and margin equations (see the module docstring)."""
    system = System()
    for row in published.itertuples(index=False):
        key = row_key(row)
        if row.value_status == "reported":
            value = float(row.value)
            system.add(key, "reported", value, value)
        elif row.value_status == "suppressed":
            system.add(key, "suppressed", *suppressed_interval(row.note, policy))
        else:
            system.add(key, "not_reported", 0, 0 if not_reported_is_zero else INF)
    keys = set(system.bounds)
    groups = sorted({(k[1], k[2]) for k in keys}, key=lambda g: (g[0] is None, g[0] or 0, g[1]))
    for year, measure in groups:
        state = (STATE_FIPS, year, measure)
        counties = [(f, year, measure) for f in ALL_FIPS if (f, year, measure) in keys]
        if state in keys and counties:
            system.equations.append((state, tuple(counties)))
            milwaukee = (MILWAUKEE, year, measure)
            if milwaukee in keys and len(counties) > 1:
                rest = (REST, year, measure)
                system.add(rest, "derived", 0, INF)
                system.equations.append((rest, tuple(c for c in counties if c != milwaukee)))
                system.equations.append((state, (milwaukee, rest)))
    for fips, measure in sorted({(k[0], k[2]) for k in keys if k[1] is None}):
        yearly = sorted(k for k in keys if k[0] == fips and k[2] == measure and k[1] is not None)
        if yearly:
            system.equations.append(((fips, None, measure), tuple(yearly)))
    for total, members in (parts or {}).items():
        for key in [k for k in system.bounds if k[2] == total]:
            children = tuple((key[0], key[1], m) for m in members)
            if all(c in system.bounds for c in children):
                remainder = (key[0], key[1], f"{total} minus {' and '.join(members)}")
                system.add(remainder, "derived", 0, INF)
                system.equations.append((key, (*children, remainder)))
    return system


def _tighten(eq: tuple[Key, tuple[Key, ...]], dom: dict[Key, list]) -> list[Key]:
    """Narrow the bounds of one equation's variables; return the variables that changed."""
    parent, children = eq
    lo_sum = sum(dom[c][0] for c in children)
    finite_hi = sum(dom[c][1] for c in children if dom[c][1] != INF)
    n_inf = sum(1 for c in children if dom[c][1] == INF)
    changed = []
    p_lo, p_hi = max(dom[parent][0], lo_sum), min(dom[parent][1], INF if n_inf else finite_hi)
    if p_lo > p_hi:
        raise Inconsistent(parent)
    if (p_lo, p_hi) != tuple(dom[parent]):
        dom[parent] = [p_lo, p_hi]
        changed.append(parent)
    for c in children:
        lo, hi = dom[c]
        others_hi = INF if n_inf - (hi == INF) > 0 else finite_hi - (0 if hi == INF else hi)
        others_lo = lo_sum - lo
        new_lo = max(lo, p_lo - others_hi)
        new_hi = min(hi, p_hi - others_lo)
        if new_lo > new_hi:
            raise Inconsistent(c)
        if (new_lo, new_hi) != (lo, hi):
            dom[c] = [new_lo, new_hi]
            changed.append(c)
    return changed


def propagate(
    system: System, bounds: dict[Key, tuple] | None = None, index=None, start: list[int] | None = None
) -> dict[Key, list]:
    """Bounds narrowed by every equation until nothing changes (outer bounds on every variable)."""
    dom = {k: list(v) for k, v in (bounds or system.bounds).items()}
    index = index if index is not None else system.by_var()
    queue = list(range(len(system.equations))) if start is None else list(start)
    queued = set(queue)
    steps, limit = 0, 200 * max(len(system.equations), 1) + 10_000
    while queue and steps < limit:
        n = queue.pop()
        queued.discard(n)
        steps += 1
        for var in _tighten(system.equations[n], dom):
            for m in index[var]:
                if m != n and m not in queued:
                    queue.append(m)
                    queued.add(m)
    return dom


def _solve(system: System, dom: dict[Key, list], index) -> dict[Key, int] | None:
    """One integer solution within `dom` by propagate-and-branch (depth first), or None within the budget."""
    stack, budget = [dom], SOLVE_BUDGET
    while stack and budget > 0:
        budget -= 1
        _check_time()
        dom = stack.pop()
        free = [k for k, (lo, hi) in dom.items() if lo != hi]
        if not free:
            return {k: int(lo) for k, (lo, _) in dom.items()}
        var = min(free, key=lambda k: (dom[k][1] - dom[k][0], str(k)))
        lo, hi = dom[var]
        values = [lo + i for i in range(4) if lo + i <= hi] + ([hi] if hi != INF and hi > lo + 3 else [])
        for value in reversed(values):  # smallest value explored first
            trial = {k: list(v) for k, v in dom.items()}
            trial[var] = [value, value]
            try:
                stack.append(propagate(system, trial, index, start=index[var]))
            except Inconsistent:
                continue
    return None


def _find_move(cell: Key, base: dict[Key, int], dom: dict[Key, list], system: System, index) -> dict[Key, int] | None:
    """An integer change to unknowns, non-zero at `cell`, that keeps every equation and bound."""
    movable = {k for k, (lo, hi) in dom.items() if lo != hi}
    budget = [MOVE_BUDGET]
    seen: set[frozenset] = set()

    def fits(var, delta):
        lo, hi = dom[var]
        return lo <= base[var] + delta <= hi

    def unbalanced(d):
        for var in sorted(d, key=str):
            for n in index[var]:
                parent, children = system.equations[n]
                r = sum(d.get(c, 0) for c in children) - d.get(parent, 0)
                if r:
                    return n, r
        return None

    def search(d, depth=1):
        budget[0] -= 1
        state = frozenset(d.items())
        if budget[0] < 0 or depth > MOVE_DEPTH or state in seen:
            return None
        seen.add(state)
        found = unbalanced(d)
        if found is None:
            return dict(d)
        n, r = found
        parent, children = system.equations[n]
        sign = 1 if r > 0 else -1
        options = [(c, -sign) for c in children] + [(parent, sign)]
        options = [
            (v, s)
            for v, s in options
            if v != cell and v in movable and abs(d.get(v, 0) + s) <= 2 and fits(v, d.get(v, 0) + s)
        ]
        options.sort(key=lambda o: (o[0] in d, len(index[o[0]]), str(o[0])))
        for var, step in options:
            d2 = dict(d)
            d2[var] = d2.get(var, 0) + step
            if d2[var] == 0:
                del d2[var]
            result = search(d2, depth + 1)
            if result is not None:
                return result
        return None

    for first in (1, -1):
        if cell in movable and fits(cell, first):
            move = search({cell: first})
            if move is not None:
                return move
    return None


def audit(
    published: pd.DataFrame,
    policy: Policy,
    parts: dict[str, tuple[str, ...]] | None = None,
    not_reported_is_zero: bool = False,
    truth: dict[Key, int] | None = None,
    prove: bool = True,
) -> AuditReport:
    """Check that every suppressed cell (and every small derived cell) has more than one possible value.

    `published` holds the rows exactly as they would be published. `truth` (optional) gives the
    true counts of the suppressed rows; it serves only as the base solution of stage 2, so the
    report's witnesses then hold true counts: keep reports in memory, never write them. Without it
    a base solution is searched for. `prove=False` runs stage 1 only (fast,
    finds certain leaks, proves nothing); `ok` then means only "no leak found".
    """
    _check_time()
    system = build_system(published, policy, parts, not_reported_is_zero)
    index = system.by_var()
    try:
        dom = propagate(system, index=index)
    except Inconsistent as err:
        cell = err.args[0]
        return AuditReport([Exposure(cell, None, "published cells contradict the published margins")], {}, {}, system)
    exposures: list[Exposure] = []
    small = (policy.suppress_min, policy.suppress_max)
    for key, kind in system.kind.items():
        if kind == "reported" and policy.is_small(system.bounds[key][0]):
            exposures.append(Exposure(key, int(system.bounds[key][0]), "a small count is published"))
    protected = [k for k, kind in system.kind.items() if kind == "suppressed"]
    for key in protected:
        lo, hi = dom[key]
        if lo == hi:
            exposures.append(Exposure(key, int(lo), f"exactly {int(lo)}: it is worked out from published margins"))
    for key, kind in system.kind.items():
        lo, hi = dom[key]
        if kind == "derived" and lo == hi and policy.is_small(lo):
            exposures.append(
                Exposure(
                    key,
                    int(lo),
                    f"the derived count ({key[2]}) is exactly {int(lo)}, a small count a reader can work out",
                )
            )
    if not prove:
        return AuditReport(exposures, {k: tuple(dom[k]) for k in protected}, {}, system)
    base = _base_from_truth(system, truth) if truth is not None else None
    if base is None:
        base = _solve(system, dom, index)
        if base is None:
            exposures += [Exposure(k, None, "no solution found to check it against") for k in protected]
    witnesses = {}
    if base is not None:
        derived_small = [k for k, kind in system.kind.items() if kind == "derived" and small[0] <= base[k] <= small[1]]
        for key in protected + derived_small:
            _check_time()
            if any(e.cell == key for e in exposures):
                continue
            other = None
            move = _find_move(key, base, dom, system, index)
            if move is not None:
                other = dict(base)
                for k, d in move.items():
                    other[k] += d
            else:
                other = _other_solution(key, base, dom, system, index)
            if other is None:
                what = "suppressed cell" if system.kind[key] == "suppressed" else f"derived count ({key[2]})"
                exposures.append(Exposure(key, None, f"could not show that this {what} has a second possible value"))
            else:
                witnesses[key] = (base, other)
    ranges = {k: tuple(dom[k]) for k in protected}
    return AuditReport(exposures, ranges, witnesses, system)


def _component(cell: Key, dom: dict[Key, list], system: System, index) -> set[Key]:
    """The unknowns linked to `cell` through equations (fixed variables cut the links)."""
    seen, stack = {cell}, [cell]
    while stack:
        var = stack.pop()
        for n in index[var]:
            parent, children = system.equations[n]
            for other in (parent, *children):
                if other not in seen and dom[other][0] != dom[other][1]:
                    seen.add(other)
                    stack.append(other)
    return seen


def _other_solution(
    cell: Key, base: dict[Key, int], dom: dict[Key, list], system: System, index
) -> dict[Key, int] | None:
    """A solution with a different value at `cell`, by a search in the cell's component only.

    The fallback when no short move is found: every variable outside the component keeps its base
    value; inside it, the cell is restricted to values below, then above, its base value.
    """
    component = _component(cell, dom, system, index)
    fixed = {k: ([base[k], base[k]] if k not in component else list(v)) for k, v in dom.items()}
    lo, hi = dom[cell]
    for side in ([lo, base[cell] - 1], [base[cell] + 1, hi]):
        if side[0] > side[1]:
            continue
        trial = {k: list(v) for k, v in fixed.items()}
        trial[cell] = side
        try:
            trial = propagate(system, trial, index, start=[n for v in component for n in index[v]])
        except Inconsistent:
            continue
        found = _solve(system, trial, index)
        if found is not None and found[cell] != base[cell]:
            return found
    return None


def _base_from_truth(system: System, truth: dict[Key, int]) -> dict[Key, int] | None:
    """The true counts as a full solution (derived cells filled in), or None if they do not fit."""
    base: dict[Key, int | None] = {}
    for key, kind in system.kind.items():
        lo, hi = system.bounds[key]
        base[key] = int(lo) if lo == hi else (None if kind == "derived" else truth.get(key))
    for _ in range(len(system.equations) + 1):
        progress = False
        for parent, children in system.equations:
            unknown = [c for c in (parent, *children) if base.get(c) is None]
            if len(unknown) == 1:
                u = unknown[0]
                base[u] = (
                    sum(base[c] for c in children)
                    if u == parent
                    else base[parent] - sum(base[c] for c in children if c != u)
                )
                progress = True
        if not progress:
            break
    if any(v is None for v in base.values()) or verify_witness(system, base):
        return None
    return base


def verify_witness(system: System, solution: dict[Key, int]) -> list[str]:
    """Every equation or bound a solution breaks (empty when it is a valid reading of the publication)."""
    broken = []
    for key, (lo, hi) in system.bounds.items():
        if not lo <= solution[key] <= hi:
            broken.append(f"{key}: {solution[key]} outside {lo}-{hi}")
    for parent, children in system.equations:
        if solution[parent] != sum(solution[c] for c in children):
            broken.append(f"{parent} != sum of {children}")
    return broken
