"""Heavy-ball and Nesterov gradient descent (full batch) under ``jax.jit`` + ``lax.scan``.

Conventions (no (1 - beta) factor on the gradient, as in Cohen et al. 2021, App.):

* heavy ball:  theta_{t+1} = theta_t - eta grad L(theta_t) + beta (theta_t - theta_{t-1});
* Nesterov:    y_t = theta_t + beta (theta_t - theta_{t-1}),  theta_{t+1} = y_t - eta grad L(y_t);

both started with theta_{-1} = theta_0 (zero initial velocity). On a quadratic with Hessian
eigenvalue h the coordinate along its eigenvector follows the 2x2 companion recursion
(:func:`companion`), whose spectral radius is < 1 iff 0 < eta h < 2 + 2 beta (heavy ball) or
0 < eta h < (2 + 2 beta)/(1 + 2 beta) (Nesterov), for 0 <= beta < 1.
``record(theta)`` is evaluated at theta_0..theta_steps (leading axis steps + 1).
"""

import jax
import jax.numpy as jnp
import numpy as np

from verify.dynamics.gd import Run, _stack_first
from verify.measure.derivatives import memo

__all__ = ["METHODS", "momentum_gd", "companion"]

METHODS = ("heavy_ball", "nesterov")


@memo
def _runner(loss, steps, method, record):
    g0 = jax.grad(loss)

    def run(theta0, eta, beta, args):
        g = lambda th: g0(th, *args)  # noqa: E731
        def step(carry, _):
            th, prev = carry
            if method == "heavy_ball":
                new = th - eta * g(th) + beta * (th - prev)
            else:
                y = th + beta * (th - prev)
                new = y - eta * g(y)
            return (new, th), (record(new) if record is not None else None)

        (theta, _), rest = jax.lax.scan(step, (theta0, theta0), None, length=steps)
        if record is None:
            return theta, None
        return theta, _stack_first(record(theta0), rest)

    return jax.jit(run)


def momentum_gd(loss, theta0, eta, beta, steps, *, method="heavy_ball", record=None, args=()):
    """Run ``steps`` momentum steps; returns :class:`~verify.dynamics.gd.Run`.

    ``loss(theta, *args)``: ``args`` (arrays, e.g. the data or a Hessian) are traced like eta and
    beta, so one compilation serves every example of a given shape. beta = 0 with
    ``method="heavy_ball"`` is plain GD.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (one of {METHODS})")
    theta0 = jnp.asarray(theta0, dtype=jnp.float64)
    f = _runner(loss, int(steps), method, record)
    theta, rec = f(theta0, jnp.asarray(eta, dtype=jnp.float64), jnp.asarray(beta, dtype=jnp.float64),
                   tuple(jnp.asarray(a) for a in args))
    return Run(theta, rec)


def companion(eta_h, beta, method="heavy_ball", *, matrix=None):
    """2x2 matrix M with (x_{t+1}, x_t) = M (x_t, x_{t-1}) for one eigen-direction (eta_h = eta h).

    A float numpy array by default; ``matrix=sympy.Matrix`` with symbols gives the symbolic matrix
    (``derivations.edge_of_stability`` derives the thresholds from it).
    """
    if method == "heavy_ball":
        rows = [[1 + beta - eta_h, -beta], [1, 0]]
    elif method == "nesterov":
        rows = [[(1 - eta_h) * (1 + beta), -beta * (1 - eta_h)], [1, 0]]
    else:
        raise ValueError(f"unknown method {method!r} (one of {METHODS})")
    return np.array(rows, dtype=float) if matrix is None else matrix(rows)
