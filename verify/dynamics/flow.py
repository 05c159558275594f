"""Gradient flow d theta/dt = -nabla L(theta) by ``scipy.integrate.solve_ivp``.

Stiff-capable implicit methods (``"Radau"`` default, ``"BDF"``, ``"LSODA"``) get the exact
Jacobian of the vector field, -Hess L(theta), from a jitted dense Hessian; explicit methods
(``"RK45"``, ``"DOP853"``) ignore it.  Tolerances default to rtol=1e-11, atol=1e-13.
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


def gradient_flow(loss, theta0, t_end, *, rtol=1e-11, atol=1e-13, method="Radau", t_eval=None,
                  events=None):
    """Integrate gradient flow from ``theta0`` over [0, t_end]; returns :class:`Flow`.

    Raises RuntimeError when the solver fails.  ``t_eval`` defaults to the solver's own steps.
    """
    theta0 = np.asarray(theta0, dtype=np.float64)
    g, h = grad_fn(loss), hessian_fn(loss)
    f = lambda t, y: -np.asarray(g(jnp.asarray(y)))  # noqa: E731
    kw = {}
    if method in _IMPLICIT:
        kw["jac"] = lambda t, y: -np.asarray(h(jnp.asarray(y)))
    sol = solve_ivp(f, (0.0, float(t_end)), theta0, method=method, rtol=rtol, atol=atol,
                    t_eval=t_eval, events=events, **kw)
    if not sol.success:
        raise RuntimeError(f"gradient_flow: {method} failed: {sol.message}")
    return Flow(sol.t, sol.y.T, sol.y[:, -1], int(sol.nfev), int(sol.njev), bool(sol.success),
                str(sol.message))
