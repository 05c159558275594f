"""Max-margin references and KKT residuals (kymg23, arXiv:2210.03820).

Data ``X`` (n, d), labels ``y`` in {-1, +1}. Margins ``q_i = y_i f(x_i)``.

* :func:`svm`: hard-margin SVM ``min 1/2 |w|^2 (+ 1/2 b^2 if bias="regularised")`` s.t.
  ``y_i (w^T x_i + b) >= 1``; ``bias`` in {"free", "regularised", "none"} (``none``: b = 0).
  Solved as a QP with scipy's SLSQP (ftol 1e-15), then certified by :func:`kkt_residual`;
  raises ValueError when the data are not separable by the model (infeasibility > 1e-8).
* :func:`asymmetric_affine`: the asymmetric problem of ``f = a (w^T x) + b`` with max-rate group
  {b}: ``min 1/2 b^2`` s.t. ``y_i (u^T x_i + b) >= 1`` (``u = a w`` ranges over R^d). The feasible
  b's form an interval ``[b_lo, b_hi]`` (two LPs with scipy's HiGHS); the minimiser is the point
  of the interval nearest 0 (``degenerate`` when 0 is inside: data separable through the origin).
* :func:`kkt_residual`: first-order KKT residual of ``min g(theta)`` s.t. ``q_i(theta) >= 1`` at a
  point, given ``grad g`` and the constraint Jacobian ``J`` (rows ``grad q_i``): multipliers
  ``mu >= 0`` minimise ``|grad g - J^T mu|^2 + sum_i (mu_i (q_i - 1))^2`` (NNLS), so a small
  residual certifies stationarity *and* complementary slackness (cf. Lyu & Li's (eps, delta)-KKT).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import linprog, minimize, nnls

__all__ = ["KKT", "Margin", "kkt_residual", "svm", "asymmetric_affine", "geometric_margin"]


class KKT(NamedTuple):
    """``stationarity`` |grad g - J^T mu|, ``complementarity`` |mu (q - 1)|, ``infeasibility``
    max(0, 1 - min q), ``total`` (their sum) and ``relative`` (total / |grad g|), ``mu``."""

    stationarity: float
    complementarity: float
    infeasibility: float
    total: float
    relative: float
    mu: np.ndarray


class Margin(NamedTuple):
    """Solution ``w``, ``b``; geometric margin ``min_i q_i / |w|``; its KKT certificate."""

    w: np.ndarray
    b: float
    margin: float
    kkt: KKT


def kkt_residual(grad_g, J, q) -> KKT:
    grad_g, J, q = np.asarray(grad_g, float), np.asarray(J, float), np.asarray(q, float)
    A = np.vstack([J.T, np.diag(q - 1.0)])
    rhs = np.concatenate([grad_g, np.zeros(len(q))])
    mu, _ = nnls(A, rhs, maxiter=50 * len(q))
    stat = float(np.linalg.norm(grad_g - J.T @ mu))
    comp = float(np.linalg.norm(mu * (q - 1.0)))
    infeas = float(max(0.0, 1.0 - q.min()))
    total = stat + comp + infeas
    return KKT(stat, comp, infeas, total, total / max(float(np.linalg.norm(grad_g)), 1e-300), mu)


def geometric_margin(w, b, X, y):
    """``min_i y_i (w^T x_i + b) / |w|``."""
    return float(np.min(y * (X @ w + b)) / np.linalg.norm(w))


def svm(X, y, bias="free") -> Margin:
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, d = X.shape
    if bias not in ("free", "regularised", "none"):
        raise ValueError(f"bias must be free / regularised / none, got {bias!r}")
    reg_b = 1.0 if bias == "regularised" else 0.0
    nb = 0 if bias == "none" else 1
    Z = np.hstack([y[:, None] * X, y[:, None] * np.ones((n, nb))])  # q = Z @ (w, b)
    P = np.diag([1.0] * d + [reg_b] * nb)
    # start: a feasible scaling of the least-squares fit of the labels
    z0 = np.linalg.lstsq(Z, np.ones(n), rcond=None)[0]
    qmin = np.min(Z @ z0)
    z0 = z0 / qmin if qmin > 0 else z0
    res = minimize(lambda z: 0.5 * z @ P @ z, z0, jac=lambda z: P @ z, method="SLSQP",
                   constraints=[{"type": "ineq", "fun": lambda z: Z @ z - 1.0, "jac": lambda z: Z}],
                   options={"ftol": 1e-15, "maxiter": 500})
    z = res.x
    w, b = z[:d], (float(z[d]) if nb else 0.0)
    kkt = kkt_residual(P @ z, Z, Z @ z)
    if kkt.infeasibility > 1e-8:
        raise ValueError(f"svm(bias={bias!r}): no separating solution (min margin {1 - kkt.infeasibility:.3g} < 1)")
    return Margin(w, b, geometric_margin(w, b, X, y), kkt)


class Asymmetric(NamedTuple):
    """``b_star`` (minimiser), feasible interval ``(b_lo, b_hi)``, a ``u`` attaining ``b_star``,
    ``degenerate`` (0 in the interval: b_star = 0)."""

    b_star: float
    interval: tuple
    u: np.ndarray
    degenerate: bool


def asymmetric_affine(X, y) -> Asymmetric:
    X, y = np.asarray(X, float), np.asarray(y, float)
    n, d = X.shape
    A_ub = -np.hstack([y[:, None] * X, y[:, None]])  # -(y (u^T x + b)) <= -1
    b_ub = -np.ones(n)
    bounds = [(None, None)] * (d + 1)
    ends = []
    for sgn in (1.0, -1.0):  # min b, then max b
        c = np.zeros(d + 1)
        c[d] = sgn
        r = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds, method="highs")
        if r.status == 2:
            raise ValueError("asymmetric_affine: data not separable by an affine function")
        ends.append(-np.inf * sgn if r.status == 3 else float(r.x[d]))
    lo, hi = ends
    degenerate = lo <= 0.0 <= hi
    b_star = 0.0 if degenerate else (lo if lo > 0 else hi)
    c = np.zeros(d + 1)  # a u at b = b_star: feasibility LP with b fixed
    r = linprog(c, A_ub=A_ub, b_ub=b_ub, bounds=bounds[:d] + [(b_star, b_star)], method="highs")
    return Asymmetric(b_star, (lo, hi), np.asarray(r.x[:d]), bool(degenerate))
