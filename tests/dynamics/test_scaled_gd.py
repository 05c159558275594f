"""scaled_gd: s = 1 is plain GD; on a homogeneous linear model it reaches the no-bias SVM direction."""

import jax.numpy as jnp
import numpy as np
from jax.scipy.special import logsumexp

from verify.dynamics import gd
from verify.dynamics.scaled_gd import inverse_norm_scale, scaled_gd
from verify.measure import max_margin as MM


def _lse(theta, X, y):
    return logsumexp(-y * (X @ theta))


def _data():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(5, 2)) * 0.3 + [1.0, 2.0], rng.normal(size=(5, 2)) * 0.3 + [2.0, -0.5]])
    return X, np.r_[np.ones(5), -np.ones(5)]


def test_unit_scale_is_plain_gd():
    X, y = _data()
    args = (jnp.asarray(X), jnp.asarray(y))
    th0 = np.array([0.3, -0.2])
    a = scaled_gd(_lse, th0, 0.1, 50, scale=inverse_norm_scale((0, 0)), every=10, args=args)
    b = gd(_lse, th0, 0.1, 50, record=lambda t: t, args=args)
    np.testing.assert_allclose(np.asarray(a.records), np.asarray(b.records)[::10], rtol=1e-13, atol=1e-15)
    s = inverse_norm_scale((1, 0))
    assert abs(float(s(jnp.asarray([2.0, 5.0]))) - 0.2) < 1e-15


def test_homogeneous_linear_reaches_svm():
    X, y = _data()
    run = scaled_gd(_lse, np.zeros(2), 0.5, 20_000, scale=inverse_norm_scale((0, 0)), every=20_000,
                    args=(jnp.asarray(X), jnp.asarray(y)))
    w = np.asarray(run.theta)
    ref = MM.svm(X, y, "none").w
    assert 1 - w @ ref / (np.linalg.norm(w) * np.linalg.norm(ref)) < 1e-4  # measured ~1e-6; log-rate convergence


def test_clock_matches_a_python_loop():
    """log_time against the recursion written out in numpy (log_rate = -loss: gradient-flow time of
    L = sum exp(-q) when following log L); the path is that of the unclocked run."""
    X, y = _data()
    args = (jnp.asarray(X), jnp.asarray(y))
    th0, eta = np.array([0.3, -0.2]), 0.1
    s = inverse_norm_scale((1, 0))
    clocked = scaled_gd(_lse, th0, eta, 40, scale=s, every=10, args=args, log_rate=lambda t, X, y: -_lse(t, X, y))
    plain = scaled_gd(_lse, th0, eta, 40, scale=s, every=10, args=args)
    np.testing.assert_array_equal(np.asarray(clocked.records), np.asarray(plain.records))
    th, t, ref = th0.copy(), 0.0, [-np.inf]
    for k in range(40):
        q = y * (X @ th)
        L = np.sum(np.exp(-q))
        step = eta / (1 + th[0] ** 2)
        t += step / L
        th = th - step * (-(X.T @ (y * np.exp(-q))) / L)
        if (k + 1) % 10 == 0:
            ref.append(np.log(t))
    np.testing.assert_allclose(np.asarray(clocked.log_time), ref, rtol=1e-12)
