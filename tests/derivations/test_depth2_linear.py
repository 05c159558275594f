"""Every derivation in derivations.depth2_linear is proved step by step; perturbed constants are refuted."""

import random

import pytest

from derivations import depth2_linear as D
from verify.core.kinds.identity import prove_step
from verify.core.verdict import Verdict

TRUE = [D.decoupling, D.imbalance_gd, D.imbalance_gf, D.residual_norm, D.hessian_top, D.gf_limit,
        D.gd_limit, D.minimum_floor]
WRONG = [(D.decoupling, {"sign_u": 1}), (D.imbalance_gd, {"power": 1}), (D.residual_norm, {"c_lam": -4}),
         (D.gf_limit, {"c_phi": 2}), (D.gd_limit, {"power": 1})]


@pytest.mark.parametrize("fn", TRUE, ids=lambda f: f.__name__)
def test_derivation_proved(fn):
    der = fn()
    assert der.steps and der.title
    for st in der.steps:
        v, cex, how = prove_step(st, random.Random(0))
        assert v is Verdict.PROVED, (st.text, how, cex)


@pytest.mark.parametrize("fn,kw", WRONG, ids=lambda x: getattr(x, "__name__", str(x)))
def test_wrong_constant_refuted(fn, kw):
    verdicts = [prove_step(st, random.Random(0))[0] for st in fn(**kw).steps]
    assert Verdict.REFUTED in verdicts


def test_hessian_wrong_constant_refuted():
    import sympy as sp

    verdicts = [prove_step(st, random.Random(0))[0] for st in D.hessian_top(c_I=sp.Rational(1, 2)).steps]
    assert Verdict.REFUTED in verdicts


def test_floor_derivation_concludes_the_stated_floor_and_only_it():
    """c = 2 concludes the claim's S^2 >= (2 Phi)^2; c = 1 is true step by step but a weaker floor."""
    from verify.core.kinds.identity import _as_steps, concludes, prove_step
    import random

    (stated,) = _as_steps(D.floor_statement())[1]
    assert any(concludes(st, stated) for st in D.minimum_floor().steps)
    weaker = D.minimum_floor(c=1)
    assert all(prove_step(st, random.Random(0))[0].value == "proved" for st in weaker.steps)
    assert not any(concludes(st, stated) for st in weaker.steps)


def test_gf_limit_norm_variant_is_refuted_on_its_own_statement():
    """Both steps of the variant's reasoning are false, each at an exact rational point."""
    import random

    from verify.core.kinds.identity import prove_step

    assert [prove_step(st, random.Random(0))[0].value for st in D.gf_limit_norm().steps] == ["refuted", "refuted"]
