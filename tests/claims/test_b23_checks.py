"""b23 second-order drift: formula error O(eps^3) for reshuffling, O(eps^2) for the variants."""

import numpy as np

from verify.claims.b23 import checks as C
from verify.core.loader import load_builtin
from verify.measure.loglog import fit_slope


def test_second_order_orders():
    err, drift = C.second_order_errors()
    assert abs(fit_slope(C.EPS, err).slope - 3) < 0.1 and abs(fit_slope(C.EPS, drift).slope - 2) < 0.1
    assert np.all(err < 0.1 * drift)  # the formula captures the leading drift
    err_wr, drift_wr = C.second_order_errors(scheme="with_replacement")
    assert np.all(drift_wr < 1e-13)  # i.i.d. batches on quadratics: the mean is GD exactly
    assert abs(fit_slope(C.EPS, err_wr).slope - 2) < 0.1
    assert abs(fit_slope(C.EPS, C.second_order_errors(denom=C.M_**2)[0]).slope - 2) < 0.1


def test_every_claim_has_a_variant():
    mine = [c for c in load_builtin() if c.id.startswith("b23.")]
    assert {c.id for c in mine if c.provenance != "variant"} == {c.variant_of for c in mine if c.provenance == "variant"}


def test_saddle_means():
    wo, wr = C.saddle_means("reshuffle"), C.saddle_means("with_replacement")
    assert wo[0] > 1e-3 and np.all(np.diff(wo) > 0)
    assert np.all(wr < 1e-13)  # i.i.d. batches: the mean follows GD, which stays at the saddle
    # without noise (eps = 0) every scheme is GD and stays at the saddle
    assert np.all(C.saddle_means("reshuffle", eps=0.0) < 1e-13)
