"""The SGD second-moment operator and its stability threshold, against independent references.

References used here (none of them calls the function under test): the matrix form T(M), an
explicit average over every mini-batch written in this file, a closed form for commuting
(diagonal) per-sample Hessians, the GD threshold 2/lambda_max(H), and a pseudo-inverse
generalised eigenproblem on the unreduced space.
"""

import itertools
import math

import numpy as np
import pytest

import verify  # noqa: F401  (float64)
from verify.measure import stability as ST

SEEDS = [0, 1]


def _stack(n, p, seed, rank=None):
    """Per-sample Hessians a_i a_i^T (n, p, p); rows of rank ``rank`` if given."""
    rng = np.random.default_rng(seed)
    J = rng.standard_normal((n, p))
    if rank is not None:
        J = rng.standard_normal((n, rank)) @ rng.standard_normal((rank, p))
    return np.einsum("ni,nj->nij", J, J)


def _batch_average(Hs, M, eta, B, sampling):
    """E_I[(I - eta H_I) M (I - eta H_I)] by listing the equally likely batches here (no kappa)."""
    n, p = Hs.shape[0], Hs.shape[1]
    if sampling == "with_replacement":
        Is = list(itertools.product(range(n), repeat=B))
    else:
        Is = list(itertools.combinations(range(n), B))
    out = np.zeros((p, p))
    for I in Is:
        P = np.eye(p) - eta * sum(Hs[i] for i in I) / B
        out += P @ M @ P
    return out / len(Is)


# ------------------------------------------------------------------ operator
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kap", [0.0, 0.3, 1.0])
def test_kronecker_matches_matrix_form(seed, kap):
    Hs = _stack(3, 3, seed)
    M = np.random.default_rng(10 + seed).standard_normal((3, 3))  # not symmetric on purpose
    eta = 0.7 / np.linalg.eigvalsh(Hs.mean(0)).max()
    T = ST.second_moment_operator(Hs, eta, kap)
    # entries O(1) (eta H = O(1)), sums of <= 27 products: rounding ~ 30 * 2^-52 ~ 1e-14
    np.testing.assert_allclose(T @ M.ravel(), ST.apply_operator(Hs, M, eta, kap).ravel(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(T, T.T, atol=1e-13)  # symmetric by construction; rounding ~ 1e-15


@pytest.mark.parametrize("sampling", ST.SAMPLINGS)
@pytest.mark.parametrize("B", [1, 2, 3])
def test_operator_is_the_batch_average(B, sampling):
    """T(M) with kappa(n, B, sampling) equals the explicit average over all batches."""
    n = 3
    Hs = _stack(n, 2, 5)
    M = np.random.default_rng(6).standard_normal((2, 2))
    eta = 0.4
    want = _batch_average(Hs, M, eta, B, sampling)
    got = ST.apply_operator(Hs, M, eta, ST.kappa(n, B, sampling))
    # <= 27 batch products of O(10) entries: rounding ~ 1e-13 relative to |M| ~ 1
    np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-12)


def test_one_sgd_step_monte_carlo():
    """E[delta+ delta+^T] for delta+ = (I - eta H_I) delta, I drawn by numpy, matches T(delta delta^T)."""
    n, B, p, eta = 4, 2, 2, 0.3
    Hs = _stack(n, p, 7)
    delta = np.array([1.0, -0.5])
    rng = np.random.default_rng(8)
    N = 20_000
    for sampling, replace in (("with_replacement", True), ("without_replacement", False)):
        idx = np.stack([rng.choice(n, B, replace=replace) for _ in range(N)])
        HI = Hs[idx].mean(axis=1)  # (N, p, p)
        d1 = delta - eta * HI @ delta  # (N, p)
        outer = np.einsum("ni,nj->nij", d1, d1)
        est, se = outer.mean(0), outer.std(0) / np.sqrt(N)
        want = ST.apply_operator(Hs, np.outer(delta, delta), eta, ST.kappa(n, B, sampling))
        # Monte-Carlo: 5 standard errors (plus rounding) per entry
        assert np.all(np.abs(est - want) <= 5 * se + 1e-12), (sampling, est, want, se)


# ------------------------------------------------------------------ threshold
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n,B,sampling", [(3, 1, "with_replacement"), (3, 2, "without_replacement"),
                                          (4, 2, "with_replacement")])
def test_spectral_radius_crosses_one_at_threshold(seed, n, B, sampling):
    Hs = _stack(n, 2, seed)  # n >= p: H > 0, no null space
    kap = ST.kappa(n, B, sampling)
    eta = ST.threshold(Hs, kap)
    # rho(eta) - 1 ~ (eta - eta_max) v^T D v / |v|^2 = O(1e-6) at +-1e-6 relative; eigvalsh error ~ 1e-15
    assert ST.spectral_radius(Hs, eta * (1 - 1e-6), kap) <= 1 + 1e-12
    assert ST.spectral_radius(Hs, eta * (1 + 1e-6), kap) > 1 + 1e-12
    assert ST.spectral_radius(Hs, 0.5 * eta, kap) < 1
    # independent: the spectral radius of the batch-averaged map mean_I P_I (x) P_I (no kappa, no Q/D)
    Is = list(itertools.product(range(n), repeat=B)) if sampling == "with_replacement" else \
        list(itertools.combinations(range(n), B))

    def rho_enum(e):
        Ps = [np.eye(2) - e * Hs[list(I)].mean(0) for I in Is]
        T = np.mean([np.kron(P, P) for P in Ps], axis=0)
        return np.abs(np.linalg.eigvals(T)).max()

    # same margins as above; nonsymmetric eigvals of a 4x4 matrix: error ~ 1e-14
    assert rho_enum(eta * (1 - 1e-6)) <= 1 + 1e-12
    assert rho_enum(eta * (1 + 1e-6)) > 1 + 1e-12


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kap", [0.25, 0.5, 1.0])
def test_threshold_equals_bisection(seed, kap):
    Hs = _stack(3, 2, seed)
    # bisection stops at relative width 1e-12; rho near 1 known to ~1e-15 with O(1) slope
    assert ST.threshold_bisect(Hs, kap) == pytest.approx(ST.threshold(Hs, kap), rel=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n", [2, 3, 4])
def test_full_batch_without_replacement_is_gd(seed, n):
    Hs = _stack(n, 2, seed)
    kap = ST.kappa(n, n, "without_replacement")
    assert kap == 0.0
    lam = np.linalg.eigvalsh(Hs.mean(0)).max()
    # generalised eigh of a 4x4 pencil with cond(D) <= ~1e4: relative error ~ 1e-12
    assert ST.threshold(Hs, kap) == pytest.approx(2.0 / lam, rel=1e-10)


def test_single_sample_is_gd_for_any_kappa():
    """n = 1: H_1 = H, so Q = H (x) H whatever kappa: eta_max = 2/lambda_max(H)."""
    Hs = _stack(1, 3, 4)
    lam = np.linalg.eigvalsh(Hs[0]).max()
    for kap in (0.0, 0.5, 1.0):
        assert ST.threshold(Hs, kap) == pytest.approx(2.0 / lam, rel=1e-10)  # as in the GD test above


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kap", [0.0, 1.0 / 3, 1.0])
def test_threshold_commuting_closed_form(seed, kap):
    """Diagonal H_i = diag(h_i): T is diagonal on vec(e_j e_l^T), eta_max = 1/max_{j,l} q_jl/(h_j + h_l)."""
    rng = np.random.default_rng(seed)
    h = rng.uniform(0.2, 2.0, size=(3, 3))  # (n, p) diagonals
    Hs = np.stack([np.diag(r) for r in h])
    hb = h.mean(0)
    q = (1 - kap) * np.outer(hb, hb) + kap * np.einsum("nj,nl->jl", h, h) / 3
    want = 1.0 / np.max(q / (hb[:, None] + hb[None, :]))
    assert ST.threshold(Hs, kap) == pytest.approx(want, rel=1e-10)  # 9x9 diagonal pencil: rounding ~ 1e-15


def test_threshold_decreases_with_kappa():
    Hs = _stack(3, 2, 0)
    ts = [ST.threshold(Hs, k) for k in (0.0, 0.25, 0.5, 1.0)]
    assert all(a > b for a, b in zip(ts, ts[1:]))  # Q grows with kappa in the PSD order (H_i not all equal)


# ------------------------------------------------------------------ trajectories
@pytest.mark.parametrize("sampling", ST.SAMPLINGS)
@pytest.mark.parametrize("B", [1, 2, 3])
def test_enumeration_equals_kappa_simulation(B, sampling):
    n, steps = 3, 6
    Hs = _stack(n, 2, 3)
    a = np.array([0.8, -0.3])
    M0 = np.outer(a, a) + 0.1 * np.eye(2)
    eta = 0.9 * ST.threshold(Hs, ST.kappa(n, B, sampling))
    direct = ST.enumerate_second_moment(Hs, M0, eta, B, sampling, steps)
    lt, _ = ST.simulate_second_moment(Hs, M0, eta, ST.kappa(n, B, sampling), steps)
    assert direct.shape == lt.shape == (steps + 1,)
    # 6 steps of a contraction, O(1) entries: rounding ~ 6 * 27 * 2^-52 ~ 1e-13 relative
    np.testing.assert_allclose(direct, lt, rtol=1e-11)
    # and both equal the explicit batch average of this file, iterated
    M, want = M0.copy(), [np.trace(Hs.mean(0) @ M0)]
    for _ in range(steps):
        M = _batch_average(Hs, M, eta, B, sampling)
        want.append(np.trace(Hs.mean(0) @ M))
    np.testing.assert_allclose(direct, want, rtol=1e-11)  # same estimate


@pytest.mark.parametrize("seed", SEEDS)
def test_loss_trajectory_matches_simulation(seed):
    Hs = _stack(3, 3, seed)
    rng = np.random.default_rng(20 + seed)
    A = rng.standard_normal((3, 3))
    M0 = A @ A.T
    kap, steps = 0.5, 8
    eta = 1.02 * ST.threshold(Hs, kap)  # slightly unstable: values grow, still O(10)
    lt, mt = ST.simulate_second_moment(Hs, M0, eta, kap, steps)
    # 8 products of O(1) 9x9 / 3x3 matrices: rounding ~ 1e-14 relative
    np.testing.assert_allclose(ST.loss_trajectory(Hs, M0, eta, kap, steps), lt, rtol=1e-11)
    M, tr = M0, [np.trace(M0)]
    for _ in range(steps):
        M = ST.apply_operator(Hs, M, eta, kap)
        tr.append(np.trace(M))
    np.testing.assert_allclose(mt, tr, rtol=1e-11)  # same estimate
    assert lt[-1] > lt[0]  # above the threshold the loss-weighted moment grows (rho - 1 ~ 0.02 per step)


def test_batches_counts():
    for n, B in [(2, 1), (3, 2), (4, 2), (4, 3), (4, 4)]:
        w = ST.batches(n, B, "with_replacement")
        wo = ST.batches(n, B, "without_replacement")
        assert len(w) == n**B and len(set(w)) == n**B
        assert len(wo) == math.comb(n, B) and len({frozenset(I) for I in wo}) == math.comb(n, B)
        assert all(len(set(I)) == B for I in wo) and all(len(I) == B for I in w)


# ------------------------------------------------------------------ reduction to range(H)
def _threshold_unreduced(Hs, kap):
    """1/lambda_max(Q, D) on the full p^2 space via the pseudo-inverse square root of D = H (+) H."""
    n, p = Hs.shape[0], Hs.shape[1]
    H = Hs.mean(0)
    D = np.kron(H, np.eye(p)) + np.kron(np.eye(p), H)
    Q = (1 - kap) * np.kron(H, H) + kap * sum(np.kron(Hi, Hi) for Hi in Hs) / n
    w, V = np.linalg.eigh(D)
    keep = w > 1e-10 * w.max()
    S = V[:, keep] / np.sqrt(w[keep])
    return 1.0 / np.linalg.eigvalsh(S.T @ Q @ S).max()


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("n,p,rank", [(2, 4, None), (4, 4, 2), (3, 5, 2)])
def test_reduce_to_range(seed, n, p, rank):
    Hs = _stack(n, p, seed, rank)
    r = min(n, p) if rank is None else rank
    Hr, U = ST.reduce_to_range(Hs)
    assert Hr.shape == (n, r, r) and U.shape == (p, r)
    np.testing.assert_allclose(U.T @ U, np.eye(r), atol=1e-13)  # eigh basis: orthonormal to ~1e-15
    # norms of O(10) matrices, rounding ~ 1e-15 relative
    assert np.linalg.norm(Hr.mean(0)) == pytest.approx(np.linalg.norm(Hs.mean(0)), rel=1e-12)
    np.testing.assert_allclose(U @ Hr @ U.T, Hs, atol=1e-12 * np.abs(Hs).max())  # nothing lost off range(H)
    kap = 0.5
    # pinv route drops eigenvalues of D below 1e-10 max; the kept pencil has cond ~ 1e4: error ~ 1e-11
    assert ST.threshold(Hs, kap) == pytest.approx(_threshold_unreduced(Hs, kap), rel=1e-9)
    assert ST.threshold(Hr, kap) == pytest.approx(ST.threshold(Hs, kap), rel=1e-10)
    # the loss-weighted moment does not see null(H): same Tr(H M_t) from U^T M0 U (numpy, rounding ~1e-14)
    M0 = np.random.default_rng(seed).standard_normal((p, p))
    M0 = M0 @ M0.T
    eta = 0.8 * ST.threshold(Hs, kap)
    np.testing.assert_allclose(ST.loss_trajectory(Hs, M0, eta, kap, 5),
                               ST.loss_trajectory(Hr, U.T @ M0 @ U, eta, kap, 5), rtol=1e-11)


def test_threshold_is_rotation_invariant():
    Hs = _stack(3, 3, 9)
    O, _ = np.linalg.qr(np.random.default_rng(11).standard_normal((3, 3)))
    # eta_max is basis-free; the two pencils differ by rounding ~ 1e-15 * cond
    assert ST.threshold(O @ Hs @ O.T, 0.5) == pytest.approx(ST.threshold(Hs, 0.5), rel=1e-10)


# rational Jacobian rows: orthonormal (rational spectrum), and two with irrational top eigenvalues
EXACT_ROWS = [((1, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 1), (1, 3), (0, 1))]


@pytest.mark.parametrize("rows", EXACT_ROWS)
@pytest.mark.parametrize("kap", [(1, 2), (1, 3), (0, 1)])
def test_threshold_exact_matches_float_threshold(rows, kap):
    import sympy as sp
    Hs = [sp.Matrix(a) * sp.Matrix(a).T for a in rows]
    e = ST.threshold_exact(Hs, sp.Rational(*kap))
    J = np.array(rows, dtype=float)
    # float generalised eigenproblem of size <= 9, cond(D) <= ~50: relative error ~1e-14
    assert float(e) == pytest.approx(ST.threshold(np.einsum("ni,nj->nij", J, J), kap[0] / kap[1]), rel=1e-12)


def test_threshold_exact_orthonormal_closed_form():
    """a_i = e_i (n = 2): H = I/2 and T acts on diag(M) by (1 - eta/2)^2 + eta^2 kappa/4 (off-diagonal modes are
    more stable), so eta_max = 4/(1 + kappa): 8/3 at kappa = 1/2, 4 at kappa = 0 (GD)."""
    import sympy as sp
    Hs = [sp.Matrix(a) * sp.Matrix(a).T for a in EXACT_ROWS[0]]
    assert ST.threshold_exact(Hs, sp.Rational(1, 2)) == sp.Rational(8, 3)
    assert ST.threshold_exact(Hs, sp.Integer(0)) == 4  # GD: 2/lambda_max(H)
