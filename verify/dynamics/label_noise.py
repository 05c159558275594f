"""Label-noise SGD (Blanc et al. 2020; Damian et al. 2021; Li, Wang, Arora 2022).

Iteration (batch size ``B``, indices drawn uniformly with replacement)::

    i_{k,1..B} ~ U[n],   xi_{k,b} ~ noise law with mean 0 and variance s^2,
    theta_{k+1} = theta_k - eta * grad_theta (1/B) sum_b (q/2) (r_theta(x_{i_b}) - y_{i_b} - xi_{k,b})^2

Conventions (explicit parameters, never implicit):

* ``noise``: ``"uniform_pm"`` (``xi = +-s`` with probability 1/2 each; Blanc / Damian) or
  ``"gaussian"`` (``xi ~ N(0, s^2)``). Both have variance ``s^2``.
* ``sigma`` is the standard deviation ``s`` if ``sigma_is="std"``, the variance ``s^2`` if
  ``sigma_is="variance"``.
* ``loss_scale`` ``q``: the per-sample loss is ``(q/2)(r - y - xi)^2``; ``q = 1`` gives the mean
  loss ``L = (1/2n) sum res^2`` (``c = 1/n``).

On the zero-loss manifold the stochastic gradient is ``-q xi grad r_i``, with covariance
``q^2 s^2 / B * (1/n) sum_i grad r_i grad r_i^T = (q s^2 / B) grad^2 L`` for ``L = (q/2n) sum res^2``
(see :func:`step_gradient` and ``derivations.simplicity_bias``). Slow motion (Li-Wang-Arora,
heuristic derivation in the claim module): over ``k`` steps the iterate follows the Riemannian
gradient flow of ``Tr grad^2 L`` on M for flow time ``tau = q s^2 eta^2 k / (4 B)`` (``L`` with
``c = q/n``).

Implementation: ``jax.jit`` + nested ``lax.scan`` (outer: records, inner: steps); random
numbers drawn per chunk from ``jax.random`` with the given seed: deterministic.
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

__all__ = ["NOISE_LAWS", "noise_std", "sample_noise", "step_gradient", "LabelNoiseRun",
           "label_noise_sgd", "flow_time"]

NOISE_LAWS = ("uniform_pm", "gaussian")


def noise_std(sigma: float, sigma_is: str = "std") -> float:
    """The noise standard deviation ``s`` from ``sigma`` given as a std or a variance."""
    if sigma_is == "std":
        return float(sigma)
    if sigma_is == "variance":
        return float(np.sqrt(sigma))
    raise ValueError(f"sigma_is must be 'std' or 'variance', got {sigma_is!r}")


def sample_noise(key, shape, std, noise: str = "uniform_pm"):
    """Label noise with mean 0 and standard deviation ``std`` (law ``noise``)."""
    if noise == "uniform_pm":
        return std * jax.random.rademacher(key, shape, dtype=jnp.float64)
    if noise == "gaussian":
        return std * jax.random.normal(key, shape, dtype=jnp.float64)
    raise ValueError(f"noise must be one of {NOISE_LAWS}, got {noise!r}")


def step_gradient(predict, theta, X, y, idx, xi, loss_scale=1.0):
    """``grad (1/B) sum_b (q/2)(predict(theta, x_{idx_b}) - y_{idx_b} - xi_b)^2``."""

    def batch_loss(t):
        out = jax.vmap(lambda x: predict(t, x))(X[idx])
        r = out - y[idx] - xi
        return 0.5 * loss_scale * jnp.mean(r * r)

    return jax.grad(batch_loss)(theta)


class LabelNoiseRun(NamedTuple):
    theta: np.ndarray  # final iterate
    steps: np.ndarray  # step counts at the records (k = 0, every, 2 every, ...)
    records: object  # record(theta_k) stacked along axis 0 (a pytree of arrays)


@partial(jax.jit, static_argnames=("predict", "record", "chunks", "every", "batch", "noise"))
def _run(predict, record, theta0, X, y, eta, std, loss_scale, key, chunks, every, batch, noise):
    n = X.shape[0]

    def step(theta, rnd):
        idx, xi = rnd
        return theta - eta * step_gradient(predict, theta, X, y, idx, xi, loss_scale), None

    def chunk(carry, k):
        theta = carry
        kk = jax.random.fold_in(key, k)
        k1, k2 = jax.random.split(kk)
        idx = jax.random.randint(k1, (every, batch), 0, n)
        xi = sample_noise(k2, (every, batch), std, noise)
        theta, _ = jax.lax.scan(step, theta, (idx, xi))
        return theta, record(theta)

    theta, recs = jax.lax.scan(chunk, theta0, jnp.arange(chunks))
    return theta, recs, record(theta0)


def label_noise_sgd(predict, theta0, X, y, *, eta: float, sigma: float, steps: int,
                    noise: str = "uniform_pm", sigma_is: str = "std", batch: int = 1,
                    loss_scale: float = 1.0, seed: int = 0, every: int | None = None,
                    record=None) -> LabelNoiseRun:
    """Run label-noise SGD (module docstring) for ``steps`` steps.

    ``predict(theta, x)``: scalar output for one input (stable callable: jit is keyed on it).
    ``record(theta)``: what to keep every ``every`` steps (default: ``theta``); ``steps`` must
    be a multiple of ``every`` (default ``every = steps // 100``).
    """
    if noise not in NOISE_LAWS:
        raise ValueError(f"noise must be one of {NOISE_LAWS}, got {noise!r}")
    every = every or max(1, steps // 100)
    if steps % every:
        raise ValueError(f"steps={steps} must be a multiple of every={every}")
    record = record or _identity
    std = noise_std(sigma, sigma_is)
    theta, recs, rec0 = _run(predict, record, jnp.asarray(theta0, jnp.float64), jnp.asarray(X),
                             jnp.asarray(y), float(eta), std, float(loss_scale),
                             jax.random.PRNGKey(seed), steps // every, every, int(batch), noise)
    recs = jax.tree_util.tree_map(lambda a, b: np.concatenate([np.asarray(a)[None], np.asarray(b)]),
                                  rec0, recs)
    return LabelNoiseRun(np.asarray(theta), np.arange(steps // every + 1) * every, recs)


def _identity(theta):
    return theta


def flow_time(steps, *, eta: float, sigma: float, sigma_is: str = "std", loss_scale: float = 1.0,
              batch: int = 1):
    """Predicted Riemannian-flow time ``tau = q s^2 eta^2 k / (4 B)`` after ``k`` steps, for the
    flow of ``Tr grad^2 L`` with ``L = (q/2n) sum res^2`` (Li-Wang-Arora time scale)."""
    s = noise_std(sigma, sigma_is)
    return loss_scale * s * s * eta * eta * np.asarray(steps, float) / (4.0 * batch)
