"""Trace of the loss Hessian and its gradient, exact for small models.

* ``hessian_trace(loss, theta, *args)``: ``Tr grad^2 loss`` from the dense Hessian
  (``jax.hessian``; exact up to rounding, cost p HVPs), for p up to a few hundred.
* ``hessian_trace_grad(loss, theta, *args)``: ``grad_theta Tr grad^2 loss`` by reverse mode
  through the dense Hessian (third derivatives; exact up to rounding).
* ``gauss_newton_trace(F, theta, *args, c)``: ``c |J|_F^2 = c sum_i |grad F_i|^2``. For the
  squared loss ``L = (c/2) sum_i F_i^2`` one has
  ``grad^2 L = c J^T J + c sum_i F_i grad^2 F_i``, so this equals ``Tr grad^2 L`` on the
  zero-loss manifold ``F = 0`` (and has the same Riemannian gradient and Hessian there,
  since the two functions agree on M).

Calling convention as in :mod:`verify.measure.manifold`: ``loss(theta, *args)``,
``F(theta, *args)``, traced ``args``; pass stable callables so that the jit cache hits.
(A general stochastic / Lanczos trace estimator lives in ``verify.measure.curvature``.)
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp

__all__ = ["hessian_trace", "hessian_trace_grad", "gauss_newton_trace"]


def _trace(loss, theta, args):
    return jnp.trace(jax.hessian(loss)(theta, *args))


@partial(jax.jit, static_argnames=("loss",))
def hessian_trace(loss, theta, *args):
    """``Tr grad^2 loss(theta)`` from the dense Hessian."""
    return _trace(loss, theta, args)


@partial(jax.jit, static_argnames=("loss",))
def hessian_trace_grad(loss, theta, *args):
    """``grad Tr grad^2 loss(theta)`` (p-vector)."""
    return jax.grad(lambda t: _trace(loss, t, args))(theta)


@partial(jax.jit, static_argnames=("F",))
def gauss_newton_trace(F, theta, *args, c=1.0):
    """``c |dF(theta)|_F^2`` (equals ``Tr grad^2 [(c/2)|F|^2]`` where ``F = 0``)."""
    J = jax.jacfwd(F)(theta, *args)
    return c * jnp.sum(J * J)
