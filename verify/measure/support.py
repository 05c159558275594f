"""Support metrics of linear networks (bpp24): how much the first layer uses irrelevant inputs.

Inputs ``x = (x_S, x_N)`` with the support S = the first ``r`` coordinates. For a bias-free
linear network with scalar output (an MLP from :mod:`verify.models.mlp` with
``bias=False`` and identity activations, parameters ``[(W_1,), ..., (W_L,)]``,
``W_l`` of shape (h_l, h_{l-1}), ``h_L = 1``):

* ``head(params)``: ``c = (W_L ... W_2)^T`` in R^{h_1}, so ``f(x) = c^T W_1 x``;
* ``end_to_end(params)``: ``beta = W_1^T c`` in R^d (per-coordinate end-to-end coefficients);
* ``irrelevant_norm(W_1, r)``: ``||W_1[:, r:]||_F``, the first-layer weight on irrelevant inputs
  ("learning the support in the first layer" = this norm -> 0); for a diagonal network pass
  the first layer ``v`` as a (1, d) row (then it is ``||v_N||_2``);
* ``orthogonal_change(W_before, W_after, C)``: ``||P_perp (W_after - W_before)||_F`` with
  ``P_perp`` the projector onto the orthogonal complement of the column span of ``C`` (h, k).
"""

import jax.numpy as jnp
import numpy as np

__all__ = ["head", "end_to_end", "irrelevant_norm", "relevant_block", "orthogonal_change"]


def head(params):
    """``c = (W_L ... W_2)^T`` (length h_1); for depth 1 (a single layer) it is ``[1.]``."""
    c = jnp.ones((1,), dtype=params[0][0].dtype)
    for layer in reversed(params[1:]):
        c = c @ layer[0]
    return c


def end_to_end(params):
    """``beta = W_1^T c``: f(x) = <beta, x>."""
    return params[0][0].T @ head(params)


def irrelevant_norm(W1, r):
    """``||W_1[:, r:]||_F`` (W_1 of shape (h, d), or a 1-D first layer treated as one row)."""
    W1 = jnp.atleast_2d(W1)
    return jnp.sqrt(jnp.sum(W1[:, r:] ** 2))


def relevant_block(W1, r):
    """``W_1[:, :r]``, the weights on the support."""
    return jnp.atleast_2d(W1)[:, :r]


def orthogonal_change(W_before, W_after, C):
    """``||P_perp (W_after - W_before)||_F``, ``P_perp = I - Q Q^T`` with Q an orthonormal basis of
    the column span of ``C`` (rank decided by SVD at relative tolerance 1e-12)."""
    C = np.atleast_2d(np.asarray(C, dtype=float))
    U, s, _ = np.linalg.svd(C, full_matrices=False)
    k = int(np.sum(s > 1e-12 * max(s.max(), 1e-300)))
    Q = U[:, :k]
    D = np.asarray(W_after, dtype=float) - np.asarray(W_before, dtype=float)
    return float(np.linalg.norm(D - Q @ (Q.T @ D)))
