"""Modified losses of backward error analysis (float64, jax-differentiable).

* :func:`igr` (Barrett & Dherin 2021): GD with step h on L follows, to O(h^3) per step, the
  gradient flow of L~ = L + (h/4) |grad L|^2.
* :func:`smith` (Smith, Dherin, Barrett, De 2021): with m batch losses C_k (batch *means*),
  C = (1/m) sum_k C_k, random reshuffling with step eps follows in mean over the order, to
  O(m^3 eps^3) per epoch, the flow of C~ = C + (eps / (4m)) sum_k |grad C_k|^2.

Both take the loss as ``loss(theta, *args)`` (``batch_loss(theta, k, *args)``) and return a
function of the same signature; ``coef`` overrides the 1/4 (a wrong constant is a variant).
With ``h=None`` (``eps=None``) the step size is traced: the returned function is
``mod(theta, h, *args)``, so a sweep over step sizes compiles once.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

__all__ = ["igr", "smith"]


def igr(loss, h=None, coef=0.25):
    g = jax.grad(loss)

    def traced(theta, h_, *args):
        gr = g(theta, *args)
        return loss(theta, *args) + coef * h_ * jnp.dot(gr, gr)

    return traced if h is None else (lambda theta, *args: traced(theta, h, *args))


def smith(batch_loss, m, eps=None, coef=0.25):
    g = jax.grad(batch_loss)

    def traced(theta, eps, *args):
        total, reg = 0.0, 0.0
        for k in range(m):
            total = total + batch_loss(theta, k, *args)
            gk = g(theta, k, *args)
            reg = reg + jnp.dot(gk, gk)
        return total / m + coef * eps / m * reg

    return traced if eps is None else (lambda theta, *args: traced(theta, eps, *args))
