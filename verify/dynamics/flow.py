"""Gradient flow d theta/dt = -nabla L(theta) by ``scipy.integrate.solve_ivp``.

The default ``"LSODA"`` detects stiffness: it steps with an explicit Adams method and switches to
BDF (using the Jacobian) only where the flow is stiff, so a non-stiff flow costs what an
explicit solver costs. Stiff-capable methods (``"LSODA"``, ``"Radau"``, ``"BDF"``) get the exact
Jacobian of the vector field, -Hess L(theta), from a jitted dense Hessian; explicit methods
(``"RK45"``, ``"DOP853"``) ignore it.  Tolerances default to rtol=1e-11, atol=1e-13.
``benchmarks/bench_flow.py`` (one core): on a non-stiff 2-parameter flow LSODA takes 0.027 s per
call where Radau takes 1.32 s (49x) and DOP853 0.039 s; on a stiff quadratic (condition 1e5)
LSODA 0.078 s, Radau 1.59 s (20x), DOP853 0.42 s; errors against the closed forms <= 2.6e-12.
On a quadratic L = (1/2) theta^T A theta the solution is theta(t) = expm(-t A) theta_0.
"""

from typing import Any, NamedTuple

import jax.numpy as jnp
import numpy as np
from scipy.integrate import solve_ivp

from verify.measure.derivatives import grad_fn, hessian_fn

_IMPLICIT = ("Radau", "BDF", "LSODA")


class Flow(NamedTuple):
    """t: times (m,); thetas: (m, p) states at t; theta: final state; plus solver stats."""

    t: Any
    thetas: Any
    theta: Any
    nfev: int
    njev: int
    success: bool
    message: str


def gradient_flow(loss, theta0, t_end, *, rtol=1e-11, atol=1e-13, method="LSODA", t_eval=None,
                  events=None, args=()):
    """Integrate gradient flow from ``theta0`` over [0, t_end]; returns :class:`Flow`.

    ``args``: the data of ``loss(theta, *args)``, traced (new data of the same shapes reuse the
    compiled gradient and Hessian).
    Raises RuntimeError when the solver fails.  ``t_eval`` defaults to the solver's own steps.
    """
    theta0 = np.asarray(theta0, dtype=np.float64)
    g, h = grad_fn(loss), hessian_fn(loss)
    f = lambda t, y: -np.asarray(g(jnp.asarray(y), *args))  # noqa: E731
    kw = {}
    if method in _IMPLICIT:
        kw["jac"] = lambda t, y: -np.asarray(h(jnp.asarray(y), *args))
    sol = solve_ivp(f, (0.0, float(t_end)), theta0, method=method, rtol=rtol, atol=atol,
                    t_eval=t_eval, events=events, **kw)
    if not sol.success:
        raise RuntimeError(f"gradient_flow: {method} failed: {sol.message}")
    return Flow(sol.t, sol.y.T, sol.y[:, -1], int(sol.nfev), int(sol.njev), bool(sol.success),
                str(sol.message))
