"""Diagonal linear network: the hand-written step against jax.grad, the scan against a Python loop,
and the multiplicative identity of one step (independent numpy arithmetic)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.models import diagonal as M

RNG = np.random.default_rng(3)
X = RNG.standard_normal((10, 4))
Y = RNG.standard_normal(10)
THETA = RNG.standard_normal(8)


def test_loss_is_half_mean_square():
    u, v = THETA[:4], THETA[4:]
    r = X @ (u * v) - Y
    assert float(M.loss(THETA, X, Y)) == pytest.approx(0.5 * np.mean(r**2), rel=1e-14)
    assert float(jnp.mean(jax.vmap(M.loss_i, in_axes=(None, 0, 0))(THETA, X, Y))) == pytest.approx(
        float(M.loss(THETA, X, Y)), rel=1e-14)


@pytest.mark.parametrize("idx", [np.arange(10), np.array([1, 4, 7]), np.array([2])])
@pytest.mark.parametrize("wd", [0.0, 0.1])
def test_closed_form_step_matches_autodiff(idx, wd):
    eta = 0.07
    auto = THETA - eta * (np.asarray(jax.grad(M.loss)(jnp.asarray(THETA), X[idx], Y[idx])) + wd * THETA)
    np.testing.assert_allclose(np.asarray(M.step(THETA, X, Y, idx, eta, wd)), auto, rtol=1e-13, atol=1e-15)


def test_identity_per_coordinate():
    idx, eta = np.array([0, 3, 5, 8]), 0.2
    new = np.asarray(M.step(THETA, X, Y, idx, eta))
    u, v, u1, v1 = THETA[:4], THETA[4:], new[:4], new[4:]
    g = (X[idx] @ (u * v) - Y[idx]) @ X[idx] / 4
    np.testing.assert_allclose(u1 + v1, (u + v) * (1 - eta * g), rtol=1e-13)
    np.testing.assert_allclose(u1 - v1, (u - v) * (1 + eta * g), rtol=1e-13)
    np.testing.assert_allclose(u1**2 - v1**2, (u**2 - v**2) * (1 - eta**2 * g**2), rtol=1e-12)


def test_run_equals_loop():
    idx = RNG.integers(0, 10, size=(30, 3))
    th = np.asarray(M.run(THETA, X, Y, idx, 0.05, 0.01))
    t = THETA.copy()
    for k in range(30):
        t = np.asarray(M.step(t, X, Y, idx[k], 0.05, 0.01))
        np.testing.assert_allclose(th[k + 1], t, rtol=1e-12, atol=1e-14)
    assert th.shape == (31, 8)
    np.testing.assert_array_equal(th[0], THETA)
