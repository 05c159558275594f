"""Batched fixed-step Lanczos: against dense eigvalsh of every batch Hessian, the lower-bound and
residual properties, breakdown on low-rank Hessians, and MiniBS against the dense batch average."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.measure.batch_sharpness import all_batches, draw_batches
from verify.measure.batched_lanczos import batch_lambda_max, lanczos_top, minibs
from verify.models.losses import mse
from verify.models.mlp import flatten, init_mlp, mlp_apply

_THETA0, _UNRAVEL = flatten(init_mlp(jax.random.PRNGKey(3), [3, 6, 1]))  # 31 parameters
_RNG = np.random.default_rng(7)
X = jnp.asarray(_RNG.standard_normal((10, 3)))
Y = jnp.asarray(_RNG.standard_normal((10, 1)))
P = int(_THETA0.shape[0])


def mlp_batch(theta, idx, X, y):
    return mse(mlp_apply(_UNRAVEL(theta), X[idx], "tanh"), y[idx], "half_mean")


def linear_batch(w, idx, X, y):
    return 0.5 * jnp.mean((X[idx] @ w - y[idx, 0]) ** 2)


def dense_tops(loss_batch, theta, idx):
    """Oracle: eigvalsh of the autodiff Hessian of every batch."""
    H = _HESS[loss_batch]
    return np.array([np.linalg.eigvalsh(np.asarray(H(jnp.asarray(theta), jnp.asarray(i), X, Y)))[-1] for i in idx])


_HESS = {f: jax.jit(jax.hessian(f)) for f in (mlp_batch, linear_batch)}
THETA = 1.5 * np.random.default_rng(1).standard_normal(P)  # indefinite batch Hessians
IDX = np.asarray(all_batches(10, 2, "without_replacement"), dtype=np.int32)[:12]


def test_converged_ritz_values_match_dense():
    lam, res = batch_lambda_max(mlp_batch, THETA, IDX, steps=P, args=(X, Y))
    dense = dense_tops(mlp_batch, THETA, IDX)
    # K = p steps with full re-orthogonalisation: the Krylov space is the whole space (or invariant)
    np.testing.assert_allclose(lam, dense, rtol=1e-10, atol=1e-12)
    assert np.all(res < 1e-8)


def test_few_steps_lower_bound_and_residual_bound():
    lam, res = batch_lambda_max(mlp_batch, THETA, IDX, steps=4, args=(X, Y))
    dense = dense_tops(mlp_batch, THETA, IDX)
    scale = np.abs(dense).max()
    assert np.all(lam <= dense + 1e-12 * scale)  # a Rayleigh quotient never exceeds lambda_max
    assert np.any(dense - lam > 1e-6 * scale)  # 4 steps are not converged here: the bound is tested
    H = _HESS[mlp_batch]
    for i, (l, r) in enumerate(zip(lam, res)):
        ev = np.linalg.eigvalsh(np.asarray(H(jnp.asarray(THETA), jnp.asarray(IDX[i]), X, Y)))
        assert np.min(np.abs(ev - l)) <= r * (1 + 1e-8) + 1e-12 * scale  # some eigenvalue within the residual


def test_breakdown_on_low_rank_hessians():
    # linear least squares: H_B = X_B^T X_B / b has rank b = 2 < p = 3: Lanczos breaks down after 2 steps
    idx = IDX[:6]
    lam, res = batch_lambda_max(linear_batch, np.zeros(3), idx, steps=3, args=(X, Y))
    exact = [np.linalg.eigvalsh(np.asarray(X)[i].T @ np.asarray(X)[i] / 2)[-1] for i in idx]
    np.testing.assert_allclose(lam, exact, rtol=1e-12)
    assert np.all(np.isfinite(res)) and np.all(res < 1e-10)


def test_lanczos_top_known_spectrum():
    A = jnp.diag(jnp.asarray(np.concatenate([[-9.0, 4.0], np.linspace(-1, 2, 18)])))
    theta, res = lanczos_top(lambda v: A @ v, jnp.ones(20), 20)
    assert float(theta) == pytest.approx(4.0, rel=1e-12) and float(res) < 1e-10  # largest algebraic, not -9


def test_minibs_is_the_mean_over_the_drawn_batches():
    m = minibs(mlp_batch, THETA, 10, 3, 30, seed=4, steps=P, args=(X, Y))
    idx = draw_batches(np.random.default_rng(4), 10, 3, 30)
    dense = dense_tops(mlp_batch, THETA, idx)
    assert m.value == pytest.approx(dense.mean(), rel=1e-10)
    assert m.stderr == pytest.approx(dense.std(ddof=1) / np.sqrt(30), rel=1e-8)
    assert m.n_batches == 30 and m.hvps == 30 * P
