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
    "GDRun", "run_gd", "run_gd_batch", "init_ab", "gd_trajectory", "run_gd_mp", "gradient_flow", "STATUS",
]

# run_gd status codes
STATUS = {0: "converged", 1: "diverged", 2: "step cap reached",
          3: "trapped: u = a + b = 0 with Phi > 0 (or v = a - b = 0 with Phi < 0)",
          4: "period-2 orbit"}


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


def gd_limit_sharpness(I0, phi, log_kappa, *, lib=math):
    """``S_GD = sqrt(4 Phi^2 + kappa^2 I_0)`` with ``log_kappa = sum_t log|1 - eta^2 eps_t^2|``.

    ``GDRun.log_kappa`` (and ``run_gd_batch``'s ``"log_kappa"``) carry that sum; ``lib=np``
    evaluates arrays, ``lib=mpmath`` mpf inputs.
    """
    return lib.sqrt(4 * phi * phi + lib.exp(2 * log_kappa) * I0)


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


CYCLE_RTOL = 1e-13  # |theta_T - theta_{T-2}| <= CYCLE_RTOL |theta_T| with |eps_T| >= CYCLE_MIN: period-2 orbit
CYCLE_MIN = 1e-6


def _gd_loop(a0, b0, phi, eta, tol, big, max_steps):
    """The GD iteration as a ``lax.while_loop`` (un-jitted; :func:`run_gd` and
    :func:`run_gd_batch` jit / vmap it). State: iterate, the iterate two steps back (for the
    period-2 test), step count, eps_T, eps_{T-1}, sum log|1 - eta^2 eps^2|, sum L_t, max eta|eps|."""

    def eps_of(a, b):
        return jnp.dot(a, b) - phi

    def cond(s):
        a, b, a1, b1, a2, b2, t, e, *_ = s
        lam = jnp.dot(a, a) + jnp.dot(b, b)
        go = (t < max_steps) & (jnp.abs(e) > tol) & (jnp.abs(e) < big) & jnp.isfinite(e)
        back = jnp.dot(a - a2, a - a2) + jnp.dot(b - b2, b - b2)
        cycle = (t >= 2) & (back <= CYCLE_RTOL**2 * lam) & (jnp.abs(e) >= CYCLE_MIN)
        return go & ~_trapped(a, b, phi) & ~cycle

    def body(s):
        a, b, a1, b1, a2, b2, t, e, e1, lk, area, mx = s
        an, bn = a - eta * e * b, b - eta * e * a
        x = (eta * e) ** 2  # log|1 - x| via log1p for x < 1: accurate to ~1 ulp relative even for tiny x
        lk = lk + jnp.where(x < 1.0, jnp.log1p(-jnp.minimum(x, 1.0)), jnp.log(jnp.abs(1.0 - x)))
        return (an, bn, a, b, a1, b1, t + 1, eps_of(an, bn), e, lk, area + 0.5 * e * e,
                jnp.maximum(mx, eta * jnp.abs(e)))

    z = jnp.zeros((), a0.dtype)
    init = (a0, b0, a0, b0, a0, b0, jnp.zeros((), jnp.int64), eps_of(a0, b0), jnp.nan * z, z, z, z)
    return jax.lax.while_loop(cond, body, init)


_gd_while = jax.jit(_gd_loop, static_argnames=("max_steps",))
_gd_while_batch = jax.jit(jax.vmap(_gd_loop, in_axes=(0, 0, None, 0, None, None, None)),
                          static_argnames=("max_steps",))


def _trapped(a, b, phi):
    """u = a + b = 0 exactly with Phi > 0 (or v = a - b = 0 with Phi < 0): an invariant set of GD
    (u+ = (1 - eta eps) u) on which m = -|v|^2/4 <= 0 < Phi (resp. m >= 0 > Phi): no global minimum
    can be reached. Works on jnp, numpy and mpmath lists."""
    if isinstance(a, list):
        u0 = all(x + y == 0 for x, y in zip(a, b))
        v0 = all(x - y == 0 for x, y in zip(a, b))
        return (phi > 0 and u0) or (phi < 0 and v0)
    return ((phi > 0) & jnp.all(a + b == 0)) | ((phi < 0) & jnp.all(a - b == 0))


def _status(e, back, lam, tol, big, t, trapped=False):
    """0 converged, 1 diverged, 3 trapped (u = 0 with Phi > 0, v = 0 with Phi < 0), 4 period-2 orbit, 2 cap (``back`` =
    |theta_T - theta_{T-2}|^2). Serves float64 and mpmath runs (an mpf beyond float range reads as inf: diverged)."""
    if abs(e) <= tol:
        return 0
    if not math.isfinite(e) or abs(e) >= big or not math.isfinite(lam):
        return 1
    if trapped:
        return 3
    if t >= 2 and back <= CYCLE_RTOL**2 * lam and abs(e) >= CYCLE_MIN:
        return 4
    return 2


def run_gd(a0, b0, phi, eta, *, tol=1e-12, max_steps=100_000, big=1e8) -> GDRun:
    """Iterate GD from ``(a0, b0)`` until ``|eps| <= tol`` (converged), ``|eps| >= big`` or
    non-finite (diverged), trapped on ``u = 0`` (``Phi > 0``) or ``v = 0`` (``Phi < 0``), a period-2
    orbit (``|theta_T - theta_{T-2}| <= 1e-13 |theta_T|`` with ``|eps_T| >= 1e-6``) or
    ``max_steps``.

    float64 under ``jit`` + ``lax.while_loop``; compiled once per width ``d`` and cap.
    """
    a0 = jnp.asarray(np.atleast_1d(np.asarray(a0, float)))
    b0 = jnp.asarray(np.atleast_1d(np.asarray(b0, float)))
    a, b, _, _, a2, b2, t, e, e1, lk, area, mx = _gd_while(a0, b0, float(phi), float(eta), float(tol),
                                                           float(big), int(max_steps))
    a, b, e = np.asarray(a), np.asarray(b), float(e)
    lam = float(np.dot(a, a) + np.dot(b, b))
    back = float(np.sum((a - np.asarray(a2)) ** 2) + np.sum((b - np.asarray(b2)) ** 2))
    status = _status(e, back, lam, tol, big, int(t), bool(_trapped(list(a), list(b), float(phi))))
    return GDRun(status, int(t), a, b, e, float(e1), float(lk), float(area), float(mx),
                 float(imbalance(np.asarray(a0), np.asarray(b0))), float(imbalance(a, b)),
                 float(phi), float(eta))


def run_gd_batch(a0s, b0s, phi, etas, *, tol=1e-12, max_steps=20_000, big=1e8) -> dict:
    """:func:`run_gd` vectorised over a batch (``a0s, b0s``: ``(B, d)``; ``etas``: ``(B,)``).

    Returns a dict of numpy arrays: ``status, steps, I0, I, log_kappa, lam, eps``.
    """
    a0s, b0s = jnp.asarray(np.asarray(a0s, float)), jnp.asarray(np.asarray(b0s, float))
    a, b, _, _, a2, b2, t, e, e1, lk, area, mx = _gd_while_batch(
        a0s, b0s, float(phi), jnp.asarray(etas, float), float(tol), float(big), int(max_steps))
    a, b, a2, b2, e, t = map(np.asarray, (a, b, a2, b2, e, t))
    lam = np.sum(a * a, 1) + np.sum(b * b, 1)
    back = np.sum((a - a2) ** 2, 1) + np.sum((b - b2) ** 2, 1)
    status = np.array([_status(float(e[i]), float(back[i]), float(lam[i]), tol, big, int(t[i]),
                               bool(_trapped(list(a[i]), list(b[i]), float(phi)))) for i in range(len(e))])
    u0, v0 = np.asarray(a0s + b0s), np.asarray(a0s - b0s)
    I0 = np.sum(u0 * u0, 1) * np.sum(v0 * v0, 1)
    I = np.sum((a + b) ** 2, 1) * np.sum((a - b) ** 2, 1)
    return {"status": status, "steps": t, "I0": I0, "I": I, "log_kappa": np.asarray(lk), "lam": lam, "eps": e}


def init_ab(d, scale, balance, sign=1, seed=0):
    """An initialisation with ``lam_0 = |a0|^2 + |b0|^2 = scale`` and ``sqrt(I_0) = balance * scale``.

    ``balance`` in ``[0, 1]``: 0 is exactly balanced (``a0 = b0`` if ``sign = +1``, i.e.
    ``v0 = 0``; ``a0 = -b0`` if ``sign = -1``, i.e. ``u0 = 0``), 1 is maximally imbalanced
    (``m0 = a0^T b0 = 0``). ``p0 = |u0|^2 = scale (1 + sign sqrt(1 - balance^2))``,
    ``q0 = |v0|^2 = 2 scale - p0``; the directions of ``u0, v0`` are Gaussian draws from ``seed``
    (for ``d = 1`` they are ``+1``).
    """
    root = math.sqrt(max(0.0, 1.0 - balance * balance))
    p0 = scale * (1.0 + sign * root)
    q0 = max(0.0, 2.0 * scale - p0)
    if d == 1:
        du, dv = np.ones(1), np.ones(1)
    else:
        rng = np.random.default_rng(seed)
        du, dv = rng.standard_normal(d), rng.standard_normal(d)
        du, dv = du / np.linalg.norm(du), dv / np.linalg.norm(dv)
    u0, v0 = math.sqrt(p0) * du, math.sqrt(q0) * dv
    return (u0 + v0) / 2, (u0 - v0) / 2


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
    inputs converted exactly. Runs exactly ``steps`` iterations if given, else stops by the
    rules of :func:`run_gd` (same thresholds). Returned numeric fields are ``mpf``.
    """
    mpf = mpmath.mpf
    a = [mpf(float(x)) for x in np.atleast_1d(a0)]
    b = [mpf(float(x)) for x in np.atleast_1d(b0)]
    phi, eta = mpf(float(phi)), mpf(float(eta))
    I0 = imbalance_mp(a, b)
    lk, area, mx, e1 = mpf(0), mpf(0), mpf(0), mpmath.nan
    hist = [(a, b), (a, b)]  # iterates one and two steps back
    cap = steps if steps is not None else max_steps
    t = 0
    e = mpmath.fsum(x * y for x, y in zip(a, b)) - phi
    while True:
        lam = mpmath.fsum(x * x for x in a) + mpmath.fsum(y * y for y in b)
        a2, b2 = hist[1]
        back = mpmath.fsum((x - y) ** 2 for x, y in zip(a, a2)) + mpmath.fsum((x - y) ** 2 for x, y in zip(b, b2))
        status = _status(e, back, lam, tol, big, t, _trapped(a, b, phi))  # mpf: isfinite via float
        if (steps is None and status != 2) or t >= cap:
            break
        lk += mpmath.log(abs(1 - (eta * e) ** 2))
        area += e * e / 2
        mx = max(mx, eta * abs(e))
        hist = [(a, b), hist[0]]
        a, b = [x - eta * e * y for x, y in zip(a, b)], [y - eta * e * x for x, y in zip(a, b)]
        e1, e = e, mpmath.fsum(x * y for x, y in zip(a, b)) - phi
        t += 1
    return GDRun(status, t, a, b, e, e1, lk, area, mx, I0, imbalance_mp(a, b), phi, eta)


def imbalance_mp(a, b):
    """``I`` for lists of mpf."""
    pu = mpmath.fsum((x + y) ** 2 for x, y in zip(a, b))
    pv = mpmath.fsum((x - y) ** 2 for x, y in zip(a, b))
    return pu * pv


# --- gradient flow -----------------------------------------------------------------------------
def gradient_flow(a0, b0, phi, *, tol=1e-11, t_max=1e5, rtol=1e-10, atol=1e-12):
    """Integrate ``a' = -eps b, b' = -eps a`` (scipy DOP853) until ``|eps| <= tol`` (event).

    Returns ``(a_T, b_T, T, converged)``. The flow is integrated in the coordinates
    ``(a, b)`` themselves (not the reduced ``u, v`` form) so that it is an independent check
    of the conserved quantities.
    """
    from scipy.integrate import solve_ivp

    a0 = np.atleast_1d(np.asarray(a0, float))
    b0 = np.atleast_1d(np.asarray(b0, float))
    d = a0.shape[0]

    def f(_, y):  # -grad L = -eps [b; a] = -eps * (y with its halves swapped)
        return -(y[:d] @ y[d:] - phi) * np.roll(y, d)

    def done(_, y):
        return abs(y[:d] @ y[d:] - phi) - tol

    def collapsed(_, y):  # flowing into the saddle 0 (u0 = 0 with Phi > 0, or v0 = 0 with Phi < 0)
        return y @ y - 1e-20  # a global minimum has lam >= 2|Phi|; below atol this is the saddle

    done.terminal = collapsed.terminal = True
    sol = solve_ivp(f, (0.0, t_max), np.concatenate([a0, b0]), method="DOP853", rtol=rtol,
                    atol=atol, events=[done, collapsed])
    y = sol.y[:, -1]
    ok = sol.status == 1 and len(sol.t_events[0]) > 0
    return y[:d], y[d:], float(sol.t[-1]), bool(ok)
