"""Certificate checks: rigorous arithmetic on finite instances or boxes.

``fn()`` returns relations whose sides are exact (``int``, ``fractions.Fraction``, sympy
``Rational``) or ``mpmath.iv`` intervals (``mpi``) that enclose the true values.

* exact sides: the comparison is exact -> ``certified`` or ``refuted``;
* intervals: ``lhs <= rhs`` is certified iff ``lhs.b <= rhs.a`` (the upper end of the lhs
  enclosure lies below the lower end of the rhs one) and refuted iff ``lhs.a > rhs.b``;
  overlapping enclosures are ``inconclusive`` (raise the precision).

Float sides are rejected: a certificate never rests on float rounding.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp

from verify.core.evidence import CheckResult
from verify.core.kinds.context import Context
from verify.core.relation import Relation, as_relations
from verify.core.verdict import Verdict

__all__ = ["run", "decide"]


def _exact(raw):
    """A raw mpmath endpoint as an exact Fraction (mpf values are binary rationals)."""
    from mpmath import libmp

    if raw == libmp.finf:
        return float("inf")  # compares correctly with Fractions
    if raw == libmp.fninf:
        return float("-inf")
    if raw == libmp.fnan:
        raise ValueError("NaN interval endpoint")
    p, q = libmp.to_rational(raw)
    return Fraction(p, q)


def _interval(x):
    """(lo, hi) as exact Fractions; raises TypeError for floats."""
    if isinstance(x, bool):
        raise TypeError("bool is not a number")
    if isinstance(x, (int, Fraction)):
        return Fraction(x), Fraction(x)
    if isinstance(x, sp.Rational):
        f = Fraction(int(x.p), int(x.q))
        return f, f
    if isinstance(x, mpmath.ctx_iv.ivmpf):
        lo, hi = x._mpi_
        return _exact(lo), _exact(hi)
    raise TypeError(f"certificate sides must be exact rationals or mpmath.iv intervals, got {type(x).__name__}")


def _cmp(a, b) -> int:
    return (a > b) - (a < b)


def decide(rel: Relation) -> Verdict:
    """CERTIFIED, REFUTED or INCONCLUSIVE for one relation (tolerances must be 0)."""
    if rel.atol or rel.rtol:
        raise ValueError("certificate relations take no tolerance: enclose the error in the interval")
    (la, lb), (ra, rb) = _interval(rel.lhs), _interval(rel.rhs)
    op = rel.op
    if op in ("<=", "<"):
        strict = op == "<"
        sure = _cmp(lb, ra) < 0 if strict else _cmp(lb, ra) <= 0
        false = _cmp(la, rb) >= 0 if strict else _cmp(la, rb) > 0
    elif op in (">=", ">"):
        strict = op == ">"
        sure = _cmp(la, rb) > 0 if strict else _cmp(la, rb) >= 0
        false = _cmp(lb, ra) <= 0 if strict else _cmp(lb, ra) < 0
    else:
        sure = _cmp(la, lb) == 0 and _cmp(ra, rb) == 0 and _cmp(la, ra) == 0
        false = _cmp(lb, ra) < 0 or _cmp(rb, la) < 0
    if sure:
        return Verdict.CERTIFIED
    if false:
        return Verdict.REFUTED
    return Verdict.INCONCLUSIVE


def _show(x) -> str:
    return str(x)


def run(check, ctx: Context) -> CheckResult:
    rels = as_relations(check.fn())
    decided = [(r, decide(r)) for r in rels]
    bad = [(r, v) for r, v in decided if v is Verdict.REFUTED]
    open_ = [(r, v) for r, v in decided if v is Verdict.INCONCLUSIVE]
    rows = [{"label": r.label, "lhs": _show(r.lhs), "op": r.op, "rhs": _show(r.rhs), "verdict": v.value}
            for r, v in decided]
    if bad:
        r = bad[0][0]
        iv = any(isinstance(x, mpmath.ctx_iv.ivmpf) for x in (r.lhs, r.rhs))
        kind = "interval enclosure" if iv else "exact rationals"
        return CheckResult(claim_id=ctx.claim_id, name=check.name, kind="certificate", verdict=Verdict.REFUTED,
                           message=f"{len(bad)}/{len(rels)} instances fail rigorously, e.g. {r.label}: {_show(r.lhs)} {r.op} {_show(r.rhs)} is false",
                           examples=len(rels), counterexample={"instance": r.label, "lhs": _show(r.lhs), "rhs": _show(r.rhs)},
                           confirmation=f"rigorous: {kind} (mpmath.iv enclosures disjoint)" if iv else f"rigorous: {kind}",
                           confirmed_by=kind, details={"instances": rows}, search="certificate")
    verdict = Verdict.INCONCLUSIVE if open_ else Verdict.CERTIFIED
    msg = (f"{len(rels) - len(open_)}/{len(rels)} instances certified" +
           (f"; {len(open_)} enclosures overlap" if open_ else ""))
    return CheckResult(claim_id=ctx.claim_id, name=check.name, kind="certificate", verdict=verdict, message=msg,
                       examples=len(rels), details={"instances": rows}, search="certificate",
                       scope=check.instance or f"{len(rels)} instance{'s' * (len(rels) != 1)}")
