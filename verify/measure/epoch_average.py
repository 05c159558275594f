"""Exact expectations of SGD iterates over the sampling order, by enumeration (small m).

A data set split into ``m`` fixed batches; ``step(theta, a)`` is one SGD step on batch ``a``
(``a`` in 0..m-1).  After ``steps`` steps the iterate is a function of the batch sequence
(a_1, ..., a_steps), whose law is fixed by ``scheme`` (names as in :mod:`verify.dynamics.sgd`
where they coincide):

* ``"reshuffle"``        random reshuffling: every epoch (m consecutive steps) is a fresh
                         uniform permutation of the m batches, independent across epochs;
* ``"single_shuffle"``   one uniform permutation drawn once and repeated every epoch;
* ``"with_replacement"`` i.i.d. uniform batches (batch level: each step one of the m fixed
                         batches with probability 1/m);
* ``"cyclic"``           the deterministic order 0, 1, ..., m-1, 0, 1, ...

:func:`moments` walks the tree of batch prefixes (shared prefixes computed once) and returns
the exact mean and covariance ``E[theta_t]``, ``Cov[theta_t]`` as a weighted sum over every
sequence of positive probability (m!^e (m! for single shuffle) leaves for e epochs of
reshuffling, m^t with replacement).  :func:`monte_carlo` samples the same laws (seeded) and
returns the mean with its standard error, for sizes beyond enumeration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["SCHEMES", "Moments", "moments", "monte_carlo", "next_batches", "quadratic_step", "gd_path"]

SCHEMES = ("reshuffle", "single_shuffle", "with_replacement", "cyclic")


@dataclass(frozen=True)
class Moments:
    """``mean`` (d,), ``cov`` (d, d) exact over ``n_sequences`` sequences; for Monte Carlo ``stderr`` (d,)."""

    mean: np.ndarray
    cov: np.ndarray
    n_sequences: int
    stderr: np.ndarray | None = None


def next_batches(prefix, m, scheme):
    """[(batch, conditional probability)] for the step after ``prefix`` (a tuple of batch indices)."""
    t = len(prefix)
    if scheme == "with_replacement":
        return [(a, 1.0 / m) for a in range(m)]
    if scheme == "cyclic":
        return [(t % m, 1.0)]
    if scheme == "single_shuffle" and t >= m:
        return [(prefix[t % m], 1.0)]
    if scheme in ("reshuffle", "single_shuffle"):
        used = set(prefix[t - t % m:])
        free = [a for a in range(m) if a not in used]
        return [(a, 1.0 / len(free)) for a in free]
    raise ValueError(f"unknown scheme {scheme!r} (one of {SCHEMES})")


def moments(step, theta0, m, steps, scheme="reshuffle") -> Moments:
    """Exact mean and covariance of theta_steps over the batch sequences of ``scheme``."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r} (one of {SCHEMES})")
    theta0 = np.asarray(theta0, dtype=np.float64)
    d = theta0.size
    s1, s2, count = np.zeros(d), np.zeros((d, d)), 0
    stack = [((), theta0, 1.0)]
    while stack:
        prefix, th, w = stack.pop()
        if len(prefix) == steps:
            s1 += w * th
            s2 += w * np.outer(th, th)
            count += 1
            continue
        for a, p in next_batches(prefix, m, scheme):
            stack.append((prefix + (a,), np.asarray(step(th, a), dtype=np.float64), w * p))
    return Moments(s1, s2 - np.outer(s1, s1), count)


def monte_carlo(step, theta0, m, steps, scheme="reshuffle", n_samples=2000, seed=0) -> Moments:
    """Seeded Monte Carlo over the same laws: sample mean, sample covariance, standard error of the mean."""
    rng = np.random.default_rng(seed)
    theta0 = np.asarray(theta0, dtype=np.float64)
    out = np.empty((n_samples, theta0.size))
    for i in range(n_samples):
        prefix, th = (), theta0
        for _ in range(steps):
            opts = next_batches(prefix, m, scheme)
            a = opts[rng.integers(len(opts))][0]  # every option is equally likely in every scheme
            prefix, th = prefix + (a,), np.asarray(step(th, a), dtype=np.float64)
        out[i] = th
    mean = out.mean(0)
    cov = np.cov(out.T, ddof=1).reshape(theta0.size, theta0.size)
    return Moments(mean, cov, n_samples, np.sqrt(np.diag(cov) / n_samples))


def quadratic_step(A, b, eta):
    """Step on batch losses L_a(theta) = 1/2 theta^T A_a theta - b_a^T theta: theta - eta (A_a theta - b_a)."""
    A, b = np.asarray(A, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return lambda th, a: th - eta * (A[a] @ th - b[a])


def gd_path(full_step, theta0, steps):
    """Deterministic reference: theta_0..theta_steps of ``full_step`` (e.g. GD on the mean loss)."""
    out = [np.asarray(theta0, dtype=np.float64)]
    for _ in range(steps):
        out.append(np.asarray(full_step(out[-1]), dtype=np.float64))
    return np.array(out)
