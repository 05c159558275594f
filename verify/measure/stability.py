"""Linear stability of SGD at a global minimum: the exact second-moment operator.

Setting (square loss at an interpolating minimum theta*, linearised dynamics). Per-sample
Hessians ``H_i`` (of the per-sample loss ell_i; at a global minimum of
``ell_i = 1/2 (f_i - y_i)^2`` this is the Gauss-Newton term ``a_i a_i^T``, ``a_i = grad f_i``;
for ``ell_i = (f_i - y_i)^2`` it is ``2 a_i a_i^T``), ``H = (1/n) sum_i H_i``. Linearised SGD on
``delta = theta - theta*``::

    delta_{t+1} = (I - eta H_{I_t}) delta_t,    H_{I_t} = (1/B) sum_{i in I_t} H_i.

Its second moment ``M_t = E delta_t delta_t^T`` evolves exactly by the linear operator

    T(M) = (I - eta H) M (I - eta H) + eta^2 kappa_B ((1/n) sum_i H_i M H_i - H M H),

``kappa_B = 1/B`` (with replacement) or ``(n - B)/(B (n - 1))`` (without replacement), because
``E[H_I M H_I] - H M H = kappa_B ((1/n) sum_i H_i M H_i - H M H)`` for both samplings.

As a k^2 x k^2 matrix on vec(M): ``T = I - eta D + eta^2 Q`` with ``D = H (+) H`` (Kronecker
sum) and ``Q = (1 - kappa) H (x) H + kappa (1/n) sum_i H_i (x) H_i = E[H_I (x) H_I]``, both
symmetric, Q PSD. T is a positive (CP) map, so its spectral radius is its largest eigenvalue
(with a PSD eigenvector), and

    rho(T(eta)) <= 1   <=>   eta Q <= D   <=>   eta <= eta_max := 1 / lambda_max(Q, D)

(generalised symmetric-definite eigenproblem on range(H), where D > 0). The stable set is the
interval (0, eta_max]. The component of delta in null(H) never moves (every H_i delta lies in
range(H)), so the loss-weighted notion (sup_t E L~_t = sup_t 1/2 Tr(H M_t) < inf) and the
mean-square notion (sup_t Tr M_t < inf) give the same threshold; both are computed on the
range of H. Loss normalisation enters only through the H_i passed in (see module docstring
of :mod:`verify.measure.alignment`).
"""

from __future__ import annotations

import itertools
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np
import scipy.linalg as sla

from verify.measure.noise import kappa  # re-exported: the stability operator is stated with it
from verify.precise.eigen import real_eigenvalues_exact

__all__ = ["kappa", "reduce_to_range", "second_moment_operator", "apply_operator", "spectral_radius",
           "threshold", "threshold_bisect", "threshold_exact", "simulate_second_moment", "loss_trajectory", "batches", "enumerate_second_moment",
           "SAMPLINGS"]

SAMPLINGS = ("with_replacement", "without_replacement")


def reduce_to_range(Hs, rtol: float = 1e-10):
    """Express per-sample Hessians (n, p, p) in an orthonormal basis of range(H).

    Returns ``(Hs_r (n, k, k), U (p, k))`` with ``H = U diag(lam) U^T`` restricted to
    eigenvalues above ``rtol * lam_max``.
    """
    Hs = np.asarray(Hs, dtype=float)
    H = Hs.mean(axis=0)
    lam, V = np.linalg.eigh((H + H.T) / 2)
    keep = lam > rtol * max(lam.max(), 1e-300)
    U = V[:, keep]
    return np.einsum("pk,npq,ql->nkl", U, Hs, U), U


def _qd(Hs, kap):
    H = Hs.mean(axis=0)
    k = H.shape[0]
    I = np.eye(k)
    D = np.kron(H, I) + np.kron(I, H)
    # (1/n) sum_i H_i (x) H_i as one contraction (a list of n Kronecker products is ~25x slower at k = 32)
    mean_kron = np.einsum("nij,nkl->ikjl", Hs, Hs).reshape(k * k, k * k) / Hs.shape[0]
    Q = (1.0 - kap) * np.kron(H, H) + kap * mean_kron
    return Q, D


def second_moment_operator(Hs, eta: float, kap: float):
    """The k^2 x k^2 matrix of T acting on vec(M) (row-major vec; T symmetric)."""
    Hs = np.asarray(Hs, dtype=float)
    Q, D = _qd(Hs, kap)
    return np.eye(D.shape[0]) - eta * D + eta**2 * Q


def apply_operator(Hs, M, eta: float, kap: float):
    """T(M) in matrix form (independent of the Kronecker construction; used to test it)."""
    Hs = np.asarray(Hs, dtype=float)
    H = Hs.mean(axis=0)
    P = np.eye(H.shape[0]) - eta * H
    noise = np.mean([Hi @ M @ Hi for Hi in Hs], axis=0) - H @ M @ H
    return P @ M @ P + eta**2 * kap * noise


def spectral_radius(Hs, eta: float, kap: float, *, reduce: bool = True) -> float:
    """rho(T) on range(H) (``reduce=True``) via the symmetric eigenvalues of T."""
    if reduce:
        Hs, _ = reduce_to_range(Hs)
    ev = np.linalg.eigvalsh(second_moment_operator(Hs, eta, kap))
    return float(np.max(np.abs(ev)))


def threshold(Hs, kap: float) -> float:
    """Exact eta_max = 1/lambda_max(Q, D) on range(H) (generalised eigenproblem)."""
    Hs_r, _ = reduce_to_range(Hs)
    Q, D = _qd(Hs_r, kap)
    top = Q.shape[0] - 1  # only the largest generalised eigenvalue (LAPACK ?sygvx): ~8x faster at k^2 = 1024
    lam = sla.eigh(Q, D, eigvals_only=True, subset_by_index=[top, top])
    return float(1.0 / lam.max())


def threshold_bisect(Hs, kap: float, *, tol: float = 1e-12, iters: int = 200) -> float:
    """eta_max by bisection on rho(T(eta)) <= 1 (independent route to :func:`threshold`).

    Starts from [0, 2/lam_max(H)] (rho > 1 beyond the GD threshold since Q >= H (x) H).
    """
    Hs_r, _ = reduce_to_range(Hs)
    lo, hi = 0.0, 2.0 / np.linalg.eigvalsh(Hs_r.mean(axis=0)).max() * (1 + 1e-9)
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        if spectral_radius(Hs_r, mid, kap, reduce=False) <= 1.0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= tol * hi:
            break
    return float(0.5 * (lo + hi))


def threshold_exact(Hs, kap):
    """eta_max = 1/lambda_max(D^{-1} Q) in exact arithmetic (sympy), for certificates.

    ``Hs``: sequence of sympy matrices (p, p) with rational entries and H = mean(Hs) invertible
    (restrict to range(H) first); ``kap``: a sympy Rational. Returns a sympy number: Rational
    when the top eigenvalue is rational, else 1/CRootOf (see ``real_eigenvalues_exact``).
    """
    import sympy as sp

    n, p = len(Hs), Hs[0].shape[0]
    H = sum(Hs, sp.zeros(p)) / n
    Q = (1 - kap) * sp.kronecker_product(H, H) + kap * sum(
        (sp.kronecker_product(h, h) for h in Hs), sp.zeros(p * p)) / n
    D = sp.kronecker_product(H, sp.eye(p)) + sp.kronecker_product(sp.eye(p), H)
    return 1 / real_eigenvalues_exact(D.inv() * Q)[-1]


@partial(jax.jit, static_argnums=(4,))
def _iterate(Hs, M0, eta, kap, steps):
    H = Hs.mean(axis=0)
    P = jnp.eye(H.shape[0]) - eta * H

    def step(M, _):
        Mn = P @ M @ P + eta**2 * kap * (jnp.mean(Hs @ M @ Hs, axis=0) - H @ M @ H)
        Mn = 0.5 * (Mn + Mn.T)
        return Mn, (jnp.trace(H @ Mn), jnp.trace(Mn))

    _, (lt, mt) = jax.lax.scan(step, M0, None, length=steps)
    return lt, mt


def simulate_second_moment(Hs, M0, eta: float, kap: float, steps: int):
    """Iterate M_{t+1} = T(M_t) (matrix form, jit + lax.scan); returns (Tr(H M_t), Tr M_t), t=0..steps."""
    Hs, M0 = np.asarray(Hs, dtype=float), np.asarray(M0, dtype=float)
    lt, mt = _iterate(jnp.asarray(Hs), jnp.asarray(M0), float(eta), float(kap), int(steps))
    H = Hs.mean(axis=0)
    return (np.concatenate([[np.trace(H @ M0)], np.asarray(lt)]),
            np.concatenate([[np.trace(M0)], np.asarray(mt)]))


def loss_trajectory(Hs, M0, eta: float, kap: float, steps: int):
    """Tr(H M_t), t = 0..steps, by repeated products with the Kronecker matrix of T (numpy; short horizons)."""
    Hs = np.asarray(Hs, dtype=float)
    T = second_moment_operator(Hs, eta, kap)
    h = Hs.mean(axis=0).ravel()
    m = np.asarray(M0, dtype=float).ravel()
    out = [h @ m]
    for _ in range(steps):
        m = T @ m
        out.append(h @ m)
    return np.array(out)


def batches(n: int, B: int, sampling: str):
    """All equally likely mini-batches: n^B ordered tuples (with replacement), C(n, B) subsets (without)."""
    if sampling == "with_replacement":
        return list(itertools.product(range(n), repeat=B))
    return list(itertools.combinations(range(n), B))


@partial(jax.jit, static_argnums=(3,))
def _enum(Ps, M0, H, steps):
    def step(M, _):
        Mn = jnp.mean(Ps @ M @ Ps, axis=0)
        return Mn, jnp.trace(H @ Mn)

    _, lt = jax.lax.scan(step, M0, None, length=steps)
    return lt


def enumerate_second_moment(Hs, M0, eta: float, B: int, sampling: str, steps: int):
    """Direct simulation of E[delta delta^T] by averaging over every possible mini-batch.

    Uses no kappa formula: M_{t+1} = mean_I (I - eta H_I) M_t (I - eta H_I). Returns Tr(H M_t), t=0..steps.
    """
    Hs = np.asarray(Hs, dtype=float)
    n = Hs.shape[0]
    H = Hs.mean(axis=0)
    Ps = np.stack([np.eye(H.shape[0]) - eta * Hs[list(I)].mean(axis=0) for I in batches(n, B, sampling)])
    lt = _enum(jnp.asarray(Ps), jnp.asarray(M0, dtype=float), jnp.asarray(H), int(steps))
    return np.concatenate([[float(np.trace(H @ M0))], np.asarray(lt)])
