"""kappa and the minibatch covariance, checked by exact enumeration of all minibatches."""

import itertools

import numpy as np
import pytest

from verify.measure.noise import gradient_covariance, kappa, minibatch_noise_covariance

G = np.random.default_rng(2).standard_normal((5, 3))


def _exact_cov(G, B, sampling):
    n = G.shape[0]
    if sampling == "with_replacement":
        batches = list(itertools.product(range(n), repeat=B))  # equally likely ordered tuples
    else:
        batches = list(itertools.combinations(range(n), B))  # equally likely subsets
    M = np.stack([G[list(b)].mean(0) for b in batches])
    D = M - G.mean(0)
    return D.T @ D / len(batches)


def test_sigma_definition():
    D = G - G.mean(0)
    np.testing.assert_allclose(gradient_covariance(G), D.T @ D / 5, rtol=1e-14)
    np.testing.assert_allclose(gradient_covariance(G), np.cov(G.T, bias=True), rtol=1e-13)


@pytest.mark.parametrize("B", [1, 2, 3, 5])
@pytest.mark.parametrize("sampling", ["with_replacement", "without_replacement"])
def test_exact_enumeration(B, sampling):
    exact = _exact_cov(G, B, sampling)
    np.testing.assert_allclose(minibatch_noise_covariance(G, B, sampling), exact, rtol=1e-12, atol=1e-14)


def test_wrong_factor_is_detected():
    # negative control: using 1/B without replacement misses the finite-population factor
    exact = _exact_cov(G, 2, "without_replacement")
    assert not np.allclose(gradient_covariance(G) / 2, exact, rtol=1e-3)


def test_kappa_values():
    assert kappa(10, 4, "with_replacement") == 0.25
    assert kappa(10, 4, "without_replacement") == pytest.approx(6 / 36)
    assert kappa(10, 4, "reshuffle") == kappa(10, 4, "without_replacement")
    assert kappa(10, 10, "without_replacement") == 0.0
    assert kappa(10, 1, "without_replacement") == 1.0 == kappa(10, 1, "with_replacement")
    with pytest.raises(ValueError):
        kappa(3, 4, "without_replacement")
    with pytest.raises(ValueError):
        kappa(3, 2, "bootstrap")


def test_kappa_is_exact_for_sympy_integers():
    import sympy as sp
    n, B = sp.Integer(10), sp.Integer(4)
    assert kappa(n, B, "with_replacement") == sp.Rational(1, 4)
    assert kappa(n, B, "without_replacement") == sp.Rational(1, 6)  # a float 1/6 would not compare equal
    assert isinstance(kappa(n, B, "without_replacement"), sp.Rational)
    assert kappa(sp.Integer(2), sp.Integer(2), "without_replacement") == 0
