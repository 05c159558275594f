"""Neural-collapse statistics of last-layer features and classifier (Papyan, Han & Donoho 2020; kymg23).

Features ``H`` (n, d) (rows: one sample's feature vector, e.g. the output of a normalisation
layer), integer ``labels`` in {0..K-1} (every class present), classifier weights ``W`` (K, d).
Class means ``mu_k = mean_{i: y_i = k} h_i``, global mean ``mu_G = mean_k mu_k`` (balanced: the
mean of all h_i), centred means ``M = (mu_k - mu_G)_k``.

* ``nc1``: ``max_i |h_i - mu_{y_i}| / max_i |h_i|`` (within-class variability; 0 iff every
  feature equals its class mean);
* ``cosines``: the off-diagonal cosines ``<M_k, M_l> / (|M_k| |M_l|)``, ``k < l`` (NC2: a simplex
  equiangular tight frame has every cosine ``-1/(K-1)``; compare with :func:`etf_cosine`);
* ``norm_spread``: ``(max_k |M_k| - min_k |M_k|) / max_k |M_k|`` (NC2: equal norms);
* ``nc3``: ``|W/|W|_F - M/|M|_F|_F`` (self-duality: the classifier rows are proportional to the
  centred class means, with one common factor).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Collapse", "collapse_statistics", "etf_cosine"]


class Collapse(NamedTuple):
    nc1: float
    cosines: np.ndarray
    norm_spread: float
    nc3: float


def etf_cosine(K: int) -> float:
    """The cosine between two vectors of a K-point simplex ETF: ``-1/(K-1)``."""
    return -1.0 / (K - 1)


def collapse_statistics(H, labels, W) -> Collapse:
    H, W = np.asarray(H, float), np.asarray(W, float)
    labels = np.asarray(labels)
    K = W.shape[0]
    mu = np.stack([H[labels == k].mean(axis=0) for k in range(K)])
    nc1 = float(np.max(np.linalg.norm(H - mu[labels], axis=1)) / np.max(np.linalg.norm(H, axis=1)))
    M = mu - mu.mean(axis=0)
    norms = np.linalg.norm(M, axis=1)
    C = (M @ M.T) / np.outer(norms, norms)
    iu = np.triu_indices(K, 1)
    nc3 = float(np.linalg.norm(W / np.linalg.norm(W) - M / np.linalg.norm(M)))
    return Collapse(nc1, C[iu], float((norms.max() - norms.min()) / norms.max()), nc3)
