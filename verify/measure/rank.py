"""Rank measures of a feature matrix (e.g. the pre-activations ``Z`` on the training inputs).

For ``Z`` with singular values ``s_1 >= s_2 >= ... >= 0``:

* ``singular_values(Z)``: ``s`` (descending).
* ``sv_ratio(Z, k=2)``: ``s_k / s_1`` (0 for a rank-one matrix; the simplicity-bias
  criterion is ``s_2 / s_1`` below a stated threshold).
* ``rank_one_distance(Z)``: Frobenius distance to the set of matrices of rank <= 1,
  ``sqrt(sum_{k>=2} s_k^2)`` (Eckart-Young); ``relative=True`` divides by ``|Z|_F``.
* ``effective_rank(Z)``: ``exp(H(p))`` with ``p_k = s_k / sum s`` (Roy & Vetterli 2007);
  1 for rank one, ``r`` for ``r`` equal singular values.
* ``stable_rank(Z)``: ``|Z|_F^2 / s_1^2``.

All are numpy functions of a 2-D array (JAX arrays are converted); zero matrices give
``sv_ratio = 0``, ``effective_rank = 0`` and ``stable_rank = 0``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["singular_values", "sv_ratio", "rank_one_distance", "effective_rank", "stable_rank"]


def singular_values(Z) -> np.ndarray:
    """Singular values, descending (LAPACK gesdd; relative accuracy ~ eps * s_1)."""
    Z = np.asarray(Z, dtype=np.float64)
    if Z.ndim != 2:
        raise ValueError(f"expected a 2-D matrix, got shape {Z.shape}")
    return np.linalg.svd(Z, compute_uv=False)


def sv_ratio(Z, k: int = 2) -> float:
    """``s_k / s_1`` (``k`` is 1-based; 0 if ``k`` exceeds the rank bound or ``Z = 0``)."""
    s = singular_values(Z)
    if k < 1:
        raise ValueError("k must be >= 1")
    if len(s) < k or s[0] == 0:
        return 0.0
    return float(s[k - 1] / s[0])


def rank_one_distance(Z, relative: bool = False) -> float:
    """``min_{rank A <= 1} |Z - A|_F = sqrt(sum_{k>=2} s_k^2)``."""
    s = singular_values(Z)
    d = float(np.sqrt(np.sum(s[1:] ** 2)))
    if relative:
        nrm = float(np.sqrt(np.sum(s**2)))
        return d / nrm if nrm > 0 else 0.0
    return d


def effective_rank(Z) -> float:
    """``exp(-sum p_k log p_k)``, ``p = s / sum(s)`` (zero singular values contribute 0)."""
    s = singular_values(Z)
    tot = s.sum()
    if tot == 0:
        return 0.0
    p = s[s > 0] / tot
    return float(np.exp(-np.sum(p * np.log(p))))


def stable_rank(Z) -> float:
    """``|Z|_F^2 / s_1^2``."""
    s = singular_values(Z)
    return float(np.sum(s**2) / s[0] ** 2) if s[0] > 0 else 0.0
