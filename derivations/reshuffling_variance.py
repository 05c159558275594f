"""Epoch-end variance of SGD without vs with replacement, common batch Hessian (b23 v1's variance claim).

Batch losses L_a(theta) = theta^T H theta / 2 - (b + beta_a)^T theta, a = 1..m, sum_a beta_a = 0 (gradient
noise only: every batch has the Hessian H). One step theta+ = M theta + eta (b + beta_a), M = I - eta H.
Along an eigenvector v of H (eigenvalue lambda, mu = 1 - eta lambda, c_a = beta_a . v,
sigma^2 = (1/m) sum_a c_a^2) the iterate after one epoch of m steps is a constant plus
X = eta sum_{s=1}^m mu^(m-s) c_(a_s), whose mean is 0 under both laws, so with
S1 = sum_{k<m} mu^k and S2 = sum_{k<m} mu^(2k):

    Var_wr / eta^2 = sigma^2 S2                      (m^m i.i.d. sequences: independent terms)
    Var_wo / eta^2 = sigma^2 (m S2 - S1^2) / (m - 1) (m! orders: E c_pi(s) c_pi(r) = -sigma^2 / (m - 1))
    (Var_wr - Var_wo) / eta^2 = sigma^2 (S1^2 - S2) / (m - 1) = 2 sigma^2 sum_{j<k<m} mu^(j+k) / (m - 1),

which is >= 0 when mu >= 0 (eta lambda <= 1, flat and negative-curvature directions included). For
mu < 0 (eta lambda > 1) the order can reverse: m = 2 gives 2 sigma^2 mu < 0.

The two expectations are computed by summing over every order and every sequence with symbolic
c_1..c_(m-1) (c_m = -sum of the others) and symbolic mu, for m = 2..4 (an instance: sympy does not sum
over m! orders for symbolic m). ``mu_sign="real"`` (the control) drops mu >= 0: the order is then false.
"""

from __future__ import annotations

import itertools
import math

import sympy as sp

from verify.core.derivation import Derivation

__all__ = ["MS", "var_without", "var_with", "variance_statement", "variance_order"]

MS = (2, 3, 4)
s2 = sp.Symbol("sigma2", nonnegative=True)  # sigma^2 of the gradient noise along v


def _mu(mu_sign):
    return sp.Symbol("mu", nonnegative=True) if mu_sign == "nonnegative" else sp.Symbol("mu", real=True)


def _S(mu, m, power):
    return sum(mu ** (power * k) for k in range(m))


def var_without(m, mu):
    """Closed form Var_wo / eta^2 = sigma^2 (m S2 - S1^2) / (m - 1)."""
    return s2 * (m * _S(mu, m, 2) - _S(mu, m, 1) ** 2) / (m - 1)


def var_with(m, mu):
    """Closed form Var_wr / eta^2 = sigma^2 S2."""
    return s2 * _S(mu, m, 2)


def _enumerated(m, mu, law):
    """Mean of X^2 / eta^2 over every order (``"without"``) or every sequence (``"with"``), with
    symbolic centred c_a, and the sigma^2 those c_a have (polynomial arithmetic: ``sp.Poly``)."""
    c = list(sp.symbols(f"c1:{m}", real=True))
    c.append(-sum(c))
    gens = (*c[:-1], mu)
    P = [sp.Poly(ca, *gens) for ca in c]
    pw = [sp.Poly(mu ** (m - 1 - s), *gens) for s in range(m)]
    seqs = itertools.permutations(range(m)) if law == "without" else itertools.product(range(m), repeat=m)
    count = math.factorial(m) if law == "without" else m**m
    total = sp.Poly(0, *gens)
    for seq in seqs:
        x = sum((pw[s] * P[a] for s, a in enumerate(seq)), sp.Poly(0, *gens))
        total += x * x
    return sp.expand(total.as_expr() / count), sum(ca**2 for ca in c) / m


def variance_statement(mu_sign="nonnegative"):
    mu = _mu(mu_sign)
    return [sp.Le(var_without(m, mu), var_with(m, mu), evaluate=False) for m in MS]


def variance_order(mu_sign="nonnegative") -> Derivation:
    mu = _mu(mu_sign)
    cond = "mu = 1 - eta lambda >= 0 (eta lambda <= 1)" if mu_sign == "nonnegative" else "mu real (any eta lambda)"
    d = Derivation("Epoch-end variance along an eigendirection: without <= with replacement",
                   instance=f"m = {', '.join(map(str, MS))}",
                   assumptions=f"common batch Hessian H, centred gradient noise; {cond}")
    for m in MS:
        for law, closed in (("without", var_without), ("with", var_with)):
            enum, sig2 = _enumerated(m, mu, law)
            what = f"all {m}! orders" if law == "without" else f"all {m}^{m} sequences"
            d.step(f"m = {m}: E[X^2]/eta^2 over {what} = closed form (sigma^2 of the c_a)", enum,
                   closed(m, mu).subs(s2, sig2))
        gap = 2 * s2 * sum(mu ** (j + k) for j in range(m) for k in range(j + 1, m)) / (m - 1)
        d.step(f"m = {m}: Var_wr - Var_wo = 2 sigma^2 sum_(j<k) mu^(j+k) / (m - 1)",
               var_with(m, mu) - var_without(m, mu), gap)
        d.step(f"m = {m}: Var_wo <= Var_wr ({cond})", var_without(m, mu), var_with(m, mu), op="<=")
    return d
