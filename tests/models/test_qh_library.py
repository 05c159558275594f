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
