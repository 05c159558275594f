"""Ito SDE integrators (Euler-Maruyama, Milstein) under ``jax.jit`` + ``lax.scan``, many paths at once.

The equation (Ito) for a state ``x in R^d``:

    dx_t = f(x_t, params) dt + g(x_t, params) dW_t

Noise structure (``noise``):

* ``"diagonal"``: ``g(x) in R^d``, one independent Brownian motion per coordinate,
  ``dx_i = f_i dt + g_i(x) dW_i``; Milstein assumes ``g_i`` depends on ``x_i`` only (diagonal
  noise) and adds ``1/2 g_i (d g_i/d x_i) (dW_i^2 - dt)``;
* ``"scalar"``: ``g(x) in R^d``, ONE Brownian motion shared by all coordinates,
  ``dx = f dt + g(x) dW``; Milstein adds ``1/2 (J_g g)(x) (dW^2 - dt)`` (``J_g g`` by a
  forward-mode JVP), exact Milstein for scalar noise;
* ``"general"``: ``g(x) in R^{d x n_noise}``, ``n_noise`` independent Brownian motions,
  ``dx = f dt + g(x) dW``; Euler-Maruyama only (Milstein would need Levy areas).

Convention: ``g`` is the coefficient of ``dW`` (a standard deviation), not the variance
``g^2``, and not ``sqrt(2 D)`` unless the caller passes ``g = sqrt(2 D)``; the generator is
``f . grad + 1/2 g^2 d^2`` (diagonal). Ito, not Stratonovich (no drift correction).

Randomness: the increments of step ``k`` are ``sqrt(dt) * N(0, 1)`` drawn from
``fold_in(PRNGKey(seed), k)`` with shape ``(paths, m)`` (``m = d`` diagonal, ``1`` scalar), so a
run is a deterministic function of ``seed``; :func:`brownian_increments` returns exactly the
increments a run uses (for exact solutions on the same path, and for coarsening: the
increments of a step ``r dt`` are sums of ``r`` consecutive fine increments, see ``coarsen``).

``f(x, params)`` and ``g(x, params)`` act on ONE path (``x`` of shape ``(d,)``) and are
``vmap``-ed over paths; ``params`` is a traced pytree (changing its values does not recompile).
"""

from __future__ import annotations

from dataclasses import dataclass

import jax
import jax.numpy as jnp

from verify.measure.derivatives import memo

__all__ = ["SDEPath", "integrate", "integrate_increments", "brownian_increments", "coarsen", "SCHEMES",
           "NOISES"]

SCHEMES = ("euler_maruyama", "milstein")
NOISES = ("diagonal", "scalar", "general")


@dataclass(frozen=True)
class SDEPath:
    """``x``: final states ``(paths, d)``; ``records``: ``record(x)`` at steps 0, every, 2 every, ...,
    steps (leading axis ``steps // every + 1``) or None; ``w``: the Brownian motion at the final
    time ``(paths, m)`` (the sum of the increments used)."""

    x: jax.Array
    records: object
    w: jax.Array


def _m(noise, d, n_noise=None):
    if noise not in NOISES:
        raise ValueError(f"unknown noise {noise!r} (one of {NOISES})")
    if noise == "general":
        if not n_noise:
            raise ValueError("noise='general' needs n_noise")
        return int(n_noise)
    return d if noise == "diagonal" else 1


def _dw(key, k, paths, m, dt):
    return jnp.sqrt(dt) * jax.random.normal(jax.random.fold_in(key, k), (paths, m), dtype=jnp.float64)


def _step_fn(f, g, scheme, noise):
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r} (one of {SCHEMES})")
    if noise == "general" and scheme != "euler_maruyama":
        raise ValueError("noise='general' supports euler_maruyama only")

    def one(x, dw, dt, params):  # one path: x (d,), dw (m,)
        gx = g(x, params)
        if noise == "general":
            return x + f(x, params) * dt + gx @ dw
        dW = dw if noise == "diagonal" else dw[0]
        new = x + f(x, params) * dt + gx * dW
        if scheme == "milstein":
            if noise == "diagonal":
                # d g_i / d x_i: diagonal of the Jacobian (the noise is diagonal by assumption)
                dg = jnp.diagonal(jax.jacfwd(lambda z: g(z, params))(x))
                new = new + 0.5 * gx * dg * (dW**2 - dt)
            else:
                jg = jax.jvp(lambda z: g(z, params), (x,), (gx,))[1]
                new = new + 0.5 * jg * (dW**2 - dt)
        return new

    return jax.vmap(one, in_axes=(0, 0, None, None))


@memo
def _runner(f, g, scheme, noise, paths, d, steps, every, record, n_noise):
    m = _m(noise, d, n_noise)
    step = _step_fn(f, g, scheme, noise)

    def run(x0, dt, params, key):
        def body(carry, k):
            x, w = carry
            dw = _dw(key, k, paths, m, dt)
            return (step(x, dw, dt, params), w + dw), None

        def block(carry, j):
            carry, _ = jax.lax.scan(body, carry, j * every + jnp.arange(every))
            return carry, (record(carry[0]) if record is not None else None)

        carry0 = (x0, jnp.zeros((paths, m), dtype=jnp.float64))
        (x, w), rec = jax.lax.scan(block, carry0, jnp.arange(steps // every))
        if record is not None:
            rec = jax.tree_util.tree_map(lambda a, b: jnp.concatenate([a[None], b]), record(x0), rec)
        return x, rec, w

    return jax.jit(run)


def integrate(f, g, x0, dt, steps, *, params=(), scheme="euler_maruyama", noise="diagonal", seed=0,
              record=None, every=1, n_noise=None):
    """Integrate ``dx = f dt + g dW`` (Ito) for ``steps`` steps of size ``dt`` from ``x0``.

    ``x0``: ``(paths, d)`` (every path its own start). ``record``: a function of the states
    ``(paths, d)``, evaluated every ``every`` steps (``steps`` must be a multiple of ``every``).
    ``f``, ``g``, ``record`` should be module-level functions (the compiled runner is cached by them).
    """
    x0 = jnp.asarray(x0, dtype=jnp.float64)
    if x0.ndim != 2:
        raise ValueError("x0 must have shape (paths, d)")
    if steps % every:
        raise ValueError("steps must be a multiple of every")
    paths, d = x0.shape
    run = _runner(f, g, scheme, noise, int(paths), int(d), int(steps), int(every), record, n_noise)
    params = jax.tree_util.tree_map(lambda a: jnp.asarray(a, dtype=jnp.float64), params)
    x, rec, w = run(x0, jnp.float64(dt), params, jax.random.PRNGKey(seed))
    return SDEPath(x=x, records=rec, w=w)


@memo
def _given_runner(f, g, scheme, noise):
    step = _step_fn(f, g, scheme, noise)

    def run(x0, dw, dt, params):
        return jax.lax.scan(lambda x, d: (step(x, d, dt, params), None), x0, dw)[0]

    return jax.jit(run)


def integrate_increments(f, g, x0, dw, dt, *, params=(), scheme="euler_maruyama", noise="diagonal"):
    """Final states ``(paths, d)`` of the scheme driven by the given increments ``dw``
    ``(steps, paths, m)`` (e.g. :func:`coarsen` of finer ones: one Brownian path, several steps)."""
    x0 = jnp.asarray(x0, dtype=jnp.float64)
    if noise == "general" and scheme != "euler_maruyama":
        raise ValueError("noise='general' supports euler_maruyama only")
    params = jax.tree_util.tree_map(lambda a: jnp.asarray(a, dtype=jnp.float64), params)
    return _given_runner(f, g, scheme, noise)(x0, jnp.asarray(dw, dtype=jnp.float64), jnp.float64(dt), params)


@memo
def _increments(paths, m, steps):
    return jax.jit(lambda key, dt: jax.vmap(lambda k: _dw(key, k, paths, m, dt))(jnp.arange(steps)))


def brownian_increments(paths, d, dt, steps, *, noise="diagonal", seed=0, n_noise=None):
    """``(steps, paths, m)``: the increments ``dW_k`` that :func:`integrate` uses with this seed."""
    m = _m(noise, d, n_noise)
    return _increments(int(paths), int(m), int(steps))(jax.random.PRNGKey(seed), jnp.float64(dt))


def coarsen(dw, r):
    """Increments of the step ``r dt``: sums of ``r`` consecutive rows of ``dw`` ``(steps, ...)``."""
    steps = dw.shape[0]
    if steps % r:
        raise ValueError("steps must be a multiple of r")
    return dw.reshape((steps // r, r) + dw.shape[1:]).sum(axis=1)
