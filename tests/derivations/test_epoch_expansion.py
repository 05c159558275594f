"""Epoch-mean eps^2 term for m = 2..5: every step proved; the m = 2 read-off control refuted from m = 3 on."""

import itertools
import random

import numpy as np
import sympy as sp

from derivations import epoch_expansion as E
from verify.core.kinds.identity import as_written, prove_step
from verify.core.verdict import Verdict


def test_truncated_series_against_numeric_epochs():
    # independent: numeric epochs at two small eps, central second difference -> eps^2 coefficient (m = 3)
    m = 3
    mean, A, b = E.mean_c2(m)
    rng = np.random.default_rng(0)
    vals = {s: float(v) for s, v in zip(sorted(mean.free_symbols, key=str), rng.standard_normal(40))}
    An = [np.array(a.subs(vals), dtype=float) for a in A]
    bn = [np.array(v.subs(vals), dtype=float).ravel() for v in b]
    x0 = np.array([float(vals[E.X[0]]), float(vals[E.X[1]])])

    def epoch_mean(eps):
        out = np.zeros(2)
        for p in itertools.permutations(range(m)):
            th = x0.copy()
            for k in p:
                th = th - eps * (An[k] @ th - bn[k])
            out += th
        return out / 6

    h = 1e-3  # the mean is a cubic polynomial in eps: (f(h) + f(-h) - 2 f(0)) / (2 h^2) = c2 exactly (+ round-off)
    c2 = (epoch_mean(h) + epoch_mean(-h) - 2 * epoch_mean(0.0)) / (2 * h * h)
    assert np.allclose(c2, np.array(mean.subs(vals), dtype=float).ravel(), atol=1e-6)


def test_every_step_proved_and_the_control_refuted_from_m3():
    d = E.epoch_mean_m()
    assert all(prove_step(s, random.Random(0))[0] is Verdict.PROVED for s in d.steps)
    assert not any(as_written(s) for s in d.steps)
    ctrl = [prove_step(s, random.Random(0))[0] for s in E.epoch_mean_m(lambda m: sp.Rational(m - 1, 4)).steps]
    assert ctrl == [Verdict.PROVED] + [Verdict.REFUTED] * 3
