"""lambda_max of many mini-batch Hessians at once (fixed-step Lanczos, vmapped), and MiniBS from it.

For a batch B with Hessian H_B = Hess L_B(theta) (p x p, symmetric; ``L_B`` is ``loss_batch(theta,
idx, *args)``, the mean loss over the index array idx, as in :mod:`verify.measure.batch_sharpness`),
K steps of Lanczos from a unit start vector q_1 build an orthonormal basis Q_K = [q_1 .. q_K] of the
Krylov space span{q_1, H_B q_1, ..., H_B^{K-1} q_1} (full re-orthogonalisation, twice, against
every stored q) and the tridiagonal T_K = Q_K^T H_B Q_K (alpha_j = q_j^T H_B q_j on the diagonal,
beta_j = |r_j| off it). The top Ritz value theta = lambda_max(T_K), with Ritz vector y = Q_K s, satisfies

    theta = y^T H_B y <= lambda_max(H_B)                (a Rayleigh quotient: always a LOWER bound)
    |H_B y - theta y| = beta_K |s_K|                     (residual, the error estimate: some
                                                          eigenvalue of H_B within it of theta)

so the estimate never exceeds the truth, and the residual bounds how far below it can be only when
theta is known to approximate the top eigenvalue (a start vector with a component along it; the
tests compare with dense ``eigvalsh``). Lanczos stops early when |r_j| <= 1e-8 |H_B q_j| (an invariant
subspace to working accuracy; below that the re-orthogonalised r_j would be rounding noise and the
basis no longer orthonormal): T is padded with alpha_1 (a Rayleigh quotient, so the top Ritz value is
unchanged) and the residual is |r_j| |s_j| at the step where it stopped.
Every batch uses the same start vector N(0, I) / |.| from ``seed``; the batches are vmapped, so one
compiled call measures m batches with m K HVPs.

MiniBS (Andreyev & Beneventano v1) = E_B[lambda_max(H_B)] is estimated by the mean of theta over m
batches drawn by :func:`verify.measure.batch_sharpness.draw_batches` (standard error s / sqrt(m));
since every theta is a lower bound, the estimator's only bias is downward (at most the residuals).
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from verify.measure.batch_sharpness import draw_batches
from verify.measure.derivatives import memo

__all__ = ["lanczos_top", "batch_lambda_max", "MiniBS", "minibs"]

BREAKDOWN = 1e-8  # |r_j| <= BREAKDOWN |H q_j|: stop (invariant to working accuracy; the Ritz value stays
#                   a Rayleigh quotient since T_K = Q_K^T H Q_K does not involve the dropped beta_K)


def lanczos_top(matvec, q1, steps):
    """``(theta, residual)``: top Ritz value of ``steps`` Lanczos steps of ``matvec`` from ``q1`` (pure JAX)."""
    p = q1.shape[0]
    Q = jnp.zeros((steps + 1, p), dtype=q1.dtype).at[0].set(q1 / jnp.linalg.norm(q1))

    def body(j, state):
        Q, alpha, beta, stop, alive = state
        q = Q[j]
        w = matvec(q)
        scale = jnp.linalg.norm(w)
        a = q @ w
        w = w - Q.T @ (Q @ w)
        w = w - Q.T @ (Q @ w)  # second pass: orthogonal to rounding
        nw = jnp.linalg.norm(w)
        ok = alive & (nw > BREAKDOWN * scale) & (j < steps - 1)
        Q = Q.at[j + 1].set(jnp.where(ok, w / jnp.where(ok, nw, 1.0), 0.0))
        alpha = alpha.at[j].set(jnp.where(alive, a, jnp.nan))
        beta = beta.at[j].set(jnp.where(ok, nw, 0.0))
        stop = stop.at[j].set(jnp.where(alive & ~ok, nw, 0.0))  # the dropped coupling at the last step
        return Q, alpha, beta, stop, ok

    z = jnp.zeros(steps, dtype=q1.dtype)
    _, alpha, beta, stop, _ = jax.lax.fori_loop(0, steps, body, (Q, z, z, z, jnp.array(True)))
    alpha = jnp.where(jnp.isnan(alpha), alpha[0], alpha)  # pad after a breakdown (decoupled block)
    T = jnp.diag(alpha) + jnp.diag(beta[:-1], 1) + jnp.diag(beta[:-1], -1)
    w, S = jnp.linalg.eigh(T)
    return w[-1], jnp.sum(stop * jnp.abs(S[:, -1]))


@memo
def _batched_fn(loss_batch, steps):
    g = jax.grad(loss_batch)

    def one(theta, idx, q1, args):
        mv = lambda v: jax.jvp(lambda th: g(th, idx, *args), (theta,), (v,))[1]  # noqa: E731
        return lanczos_top(mv, q1, steps)

    return jax.jit(jax.vmap(one, in_axes=(None, 0, None, None)))


def batch_lambda_max(loss_batch, theta, idx, *, steps=20, seed=0, args=()):
    """``(theta_B, residual_B)`` arrays over the rows of the (m, b) batch array ``idx``."""
    theta = jnp.asarray(theta, dtype=jnp.float64)
    steps = int(min(steps, theta.shape[0]))
    q1 = jnp.asarray(np.random.default_rng(seed).standard_normal(theta.shape[0]))
    lam, res = _batched_fn(loss_batch, steps)(theta, jnp.asarray(idx, dtype=jnp.int32), q1,
                                               tuple(jnp.asarray(a) for a in args))
    return np.asarray(lam), np.asarray(res)


class MiniBS(NamedTuple):
    """Monte Carlo MiniBS: mean of the top Ritz values, its standard error, HVPs, worst residual."""

    value: float
    stderr: float
    hvps: int
    max_residual: float
    n_batches: int


def minibs(loss_batch, theta, n, b, batches, sampling="without_replacement", *, steps=20, seed=0, args=()):
    """MiniBS = E_B[lambda_max(H_B)] over ``batches`` batches from ``numpy.random.default_rng(seed)``."""
    idx = draw_batches(np.random.default_rng(seed), n, b, batches, sampling)
    lam, res = batch_lambda_max(loss_batch, theta, idx, steps=steps, seed=seed, args=args)
    se = float(np.std(lam, ddof=1) / np.sqrt(len(lam))) if len(lam) > 1 else float("inf")
    return MiniBS(float(np.mean(lam)), se, int(len(lam) * min(steps, np.shape(theta)[0])), float(np.max(res)),
                  int(len(lam)))
