"""The variance derivation: every step proved with mu >= 0; without that condition the order is refuted."""

import random

import sympy as sp

from derivations import reshuffling_variance as V
from verify.core.kinds.identity import as_written, prove_step
from verify.core.verdict import Verdict


def test_every_step_proved_and_computed():
    d = V.variance_order()
    assert all(prove_step(s, random.Random(0))[0] is Verdict.PROVED for s in d.steps)
    assert not any(as_written(s) for s in d.steps)  # the enumerations are real computations
    assert d.instance == "m = 2, 3, 4"


def test_closed_forms_at_m_2():
    mu = sp.Symbol("mu", real=True)
    assert sp.expand(V.var_with(2, mu) - V.var_without(2, mu) - 2 * V.s2 * mu) == 0


def test_order_refuted_without_the_condition():
    last = V.variance_order("real").steps[-1]
    verdict, witness, _ = prove_step(last, random.Random(0))
    assert verdict is Verdict.REFUTED and sp.Rational(witness["mu"]) < 0
