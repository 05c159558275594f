"""wws22 check functions: their negative controls where no variant claim carries one."""

import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401  (float64)
from verify.claims.wws22 import figures as F
from verify.models import two_layer as TL


@pytest.mark.parametrize("normalization, holds", [("half_mean", True), ("mean", False)])
def test_hessian_decomposition_sees_a_mis_scaled_gauss_newton(normalization, holds):
    """grad^2 L = H_GN + (1/n) sum r_i grad^2 f_i holds at any theta (here the init, residuals large); with
    the H_i of the other normalisation (2 a_i a_i^T, i.e. a Jacobian scaled by sqrt 2) it fails."""
    m, d = 8, 3
    X, y = TL.teacher_data(8, d, 0)
    th = TL.init(m, d, 5)
    _, dec = F.hessian_decomposition(th, X, y, m, d, normalization)
    rel = F.decomposition_relation(dec | {"p": int(th.shape[0])})
    assert rel.holds is holds
    if not holds:
        assert dec["decomp_err"] == pytest.approx(dec["F"] / 2, rel=1e-10)  # off by H_GN(half_mean) = F/2


def test_law_exponents_closed_form():
    """n = 3, B = 2: with replacement c ~ Binomial(2, 1/3), without c ~ Bernoulli(2/3)."""
    for eta in (2.5, 3.9, 4.4):
        lam, _ = F.law_exponents(3, 2, eta, "with_replacement")
        exp = 4 / 9 * np.log(abs(1 - eta / 2)) + 1 / 9 * np.log(abs(1 - eta))
        np.testing.assert_allclose(lam, exp, rtol=1e-13)
        lam, _ = F.law_exponents(3, 2, eta, "without_replacement")
        np.testing.assert_allclose(lam, 2 / 3 * np.log(abs(1 - eta / 2)), rtol=1e-13)


@pytest.mark.parametrize("normalization, holds", [("half_mean", True), ("mean", False)])
def test_size_scale_relation_sees_the_normalisation(normalization, holds):
    """eta_max |H|_F cannot see H -> 2 H; the scale relation (autodiff lambda_max vs Gauss-Newton) does."""
    from verify.models import linear as LIN
    from verify.models import losses as LO
    X = jnp.asarray(LIN.gaussian_data(4, 6, 0))
    v = F.size_values(np.asarray(X), lambda th: LO.mse(X @ th, jnp.zeros(4), "half_mean"), np.zeros(6),
                      normalization)
    w = F.size_values(np.asarray(X), lambda th: LO.mse(X @ th, jnp.zeros(4), "half_mean"), np.zeros(6))
    assert v["frobenius"] == pytest.approx(w["frobenius"], rel=1e-9)  # scale-invariant
    assert F.scale_relation(v, "linear").holds is holds
