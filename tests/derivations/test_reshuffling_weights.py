import random

import sympy as sp

from derivations import reshuffling_weights as W
from verify.core.kinds.identity import prove_step
from verify.core.verdict import Verdict


def test_closed_form_matches_sum_and_limits():
    assert all(prove_step(s, random.Random(0))[0] is Verdict.PROVED for s in W.eigen_weight().steps)
    # independent numeric check of the regimes: eta lambda = 0.5 saturates at 1/(eta lambda)^2 = 4
    assert abs(float(W.weight_closed(40).subs(W.x, sp.Rational(1, 2))) - 4) < 1e-9
    # negative curvature grows geometrically: w(-0.3, t + 1) / w(-0.3, t) = 1.3 (1 + 1/t) + o(1/t)
    r = float(W.weight_closed(301).subs(W.x, -0.3) / W.weight_closed(300).subs(W.x, -0.3))
    assert abs(r - 1.3) < 0.01


def test_shifted_variant_refuted():
    assert all(prove_step(s, random.Random(0))[0] is Verdict.REFUTED for s in W.eigen_weight(0).steps)
