"""b23 second-order drift: formula error O(eps^3) for reshuffling, O(eps^2) for the variants."""

import numpy as np

from verify.claims.b23 import checks as C
from verify.core.loader import load_builtin
from verify.measure.loglog import fit_slope


def test_second_order_orders():
    err, drift = C.second_order_errors()
    assert abs(fit_slope(C.EPS, err).slope - 3) < 0.1 and abs(fit_slope(C.EPS, drift).slope - 2) < 0.1
    assert np.all(err < 0.1 * drift)  # the formula captures the leading drift
    err_wr, drift_wr = C.second_order_errors(scheme="with_replacement")
    assert np.all(drift_wr < 1e-13)  # i.i.d. batches on quadratics: the mean is GD exactly
    assert abs(fit_slope(C.EPS, err_wr).slope - 2) < 0.1
    assert abs(fit_slope(C.EPS, C.second_order_errors(denom=C.M_**2)[0]).slope - 2) < 0.1


def test_every_claim_has_a_variant():
    mine = [c for c in load_builtin() if c.id.startswith("b23.")]
    assert {c.id for c in mine if c.provenance != "variant"} == {c.variant_of for c in mine if c.provenance == "variant"}


def test_saddle_means():
    wo, wr = C.saddle_means("reshuffle"), C.saddle_means("with_replacement")
    assert wo[0] > 1e-3 and np.all(np.diff(wo) > 0)
    assert np.all(wr < 1e-13)  # i.i.d. batches: the mean follows GD, which stays at the saddle
    # without noise (eps = 0) every scheme is GD and stays at the saddle
    assert np.all(C.saddle_means("reshuffle", eps=0.0) < 1e-13)


def test_smaller_variance_closed_forms_and_reversal():
    # common batch Hessian, eta lambda <= 1: enumeration = closed forms, and without <= with replacement
    rels = C.smaller_variance(3, 3, 0.4, -0.3)
    assert len(rels) == 6 and all(r.holds for r in rels)
    # m = 2, eta lambda = 1.5 (mu < 0): the order reverses, Var_wr - Var_wo = 2 sigma^2 mu < 0
    worse = [r for r in C.smaller_variance(0, 2, 0.2, 1.5) if "<=" in r.label]
    assert worse[0].holds and not worse[1].holds
    assert worse[1].lhs - worse[1].rhs > 0.1 * worse[1].rhs
    # Hessian noise: no closed form is asserted, only the order
    assert len(C.smaller_variance(3, 3, 0.4, -0.3, xi=0.3)) == 2


def test_decoupling_weights_match_the_closed_form():
    import sympy as sp

    from derivations import reshuffling_weights as W
    # the float weight used by the check = the sympy closed form (independent code path)
    for x in (1.5, 0.01, -0.2, 0.7):
        assert abs(C.eigen_weight_value(x, 5) - float(W.weight_closed(5).subs(W.x, sp.Rational(str(x))))) < 1e-12
    w = C.measured_weights(5e-4)
    assert np.allclose(w, [C.eigen_weight_value(x, C.DEC_M) for x in C.DEC_X], rtol=1e-3)
    assert np.all(np.abs(C.measured_weights(5e-4, "with_replacement")) < 1e-5)
    f = C.decoupling(weight=lambda x: C.DEC_M * (C.DEC_M - 1) / 2)  # the control fails on the per-direction weights
    assert [r.holds for r in f.criteria[:3]] == [False, False, False]


def test_mean_fixed_point_against_direct_enumeration():
    import itertools
    A, b = C.fp_problem()
    eta, m, d = 0.1, C.FP_M, C.FP_D
    P, q = np.zeros((d, d)), np.zeros(d)  # independent: products over every order written out
    for pi in itertools.permutations(range(m)):
        Pp, qp = np.eye(d), np.zeros(d)
        for k in pi:
            Mk = np.eye(d) - eta * A[k]
            Pp, qp = Mk @ Pp, Mk @ qp + eta * b[k]
        P, q = P + Pp / 24, q + qp / 24
    assert np.allclose(C.mean_fixed_point(A, b, eta), np.linalg.solve(np.eye(d) - P, q), atol=1e-12)
    # the modified argmin satisfies its own first-order condition
    th = C.argmin_modified(A, b, eta)
    g = [A[k] @ th - b[k] for k in range(m)]
    gbar = sum(g) / m
    grad = gbar + eta / (2 * m) * sum((A[k] - A.mean(0)) @ (g[k] - gbar) for k in range(m))
    assert np.linalg.norm(grad) < 1e-12
    assert not all(r.holds for r in C.fixed_point(coef=0.0).criteria)


def test_escape_time_means_against_monte_carlo_and_gd():
    # the exact mean of reshuffling (mean epoch map) = the Monte Carlo mean of the same trajectories, to 4 SE
    from verify.measure import epoch_average as EA
    sad, v, A, b = C.escape_instance()
    eta, m = 0.4, C.ESC_M
    step = EA.quadratic_step(A, b, eta)
    exact = EA.moments(step, sad, m, 2 * m, "reshuffle").mean  # two epochs, all 4!^2 orders
    mc = EA.monte_carlo(step, sad, m, 2 * m, "reshuffle", n_samples=4000, seed=3)
    assert np.all(np.abs(exact - mc.mean) < 4 * mc.stderr)
    t_wr, d_wr = C.mean_escape_time(eta, "with_replacement")
    assert t_wr == float("inf") and d_wr < 1e-7
    t_wo, _ = C.mean_escape_time(eta, "reshuffle")
    assert t_wo < C.ESC_HORIZON
    # median with its interval: the interval contains the median and is narrow for 2000 runs
    med, lo, hi = C.median_ci(C.trajectory_escape_times(eta, "with_replacement"))
    assert lo <= med <= hi and hi - lo < 0.1 * med


def test_diverges_reference_means_are_gd():
    Q, th0, means = C.flat_displacements()
    for s in ("with_replacement", "noise_injected"):
        assert np.linalg.norm(means[s] - means["gd"]) < 1e-12  # quadratics: both means are GD's (= theta_0)
    assert abs(Q[:, 1] @ (means["reshuffle"] - th0)) > 1e-3
    assert not any(r.holds for r in C.diverges(schemes=("with_replacement", "noise_injected", "gd")).criteria)


def test_partition_average_of_sigma_p_by_the_subset_covariance():
    # independent route (n = 6, b = 3): a uniform b-subset mean has covariance ((n - b)/(n - 1)) Sigma_1 / b, and
    # m - 1 = (n - b)/b, so E[Sigma_P]/(m - 1) = Sigma_1/(n - 1); the check's enumeration must agree with that and
    # the control (/m) must not
    rels = C.regulariser_partition_average()
    assert len(rels) == 3 * len(C.RP_CASES) and all(r.holds for r in rels)
    assert not any(r.holds for r in C.regulariser_partition_average("m"))


def test_variance_ratio_closed_form_against_enumeration():
    # m = 2: (2 S2 - S1^2) / S2 with S1 = 1 + mu, S2 = 1 + mu^2 -> (1 - mu)^2 / (1 + mu^2); equals 1 at eta lambda = 1
    for x in (-0.4, 0.3, 1.0, 1.7):
        mu = 1 - x
        assert np.isclose(C.variance_ratio(x, 2), (1 - mu) ** 2 / (1 + mu**2), rtol=1e-14)
    for m in (3, 4):
        Q, _, wo, wr = C.epoch_covariances(2, m, 0.45, 1.6, 0.0)
        for k, x in enumerate((0.45, 1.6)):
            v = Q[:, k]
            assert np.isclose(v @ wo @ v / (v @ wr @ v), C.variance_ratio(x, m), rtol=1e-10)
