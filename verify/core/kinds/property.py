"""Property checks: a search for a counterexample, then an independent confirmation.

``fn(**example)`` returns a :class:`~verify.core.relation.Relation` (or a list; the worst
one steers). ``N`` below is the profile's example count for the check.

Search (``Check.search``; recorded in the evidence's ``search`` field and in
``details["search"]``). Every phase calls the check inside a Hypothesis test, so
``hypothesis.assume`` in a check is valid everywhere (no deprecation warning); a call that
``assume`` rejects is counted as *rejected* and is no evidence.

1. **hypothesis**: ``N`` accepted examples drawn from ``given`` with ``hypothesis.seed``
   fixed by the run seed, no database, no deadline; ``hypothesis.target(-objective)``
   steers toward the boundary. A violation found here is shrunk by Hypothesis.
2. **space-filling** (``"hypothesis+qmc+optimize"``, the default): a scrambled Sobol
   sequence (``scipy.stats.qmc``, seeded by the check seed), ``2^ceil(log2(max(32, N/2)))``
   points over the strategy's *numeric box*: every ``given`` entry that is a plain
   ``st.floats(lo, hi)`` with finite bounds (log scale when ``0 < lo`` and ``hi/lo >= 1e3``),
   ``st.integers(lo, hi)`` or ``st.sampled_from(...)`` without ``map`` / ``filter``; then
   the box's ``2^d`` corners when ``d <= 4`` (a condition violated only where every
   parameter is at an end of its range). The other entries take their values from the
   Hypothesis draws, in turn.
3. **optimize** (``"hypothesis+optimize"`` and the default): scipy's bounded Nelder-Mead on
   the objective over the box's float parameters (the others fixed at the start's values),
   from accepted points of phases 1-2: half of the starts the worst ones, chosen to be
   distinct (no two with the same objective value, which is how a plateau of exact ties
   shows, or at the same point), the other half spread out (farthest-point choice among the
   better half of the points); ``max(40, 2N)`` evaluations in all, shared evenly; it stops
   at the first violation.
4. **shrink**: a violation found in phase 2 or 3 is shrunk by Hypothesis: its values are
   saved as the choice sequence of a strategy over the same box (the other entries fixed)
   in an in-memory example database, and ``hypothesis.find`` replays and shrinks it. The
   evidence says whether the counterexample was shrunk (``details["shrink"]``).

Objective: ``margin / steer_scale`` (the relative margin). A relation with no scale of its
own (a side exactly 0, no terms, no ``scale=``) is measured against the median magnitude of
the sides seen so far in the search, so that the search still has a slope to follow; the
evidence says so (``details["search"]["unscaled"]``). A search whose objective took a
single value on every accepted example had no gradient to follow: the evidence says that
too (``details["search"]["no_gradient"]``) and the message warns.

Counts: ``examples`` = accepted evaluations in all phases; ``details["search"]`` has the
accepted / rejected counts per phase. A check with fewer accepted *draws* (phases 1 and 2;
the optimizer's evaluations are not independent draws) than the profile's
``min_examples`` is ``inconclusive``, never ``supported``.

Tightness: for every inequality the evidence (``details["tightness"]``) gives the extreme
ratio ``lhs / rhs`` found (the largest for ``<=``, the smallest for ``>=``; when ``rhs > 0``)
and the smallest slack (distance to the boundary without tolerance, also relative to the
scale), each with its witness, so a reader sees whether a bound is attained on the domain.

Confirmation of a counterexample (``confirmed_by`` names the kind):

* with ``precise(**example)`` (the same relations in mpmath at ``PRECISE_DPS`` digits): it
  must return a counterpart for every relation (matched by label, else by position); a
  failing mpmath relation confirms (``"mpmath at 50 digits"``); a twin that returns
  :class:`~verify.core.relation.NotEvaluable`, or no counterpart for the failing relation,
  leaves the check ``inconclusive``;
* without it, only a violation larger than ``CONFIRM_FACTOR`` x the float error estimate
  refutes (``"float-error rule"``; the message says it is the only evidence).

An unconfirmed violation is ``inconclusive``, never ``refuted``. A check whose relation is
NaN/inf on some example gets ``error`` with that example.

Before anything runs, the check is validated: every value of ``given`` must be a
Hypothesis strategy that can generate (``validate()`` passes, not empty), and ``fn`` must
accept every key of ``given`` and need nothing else. A fault is verdict ``error`` with a
one-line reason. A strategy whose filters / ``assume`` reject everything is ``error`` too.
"""

from __future__ import annotations

import bisect
import math

import hypothesis
import hypothesis.strategies as st
import mpmath
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis.database import InMemoryExampleDatabase, choices_to_bytes
from scipy.optimize import minimize
from scipy.stats import qmc  # imported with the kind, not inside a check's time budget

from verify.core.evidence import CheckResult, one_line
from verify.core.kinds.constant_pool import seed_only_draws
from verify.core.kinds.context import Context
from verify.core.relation import NonFiniteError, NotEvaluable, Relation, as_relations
from verify.core.verdict import Verdict

__all__ = ["run", "CONFIRM_FACTOR", "PRECISE_DPS", "evaluate", "SEARCHES", "DEFAULT_SEARCH", "float_bounds",
           "numeric_box", "signature_problem"]

SEARCHES = ("hypothesis", "hypothesis+optimize", "hypothesis+qmc+optimize")
DEFAULT_SEARCH = "hypothesis+qmc+optimize"

# Hypothesis phases without ``explain``: that phase's work depends on process state (what else
# has been imported), so with it the number of evaluations of a failing check differs between
# a fresh worker (-j) and a long-lived process; its output is not used here anyway.
_PHASES = (hypothesis.Phase.explicit, hypothesis.Phase.reuse, hypothesis.Phase.generate,
           hypothesis.Phase.target, hypothesis.Phase.shrink)
CONFIRM_FACTOR = 10.0  # a float-only refutation must exceed 10x the error estimate
PRECISE_DPS = 50  # digits for the high-precision re-evaluation
_EPS = 2.0**-52
RATIO_TIE = 1e-9  # tightness ratios closer than this (relative) are ties: 1e6 x float64 rounding of a ratio
_QUIET = dict(database=None, deadline=None, suppress_health_check=list(HealthCheck), print_blob=False)


class _Violation(AssertionError):
    pass


class _Stop(Exception):
    """Ends an optimizer run (its share of the budget is spent)."""


def _lazy_args(strategy, fn):
    import inspect

    try:
        return inspect.signature(fn).bind(*strategy._LazyStrategy__args, **strategy._LazyStrategy__kwargs).arguments
    except (AttributeError, TypeError):
        return None


def float_bounds(strategy):
    """``(lo, hi, log)`` for a plain ``st.floats(lo, hi)`` with finite bounds, else None.

    Excluded endpoints are moved one float inward. ``log`` is True when ``0 < lo`` and
    ``hi / lo >= 1e3`` (searched in log scale).
    """
    if getattr(getattr(strategy, "function", None), "__name__", "") != "floats":
        return None
    if getattr(strategy, "_transformations", ()):
        return None  # mapped or filtered: the optimizer could leave its set
    a = _lazy_args(strategy, st.floats)
    if a is None:
        return None
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


def numeric_box(given: dict) -> dict:
    """The searchable box of ``given``: key -> ``("float", lo, hi, log)``, ``("int", lo, hi)``
    or ``("choice", elements)``; entries that are none of these are left out."""
    from hypothesis.strategies._internal.strategies import SampledFromStrategy

    box = {}
    for k, s in given.items():
        fb = float_bounds(s)
        if fb is not None:
            box[k] = ("float", *fb)
        elif getattr(getattr(s, "function", None), "__name__", "") == "integers" and not getattr(s, "_transformations", ()):
            a = _lazy_args(s, st.integers) or {}
            lo, hi = a.get("min_value"), a.get("max_value")
            if lo is not None and hi is not None and lo < hi:
                box[k] = ("int", int(lo), int(hi))
        elif isinstance(s, SampledFromStrategy) and not s._transformations and len(s.elements) > 1:
            box[k] = ("choice", tuple(s.elements))
    return box


def _from_unit(dim, u: float):
    u = min(max(float(u), 0.0), 1.0)
    if dim[0] == "float":
        _, lo, hi, log = dim
        v = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo))) if log else lo + u * (hi - lo)
        return min(max(v, lo), hi)
    if dim[0] == "int":
        _, lo, hi = dim
        return min(lo + int(u * (hi - lo + 1)), hi)
    elements = dim[1]
    return elements[min(int(u * len(elements)), len(elements) - 1)]


def _to_unit(dim, v) -> float:
    _, lo, hi, log = dim
    v = min(max(float(v), lo), hi)
    return (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo)) if log else (v - lo) / (hi - lo)


def signature_problem(check) -> str | None:
    """A one-line reason why ``check`` cannot be run with its ``given``, or None."""
    import inspect

    from hypothesis.strategies import SearchStrategy

    given_ = dict(check.given or {})
    for key, s in given_.items():
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
    unknown = [g for g in given_ if g not in named and not var_kw]
    missing = [r for r in required if r not in given_]
    if not unknown and not missing:
        return None
    parts = []
    if unknown:
        parts.append(f"does not accept {', '.join(unknown)}")
    if missing:
        parts.append(f"needs {', '.join(missing)}, which given does not provide")
    name = getattr(check.fn, "__name__", check.name)
    return f"wrong signature {name}{sig}: it {' and '.join(parts)} (given: {', '.join(given_)})"


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


def inside_hypothesis(fn):
    """Run ``fn()`` once as the body of a Hypothesis test (so ``assume`` in it is valid).

    Exceptions are caught in the body and re-raised here, so that Hypothesis neither replays
    nor shrinks the body (each evaluation in it happens exactly once).
    """
    out: dict = {}

    @settings(max_examples=1, phases=[hypothesis.Phase.generate], **_QUIET)
    @given(st.just(None))
    def body(_):
        try:
            out["value"] = fn()
        except BaseException as e:  # noqa: BLE001 - re-raised below, outside Hypothesis
            out["error"] = e

    body()
    if "error" in out:
        raise out["error"]
    return out.get("value")


class _Search:
    """Counters, the worst case, tightness, and the pool of accepted points of one check run."""

    def __init__(self, check):
        self.check = check
        self.phase = "hypothesis"
        self.accepted = {"hypothesis": 0, "space-filling": 0, "optimize": 0}
        self.rejected = {"hypothesis": 0, "space-filling": 0, "optimize": 0}
        self.mags: list = []  # sorted positive side magnitudes (the reference scale is their median)
        self.pool: list = []  # accepted points: (margin, own scale or None, example, phase)
        self.drawn: list = []  # examples Hypothesis drew (their non-box values feed phase 2)
        self.worst: dict | None = None
        self.tight: dict = {}
        self.objectives: set = set()  # distinct objective values (up to 2) over accepted draws
        self.unscaled = False
        self.last_fail: dict = {}

    def reference(self) -> float:
        return self.mags[len(self.mags) // 2] if self.mags else 1.0

    def objective(self, margin: float, own) -> float:
        return margin / max(own if own is not None else self.reference(), 1e-300)

    def judge(self, example: dict) -> float:
        """:meth:`probe`, recording a fault or a violation (then raising); returns the objective.
        ``UnsatisfiedAssumption`` propagates (a rejected draw)."""
        try:
            rel, obj, rels = self.probe(example)
        except hypothesis.errors.UnsatisfiedAssumption:
            raise
        except Exception as e:  # noqa: BLE001 - a check fault / NaN is evidence
            self.fail(example, error=str(e) if isinstance(e, NonFiniteError) else one_line(e))
            raise
        if not all(r.holds for r in rels):
            self.fail(example, relation=rel, relations=rels)
            raise _Violation(rel.describe())
        return obj

    def probe(self, example: dict):
        """Evaluate; returns (worst relation, its objective, all relations). Counts accepted /
        rejected; raises UnsatisfiedAssumption, NonFiniteError and check errors."""
        try:
            value = self.check.fn(**example)
        except hypothesis.errors.UnsatisfiedAssumption:
            self.rejected[self.phase] += 1
            raise
        rels = as_relations(value)
        scored = []
        for r in rels:
            m = float(r.margin)  # raises NonFiniteError on NaN / inf
            own = r.steer_scale
            own = None if own is None else float(own)
            mag = float(r.magnitude)
            if mag > 0:
                bisect.insort(self.mags, mag)
            scored.append((r, m, own))
        self.accepted[self.phase] += 1
        objs = [self.objective(m, own) for _, m, own in scored]
        k = min(range(len(objs)), key=objs.__getitem__)
        rel, obj = rels[k], objs[k]
        if any(own is None for _, _, own in scored):
            self.unscaled = True
        if self.phase != "optimize" and len(self.objectives) < 2:
            self.objectives.add(obj)
        for i, (r, m, own) in enumerate(scored):
            self._tightness(i, r, own, example)
        if self.worst is None or obj < self.worst["objective"]:
            self.worst = {"objective": obj, "margin": scored[k][1], "relation": rel, "example": dict(example),
                          "phase": self.phase}
        self.pool.append((scored[k][1], scored[k][2], example, self.phase))
        return rel, obj, rels

    def _tightness(self, i, r, own, example):
        if r.op == "==":
            return
        t = self.tight.setdefault((i, r.label), {"index": i, "label": r.label, "op": r.op, "ratio": None})
        slack = float(r.slack)
        rs = slack / max(own if own is not None else self.reference(), 1e-300)
        if "relative_slack" not in t or rs < t["relative_slack"]:
            t.update(slack=slack, relative_slack=rs, slack_witness=_jsonable(example),
                     slack_lhs=float(r.lhs), slack_rhs=float(r.rhs))
        q = r.ratio
        if q is not None and math.isfinite(q):
            # a new witness only for a ratio beyond the current one by more than float noise:
            # among near-ties (a whole tight line, e.g. c = 1 on rank-1 data) the earliest
            # example stays, so rounding differences between machines do not move the witness
            tie = RATIO_TIE * abs(t["ratio"]) if t["ratio"] is not None else 0.0
            better = t["ratio"] is None or (q > t["ratio"] + tie if r.op in ("<=", "<") else q < t["ratio"] - tie)
            if better:
                t.update(ratio=q, ratio_witness=_jsonable(example))

    def fail(self, example, **kw):
        self.last_fail.clear()
        self.last_fail.update(example=dict(example), phase=self.phase, **kw)

    def tightness(self) -> list:
        out = []
        for t in sorted(self.tight.values(), key=lambda t: t["index"]):
            t = dict(t)
            t["ratio_kind"] = "max lhs/rhs" if t["op"] in ("<=", "<") else "min lhs/rhs"
            out.append(t)
        return out


def _space_filling(S: _Search, box: dict, n_points: int, seed: int) -> dict:
    """Phase 2: scrambled Sobol points over the box (non-box values from Hypothesis draws)."""

    keys = list(box)
    m = max(5, math.ceil(math.log2(max(32, n_points))))
    info = {"method": f"scrambled Sobol (scipy.stats.qmc), 2^{m} points", "params": keys, "points": 0}
    bases = S.drawn or ([{}] if set(box) == set(S.check.given) else [])
    if not keys or not bases:
        info["skipped"] = "no numeric box" if not keys else "no Hypothesis draw to take the other values from"
        return info
    U = qmc.Sobol(d=len(keys), scramble=True, rng=np.random.default_rng(seed)).random_base2(m)
    # then the box's corners (a condition violated only where every parameter is at an end),
    # when there are at most 16 of them (d <= 4)
    if len(keys) <= 4:
        corners = np.array([[(i >> j) & 1 for j in range(len(keys))] for i in range(2 ** len(keys))], dtype=float)
        U = np.vstack([U, corners])
        info["method"] += f" + the {len(corners)} corners of the box"

    def body():
        for i, u in enumerate(U):
            example = dict(bases[i % len(bases)]) | {k: _from_unit(box[k], ui) for k, ui in zip(keys, u)}
            example = {k: example[k] for k in S.check.given}  # the declared order
            info["points"] += 1
            try:
                S.judge(example)
            except hypothesis.errors.UnsatisfiedAssumption:
                continue

    inside_hypothesis(body)
    return info


def _starts(S: _Search, box: dict, keys: list, k: int) -> list:
    """Up to ``k`` accepted points: the worst half of them by objective (no two with the same
    objective, which is how a plateau of exact ties shows, or at the same point), the rest
    spread out: each the point of the better half of the pool farthest from the starts
    chosen so far (a basin the objective ranks low can still lead to a violation)."""
    ranked = sorted(S.pool, key=lambda p: S.objective(p[0], p[1]))

    def where(ex):
        return [_to_unit(box[key], ex[key]) for key in keys]

    chosen, seen_obj, seen_pt = [], set(), []
    n_worst = (k + 1) // 2
    for m, own, ex, _ in ranked:
        obj = S.objective(m, own)
        pt = tuple(round(u, 3) for u in where(ex)) + tuple(repr(ex[key]) for key in ex if key not in keys)
        if obj in seen_obj or pt in seen_pt:
            continue
        chosen.append(ex)
        seen_obj.add(obj)
        seen_pt.append(pt)
        if len(chosen) >= n_worst:
            break
    if not chosen:
        return chosen
    half = [ex for _, _, ex, _ in ranked[: max(1, len(ranked) // 2)]]
    pos = [where(ex) for ex in chosen]
    while len(chosen) < k:
        best, best_d = None, 0.0
        for ex in half:
            u = where(ex)
            d = min(sum((a - b) ** 2 for a, b in zip(u, q)) for q in pos)
            if d > best_d:
                best, best_d = ex, d
        if best is None or best_d < 1e-6:
            break
        chosen.append(best)
        pos.append(where(best))
    return chosen


def _optimize(S: _Search, box: dict, budget: int) -> dict:
    """Phase 3: bounded Nelder-Mead on the objective over the box's float parameters."""

    keys = [k for k, d in box.items() if d[0] == "float"]
    info = {"method": "scipy Nelder-Mead (bounded, unit box)", "params": keys,
            "log_scale": [k for k in keys if box[k][3]], "starts": 0, "evaluations": 0, "budget": budget}
    if not keys or not S.pool:
        info["skipped"] = "no bounded float parameter" if not keys else "no accepted point to start from"
        return info
    n_starts = max(2, min(8, budget // (10 * (len(keys) + 1))))
    starts = _starts(S, box, keys, n_starts)

    def body():
        for i, base in enumerate(starts):
            left = budget - info["evaluations"]
            if left <= len(keys):
                break
            stop_at = info["evaluations"] + left // (len(starts) - i)
            info["starts"] += 1

            def f(u, base=base, stop_at=stop_at):
                if info["evaluations"] >= stop_at:
                    raise _Stop()
                info["evaluations"] += 1
                example = dict(base) | {k: _from_unit(box[k], ui) for k, ui in zip(keys, u)}
                try:
                    obj = S.judge(example)
                except hypothesis.errors.UnsatisfiedAssumption:
                    return 1e300
                return max(min(obj, 1e300), -1e300)

            u0 = np.array([_to_unit(box[k], base[k]) for k in keys])
            step = 0.05
            simplex = [u0] + [np.clip(u0 + step * e if u0[j] + step <= 1 else u0 - step * e, 0, 1)
                              for j, e in enumerate(np.eye(len(keys)))]
            try:
                minimize(f, u0, method="Nelder-Mead", bounds=[(0.0, 1.0)] * len(keys),
                         options={"maxfev": budget, "initial_simplex": np.array(simplex),
                                  "xatol": 1e-13, "fatol": 0.0})
            except _Stop:
                pass

    inside_hypothesis(body)
    return info


def _shrink(check, box: dict, example: dict) -> tuple[dict, dict]:
    """Phase 4: Hypothesis shrinks a counterexample found outside its own search."""

    parts, choices = {}, []
    for k in check.given:
        v, dim = example[k], box.get(k)
        if dim is not None and dim[0] == "float":
            parts[k] = st.floats(dim[1], dim[2])
            choices.append(float(v))
        elif dim is not None and dim[0] == "int":
            parts[k] = st.integers(dim[1], dim[2])
            choices.append(int(v))
        elif dim is not None and dim[0] == "choice" and any(e is v or (type(e) is type(v) and e == v) for e in dim[1]):
            parts[k] = st.sampled_from(dim[1])
            choices.append(next(i for i, e in enumerate(dim[1]) if e is v or (type(e) is type(v) and e == v)))
        else:
            parts[k] = st.just(v)
    info = {"method": "hypothesis.find replaying the counterexample from an in-memory database",
            "evaluations": 0, "shrunk": False}

    def fails(ex):
        info["evaluations"] += 1
        try:
            return not all(r.holds for r in as_relations(check.fn(**ex)))
        except hypothesis.errors.UnsatisfiedAssumption:
            raise
        except Exception:  # noqa: BLE001 - NaN or a crash elsewhere is not this counterexample
            return False

    db, key = InMemoryExampleDatabase(), b"verify-shrink"
    db.save(key, choices_to_bytes(choices))
    try:
        found = hypothesis.find(st.fixed_dictionaries(parts), fails, database_key=key, settings=settings(
            phases=[hypothesis.Phase.reuse, hypothesis.Phase.shrink], max_examples=1000,
            **(_QUIET | {"database": db})))
    except (hypothesis.errors.NoSuchExample, hypothesis.errors.Unsatisfiable) as e:
        info["not_shrunk"] = f"the replay did not reproduce the violation ({type(e).__name__})"
        return example, info
    found = {k: found[k] for k in check.given}
    info["shrunk"] = any(repr(found[k]) != repr(example[k]) for k in check.given)
    return found, info


def _counterpart(i: int, rel: Relation, frels: list, prels: list):
    if rel.label:
        for p in prels:
            if p.label == rel.label:
                return p
    if len(prels) == len(frels) or (i < len(prels) and (not prels[i].label or prels[i].label == rel.label)):
        return prels[i] if i < len(prels) else None
    return None


def _confirm(check, example: dict, rel: Relation, rels: list) -> tuple[str, str, str | None]:
    """``(status, how, kind)``: status is ``confirmed``, ``not confirmed`` or ``not evaluable``."""
    if check.precise is not None:
        kind = f"mpmath at {PRECISE_DPS} digits"

        def twin():
            with mpmath.workdps(PRECISE_DPS):
                out = check.precise(**example)
                if isinstance(out, NotEvaluable):
                    return out
                return [(p, p.holds, p.margin) for p in as_relations(out)]

        try:
            out = inside_hypothesis(twin)
        except hypothesis.errors.UnsatisfiedAssumption:
            return "not evaluable", "the precise twin rejected the example (assume)", None
        if isinstance(out, NotEvaluable):
            return "not evaluable", f"the precise twin cannot evaluate here: {out.reason or 'no reason given'}", None
        prels = [p for p, _, _ in out]
        failing = [(p, m) for p, ok, m in out if not ok]
        n = f"{len(prels)} of {len(rels)} relations re-evaluated"
        if failing:
            p, m = failing[0]
            what = f" ({p.label})" if p.label else ""
            return "confirmed", f"confirmed by {kind}{what}: margin {mpmath.nstr(m, 6)}; {n}", kind
        missing = [f"#{i + 1}" + (f" ({r.label})" if r.label else "") for i, r in enumerate(rels)
                   if not r.holds and _counterpart(i, r, rels, prels) is None]
        if missing:
            return "not evaluable", (f"the precise twin does not re-evaluate the failing relation "
                                     f"{', '.join(missing)} ({n}); nothing to confirm with"), None
        worst = min(out, key=lambda t: float(t[2]))
        return "not confirmed", (f"float violation not confirmed by {kind} (margin there "
                                 f"{mpmath.nstr(worst[2], 6)}; {n})"), None
    floor = 64 * _EPS * float(rel.magnitude)
    err = max(float(rel.tol), floor)
    viol = -float(rel.margin)
    if viol > CONFIRM_FACTOR * err:
        return "confirmed", (f"float-error rule only (no high-precision evaluation): violation {viol:.3g} "
                             f"exceeds {CONFIRM_FACTOR:g}x the float error estimate {err:.3g}"), "float-error rule"
    return "not confirmed", (f"violation {viol:.3g} within {CONFIRM_FACTOR:g}x the float error estimate "
                             f"{err:.3g}; no high-precision evaluation"), None


def run(check, ctx: Context) -> CheckResult:
    """Search, confirm and judge one property check (see the module docstring). The draws
    depend only on the check seed (:func:`~verify.core.kinds.constant_pool.seed_only_draws`)."""
    with seed_only_draws():
        return _run(check, ctx)


def _run(check, ctx: Context) -> CheckResult:
    n_examples = ctx.profile.examples(check.examples)
    S = _Search(check)
    seed = ctx.check_seed(check.name)
    box = numeric_box(check.given or {}) if check.search != "hypothesis" else {}
    search_info: dict = {"method": check.search}

    def test(example):
        if len(S.drawn) < 4096:
            S.drawn.append(dict(example))
        try:
            rel, obj, rels = S.probe(example)
        except hypothesis.errors.UnsatisfiedAssumption:
            raise
        except NonFiniteError as e:
            S.fail(example, error=str(e))
            raise
        except Exception as e:  # noqa: BLE001 - the check itself crashed
            S.fail(example, error=one_line(e))
            raise
        hypothesis.target(max(min(-obj, 1e12), -1e12), label="-objective")
        if not all(r.holds for r in rels):
            S.fail(example, relation=rel, relations=rels)
            raise _Violation(rel.describe())

    strat = st.fixed_dictionaries(dict(check.given))
    base = settings.get_profile(ctx.profile.hypothesis_profile)
    wrapped = hypothesis.seed(seed)(settings(base, max_examples=n_examples, phases=_PHASES)(given(strat)(test)))

    def counts() -> dict:
        return {p: {"accepted": S.accepted[p], "rejected": S.rejected[p]} for p in S.accepted}

    def result(verdict, message, **kw):
        w = S.worst or {}
        search_info["worst_found_by"] = w.get("phase")
        search_info["counts"] = counts()
        search_info["draws_accepted"] = S.accepted["hypothesis"] + S.accepted["space-filling"]
        search_info["unscaled"] = S.unscaled
        search_info["no_gradient"] = bool(S.worst is not None and len(S.objectives) < 2)
        if S.unscaled:
            search_info["reference_scale"] = S.reference()
        return CheckResult(
            claim_id=ctx.claim_id, name=check.name, kind="property", verdict=verdict, message=message,
            examples=sum(S.accepted.values()), rejected=sum(S.rejected.values()),
            worst_margin=w.get("margin"), worst_relative_margin=w.get("objective"),
            worst_example=_jsonable(w["example"]) if w else None,
            relations=[w["relation"].to_json()] if w else [], tightness=S.tightness(),
            search=check.search, details={"max_examples": n_examples, "min_accepted": ctx.profile.min_examples,
                                          "strategies": {k: repr(v) for k, v in check.given.items()},
                                          "search": dict(search_info)}, **kw,
        )

    problem = signature_problem(check)
    if problem:
        return result(Verdict.ERROR, problem)
    if check.search not in SEARCHES:
        return result(Verdict.ERROR, f"unknown search {check.search!r} (choose from {', '.join(SEARCHES)})")

    unsatisfiable = False
    try:
        try:
            wrapped()
        except hypothesis.errors.Unsatisfiable:
            unsatisfiable = True  # nothing passed in phase 1; phase 2 may still find accepted points
        if check.search == "hypothesis+qmc+optimize":
            S.phase = "space-filling"
            search_info["space_filling"] = _space_filling(S, box, max(32, n_examples // 2), seed)
        if check.search != "hypothesis":
            S.phase = "optimize"
            search_info["optimize"] = _optimize(S, box, max(40, 2 * n_examples))
    except Exception as e:  # noqa: BLE001 - classify below
        fail = S.last_fail
        if "relation" in fail:
            return _refutation(check, ctx, box, fail, result, search_info)
        if "error" in fail:
            return result(Verdict.ERROR, f"{fail['error']} at {_jsonable(fail['example'])}",
                          counterexample=_jsonable(fail["example"]))
        inner = e
        while isinstance(inner, BaseExceptionGroup) and inner.exceptions:
            inner = inner.exceptions[0]
        return result(Verdict.ERROR, one_line(inner))
    total = sum(S.accepted.values())
    draws = S.accepted["hypothesis"] + S.accepted["space-filling"]
    rejected = sum(S.rejected.values())
    if total == 0:
        if unsatisfiable or rejected:
            return result(Verdict.ERROR, f"strategy cannot generate examples: no example of `given` passed its "
                                         f"filters / assume() (they reject everything; {rejected} rejected)")
        return result(Verdict.ERROR, "no example was evaluated")
    opt = search_info.get("optimize", {}).get("evaluations", 0)
    rej = f"; {rejected} rejected by assume()" if rejected else ""
    if draws < ctx.profile.min_examples:
        return result(Verdict.INCONCLUSIVE,
                      f"only {draws} accepted draws (profile {ctx.profile.name} needs {ctx.profile.min_examples})"
                      f"{rej}; {opt} optimizer evaluations; no counterexample found")
    w = S.worst
    scale_note = (f" (relative to the median side magnitude {S.reference():.3g}: a relation has a zero side and "
                  f"no scale of its own)" if S.unscaled and w["relation"].steer_scale is None else "")
    grad = ("; WARNING: the objective took one value on every draw, the search had no gradient to follow"
            if search_info.get("no_gradient") or len(S.objectives) < 2 else "")
    parts = [f"{S.accepted['hypothesis']} Hypothesis"]
    if check.search == "hypothesis+qmc+optimize":
        parts.append(f"{S.accepted['space-filling']} space-filling")
    if check.search != "hypothesis":
        parts.append(f"{opt} optimizer")
    tight = _tight_text(S.tightness())
    return result(Verdict.SUPPORTED,
                  f"no counterexample in {total} accepted examples ({', '.join(parts)}){rej}; worst relative margin "
                  f"{w['objective']:.3g}{scale_note} (found by {w['phase']}){grad}" + (f"; {tight}" if tight else ""))


def _tight_text(tightness: list) -> str:
    """The tightest inequality in a few words (the full list is in the evidence)."""
    best = None
    for t in tightness:
        if "relative_slack" in t and (best is None or t["relative_slack"] < best["relative_slack"]):
            best = t
    if best is None:
        return ""
    what = f"{best['ratio_kind']} {best['ratio']:.6g}" if best.get("ratio") is not None else f"slack {best['slack']:.3g}"
    return f"tightest: {what}" + (f" ({best['label']})" if best["label"] else "")


def _refutation(check, ctx, box, fail, result, search_info):
    ex, rel, rels = fail["example"], fail["relation"], fail.get("relations") or [fail["relation"]]
    found_by = fail.get("phase", "hypothesis")
    search_info["counterexample_found_by"] = found_by
    shrink = {"shrunk": found_by == "hypothesis", "by": "Hypothesis (its own search)" if found_by == "hypothesis" else None}
    original = ex
    if found_by != "hypothesis":
        try:
            ex2, info = _shrink(check, box, ex)
        except Exception as e:  # noqa: BLE001 - shrinking is best effort; the point stays as found
            ex2, info = ex, {"shrunk": False, "not_shrunk": f"shrinking failed: {one_line(e)}"}
        shrink = info | {"by": "hypothesis.find (replay + shrink)" if info["shrunk"] else None}
        if info["shrunk"]:
            try:
                rels2 = inside_hypothesis(lambda: as_relations(check.fn(**ex2)))
                bad = [r for r in rels2 if not r.holds]
                if bad:
                    ex, rels = ex2, rels2
                    rel = min(bad, key=lambda r: r.relative_margin)
                else:
                    shrink.update(shrunk=False, not_shrunk="the shrunk example no longer fails")
            except Exception as e:  # noqa: BLE001
                shrink.update(shrunk=False, not_shrunk=f"re-evaluating the shrunk example failed: {one_line(e)}")
    candidates = [(ex, rel, rels)] + ([(original, fail["relation"], fail.get("relations") or [fail["relation"]])]
                                      if ex is not original else [])
    status, how, kind = "not confirmed", "", None
    for j, (cex, crel, crels) in enumerate(candidates):
        try:
            status, how, kind = _confirm(check, cex, crel, crels)
        except Exception as ce:  # noqa: BLE001
            status, how, kind = "not evaluable", f"confirmation failed: {one_line(ce)}", None
        if status == "confirmed":
            if j:  # the shrunk point was not confirmed, the found one is
                shrink.update(shrunk=False, not_shrunk="the shrunk example was not confirmed; the found one is")
                ex, rel, rels = cex, crel, crels
            break
    verdict = Verdict.REFUTED if status == "confirmed" else Verdict.INCONCLUSIVE
    tried = shrink.get("evaluations") and "not_shrunk" not in shrink
    by = "" if found_by == "hypothesis" else (
        f" (found by {found_by}, " + ("shrunk by Hypothesis)" if shrink["shrunk"] else
                                     "Hypothesis's shrinker found nothing simpler)" if tried else "not shrunk)"))
    prefix = "counterexample" if status == "confirmed" else f"unconfirmed violation ({status})"
    res = result(verdict, f"{prefix}{by} {_jsonable(ex)}: {rel.describe()}",
                 counterexample=_jsonable(ex), confirmation=how, confirmed_by=kind)
    res.relations = [rel.to_json()]
    res.details["counterexample_margin"] = float(rel.margin)
    res.details["counterexample_relative_margin"] = rel.relative_margin
    res.details["shrink"] = shrink
    res.details["confirmation_status"] = status
    return res
