"""Property checks: a Hypothesis search for a counterexample.

``fn(**example)`` returns a :class:`~verify.core.relation.Relation` (or a list; the worst
one counts). The search

1. draws examples from ``given`` (a dict of strategies) with ``hypothesis.seed`` fixed by
   the run seed, no database, no deadline; ``max_examples`` from the profile;
2. steers toward the boundary with ``hypothesis.target(-relative_margin)``;
3. on a violation, lets Hypothesis shrink to a minimal failing example;
4. confirms the shrunk counterexample independently: with ``precise(**example)`` (the same
   relation evaluated in mpmath at 50 digits) when the check provides it, otherwise only if
   the violation exceeds ``CONFIRM_FACTOR`` x the float error estimate. An unconfirmed
   violation is ``inconclusive``, never ``refuted``;

A check whose relation is NaN/inf on some example gets ``error`` with that example.
"""

from __future__ import annotations

import math

import hypothesis
import hypothesis.strategies as st
import mpmath
from hypothesis import given, settings

from verify.core.evidence import CheckResult
from verify.core.kinds.context import Context
from verify.core.relation import NonFiniteError, Relation, as_relations
from verify.core.verdict import Verdict

__all__ = ["run", "CONFIRM_FACTOR", "PRECISE_DPS", "evaluate"]

CONFIRM_FACTOR = 10.0  # a float-only refutation must exceed 10x the error estimate
PRECISE_DPS = 50  # digits for the high-precision re-evaluation
_EPS = 2.0**-52


class _Violation(AssertionError):
    pass


def evaluate(check, example: dict) -> Relation:
    """The worst relation of ``check.fn(**example)`` (smallest relative margin)."""
    rels = as_relations(check.fn(**example))
    return min(rels, key=lambda r: r.relative_margin)


def _jsonable(example: dict) -> dict:
    out = {}
    for k, v in example.items():
        if isinstance(v, (bool, int, str)) or v is None:
            out[k] = v
        elif isinstance(v, float):
            out[k] = v if math.isfinite(v) else str(v)
        else:
            try:
                out[k] = float(v)
            except (TypeError, ValueError):
                out[k] = repr(v)
    return out


def _confirm(check, example: dict, rel: Relation) -> tuple[bool, str]:
    if check.precise is not None:
        with mpmath.workdps(PRECISE_DPS):
            prels = as_relations(check.precise(**example))
            worst = min(prels, key=lambda r: float(r.margin / max(r.scale, mpmath.mpf(10) ** -300)))
            m = worst.margin
            if m < 0:
                return True, f"confirmed by mpmath at {PRECISE_DPS} digits (margin {mpmath.nstr(m, 6)})"
            return False, (f"float violation not confirmed by mpmath at {PRECISE_DPS} digits "
                           f"(margin there {mpmath.nstr(m, 6)})")
    floor = 64 * _EPS * float(rel.scale)
    err = max(float(rel.tol), floor)
    viol = -float(rel.margin)
    if viol > CONFIRM_FACTOR * err:
        return True, f"violation {viol:.3g} exceeds {CONFIRM_FACTOR:g}x the float error estimate {err:.3g}"
    return False, f"violation {viol:.3g} within {CONFIRM_FACTOR:g}x the float error estimate {err:.3g}; no high-precision evaluation"


def run(check, ctx: Context) -> CheckResult:
    n_examples = ctx.profile.examples(check.examples)
    stats = {"n": 0, "worst": None, "worst_rel": None, "worst_example": None, "worst_relation": None}
    last_fail: dict = {}

    def probe(example):
        stats["n"] += 1
        rel = evaluate(check, example)
        rm = rel.relative_margin  # raises NonFiniteError on NaN / inf
        if stats["worst_rel"] is None or rm < stats["worst_rel"]:
            stats.update(worst=float(rel.margin), worst_rel=rm, worst_example=dict(example),
                         worst_relation=rel)
        return rel, rm

    def test(example):
        try:
            rel, rm = probe(example)
        except NonFiniteError as e:
            last_fail.clear()
            last_fail.update(example=dict(example), error=str(e))
            raise
        except Exception as e:  # noqa: BLE001 - the check itself crashed
            last_fail.clear()
            last_fail.update(example=dict(example), error=f"{type(e).__name__}: {e}")
            raise
        hypothesis.target(max(min(-rm, 1e12), -1e12), label="-relative margin")
        if not rel.holds:
            last_fail.clear()
            last_fail.update(example=dict(example), relation=rel)
            raise _Violation(rel.describe())

    strat = st.fixed_dictionaries(dict(check.given))
    seed = ctx.check_seed(check.name)
    base = settings.get_profile(ctx.profile.hypothesis_profile)
    wrapped = hypothesis.seed(seed)(settings(base, max_examples=n_examples)(given(strat)(test)))

    def result(verdict, message, **kw):
        return CheckResult(
            claim_id=ctx.claim_id, name=check.name, kind="property", verdict=verdict, message=message,
            examples=stats["n"], worst_margin=stats["worst"], worst_relative_margin=stats["worst_rel"],
            worst_example=_jsonable(stats["worst_example"]) if stats["worst_example"] else None,
            relations=[stats["worst_relation"].to_json()] if stats["worst_relation"] else [],
            search=check.search, details={"max_examples": n_examples, "strategies": {
                k: repr(v) for k, v in check.given.items()}}, **kw,
        )

    try:
        wrapped()
    except hypothesis.errors.Unsatisfiable as e:
        return result(Verdict.ERROR, f"strategy cannot generate examples: {e}")
    except Exception as e:  # noqa: BLE001 - classify below
        if "relation" in last_fail:
            ex, rel = last_fail["example"], last_fail["relation"]
            try:
                ok, how = _confirm(check, ex, rel)
            except Exception as ce:  # noqa: BLE001
                ok, how = False, f"confirmation failed: {type(ce).__name__}: {ce}"
            verdict = Verdict.REFUTED if ok else Verdict.INCONCLUSIVE
            return result(verdict, f"counterexample {_jsonable(ex)}: {rel.describe()}",
                          counterexample=_jsonable(ex), confirmation=how)
        if "error" in last_fail:
            return result(Verdict.ERROR, f"{last_fail['error']} at {_jsonable(last_fail['example'])}",
                          counterexample=_jsonable(last_fail["example"]))
        inner = e
        while isinstance(inner, BaseExceptionGroup) and inner.exceptions:
            inner = inner.exceptions[0]
        return result(Verdict.ERROR, f"{type(inner).__name__}: {inner}")
    if stats["n"] == 0:
        return result(Verdict.ERROR, "no example was evaluated")
    wr = stats["worst_rel"]
    return result(Verdict.SUPPORTED,
                  f"no counterexample in {stats['n']} examples; worst relative margin {wr:.3g}")
