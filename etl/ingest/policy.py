"""The disclosure policy (data/disclosure.yaml) as a small typed object.

Thresholds live in that one file; code asks this object (`is_small`, `rate_allowed`,
`share_allowed`) instead of repeating numbers, so changing the policy is a one-line edit plus a new
version string that every protected output row then carries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

import config
from etl.errors import Problem, display_path, raise_if


@dataclass(frozen=True)
class Policy:
    """The thresholds of data/disclosure.yaml; no default here, so no number lives in two places."""

    version: str
    suppress_min: int
    suppress_max: int
    rate_min_numerator: int
    share_min_denominator: int
    share_min_part_and_rest: int

    def is_small(self, count: float) -> bool:
        """True for a count the policy withholds (1-10 by default; never for 0)."""
        return self.suppress_min <= count <= self.suppress_max

    def rate_allowed(self, numerator: float | None) -> bool:
        """A rate may be computed only from a known numerator of at least the threshold (20)."""
        return numerator is not None and numerator == numerator and numerator >= self.rate_min_numerator

    def share_allowed(self, part: float | None, denominator: float | None) -> bool:
        """A share needs a denominator of at least 20, and both part and rest of at least 11."""
        if part is None or denominator is None or part != part or denominator != denominator:
            return False
        rest = denominator - part
        return (
            denominator >= self.share_min_denominator
            and part >= self.share_min_part_and_rest
            and rest >= self.share_min_part_and_rest
        )

    @property
    def small_note(self) -> str:
        return f"suppressed ({self.suppress_min}-{self.suppress_max})"

    @property
    def complementary_note(self) -> str:
        return (
            f"suppressed ({self.suppress_max + 1} or more): withheld so that a smaller count cannot be "
            "worked out from published totals"
        )


def load_policy(path: Path | None = None) -> Policy:
    """The policy in data/disclosure.yaml (or `path`: the published data/tidy/disclosure_policy.json, JSON
    being YAML too); an InputError naming the file if malformed."""
    path = Path(path or config.DISCLOSURE_YAML)
    file = display_path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        policy = Policy(
            version=str(data["version"]),
            suppress_min=int(data["counts"]["suppress_min"]),
            suppress_max=int(data["counts"]["suppress_max"]),
            rate_min_numerator=int(data["rates"]["min_numerator"]),
            share_min_denominator=int(data["shares"]["min_denominator"]),
            share_min_part_and_rest=int(data["shares"]["min_part_and_rest"]),
        )
    except FileNotFoundError:
        raise_if([Problem(file, None, None, None, "disclosure policy file is missing")])
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as err:
        raise_if([Problem(file, None, None, str(err), "malformed disclosure policy")])
    if not 1 <= policy.suppress_min <= policy.suppress_max:
        raise_if(
            [
                Problem(
                    file,
                    None,
                    "counts",
                    (policy.suppress_min, policy.suppress_max),
                    "expected 1 <= suppress_min <= suppress_max",
                )
            ]
        )
    return policy


def policy_json(path: Path | None = None) -> bytes:
    """The policy file as published JSON (data/tidy/disclosure_policy.json), after checking it loads."""
    path = Path(path or config.DISCLOSURE_YAML)
    load_policy(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
