"""Gradient flow (LSODA default, Radau / BDF with the Hessian Jacobian) against expm and a nonlinear closed form."""

import jax.numpy as jnp
import numpy as np
import pytest
from scipy.linalg import expm

import verify  # noqa: F401
from verify.dynamics.flow import gradient_flow

RNG = np.random.default_rng(0)
Q, _ = np.linalg.qr(RNG.standard_normal((4, 4)))
A = (Q * np.array([1e3, 10.0, 1.0, 1e-2])) @ Q.T  # stiff: condition number 1e5
A = (A + A.T) / 2
T0 = RNG.standard_normal(4)


def quad(t):
    return 0.5 * t @ (jnp.asarray(A) @ t)


@pytest.mark.parametrize("method", ["LSODA", "Radau", "BDF"])
def test_quadratic_expm(method):
    ts = np.array([0.0, 0.01, 0.5, 3.0])
    fl = gradient_flow(quad, T0, 3.0, method=method, t_eval=ts)
    expected = np.stack([expm(-t * A) @ T0 for t in ts])
    # rtol=1e-11, atol=1e-13 per step; the global error of a contractive flow stays at
    # ~1e2 x local tolerance: bound 1e-8 absolute on O(1) states
    np.testing.assert_allclose(fl.thetas, expected, atol=1e-8)
    assert fl.njev > 0  # the implicit solver (LSODA: once it detected stiffness) used the Jacobian


def test_default_is_lsoda_and_explicit_on_a_non_stiff_flow():
    # Hessian eigenvalues in [1, 13] over t in [0, 10]: LSODA never switches to BDF (no Jacobian);
    # Radau, the former default, needs ~25x the RHS evaluations (benchmarks/bench_flow.py)
    loss = lambda t: jnp.sum(t**4) / 4 + 0.5 * jnp.sum(t**2)  # noqa: E731
    fl = gradient_flow(loss, np.array([0.5, -2.0]), 10.0)
    assert fl.njev == 0 and fl.nfev < 2000
    assert gradient_flow(loss, np.array([0.5, -2.0]), 10.0, method="Radau").nfev > 5 * fl.nfev


def test_quartic_closed_form():
    # L = sum t^4 / 4, dt/dt = -t^3: t(s) = t0 / sqrt(1 + 2 t0^2 s)
    t0 = np.array([0.5, -2.0])
    fl = gradient_flow(lambda t: jnp.sum(t**4) / 4, t0, 5.0, t_eval=[5.0])
    np.testing.assert_allclose(fl.theta, t0 / np.sqrt(1 + 10 * t0**2), rtol=1e-8)
    # negative control: GD-like linearisation exp(-3 t0^2 s) is far off
    assert not np.allclose(fl.theta, t0 * np.exp(-5 * t0**2), rtol=1e-2)


def test_explicit_method_runs():
    fl = gradient_flow(lambda t: 0.5 * jnp.sum(t**2), np.ones(2), 1.0, method="DOP853", t_eval=[1.0])
    np.testing.assert_allclose(fl.theta, np.exp(-1.0) * np.ones(2), rtol=1e-9)
    assert fl.njev == 0
