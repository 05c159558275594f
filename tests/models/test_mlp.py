"""MLP parameters, flattening order, forward pass against a hand-written numpy version."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.models.mlp import activation_fn, flatten, init_mlp, mlp_apply, mlp_loss, num_params


@pytest.mark.parametrize("widths", [[2, 3, 1], [3, 4, 4, 2]])
def test_shapes_and_count(widths):
    params = init_mlp(jax.random.PRNGKey(0), widths)
    theta, unravel = flatten(params)
    assert theta.ndim == 1 and theta.shape[0] == num_params(widths)
    assert theta.dtype == jnp.float64
    back = unravel(theta)
    for (W, b), (W2, b2) in zip(params, back):
        np.testing.assert_array_equal(W, W2)
        np.testing.assert_array_equal(b, b2)


def test_flatten_order():
    params = init_mlp(jax.random.PRNGKey(1), [2, 3, 1], bias_scale=1.0)
    theta, _ = flatten(params)
    (W1, b1), (W2, b2) = params
    expected = np.concatenate([np.ravel(W1), b1, np.ravel(W2), b2])
    np.testing.assert_array_equal(theta, expected)


def test_forward_matches_numpy():
    params = init_mlp(jax.random.PRNGKey(2), [3, 5, 2], bias_scale=0.5)
    X = np.random.default_rng(0).standard_normal((4, 3))
    (W1, b1), (W2, b2) = [(np.asarray(W), np.asarray(b)) for W, b in params]
    expected = np.tanh(X @ W1.T + b1) @ W2.T + b2
    np.testing.assert_allclose(mlp_apply(params, X, "tanh"), expected, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(mlp_apply(params, X[0], "tanh"), expected[0], rtol=1e-14, atol=1e-15)


def test_init_variance():
    # W ~ N(0, scale^2/d_in): sample variance of 200*100 entries within 5 se (se = sqrt(2/N) var)
    params = init_mlp(jax.random.PRNGKey(3), [100, 200], scale=2.0)
    var = float(jnp.var(params[0][0]))
    target = 4.0 / 100
    assert abs(var - target) < 5 * np.sqrt(2 / 20000) * target


def test_no_bias_and_activations():
    params = init_mlp(jax.random.PRNGKey(0), [2, 2, 1], bias=False)
    assert all(len(layer) == 1 for layer in params)
    assert float(activation_fn("relu")(jnp.asarray(-1.0))) == 0.0
    with pytest.raises(ValueError):
        activation_fn("swishy")
    with pytest.raises(ValueError):
        init_mlp(jax.random.PRNGKey(0), [3])


def test_mlp_loss():
    X = np.random.default_rng(1).standard_normal((5, 2))
    y = np.random.default_rng(2).standard_normal(5)
    loss, unravel = mlp_loss([2, 3, 1], X, y, normalization="mean")
    theta, _ = flatten(init_mlp(jax.random.PRNGKey(0), [2, 3, 1]))
    pred = np.ravel(mlp_apply(unravel(theta), X))
    assert float(loss(theta)) == pytest.approx(np.mean((pred - y) ** 2), rel=1e-14)
