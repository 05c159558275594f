"""The sympy and JAX versions of each library model agree (two independent implementations)."""

import jax.numpy as jnp
import numpy as np
import pytest
import sympy as sp

from verify.models import quasi_homogeneous as M


@pytest.mark.parametrize("name", sorted(M.LIBRARY))
def test_sympy_matches_jax(name):
    m = M.LIBRARY[name]()
    rng = np.random.default_rng(1)
    f = sp.lambdify(list(m.params) + list(m.x), m.expr, "numpy")
    for _ in range(5):
        th, x = rng.normal(size=len(m.params)), rng.normal(size=2)
        assert abs(float(m.fn(jnp.asarray(th), jnp.asarray(x[None, :]))[0]) - f(*th, *x)) < 1e-12


def test_rates_and_perturbation():
    m = M.affine_product()
    assert m.rates == (sp.Rational(1, 2),) * 3 + (1,)
    assert M.affine_product(sp.Rational(1, 3)).rates == (sp.Rational(1, 3), sp.Rational(2, 3), sp.Rational(2, 3), 1)
    assert M.perturbed_rates(m) == (sp.Rational(1, 2),) * 3 + (sp.Rational(11, 10),)
    assert M.bias_mlp().rates[-1] == 1 and len(M.bias_mlp().params) == 9


def test_feature_head():
    """Logits against numpy, and quasi-homogeneity with rates (Phi 0, W b 1) and with Phi at rate 1/2."""
    fh = M.feature_head(6, 3, 4)
    rng = np.random.default_rng(2)
    th = rng.normal(size=6 * 4 + 3 * 4 + 3)
    Phi, W, b = th[:24].reshape(6, 4), th[24:36].reshape(3, 4), th[36:]
    ref = (Phi / np.linalg.norm(Phi, axis=1, keepdims=True)) @ W.T + b
    np.testing.assert_allclose(np.asarray(fh.logits(jnp.asarray(th))), ref, rtol=1e-13)
    for rates in (fh.rates, np.where(fh.rates == 0, 0.5, 1.0)):
        moved = np.asarray(fh.logits(jnp.asarray(np.exp(1.3 * rates) * th)))
        np.testing.assert_allclose(moved, np.exp(1.3) * ref, rtol=1e-13)
    assert sum(fh.head_mask) == 15
