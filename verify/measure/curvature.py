"""Curvature of a loss at a point: sharpness, top eigenvalues, trace and Frobenius norm.

H = Hess L(theta) (p x p, symmetric).  Methods:

* ``"dense"``: build H (:func:`~verify.measure.derivatives.hessian`) and use the LAPACK
  symmetric eigensolver (``scipy.linalg.eigh(driver="evr")`` restricted to the top k, as
  backward stable as ``numpy.linalg.eigh`` and several times faster) / ``trace`` / ``norm``;
  exact up to rounding, O(p^2) memory, O(p^3) time.
* ``"lanczos"``: ``scipy.sparse.linalg.eigsh(which="LA")`` on a ``LinearOperator`` of jitted
  Hessian-vector products (forward-over-reverse), started from a fixed vector (N(0, I) from
  ``seed``); the number of HVPs is recorded, plus one more for the residual ||Hv - lambda v||.
* ``"hutchinson"``: with i.i.d. Rademacher probes z_j (fixed seed), j = 1..m,
      tr H     ~ (1/m) sum_j z_j^T H z_j        (unbiased; E zz^T = I)
      ||H||_F^2 ~ (1/m) sum_j ||H z_j||^2        (unbiased; E ||Hz||^2 = tr(H^T H))
  with standard error s/sqrt(m) (s the sample standard deviation).  ``hessian_frobenius``
  returns ||H||_F = sqrt of the second estimate, with the delta-method standard error
  se(F) = se(F^2) / (2F).
* ``"auto"``: dense when p <= ``dense_max`` (or ``exact_max``), else the iterative method.

Every function takes ``args=()``: the data of ``loss(theta, *args)``, passed to the compiled
Hessian / HVP as traced arguments (new data of the same shapes do not recompile).

Sharpness depends on the loss normalisation: under "mean" MSE it is twice the "half_mean"
value (see :mod:`verify.models.losses`).
"""

from typing import Any, NamedTuple

import jax.numpy as jnp
import numpy as np
import scipy.linalg
import scipy.sparse.linalg as spla

from verify.measure.derivatives import batched_hvp_fn, hessian_fn, hvp_fn


class Eig(NamedTuple):
    """An eigenvalue estimate (or k of them, descending) with its provenance.

    value: lambda (float) or array of k values; method: "dense" | "lanczos"; hvps: HVPs used
    (0 for dense); residual: ||H v - lambda v|| for the unit eigenvector(s); vector: v.
    """

    value: Any
    method: str
    hvps: int
    residual: Any
    vector: Any = None


class Estimate(NamedTuple):
    """A scalar estimate with standard error (0 when exact), method and HVP count."""

    value: float
    stderr: float
    method: str
    hvps: int


def hvp_operator(loss, theta, args=()):
    """``(op, count)``: the Hessian of ``loss`` at ``theta`` as a scipy ``LinearOperator`` on HVPs, and a
    one-element list whose entry counts the HVPs it has applied."""
    theta = jnp.asarray(theta, dtype=jnp.float64)
    f, count = hvp_fn(loss), [0]

    def matvec(v):
        count[0] += 1
        return np.asarray(f(theta, jnp.asarray(np.ravel(v), dtype=theta.dtype), *args))

    p = theta.shape[0]
    return spla.LinearOperator((p, p), matvec=matvec, dtype=np.float64), count


def _start_vector(p, seed):
    return np.random.default_rng(seed).standard_normal(p)


def _choose(method, p, limit, iterative):
    if method == "auto":
        return "dense" if p <= limit else iterative
    return method


def top_eigenvalues(loss, theta, k=1, *, method="auto", dense_max=3000, tol=1e-10, seed=0,
                    maxiter=None, ncv=None, args=()):
    """The k largest (algebraic) Hessian eigenvalues, descending, as an :class:`Eig`.

    ``value``, ``residual`` are arrays of length k; ``vector`` is (p, k).  Lanczos uses
    eigsh(which="LA", v0 = N(0, I) from ``seed``, tol=``tol``); dense uses LAPACK eigh.
    """
    theta = jnp.asarray(theta)
    p = theta.shape[0]
    if not 1 <= k <= p:
        raise ValueError(f"k={k} must be in 1..p={p}")
    m = _choose(method, p, dense_max, "lanczos")
    if m == "lanczos" and k >= p - 1:
        m = "dense"  # ARPACK needs k < p - 1; the dense route is exact here
    if m == "dense":
        H = np.asarray(hessian_fn(loss)(theta, *args))
        w, V = scipy.linalg.eigh(H, subset_by_index=[p - k, p - 1], driver="evr")
        w, V = w[::-1], V[:, ::-1]
        res = np.linalg.norm(H @ V - V * w, axis=0)
        return Eig(w, "dense", 0, res, V)
    if m != "lanczos":
        raise ValueError(f"unknown method {method!r} (auto | dense | lanczos)")
    op, count = hvp_operator(loss, theta, args)
    w, V = spla.eigsh(op, k=k, which="LA", v0=_start_vector(p, seed), tol=tol,
                      maxiter=maxiter, ncv=ncv)
    order = np.argsort(w)[::-1]
    w, V = w[order], V[:, order]
    HV = np.stack([op.matvec(V[:, j]) for j in range(k)], axis=1)
    res = np.linalg.norm(HV - V * w, axis=0)
    return Eig(w, "lanczos", count[0], res, V)


def sharpness(loss, theta, *, method="auto", dense_max=3000, tol=1e-10, seed=0, maxiter=None, args=()):
    """lambda_max(Hess L(theta)) as an :class:`Eig` with scalar value and residual."""
    e = top_eigenvalues(loss, theta, 1, method=method, dense_max=dense_max, tol=tol, seed=seed,
                        maxiter=maxiter, args=args)
    return Eig(float(e.value[0]), e.method, e.hvps, float(e.residual[0]), e.vector[:, 0])


def rademacher(p, samples, seed=0):
    """(samples, p) matrix of i.i.d. +-1 entries from ``seed`` (numpy PCG64, fixed)."""
    return np.random.default_rng(seed).choice(np.array([-1.0, 1.0]), size=(samples, p))


def _probe_hvps(loss, theta, samples, seed, chunk, args):
    Z = rademacher(theta.shape[0], samples, seed)
    f = batched_hvp_fn(loss)
    HZ = np.concatenate([np.asarray(f(theta, jnp.asarray(Z[i:i + chunk]), *args))
                         for i in range(0, samples, chunk)], axis=0)
    return Z, HZ


def _mean_se(x):
    m = x.shape[0]
    return float(np.mean(x)), float(np.std(x, ddof=1) / np.sqrt(m)) if m > 1 else float("inf")


def hessian_trace(loss, theta, *, method="auto", samples=100, seed=0, exact_max=3000, chunk=32, args=()):
    """tr Hess L(theta) as an :class:`Estimate` (exact from the dense H, or Hutchinson)."""
    theta = jnp.asarray(theta)
    m = _choose(method, theta.shape[0], exact_max, "hutchinson")
    if m in ("exact", "dense"):
        H = np.asarray(hessian_fn(loss)(theta, *args))
        return Estimate(float(np.trace(H)), 0.0, "exact", 0)
    if m != "hutchinson":
        raise ValueError(f"unknown method {method!r} (auto | exact | hutchinson)")
    Z, HZ = _probe_hvps(loss, theta, samples, seed, chunk, args)
    v, se = _mean_se(np.sum(Z * HZ, axis=1))
    return Estimate(v, se, "hutchinson", samples)


def hessian_frobenius(loss, theta, *, method="auto", samples=100, seed=0, exact_max=3000, chunk=32, args=()):
    """||Hess L(theta)||_F as an :class:`Estimate` (exact, or sqrt of E||Hz||^2; delta-method se)."""
    theta = jnp.asarray(theta)
    m = _choose(method, theta.shape[0], exact_max, "hutchinson")
    if m in ("exact", "dense"):
        H = np.asarray(hessian_fn(loss)(theta, *args))
        return Estimate(float(np.linalg.norm(H, "fro")), 0.0, "exact", 0)
    if m != "hutchinson":
        raise ValueError(f"unknown method {method!r} (auto | exact | hutchinson)")
    _, HZ = _probe_hvps(loss, theta, samples, seed, chunk, args)
    sq, se_sq = _mean_se(np.sum(HZ * HZ, axis=1))
    F = float(np.sqrt(max(sq, 0.0)))
    return Estimate(F, se_sq / (2 * F) if F > 0 else se_sq, "hutchinson", samples)


def hessian_frobenius_sq(loss, theta, *, method="auto", samples=100, seed=0, exact_max=3000, chunk=32, args=()):
    """||Hess L(theta)||_F^2 as an :class:`Estimate` (unbiased under Hutchinson)."""
    theta = jnp.asarray(theta)
    m = _choose(method, theta.shape[0], exact_max, "hutchinson")
    if m in ("exact", "dense"):
        H = np.asarray(hessian_fn(loss)(theta, *args))
        return Estimate(float(np.sum(H * H)), 0.0, "exact", 0)
    _, HZ = _probe_hvps(loss, theta, samples, seed, chunk, args)
    sq, se_sq = _mean_se(np.sum(HZ * HZ, axis=1))
    return Estimate(sq, se_sq, "hutchinson", samples)


