"""mpmath central differences: closed forms, and jax grad / HVP of a tiny MLP to ~1e-12."""

import jax
import jax.numpy as jnp
import mpmath
import numpy as np
import pytest

import verify  # noqa: F401
from verify.measure.derivatives import grad, hessian, hvp
from verify.models.mlp import flatten, init_mlp, mlp_apply
from verify.precise import mp_gradient, mp_hessian, mp_hvp, to_mpf


def f_mp(x):
    return mpmath.exp(x[0]) * mpmath.sin(x[1]) + x[0] * x[1] ** 3


def test_gradient_and_hessian_closed_form():
    x = [mpmath.mpf("0.3"), mpmath.mpf("-0.7")]
    with mpmath.workdps(50):
        a, b = x
        g = [mpmath.exp(a) * mpmath.sin(b) + b**3, mpmath.exp(a) * mpmath.cos(b) + 3 * a * b**2]
        H = [[mpmath.exp(a) * mpmath.sin(b), mpmath.exp(a) * mpmath.cos(b) + 3 * b**2],
             [mpmath.exp(a) * mpmath.cos(b) + 3 * b**2, -mpmath.exp(a) * mpmath.sin(b) + 6 * a * b]]
        gd = mp_gradient(f_mp, x, dps=50)
        Hd = mp_hessian(f_mp, x, dps=50)
        # errors O(h^2) = 1e-32 (gradient), 1e-24 (Hessian); see verify.precise.finite_diff
        assert max(abs(gd[i] - g[i]) for i in range(2)) < mpmath.mpf("1e-28")
        assert max(abs(Hd[i][j] - H[i][j]) for i in range(2) for j in range(2)) < mpmath.mpf("1e-20")
        # negative control: a perturbed closed form is far off
        assert abs(gd[0] - (g[0] * (1 + mpmath.mpf("1e-10")))) > mpmath.mpf("1e-12")


# ---- a tiny MLP written twice: jax (float64) and mpmath (50 digits) --------------------------
WIDTHS = [2, 3, 1]
X = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8]])
Y = np.array([0.3, -0.2, 0.9])


def loss_jax(theta, unravel):
    pred = jnp.ravel(mlp_apply(unravel(theta), jnp.asarray(X), "tanh"))
    return 0.5 * jnp.mean((pred - Y) ** 2)


def loss_mp(theta):
    """Same model: theta = [W1 (3x2 row-major), b1 (3), W2 (1x3), b2 (1)], half_mean MSE."""
    W1 = [[theta[2 * i + j] for j in range(2)] for i in range(3)]
    b1, W2, b2 = theta[6:9], theta[9:12], theta[12]
    tot = mpmath.mpf(0)
    for x, y in zip(to_mpf(X), to_mpf(Y)):
        h = [mpmath.tanh(W1[i][0] * x[0] + W1[i][1] * x[1] + b1[i]) for i in range(3)]
        r = sum(W2[i] * h[i] for i in range(3)) + b2 - y
        tot += r * r
    return tot / (2 * len(Y))


@pytest.fixture(scope="module")
def model():
    theta, unravel = flatten(init_mlp(jax.random.PRNGKey(4), WIDTHS, bias_scale=0.3))
    return theta, (lambda t: loss_jax(t, unravel))


def test_jax_grad_matches_mp(model):
    theta, loss = model
    assert theta.shape == (13,)
    g = np.asarray(grad(loss, theta))
    gm = np.array([float(v) for v in mp_gradient(loss_mp, to_mpf(theta), dps=50)])
    # float64 reverse mode on a 13-parameter net: rounding ~ 1e-16 x O(10) operations
    np.testing.assert_allclose(g, gm, rtol=1e-12, atol=1e-14)


def test_jax_hvp_matches_mp(model):
    theta, loss = model
    v = np.random.default_rng(0).standard_normal(13)
    hv = np.asarray(hvp(loss, theta, v))
    hm = np.array([float(x) for x in mp_hvp(loss_mp, to_mpf(theta), to_mpf(v), dps=50)])
    np.testing.assert_allclose(hv, hm, rtol=1e-12, atol=1e-13)
    # and the dense Hessian applied to v
    np.testing.assert_allclose(np.asarray(hessian(loss, theta)) @ v, hm, rtol=1e-12, atol=1e-13)
