"""GD under scan against the closed form theta_t = (I - eta A)^t theta_0 on a quadratic."""

import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.dynamics.gd import gd

RNG = np.random.default_rng(0)
Q, _ = np.linalg.qr(RNG.standard_normal((4, 4)))
A = (Q * np.array([3.0, 1.0, 0.5, 0.1])) @ Q.T
A = (A + A.T) / 2
T0 = RNG.standard_normal(4)


def quad(t):
    return 0.5 * t @ (jnp.asarray(A) @ t)


def rec(t):
    return {"theta": t, "loss": quad(t)}


@pytest.mark.parametrize("eta", [0.1, 0.6, 0.7])  # 0.7 > 2/3: unstable along the top direction
def test_closed_form(eta):
    steps = 40
    run = gd(quad, T0, eta, steps, record=rec)
    M = np.eye(4) - eta * A
    expected = np.stack([np.linalg.matrix_power(M, t) @ T0 for t in range(steps + 1)])
    # 40 steps, each a rounding of ||M|| <= 1.1 growth: error <= 40 * 1e-16 * 1.1^40 * scale
    scale = np.abs(expected).max(axis=1, keepdims=True)
    assert run.records["theta"].shape == (steps + 1, 4)
    np.testing.assert_allclose(run.records["theta"], expected, atol=1e-12 * scale.max(), rtol=1e-11)
    np.testing.assert_allclose(run.theta, expected[-1], rtol=1e-11, atol=1e-12 * scale.max())
    losses = 0.5 * np.einsum("ti,ij,tj->t", expected, A, expected)
    np.testing.assert_allclose(run.records["loss"], losses, rtol=1e-10)


def test_no_record_and_recompile_free_eta():
    a = gd(quad, T0, 0.1, 5)
    assert a.records is None
    b = gd(quad, T0, 0.2, 5)  # same compiled runner, traced eta
    np.testing.assert_allclose(b.theta, np.linalg.matrix_power(np.eye(4) - 0.2 * A, 5) @ T0, rtol=1e-12)
    # negative control: a different step size gives a different iterate
    assert not np.allclose(a.theta, b.theta)


def _quad_data(t, A_):
    return 0.5 * t @ (A_ @ t)


def test_data_as_traced_arguments():
    # the matrix passed as an argument gives the closed form; a second matrix does not recompile
    from verify.dynamics.gd import _runner

    for s in (1.0, 2.0):
        run = gd(_quad_data, T0, 0.3, 7, args=(jnp.asarray(s * A),))
        np.testing.assert_allclose(run.theta, np.linalg.matrix_power(np.eye(4) - 0.3 * s * A, 7) @ T0, atol=1e-13)
    assert _runner(_quad_data, 7, None)._cache_size() == 1
