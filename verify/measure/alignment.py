"""The alignment coefficient of SGD noise (Wu, Wang, Su 2022).

    mu(theta) = Tr(Sigma(theta) H) / (2 L(theta) |H|_F^2),

with ``Sigma = (1/n) sum_i g_i g_i^T - g g^T`` the per-sample gradient covariance, ``g_i`` the
gradient of the per-sample loss ell_i, ``L = (1/n) sum ell_i`` and H = H(theta*). In the
linearised dynamics around theta* (``g_i = H_i delta``, ``L = 1/2 delta^T H delta``)::

    Tr(Sigma H) = delta^T A delta,   A = (1/n) sum_i H_i H H_i - H^3,
    mu(delta)   = delta^T A delta / ((delta^T H delta) |H|_F^2),
    mu_min      = lambda_min(A, H) / |H|_F^2   on range(H)   (generalised Rayleigh quotient).

mu is invariant under the loss normalisation (``ell_i = 1/2 r_i^2`` vs ``r_i^2`` scales
H_i, H, L by 2 and Sigma by 4), so every formula here is stated in terms of the H_i of the
loss that SGD actually uses.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla

from verify.measure.stability import reduce_to_range
from verify.precise.eigen import real_eigenvalues_exact

__all__ = ["alignment_matrix", "mu", "mu_min", "mu_max", "mu_min_exact", "mu_from_gradients", "gradient_covariance"]


def alignment_matrix(Hs):
    """A = (1/n) sum_i H_i H H_i - H^3, so that Tr(Sigma(delta) H) = delta^T A delta."""
    Hs = np.asarray(Hs, dtype=float)
    H = Hs.mean(axis=0)
    return np.mean([Hi @ H @ Hi for Hi in Hs], axis=0) - H @ H @ H


def mu(Hs, delta) -> float:
    """mu(delta) of the linearised dynamics."""
    Hs = np.asarray(Hs, dtype=float)
    H = Hs.mean(axis=0)
    delta = np.asarray(delta, dtype=float)
    return float(delta @ alignment_matrix(Hs) @ delta / ((delta @ H @ delta) * np.sum(H * H)))


def _gen(Hs):
    Hs_r, _ = reduce_to_range(Hs)
    H = Hs_r.mean(axis=0)
    lam = sla.eigh(alignment_matrix(Hs_r), H, eigvals_only=True)
    return lam / np.sum(H * H)


def mu_min(Hs) -> float:
    """min over delta in range(H) of mu(delta): lambda_min(A, H) / |H|_F^2."""
    return float(_gen(Hs).min())


def mu_max(Hs) -> float:
    """max over delta in range(H) of mu(delta)."""
    return float(_gen(Hs).max())


def mu_min_exact(Hs):
    """mu_min = lambda_min(H^{-1} A)/|H|_F^2 in exact arithmetic (sympy matrices, H invertible)."""
    import sympy as sp

    n, p = len(Hs), Hs[0].shape[0]
    H = sum(Hs, sp.zeros(p)) / n
    A = sum((h * H * h for h in Hs), sp.zeros(p)) / n - H**3
    return real_eigenvalues_exact(H.inv() * A)[0] / sum(x**2 for x in H)


def gradient_covariance(G):
    """(1/n) sum (g_i - gbar)(g_i - gbar)^T for per-sample gradients G (n, p)."""
    G = np.asarray(G, dtype=float)
    C = G - G.mean(axis=0)
    return C.T @ C / G.shape[0]


def mu_from_gradients(G, loss: float, H) -> float:
    """mu(theta) from true per-sample gradients G (n, p) at theta, L(theta) and H = H(theta*)."""
    H = np.asarray(H, dtype=float)
    return float(np.sum(gradient_covariance(G) * H) / (2.0 * loss * np.sum(H * H)))
