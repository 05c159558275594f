"""Two-layer networks f(x; theta) = v^T phi(W x) / sqrt(m), theta = [vec(W) (row-major); v].

``phi`` is ``"linear"`` (a two-layer linear network) or ``"tanh"``. Training is full-batch GD
(:func:`gd`, jit + lax.scan) or mini-batch SGD through :mod:`verify.dynamics.sgd` with
:func:`batch_loss`, on L = (1/2n) sum (f_i - y_i)^2 ("half_mean"; pass the other normalisation
through ``verify.models.linear.per_sample_hessians``).

At an interpolating minimum the Hessian is the Gauss-Newton matrix (1/n) sum a_i a_i^T with
a_i = grad_theta f(x_i; theta*) (:func:`jacobian`); :func:`hessian` gives the full autodiff
Hessian to test that. For the linear network a_i = J(theta) x_i is linear in x
(:func:`linear_jacobian_map`), so Gaussian inputs give Gaussian Jacobian rows.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["ACTS", "init", "apply", "loss", "jacobian", "hessian", "linear_jacobian_map", "gd", "batch_loss",
           "teacher_data"]

ACTS = {"linear": lambda z: z, "tanh": jnp.tanh}


def init(m: int, d: int, seed: int, scale: float = 1.0):
    """theta0 with W ~ N(0, scale/d), v ~ N(0, scale) (numpy seed), flat float64."""
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((m, d)) * np.sqrt(scale / d)
    v = rng.standard_normal(m) * np.sqrt(scale)
    return jnp.asarray(np.concatenate([W.ravel(), v]))


def _split(theta, m, d):
    return theta[: m * d].reshape(m, d), theta[m * d:]


def apply(theta, x, m: int, d: int, act: str = "tanh"):
    W, v = _split(theta, m, d)
    return v @ ACTS[act](W @ x) / jnp.sqrt(m)


def loss(theta, X, y, m, d, act="tanh"):
    """L = (1/2n) sum (f(x_i) - y_i)^2."""
    r = jax.vmap(lambda x: apply(theta, x, m, d, act))(X) - y
    return 0.5 * jnp.mean(r**2)


@partial(jax.jit, static_argnums=(2, 3, 4))
def jacobian(theta, X, m, d, act="tanh"):
    """Per-sample Jacobian rows a_i = grad_theta f(x_i; theta), shape (n, p)."""
    return jax.vmap(lambda x: jax.grad(apply)(theta, x, m, d, act))(X)


@partial(jax.jit, static_argnums=(3, 4, 5))
def hessian(theta, X, y, m, d, act="tanh"):
    """Dense autodiff Hessian of the half_mean loss."""
    return jax.hessian(loss)(theta, X, y, m, d, act)


def linear_jacobian_map(theta, m: int, d: int):
    """J (p, d) with a(x) = J x for the linear network: [v (x) I_d; W] / sqrt(m)."""
    theta = np.asarray(theta, dtype=float)
    W, v = theta[: m * d].reshape(m, d), theta[m * d:]
    return np.concatenate([np.kron(v[:, None], np.eye(d)), W], axis=0) / np.sqrt(m)


def teacher_data(n: int, d: int, seed: int, act: str = "tanh", m_teacher: int = 4):
    """Inputs x_i ~ N(0, I_d) and labels from a random width-m_teacher teacher of the same kind."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    th = init(m_teacher, d, seed + 1)
    y = np.asarray(jax.vmap(lambda x: apply(th, x, m_teacher, d, act))(jnp.asarray(X)))
    return jnp.asarray(X), jnp.asarray(y)


@partial(jax.jit, static_argnums=(3, 4, 5, 6))
def gd(theta0, X, y, m, d, act, steps, eta):
    """Full-batch GD; returns (theta_T, final loss)."""
    g = jax.grad(loss)

    def step(th, _):
        return th - eta * g(th, X, y, m, d, act), None

    th, _ = jax.lax.scan(step, theta0, None, length=steps)
    return th, loss(th, X, y, m, d, act)


def batch_loss(X, y, m: int, d: int, act: str = "tanh"):
    """``loss_batch(theta, idx)`` = L on the samples ``idx`` (a (B,) int array, repeats counted), the
    form :func:`verify.dynamics.sgd.sgd` takes; SGD runs, and draws its batches, there."""
    X, y = jnp.asarray(X), jnp.asarray(y)
    return lambda theta, idx: loss(theta, X[idx], y[idx], m, d, act)
