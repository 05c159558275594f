"""Every derivation in derivations.support_sgd is proved step by step and concludes its statement;
the variants' constants are refuted."""

import random

import pytest

from derivations import support_sgd as D
from verify.core.kinds.identity import _as_steps, concludes, prove_step
from verify.core.verdict import Verdict

TRUE = [(D.diag_identity, {}), (D.kappa_rate, {}), (D.kappa_rate, {"sampling": "with_replacement"}),
        (D.rank_one_update, {}), (D.balancedness_gf, {}), (D.smith_gamma, {})]
WRONG = [(D.diag_identity, {"sign": 1}), (D.diag_identity, {"power": 2}), (D.kappa_rate, {"fpc": False}),
         (D.kappa_rate, {"sampling": "with_replacement", "fpc": True}), (D.rank_one_update, {"wd": 1}), (D.smith_gamma, {"c_odd": 1})]


@pytest.mark.parametrize("fn,kw", TRUE, ids=lambda x: getattr(x, "__name__", str(x)))
def test_derivation_proved(fn, kw):
    der = fn(**kw)
    assert der.steps and der.title
    for st in der.steps:
        v, cex, how = prove_step(st, random.Random(0))
        assert v is Verdict.PROVED, (st.text, how, cex)


@pytest.mark.parametrize("fn,kw", WRONG, ids=lambda x: getattr(x, "__name__", str(x)))
def test_wrong_constant_refuted(fn, kw):
    verdicts = [prove_step(st, random.Random(0))[0] for st in fn(**kw).steps]
    assert Verdict.REFUTED in verdicts


@pytest.mark.parametrize("sampling", ["without_replacement", "with_replacement"])
def test_kappa_statement_concluded_only_by_its_convention(sampling):
    (stated,) = _as_steps(D.kappa_statement(sampling))[1]
    assert any(concludes(st, stated) for st in D.kappa_rate(sampling).steps)
    # the other convention's factor is a different relation: no step of the true derivation concludes it
    other = D.kappa_statement(sampling, fpc=sampling == "with_replacement")
    (wrong,) = _as_steps(other)[1]
    assert not any(concludes(st, wrong) for st in D.kappa_rate(sampling).steps)


def test_diag_statement_concluded():
    (stated,) = _as_steps(D.diag_statement())[1]
    assert any(concludes(st, stated) for st in D.diag_identity().steps)
