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

Before anything runs, the check is validated: every value of ``given`` must be a
Hypothesis strategy that can generate (``validate()`` passes, not empty), and ``fn`` must
accept every key of ``given`` and need nothing else. A fault is verdict ``error`` with a
one-line reason. A strategy whose filters reject everything (Hypothesis ``Unsatisfiable``)
is ``error`` too, never ``supported``.

Search (``Check.search``, recorded in the evidence's ``search`` field and in
``details["search"]``):

``"hypothesis"``
    the Hypothesis phase above only.
``"hypothesis+optimize"``
    after a Hypothesis phase that found no counterexample, a deterministic local search
    for the worst case over the *continuous* parameters: every ``given`` entry that is a
    plain ``st.floats(lo, hi)`` with finite bounds (no ``map`` / ``filter``); the other
    parameters stay at their values in the start point. It minimises the relative margin
    with scipy's bounded Nelder-Mead in the unit box (a parameter with ``0 < lo`` and
    ``hi / lo >= 1e3`` is searched in log scale), started from the three worst distinct
    Hypothesis examples and the box centre, ``max(40, 2 N)`` evaluations in all (``N`` = the
    profile's example count; half for the worst start, the rest shared), stopping at the
    first violation. The starts come from the
    seeded Hypothesis phase and Nelder-Mead is deterministic, so the search is reproducible.
    A violation found there is confirmed like any other (no shrinking: the point is reported
    as found). ``details["search"]["worst_found_by"]`` says which phase produced the worst
    case (``"hypothesis"`` or ``"optimize"``). Random sampling is weak on thin regions of a
    continuous domain (a margin that dips only near an edge or a curve); the optimizer
    follows the margin there.
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

__all__ = ["run", "CONFIRM_FACTOR", "PRECISE_DPS", "evaluate", "SEARCHES", "float_bounds", "signature_problem"]

SEARCHES = ("hypothesis", "hypothesis+optimize")

# Hypothesis phases without ``explain``: that phase's work depends on process state (what else
# has been imported), so with it the number of evaluations of a failing check differs between
# a fresh worker (-j) and a long-lived process; its output is not used here anyway.
_PHASES = (hypothesis.Phase.explicit, hypothesis.Phase.reuse, hypothesis.Phase.generate,
           hypothesis.Phase.target, hypothesis.Phase.shrink)
CONFIRM_FACTOR = 10.0  # a float-only refutation must exceed 10x the error estimate
PRECISE_DPS = 50  # digits for the high-precision re-evaluation
_EPS = 2.0**-52


class _Violation(AssertionError):
    pass


class _Found(Exception):
    """The optimizer reached a violation (stops the minimisation)."""


def _one_line(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text.splitlines()[0]}" if text else type(e).__name__


def float_bounds(strategy):
    """``(lo, hi, log)`` for a plain ``st.floats(lo, hi)`` with finite bounds, else None.

    Excluded endpoints are moved one float inward. ``log`` is True when ``0 < lo`` and
    ``hi / lo >= 1e3`` (searched in log scale).
    """
    import inspect

    if getattr(getattr(strategy, "function", None), "__name__", "") != "floats":
        return None
    if getattr(strategy, "_transformations", ()):
        return None  # mapped or filtered: the optimizer could leave its set
    try:
        bound = inspect.signature(st.floats).bind(*strategy._LazyStrategy__args,
                                                  **strategy._LazyStrategy__kwargs)
    except (AttributeError, TypeError):
        return None
    a = bound.arguments
    lo, hi = a.get("min_value"), a.get("max_value")
    if lo is None or hi is None:
        return None
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or not lo < hi:
        return None
    if a.get("exclude_min"):
        lo = math.nextafter(lo, math.inf)
    if a.get("exclude_max"):
        hi = math.nextafter(hi, -math.inf)
    return lo, hi, bool(lo > 0 and hi / lo >= 1e3)


def signature_problem(check) -> str | None:
    """A one-line reason why ``check`` cannot be run with its ``given``, or None."""
    import inspect

    from hypothesis.strategies import SearchStrategy

    given = dict(check.given or {})
    for key, s in given.items():
        if not isinstance(s, SearchStrategy):
            return (f"given[{key!r}] is a {type(s).__name__}, not a Hypothesis strategy "
                    f"(e.g. st.sampled_from([...]) or st.floats(lo, hi))")
        try:
            s.validate()
        except Exception as e:  # noqa: BLE001 - InvalidArgument and friends
            msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            return f"strategy given[{key!r}] = {s!r} cannot generate: {msg}"
        if s.is_empty:
            return f"strategy given[{key!r}] = {s!r} cannot generate: it is empty"
    try:
        sig = inspect.signature(check.fn)
    except (TypeError, ValueError):
        return None
    params = sig.parameters
    var_kw = any(p.kind is p.VAR_KEYWORD for p in params.values())
    named = {n for n, p in params.items() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    required = [n for n, p in params.items() if p.default is p.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
    unknown = [g for g in given if g not in named and not var_kw]
    missing = [r for r in required if r not in given]
    if not unknown and not missing:
        return None
    parts = []
    if unknown:
        parts.append(f"does not accept {', '.join(unknown)}")
    if missing:
        parts.append(f"needs {', '.join(missing)}, which given does not provide")
    name = getattr(check.fn, "__name__", check.name)
    return f"wrong signature {name}{sig}: it {' and '.join(parts)} (given: {', '.join(given)})"


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
            failing = [r for r in prels if not r.holds]  # strict ops: margin 0 already fails
            worst = failing[0] if failing else worst
            m = worst.margin
            if failing:
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
    stats = {"n": 0, "worst": None, "worst_rel": None, "worst_example": None, "worst_relation": None,
             "phase": "hypothesis", "found_by": None}
    last_fail: dict = {}
    starts: list = []  # the worst distinct examples seen in the Hypothesis phase: (rel margin, example)
    search_info: dict = {"method": check.search}

    def probe(example):
        stats["n"] += 1
        rel = evaluate(check, example)
        rm = rel.relative_margin  # raises NonFiniteError on NaN / inf
        if stats["worst_rel"] is None or rm < stats["worst_rel"]:
            stats.update(worst=float(rel.margin), worst_rel=rm, worst_example=dict(example),
                         worst_relation=rel, found_by=stats["phase"])
        if stats["phase"] == "hypothesis" and check.search != "hypothesis":
            key = repr(sorted(example.items(), key=lambda kv: kv[0]))
            if all(k != key for _, k, _ in starts):
                starts.append((rm, key, dict(example)))
                starts.sort(key=lambda t: t[0])
                del starts[3:]
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
            last_fail.update(example=dict(example), error=_one_line(e))
            raise
        hypothesis.target(max(min(-rm, 1e12), -1e12), label="-relative margin")
        if not rel.holds:
            last_fail.clear()
            last_fail.update(example=dict(example), relation=rel)
            raise _Violation(rel.describe())

    strat = st.fixed_dictionaries(dict(check.given))
    seed = ctx.check_seed(check.name)
    base = settings.get_profile(ctx.profile.hypothesis_profile)
    wrapped = hypothesis.seed(seed)(settings(base, max_examples=n_examples, phases=_PHASES)(given(strat)(test)))

    def result(verdict, message, **kw):
        search_info["worst_found_by"] = stats["found_by"]
        return CheckResult(
            claim_id=ctx.claim_id, name=check.name, kind="property", verdict=verdict, message=message,
            examples=stats["n"], worst_margin=stats["worst"], worst_relative_margin=stats["worst_rel"],
            worst_example=_jsonable(stats["worst_example"]) if stats["worst_example"] else None,
            relations=[stats["worst_relation"].to_json()] if stats["worst_relation"] else [],
            search=check.search, details={"max_examples": n_examples, "strategies": {
                k: repr(v) for k, v in check.given.items()}, "search": dict(search_info)}, **kw,
        )

    problem = signature_problem(check)
    if problem:
        return result(Verdict.ERROR, problem)
    if check.search not in SEARCHES:
        return result(Verdict.ERROR, f"unknown search {check.search!r} (choose from {', '.join(SEARCHES)})")

    try:
        wrapped()
        search_info["hypothesis_examples"] = stats["n"]
        if check.search == "hypothesis+optimize" and stats["n"]:
            stats["phase"] = "optimize"
            search_info["optimize"] = _optimize(check, probe, starts, max(40, 2 * n_examples), last_fail)
    except hypothesis.errors.Unsatisfiable:
        return result(Verdict.ERROR, "strategy cannot generate examples: no example of `given` passed its "
                                     "filters / assume() (they reject everything)")
    except Exception as e:  # noqa: BLE001 - classify below
        search_info.setdefault("hypothesis_examples", stats["n"])
        if "relation" in last_fail:
            ex, rel = last_fail["example"], last_fail["relation"]
            try:
                ok, how = _confirm(check, ex, rel)
            except Exception as ce:  # noqa: BLE001
                ok, how = False, f"confirmation failed: {type(ce).__name__}: {ce}"
            verdict = Verdict.REFUTED if ok else Verdict.INCONCLUSIVE
            by = " (found by the optimizer)" if last_fail.get("phase") == "optimize" else ""
            search_info["counterexample_found_by"] = "optimize" if by else "hypothesis"
            res = result(verdict, f"counterexample{by} {_jsonable(ex)}: {rel.describe()}",
                         counterexample=_jsonable(ex), confirmation=how)
            # the counterexample's own relation and margin (worst_* are the worst seen in the search)
            res.relations = [rel.to_json()]
            res.details["counterexample_margin"] = float(rel.margin)
            res.details["counterexample_relative_margin"] = rel.relative_margin
            return res
        if "error" in last_fail:
            return result(Verdict.ERROR, f"{last_fail['error']} at {_jsonable(last_fail['example'])}",
                          counterexample=_jsonable(last_fail["example"]))
        inner = e
        while isinstance(inner, BaseExceptionGroup) and inner.exceptions:
            inner = inner.exceptions[0]
        return result(Verdict.ERROR, _one_line(inner))
    if stats["n"] == 0:
        return result(Verdict.ERROR, "no example was evaluated")
    wr = stats["worst_rel"]
    how = ""
    opt = search_info.get("optimize")
    if opt is not None:
        how = (f" ({search_info['hypothesis_examples']} by Hypothesis, {opt['evaluations']} by the optimizer"
               + ("" if opt["params"] else ": no bounded float parameter") + ")")
    return result(Verdict.SUPPORTED,
                  f"no counterexample in {stats['n']} examples{how}; worst relative margin {wr:.3g} "
                  f"(found by {stats['found_by']})")


def _optimize(check, probe, starts, budget: int, last_fail: dict) -> dict:
    """The ``hypothesis+optimize`` phase: bounded Nelder-Mead on the relative margin.

    Raises :class:`_Violation` (with ``last_fail`` filled) on a violation, and lets NaN /
    check errors propagate the same way the Hypothesis phase does.
    """
    import numpy as np
    from scipy.optimize import minimize

    box = {k: b for k, s in check.given.items() if (b := float_bounds(s)) is not None}
    info = {"method": "scipy Nelder-Mead (bounded, unit box)", "params": sorted(box),
            "log_scale": sorted(k for k, b in box.items() if b[2]), "starts": 0, "evaluations": 0,
            "budget": budget}
    if not box or not starts:
        return info
    keys = sorted(box)

    def to_x(u):
        out = {}
        for k, ui in zip(keys, u):
            lo, hi, log = box[k]
            ui = min(max(float(ui), 0.0), 1.0)
            v = math.exp(math.log(lo) + ui * (math.log(hi) - math.log(lo))) if log else lo + ui * (hi - lo)
            out[k] = min(max(v, lo), hi)
        return out

    def to_u(example):
        u = []
        for k in keys:
            lo, hi, log = box[k]
            v = min(max(float(example[k]), lo), hi)
            u.append((math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo)) if log else (v - lo) / (hi - lo))
        return np.array(u)

    centre = dict(starts[0][2]) | to_x([0.5] * len(keys))
    points = [ex for _, _, ex in starts] + [centre]
    limit = {"at": 0}
    for i, base in enumerate(points):
        left = budget - info["evaluations"]
        if left <= 0:
            break
        # the worst start gets half the budget, the others share the rest evenly
        share = left // 2 if i == 0 and len(points) > 1 else left // (len(points) - i)
        limit["at"] = info["evaluations"] + max(share, len(keys) + 2)
        info["starts"] += 1

        def f(u, base=base):
            if info["evaluations"] >= min(budget, limit["at"]):
                raise _Found()  # this start's share is spent
            info["evaluations"] += 1
            example = dict(base) | to_x(u)
            try:
                rel, rm = probe(example)
            except hypothesis.errors.UnsatisfiedAssumption:
                return 1e300
            except Exception as e:  # noqa: BLE001 - a check fault is evidence
                last_fail.clear()
                last_fail.update(example=example, phase="optimize",
                                 error=str(e) if isinstance(e, NonFiniteError) else _one_line(e))
                raise
            if not rel.holds:
                last_fail.clear()
                last_fail.update(example=example, relation=rel, phase="optimize")
                raise _Violation(rel.describe())
            return max(min(rm, 1e300), -1e300)

        u0 = to_u(base)
        step = 0.05
        simplex = [u0] + [np.clip(u0 + step * e if u0[i] + step <= 1 else u0 - step * e, 0, 1)
                          for i, e in enumerate(np.eye(len(keys)))]
        try:
            minimize(f, u0, method="Nelder-Mead", bounds=[(0.0, 1.0)] * len(keys),
                     options={"maxfev": budget, "initial_simplex": np.array(simplex),
                              "xatol": 1e-12, "fatol": 0.0})
        except _Found:
            pass
    return info
