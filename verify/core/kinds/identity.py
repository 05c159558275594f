"""Identity checks: sympy proofs.

``fn()`` returns one of

* a sympy expression ``e``: the claim is ``e == 0`` for all symbols (with their assumptions);
* a sympy ``Eq(l, r)`` or inequality (``l >= r`` ...);
* a :class:`~verify.core.derivation.Derivation`: every step is verified.

Proof: ``simplify`` (then ``expand``/``factor``/``cancel``) reduces ``l - r`` to 0, or, for an
inequality, sympy decides the sign of ``l - r`` from the symbols' assumptions -> ``proved``.
Disproof: exact evaluation at rational points drawn from the symbols' assumptions (a
deterministic sequence seeded by the run seed); a point where the relation fails exactly
is a counterexample in exact arithmetic -> ``refuted`` (confirmation: "exact rational
arithmetic"). Neither -> ``inconclusive``.

Statement link: a check declared with ``states=`` (the claim's own relation, with the
claim's constants) is ``proved`` only if, besides every step being proved, each stated
relation is the relation of some proved step, up to algebra (:func:`concludes`; recorded in
``details["statement"]``). A derivation that proves a weaker bound, another constant or the
opposite sign is then ``inconclusive`` with the reason, never ``proved``.

An equation whose two sides were already the same expression when the step was built
(sympy evaluates ``x - x``, ``Abs(x)**2`` for real ``x``, a derivative, at construction) is
marked ``"as_written": true`` in the evidence: true by construction, only as good as the
construction (which may be a real computation, e.g. ``sp.hessian``). A derivation in which every step is
of that kind carries no proof and is ``inconclusive``.
"""

from __future__ import annotations

import functools
import random

import sympy as sp

from verify.core.derivation import Derivation, Step
from verify.core.evidence import CheckResult
from verify.core.kinds.context import Context
from verify.core.verdict import Verdict

__all__ = ["run", "prove_step", "concludes", "as_written"]

_REL = {"==": sp.Eq, ">=": sp.Ge, "<=": sp.Le, ">": sp.Gt, "<": sp.Lt}


def _as_steps(value) -> tuple[str, list[Step]]:
    if isinstance(value, Derivation):
        if not value.steps:
            raise ValueError("derivation has no steps")
        return value.title, list(value.steps)
    if isinstance(value, sp.Equality):
        return "", [Step("", value.lhs, value.rhs, "==")]
    if isinstance(value, sp.core.relational.Relational):
        op = {sp.GreaterThan: ">=", sp.LessThan: "<=", sp.StrictGreaterThan: ">",
              sp.StrictLessThan: "<"}[type(value)]
        return "", [Step("", value.lhs, value.rhs, op)]
    if value is sp.true or value is True or value is sp.false or value is False:
        raise TypeError("identity check returned a bare boolean: return the unevaluated relation "
                        "(e.g. sympy.Ge(lhs, rhs, evaluate=False)) or the expression lhs - rhs")
    if isinstance(value, sp.Basic):
        return "", [Step("", value, 0, "==")]
    raise TypeError(f"identity check must return a sympy expression, relation or Derivation, got {type(value).__name__}")


def _zero(e) -> bool | None:
    """True if e simplifies to 0, False if provably non-zero, None if undecided.

    A value clearly away from 0 at a point of the symbols' domain (:func:`_nonzero_somewhere`)
    proves ``e`` is not identically 0 before any simplification is tried (``simplify`` is the
    slow part, and most candidate pairs in :func:`concludes` differ).
    """
    return _zero_cached(sp.sympify(e))


@functools.lru_cache(maxsize=4096)
def _zero_cached(e) -> bool | None:
    if e == 0:
        return True
    if _nonzero_somewhere(e):
        return False
    for f in (sp.expand, sp.cancel, sp.simplify, sp.factor):
        try:
            r = f(e)
        except Exception:  # noqa: BLE001 - sympy can raise anything on odd input
            continue
        if r == 0:
            return True
        e = r
    nz = e.is_zero
    return None if nz is None else bool(nz)


def _domain_points(syms, n: int = 3) -> list[dict] | None:
    """``n`` fixed rational points respecting each symbol's sign and integrality assumptions;
    None if some symbol carries an assumption this sampler does not respect. Not :func:`_sample`
    (the refutation sampler, whose sequence fixes the reported counterexamples): denominators 7-13
    keep linear forms such as a ReLU's argument off 0, where differing steps agree by accident
    (with ``_sample``'s points the kymg23 bias_mlp links matched 5x slower)."""
    for s in syms:
        if any(s.assumptions0.get(a) for a in ("prime", "even", "odd", "zero", "composite")):
            return None
    rng = random.Random(20261203)
    pts = []
    for _ in range(n):
        pt = {}
        for s in syms:
            v = sp.Integer(rng.randint(1, 6)) if s.is_integer else sp.Rational(rng.randint(1, 40), rng.randint(7, 13))
            if s.is_negative or s.is_nonpositive:
                v = -v
            elif not (s.is_positive or s.is_nonnegative) and rng.random() < 0.5:
                v = -v
            pt[s] = v
        pts.append(pt)
    return pts


def _value(e, point) -> complex | None:
    """``e`` at ``point``, or None if undefined there or if 30 and 60 significant digits of sympy's
    adaptive ``evalf`` disagree beyond 1e-20 (relative): a value that is only rounding noise
    (an identically-zero ``e`` evaluated through cancellation) moves with the precision."""
    try:
        x = sp.sympify(e).xreplace(point)
        v30, v60 = x.evalf(30), x.evalf(60)
        if not v60.is_number or v60.has(sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity):
            return None
        a, b = complex(v30), complex(v60)
        return b if abs(a - b) <= 1e-20 * abs(b) else None
    except Exception:  # noqa: BLE001 - sympy can raise anything on odd input; a value beyond float range overflows
        return None


def _nonzero_somewhere(e) -> bool:
    """Whether ``e`` is clearly non-zero at some fixed domain point: a certificate that ``e`` is
    not identically 0 (a value stable under doubling the precision, :func:`_value`, above 1e-12)."""
    pts = _domain_points(sorted(e.free_symbols, key=lambda s: s.name))
    if pts is None:
        return False
    return any(v is not None and abs(v) > 1e-12 for v in (_value(e, p) for p in pts))


def _not_multiple(S, T) -> bool:
    """Whether ``S = c T`` (c a constant, c != 0) is ruled out by values at fixed domain points: the cross
    products ``S(p) T(q) - S(q) T(p)`` must vanish (to 1e-12 relative, as in
    :func:`_nonzero_somewhere`)."""
    pts = _domain_points(sorted((S.free_symbols | T.free_symbols), key=lambda s: s.name))
    if pts is None:
        return False
    vals = [(_value(S, p), _value(T, p)) for p in pts]
    vals = [(s, t) for s, t in vals if s is not None and t is not None]
    for s, t in vals:
        if (abs(t) < 1e-12) != (abs(s) < 1e-12):  # c T(p) = 0 != S(p), or c = 0
            return True
    return any(abs(s1 * t2 - s2 * t1) > 1e-12 * (abs(s1 * t2) + abs(s2 * t1) + 1e-300)
               for (s1, t1), (s2, t2) in zip(vals, vals[1:]))


def _sign_ok(d, op) -> bool | None:
    """Decide ``d op 0`` from assumptions: True proved, False disproved, None undecided.

    Tries the expression as given, simplified and factored (sympy's sign inference works on
    the form it sees: ``(x - y)**2`` is decided, its expansion is not).
    """
    attr = {">=": "is_nonnegative", ">": "is_positive", "<=": "is_nonpositive", "<": "is_negative"}[op]
    seen = None
    for f in (lambda e: e, sp.simplify, sp.factor):
        try:
            v = getattr(f(d), attr)
        except Exception:  # noqa: BLE001
            continue
        if v is True:
            return True
        if v is False:
            seen = False
    return seen


def _sample(sym: sp.Symbol, rng: random.Random):
    """A rational (an integer for integer symbols) of the symbol's sign assumption, else of random sign."""
    p, q = rng.randint(1, 40), rng.randint(1, 12)
    if sym.is_integer:
        v = sp.Integer(rng.randint(1, 6))
    else:
        v = sp.Rational(p, q)
    if sym.is_positive or sym.is_nonnegative:
        return v
    if sym.is_negative or sym.is_nonpositive:
        return -v
    return v if rng.random() < 0.5 else -v


def _holds_exact(lhs, rhs, op) -> bool | None:
    try:
        d = sp.simplify(lhs - rhs)
        if op == "==":
            if d.is_zero is None:
                v = sp.N(d, 60)
                if not v.is_number:
                    return None
                return abs(v) < sp.Float("1e-45") if v.is_real else None
            return bool(d.is_zero)
        if not d.is_number or not d.is_real:
            v = sp.N(d, 60)
            if not v.is_real:
                return None
            d = v
        return bool(_REL[op](d, 0))
    except (TypeError, ZeroDivisionError, ValueError):
        return None


def prove_step(step: Step, rng: random.Random, tries: int = 24) -> tuple[Verdict, dict | None, str]:
    """Verify one step. Returns (verdict, counterexample or None, how)."""
    lhs, rhs = sp.sympify(step.lhs), sp.sympify(step.rhs)
    diff = lhs - rhs
    if step.op == "==":
        z = _zero(diff)
        if z is True:
            return Verdict.PROVED, None, "simplifies to 0"
    else:
        s = _sign_ok(diff, step.op)
        if s is True:
            return Verdict.PROVED, None, "sign of lhs - rhs decided from assumptions"
    syms = sorted(diff.free_symbols, key=lambda s: s.name)
    for _ in range(tries):
        point = {s: _sample(s, rng) for s in syms}
        try:
            l, r = lhs.subs(point), rhs.subs(point)
        except Exception:  # noqa: BLE001
            continue
        if l.has(sp.zoo, sp.nan, sp.oo) or r.has(sp.zoo, sp.nan, sp.oo):
            continue
        ok = _holds_exact(l, r, step.op)
        if ok is False:
            return Verdict.REFUTED, {str(k): str(v) for k, v in point.items()} | {
                "lhs": str(sp.nsimplify(l)), "rhs": str(sp.nsimplify(r))}, "exact rational arithmetic"
    return Verdict.INCONCLUSIVE, None, f"sympy could not decide; relation held at {tries} rational points"


def _normal(step: Step) -> tuple:
    """``(D, op)`` with ``op`` in ``==, >=, >`` such that the step reads ``D op 0``."""
    d = sp.sympify(step.lhs) - sp.sympify(step.rhs)
    if step.op in ("<=", "<"):
        return -d, {"<=": ">=", "<": ">"}[step.op]
    return d, step.op


def concludes(step: Step, stated: Step) -> bool:
    """Whether ``step`` states the same relation as ``stated``, up to algebra.

    Both are read as ``T op 0`` and ``S op 0`` (``<=`` / ``<`` flipped to ``>=`` / ``>``): the
    operators must agree and ``S = c T`` for a constant ``c > 0`` (any ``c != 0`` for ``==``).
    Equivalence, not implication: a step proving a weaker bound (another constant) or a
    stronger one does not conclude the claim's relation. Identities and relations between numbers
    (no free symbols: every true one is ``positive op 0``) conclude only with the statement's sides.
    """
    T, top = _normal(step)
    S, sop = _normal(stated)
    if top != sop:
        return False
    if top == "==" and _zero(T) is True:
        # an identity reads 0 == 0 after moving everything to one side, like every other identity:
        # it concludes the statement only when its sides are the statement's (either order, up to c != 0);
        # a statement whose sides are both identically 0 ("X == 0" with X = 0 by algebra) has no value to
        # compare, so only the same expression, as written, concludes it
        if _zero(stated.lhs) is True and _zero(stated.rhs) is True:
            return {sp.sympify(step.lhs), sp.sympify(step.rhs)} == {sp.sympify(stated.lhs), sp.sympify(stated.rhs)}
        return _same_sides(step, stated.lhs, stated.rhs) or _same_sides(step, stated.rhs, stated.lhs)
    if not sp.sympify(S).free_symbols:
        # a relation between numbers: every true one reads (a positive number) op 0, so, like an identity,
        # it concludes the statement only when its sides are the statement's (either order, c > 0)
        return (_same_sides(step, stated.lhs, stated.rhs, positive=top != "==")
                or _same_sides(step, stated.rhs, stated.lhs, positive=top != "=="))
    if _not_multiple(S, T):
        return False
    if _zero(S - T) is True:
        return True
    if _zero(T) is True:
        return False
    c = sp.simplify(S / T)
    return bool(c.is_number and c.is_nonzero and (sop == "==" or c.is_positive))


def _same_sides(step: Step, lhs, rhs, positive: bool = False) -> bool:
    """``step.lhs = c lhs`` and ``step.rhs = c rhs`` for a constant ``c != 0`` (``c > 0`` if ``positive``)."""
    sl, sr, lhs, rhs = (sp.sympify(e) for e in (step.lhs, step.rhs, lhs, rhs))
    if _zero(sl - lhs) is True and _zero(sr - rhs) is True:
        return True
    if _zero(lhs) is not False or _not_multiple(sl, lhs) or _not_multiple(sr, rhs):
        return False
    c = sp.simplify(sl / lhs)
    return bool(c.is_number and c.is_nonzero and (not positive or c.is_positive) and _zero(sr - c * rhs) is True)


def as_written(step: Step) -> bool:
    """Whether sympy decided the step while building it (see the module docstring)."""
    return step.op == "==" and sp.sympify(step.lhs) - sp.sympify(step.rhs) == 0


def _statement_links(check, steps, verdicts) -> list[dict]:
    stated = check.states()
    stated = list(stated) if isinstance(stated, (list, tuple)) else [stated]
    links = []
    for rel in stated:
        (st,) = _as_steps(rel)[1]
        k = next((i for i, (s, v) in enumerate(zip(steps, verdicts)) if v is Verdict.PROVED and concludes(s, st)), None)
        links.append({"latex": _latex(st), "concluded_by": k})
    return links


def _latex(st: Step) -> str:
    return f"{sp.latex(sp.sympify(st.lhs))} {_LATEX_OP[st.op]} {sp.latex(sp.sympify(st.rhs))}"


def run(check, ctx: Context) -> CheckResult:
    value = check.fn()
    title, steps = _as_steps(value)
    rng = random.Random(ctx.check_seed(check.name))
    verdicts, shown = [], []
    counterexample, confirmation = None, None
    for st in steps:
        v, cex, how = prove_step(st, rng)
        verdicts.append(v)
        shown.append({"text": st.text, "op": st.op, "verdict": v.value, "how": how, "latex": _latex(st),
                      "as_written": as_written(st)})
        if v is Verdict.REFUTED and counterexample is None:
            counterexample, confirmation = cex, how
    n_ok = sum(v is Verdict.PROVED for v in verdicts)
    msg = f"{n_ok}/{len(steps)} steps proved" + (f"; counterexample {counterexample}" if counterexample else "")
    links = _statement_links(check, steps, verdicts) if check.states is not None else None
    if Verdict.REFUTED in verdicts:
        verdict = Verdict.REFUTED
    elif not all(v is Verdict.PROVED for v in verdicts):
        verdict = Verdict.INCONCLUSIVE
    elif all(s["as_written"] for s in shown):
        verdict = Verdict.INCONCLUSIVE
        msg += "; every step was decided as written (true by construction): no step carries a proof"
    elif links and any(ln["concluded_by"] is None for ln in links):
        verdict = Verdict.INCONCLUSIVE
        missing = "; ".join(ln["latex"] for ln in links if ln["concluded_by"] is None)
        msg += f"; no proved step concludes the claim's statement {missing}"
    else:
        verdict = Verdict.PROVED
        if links:
            msg += "; concludes the claim's statement (step " + ", ".join(str(ln["concluded_by"] + 1) for ln in links) + ")"
    return CheckResult(
        claim_id=ctx.claim_id, name=check.name, kind="identity", verdict=verdict, message=msg,
        examples=len(steps), counterexample=counterexample, confirmation=confirmation,
        details={"title": title, "steps": shown} | ({"statement": links} if links is not None else {}),
        search="sympy", scope=value.instance if isinstance(value, Derivation) else "",
    )


_LATEX_OP = {"==": "=", ">=": r"\geq", "<=": r"\leq", ">": ">", "<": "<"}
