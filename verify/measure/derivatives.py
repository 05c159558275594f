"""Derivatives of a scalar loss of a flat float64 parameter vector.

Conventions: ``theta`` is a 1-D array of p parameters, ``loss(theta)`` a scalar.

* ``grad(loss, theta)``       = nabla L(theta)                      (reverse mode)
* ``hvp(loss, theta, v)``     = H(theta) v = d/de nabla L(theta + e v) at e = 0
                                 (forward-over-reverse: jvp of grad; cost ~ 2-3 gradients)
* ``hessian(loss, theta)``    = the dense p x p Hessian, symmetrised as (H + H^T)/2 (the
                                 two agree to rounding): jacfwd of grad for p <= ``chunk``,
                                 else HVPs with the unit vectors in batches of ``chunk``
                                 (``lax.map``), which bounds memory at ~chunk x one HVP.

``hvp_fn(loss)`` / ``grad_fn(loss)`` return jitted closures for repeated use (one compile per
loss function; the results are cached by the loss object, least recently used of 256 dropped;
an unhashable loss is simply not cached).
"""

import functools

import jax
import jax.numpy as jnp


def grad(loss, theta):
    """nabla L(theta) as a 1-D array."""
    return jax.grad(loss)(jnp.asarray(theta))


def hvp(loss, theta, v):
    """H(theta) v by forward-over-reverse differentiation (jvp of grad)."""
    theta = jnp.asarray(theta)
    v = jnp.asarray(v, dtype=theta.dtype)
    return jax.jvp(jax.grad(loss), (theta,), (v,))[1]


def hessian(loss, theta, *, chunk=128):
    """Dense Hessian (p, p) of ``loss`` at ``theta`` (symmetrised; see module docstring)."""
    theta = jnp.asarray(theta)
    p = theta.shape[0]
    if p <= chunk:
        H = jax.jacfwd(jax.grad(loss))(theta)
    else:
        col = lambda e: jax.jvp(jax.grad(loss), (theta,), (e,))[1]  # noqa: E731
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
    """Jitted ``theta -> nabla L(theta)``."""
    return jax.jit(jax.grad(loss))


@memo
def hvp_fn(loss):
    """Jitted ``(theta, v) -> H(theta) v`` (forward-over-reverse)."""
    return jax.jit(lambda theta, v: jax.jvp(jax.grad(loss), (theta,), (v,))[1])


@memo
def batched_hvp_fn(loss):
    """Jitted ``(theta, V) -> V H`` for a batch V of shape (m, p) (rows are H v_j)."""
    one = lambda theta, v: jax.jvp(jax.grad(loss), (theta,), (v,))[1]  # noqa: E731
    return jax.jit(jax.vmap(one, in_axes=(None, 0)))


@memo
def hessian_fn(loss):
    """Jitted ``theta -> H(theta)`` (dense, symmetrised)."""
    return jax.jit(lambda theta: hessian(loss, theta))
