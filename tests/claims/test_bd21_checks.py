"""bd21: measured orders (the true coefficient gives slope 3, the wrong ones slope 2)."""

import numpy as np

from verify.claims.bd21 import checks as C
from verify.measure.loglog import fit_slope


def test_orders():
    good = C.errors(0.25)
    assert abs(fit_slope(C.HS, good).slope - 3) < 0.1
    for coef in (0.5, 0.0):
        e = C.errors(coef)
        assert abs(fit_slope(C.HS, e).slope - 2) < 0.1
        # leading error |2c - 1/2| h^2 |H g| against O(h^3): the ratio grows like 1/h
        assert np.all(e > 10 * good) and np.all(np.diff(e / good) > 0)


def test_quadratic_rate_exact_and_igr():
    for lam, x in ((1.0, 0.875), (0.1015625, 0.9375), (2.5, 0.01)):
        assert C.quadratic_rate(lam, x).holds
    r = C.quadratic_rate(1.0, 0.5, rate="igr")
    assert not r.holds and abs(r.lhs / r.rhs - 1) > 0.1  # exp(-20 (1.386 - 1.25)) per unit: 6% a step
