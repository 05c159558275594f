"""Exact conversions between float64 arrays and mpmath numbers.

Binary float64 values convert to ``mpf`` / ``iv.mpf`` exactly (no decimal round trip).
"""

import mpmath
import numpy as np


def to_mpf(x):
    """float / array -> mpf / nested list of mpf (exact for float64 inputs)."""
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        return mpmath.mpf(float(a))
    return [to_mpf(r) for r in a]


def to_iv(x):
    """float / array -> iv.mpf / nested list of iv.mpf (degenerate, exact intervals)."""
    a = np.asarray(x, dtype=np.float64)
    if a.ndim == 0:
        return mpmath.iv.mpf(float(a))
    return [to_iv(r) for r in a]


def to_mp_matrix(A):
    """2-D float array -> mpmath.matrix (exact entries)."""
    A = np.asarray(A, dtype=np.float64)
    return mpmath.matrix([[mpmath.mpf(float(v)) for v in row] for row in A])


def to_float(x):
    """mpf / iv.mpf (midpoint) / nested lists / mp.matrix -> float or numpy float64 array."""
    if isinstance(x, mpmath.matrix):
        return np.array([[float(x[i, j]) for j in range(x.cols)] for i in range(x.rows)])
    if isinstance(x, (list, tuple)):
        return np.array([to_float(v) for v in x], dtype=np.float64)
    if hasattr(x, "mid") and hasattr(x, "delta"):
        return float(x.mid)
    return float(x)
