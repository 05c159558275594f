"""Per-sample gradients and Jacobians by vmap against explicit loops and closed forms."""

import jax
import jax.numpy as jnp
import numpy as np

import verify  # noqa: F401
from verify.measure.persample import per_sample_grads, per_sample_jacobian

RNG = np.random.default_rng(1)
X = RNG.standard_normal((6, 3))
Y = RNG.standard_normal(6)
W = RNG.standard_normal(3)


def loss_i(w, x, y):
    return 0.5 * (jnp.dot(w, x) - y) ** 2


def test_linear_closed_form():
    G = np.asarray(per_sample_grads(loss_i, W, X, Y))
    assert G.shape == (6, 3)
    np.testing.assert_allclose(G, (X @ W - Y)[:, None] * X, rtol=1e-13)
    # the row mean is the gradient of the half_mean loss
    full = jax.grad(lambda w: jnp.mean(jax.vmap(loss_i, (None, 0, 0))(w, X, Y)))(W)
    np.testing.assert_allclose(G.mean(0), full, rtol=1e-13)


def test_nonlinear_matches_loop():
    f = lambda w, x: jnp.tanh(jnp.dot(w, x)) * w[0]  # noqa: E731
    J = np.asarray(per_sample_jacobian(f, W, X))
    loop = np.stack([np.asarray(jax.grad(f)(jnp.asarray(W), x)) for x in X])
    np.testing.assert_allclose(J, loop, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(per_sample_jacobian(lambda w, x: jnp.dot(w, x), W, X), X, rtol=1e-15)
