"""Batch Sharpness and MiniBS (Andreyev & Beneventano, arXiv:2412.20553): exact and Monte Carlo.

For a mini-batch loss ``L_B(theta) = (1/b) sum_{i in B} ell_i(theta)`` with gradient ``g_B`` and
Hessian ``H_B`` (the loss normalisation, e.g. ``1/2`` or not in ell_i, is whatever
``loss_batch`` computes: every quantity here scales with it):

* step sharpness        ``R_B = g_B^T H_B g_B / |g_B|^2``  (Rayleigh quotient along g_B);
* Batch Sharpness (v3+) ``BS = E_B[R_B]``                  (expectation OUTSIDE the ratio);
* "expectation inside"  ``E_B[g_B^T H_B g_B] / E_B[|g_B|^2]`` (the code's exploration variant);
* MiniBS (v1)           ``E_B[lambda_max(H_B)]``.

``loss_batch(theta, idx, *args)`` is the mean loss over the index array ``idx`` (shape ``(b,)``; a
repeated index counts twice), the signature of :func:`verify.dynamics.sgd.sgd` plus optional
``args`` (e.g. the data), traced so that one compilation serves every data set of a shape.
The batch law ``sampling`` is explicit: ``"without_replacement"`` = uniform b-subsets (the
official estimator), ``"with_replacement"`` = b i.i.d. uniform indices (ordered tuples).

Batches with ``g_B = 0`` (e.g. all samples interpolated) make ``R_B`` undefined: they are
skipped (the expectation is then conditional on ``g_B != 0``) and counted in ``skipped``.

:func:`exact` enumerates every batch (C(n, b) subsets or n^b tuples, equally likely);
:func:`monte_carlo` is the official code's estimator: fresh batches, one HVP along g_B each,
at least ``min_batches`` and at most ``max_batches``, stopping once the relative standard
error ``s / (sqrt(m) |mean|)`` is below ``rse``; MiniBS there uses a dense ``eigvalsh`` of
H_B per batch (small models only).
"""

from __future__ import annotations

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np

from verify.measure.curvature import Estimate
from verify.measure.derivatives import memo
from verify.measure.stability import batches as all_batches

__all__ = ["SAMPLINGS", "Exact", "per_batch", "exact", "monte_carlo", "draw_batches"]

SAMPLINGS = ("without_replacement", "with_replacement")
G_TINY = 1e-28  # |g_B|^2 below this counts as g_B = 0 (ratio undefined)


class Exact(NamedTuple):
    """Exact batch expectations (every batch enumerated, equally likely)."""

    bs: float  # E_B[R_B]
    minibs: float  # E_B[lambda_max(H_B)]
    bs_inside: float  # E_B[g^T H g] / E_B[|g|^2]
    n_batches: int
    skipped: int  # batches with g_B = 0


@memo
def _per_batch_fn(loss_batch, dense):
    g = jax.grad(loss_batch)

    def one(theta, idx, args):
        gb = g(theta, idx, *args)
        hg = jax.jvp(lambda th: g(th, idx, *args), (theta,), (gb,))[1]
        out = (gb @ hg, gb @ gb)
        if dense:
            H = jax.hessian(loss_batch)(theta, idx, *args)
            out = out + (jnp.linalg.eigvalsh(0.5 * (H + H.T))[-1],)
        return out

    return jax.jit(jax.vmap(one, in_axes=(None, 0, None)))


def per_batch(loss_batch, theta, idx, *, minibs=True, args=()):
    """For a (m, b) int array of batches: ``(gHg, |g|^2, lambda_max(H_B) or None)`` per batch."""
    out = _per_batch_fn(loss_batch, bool(minibs))(jnp.asarray(theta, dtype=jnp.float64),
                                                    jnp.asarray(idx, dtype=jnp.int32),
                                                    tuple(jnp.asarray(a) for a in args))
    out = [np.asarray(o) for o in out]
    return out[0], out[1], (out[2] if minibs else None)


def _check(n, b, sampling):
    if sampling not in SAMPLINGS:
        raise ValueError(f"unknown sampling {sampling!r} (one of {SAMPLINGS})")
    if b < 1 or (sampling == "without_replacement" and b > n):
        raise ValueError(f"batch size {b} invalid for n={n} under {sampling}")


def exact(loss_batch, theta, n, b, sampling="without_replacement", *, minibs=True, chunk=4096, args=()):
    """BS, MiniBS and the inside variant by enumerating every batch (small n only)."""
    _check(n, b, sampling)
    idx = np.asarray(all_batches(n, b, sampling), dtype=np.int32)
    gHg, g2, lam = [], [], []
    for s in range(0, len(idx), chunk):
        a, c, l = per_batch(loss_batch, theta, idx[s:s + chunk], minibs=minibs, args=args)
        gHg.append(a), g2.append(c), lam.append(l)
    gHg, g2 = np.concatenate(gHg), np.concatenate(g2)
    ok = g2 > G_TINY
    if not ok.any():
        raise ValueError("every batch gradient vanishes: Batch Sharpness undefined")
    mini = float(np.mean(np.concatenate(lam))) if minibs else float("nan")
    return Exact(float(np.mean(gHg[ok] / g2[ok])), mini, float(np.mean(gHg) / np.mean(g2)),
                 len(idx), int((~ok).sum()))


def draw_batches(rng, n, b, m, sampling="without_replacement"):
    """(m, b) batches drawn independently: uniform b-subsets (``randperm(n)[:b]``) or i.i.d. tuples."""
    _check(n, b, sampling)
    if sampling == "with_replacement":
        return rng.integers(0, n, size=(m, b))
    return np.argsort(rng.random((m, n)), axis=1)[:, :b]


def monte_carlo(loss_batch, theta, n, b, sampling="without_replacement", *, quantity="bs", seed=0,
                min_batches=20, max_batches=1000, rse=0.005, chunk=20, args=()):
    """Monte Carlo BS (``quantity="bs"``) or MiniBS (``"minibs"``) with its standard error.

    Batches come in chunks of ``chunk`` from ``numpy.random.default_rng(seed)``; after each chunk
    the estimator stops if ``m >= min_batches`` and ``stderr / |mean| < rse`` or ``m >= max_batches``.
    Returns :class:`~verify.measure.curvature.Estimate` (``hvps`` = HVPs along g_B used).
    """
    if quantity not in ("bs", "minibs"):
        raise ValueError("quantity is 'bs' or 'minibs'")
    rng = np.random.default_rng(seed)
    vals, hvps = [], 0
    while True:
        idx = draw_batches(rng, n, b, chunk, sampling)
        gHg, g2, lam = per_batch(loss_batch, theta, idx, minibs=quantity == "minibs", args=args)
        hvps += len(idx)
        ok = g2 > G_TINY
        vals.extend((gHg[ok] / g2[ok]) if quantity == "bs" else lam)
        m = len(vals)
        mean = float(np.mean(vals)) if m else float("nan")
        se = float(np.std(vals, ddof=1) / np.sqrt(m)) if m > 1 else float("inf")
        if m >= max_batches or (m >= min_batches and se < rse * abs(mean)):
            return Estimate(mean, se, f"monte_carlo[{sampling}, {m} batches]", hvps)
