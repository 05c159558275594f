"""The shrunk counterexamples to the bw25 paper claims (as reported by `verify run bw25`, quick
profile, seed 0), pinned and re-checked directly on the model, independently of Hypothesis.

They document *why* each as-stated claim fails; the refined claims exclude exactly these cases.
"""

import math

import mpmath

from verify.claims.bw25 import checks as C
from verify.models import depth2 as M


def test_linear_rate_balanced_init_at_two_over_sharpness_is_sublinear():
    """I_0 = 0 (a0 = b0), Phi = 1, eta = 2/S_GF = 1/|Phi|: the limit has eta S_GD = 2 exactly, so the
    rate |1 - eta S_GD| is 1; the residual decays sublinearly (|eps| ~ t^{-1/2})."""
    a, b = C.init(1, 0.0, 0.0, 1, 0)
    eta = 2 / C.s_gf(a, b, 1.0)
    assert eta == 1.0 and M.imbalance(a, b) == 0.0
    e1 = abs(M.run_gd(a, b, 1.0, eta, tol=0, max_steps=5_000).eps)
    e4 = abs(M.run_gd(a, b, 1.0, eta, tol=0, max_steps=20_000).eps)
    assert 1e-3 < e4 < e1 < 1e-1
    assert abs(e1 / e4 - 2.0) < 0.1  # 4x the steps halves |eps|: t^{-1/2}, not geometric


def test_linear_rate_other_failures():
    """Saddle trap (u0 = 0, Phi > 0) and divergence of a large init, both with eta <= 2/S_GF."""
    a, b = C.init(2, 0.0, 0.0, -1, 0)  # a0 = -b0
    assert M.run_gd(a, b, 1.0, 0.5 * 2 / C.s_gf(a, b, 1.0)).status == 3
    a, b = C.init(1, 1.2, 0.0, 1, 0)  # lam_0 = 15.8, balanced: S_0 >> S_GF = 2
    assert M.run_gd(a, b, 1.0, 0.5 * 2 / C.s_gf(a, b, 1.0)).status_text == "diverged"


def test_flatter_than_gf_catapult():
    """Phi = 1, lam_0 = 10, balance 0.25: GD at eta = 20/48 converges to a minimum *sharper* than GF's."""
    a, b = C.init(1, 1.0, 0.25, 1, 0)
    eta = 20 / 48
    run = M.run_gd(a, b, 1.0, eta, tol=1e-13)
    sgf = C.s_gf(a, b, 1.0)
    assert run.converged and run.log_kappa > 0 and run.max_eta_eps > math.sqrt(2)
    assert run.limit_sharpness > sgf + 1.0  # 4.2845 > 3.2016
    with mpmath.workdps(50):
        p = M.run_gd_mp(a, b, 1.0, eta, tol=1e-13)
        assert p.status == 0 and mpmath.sqrt(4 + p.I) - mpmath.sqrt(4 + p.I0) > 1
    # the refined condition excludes it: eta > 2/max(S_0, S_GF)
    assert eta > 2 / max(C.sharp0(a, b, 1.0), sgf)


def test_speed_tradeoff_small_steps_are_slow_and_regularise_less():
    """Phi = 1, lam_0 = 1, balance 1: f = 0.25 needs more steps than f = 0.5 but regularises less."""
    a, b = C.init(1, 0.0, 1.0, 1, 0)
    S = max(C.sharp0(a, b, 1.0), C.s_gf(a, b, 1.0))
    slow, fast = (M.run_gd(a, b, 1.0, 2 * f / S, tol=1e-9) for f in (0.25, 0.5))
    assert slow.steps > fast.steps
    assert -2 * slow.log_kappa < -2 * fast.log_kappa - 0.3  # 0.228 < 0.594


def test_large_step_balanced_init_never_converges():
    """Phi = 1, a0 = b0, eta = 2 * 2/S_GF = 2/|Phi|: GD lands exactly on u = 0 (eta eps_t = 1), an invariant set: never converges."""
    a, b = C.init(1, 0.0, 0.0, 1, 0)
    run = M.run_gd(a, b, 1.0, 2 * 2 / C.s_gf(a, b, 1.0), tol=1e-12, max_steps=C.CAP_LARGE)
    assert run.status in (1, 3, 4) and abs(run.eps) > 0.5
