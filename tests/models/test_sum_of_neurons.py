"""The frozen-second-layer network (verify.models.sum_of_neurons)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from derivations.simplicity_bias import IN_ASSUMPTION
from verify.models import sum_of_neurons as sn


@pytest.mark.parametrize("name", list(sn.ACTIVATIONS))
def test_activation_derivatives_and_inverse(name):
    a = sn.activation(name)
    lo, hi = a.range
    u = np.linspace(max(lo, -3) + 0.05, min(hi, 3) - 0.05, 9)
    z = np.asarray(a.inv(jnp.asarray(u)))
    assert np.allclose(np.asarray(a.phi(jnp.asarray(z))), u, atol=1e-12)
    zz = jnp.linspace(-1.5, 1.5, 7)
    for k, fn in ((1, a.d1), (2, a.d2), (3, a.d3)):
        g = a.phi
        for _ in range(k):
            g = jax.grad(lambda t, g=g: g(t))
        assert np.allclose(np.asarray(jax.vmap(g)(zz)), np.asarray(fn(zz)), atol=1e-12)


def test_in_assumption_flags_match_sympy_catalogue():
    assert {k: a.in_assumption for k, a in sn.ACTIVATIONS.items()} == IN_ASSUMPTION


def test_norm_constant():
    assert sn.norm_constant(4, "mean") == 0.5 and sn.norm_constant(4, "half_mean") == 0.25
    with pytest.raises(ValueError):
        sn.norm_constant(4, "sum")


@pytest.mark.parametrize("act", ["sinh", "cubic", "tanh"])
def test_trace_closed_form_matches_dense_hessian(act):
    m, n, d = 4, 2, 3
    X, y = sn.make_data(n, d, kind="gaussian", seed=0)
    th = jnp.asarray(0.5 * np.random.default_rng(0).standard_normal(m * d))
    for c in (1.0 / n, 2.0 / n):
        H = jax.hessian(lambda t: sn.loss(t, X, y, m, act, c))(th)
        assert float(sn.trace_hessian(th, X, y, m, act, c)) == pytest.approx(float(jnp.trace(H)), rel=1e-13)
    # off M the Gauss-Newton part differs (negative control)
    assert abs(float(sn.trace_on_manifold(th, X, m, act)) - float(sn.trace_hessian(th, X, y, m, act))) > 1e-6


@pytest.mark.parametrize("act", ["sinh", "cubic", "exp"])
def test_rank_one_solution_is_on_manifold_with_min_trace(act):
    m, n, d = 10, 3, 4
    X, y = sn.make_data(n, d, kind="gaussian", seed=2, y_range=(0.2, 1.0))
    perp = np.random.default_rng(1).standard_normal(m * d)
    th = sn.rank_one_solution(X, y, m, act, theta_perp=perp)
    assert np.abs(np.asarray(sn.residuals(th, X, y, m, act))).max() <= 1e-13
    Z = np.asarray(sn.features(th, X, m))
    assert np.linalg.matrix_rank(Z, tol=1e-12) == 1
    assert float(sn.equal_split_distance(th, X, y, m, act)) <= 1e-13
    assert float(sn.trace_hessian(th, X, y, m, act)) == pytest.approx(sn.min_trace(X, y, m, act), rel=1e-13)
    # the off-span part is kept
    Xn = np.asarray(X)
    Pp = np.eye(d) - Xn.T @ np.linalg.solve(Xn @ Xn.T, Xn)
    assert np.allclose(np.asarray(th).reshape(m, d) @ Pp, perp.reshape(m, d) @ Pp, atol=1e-13)


def test_make_data_kinds():
    X, _ = sn.make_data(3, 5, kind="orthonormal", seed=0)
    assert np.allclose(np.asarray(X @ X.T), np.eye(3), atol=1e-14)
    X, _ = sn.make_data(3, 3, kind="uniform", seed=0)
    assert np.asarray(X).min() >= 0 and np.asarray(X).max() <= 1
    X, _ = sn.make_data(3, 3, kind="orthonormal", seed=0, row_norms=(1, 2, 3))
    assert np.allclose(np.linalg.norm(np.asarray(X), axis=1), [1, 2, 3])
    with pytest.raises(ValueError):
        sn.make_data(3, 3, kind="cauchy")


def test_random_on_manifold():
    X, y = sn.make_data(3, 3, seed=0)
    pr = sn.random_on_manifold(X, y, 10, "sinh", seed=0)
    assert bool(pr.converged) and float(pr.residual) <= 1e-13
