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


def test_exact_rate_on_a_quadratic():
    assert _verdicts(D.exact_rate()) == [Verdict.PROVED] * 4
    assert _verdicts(D.exact_rate(0))[-1] is Verdict.REFUTED  # IGR is not exact at order h^2
    # the closed form at h lambda = 1/2: exact rate 2 log 2 lambda = 1.386 lambda, IGR 1.25 lambda
    at = {D.hp: sp.Rational(1, 2), D.lam: 1}
    assert abs(float(D.EXACT_RATE.subs(at)) - 2 * float(sp.log(2))) < 1e-15 and D.IGR_RATE.subs(at) == sp.Rational(5, 4)


def test_second_order_term_is_not_a_gradient():
    assert _verdicts(D.not_gradient()) == [Verdict.PROVED] * 3
    # a quadratic E has a gradient second-order term ((1/3) H^3 theta): the curl vanishes there
    F = D.second_order_field(D.x**2 + 3 * D.x * D.y + 2 * D.y**2)
    assert sp.simplify(sp.diff(F[1], D.x) - sp.diff(F[0], D.y)) == 0
    step = prove_step.__globals__["Step"]("", D.gradient_statement().lhs, 0)
    assert prove_step(step, random.Random(0))[0] is Verdict.REFUTED
