"""Linear regression f(x; theta) = theta^T x, and per-sample Hessians at a global minimum.

Loss normalisation (explicit everywhere): ``"half_mean"`` L = (1/2n) sum (f_i - y_i)^2, i.e.
ell_i = 1/2 r_i^2 and H_i = a_i a_i^T; ``"mean"`` L = (1/n) sum (f_i - y_i)^2, ell_i = r_i^2 and
H_i = 2 a_i a_i^T. Here a_i = grad_theta f(x_i; theta*) (the per-sample Jacobian row); at a
global minimum (all residuals 0) the per-sample Hessian is exactly this Gauss-Newton term for
any model, so :func:`per_sample_hessians` serves every model in verify.models.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NORMALIZATIONS", "per_sample_hessians", "range_coordinates", "gaussian_data", "jacobian"]

NORMALIZATIONS = {"half_mean": 1.0, "mean": 2.0}


def per_sample_hessians(J, normalization: str = "half_mean"):
    """(n, p, p) stack c a_i a_i^T from Jacobian rows J (n, p); c = 1 (half_mean) or 2 (mean)."""
    J = np.asarray(J, dtype=float)
    return NORMALIZATIONS[normalization] * np.einsum("ni,nj->nij", J, J)


def range_coordinates(J, rtol: float = 1e-12):
    """Jacobian rows in an orthonormal basis V (p, r) of their span: J V (n, r), r = rank J.

    ``per_sample_hessians(J V) = V^T H_i V``: the per-sample Hessians restricted to range(H),
    where every basis-invariant quantity (|H|_F, Tr H, the stability threshold, mu) lives, at
    O(n^2 p) cost instead of the O(n p^2) memory of the full (n, p, p) stack. Singular values
    below ``rtol * s_max`` are dropped (their directions carry Hessian mass below rtol^2).
    """
    J = np.asarray(J, dtype=float)
    W, s, _ = np.linalg.svd(J, full_matrices=False)
    keep = s > rtol * max(s.max(), 1e-300)
    return W[:, keep] * s[keep]


def gaussian_data(n: int, d: int, seed: int, scale: float = 1.0):
    """X (n, d) with i.i.d. N(0, scale) entries (rows x_i ~ N(0, scale I_d)), numpy seed."""
    return np.sqrt(scale) * np.random.default_rng(seed).standard_normal((n, d))


def jacobian(X):
    """For f = theta^T x the per-sample Jacobian rows are the inputs themselves."""
    return np.asarray(X, dtype=float)
