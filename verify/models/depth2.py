"""Depth-2 linear network with one input and one output (Beneventano & Woodworth 2025).

Model and conventions
---------------------
Parameters ``a, b in R^d`` (width ``d``; ``d = 1`` is the scalar case), predictor
``m = a^T b``, target ``Phi`` and loss (the 1/2 is part of the convention: without it every
sharpness doubles and every ``2/eta`` threshold halves)::

    L(a, b) = 1/2 (a^T b - Phi)^2,     eps = a^T b - Phi   (the residual).

Named quantities: ``lam = |a|^2 + |b|^2`` (squared norm), ``u = a + b``, ``v = a - b``,
``I = |u|^2 |v|^2 = lam^2 - 4 m^2`` (imbalance), ``Q_tr = |a|^2 - |b|^2 = u^T v`` and
``D = a a^T - b b^T``.

Dynamics
--------
* GD with step ``eta``: ``a+ = a - eta eps b``, ``b+ = b - eta eps a``. Equivalently
  ``u+ = (1 - eta eps) u``, ``v+ = (1 + eta eps) v`` (see ``derivations.depth2_linear``).
* Gradient flow: ``a' = -eps b``, ``b' = -eps a``; it conserves ``I``, ``Q_tr`` and ``D``.

Sharpness (largest eigenvalue of the ``2d x 2d`` Hessian ``w w^T + eps J`` with
``w = [b; a]``, ``J = [[0, I_d], [I_d, 0]]``), in closed form everywhere::

    S(a, b) = lam/2 + sqrt((2m - Phi)^2 + I/4)          (d = 1)
    S(a, b) = max(lam/2 + sqrt((2m - Phi)^2 + I/4), |eps|)  (d >= 2)

At a global minimum (``eps = 0``) ``S = lam = sqrt(4 Phi^2 + I)``. Limits:
``S_GF = sqrt(4 Phi^2 + I_0)`` and, when GD converges,
``S_GD = sqrt(4 Phi^2 + kappa^2 I_0)`` with ``kappa = prod_t |1 - eta^2 eps_t^2|``.

Numerics: float64 GD runs under ``jax.jit`` + ``lax.while_loop`` (:func:`run_gd`) or
``lax.scan`` (:func:`gd_trajectory`); :func:`run_gd_mp` is the same iteration in mpmath (the
high-precision reference); :func:`gradient_flow` integrates the flow with scipy DOP853.
The shared ``verify.dynamics`` / ``verify.measure`` modules were not available when this
module was written; the dense Hessian here is the closed form (tested against
``jax.hessian``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import jax
import jax.numpy as jnp
import mpmath
import numpy as np

__all__ = [
    "loss", "loss_flat", "residual", "norm_sq", "imbalance", "imbalance_trace",
    "imbalance_matrix", "hessian", "sharpness", "gf_limit_sharpness", "gd_limit_sharpness",
    "GDRun", "run_gd", "gd_trajectory", "run_gd_mp", "gradient_flow", "STATUS",
]

# run_gd status codes
STATUS = {0: "converged", 1: "diverged", 2: "step cap reached", 3: "collapsed to the saddle a = b = 0"}


# --- the model ---------------------------------------------------------------------------------
def loss(a, b, phi):
    """``L = 1/2 (a^T b - Phi)^2``."""
    return 0.5 * (jnp.dot(a, b) - phi) ** 2


def loss_flat(theta, phi):
    """The same loss on a flat vector ``theta = [a; b]`` (for the shared instruments)."""
    d = theta.shape[0] // 2
    return loss(theta[:d], theta[d:], phi)


def residual(a, b, phi):
    """``eps = a^T b - Phi``."""
    return np.dot(a, b) - phi


def norm_sq(a, b):
    """``lam = |a|^2 + |b|^2``."""
    return np.dot(a, a) + np.dot(b, b)


def imbalance(a, b):
    """``I = |a + b|^2 |a - b|^2`` (``= lam^2 - 4 m^2``; the scalar case gives ``(a^2 - b^2)^2``)."""
    u, v = np.add(a, b), np.subtract(a, b)
    return np.dot(u, u) * np.dot(v, v)


def imbalance_trace(a, b):
    """``Q_tr = |a|^2 - |b|^2``."""
    return np.dot(a, a) - np.dot(b, b)


def imbalance_matrix(a, b):
    """``D = a a^T - b b^T``."""
    return np.outer(a, a) - np.outer(b, b)


def hessian(a, b, phi):
    """Dense Hessian ``w w^T + eps J`` in the ordering ``theta = [a; b]`` (closed form)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    d = a.shape[0]
    w = np.concatenate([b, a])
    J = np.block([[np.zeros((d, d)), np.eye(d)], [np.eye(d), np.zeros((d, d))]])
    return np.outer(w, w) + residual(a, b, phi) * J


def sharpness(a, b, phi, *, lib=math):
    """Top Hessian eigenvalue in closed form (module docstring); ``lib=mpmath`` for mpf inputs."""
    d = len(a)
    m = sum(x * y for x, y in zip(a, b))
    lam = sum(x * x for x in a) + sum(y * y for y in b)
    pu = sum((x + y) ** 2 for x, y in zip(a, b))
    pv = sum((x - y) ** 2 for x, y in zip(a, b))
    top = lam / 2 + lib.sqrt((2 * m - phi) ** 2 + pu * pv / 4)
    return max(top, abs(m - phi)) if d >= 2 else top


def gf_limit_sharpness(I0, phi, *, lib=math):
    """``S_GF = sqrt(4 Phi^2 + I_0)``: gradient flow conserves ``I``; at a minimum ``S = lam``."""
    return lib.sqrt(4 * phi * phi + I0)


def gd_limit_sharpness(I0, phi, eta, eps_seq, *, lib=math):
    """``S_GD = sqrt(4 Phi^2 + kappa^2 I_0)``, ``kappa = prod_t |1 - eta^2 eps_t^2|`` (logs summed)."""
    if I0 == 0:
        return lib.sqrt(4 * phi * phi)
    log_k = sum(lib.log(abs(1 - eta * eta * e * e)) for e in eps_seq)
    return lib.sqrt(4 * phi * phi + lib.exp(2 * log_k + lib.log(I0)))


# --- float64 GD ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GDRun:
    """Summary of a GD run (float64 or mpmath).

    ``status``: key of :data:`STATUS`; ``steps``: iterations taken (``T``); ``a, b``: last
    iterate; ``eps``: ``eps_T``; ``eps_prev``: ``eps_{T-1}``; ``log_kappa``:
    ``sum_{t<T} log|1 - eta^2 eps_t^2|``; ``area``: ``sum_{t<T} L_t``; ``max_eta_eps``:
    ``max_{t<T} eta |eps_t|``; ``I0``, ``I``: imbalance at the start and at the last iterate.
    """

    status: int
    steps: int
    a: np.ndarray
    b: np.ndarray
    eps: float
    eps_prev: float
    log_kappa: float
    area: float
    max_eta_eps: float
    I0: float
    I: float
    phi: float
    eta: float

    @property
    def converged(self) -> bool:
        return self.status == 0

    @property
    def lam(self):
        return norm_sq(self.a, self.b)

    @property
    def sharpness(self):
        """Closed-form sharpness at the last iterate."""
        return sharpness(list(self.a), list(self.b), self.phi)

    @property
    def limit_sharpness(self):
        """``sqrt(4 Phi^2 + I_T)``: the sharpness of the GD limit, exact up to the tail factor
        ``prod_{t>=T} (1 - eta^2 eps_t^2)^2 = 1 - O(eta^2 eps_T^2 / (1 - rho^2))``."""
        return math.sqrt(4 * self.phi**2 + float(self.I))

    @property
    def status_text(self) -> str:
        return STATUS[self.status]


@partial(jax.jit, static_argnames=("max_steps",))
def _gd_while(a0, b0, phi, eta, tol, big, max_steps):
    def eps_of(a, b):
        return jnp.dot(a, b) - phi

    def cond(s):
        a, b, t, e, *_ = s
        lam = jnp.dot(a, a) + jnp.dot(b, b)
        go = (t < max_steps) & (jnp.abs(e) > tol) & (jnp.abs(e) < big) & jnp.isfinite(e)
        return go & (lam > 1e-150)

    def body(s):
        a, b, t, e, e_prev, lk, area, mx = s
        a1, b1 = a - eta * e * b, b - eta * e * a
        lk = lk + jnp.log(jnp.abs(1.0 - (eta * e) ** 2))
        return (a1, b1, t + 1, eps_of(a1, b1), e, lk, area + 0.5 * e * e,
                jnp.maximum(mx, eta * jnp.abs(e)))

    e0 = eps_of(a0, b0)
    z = jnp.zeros((), a0.dtype)
    return jax.lax.while_loop(cond, body, (a0, b0, jnp.zeros((), jnp.int64), e0, jnp.nan * z, z, z, z))


def run_gd(a0, b0, phi, eta, *, tol=1e-12, max_steps=100_000, big=1e8) -> GDRun:
    """Iterate GD from ``(a0, b0)`` until ``|eps| <= tol`` (converged), ``|eps| >= big`` or
    non-finite (diverged), ``lam < 1e-150`` (collapsed onto the saddle ``0``) or ``max_steps``.

    float64 under ``jit`` + ``lax.while_loop``; compiled once per width ``d`` and cap.
    """
    a0 = jnp.asarray(np.atleast_1d(np.asarray(a0, float)))
    b0 = jnp.asarray(np.atleast_1d(np.asarray(b0, float)))
    a, b, t, e, e_prev, lk, area, mx = _gd_while(a0, b0, float(phi), float(eta), float(tol),
                                                 float(big), int(max_steps))
    a, b, e = np.asarray(a), np.asarray(b), float(e)
    lam = float(np.dot(a, a) + np.dot(b, b))
    if abs(e) <= tol:
        status = 0
    elif not math.isfinite(e) or abs(e) >= big or not math.isfinite(lam):
        status = 1
    elif lam <= 1e-150:
        status = 3
    else:
        status = 2
    return GDRun(status, int(t), a, b, e, float(e_prev), float(lk), float(area), float(mx),
                 float(imbalance(np.asarray(a0), np.asarray(b0))), float(imbalance(a, b)),
                 float(phi), float(eta))


@partial(jax.jit, static_argnames=("steps",))
def _gd_scan(a0, b0, phi, eta, steps):
    def body(s, _):
        a, b = s
        e = jnp.dot(a, b) - phi
        u, v = a + b, a - b
        out = (e, jnp.dot(u, u) * jnp.dot(v, v), jnp.dot(a, a) + jnp.dot(b, b))
        return (a - eta * e * b, b - eta * e * a), out

    return jax.lax.scan(body, (a0, b0), None, length=steps)[1]


def gd_trajectory(a0, b0, phi, eta, steps):
    """``(eps_t, I_t, lam_t)`` for ``t = 0 .. steps-1`` as numpy arrays (``lax.scan``)."""
    a0 = jnp.asarray(np.atleast_1d(np.asarray(a0, float)))
    b0 = jnp.asarray(np.atleast_1d(np.asarray(b0, float)))
    e, I, lam = _gd_scan(a0, b0, float(phi), float(eta), int(steps))
    return np.asarray(e), np.asarray(I), np.asarray(lam)


# --- high precision reference -----------------------------------------------------------------
def run_gd_mp(a0, b0, phi, eta, *, steps=None, tol=1e-12, max_steps=100_000, big=1e8) -> GDRun:
    """GD in mpmath at the current working precision (``mpmath.workdps``), from the float
    inputs converted exactly. Runs exactly ``steps`` iterations if given, else stops like
    :func:`run_gd` (same tolerances). Returned fields are ``mpf``.
    """
    mpf = mpmath.mpf
    a = [mpf(float(x)) for x in np.atleast_1d(a0)]
    b = [mpf(float(x)) for x in np.atleast_1d(b0)]
    phi, eta = mpf(float(phi)), mpf(float(eta))
    I0 = imbalance_mp(a, b)
    lk, area, mx, e_prev = mpf(0), mpf(0), mpf(0), mpmath.nan
    cap = steps if steps is not None else max_steps
    t, status = 0, 2
    e = mpmath.fsum(x * y for x, y in zip(a, b)) - phi
    while True:
        lam = mpmath.fsum(x * x for x in a) + mpmath.fsum(y * y for y in b)
        if steps is None:
            if abs(e) <= tol:
                status = 0
                break
            if abs(e) >= big:
                status = 1
                break
            if lam <= mpf("1e-150"):
                status = 3
                break
        if t >= cap:
            status = 0 if abs(e) <= tol else (1 if abs(e) >= big else 2)
            break
        lk += mpmath.log(abs(1 - (eta * e) ** 2))
        area += e * e / 2
        mx = max(mx, eta * abs(e))
        a, b = [x - eta * e * y for x, y in zip(a, b)], [y - eta * e * x for x, y in zip(a, b)]
        e_prev, e = e, mpmath.fsum(x * y for x, y in zip(a, b)) - phi
        t += 1
    return GDRun(status, t, a, b, e, e_prev, lk, area, mx, I0, imbalance_mp(a, b), phi, eta)


def imbalance_mp(a, b):
    """``I`` for lists of mpf."""
    pu = mpmath.fsum((x + y) ** 2 for x, y in zip(a, b))
    pv = mpmath.fsum((x - y) ** 2 for x, y in zip(a, b))
    return pu * pv


# --- gradient flow -----------------------------------------------------------------------------
def gradient_flow(a0, b0, phi, *, tol=1e-11, t_max=1e6, rtol=1e-12, atol=1e-14):
    """Integrate ``a' = -eps b, b' = -eps a`` (scipy DOP853) until ``|eps| <= tol`` (event).

    Returns ``(a_T, b_T, T, converged)``. The flow is integrated in the coordinates
    ``(a, b)`` themselves (not the reduced ``u, v`` form) so that it is an independent check
    of the conserved quantities.
    """
    from scipy.integrate import solve_ivp

    a0 = np.atleast_1d(np.asarray(a0, float))
    b0 = np.atleast_1d(np.asarray(b0, float))
    d = a0.shape[0]

    def f(_, y):
        a, b = y[:d], y[d:]
        e = a @ b - phi
        return np.concatenate([-e * b, -e * a])

    def done(_, y):
        return abs(y[:d] @ y[d:] - phi) - tol

    done.terminal = True
    sol = solve_ivp(f, (0.0, t_max), np.concatenate([a0, b0]), method="DOP853", rtol=rtol,
                    atol=atol, events=done)
    y = sol.y[:, -1]
    return y[:d], y[d:], float(sol.t[-1]), bool(sol.status == 1)
