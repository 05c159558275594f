"""Random-feature model f(x; v) = v^T phi(W x) / sqrt(m), W (m, d) fixed, v trained.

Linear in the trained parameters, so the per-sample Jacobian rows are the features
``a_i = phi(W x_i)/sqrt(m)`` at every point (interpolating minima exist when m >= n and the
features are independent) and the per-sample Hessians are those of linear regression on the
features (``verify.models.linear.per_sample_hessians``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["ACTIVATIONS", "init_weights", "features"]

ACTIVATIONS = {
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "linear": lambda z: z,
}


def init_weights(m: int, d: int, seed: int):
    """W (m, d) with N(0, 1/d) entries (so w_j^T x = O(1) for x ~ N(0, I_d))."""
    return np.random.default_rng(seed).standard_normal((m, d)) / np.sqrt(d)


def features(X, W, activation: str = "relu"):
    """Jacobian rows a_i = phi(W x_i) / sqrt(m), shape (n, m)."""
    Z = np.asarray(X, dtype=float) @ np.asarray(W, dtype=float).T
    return ACTIVATIONS[activation](Z) / np.sqrt(W.shape[0])
