"""Regression data with a known support and the +- duplication design (bpp24).

Inputs ``x = (x_S, x_N)``: the first ``r`` coordinates are the support S (relevant), the
other ``d - r`` are irrelevant (N). Base points ``x_k ~ N(0, I_d)``, k = 1..m, with the
irrelevant coordinates centred over the base points (``x[:, r:] -= mean``), a linear target
``y_k = <w_S, x_{k,S}>``, and every base point duplicated with labels ``y_k + eps_k`` and
``y_k - eps_k`` (``eps_k ~ noise * N(0, 1)``): n = 2m samples, rows ``k`` and ``m + k`` share x.

Consequences (the authors' code, digest Sec. 2): the least-squares solution is exactly
``beta* = (w_S, 0)`` (the residuals of beta* are ``-eps_k, +eps_k`` and cancel in every
moment ``sum_i r_i x_i``), and the per-sample residuals at the optimum are ``+-eps_k != 0``:
no interpolation, so minibatch noise persists at the minimum. ``noise = 0`` is the
interpolating control (every residual vanishes at beta*).
"""

from typing import NamedTuple

import numpy as np

__all__ = ["SupportData", "pm_design"]


class SupportData(NamedTuple):
    X: np.ndarray  # (n, d)
    y: np.ndarray  # (n,)
    r: int  # support = coordinates 0..r-1
    beta_star: np.ndarray  # (d,) least-squares solution (w_S, 0)
    eps: np.ndarray  # (m,) label offsets: y = X beta* + (eps, -eps)


def pm_design(m, d, r, *, w=None, noise=0.5, seed=0):
    """``m`` base points duplicated with labels ``y +- eps`` (n = 2m); see the module docstring.

    ``w``: the support coefficients (length r; default all ones); ``noise``: std of eps.
    """
    if not 0 < r < d:
        raise ValueError(f"need 0 < r < d, got r={r}, d={d}")
    rng = np.random.default_rng(seed)
    Xb = rng.standard_normal((m, d))
    Xb[:, r:] -= Xb[:, r:].mean(axis=0)
    w = np.ones(r) if w is None else np.asarray(w, dtype=float)
    beta = np.concatenate([w, np.zeros(d - r)])
    eps = noise * rng.standard_normal(m)
    y0 = Xb @ beta
    X = np.concatenate([Xb, Xb])
    y = np.concatenate([y0 + eps, y0 - eps])
    return SupportData(X, y, int(r), beta, eps)
