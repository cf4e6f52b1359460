"""The disclosure audit on a large, evenly spread set of invented case records (benchmark only).

4,000 cases over all 72 counties and 15 years, every county-year small: the hardest shape for
complementary suppression (most cells are suppressed and every margin must keep a range). The
records are made up here and exist only in memory; they never reach data/.
"""

from __future__ import annotations

import random
import time

from etl.counties import ALL_FIPS
from etl.ingest.disclosure import protect
from etl.ingest.formats.cases import transform
from etl.ingest.policy import load_policy

CASES, YEARS, FIRST_YEAR = 4000, 15, 2009


def measure(repeat: int = 3) -> dict:
    """Seconds to protect and prove the synthetic records (best of `repeat`), and what was suppressed."""
    r = random.Random(20261201)
    cases = [
        {
            "fips": r.choice(ALL_FIPS),
            "year": FIRST_YEAR + r.randrange(YEARS),
            "minor": r.random() < 0.3,
            "age_known": True,
        }
        for _ in range(CASES)
    ]
    rows = transform(cases, "bench_synthetic", "cases", True, True)
    policy = load_policy()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out, report = protect(rows, policy, parts={"cases_total": ("cases_minor",)}, not_reported_is_zero=True)
        times.append(time.perf_counter() - t0)
    statuses = out["value_status"].value_counts().to_dict()
    return {
        "cases": CASES,
        "counties": len(ALL_FIPS),
        "years": YEARS,
        "rows": len(rows),
        "seconds": min(times),
        "suppressed": statuses.get("suppressed", 0),
        "proven_cells": len(report.witnesses),
        "ok": report.ok,
    }
