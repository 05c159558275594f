"""Label-noise SGD (verify.dynamics.label_noise) on the sum-of-neurons model."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.dynamics import label_noise as ln
from verify.models import sum_of_neurons as sn

M, N, D = 10, 3, 3


@pytest.fixture(scope="module")
def setup():
    X, y = sn.make_data(N, D, kind="orthonormal", seed=1)
    th0 = sn.random_on_manifold(X, y, M, "sinh", seed=0).theta
    return X, y, th0


def test_noise_laws_and_conventions():
    key = jax.random.PRNGKey(0)
    for law in ln.NOISE_LAWS:
        xi = np.asarray(ln.sample_noise(key, (200_000,), 0.3, law))
        # MC error of the variance: 0.09 * sqrt(Var(xi^2)/N) / ... <= 3e-3 relative (5 sigma)
        assert abs(xi.mean()) < 5 * 0.3 / np.sqrt(2e5)
        assert xi.var() == pytest.approx(0.09, rel=1.5e-2)
    assert np.all(np.abs(np.asarray(ln.sample_noise(key, (100,), 0.3, "uniform_pm"))) == pytest.approx(0.3))
    assert ln.noise_std(0.09, "variance") == pytest.approx(0.3)
    assert ln.noise_std(0.3, "std") == 0.3
    with pytest.raises(ValueError):
        ln.noise_std(0.3, "sd")
    with pytest.raises(ValueError):
        ln.sample_noise(key, (3,), 0.3, "laplace")


def test_covariance_on_manifold_is_proportional_to_hessian(setup):
    """Monte Carlo over (i, xi) of the step gradient at theta in M vs q s^2 grad^2 L, L = (q/2n) sum res^2.
    10^5 draws: relative MC error of the covariance entries ~ sqrt(2/1e5) ~ 5e-3; tolerance 3e-2 of |H|."""
    X, y, th = setup
    s, q = 0.3, 1.0
    pred = sn.predictor(M, "sinh")
    key1, key2 = jax.random.split(jax.random.PRNGKey(1))
    K = 100_000
    idx = jax.random.randint(key1, (K, 1), 0, N)
    xi = ln.sample_noise(key2, (K, 1), s, "uniform_pm")
    G = jax.jit(jax.vmap(lambda i, e: ln.step_gradient(pred, th, X, y, i, e, q)))(idx, xi)
    G = np.asarray(G)
    cov = G.T @ G / K - np.outer(G.mean(0), G.mean(0))
    H = np.asarray(jax.hessian(lambda t: sn.loss(t, X, y, M, "sinh", q / N))(th))
    scale = np.abs(H).max()
    assert np.abs(cov - q * s**2 * H).max() <= 3e-2 * s**2 * scale
    # negative control: the std in place of the variance is far off
    assert np.abs(cov - q * s * H).max() > 0.3 * s * scale


def test_deterministic_and_seeded(setup):
    X, y, th0 = setup
    pred = sn.predictor(M, "sinh")
    a = ln.label_noise_sgd(pred, th0, X, y, eta=0.05, sigma=0.3, steps=2000, every=100, seed=3)
    b = ln.label_noise_sgd(pred, th0, X, y, eta=0.05, sigma=0.3, steps=2000, every=100, seed=3)
    c = ln.label_noise_sgd(pred, th0, X, y, eta=0.05, sigma=0.3, steps=2000, every=100, seed=4)
    assert np.array_equal(a.theta, b.theta) and not np.array_equal(a.theta, c.theta)
    assert a.records.shape == (21, M * D) and np.array_equal(a.steps, np.arange(21) * 100)
    assert np.array_equal(a.records[0], np.asarray(th0)) and np.array_equal(a.records[-1], a.theta)


def test_matches_a_python_loop(setup):
    """The scanned iteration equals a plain loop with the same random draws (first chunk)."""
    X, y, th0 = setup
    pred = sn.predictor(M, "sinh")
    run = ln.label_noise_sgd(pred, th0, X, y, eta=0.05, sigma=0.3, steps=10, every=10, seed=7, noise="gaussian")
    key = jax.random.fold_in(jax.random.PRNGKey(7), 0)
    k1, k2 = jax.random.split(key)
    idx = jax.random.randint(k1, (10, 1), 0, N)
    xi = ln.sample_noise(k2, (10, 1), 0.3, "gaussian")
    th = th0
    step = jax.jit(lambda t, i, e: t - 0.05 * ln.step_gradient(pred, t, X, y, i, e))
    for t in range(10):
        th = step(th, idx[t], xi[t])
    assert np.allclose(run.theta, np.asarray(th), atol=1e-13)


def test_no_noise_does_not_move_on_manifold(setup):
    """Negative control: on M every per-sample gradient vanishes, so sigma = 0 leaves theta in place."""
    X, y, th0 = setup
    run = ln.label_noise_sgd(sn.predictor(M, "sinh"), th0, X, y, eta=0.05, sigma=0.0, steps=10_000, every=10_000)
    assert np.abs(run.theta - np.asarray(th0)).max() < 1e-12


def test_reaches_rank_one_fast(setup):
    """10^6 steps of the paper's model (m = 10, n = d = 3) under jit + lax.scan: rank one reached.

    Speed is not asserted here (a wall-clock bound races on a loaded machine); it shows in
    pytest's total time, which must stay under 5 minutes on 2 cores."""
    X, y, th0 = setup
    pred = sn.predictor(M, "sinh")

    def rec(theta):
        s = jnp.linalg.svd(sn.features(theta, X, M), compute_uv=False)
        return s[1] / s[0]

    ln.label_noise_sgd(pred, th0, X, y, eta=0.05, sigma=0.3, steps=1000, every=1000, record=rec)  # compile
    run = ln.label_noise_sgd(pred, th0, X, y, eta=0.05, sigma=0.3, steps=1_000_000, every=10_000, record=rec)
    assert run.records[0] > 0.1 and run.records[-1] < 1e-6


def test_flow_time_convention():
    assert ln.flow_time(1000, eta=0.1, sigma=0.5) == pytest.approx(0.25 * 0.01 * 1000 / 4)
    assert ln.flow_time(1000, eta=0.1, sigma=0.25, sigma_is="variance") == pytest.approx(0.25 * 0.01 * 1000 / 4)
    assert ln.flow_time(1000, eta=0.1, sigma=0.5, batch=2) == pytest.approx(0.25 * 0.01 * 1000 / 8)
