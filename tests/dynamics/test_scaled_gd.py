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
