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

Two stages:

1. Interval propagation (bound tightening) to a fixed point. Each equation narrows each of its
   variables to [parent_lo - others_hi, parent_hi - others_lo] and the parent to the children's
   sum. This never excludes a feasible value, so when a suppressed cell's interval collapses to a
   single number the cell is certainly disclosed. It is fast and catches the classic leaks, so the
   complementary-suppression rounds of etl.ingest.disclosure use it alone until it finds none.
2. Exact ranges (etl.ingest.exact): for every protected unknown, its true minimum and maximum over
   all integer readings of the publication, found by integer programming (HiGHS), with a reading at
   each end. A cell whose minimum equals its maximum is determined, so exposed; otherwise the two
   readings (both satisfy every published equation and bound, and differ in the cell) prove that a
   reader cannot tell its value. Nothing is left to a search budget.

A derived unknown (rest of state, adults) is exposed when it is determined and its value is a small
count (1-10 by default).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from etl.counties import ALL_FIPS, STATE_FIPS
from etl.ingest.exact import Infeasible, exact_ranges
from etl.ingest.policy import Policy

MILWAUKEE = "55079"
REST = "rest"  # pseudo-FIPS of "Wisconsin outside Milwaukee County", a derived cell
INF = math.inf
Key = tuple  # (fips, year or None, measure)


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
    #: The etl.errors.Problem code a refusal for this exposure carries (its reason in other words).
    code: str | None = field(default=None, compare=False)

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
    witnesses: Mapping[Key, tuple[dict[Key, int], dict[Key, int]]]  # two readings per unknown with a range
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


def audit(
    published: pd.DataFrame,
    policy: Policy,
    parts: dict[str, tuple[str, ...]] | None = None,
    not_reported_is_zero: bool = False,
    prove: bool = True,
) -> AuditReport:
    """Check that every suppressed cell (and every small derived cell) has more than one possible value.

    `published` holds the rows exactly as they would be published. With `prove` (the default) each
    protected cell's exact range is computed with a reading at each end (the witnesses; they hold
    possible values, never the true counts). `prove=False` runs stage 1 only (fast, finds certain
    leaks, proves nothing); `ok` then means only "no leak found" and the ranges are outer bounds.
    """
    system = build_system(published, policy, parts, not_reported_is_zero)
    try:
        dom = propagate(system)
    except Inconsistent as err:
        return _contradiction(system, err.args[0])
    exposures = [
        Exposure(key, int(system.bounds[key][0]), "a small count is published", code="audit_small_count_published")
        for key, kind in system.kind.items()
        if kind == "reported" and policy.is_small(system.bounds[key][0])
    ]
    protected = [k for k, kind in system.kind.items() if kind == "suppressed"]
    derived = [k for k, kind in system.kind.items() if kind == "derived"]
    ranges = {k: tuple(dom[k]) for k in protected + derived}
    witnesses: Mapping[Key, tuple[dict[Key, int], dict[Key, int]]] = {}
    if prove:
        try:
            exact, readings = exact_ranges(
                dom, system.equations, [k for k in protected + derived if dom[k][0] != dom[k][1]]
            )
        except Infeasible:
            return _contradiction(system, protected[0] if protected else next(iter(system.bounds)))
        ranges |= exact
        witnesses = readings
    for key in protected:
        lo, hi = ranges[key]
        if lo == hi:
            exposures.append(
                Exposure(
                    key,
                    int(lo),
                    f"exactly {int(lo)}: it is worked out from published margins",
                    code="audit_worked_out",
                )
            )
    for key in derived:
        lo, hi = ranges[key]
        if lo == hi and policy.is_small(lo):
            exposures.append(
                Exposure(
                    key,
                    int(lo),
                    f"the derived count ({key[2]}) is exactly {int(lo)}, a small count a reader can work out",
                    code="audit_derived_worked_out",
                )
            )
    return AuditReport(exposures, {k: ranges[k] for k in protected}, witnesses, system)


def _contradiction(system: System, cell: Key) -> AuditReport:
    return AuditReport(
        [Exposure(cell, None, "published cells contradict the published margins", code="audit_contradiction")],
        {},
        {},
        system,
    )


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
