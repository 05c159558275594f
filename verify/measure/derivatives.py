"""Derivatives of a scalar loss of a flat float64 parameter vector.

Conventions: ``theta`` is a 1-D array of p parameters, ``loss(theta, *args)`` a scalar; ``args``
(default none) are the loss's data, e.g. ``loss(theta, X, y)`` with ``args=(X, y)``.

* ``grad(loss, theta)``       = nabla L(theta)                      (reverse mode)
* ``hvp(loss, theta, v)``     = H(theta) v = d/de nabla L(theta + e v) at e = 0
                                 (forward-over-reverse: jvp of grad; cost ~ 2-3 gradients)
* ``hessian(loss, theta)``    = the dense p x p Hessian, symmetrised as (H + H^T)/2 (the
                                 two agree to rounding): jacfwd of grad for p <= ``chunk``,
                                 else HVPs with the unit vectors in batches of ``chunk``
                                 (``lax.map``), which bounds memory at ~chunk x one HVP.

``hvp_fn(loss)`` / ``grad_fn(loss)`` return jitted closures for repeated use (one compile per
loss function and argument shapes; the results are cached by the loss object, least recently
used of 256 dropped; an unhashable loss is simply not cached). The compiled functions take the
data as traced arguments after theta (``grad_fn(loss)(theta, X, y)``), so new data of the same
shapes reuse the compiled code; a loss that closes over its data (``lambda th: mse(th, X, y)``)
is a new object, and a new compile, for every new data set (``benchmarks/bench_conjecture.py``).
"""

import functools

import jax
import jax.numpy as jnp


def grad(loss, theta, *, args=()):
    """nabla L(theta) as a 1-D array (gradient in theta of ``loss(theta, *args)``)."""
    return jax.grad(loss)(jnp.asarray(theta), *args)


def _hvp(loss, theta, v, args):
    return jax.jvp(lambda t: jax.grad(loss)(t, *args), (theta,), (v,))[1]


def hvp(loss, theta, v, *, args=()):
    """H(theta) v by forward-over-reverse differentiation (jvp of grad)."""
    theta = jnp.asarray(theta)
    return _hvp(loss, theta, jnp.asarray(v, dtype=theta.dtype), args)


def hessian(loss, theta, *, chunk=128, args=()):
    """Dense Hessian (p, p) of ``loss`` at ``theta`` (symmetrised; see module docstring)."""
    theta = jnp.asarray(theta)
    p = theta.shape[0]
    if p <= chunk:
        H = jax.jacfwd(jax.grad(loss))(theta, *args)
    else:
        col = lambda e: _hvp(loss, theta, e, args)  # noqa: E731
        H = jax.lax.map(col, jnp.eye(p, dtype=theta.dtype), batch_size=chunk)
    return 0.5 * (H + H.T)


def memo(fn):
    """``lru_cache(256)`` keyed by the (hashable) arguments; unhashable arguments bypass it."""
    cached = functools.lru_cache(maxsize=256)(fn)

    @functools.wraps(fn)
    def wrapper(*args):
        try:
            hash(args)
        except TypeError:
            return fn(*args)
        return cached(*args)

    return wrapper


@memo
def grad_fn(loss):
    """Jitted ``(theta, *args) -> nabla L(theta)``."""
    return jax.jit(jax.grad(loss))


@memo
def hvp_fn(loss):
    """Jitted ``(theta, v, *args) -> H(theta) v`` (forward-over-reverse)."""
    return jax.jit(lambda theta, v, *args: _hvp(loss, theta, v, args))


@memo
def batched_hvp_fn(loss):
    """Jitted ``(theta, V, *args) -> V H`` for a batch V of shape (m, p) (rows are H v_j)."""
    return jax.jit(lambda theta, V, *args: jax.vmap(lambda v: _hvp(loss, theta, v, args))(V))


@memo
def hessian_fn(loss):
    """Jitted ``(theta, *args) -> H(theta)`` (dense, symmetrised)."""
    return jax.jit(lambda theta, *args: hessian(loss, theta, args=args))
