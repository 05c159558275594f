"""The high-dimensional sufficient condition of ckyg23 (digest Sec. 4.5) against the exact Lyapunov exponent.

Linear SDE for the normal displacement z in R^2 (Ito): ``dz = -H z dt + sum_k B_k z dW_k``,
``D(u) = (1/2) sum_k (B_k u)(B_k u)^T``. Ito's formula gives ``d log|z| = -q(u) dt + (martingale)`` with

    q(u) = u^T H u - tr D(u) + 2 u^T D(u) u,     u = z / |z|

(``derivations.stochastic_collapse.sufficient_condition``), so the top exponent is ``lambda = E_pi[-q]``
for the stationary law pi of the direction, and ``inf_{|u| = 1} q(u) > 0`` is sufficient for
``lambda <= -inf q < 0`` (a.s. exponential collapse), not necessary.

Instruments (paper-specific, public for reuse and tests):

* :func:`condition_inf`: ``inf q`` over ``n`` equally spaced directions of the half circle (q is even in
  u). q is a trigonometric polynomial of degree 4 in the angle; the grid minimum exceeds the true one by
  at most ``max|q''| (pi / 2n)^2 / 2``, returned as the second value.
* :func:`euler_family`: the ``2^K`` equally likely Euler matrices ``I - H dt + sqrt(dt) sum_k eps_k B_k``,
  ``eps in {-1, 1}^K`` (a weak order-1 scheme: ``E log|M u| = -q(u) dt + O(dt^2)``);
* :func:`sde_exponent`: ``verify.measure.lyapunov.top_lyapunov`` of that family divided by dt (QR method,
  batch-means standard error); the O(dt) bias is estimated by Richardson, ``|lambda(dt) - lambda(dt/2)|``.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np

from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.measure.lyapunov import top_lyapunov

J = np.array([[0.0, 1.0], [1.0, 0.0]])


def q_values(H, Bs, angles):
    """``q(u)`` at ``u = (cos a, sin a)`` for each angle."""
    U = np.stack([np.cos(angles), np.sin(angles)])  # (2, n)
    val = np.einsum("in,ij,jn->n", U, np.asarray(H), U)
    for B in Bs:
        BU = np.asarray(B) @ U
        val += -0.5 * np.sum(BU**2, axis=0) + np.einsum("in,in->n", U, BU) ** 2  # -tr D + 2 u^T D u
    return val


def condition_inf(H, Bs, n=4096):
    """``(min over the grid of q, bound on grid min - true inf)``."""
    a = np.pi * np.arange(n) / n
    qv = q_values(H, Bs, a)
    # |q''| <= 16 x (sum of |Fourier coefficients|) <= 16 x (max |H| + 2 sum |B|^2): a crude, safe bound
    bound = 16 * (np.abs(H).sum() + 2 * sum(np.sum(np.asarray(B) ** 2) for B in Bs)) * (np.pi / (2 * n)) ** 2 / 2
    return float(qv.min()), float(bound)


def euler_family(H, Bs, dt):
    """``[I - H dt + sqrt(dt) sum_k eps_k B_k for eps in {-1, 1}^K]`` (equally likely)."""
    I2 = np.eye(len(H))
    return np.stack([I2 - np.asarray(H) * dt + np.sqrt(dt) * sum(e * np.asarray(B) for e, B in zip(eps, Bs))
                     for eps in itertools.product((-1.0, 1.0), repeat=len(Bs))])


def sde_exponent(H, Bs, dt, T, seed=0):
    """``(lambda, se)``: the top exponent of the linear SDE per unit time from the Euler family over time T."""
    est = top_lyapunov(euler_family(H, Bs, dt), round(T / dt), seed=seed, burn=round(5 / dt), blocks=20)
    return est.value / dt, est.stderr / dt


# (name, H, Bs, exact top exponent or None)
C_SN, K2_SN = 0.5, 1.5  # single neuron: c = sigma'(0) (1/m) sum x y, k^2 = eta zeta^2 sigma'(0)^2 (1/m) sum x^2
INSTANCES = [
    ("single neuron (H = -c J, B = k J, c = 0.5, k^2 = 1.5)", -C_SN * J, [np.sqrt(K2_SN) * J], C_SN - K2_SN / 2),
    ("isotropic control (H = 0.2 I, B = I): the condition is sharp", 0.2 * np.eye(2), [np.eye(2)], -0.2 - 0.5),
    ("generic (H = [[1, .3], [.3, .5]], two noise matrices)", np.array([[1.0, 0.3], [0.3, 0.5]]),
     [np.array([[0.5, 0.2], [-0.1, 0.3]]), np.array([[0.0, 0.4], [0.4, -0.2]])], None),
]
WHY = ("4 batch-means standard errors of the QR exponent + |lambda(dt) - lambda(dt/2)| (Richardson estimate of the "
       "Euler scheme's O(dt) bias) + the grid error of inf q")


def conservative(profile, rule="sufficient"):
    """For each instance: inf q (grid) and the SDE exponent (QR on the Euler family, dt and dt/2).

    ``rule="sufficient"`` (the claim): lambda <= -inf q for every instance; lambda equals its closed form where
    known; the single neuron has inf q < 0 although lambda < 0 (the condition is conservative).
    ``rule="iff"`` (variant): the condition is also necessary: inf q <= 0 implies lambda >= 0."""
    T = 3000.0 if profile.name == "quick" else 12000.0
    rows = _measure(T, DT)
    crit = []
    for (name, H, Bs, exact), row in zip(INSTANCES, rows):
        qinf, lam2, tol = row["inf_q"], row["lambda_dt2"], row["tol"]
        if rule == "sufficient":
            crit.append(Relation(lam2, "<=", -qinf + tol, label=f"{name}: lambda <= -inf q", why=WHY))
            if exact is not None:
                crit.append(Relation(lam2, "==", exact, atol=tol, label=f"{name}: lambda vs its closed form",
                                     why=WHY))
            if qinf < 0:
                crit.append(Relation(lam2 + tol, "<", 0.0, label=f"{name}: inf q = {qinf:.3f} < 0, yet lambda < 0 "
                                     "(collapse the condition does not certify)", why=WHY))
        elif qinf <= 0:
            crit.append(Relation(lam2, ">=", -tol, label=f"{name}: inf q = {qinf:.3f} <= 0, so (variant) no "
                                 "collapse: lambda >= 0", why=WHY))
    return Finding(criteria=crit, details={"T": T, "dt": DT, "instances": rows})


DT = 0.02


@functools.lru_cache(maxsize=2)
def _measure(T, dt):
    rows = []
    for name, H, Bs, exact in INSTANCES:
        qinf, gerr = condition_inf(H, Bs)
        lam, se = sde_exponent(H, Bs, dt, T, seed=1)
        lam2, se2 = sde_exponent(H, Bs, dt / 2, T, seed=2)
        tol = 4 * max(se, se2) + abs(lam - lam2) + gerr
        rows.append({"instance": name, "inf_q": qinf, "grid_error": gerr, "lambda_dt": lam, "lambda_dt2": lam2,
                     "se": max(se, se2), "exact": exact, "tol": tol})
    return rows
