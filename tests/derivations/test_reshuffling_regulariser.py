"""Paired reversal and the regulariser step: every step proved; the controls refuted at the right step."""

import random

import sympy as sp

from derivations import reshuffling_regulariser as R
from verify.core.kinds.identity import as_written, prove_step
from verify.core.verdict import Verdict


def test_truncated_series_equals_the_expanded_product():
    A, b = R._batches()
    order = (2, 0, 3, 1)
    th = R.X
    for a in order:  # independent: the full product, expanded in eta
        th = th - R.eta * (A[a] * th - b[a])
    full = sp.Matrix([sp.expand(e).coeff(R.eta, 2) for e in th])
    assert (full - R.epoch_eta2(order, A, b)).applyfunc(sp.expand) == sp.zeros(2, 1)


def test_paired_reversal_proved_and_single_order_refuted():
    d = R.paired_reversal()
    assert all(prove_step(s, random.Random(0))[0] is Verdict.PROVED for s in d.steps)
    assert not any(as_written(s) for s in d.steps)
    single = R.paired_reversal(single=True)
    assert all(prove_step(s, random.Random(0))[0] is Verdict.REFUTED for s in single.steps)


def test_regulariser_step_and_its_index_control():
    d = R.regulariser_step()
    assert all(prove_step(s, random.Random(0))[0] is Verdict.PROVED for s in d.steps)
    assert not any(as_written(s) for s in d.steps)
    shifted = R.regulariser_step(1).steps
    assert [prove_step(s, random.Random(0))[0] for s in shifted][-1] is Verdict.REFUTED
