"""A plain fully connected network as a list of (W, b) pairs, and its flat parameter vector.

``widths = [d_0, d_1, ..., d_L]``; layer l maps R^{d_{l-1}} -> R^{d_l} by
``h -> W_l h + b_l``, with ``activation`` between layers (none after the last).  Inputs are
batched row-wise: ``x`` has shape ``(n, d_0)`` and the output ``(n, d_L)``; a single 1-D
input gives a 1-D output.

Initialisation (``init="lecun"``): W_l ~ N(0, scale^2 / d_{l-1}) entrywise, b_l = 0 (or
N(0, bias_scale^2) if ``bias_scale > 0``).  ``flatten`` orders parameters as
W_1 (row-major), b_1, W_2, b_2, ... (jax.flatten_util.ravel_pytree order).
"""

import jax
import jax.numpy as jnp
from jax.flatten_util import ravel_pytree

ACTIVATIONS = {
    "tanh": jnp.tanh,
    "relu": jax.nn.relu,
    "gelu": lambda z: jax.nn.gelu(z, approximate=False),
    "softplus": jax.nn.softplus,
    "sigmoid": jax.nn.sigmoid,
    "linear": lambda z: z,
    "identity": lambda z: z,
}


def activation_fn(activation):
    """The elementwise function named ``activation`` (or ``activation`` itself if callable)."""
    if callable(activation):
        return activation
    try:
        return ACTIVATIONS[activation]
    except KeyError:
        raise ValueError(f"unknown activation {activation!r} (one of {sorted(ACTIVATIONS)})") from None


def init_mlp(key, widths, *, scale=1.0, bias=True, bias_scale=0.0, dtype=jnp.float64):
    """Parameters ``[(W_1, b_1), ..., (W_L, b_L)]`` with W_l of shape (d_l, d_{l-1}).

    W_l ~ N(0, scale^2 / d_{l-1}); b_l ~ N(0, bias_scale^2) (zeros when bias_scale = 0);
    with ``bias=False`` each layer is ``(W_l,)``.
    """
    widths = [int(w) for w in widths]
    if len(widths) < 2:
        raise ValueError("widths needs at least input and output sizes")
    params = []
    keys = jax.random.split(key, 2 * (len(widths) - 1))
    for l, (din, dout) in enumerate(zip(widths[:-1], widths[1:])):
        W = scale / jnp.sqrt(din) * jax.random.normal(keys[2 * l], (dout, din), dtype=dtype)
        if not bias:
            params.append((W,))
            continue
        b = bias_scale * jax.random.normal(keys[2 * l + 1], (dout,), dtype=dtype)
        params.append((W, b))
    return params


def mlp_apply(params, x, activation="tanh"):
    """Network output for inputs ``x`` ((n, d_0) or (d_0,)); activation between layers only."""
    act = activation_fn(activation)
    h = jnp.asarray(x)
    for l, layer in enumerate(params):
        W = layer[0]
        h = h @ W.T
        if len(layer) > 1:
            h = h + layer[1]
        if l < len(params) - 1:
            h = act(h)
    return h


def flatten(params):
    """``(theta, unravel)``: the 1-D float64 parameter vector and its inverse (ravel_pytree)."""
    theta, unravel = ravel_pytree(params)
    return theta, unravel


def num_params(widths, bias=True):
    """Number of parameters of an MLP with these widths."""
    return sum(dout * din + (dout if bias else 0) for din, dout in zip(widths[:-1], widths[1:]))


def mlp_loss(widths, X, y, *, activation="tanh", normalization="half_mean", bias=True):
    """``(loss, unravel)``: the MSE loss of the MLP as a function of the flat ``theta``.

    loss(theta) = mse(mlp_apply(unravel(theta), X), y, normalization); y is reshaped to the
    output shape.
    """
    from verify.models.losses import mse

    template = init_mlp(jax.random.PRNGKey(0), widths, bias=bias)
    _, unravel = flatten(template)
    X = jnp.asarray(X)
    y = jnp.reshape(jnp.asarray(y), (X.shape[0], widths[-1]))

    def loss(theta):
        return mse(mlp_apply(unravel(theta), X, activation), y, normalization)

    return loss, unravel
