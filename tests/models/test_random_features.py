"""verify.models.random_features: shapes, the 1/sqrt(m) scaling, activations, determinism."""

import numpy as np
import pytest

import verify  # noqa: F401  (float64)
from verify.models import random_features as RF

X = np.random.default_rng(0).standard_normal((3, 4))


def test_init_weights():
    W = RF.init_weights(5, 4, seed=1)
    assert W.shape == (5, 4)
    np.testing.assert_array_equal(W, RF.init_weights(5, 4, seed=1))  # deterministic
    assert not np.allclose(W, RF.init_weights(5, 4, seed=2))
    big = RF.init_weights(5000, 4, seed=3)
    # N(0, 1/d) with d = 4: variance 0.25; 2e4 draws give std error 0.25 sqrt(2/2e4) = 0.0025; 5 sigma
    assert abs(big.var() - 0.25) < 0.0125


@pytest.mark.parametrize("act,phi", [("relu", lambda z: np.where(z > 0, z, 0.0)), ("tanh", np.tanh),
                                     ("linear", lambda z: z)])
def test_features_definition(act, phi):
    W = RF.init_weights(6, 4, seed=1)
    F = RF.features(X, W, act)
    assert F.shape == (3, 6)
    want = np.array([[phi(w @ x) for w in W] for x in X]) / np.sqrt(6)  # a_ij = phi(w_j^T x_i)/sqrt(m)
    np.testing.assert_allclose(F, want, rtol=1e-14, atol=1e-15)  # 4-term dot products: rounding only
    np.testing.assert_array_equal(F, RF.features(X, W, act))  # deterministic


def test_relu_nonnegative_and_sparse():
    W = RF.init_weights(50, 4, seed=2)
    F = RF.features(X, W, "relu")
    Z = X @ W.T
    assert (F >= 0).all()
    assert np.array_equal(F == 0, Z <= 0)  # zero exactly where the pre-activation is <= 0
    assert 0 < (F == 0).mean() < 1


def test_one_over_sqrt_m_scaling():
    """|a_i|^2 = (1/m) sum_j relu(w_j^T x_i)^2 -> E relu(z)^2 = |x_i|^2/(2d), z ~ N(0, |x_i|^2/d): O(1) in m."""
    d, m = 4, 20_000
    W = RF.init_weights(m, d, seed=4)
    F = RF.features(X, W, "relu")
    want = np.sum(X**2, axis=1) / (2 * d)
    # relu(z)^2 has relative std sqrt(5) about its mean s^2/2; over m = 2e4: 0.016; allow 5 sigma
    np.testing.assert_allclose(np.sum(F**2, axis=1), want, rtol=0.08)
    # the scaling itself: doubling m leaves the Gram matrix O(1) (it would double without 1/sqrt(m))
    F2 = RF.features(X, RF.init_weights(2 * m, d, seed=5), "relu")
    np.testing.assert_allclose(np.sum(F2**2, axis=1), want, rtol=0.06)  # std 0.011 at 4e4; 5 sigma


def test_unknown_activation():
    with pytest.raises(KeyError):
        RF.features(X, RF.init_weights(2, 4, 0), "gelu")
