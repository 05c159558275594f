"""Almost-sure stability of random linear recursions: Lyapunov exponents by the QR method.

For i.i.d. random matrices A_t drawn from a finite family ``mats`` (probabilities ``probs``,
uniform by default), the top Lyapunov exponent is

    lambda_1 = lim_T (1/T) log ||A_{T-1} ... A_0 v||     (almost surely, generic v)

(Furstenberg-Kesten). The QR method propagates k orthonormal columns: ``A_t Q_t = Q_{t+1} R_t``
and ``lambda_j ~ (1/T) sum_t log |R_t[j, j]|``. The recursion ``x_{t+1} = A_t x_t`` is
almost-surely stable (x_t -> 0 a.s.) iff lambda_1 < 0; it is mean-square stable iff the
spectral radius of E[A (x) A] is < 1, and log rho(E[A (x) A]) / 2 >= lambda_1 (Jensen), so
mean-square stability implies almost-sure stability, not conversely.

SGD on a quadratic (with per-sample Hessians H_i) is the case A_t = I - eta H_{B_t}; the
mean-square threshold is :func:`verify.measure.stability.threshold`. :func:`sgd_matrices`
builds the equally likely family over every batch (``stability.batches``), so the batch law
(with / without replacement) is explicit.

Standard error: the T steps after ``burn`` are cut into ``blocks`` consecutive blocks; the
block means of log |R[0, 0]| give a batch-means standard error (the blocks are nearly
independent once a block is much longer than the mixing time of the direction process).
Randomness: the index sequence comes from ``numpy.random.default_rng(seed)``.
"""

from __future__ import annotations

from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from verify.measure.curvature import Estimate
from verify.measure.stability import batches

__all__ = ["lyapunov_spectrum", "top_lyapunov", "sgd_matrices", "mean_square_exponent"]


@partial(jax.jit, static_argnums=(2,))
def _qr_run(mats, seq, k):
    p = mats.shape[1]
    Q0 = jnp.eye(p, k, dtype=mats.dtype)

    def step(Q, i):
        Q, R = jnp.linalg.qr(mats[i] @ Q)
        d = jnp.diagonal(R)
        s = jnp.where(d < 0, -1.0, 1.0)
        return Q * s, jnp.log(jnp.abs(d))

    _, logs = jax.lax.scan(step, Q0, seq)
    return logs


def lyapunov_spectrum(mats, steps, *, k=1, probs=None, seed=0, burn=200, blocks=20):
    """The k top Lyapunov exponents (array) and the standard error of each (array)."""
    mats = np.asarray(mats, dtype=float)
    rng = np.random.default_rng(seed)
    seq = rng.choice(len(mats), size=burn + steps, p=probs)
    logs = np.asarray(_qr_run(jnp.asarray(mats), jnp.asarray(seq, dtype=jnp.int32), int(k)))[burn:]
    m = steps // blocks
    bm = logs[: m * blocks].reshape(blocks, m, k).mean(axis=1)
    return logs.mean(axis=0), bm.std(axis=0, ddof=1) / np.sqrt(blocks)


def top_lyapunov(mats, steps, *, probs=None, seed=0, burn=200, blocks=20):
    """Top Lyapunov exponent as an :class:`~verify.measure.curvature.Estimate`."""
    val, se = lyapunov_spectrum(mats, steps, k=1, probs=probs, seed=seed, burn=burn, blocks=blocks)
    return Estimate(float(val[0]), float(se[0]), f"qr[{steps} steps, {blocks} blocks]", 0)


def sgd_matrices(Hs, eta, B, sampling="without_replacement"):
    """``I - eta H_S`` for every equally likely batch S (n^B tuples or C(n, B) subsets)."""
    Hs = np.asarray(Hs, dtype=float)
    I = np.eye(Hs.shape[1])
    return np.stack([I - eta * Hs[list(S)].mean(axis=0) for S in batches(Hs.shape[0], B, sampling)])


def mean_square_exponent(mats, probs=None):
    """``log rho(E[A (x) A]) / 2``: the growth rate of sqrt(E |x_t|^2) (dense, p^2 x p^2)."""
    mats = np.asarray(mats, dtype=float)
    w = np.full(len(mats), 1 / len(mats)) if probs is None else np.asarray(probs, dtype=float)
    K = np.einsum("m,mij,mkl->ikjl", w, mats, mats).reshape(mats.shape[1] ** 2, -1)
    return 0.5 * float(np.log(np.max(np.abs(np.linalg.eigvals(K)))))
