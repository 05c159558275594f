"""SGD gradient-noise covariance with an explicit sampling convention.

Per-sample gradients g_1..g_n (rows of G), mean gbar = (1/n) sum g_i, and the per-sample
covariance (population normalisation 1/n, not 1/(n-1)):

    Sigma = (1/n) sum_i (g_i - gbar)(g_i - gbar)^T.

A minibatch gradient g_S = (1/B) sum_{i in S} g_i with |S| = B has mean gbar and covariance
kappa * Sigma, where

* ``"with_replacement"``:    S = B i.i.d. uniform indices,           kappa = 1/B
* ``"without_replacement"``: S = a uniform B-subset,                  kappa = (n-B)/(B(n-1))
* ``"reshuffle"``:           one batch of a random-reshuffling epoch; its marginal law is a
                             uniform B-subset, so kappa is the without-replacement value
                             (batches within an epoch are dependent, which this ignores).

Without replacement the noise vanishes at B = n (kappa = 0); with replacement it does not.
"""

import jax.numpy as jnp

SAMPLINGS = ("with_replacement", "without_replacement", "reshuffle")


def kappa(n, B, sampling="with_replacement"):
    """Covariance factor of the minibatch mean under ``sampling`` (see module docstring).

    A float for int arguments; an exact Rational for sympy Integers (certificates).
    """
    if not 1 <= B:
        raise ValueError(f"batch size B={B} must be >= 1")
    if sampling == "with_replacement":
        return 1 / B
    if sampling in ("without_replacement", "reshuffle"):
        if B > n:
            raise ValueError(f"batch size B={B} > n={n} without replacement")
        if n == 1:
            return 0.0
        return (n - B) / (B * (n - 1))
    raise ValueError(f"unknown sampling {sampling!r} (one of {SAMPLINGS})")


def gradient_covariance(G):
    """Sigma = (1/n) sum_i (g_i - gbar)(g_i - gbar)^T for the rows g_i of ``G`` (n, p)."""
    G = jnp.asarray(G)
    D = G - jnp.mean(G, axis=0)
    return D.T @ D / G.shape[0]


def minibatch_noise_covariance(G, B, sampling="with_replacement"):
    """Covariance kappa(n, B, sampling) * Sigma of the size-B minibatch gradient."""
    G = jnp.asarray(G)
    return kappa(G.shape[0], B, sampling) * gradient_covariance(G)
