"""Lyapunov exponents (QR method) against closed forms: 1-D products and commuting matrices."""

import numpy as np
import pytest

from verify.measure import lyapunov as L
from verify.measure.stability import kappa, spectral_radius

STEPS = 20_000


def test_one_dimensional_closed_form():
    a = np.array([0.5, -3.0, 1.2])
    p = np.array([0.5, 0.2, 0.3])
    est = L.top_lyapunov(a[:, None, None], STEPS, probs=p, seed=3)
    exact = float(p @ np.log(np.abs(a)))  # (1/T) sum log|a_t| -> E log|a|
    assert est.stderr > 0
    assert abs(est.value - exact) <= 5 * est.stderr, (est, exact)


@pytest.mark.parametrize("seed", [0, 1])
def test_commuting_closed_form(seed):
    rng = np.random.default_rng(seed)
    U, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    diag = rng.uniform(-2.0, 2.0, size=(4, 3))
    mats = np.stack([U @ np.diag(d) @ U.T for d in diag])  # simultaneously diagonalisable
    exps = np.sort(np.log(np.abs(diag)).mean(axis=0))[::-1]  # one exponent per common eigenvector
    val, se = L.lyapunov_spectrum(mats, STEPS, k=3, seed=seed)
    assert np.all(np.abs(val - exps) <= 5 * se + 1e-12), (val, exps, se)
    # negative control: the exponent of the mean matrix is a different (wrong) quantity
    wrong = np.log(np.max(np.abs(np.linalg.eigvalsh(mats.mean(axis=0)))))
    assert abs(val[0] - wrong) > 5 * se[0]


def test_spectrum_sum_is_log_det():
    rng = np.random.default_rng(4)
    mats = rng.standard_normal((5, 3, 3))
    val, se = L.lyapunov_spectrum(mats, STEPS, k=3, seed=2)
    exact = np.mean(np.log(np.abs(np.linalg.det(mats))))  # volume growth
    assert abs(val.sum() - exact) <= 5 * se.sum()


def test_mean_square_exponent_matches_stability_operator():
    rng = np.random.default_rng(1)
    J = rng.standard_normal((4, 2))
    Hs = np.einsum("ni,nj->nij", J, J)
    eta, B = 0.3, 2
    for sampling in ("with_replacement", "without_replacement"):
        ms = L.mean_square_exponent(L.sgd_matrices(Hs, eta, B, sampling))
        rho = spectral_radius(Hs, eta, kappa(4, B, sampling), reduce=False)
        assert abs(ms - 0.5 * np.log(rho)) < 1e-12
        top = L.top_lyapunov(L.sgd_matrices(Hs, eta, B, sampling), 5000, seed=0)
        assert top.value <= ms + 5 * top.stderr  # Jensen: a.s. exponent <= mean-square exponent
