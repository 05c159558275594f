"""Every derivation in derivations.alignment_stability is proved step by step; perturbed constants are refuted.

The perturbations are those of the negative-control claims in verify/claims/wws22/claims.py
(kappa_without=1/2, factor=1, plus=2, upper_factor=-1) plus the two keyword knobs no claim uses
(root_factor, num).
"""

import random

import numpy as np
import pytest
import sympy as sp

from derivations import alignment_stability as D
from verify.measure import stability as ST
from verify.core.kinds.identity import prove_step
from verify.core.verdict import Verdict

TRUE = [D.kappa_identity, D.one_step_identity, D.flatness_bound, D.gaussian_fourth_moment, D.isotropic_rate,
        D.isotropic_threshold, D.isotropic_tightness, D.population_alignment, D.population_alignment_bounds,
        D.linear_net_jacobian]
WRONG = [(D.kappa_identity, {"kappa_without": sp.Rational(1, 2)}),  # 1/B instead of (n-B)/(B(n-1)) = 1/4
         (D.one_step_identity, {"n": 2, "factor": 1}),
         (D.isotropic_rate, {"plus": 2}),
         (D.population_alignment_bounds, {"upper_factor": -1}),
         (D.flatness_bound, {"root_factor": sp.Rational(1, 2)}),  # a bound too strong to hold
         (D.isotropic_threshold, {"num": 3})]


def _verdicts(der):
    return [prove_step(st, random.Random(0))[0] for st in der.steps]


def test_public_api_is_covered():
    statements = {n for n in D.__all__ if n.endswith("_statement")}
    assert {f.__name__ for f in TRUE} | statements == set(D.__all__)
    assert all(n.removesuffix("_statement") in {f.__name__ for f in TRUE} | {"flatness", "kappa", "one_step"}
               for n in statements)


def test_flatness_derivation_concludes_the_stated_bound_and_only_it():
    """The stated constant is concluded; a weaker bound (root factor 2) is true step by step
    but is not the claim's relation, so the identity kind does not call the claim proved."""
    from verify.core.kinds.identity import _as_steps, concludes

    (stated,) = _as_steps(D.flatness_statement())[1]
    assert concludes(D.flatness_bound().steps[-1], stated)
    weaker = D.flatness_bound(root_factor=2)
    assert set(_verdicts(weaker)) == {Verdict.PROVED}
    assert not any(concludes(st, stated) for st in weaker.steps)


@pytest.mark.parametrize("fn", TRUE, ids=lambda f: f.__name__)
def test_derivation_proved(fn):
    der = fn()
    assert der.steps and der.title
    for st in der.steps:
        v, cex, how = prove_step(st, random.Random(0))
        assert v is Verdict.PROVED, (st.text, how, cex)


@pytest.mark.parametrize("fn,kw", WRONG, ids=lambda x: getattr(x, "__name__", None) or "-".join(map(str, x)))
def test_wrong_constant_refuted(fn, kw):
    assert Verdict.REFUTED in _verdicts(fn(**kw))


def test_kappa_without_true_value_is_the_default():
    """The explicit true factor (n-B)/(B(n-1)) = 1/4 at n=3, B=2 is proved, like the default."""
    assert set(_verdicts(D.kappa_identity(kappa_without=sp.Rational(1, 4)))) == {Verdict.PROVED}


def test_one_step_identity_matches_the_numeric_operator():
    """The symbolic E[L~(delta+)] at numbers equals 1/2 Tr(H T(delta delta^T)) of verify.measure.stability (B = 1)."""
    st = D.one_step_identity(n=3, p=2).steps[0]
    rng = np.random.default_rng(0)
    a, delta, eta = rng.standard_normal((3, 2)), rng.standard_normal(2), 0.37
    vals = {sp.Symbol(f"a{i}{r}", real=True): a[i, r] for i in range(3) for r in range(2)}
    vals |= {sp.Symbol(f"d{r}", real=True): delta[r] for r in range(2)}
    vals[sp.Symbol("eta", positive=True)] = eta
    Hs = np.einsum("ni,nj->nij", a, a)
    want = 0.5 * np.trace(Hs.mean(0) @ ST.apply_operator(Hs, np.outer(delta, delta), eta, 1.0))
    # float evaluation of a degree-8 polynomial with O(1) terms: rounding ~ 1e-14
    assert float(st.lhs.subs(vals)) == pytest.approx(want, rel=1e-11)
    assert float(st.rhs.subs(vals)) == pytest.approx(want, rel=1e-11)
