"""Regression: GD limit sharpness for a0 = 2, b0 = 0.1, Phi = 1 (scalar), digest Sec. 4.9.

Two pins per step size:

* the digest's 4-decimal values. They are rounded, so the true value lies within half a unit
  of the 4th decimal: tolerance 5e-5 (any larger would hide a real change; any smaller would
  test the rounding, not the value);
* 16-digit values of the limit computed here with GD in mpmath at 50 digits until
  |eps| < 1e-30. float64 GD (<= 70 steps to |eps| <= 1e-13) accumulates at most ~8 ulp per step
  in I_T, i.e. <= 70 * 8 * 2^-52 * S ~ 5e-13 absolute; the unconsumed tail factor
  prod_{t>=T} (1 - eta^2 eps_t^2)^2 differs from 1 by O(eta^2 eps_T^2) ~ 1e-26. Tolerance
  1e-12 (measured differences are <= 4e-15).
"""

import mpmath
import pytest

from verify.models import depth2 as M

A0, B0, PHI = 2.0, 0.1, 1.0
TABLE = [  # eta, digest (4 decimals), mpmath 50-digit limit (16 digits)
    (0.01, 4.4604, 4.460358486457013),
    (0.1, 4.4281, 4.428148935745967),
    (0.4, 3.8833, 3.883310363964599),
    (0.5, 2.8792, 2.879199280264784),
    (0.6, 2.0223, 2.022343185484056),
    (0.8, 2.0000, 2.000000000012351),
]


@pytest.mark.parametrize("eta,digest,precise", TABLE)
def test_gd_limit_sharpness_table(eta, digest, precise):
    run = M.run_gd([A0], [B0], PHI, eta, tol=1e-13)
    assert run.converged, run.status_text
    s = run.limit_sharpness
    assert abs(s - digest) <= 5e-5, (s, digest)
    assert abs(s - precise) <= 1e-12, (s, precise)
    # the closed-form Hessian eigenvalue at the last iterate agrees (eps_T <= 1e-13 away from the limit)
    assert abs(run.sharpness - s) <= 4 * abs(run.eps) + 1e-12


def test_gf_value_and_window():
    """S_GF = 4.4632 (digest); eta = 0.5, 0.6, 0.8 lie beyond 2/S_GF = 0.448 yet converge."""
    sgf = M.gf_limit_sharpness(M.imbalance([A0], [B0]), PHI)
    assert abs(sgf - 4.4632) <= 5e-5
    for eta in (0.5, 0.6, 0.8):
        assert eta > 2 / sgf and M.run_gd([A0], [B0], PHI, eta, tol=1e-13).converged


def test_float64_matches_mpmath_live():
    """The pinned precise value is reproduced by the mpmath GD (not just copied)."""
    with mpmath.workdps(50):
        r = M.run_gd_mp([A0], [B0], PHI, 0.5, tol=mpmath.mpf("1e-30"))
        assert abs(mpmath.sqrt(4 * PHI**2 + r.I) - mpmath.mpf("2.879199280264784")) < 1e-15
