"""Fraction of independent neurons of a hidden layer (ckyg23, arXiv:2306.04251: the official code's metric).

Each hidden neuron j is the vector ``w_j = [incoming weights (and bias), outgoing weights]`` (``w_cat``).

* vanishing: ``|w_j| / max_k |w_k| < vanish`` (default 0.1);
* identical: neurons i, j with ``2 |w_i - w_j|^2 / (|w_i|^2 + |w_j|^2) < identical`` (default 0.1);
  greedy clustering in index order: a non-vanishing neuron joins the first cluster whose first member
  (its representative) it is identical to, else it opens a new cluster;
* fraction of independent neurons = (number of clusters of non-vanishing neurons) / (number of neurons).

A layer at a point of a sign-invariant set (vanishing neurons) or a permutation-invariant set (identical
neurons) has fraction < 1; a generic layer has fraction 1. Conventions: the thresholds are the code's; a
neuron and its sign flip (``-w_j``, the same function for an odd activation) are NOT merged; scaling every
neuron by one constant leaves the fraction unchanged.
"""

from __future__ import annotations

import numpy as np

__all__ = ["neuron_vectors", "independent_clusters", "independent_fraction"]


def neuron_vectors(W_in, w_out, b=None):
    """``(width, d_in [+1] + d_out)``: row j = [W_in[j], b[j] (if given), W_out[:, j]] (``w_out`` is
    ``(d_out, width)`` or ``(width,)``)."""
    W_in = np.asarray(W_in, dtype=float)
    w_out = np.asarray(w_out, dtype=float)
    out = w_out[:, None] if w_out.ndim == 1 else w_out.T
    parts = [W_in] + ([np.asarray(b, dtype=float)[:, None]] if b is not None else []) + [out]
    return np.concatenate(parts, axis=1)


def independent_clusters(V, vanish=0.1, identical=0.1):
    """Greedy clusters (lists of neuron indices) of the non-vanishing rows of ``V`` (module docstring)."""
    V = np.asarray(V, dtype=float)
    nrm = np.linalg.norm(V, axis=1)
    top = nrm.max() if nrm.size else 0.0
    if top == 0.0:
        return []
    clusters = []
    for i in np.flatnonzero(nrm / top >= vanish):
        for c in clusters:
            j = c[0]
            if 2 * np.sum((V[i] - V[j]) ** 2) / (nrm[i] ** 2 + nrm[j] ** 2) < identical:
                c.append(int(i))
                break
        else:
            clusters.append([int(i)])
    return clusters


def independent_fraction(V, vanish=0.1, identical=0.1):
    """Number of clusters of non-vanishing neurons divided by the number of neurons (rows of ``V``)."""
    V = np.asarray(V, dtype=float)
    return len(independent_clusters(V, vanish, identical)) / V.shape[0]
