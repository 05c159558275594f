"""GD with a state-dependent step ``theta+ = theta - eta s(theta) grad L(theta)`` (kymg23).

A positive scalar ``s(theta)`` rescales time only: as ``eta -> 0`` the iterates follow the
gradient-flow path of ``L`` (reparametrised by ``dt = eta s(theta)``), so long-time gradient flow
on exponential-type losses can be followed with steps that stay stable as the parameters grow.
Use with ``L = log sum_i exp(-q_i)`` (the log of the exponential loss: its gradient is that of the
exponential loss divided by the loss, again a time change) and ``s(theta) = 1 / (1 + |theta_S|^2)``
for the parameters ``S`` whose curvature grows (:func:`inverse_norm_scale`).

``record(theta)`` is stored every ``every`` steps: ``records`` has ``steps // every + 1`` entries
(the first at theta_0). jit + lax.scan, data traced (``args``), one compile per
(loss, scale, record, steps, every) and argument shapes.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from verify.dynamics.gd import Run
from verify.measure.derivatives import memo

__all__ = ["scaled_gd", "inverse_norm_scale"]


@memo
def inverse_norm_scale(mask):
    """``s(theta) = 1 / (1 + sum_{i in mask} theta_i^2)``; ``mask`` a tuple of 0/1 (hashable)."""
    m = jnp.asarray(mask, dtype=jnp.float64)
    return lambda theta: 1.0 / (1.0 + jnp.sum(m * theta**2))


@memo
def _runner(loss, scale, record, steps, every):
    g = jax.grad(loss)

    def block(theta, eta, args):
        def one(th, _):
            return th - eta * scale(th) * g(th, *args), None

        theta, _ = jax.lax.scan(one, theta, None, length=every)
        return theta, record(theta)

    def run(theta0, eta, *args):
        theta, rest = jax.lax.scan(lambda th, _: block(th, eta, args), theta0, None, length=steps // every)
        first = record(theta0)
        return theta, jax.tree_util.tree_map(lambda a, b: jnp.concatenate([a[None], b], axis=0), first, rest)

    return jax.jit(run)


def scaled_gd(loss, theta0, eta, steps, *, scale, record=lambda th: th, every=1, args=()):
    """Run ``steps`` (a multiple of ``every``) steps; returns :class:`verify.dynamics.gd.Run`."""
    if steps % every:
        raise ValueError("steps must be a multiple of every")
    theta0 = jnp.asarray(theta0, dtype=jnp.float64)
    theta, rec = _runner(loss, scale, record, int(steps), int(every))(
        theta0, jnp.asarray(eta, dtype=jnp.float64), *args)
    return Run(theta, rec)
