"""The +- design: least squares (numpy lstsq, independent) is exactly beta* = (w_S, 0), residuals +-eps."""

import numpy as np
import pytest

from verify.models.support_data import pm_design


@pytest.mark.parametrize("m,d,r", [(8, 4, 1), (32, 6, 2), (50, 15, 5)])
def test_least_squares_is_beta_star(m, d, r):
    data = pm_design(m, d, r, noise=0.5, seed=1)
    beta, *_ = np.linalg.lstsq(data.X, data.y, rcond=None)
    np.testing.assert_allclose(beta, data.beta_star, atol=1e-12)
    assert np.all(data.beta_star[r:] == 0) and np.all(data.beta_star[:r] == 1)
    res = data.X @ data.beta_star - data.y
    np.testing.assert_allclose(res, np.concatenate([-data.eps, data.eps]), atol=1e-12)
    np.testing.assert_allclose(data.X[:m], data.X[m:])
    np.testing.assert_allclose(data.X[:m, r:].mean(0), 0, atol=1e-14)
    assert np.abs(res).min() > 0  # the optimum does not interpolate
    # moments vanish at beta*: sum_i r_i x_i = 0
    np.testing.assert_allclose(res @ data.X, 0, atol=1e-12)


def test_interpolating_control_and_validation():
    data = pm_design(8, 4, 2, noise=0.0, seed=0)
    np.testing.assert_allclose(data.X @ data.beta_star, data.y, atol=1e-14)
    with pytest.raises(ValueError):
        pm_design(8, 4, 4)
    a, b = pm_design(8, 4, 2, seed=3), pm_design(8, 4, 2, seed=3)
    np.testing.assert_array_equal(a.X, b.X)
