"""Sharpness tracking: warm-started Lanczos against dense eigh, and the HVP savings of the warm start."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.dynamics.gd import gd
from verify.measure.derivatives import hessian_fn
from verify.measure.sharpness_tracking import lanczos_top, track_sharpness, warm_start
from verify.models.mlp import flatten, init_mlp, mlp_apply
from verify.models.losses import mse

WIDTHS = [3, 8, 1]  # 41 parameters
_THETA0, _UNRAVEL = flatten(init_mlp(jax.random.PRNGKey(2), WIDTHS))
_RNG = np.random.default_rng(5)
X = jnp.asarray(_RNG.standard_normal((20, 3)))
Y = jnp.asarray(np.sin(2 * np.asarray(X[:, :1])))


def loss(theta, X, y):
    return mse(mlp_apply(_UNRAVEL(theta), X, "tanh"), y, "half_mean")


def dense_top(theta):
    """Oracle: LAPACK eigh of the dense autodiff Hessian."""
    return float(np.linalg.eigh(np.asarray(hessian_fn(loss)(jnp.asarray(theta), X, Y)))[0][-1])


def _checkpoints(eta, every, n):
    theta, out = _THETA0, []
    for j in range(n):
        out.append((j * every, theta))
        theta = gd(loss, theta, eta, every, args=(X, Y)).theta
    return out


@pytest.mark.parametrize("scale", [0.5, 2.0, 4.0])
def test_lanczos_top_matches_dense(scale):
    # random points far from any minimum: Hessians are indefinite, lambda_max is the top algebraic one
    theta = scale * np.random.default_rng(int(10 * scale)).standard_normal(_THETA0.shape[0])
    e = lanczos_top(loss, theta, tol=1e-10, args=(X, Y))
    lam = dense_top(theta)
    # ARPACK: residual <= tol |theta|, so an eigenvalue within 1e-10 |lambda|; x100 for rounding of the HVPs
    assert e.value == pytest.approx(lam, rel=1e-8)
    assert abs(np.linalg.norm(e.vector) - 1) < 1e-12 and e.hvps >= 5  # at least ncv + 1 = 5 HVPs


def test_largest_algebraic_not_largest_modulus():
    A = np.diag(np.concatenate([[-10.0, 3.0, 2.5], np.linspace(-1.0, 1.0, 27)]))
    Aj = jnp.asarray(A)
    e = lanczos_top(lambda t: 0.5 * t @ (Aj @ t), np.zeros(30), tol=1e-12)
    assert e.value == pytest.approx(3.0, rel=1e-10)  # not -10


@pytest.mark.parametrize("warm", [True, False])
def test_track_matches_dense_along_gd_run(warm):
    cps = _checkpoints(0.5, 40, 10)
    tr = track_sharpness(loss, cps, warm=warm, tol=1e-8, args=(X, Y))
    np.testing.assert_array_equal(tr.steps, [s for s, _ in cps])
    dense = np.array([dense_top(th) for _, th in cps])
    # tol 1e-8 on the residual: eigenvalue error <= 1e-8 |lambda| (much less: residual^2 / gap)
    np.testing.assert_allclose(tr.lambda_max, dense, rtol=1e-7)
    assert tr.hvps.dtype == np.int64 and np.all(tr.hvps >= 5)
    assert np.ptp(dense) > 0.1 * dense.max()  # the run moves lambda_max: the test is not of a fixed matrix


def test_warm_start_uses_fewer_hvps_than_cold_on_a_smooth_run():
    # small GD steps: consecutive Hessians close, the previous eigenvector nearly the next one
    cps = _checkpoints(0.2, 10, 15)
    warm = track_sharpness(loss, cps, warm=True, tol=1e-8, args=(X, Y))
    cold = track_sharpness(loss, cps, warm=False, tol=1e-8, args=(X, Y))
    np.testing.assert_allclose(warm.lambda_max, cold.lambda_max, rtol=1e-7)
    assert warm.hvps[0] == cold.hvps[0]  # the first measurement is a cold start in both
    assert warm.hvps[1:].sum() < 0.9 * cold.hvps[1:].sum(), (warm.hvps, cold.hvps)


def test_warm_start_vector():
    z = warm_start(None, 7, seed=3)
    assert np.linalg.norm(z) == pytest.approx(1.0)
    u = np.eye(7)[0]
    v = warm_start(u, 7, mix=1e-3, seed=3)
    np.testing.assert_allclose(v, u + 1e-3 * z)
