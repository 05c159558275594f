"""Sharpness along a run: lambda_max(Hess L) at checkpoints by warm-started Lanczos on HVPs.

At checkpoints theta_{t_1}, theta_{t_2}, ... of a run (t_j the step, e.g. every k steps) the
sharpness lambda_max(H_j), H_j = Hess L(theta_{t_j}), is the largest *algebraic* eigenvalue
(``which="LA"``: a negative eigenvalue of larger modulus is not the sharpness). Each measurement
is ``scipy.sparse.linalg.eigsh(k=1, which="LA")`` (implicitly restarted Lanczos, ARPACK) on a
``LinearOperator`` v -> H_j v of jitted Hessian-vector products
(:func:`verify.measure.derivatives.hvp_fn`, forward-over-reverse), never forming H_j.

Warm start: along a run H_j changes little between checkpoints, so the top eigenvector u_{j-1}
of H_{j-1} is nearly that of H_j and is a good Lanczos start vector:

    v0_j = u_{j-1} + mix * z / |z|,     z ~ N(0, I) (numpy seed ``seed``, the same z every time),

(v0_1 = z, a cold start). The small random part keeps a component along every eigenvector, so
that a new top eigenvector (eigenvalues crossing) is still found; ``warm=False`` starts every
measurement from z (cold), the reference for the HVP savings.

Accuracy: ARPACK stops when the Ritz estimate of the residual |H v - theta v| is at most
``tol * |theta|``; for symmetric H some eigenvalue lies within that residual of the Ritz value
theta (and within residual^2 / gap, Kato-Temple, when the gap to the rest of the spectrum is
known). Lanczos from a start vector with a component along the top eigenvector converges to
lambda_max; the unit tests compare against dense ``eigh``.

Cost: ``hvps`` counts the HVPs each measurement used (ARPACK's matvec calls; at least ncv + 1),
to compare with p HVPs (a dense Hessian) or a cold start. ``ncv`` (Lanczos basis size per
restart) is small by default so that a good start vector pays off; the loss normalisation
(1/2 or not) scales every eigenvalue (see :mod:`verify.measure.curvature`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import scipy.sparse.linalg as spla

from verify.measure.curvature import hvp_operator

__all__ = ["SharpnessTrack", "TopEig", "lanczos_top", "track_sharpness", "warm_start"]


class TopEig(NamedTuple):
    """One Lanczos measurement: lambda_max, its unit eigenvector, the HVPs used."""

    value: float
    vector: np.ndarray
    hvps: int


class SharpnessTrack(NamedTuple):
    """Sharpness along a run: checkpoint steps, lambda_max at each, HVPs used by each measurement."""

    steps: np.ndarray
    lambda_max: np.ndarray
    hvps: np.ndarray


def _probe(p, seed):
    z = np.random.default_rng(seed).standard_normal(p)
    return z / np.linalg.norm(z)


def warm_start(previous, p, *, mix=1e-3, seed=0):
    """Start vector ``previous + mix * z/|z|`` (z from ``seed``), or z/|z| when ``previous`` is None."""
    z = _probe(p, seed)
    return z if previous is None else np.asarray(previous, dtype=np.float64) + mix * z


def lanczos_top(loss, theta, v0=None, *, tol=1e-6, ncv=4, maxiter=None, seed=0, args=()):
    """lambda_max(Hess L(theta)) by ``eigsh(k=1, which="LA", v0=v0)`` on HVPs, as a :class:`TopEig`.

    ``v0=None`` starts from z/|z| (seed ``seed``). ``tol``: ARPACK's relative residual tolerance
    (see the module docstring); ``ncv``: Lanczos vectors per restart (2 <= ncv <= p).
    """
    op, count = hvp_operator(loss, theta, args)
    p = op.shape[0]
    start = _probe(p, seed) if v0 is None else np.asarray(v0, dtype=np.float64)
    w, V = spla.eigsh(op, k=1, which="LA", v0=start, tol=tol, ncv=min(ncv, p), maxiter=maxiter)
    return TopEig(float(w[0]), V[:, 0], count[0])


def track_sharpness(loss, checkpoints, *, warm=True, mix=1e-3, tol=1e-6, ncv=4, maxiter=None, seed=0, args=()):
    """lambda_max at each ``(step, theta)`` of ``checkpoints`` (any iterable, consumed in order).

    ``warm=True`` starts each measurement from the previous top eigenvector (:func:`warm_start`),
    ``warm=False`` from the same random vector every time. Returns a :class:`SharpnessTrack`.
    """
    steps, lams, hvps, prev = [], [], [], None
    for step, theta in checkpoints:
        p = int(np.shape(theta)[0])
        v0 = warm_start(prev if warm else None, p, mix=mix, seed=seed)
        e = lanczos_top(loss, theta, v0, tol=tol, ncv=ncv, maxiter=maxiter, seed=seed, args=args)
        steps.append(step), lams.append(e.value), hvps.append(e.hvps)
        prev = e.vector
    return SharpnessTrack(np.asarray(steps), np.asarray(lams, dtype=np.float64), np.asarray(hvps, dtype=np.int64))
