"""Smith et al.'s epoch-mean expansion for m = 2..5 batches: the eta^2 term, by enumeration (sdbd21, b23 digest 4.2).

Per-batch quadratics on R^2, C_k(theta) = theta^T A_k theta / 2 - b_k^T theta (A_k symmetric, symbolic),
C = (1/m) sum_k C_k, g_k = grad C_k, H_k = A_k, g, H their means.  One epoch in the order pi,
theta <- theta - eps grad C_pi(j), j = 1..m, is computed in truncated power-series arithmetic
(theta = c0 + eps c1 + eps^2 c2 + O(eps^3): a step maps (c0, c1, c2) to (c0, c1 - g(c0), c2 - A c1)), and its
eps^2 coefficient c2(pi) averaged exactly over the m! orders.  For every m in 2..5:

    E_pi c2 = (1/2) sum_(a != b) H_a g_b                                   (anticorrelated positions)
            = (m^2/4) grad |grad C|^2 - (1/4) grad sum_k |grad C_k|^2      (Smith's form:
              E omega_m = omega_0 - m eps grad C + (m^2 eps^2/4) grad(|grad C|^2 - (1/m^2) sum_k |grad C_k|^2))

The pattern for general m: positions k < j of a uniform order hold (a, b), a != b, with probability 1/(m(m-1)),
and there are m(m-1)/2 position pairs, so E_pi sum_(k<j) H_pi(j) g_pi(k) = (1/2) sum_(a != b) H_a g_b; the
instances m = 2..5 are that argument computed, not assumed.  Vector identities are paired with fresh symbols.

The control :func:`epoch_mean_m_statement` with ``reg=(m - 1)/4`` reads the batch-variance coefficient off m = 2
(where (m - 1)/4 = 1/4): it holds at m = 2 and fails from m = 3 on.
"""

from __future__ import annotations

import functools
import itertools

import sympy as sp

from verify.core.derivation import Derivation

__all__ = ["MS", "epoch_c2", "mean_c2", "smith_c2", "epoch_mean_m", "epoch_mean_m_statement"]

MS = (2, 3, 4, 5)
X = sp.Matrix(sp.symbols("x0:2", real=True))
_tau = sp.symbols("tau0:2", real=True)


def _pair(v):
    return sum(ti * vi for ti, vi in zip(_tau, v))


def _batches(m):
    A, b = [], []
    for k in range(m):
        p, q, r = sp.symbols(f"p{k} q{k} r{k}", real=True)
        A.append(sp.Matrix([[p, q], [q, r]]))
        b.append(sp.Matrix(sp.symbols(f"u{k} v{k}", real=True)))
    return A, b


def _loss(A, b, k):
    return (X.T * A[k] * X)[0] / 2 - (b[k].T * X)[0]


def _grad(f):
    return sp.Matrix([sp.diff(f, v) for v in X])


def epoch_c2(order, A, b):
    """eps^2 coefficient of one epoch in ``order`` (truncated series; the gradient of C_k by differentiation)."""
    c0, c1, c2 = X, sp.zeros(2, 1), sp.zeros(2, 1)
    for k in order:
        c1, c2 = c1 - _grad(_loss(A, b, k)), c2 - A[k] * c1
    return c2


@functools.lru_cache(maxsize=None)  # the statement and the derivation share the enumeration
def mean_c2(m):
    A, b = _batches(m)
    perms = list(itertools.permutations(range(m)))
    total = sum((epoch_c2(p, A, b) for p in perms), sp.zeros(2, 1))
    return (total / len(perms)).applyfunc(sp.expand), A, b


def smith_c2(m, A, b, reg=sp.Rational(1, 4)):
    """(m^2/4) grad |grad C|^2 - reg grad sum_k |grad C_k|^2 (Smith: reg = 1/4, i.e. (m^2/4)(1/m^2))."""
    C = sum(_loss(A, b, k) for k in range(m)) / m
    gC = _grad(C)
    sq = sum((_grad(_loss(A, b, k)).T * _grad(_loss(A, b, k)))[0] for k in range(m))
    return sp.Rational(m * m, 4) * _grad((gC.T * gC)[0]) - reg * _grad(sq)


def epoch_mean_m_statement(reg=None):
    """For m = 2..5: E_pi c2 = (m^2/4) grad|grad C|^2 - reg(m) grad sum_k |grad C_k|^2, reg = 1/4 (Smith)."""
    out = []
    for m in MS:
        mean, A, b = mean_c2(m)
        r = sp.Rational(1, 4) if reg is None else reg(m)
        out.append(sp.Eq(_pair(mean), _pair(smith_c2(m, A, b, r)), evaluate=False))
    return out


def epoch_mean_m(reg=None) -> Derivation:
    d = Derivation("Random reshuffling: the eps^2 term of the epoch mean for m = 2..5",
                   assumptions="per-batch quadratics C_k = theta^T A_k theta / 2 - b_k^T theta on R^2, symbolic "
                               "symmetric A_k and b_k; exact mean over all m! orders",
                   instance="m = 2, 3, 4, 5; d = 2")
    for m in MS:
        mean, A, b = mean_c2(m)
        g = [A[k] * X - b[k] for k in range(m)]
        if reg is None:
            anti = sum((A[a] * g[c] for a in range(m) for c in range(m) if a != c), sp.zeros(2, 1)) / 2
            d.step(f"m = {m}: E_pi c2 over the {m}! orders = (1/2) sum_(a != b) H_a g_b", _pair(mean), _pair(anti))
        r = sp.Rational(1, 4) if reg is None else reg(m)
        d.step(f"m = {m}: = (m^2/4) grad |grad C|^2 - ({r}) grad sum_k |grad C_k|^2", _pair(mean),
               _pair(smith_c2(m, A, b, r)))
    return d
