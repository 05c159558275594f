"""The quasi-homogeneity checker against hand-made closed forms."""

import jax.numpy as jnp
import numpy as np
import sympy as sp

from verify.measure import quasi_homogeneity as H

p, q, x = sp.symbols("p q x", real=True)


def test_symbolic_defect_closed_forms():
    # f = p q^2 x: rates (1/3, 1/3) give e^(alpha/3 + 2 alpha/3) = e^alpha
    assert H.symbolic_defect(p * q**2 * x, (p, q), (sp.Rational(1, 3), sp.Rational(1, 3))) == 0
    # rates (1, 0) also valid; (1/2, 1/2) gives e^(3 alpha / 2): defect (e^(3a/2) - e^a) p q^2 x
    assert H.symbolic_defect(p * q**2 * x, (p, q), (1, 0)) == 0
    d = H.symbolic_defect(p * q**2 * x, (p, q), (sp.Rational(1, 2), sp.Rational(1, 2)))
    assert sp.simplify(d - (sp.exp(3 * H.ALPHA / 2) - sp.exp(H.ALPHA)) * p * q**2 * x) == 0


def _f(theta, X):  # f = p q^2 x (sum of the columns of X as x)
    return theta[0] * theta[1] ** 2 * X[:, 0]


def test_numerical_defect_and_euler():
    X = jnp.asarray(np.random.default_rng(0).normal(size=(4, 1)))
    th = np.array([0.7, -1.3])
    assert H.numerical_defect(_f, th, X, (1 / 3, 1 / 3), [-2.0, 0.5, 3.0]) < 1e-14
    # wrong rates (1/2, 1/2): relative defect |e^(3a/2) - e^a| / e^a = e^(a/2) - 1 exactly (|f| = f(|th|, |X|) here)
    a = 1.0
    assert abs(H.numerical_defect(_f, th, X, (0.5, 0.5), [a]) - (np.exp(a / 2) - 1)) < 1e-13
    # E1: <grad f, Lambda theta> = (1/3 + 2/3) f; with (1, 1) it is 3 f, defect 2 f
    assert np.max(np.abs(H.euler_defect(_f, th, X, (1 / 3, 1 / 3)))) < 1e-14
    np.testing.assert_allclose(H.euler_defect(_f, th, X, (1.0, 1.0)), 2 * _f(jnp.asarray(th), X), rtol=1e-13)


def test_hessian_covariance_closed_form():
    # f = p q^2 x: Hessian [[0, 2 q x], [2 q x, 2 p x]]; with rates (1/3, 1/3) the law holds (degree 1);
    # with degree 2 the pulled-back Hessian is e^{-alpha} H(theta): defect |e^{-alpha} - 1| exactly
    X = jnp.asarray(np.random.default_rng(0).normal(size=(4, 1)))
    th = np.array([0.7, -1.3])
    for a in (-2.0, 0.5, 3.0):
        assert H.hessian_covariance_defect(_f, th, X, (1 / 3, 1 / 3), a) < 1e-14
        assert abs(H.hessian_covariance_defect(_f, th, X, (1 / 3, 1 / 3), a, degree=2.0) - abs(np.exp(-a) - 1)) < 1e-13
    # wrong rates (1/2, 1/2): against the Hessian written out by hand at theta and at psi_alpha theta
    a = 1.0
    th_a = np.exp(a * 0.5) * th
    ref = []
    for x in np.asarray(X)[:, 0]:
        Hp = lambda t: np.array([[0, 2 * t[1] * x], [2 * t[1] * x, 2 * t[0] * x]])
        ref.append(np.exp(-a) * np.exp(a * 0.5) ** 2 * Hp(th_a) - Hp(th))
    scale = max(np.max(np.abs(np.array([[0, 2 * th[1] * x], [2 * th[1] * x, 2 * th[0] * x]]))) for x in np.asarray(X)[:, 0])
    assert abs(H.hessian_covariance_defect(_f, th, X, (0.5, 0.5), a) - np.max(np.abs(ref)) / scale) < 1e-13
