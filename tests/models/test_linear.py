"""verify.models.linear: per-sample Hessians, the range-coordinate reduction, data."""

import numpy as np
import pytest

import verify  # noqa: F401  (float64)
from verify.measure import alignment as AL
from verify.measure import stability as ST
from verify.models import linear as LIN


def _J(n, p, seed, rank=None):
    rng = np.random.default_rng(seed)
    if rank is None:
        return rng.standard_normal((n, p))
    return rng.standard_normal((n, rank)) @ rng.standard_normal((rank, p))


@pytest.mark.parametrize("n,p", [(2, 3), (4, 2)])
def test_per_sample_hessians(n, p):
    J = _J(n, p, 0)
    Hs = LIN.per_sample_hessians(J)
    assert Hs.shape == (n, p, p)
    for i in range(n):
        np.testing.assert_allclose(Hs[i], np.outer(J[i], J[i]), rtol=1e-15)  # one product each: exact
    np.testing.assert_allclose(Hs.mean(0), J.T @ J / n, rtol=1e-13, atol=1e-15)  # H = J^T J / n
    np.testing.assert_allclose(LIN.per_sample_hessians(J, "half_mean"), Hs, rtol=0)  # the default
    np.testing.assert_allclose(LIN.per_sample_hessians(J, "mean"), 2 * Hs, rtol=1e-15)  # ell_i = r_i^2
    with pytest.raises(KeyError):
        LIN.per_sample_hessians(J, "sum")


def _nonzero_eigs(H, tol=1e-9):
    ev = np.linalg.eigvalsh(H)
    return np.sort(ev[ev > tol * ev.max()])


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n,p,rank", [(3, 6, None), (2, 5, None), (4, 5, 2), (4, 2, None)])
def test_range_coordinates_keep_invariants(seed, n, p, rank):
    J = _J(n, p, seed, rank)
    r = min(n, p) if rank is None else rank
    Jr = LIN.range_coordinates(J)
    assert Jr.shape == (n, r)
    # J V V^T J^T = J J^T (V spans the row space); SVD rounding ~ 1e-15 |J|^2
    np.testing.assert_allclose(Jr @ Jr.T, J @ J.T, atol=1e-12 * np.abs(J).max() ** 2)
    Hf, Hr = LIN.per_sample_hessians(J), LIN.per_sample_hessians(Jr)
    Hfm, Hrm = Hf.mean(0), Hr.mean(0)
    assert np.linalg.norm(Hrm) == pytest.approx(np.linalg.norm(Hfm), rel=1e-12)  # rounding ~ 1e-15
    assert np.trace(Hrm) == pytest.approx(np.trace(Hfm), rel=1e-12)
    # nonzero eigenvalues: eigh error ~ 1e-15 lam_max; smallest kept ones >= 1e-4 lam_max here
    np.testing.assert_allclose(_nonzero_eigs(Hrm), _nonzero_eigs(Hfm), rtol=1e-9)
    assert len(_nonzero_eigs(Hfm)) == r
    # basis-free instruments agree (threshold and mu_min live on range(H)); pencils cond <= ~1e4
    kap = ST.kappa(n, 1, "with_replacement")
    assert ST.threshold(Hr, kap) == pytest.approx(ST.threshold(Hf, kap), rel=1e-9)
    assert AL.mu_min(Hr) == pytest.approx(AL.mu_min(Hf), rel=1e-8, abs=1e-12)


def test_range_coordinates_rank_drop_is_exact():
    """A duplicated row: rank 1 less, and the dropped direction carries no Hessian mass."""
    J = _J(3, 4, 5)
    J = np.vstack([J, J[0]])  # n = 4, rank 3
    Jr = LIN.range_coordinates(J)
    assert Jr.shape == (4, 3)
    np.testing.assert_allclose(Jr[3], Jr[0], atol=1e-13)  # same row, same coordinates (SVD rounding)


def test_gaussian_data():
    X = LIN.gaussian_data(3, 4, seed=7)
    assert X.shape == (3, 4)
    np.testing.assert_array_equal(X, LIN.gaussian_data(3, 4, seed=7))  # deterministic by seed
    assert not np.allclose(X, LIN.gaussian_data(3, 4, seed=8))
    np.testing.assert_allclose(LIN.gaussian_data(3, 4, seed=7, scale=4.0), 2 * X, rtol=1e-15)  # variance scale
    np.testing.assert_array_equal(X, np.random.default_rng(7).standard_normal((3, 4)))  # documented generator
    big = LIN.gaussian_data(4000, 5, seed=1, scale=2.0)
    # sample variance of 2e4 N(0, 2) draws: std error 2 sqrt(2/2e4) = 0.02; allow 5 sigma
    assert abs(big.var() - 2.0) < 0.1 and abs(big.mean()) < 0.05  # mean: std error 0.01, 5 sigma


def test_jacobian_is_input():
    X = LIN.gaussian_data(2, 3, seed=0)
    np.testing.assert_array_equal(LIN.jacobian(X), X)
    # f = theta^T x: finite differences of f in theta give x exactly (linear, h = 1)
    theta = np.array([0.3, -1.0, 2.0])
    fd = np.stack([[(theta + e) @ x - theta @ x for e in np.eye(3)] for x in X])
    np.testing.assert_allclose(LIN.jacobian(X), fd, atol=1e-14)  # rounding of O(1) sums
