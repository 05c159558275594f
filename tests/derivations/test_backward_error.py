"""backward_error derivations: the true constants prove, the wrong ones are refuted in exact arithmetic."""

import random

import sympy as sp

from derivations import backward_error as D
from verify.core.kinds.identity import concludes, prove_step
from verify.core.verdict import Verdict


def _verdicts(d):
    return [prove_step(s, random.Random(0))[0] for s in d.steps]


def test_igr_proved_and_concludes_statement():
    d = D.igr_flow()
    assert _verdicts(d) == [Verdict.PROVED] * 3
    st = D.igr_statement()
    assert any(concludes(s, prove_step.__globals__["Step"]("", st.lhs, st.rhs)) for s in d.steps)


def test_igr_half_refuted_at_order_h2():
    assert _verdicts(D.igr_flow(sp.Rational(1, 2))) == [Verdict.REFUTED]


def test_epoch_mean_true_and_wrong_coefficient():
    assert _verdicts(D.epoch_mean()) == [Verdict.PROVED, Verdict.PROVED]
    assert _verdicts(D.epoch_mean(sp.Rational(1, 2))) == [Verdict.REFUTED]


def test_with_replacement_and_swapped_reference():
    assert _verdicts(D.with_replacement()) == [Verdict.PROVED]
    assert _verdicts(D.difference()) == [Verdict.PROVED]
    assert _verdicts(D.difference("cyclic")) == [Verdict.REFUTED]
