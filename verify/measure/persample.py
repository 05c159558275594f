"""Per-sample gradients by ``vmap``.

* ``per_sample_grads(loss_i, theta, X, Y)``: row i is nabla_theta loss_i(theta, X[i], Y[i]);
  shape (n, p).  With a mean loss L = (1/n) sum_i loss_i the full gradient is the row mean.
* ``per_sample_jacobian(f, theta, X)``: row i is nabla_theta f(theta, X[i]) for a scalar
  model output f; shape (n, p).  (For half_mean MSE, Hess = J^T J / n + residual terms.)
"""

import jax
import jax.numpy as jnp


def per_sample_grads(loss_i, theta, X, Y):
    """(n, p) matrix of per-sample gradients of ``loss_i(theta, x, y)``."""
    g = jax.vmap(jax.grad(loss_i), in_axes=(None, 0, 0))
    return g(jnp.asarray(theta), jnp.asarray(X), jnp.asarray(Y))


def per_sample_jacobian(f, theta, X):
    """(n, p) Jacobian of the scalar outputs ``f(theta, x_i)`` with respect to theta."""
    g = jax.vmap(jax.grad(f), in_axes=(None, 0))
    return g(jnp.asarray(theta), jnp.asarray(X))
