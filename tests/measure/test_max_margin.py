"""Max-margin references against closed forms and against each other."""

import numpy as np
import pytest

from verify.measure import max_margin as MM


def test_two_point_free_bias_closed_form():
    # x+ and x-: w = 2 (x+ - x-) / |x+ - x-|^2, b = -w^T (x+ + x-)/2, margin |x+ - x-| / 2
    xp, xn = np.array([2.0, 1.0]), np.array([0.0, -0.5])
    r = MM.svm(np.vstack([xp, xn]), np.array([1.0, -1.0]), "free")
    d = xp - xn
    w = 2 * d / (d @ d)
    np.testing.assert_allclose(r.w, w, atol=1e-9)
    assert abs(r.b + w @ (xp + xn) / 2) < 1e-9
    assert abs(r.margin - np.linalg.norm(d) / 2) < 1e-9
    assert r.kkt.total < 1e-9


def test_no_bias_single_point_and_regularised_equals_augmented():
    r = MM.svm(np.array([[3.0, 4.0]]), np.array([1.0]), "none")
    np.testing.assert_allclose(r.w, np.array([3.0, 4.0]) / 25, atol=1e-9)
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(size=(4, 2)) + 2, rng.normal(size=(4, 2)) - 1])
    y = np.r_[np.ones(4), -np.ones(4)]
    reg = MM.svm(X, y, "regularised")
    aug = MM.svm(np.hstack([X, np.ones((8, 1))]), y, "none")  # regularised bias = no-bias SVM on (x, 1)
    np.testing.assert_allclose(np.r_[reg.w, reg.b], aug.w, atol=1e-7)
    free = MM.svm(X, y, "free")
    assert free.margin >= reg.margin - 1e-9  # the free bias can only enlarge the geometric margin


def test_asymmetric_closed_form_and_degenerate():
    # 1-D: x = 1 (+), x = 2 (-): b >= 1 - u, b <= -1 - 2u  =>  u <= -2, min |b| = 3 at u = -2
    r = MM.asymmetric_affine(np.array([[1.0], [2.0]]), np.array([1.0, -1.0]))
    assert abs(r.b_star - 3.0) < 1e-9 and not r.degenerate and abs(r.u[0] + 2.0) < 1e-9
    r = MM.asymmetric_affine(np.array([[1.0], [-2.0]]), np.array([1.0, -1.0]))
    assert r.degenerate and r.b_star == 0.0


def test_kkt_residual_detects_non_optimal_points_and_infeasible():
    X, y = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([1.0, -1.0])
    Z = y[:, None] * X
    good = MM.kkt_residual(np.array([1.0, 0.0]), Z, Z @ np.array([1.0, 0.0]))
    bad = MM.kkt_residual(np.array([2.0, 1.0]), Z, Z @ np.array([2.0, 1.0]))  # feasible, not optimal
    assert good.total < 1e-12 and bad.total > 0.5
    with pytest.raises(ValueError):
        MM.svm(np.array([[1.0], [2.0]]), np.array([1.0, -1.0]), "none")  # not separable through 0
