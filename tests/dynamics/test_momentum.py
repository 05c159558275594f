"""Momentum GD against the companion-matrix powers on a diagonal quadratic (hand recursion)."""

import jax.numpy as jnp
import numpy as np
import pytest

from verify.dynamics.momentum import companion, momentum_gd

H = np.array([0.3, 1.1, 2.5])


def loss(theta):
    return 0.5 * jnp.sum(jnp.asarray(H) * theta**2)


@pytest.mark.parametrize("method", ["heavy_ball", "nesterov"])
def test_matches_companion_powers(method):
    eta, beta, T = 0.4, 0.7, 30
    x0 = np.array([1.0, -0.5, 0.25])
    run = momentum_gd(loss, x0, eta, beta, T, method=method, record=lambda th: th)
    for j, h in enumerate(H):
        M = companion(eta * h, beta, method)
        z = np.array([x0[j], x0[j]])
        for t in range(T):
            z = M @ z
            np.testing.assert_allclose(float(run.records[t + 1, j]), z[0], rtol=1e-12, atol=1e-14)


def test_hand_recursion_first_steps():
    eta, beta, x0 = 0.4, 0.7, np.array([1.0, 1.0, 1.0])
    hb = momentum_gd(loss, x0, eta, beta, 2, record=lambda th: th).records
    x1 = x0 - eta * H * x0
    x2 = x1 - eta * H * x1 + beta * (x1 - x0)
    np.testing.assert_allclose(np.asarray(hb[2]), x2, rtol=1e-14)
    ne = momentum_gd(loss, x0, eta, beta, 2, method="nesterov", record=lambda th: th).records
    y1 = x1 + beta * (x1 - x0)
    np.testing.assert_allclose(np.asarray(ne[2]), y1 - eta * H * y1, rtol=1e-14, atol=1e-15)
    assert not np.allclose(np.asarray(ne[2]), x2)  # the two methods differ


def test_traced_args_and_gd_special_case():
    from verify.dynamics.gd import gd

    A = np.diag(H)
    quad = lambda th, A: 0.5 * th @ A @ th  # noqa: E731
    x0 = np.array([1.0, -2.0, 0.5])
    r = momentum_gd(quad, x0, 0.3, 0.0, 20, args=(A,))
    np.testing.assert_allclose(np.asarray(r.theta), np.asarray(gd(loss, x0, 0.3, 20).theta), rtol=1e-13)
    r2 = momentum_gd(quad, x0, 0.3, 0.0, 20, args=(2 * A,))  # same compiled runner, new data
    np.testing.assert_allclose(np.asarray(r2.theta), (1 - 0.6 * H) ** 20 * x0, rtol=1e-12)
