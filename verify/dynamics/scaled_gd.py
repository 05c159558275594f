"""GD with a state-dependent step ``theta+ = theta - eta s(theta) grad L(theta)`` (kymg23).

A positive scalar ``s(theta)`` rescales time only: as ``eta -> 0`` the iterates follow the
gradient-flow path of ``L`` (reparametrised by ``dt = eta s(theta)``), so long-time gradient flow
on exponential-type losses can be followed with steps that stay stable as the parameters grow.
Use with ``L = log sum_i exp(-q_i)`` (the log of the exponential loss: its gradient is that of the
exponential loss divided by the loss, again a time change) and ``s(theta) = 1 / (1 + |theta_S|^2)``
for the parameters ``S`` whose curvature grows (:func:`inverse_norm_scale`).

Clock: the time of the followed flow. Step k advances the gradient-flow time of ``loss`` by
``eta s(theta_k)``; the same path traversed by another flow whose clock runs ``r(theta)`` times
faster advances that clock by ``eta s(theta_k) r(theta_k)``. With ``log_rate``
(``(theta, *args) -> log r(theta)``) the run also returns ``log_time``:
``log t_k = log sum_{j<k} eta s(theta_j) r(theta_j)`` at every record (explicit Euler, accumulated
with ``logaddexp``: t grows exponentially in the margins; ``-inf`` at ``theta_0``). For
``loss = log L``: gradient flow of ``log L`` moves ``1/L`` times faster than that of ``L``
(``grad log L = grad L / L``), so the same path takes ``dt_L = dt_{log L} / L``, i.e. ``r = 1/L``
and ``log_rate = -loss`` gives the time of gradient flow on ``L`` itself.

``record(theta)`` is stored every ``every`` steps: ``records`` has ``steps // every + 1`` entries
(the first at theta_0). jit + lax.scan, data traced (``args``), one compile per
(loss, scale, record, steps, every) and argument shapes.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import jax
import jax.numpy as jnp

from verify.dynamics.gd import Run
from verify.measure.derivatives import memo

__all__ = ["scaled_gd", "inverse_norm_scale", "ClockedRun"]


class ClockedRun(NamedTuple):
    """Final iterate, the stacked records and ``log_time`` (one entry per record) of a clocked run."""

    theta: Any
    records: Any
    log_time: Any


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


@memo
def _clocked_runner(loss, scale, record, steps, every, log_rate):
    g = jax.grad(loss)

    def block(state, eta, args):
        def one(st, _):
            th, logt = st
            logt = jnp.logaddexp(logt, jnp.log(eta * scale(th)) + log_rate(th, *args))
            return (th - eta * scale(th) * g(th, *args), logt), None

        (theta, logt), _ = jax.lax.scan(one, state, None, length=every)
        return (theta, logt), (record(theta), logt)

    def run(theta0, eta, *args):
        start = (theta0, jnp.asarray(-jnp.inf, dtype=jnp.float64))
        (theta, _), (rest, logts) = jax.lax.scan(lambda st, _: block(st, eta, args), start, None,
                                                 length=steps // every)
        first = record(theta0)
        recs = jax.tree_util.tree_map(lambda a, b: jnp.concatenate([a[None], b], axis=0), first, rest)
        return theta, recs, jnp.concatenate([start[1][None], logts])

    return jax.jit(run)


def scaled_gd(loss, theta0, eta, steps, *, scale, record=lambda th: th, every=1, args=(), log_rate=None):
    """Run ``steps`` (a multiple of ``every``) steps; returns :class:`verify.dynamics.gd.Run`, or a
    :class:`ClockedRun` with ``log_time`` when ``log_rate(theta, *args)`` is given (see the module docstring)."""
    if steps % every:
        raise ValueError("steps must be a multiple of every")
    theta0 = jnp.asarray(theta0, dtype=jnp.float64)
    if log_rate is not None:
        theta, rec, logt = _clocked_runner(loss, scale, record, int(steps), int(every), log_rate)(
            theta0, jnp.asarray(eta, dtype=jnp.float64), *args)
        return ClockedRun(theta, rec, logt)
    theta, rec = _runner(loss, scale, record, int(steps), int(every))(
        theta0, jnp.asarray(eta, dtype=jnp.float64), *args)
    return Run(theta, rec)
