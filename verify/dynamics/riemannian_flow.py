"""Riemannian gradient flow of a function restricted to a zero-loss manifold.

    d theta / dt = - grad_M f(theta) = - P(theta) grad f(theta),   theta(0) in M = {F = 0},

``P = I - J^T (J J^T)^{-1} J`` (see :mod:`verify.measure.manifold`). The exact flow stays on
M; numerically each classical RK4 step (fixed ``dt``, local error O(dt^5)) is followed by
``newton`` Gauss-Newton projection steps (quadratic convergence: the O(dt^5) drift off M is
removed to rounding), so the constraint residual stays at rounding level; the largest
residual over the records is returned so callers can check it.

``f(theta, *args)``, ``F(theta, *args)``: stable, JAX-traceable callables (jit is keyed on them).
jit + ``lax.scan`` (outer: records every ``every`` steps; inner: RK4 steps).
"""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from verify.measure.manifold import gn_step, riemannian_grad

__all__ = ["FlowRun", "riemannian_flow"]


class FlowRun(NamedTuple):
    t: np.ndarray  # record times
    theta: np.ndarray  # iterates at the record times (rows)
    f: np.ndarray  # f at the record times
    grad_norm: np.ndarray  # |grad_M f| at the record times
    max_residual: float  # max_i |F_i| over all records


@partial(jax.jit, static_argnames=("f", "F", "chunks", "every", "newton"))
def _flow(f, F, theta0, args, dt, chunks, every, newton):
    def vel(th):
        return -riemannian_grad(f, F, th, *args)

    def rk4(th, _):
        k1 = vel(th)
        k2 = vel(th + 0.5 * dt * k1)
        k3 = vel(th + 0.5 * dt * k2)
        k4 = vel(th + dt * k3)
        th = th + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        for _ in range(newton):
            th = gn_step(F, th, *args)
        return th, None

    def rec(th):
        g = riemannian_grad(f, F, th, *args)
        return th, f(th, *args), jnp.linalg.norm(g), jnp.max(jnp.abs(F(th, *args)))

    def chunk(th, _):
        th, _ = jax.lax.scan(rk4, th, None, length=every)
        return th, rec(th)

    _, recs = jax.lax.scan(chunk, theta0, None, length=chunks)
    return rec(theta0), recs


def riemannian_flow(f, F, theta0, t_end: float, *args, dt: float = 1e-2, every: int = 10,
                    newton: int = 2) -> FlowRun:
    """Integrate the Riemannian gradient flow of ``f`` on ``{F = 0}`` from ``theta0`` (on M)
    up to ``t_end`` with RK4 step ``dt`` + ``newton`` projection steps per RK4 step;
    record every ``every`` steps."""
    steps = int(round(t_end / dt))
    chunks = max(1, steps // every)
    r0, recs = _flow(f, F, jnp.asarray(theta0, jnp.float64), tuple(args), float(dt), chunks,
                     int(every), int(newton))
    th = np.concatenate([np.asarray(r0[0])[None], np.asarray(recs[0])])
    fv = np.concatenate([[float(r0[1])], np.asarray(recs[1])])
    gn = np.concatenate([[float(r0[2])], np.asarray(recs[2])])
    res = max(float(r0[3]), float(np.max(np.asarray(recs[3]))))
    t = np.arange(chunks + 1) * every * dt
    return FlowRun(t, th, fv, gn, res)
