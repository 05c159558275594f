"""Unit tests for verify.models.depth2 (the depth-2 linear network, GD / GF, mpmath GD)."""

import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest

from verify.models import depth2 as M

RNG = np.random.default_rng(0)


def _point(d, scale=1.0):
    return RNG.standard_normal(d) * scale, RNG.standard_normal(d) * scale


@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_hessian_closed_form_matches_autodiff(d):
    for _ in range(20):
        a, b = _point(d, 1.5)
        phi = float(RNG.uniform(-3, 3))
        H = np.asarray(jax.hessian(M.loss_flat)(jnp.concatenate([a, b]), phi))
        np.testing.assert_allclose(M.hessian(a, b, phi), H, atol=1e-12)
        ev = np.linalg.eigvalsh(H)
        assert abs(M.sharpness(list(a), list(b), phi) - ev[-1]) <= 1e-12 * (1 + abs(ev).max())
        # spectrum: lam/2 +- sqrt(...), and +-eps with multiplicity d - 1
        e = M.residual(a, b, phi)
        lam, m, I = M.norm_sq(a, b), a @ b, M.imbalance(a, b)
        r = np.sqrt((2 * m - phi) ** 2 + I / 4)
        expect = np.sort(np.r_[lam / 2 + r, lam / 2 - r, [e] * (d - 1), [-e] * (d - 1)])
        np.testing.assert_allclose(ev, expect, atol=1e-11 * (1 + abs(ev).max()))


def test_sharpness_at_minimum_is_norm():
    a, b = M.init_ab(3, 2.0, 0.4, 1, 1)
    run = M.run_gd(a, b, 1.3, 0.05, tol=1e-14)
    assert run.converged
    assert abs(run.sharpness - run.lam) < 1e-12 and abs(run.lam - run.limit_sharpness) < 1e-12


@pytest.mark.parametrize("d", [1, 3])
def test_gd_step_decouples_and_shrinks_imbalance(d):
    a, b = _point(d)
    phi, eta = 0.7, 0.3
    e = M.residual(a, b, phi)
    a1, b1 = a - eta * e * b, b - eta * e * a
    np.testing.assert_allclose(a1 + b1, (1 - eta * e) * (a + b), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(a1 - b1, (1 + eta * e) * (a - b), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(M.imbalance(a1, b1), (1 - eta**2 * e**2) ** 2 * M.imbalance(a, b), rtol=1e-13)
    np.testing.assert_allclose(M.imbalance_matrix(a1, b1), (1 - eta**2 * e**2) * M.imbalance_matrix(a, b),
                               atol=1e-14)


def test_init_ab_scale_and_balance():
    for d, scale, bal, sign in [(1, 2.0, 0.3, 1), (3, 0.5, 0.9, -1), (4, 10.0, 0.0, 1), (2, 1.0, 0.0, -1)]:
        a, b = M.init_ab(d, scale, bal, sign, 2)
        assert abs(M.norm_sq(a, b) - scale) < 1e-12 * scale
        assert abs(np.sqrt(M.imbalance(a, b)) - bal * scale) < 1e-7 * scale
    a, b = M.init_ab(2, 1.0, 0.0, 1, 0)
    np.testing.assert_array_equal(a, b)  # v0 = 0
    a, b = M.init_ab(2, 1.0, 0.0, -1, 0)
    np.testing.assert_array_equal(a, -b)  # u0 = 0


def test_run_gd_matches_mpmath_reference():
    a, b = M.init_ab(2, 3.0, 0.5, 1, 3)
    phi, eta = -0.8, 0.2
    f = M.run_gd(a, b, phi, eta, tol=1e-12)
    with mpmath.workdps(50):
        p = M.run_gd_mp(a, b, phi, eta, tol=1e-12)
    assert f.converged and p.status == 0 and f.steps == p.steps
    assert abs(f.log_kappa - float(p.log_kappa)) < 1e-12
    assert abs(f.limit_sharpness - float(mpmath.sqrt(4 * p.phi**2 + p.I))) < 1e-12
    # the GD-limit formula from the residuals
    assert abs(M.gd_limit_sharpness(f.I0, phi, 0.0) - M.gf_limit_sharpness(f.I0, phi)) == 0
    np.testing.assert_allclose(f.limit_sharpness, M.gd_limit_sharpness(f.I0, phi, f.log_kappa), rtol=1e-12)


def test_status_codes():
    assert M.run_gd([2.0], [0.1], 1.0, 1.2).status_text == "diverged"
    assert M.run_gd([1.0, 1.0], [1.0, 1.0], 1.0, 1.05).status_text == "period-2 orbit"
    assert M.run_gd([1.0, 0.5], [-1.0, -0.5], 1.0, 0.3).status == 3
    assert M.run_gd([2.0], [0.1], 1.0, 0.001, max_steps=10).status_text == "step cap reached"


def test_batch_equals_single_runs():
    a0 = np.array([[2.0], [1.0], [0.3]])
    b0 = np.array([[0.1], [0.3], [2.5]])
    etas = np.array([0.5, 0.3, 0.9])
    r = M.run_gd_batch(a0, b0, 1.0, etas, tol=1e-13, max_steps=5000)
    for i in range(3):
        s = M.run_gd(a0[i], b0[i], 1.0, etas[i], tol=1e-13, max_steps=5000)
        assert r["status"][i] == s.status and r["steps"][i] == s.steps
        assert abs(r["I"][i] - s.I) <= 1e-14 * (1 + s.I)


def test_trajectory_matches_run():
    eps, I, lam = M.gd_trajectory([2.0], [0.1], 1.0, 0.5, 20)
    assert eps[0] == pytest.approx(0.2 - 1.0) and I[0] == pytest.approx((4 - 0.01) ** 2)
    np.testing.assert_allclose(lam**2, I + 4 * (eps + 1.0) ** 2, rtol=1e-12)


def test_gradient_flow_conserves_imbalance_and_limit():
    a, b = M.init_ab(3, 2.0, 0.6, -1, 1)
    aT, bT, T, ok = M.gradient_flow(a, b, 0.9)
    assert ok
    np.testing.assert_allclose(M.imbalance_matrix(aT, bT), M.imbalance_matrix(a, b), atol=1e-8)
    assert abs(M.sharpness(list(aT), list(bT), 0.9) - M.gf_limit_sharpness(M.imbalance(a, b), 0.9)) < 1e-8
    # a flow into the saddle is reported as not converged
    assert not M.gradient_flow(*M.init_ab(2, 1.0, 0.0, -1, 0), 1.0)[3]
