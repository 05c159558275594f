"""Neural-collapse statistics against configurations built by hand."""

import itertools

import numpy as np

from verify.measure.neural_collapse import collapse_statistics, etf_cosine


def _etf(K, d):
    """Rows e_k - 1/K (the standard simplex ETF), rotated into R^d by a fixed orthogonal map."""
    E = np.eye(K) - 1.0 / K
    Q = np.linalg.qr(np.random.default_rng(0).normal(size=(d, d)))[0][:K]
    return E @ Q


def test_exact_collapse_is_zero():
    for K in (3, 4):
        M = _etf(K, K + 1)
        labels = np.repeat(np.arange(K), 3)
        H = M[labels] + 0.7 * np.ones(K + 1)  # a common offset: removed by centring
        s = collapse_statistics(H, labels, 2.5 * M)
        assert s.nc1 < 1e-15 and s.norm_spread < 1e-14 and s.nc3 < 1e-14
        np.testing.assert_allclose(s.cosines, etf_cosine(K), atol=1e-14)


def test_against_enumeration():
    rng = np.random.default_rng(1)
    K, d = 3, 4
    labels = np.array([0, 0, 1, 1, 2, 2])
    H, W = rng.normal(size=(6, d)), rng.normal(size=(K, d))
    s = collapse_statistics(H, labels, W)
    mu = [H[2 * k:2 * k + 2].mean(0) for k in range(K)]  # classes are consecutive pairs here
    g = sum(mu) / K
    cos = [np.dot(mu[k] - g, mu[l] - g) / np.linalg.norm(mu[k] - g) / np.linalg.norm(mu[l] - g)
           for k, l in itertools.combinations(range(K), 2)]
    np.testing.assert_allclose(s.cosines, cos, rtol=1e-13)
    # each pair's two features sit at mu +- (h_1 - h_2)/2
    half = max(np.linalg.norm(H[2 * k] - H[2 * k + 1]) / 2 for k in range(K))
    assert abs(s.nc1 - half / np.max(np.linalg.norm(H, axis=1))) < 1e-14
    Mc = np.stack(mu) - g
    assert abs(s.nc3 - np.linalg.norm(W / np.linalg.norm(W) - Mc / np.linalg.norm(Mc))) < 1e-14
