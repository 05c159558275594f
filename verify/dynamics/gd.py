"""Full-batch gradient descent under ``jax.jit`` + ``lax.scan``.

    theta_{t+1} = theta_t - eta * nabla L(theta_t),   t = 0, ..., steps - 1.

``record(theta)`` (any pytree-valued pure function) is evaluated at every iterate
theta_0, ..., theta_steps; the result stacks them along a new leading axis of length
steps + 1.  ``args`` are the loss's data (``loss(theta, *args)``), traced: a run on new data of
the same shapes reuses the compiled scan.  On a quadratic L = (1/2) theta^T A theta this gives theta_t = (I - eta A)^t theta_0.
"""

from typing import Any, NamedTuple

import jax
import jax.numpy as jnp

from verify.measure.derivatives import memo


class Run(NamedTuple):
    """Final iterate and the stacked records (None without ``record``)."""

    theta: Any
    records: Any


def _stack_first(first, rest):
    return jax.tree_util.tree_map(lambda a, b: jnp.concatenate([a[None], b], axis=0), first, rest)


@memo
def _runner(loss, steps, record):
    g = jax.grad(loss)

    def step(theta, eta, args):
        new = theta - eta * g(theta, *args)
        return new, (record(new) if record is not None else None)

    def run(theta0, eta, *args):
        theta, rest = jax.lax.scan(lambda th, _: step(th, eta, args), theta0, None, length=steps)
        if record is None:
            return theta, None
        return theta, _stack_first(record(theta0), rest)

    return jax.jit(run)


def gd(loss, theta0, eta, steps, *, record=None, args=()):
    """Run ``steps`` GD steps with step size ``eta``; returns :class:`Run` (theta, records).

    Compiled once per (loss, steps, record) triple and argument shapes; ``eta``, ``theta0`` and
    ``args`` are traced.
    """
    theta0 = jnp.asarray(theta0, dtype=jnp.float64)
    theta, rec = _runner(loss, int(steps), record)(theta0, jnp.asarray(eta, dtype=jnp.float64), *args)
    return Run(theta, rec)
