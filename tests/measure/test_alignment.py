"""The alignment coefficient mu: definition via gradients, Rayleigh bounds, invariances, closed forms."""

import numpy as np
import pytest
import scipy.linalg as sla

import verify  # noqa: F401  (float64)
from verify.measure import alignment as AL

SEEDS = [0, 1, 2]


def _J(n, p, seed, rank=None):
    rng = np.random.default_rng(seed)
    if rank is None:
        return rng.standard_normal((n, p))
    return rng.standard_normal((n, rank)) @ rng.standard_normal((rank, p))


def _hs(J, c=1.0):
    return c * np.einsum("ni,nj->nij", J, J)


def _sigma(G):
    """(1/n) sum g_i g_i^T - g g^T written from the definition."""
    g = G.mean(0)
    return np.mean([np.outer(gi, gi) for gi in G], axis=0) - np.outer(g, g)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n,p", [(2, 3), (3, 2), (4, 3)])
def test_mu_is_the_gradient_definition(seed, n, p):
    J = _J(n, p, seed)
    Hs = _hs(J)
    H = Hs.mean(0)
    delta = np.random.default_rng(100 + seed).standard_normal(p)
    G = Hs @ delta  # g_i = H_i delta (linearised per-sample gradients)
    L = 0.5 * delta @ H @ delta
    # sums of O(10) products; rounding ~ 1e-15 relative, cancellation in Sigma at most ~1e2
    assert AL.mu(Hs, delta) == pytest.approx(AL.mu_from_gradients(G, L, H), rel=1e-11)
    assert AL.mu(Hs, delta) == pytest.approx(np.trace(_sigma(G) @ H) / (2 * L * np.sum(H * H)), rel=1e-11)
    np.testing.assert_allclose(AL.gradient_covariance(G), _sigma(G), atol=1e-12 * np.abs(G).max() ** 2)


@pytest.mark.parametrize("seed", SEEDS)
def test_alignment_matrix_definition(seed):
    J = _J(3, 3, seed)
    Hs = _hs(J)
    H = Hs.mean(0)
    A = AL.alignment_matrix(Hs)
    rng = np.random.default_rng(200 + seed)
    for _ in range(3):
        delta = rng.standard_normal(3)
        # Tr(Sigma H) = delta^T A delta; O(100) sums of O(1) terms: rounding ~ 1e-13 absolute
        assert delta @ A @ delta == pytest.approx(np.trace(_sigma(Hs @ delta) @ H), rel=1e-11, abs=1e-12)
    # A is symmetric PSD (it is a covariance contracted with H >= 0); eigen error ~ 1e-15 |A|
    np.testing.assert_allclose(A, A.T, atol=1e-13 * np.abs(A).max())
    assert np.linalg.eigvalsh(A).min() >= -1e-12 * np.abs(A).max()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n,p,rank", [(3, 3, None), (2, 4, None), (4, 4, 2)])
def test_mu_bounds_attained(seed, n, p, rank):
    J = _J(n, p, seed, rank)
    Hs = _hs(J)
    H = Hs.mean(0)
    # own basis of range(H) and whitening: mu = w^T C w / (|w|^2 |H|_F^2) with delta = V diag(l^-1/2) w
    l, V = np.linalg.eigh(H)
    keep = l > 1e-10 * l.max()
    S = V[:, keep] / np.sqrt(l[keep])
    A = np.mean([Hi @ H @ Hi for Hi in Hs], axis=0) - H @ H @ H  # the definition, not AL.alignment_matrix
    c, W = np.linalg.eigh(S.T @ A @ S)
    F2 = np.sum(H * H)
    lo, hi = AL.mu_min(Hs), AL.mu_max(Hs)
    # eigenvalues of a <= 4x4 symmetric matrix, cond(H on range) <= ~1e4: error ~ 1e-12 relative
    assert lo == pytest.approx(c.min() / F2, rel=1e-9, abs=1e-12)
    assert hi == pytest.approx(c.max() / F2, rel=1e-9)
    assert AL.mu(Hs, S @ W[:, 0]) == pytest.approx(lo, rel=1e-9, abs=1e-12)  # attained at the eigenvectors
    assert AL.mu(Hs, S @ W[:, -1]) == pytest.approx(hi, rel=1e-9)
    rng = np.random.default_rng(300 + seed)
    P = V[:, keep] @ V[:, keep].T
    for _ in range(20):
        delta = P @ rng.standard_normal(p)  # in range(H)
        m = AL.mu(Hs, delta)
        assert lo - 1e-10 <= m <= hi + 1e-10  # Rayleigh quotient; rounding ~ 1e-13
    if keep.sum() < p:  # a null(H) component changes neither numerator nor denominator
        z = (np.eye(p) - P) @ rng.standard_normal(p)
        assert AL.mu(Hs, delta + 10 * z) == pytest.approx(AL.mu(Hs, delta), rel=1e-8)  # |z| ~ 10 amplifies rounding


@pytest.mark.parametrize("seed", SEEDS)
def test_mu_invariant_under_loss_normalisation(seed):
    """ell_i = r_i^2 doubles H_i, H and L and quadruples Sigma: mu unchanged."""
    J = _J(3, 2, seed)
    half, mean = _hs(J), _hs(J, 2.0)
    delta = np.random.default_rng(400 + seed).standard_normal(2)
    assert AL.mu(mean, delta) == pytest.approx(AL.mu(half, delta), rel=1e-12)  # rounding only
    assert AL.mu_min(mean) == pytest.approx(AL.mu_min(half), rel=1e-10, abs=1e-14)  # eigh rounding
    assert AL.mu_max(mean) == pytest.approx(AL.mu_max(half), rel=1e-10)
    # gradients of ell_i = (a_i^T delta)^2: 2 a_i a_i^T delta; L = (1/n) sum r_i^2 = delta^T H_half delta
    G = mean @ delta
    L = delta @ half.mean(0) @ delta
    assert AL.mu_from_gradients(G, L, mean.mean(0)) == pytest.approx(AL.mu(half, delta), rel=1e-11)
    # negative control: mixing normalisations (half-mean L with mean-loss gradients) is off by 2
    assert AL.mu_from_gradients(G, 0.5 * L, mean.mean(0)) == pytest.approx(2 * AL.mu(half, delta), rel=1e-11)


@pytest.mark.parametrize("seed", SEEDS)
def test_orthogonal_rows_closed_form(seed):
    """a_i = c_i e_i (n = p): A = diag((n-1) c^6 / n^3), so mu = (n-1) sum c^6 d^2 / (sum c^2 d^2 sum c^4)."""
    n = 3
    rng = np.random.default_rng(seed)
    c = rng.uniform(0.5, 2.0, n)
    Hs = _hs(np.diag(c))
    delta = rng.standard_normal(n)
    want = (n - 1) * np.sum(c**6 * delta**2) / (np.sum(c**2 * delta**2) * np.sum(c**4))
    assert AL.mu(Hs, delta) == pytest.approx(want, rel=1e-12)  # diagonal arithmetic: rounding only
    assert AL.mu_min(Hs) == pytest.approx((n - 1) * c.min() ** 4 / np.sum(c**4), rel=1e-10)
    assert AL.mu_max(Hs) == pytest.approx((n - 1) * c.max() ** 4 / np.sum(c**4), rel=1e-10)


def test_equal_orthogonal_rows_and_single_sample():
    # equal c: mu = (n-1)/n for every delta
    Hs = _hs(np.eye(4) * 1.3)
    for delta in np.random.default_rng(0).standard_normal((3, 4)):
        assert AL.mu(Hs, delta) == pytest.approx(3 / 4, rel=1e-12)
    # n = 1: no noise, Sigma = 0, mu = 0
    Hs1 = _hs(np.array([[1.0, 2.0, -0.5]]))
    assert abs(AL.mu(Hs1, np.array([1.0, 0.1, 0.3]))) < 1e-14  # exact cancellation up to rounding
    assert abs(AL.mu_max(Hs1)) < 1e-12


def test_mu_min_matches_generalised_eigh_in_eigenbasis():
    """mu_min depends only on the basis-free pencil: a rotated stack gives the same value."""
    J = _J(3, 3, 7)
    O, _ = np.linalg.qr(np.random.default_rng(8).standard_normal((3, 3)))
    Hs, Hr = _hs(J), _hs(J @ O.T)
    H = Hs.mean(0)
    A = np.mean([Hi @ H @ Hi for Hi in Hs], axis=0) - H @ H @ H
    want = sla.eigh(A, H, eigvals_only=True).min() / np.sum(H * H)
    assert AL.mu_min(Hr) == pytest.approx(want, rel=1e-9)  # rotation adds rounding ~ 1e-15 * cond


@pytest.mark.parametrize("rows", [((1, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 1), (1, 3), (0, 1))])
def test_mu_min_exact_matches_float(rows):
    import sympy as sp
    Hs = [sp.Matrix(a) * sp.Matrix(a).T for a in rows]
    J = np.array(rows, dtype=float)
    # 2x2 / 3x3 generalised eigenproblems, cond <= ~1e2: relative error ~1e-14 (mu_min ~ 0.02 for the second)
    assert float(AL.mu_min_exact(Hs)) == pytest.approx(AL.mu_min(np.einsum("ni,nj->nij", J, J)), rel=1e-11)
    if rows == ((1, 0), (0, 1)):
        assert AL.mu_min_exact(Hs) == sp.Rational(1, 2)
