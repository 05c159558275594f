"""Verdicts and the rule that combines them.

Strength order (contract, DESIGN.md): ``proved > certified > supported > inconclusive``;
``refuted`` and ``error`` sit outside the order.

* proved: an exact symbolic proof on the stated domain.
* certified: rigorous arithmetic (intervals, exact rationals) on stated instances or boxes.
* supported: no counterexample among N generated examples; experiments met their criteria.
* inconclusive: not enough evidence either way. Never dressed up as supported.
* refuted: a counterexample, shrunk, and confirmed independently.
* error: the check crashed or produced NaN / inf. NaN never passes.

A claim's verdict is the weakest of its checks, with ``error`` dominating ``refuted``
dominating everything else (an errored check means we do not know what the others mean;
a refuted check settles the claim). A claim's *expectation* is ``holds`` (verdict must be
proved, certified or supported) or ``fails`` (verdict must be refuted: a known-false
variant or a paper statement false as stated).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

__all__ = ["Verdict", "combine", "meets"]


class Verdict(str, enum.Enum):
    PROVED = "proved"
    CERTIFIED = "certified"
    SUPPORTED = "supported"
    INCONCLUSIVE = "inconclusive"
    REFUTED = "refuted"
    ERROR = "error"

    @property
    def passing(self) -> bool:
        """True for the three verdicts that count as evidence the statement holds."""
        return self in (Verdict.PROVED, Verdict.CERTIFIED, Verdict.SUPPORTED)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


# Lower rank = weaker = dominates when combining.
_RANK = {
    Verdict.ERROR: 0,
    Verdict.REFUTED: 1,
    Verdict.INCONCLUSIVE: 2,
    Verdict.SUPPORTED: 3,
    Verdict.CERTIFIED: 4,
    Verdict.PROVED: 5,
}


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    """The weakest verdict of a claim's checks (error < refuted < inconclusive < ...).

    A claim with no checks is ``inconclusive``: it has no evidence at all.
    """
    vs = [Verdict(v) for v in verdicts]
    if not vs:
        return Verdict.INCONCLUSIVE
    return min(vs, key=_RANK.__getitem__)


def meets(verdict: Verdict, expected: str) -> bool:
    """Whether a claim verdict matches its expectation (``holds`` or ``fails``)."""
    verdict = Verdict(verdict)
    if expected == "holds":
        return verdict.passing
    if expected == "fails":
        return verdict is Verdict.REFUTED
    raise ValueError(f"expected must be 'holds' or 'fails', got {expected!r}")
