"""Diagonal linear network ``f(x) = <u * v, x>`` (bpp24), end-to-end coefficients ``beta = u * v``.

Parameters: the flat vector ``theta = [u; v]`` (length 2d); ``v`` is the first layer (one
weight per input coordinate), ``u`` the second. Loss on a batch B (the 1/2 convention; torch's
``MSELoss`` has no 1/2, which doubles every gradient, i.e. eta -> 2 eta):

    L_B(theta) = 1/(2|B|) sum_{i in B} r_i^2,   r_i = <u * v, x_i> - y_i.

With ``g_B = (1/|B|) sum_{i in B} r_i x_i`` the gradient is ``(g_B * v, g_B * u)``, so one
step is ``u' = u - eta g_B * v``, ``v' = v - eta g_B * u``, and per coordinate

    u' + v' = (u + v)(1 - eta g_B),  u' - v' = (u - v)(1 + eta g_B),
    u'^2 - v'^2 = (u^2 - v^2)(1 - eta^2 g_B^2)

(proved in ``derivations/support_sgd.py``). The closed-form step here is the hand formula; the
tests compare it with ``jax.grad`` of :func:`loss`.
"""

import jax
import jax.numpy as jnp

__all__ = ["split", "beta", "predict", "residuals", "loss_i", "loss", "batch_g", "step", "loss_batch_fn", "run"]


def split(theta):
    """``(u, v)`` from ``theta = [u; v]``."""
    d = theta.shape[-1] // 2
    return theta[..., :d], theta[..., d:]


def beta(theta):
    """End-to-end coefficients ``u * v``."""
    u, v = split(theta)
    return u * v


def predict(theta, X):
    return X @ beta(theta)


def residuals(theta, X, y):
    return predict(theta, X) - y


def loss_i(theta, x, y):
    """Per-sample loss ``r^2 / 2`` (for :func:`verify.dynamics.weighted.run_weighted`)."""
    return 0.5 * (jnp.dot(beta(theta), x) - y) ** 2


def loss(theta, X, y):
    """``1/(2n) sum_i r_i^2`` over the rows of X."""
    r = residuals(theta, X, y)
    return 0.5 * jnp.mean(r**2)


def batch_g(theta, X, y, idx=None):
    """``g_B = (1/|B|) sum_{i in B} r_i x_i`` (all rows when ``idx`` is None)."""
    if idx is not None:
        X, y = X[idx], y[idx]
    r = residuals(theta, X, y)
    return r @ X / X.shape[0]


def step(theta, X, y, idx, eta, wd=0.0):
    """One (S)GD step in closed form, with weight decay ``wd`` (``theta' = theta - eta (grad + wd theta)``)."""
    u, v = split(theta)
    g = batch_g(theta, X, y, idx)
    return jnp.concatenate([u - eta * (g * v + wd * u), v - eta * (g * u + wd * v)])


def loss_batch_fn(X, y):
    """``(theta, idx) -> L_B(theta)`` for :func:`verify.dynamics.sgd.sgd` (data closed over)."""
    X, y = jnp.asarray(X), jnp.asarray(y)
    return lambda theta, idx: loss(theta, X[idx], y[idx])


@jax.jit
def _run(theta0, X, y, idx_all, eta, wd):
    def body(theta, idx):
        new = step(theta, X, y, idx, eta, wd)
        return new, new

    _, thetas = jax.lax.scan(body, theta0, idx_all)
    return jnp.concatenate([theta0[None], thetas])


def run(theta0, X, y, idx_all, eta, wd=0.0):
    """Closed-form (S)GD along the given index sets ``idx_all`` (steps, b): all iterates (steps + 1, 2d).

    Data, step size and index sets are traced (one compile per shape). GD: every row of
    ``idx_all`` is ``arange(n)``.
    """
    return _run(jnp.asarray(theta0, dtype=jnp.float64), jnp.asarray(X), jnp.asarray(y),
                jnp.asarray(idx_all), jnp.asarray(eta, dtype=jnp.float64), jnp.asarray(wd, dtype=jnp.float64))
