"""Exact integer ranges of the unknowns of a publication, with a solution at each end (HiGHS).

For each protected unknown the disclosure audit needs its true minimum and maximum over every
integer reading of the publication, and a reading at each end (two readings that differ in the
cell prove it is not determined). Both are integer programs: minimise / maximise the cell subject
to the margin equations and the bounds. They are solved with HiGHS (`highspy`), the solver SciPy
uses, in a way that keeps thousands of them fast:

- the system splits into independent components (the equations of different years or measures
  share no unknown), and each component is one small model built once;
- the bounds are the propagated ones (etl.ingest.audit.propagate), which never exclude a feasible
  value, so an end a known reading already reaches needs no solve: a few readings from aggregate
  and seeded random objectives settle most ends at once;
- each remaining end is a linear program re-solved from the previous basis (warm start). The margin
  equations are sums over nested groups, whose optimal vertices are whole numbers; an optimum that
  is integral is also the integer optimum. A fractional optimum (not seen on these systems) is
  solved again as a mixed-integer program, so the answer is always exact.
"""

from __future__ import annotations

import math
import os
import sys
from collections import defaultdict
from collections.abc import Mapping

import highspy
import numpy as np

INF = math.inf
#: Random objectives per component used to collect readings before single-cell solves (seeded).
SAMPLES = 4
_TOL = 1e-7


def _quiet_start() -> None:
    """HiGHS prints a licence banner on stdout when its first model is made in a process; make that
    first model here with stdout pointed at /dev/null (at import, before any thread runs), so the
    command-line tools and the server's log stay clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_quiet_start()


class Infeasible(Exception):
    """No integer reading satisfies the publication: its cells contradict each other."""


def components(variables: list, links: list[list]) -> list[list]:
    """The variables split into groups, two variables sharing a link being in one group (union-find)."""
    parent = {v: v for v in variables}

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for link in links:
        for a, b in zip(link, link[1:]):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    groups: dict = defaultdict(list)
    for v in variables:
        groups[find(v)].append(v)
    return list(groups.values())


class Component:
    """One independent part of the system as a HiGHS model over its free variables."""

    def __init__(self, free: list, dom: dict, equations: list):
        self.free = free
        self.index = {k: i for i, k in enumerate(free)}
        self.n = len(free)
        self.all = np.arange(self.n, dtype=np.int32)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        lower = np.array([dom[k][0] for k in free], dtype=float)
        upper = np.array([highspy.kHighsInf if dom[k][1] == INF else dom[k][1] for k in free], dtype=float)
        h.addVars(self.n, lower, upper)
        for head, children in equations:
            coef: dict[int, float] = defaultdict(float)
            rhs = 0.0
            for var, sign in ((head, 1.0), *((c, -1.0) for c in children)):
                lo, hi = dom[var]
                if lo == hi:
                    rhs -= sign * lo
                else:
                    coef[self.index[var]] += sign
            if coef:
                h.addRow(rhs, rhs, len(coef), np.array(list(coef), dtype=np.int32), np.array(list(coef.values())))
        self.highs = h

    def solve(self, cost: np.ndarray, maximise: bool) -> np.ndarray | None:
        """An optimal integer reading for `cost`, or None when the objective is unbounded."""
        h = self.highs
        h.changeColsCost(self.n, self.all, cost)
        h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize)
        values = self._run()
        if values is not None and np.abs(values - np.round(values)).max(initial=0) > _TOL:
            kinds = np.array([highspy.HighsVarType.kInteger] * self.n)
            h.changeColsIntegrality(self.n, self.all, kinds)
            values = self._run()
            h.changeColsIntegrality(self.n, self.all, np.array([highspy.HighsVarType.kContinuous] * self.n))
        return None if values is None else np.round(values)

    def _run(self) -> np.ndarray | None:
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return np.array(self.highs.getSolution().col_value)
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            if status == highspy.HighsModelStatus.kUnboundedOrInfeasible and self._infeasible():
                raise Infeasible
            return None
        if status == highspy.HighsModelStatus.kInfeasible:
            raise Infeasible
        raise RuntimeError(f"HiGHS stopped with status {self.highs.modelStatusToString(status)}")

    def _infeasible(self) -> bool:
        cost = np.zeros(self.n)
        self.highs.changeColsCost(self.n, self.all, cost)
        self.highs.run()
        return self.highs.getModelStatus() == highspy.HighsModelStatus.kInfeasible


def exact_ranges(dom: dict, equations: list, targets: list) -> tuple[dict, dict]:
    """(ranges, readings): each target's exact (min, max) over integer readings, and per target the
    two full readings (dicts over every variable) at its min and at its max (for an unbounded max,
    a reading one above the min).

    `dom`: every variable's propagated bounds [lo, hi] (hi may be inf); `equations`: (head, children)
    meaning head = sum(children). Raises Infeasible when no reading exists.
    """
    free = {k for k, (lo, hi) in dom.items() if lo != hi}
    links = [[v for v in (head, *children) if v in free] for head, children in equations]
    by_var: dict = defaultdict(list)
    for eq, link in zip(equations, links):
        for v in link:
            by_var[v].append(eq)
    wanted = set(targets)
    base = {k: int(lo) for k, (lo, hi) in dom.items() if k not in free}
    ranges, ends = {}, {}
    rng = np.random.default_rng(20261201)
    for group in components([k for k in dom if k in free], [link for link in links if link]):
        eqs = list({id(eq): eq for v in group for eq in by_var[v]}.values())
        comp = Component(group, dom, eqs)
        bounded = np.array([1.0 if k in wanted and dom[k][1] != INF else 0.0 for k in group])
        pool = [s for s in (comp.solve(bounded, False), comp.solve(bounded, True)) if s is not None]
        pool += [s for s in (comp.solve(rng.standard_normal(comp.n), False) for _ in range(SAMPLES)) if s is not None]
        if not pool:
            pool = [comp.solve(np.zeros(comp.n), False)]
        base |= dict(zip(group, (int(v) for v in pool[0])))
        keys = tuple(group)
        for k in group:
            if k in wanted:
                ranges[k], pair = _ends(comp, comp.index[k], dom[k], pool)
                ends[k] = (keys, pair)
    return ranges, Readings(base, ends)


class Readings(Mapping):
    """target -> (reading at its min, reading at its max), each a dict over every variable.

    Built on access: a reading is the component's solution over the base reading of the rest, and
    thousands of full dicts would cost more than the solving.
    """

    def __init__(self, base: dict, ends: dict):
        self.base, self.ends = base, ends

    def __getitem__(self, key):
        keys, pair = self.ends[key]
        return tuple(self.base | dict(zip(keys, (int(v) for v in values))) for values in pair)

    def __iter__(self):
        return iter(self.ends)

    def __len__(self) -> int:
        return len(self.ends)


def _ends(comp: Component, i: int, bounds, pool: list) -> tuple[tuple, tuple]:
    """(min, max) of variable i and a reading at each end; an unbounded max is inf, with a reading
    one above the min standing for it."""
    lo, hi = bounds
    cost = np.zeros(comp.n)
    cost[i] = 1.0
    at_lo = next((s for s in pool if s[i] == lo), None)
    if at_lo is None:
        at_lo = comp.solve(cost, False)
        pool.append(at_lo)
    at_hi = next((s for s in pool if hi != INF and s[i] == hi), None)
    if at_hi is None:
        at_hi = comp.solve(cost, True)
        if at_hi is not None:
            pool.append(at_hi)
    if at_hi is not None:
        return (int(at_lo[i]), int(at_hi[i])), (at_lo, at_hi)
    comp.highs.changeColBounds(i, lo, at_lo[i] + 1)  # unbounded above: a reading one above the min
    above = comp.solve(cost, True)
    comp.highs.changeColBounds(i, lo, highspy.kHighsInf)
    return (int(at_lo[i]), INF), (at_lo, above)
