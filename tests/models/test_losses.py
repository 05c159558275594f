"""MSE normalisations and their Hessian factor on linear regression (Hessian = c X^T X / n)."""

import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.measure.derivatives import hessian
from verify.models.losses import NORMALIZATIONS, hessian_factor, mse

RNG = np.random.default_rng(0)
X = RNG.standard_normal((7, 3))
Y = RNG.standard_normal(7)


def test_values():
    r = X @ np.ones(3) - Y
    pred = jnp.asarray(X @ np.ones(3))
    ss = float(np.sum(r**2))
    assert float(mse(pred, Y, "half_mean")) == pytest.approx(ss / 14, rel=1e-15)
    assert float(mse(pred, Y, "mean")) == pytest.approx(ss / 7, rel=1e-15)
    assert float(mse(pred, Y, "half_sum")) == pytest.approx(ss / 2, rel=1e-15)
    assert float(mse(pred, Y, "sum")) == pytest.approx(ss, rel=1e-15)


@pytest.mark.parametrize("norm", NORMALIZATIONS)
def test_linear_regression_hessian(norm):
    H = np.asarray(hessian(lambda w: mse(jnp.asarray(X) @ w, Y, norm), jnp.zeros(3)))
    expected = hessian_factor(norm, 7) * X.T @ X / 7
    np.testing.assert_allclose(H, expected, rtol=1e-13, atol=1e-14)  # exact up to rounding


def test_factor_two_between_mean_and_half_mean():
    # negative control: the half_mean Hessian is NOT the mean Hessian (factor 2)
    Hh = np.asarray(hessian(lambda w: mse(jnp.asarray(X) @ w, Y, "half_mean"), jnp.zeros(3)))
    Hm = np.asarray(hessian(lambda w: mse(jnp.asarray(X) @ w, Y, "mean"), jnp.zeros(3)))
    np.testing.assert_allclose(Hm, 2 * Hh, rtol=1e-13)
    assert not np.allclose(Hm, Hh, rtol=1e-3)


def test_bad_input():
    with pytest.raises(ValueError):
        mse(jnp.zeros(3), jnp.zeros(4))
    with pytest.raises(ValueError):
        mse(jnp.zeros(3), jnp.zeros(3), "avg")


def test_multi_output():
    P = jnp.asarray(RNG.standard_normal((4, 2)))
    T = jnp.zeros((4, 2))
    assert float(mse(P, T, "half_mean")) == pytest.approx(float(jnp.sum(P**2)) / 8, rel=1e-15)
