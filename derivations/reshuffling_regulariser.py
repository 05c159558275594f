"""The reshuffling drift as a regulariser step, and the paired-reversal identity (b23 digest 4.5, 4.8).

Per-batch quadratics on R^2: L_a(theta) = theta^T A_a theta / 2 - b_a^T theta, g_a = A_a theta - b_a,
H_a = A_a.  Vector identities are paired with fresh symbols tau (a vector is 0 iff its pairing with an
arbitrary tau is), so each relation is one scalar polynomial identity.

* :func:`paired_reversal` (4.8, cf. Nguyen, Phan & Kalagnanam): one epoch in the order pi is
  theta_0 - eta sum_k g_pi(k) + eta^2 T(pi) + O(eta^3), T(pi) = sum_(k<j) H_pi(j) g_pi(k) (the eta^2
  coefficient read off the product of the m steps), and T(pi) + T(pi^R) = sum_(a != b) H_a g_b for every
  order pi (pi^R the reversed order): the sum over a reversal pair does not depend on the order, so the
  pair's average is the reshuffled mean's eta^2 term (1/2) sum_(a != b) H_a g_b.  T(pi) alone does depend
  on pi (the control :func:`single_order_statement`).  Instance m = 4 (all 24 orders, 12 pairs).
* :func:`regulariser_step` (4.5): with S_j = sum_(i<j) M^i, M = I - eta H, Sigma_P(theta) = (1/m) sum_a
  xi_a xi_a^T (xi_a = Xi_a theta - beta_a the batch gradient noise, Xi_a = A_a - H) and
  R_s(theta) = (eta / (2 (m - 1))) tr(S_(s-1) Sigma_P(theta)) (S held fixed), the second-order drift of
  b23.second-order-drift at a point where GD does not move (theta^GD_r = theta_0) is

      -(eta^2/(m(m-1))) sum_(s<=t) M^(t-s) sum_(r<s) sum_a Xi_a M^(s-1-r) xi_a(theta_0)
          = -eta sum_(s<=t) M^(t-s) grad R_s(theta_0),

  via (eta H) S_j = I - M^j and grad (1/2) tr(S Sigma_P) = (1/m) sum_a Xi_a S xi_a (S, Xi_a symmetric).
  Instance d = 2, m = 3, t = 3, symbolic H, Xi_a (centred), beta_a (centred), theta; ``shift=1`` (the
  control) writes S_s for S_(s-1).
"""

from __future__ import annotations

import itertools

import sympy as sp

from verify.core.derivation import Derivation

__all__ = ["epoch_eta2", "T_order", "paired_reversal", "paired_reversal_statement", "single_order_statement",
           "regulariser_step", "regulariser_statement"]

eta = sp.Symbol("eta", real=True)
X = sp.Matrix(sp.symbols("x0:2", real=True))
_tau = sp.symbols("tau0:2", real=True)
M_PR = 4


def _pair(v):
    return sum(ti * vi for ti, vi in zip(_tau, v))


def _sym(name):
    p, q, r = sp.symbols(f"{name}_11 {name}_12 {name}_22", real=True)
    return sp.Matrix([[p, q], [q, r]])


def _batches(m=M_PR):
    A = [_sym(f"A{a}") for a in range(m)]
    b = [sp.Matrix(sp.symbols(f"b{a}_0:2", real=True)) for a in range(m)]
    return A, b


def epoch_eta2(order, A, b):
    """eta^2 coefficient of theta_m after the steps theta <- theta - eta (A_a theta - b_a), a in ``order``: the
    product of the steps in truncated power-series arithmetic (theta = c0 + eta c1 + eta^2 c2 + O(eta^3); a step
    maps (c0, c1, c2) to (c0, c1 - (A c0 - b), c2 - A c1), exact through eta^2)."""
    c0, c1, c2 = X, sp.zeros(2, 1), sp.zeros(2, 1)
    for a in order:
        c1, c2 = c1 - (A[a] * c0 - b[a]), c2 - A[a] * c1
    return c2.applyfunc(sp.expand)


def T_order(order, A, b):
    """T(pi) = sum_(k<j) H_pi(j) g_pi(k), g_a = A_a theta - b_a."""
    g = [A[a] * X - b[a] for a in range(len(A))]
    out = sp.zeros(2, 1)
    for j in range(len(order)):
        for k in range(j):
            out += A[order[j]] * g[order[k]]
    return out


def _all_pairs_sum(A, b):
    g = [A[a] * X - b[a] for a in range(len(A))]
    return sum((A[a] * g[c] for a in range(len(A)) for c in range(len(A)) if a != c), sp.zeros(2, 1))


def _representatives(m=M_PR):
    """One order of each reversal pair {pi, pi^R} (pi(0) < pi(m-1))."""
    return [p for p in itertools.permutations(range(m)) if p[0] < p[-1]]


def paired_reversal_statement():
    """For every order pi: T(pi) + T(pi^R) = sum_(a != b) H_a g_b (one relation per reversal pair)."""
    A, b = _batches()
    rhs = _pair(_all_pairs_sum(A, b))
    return [sp.Eq(_pair(epoch_eta2(p, A, b) + epoch_eta2(p[::-1], A, b)), rhs, evaluate=False)
            for p in _representatives()]


SINGLE = 2  # the control states (and derives) two orders: one is enough to refute it


def single_order_statement():
    """The control: T(pi) alone is order-independent, T(pi) = (1/2) sum_(a != b) H_a g_b (first orders)."""
    A, b = _batches()
    rhs = _pair(_all_pairs_sum(A, b) / 2)
    return [sp.Eq(_pair(epoch_eta2(p, A, b)), rhs, evaluate=False) for p in _representatives()[:SINGLE]]


def paired_reversal(single=False) -> Derivation:
    A, b = _batches()
    d = Derivation("Paired reversal: T(pi) + T(pi^R) does not depend on the order",
                   assumptions="per-batch quadratics, symbolic symmetric A_a and b_a on R^2; T(pi) the eta^2 "
                               "coefficient of one epoch in the order pi",
                   instance=f"m = {M_PR}, d = 2 (all {len(_representatives()) * 2} orders)")
    full = _all_pairs_sum(A, b)
    for p in _representatives()[:SINGLE] if single else _representatives():
        r = p[::-1]
        if not single:
            d.step(f"pi = {p}: the eta^2 coefficient of the epoch is T(pi) = sum_(k<j) H_pi(j) g_pi(k)",
                   _pair(epoch_eta2(p, A, b)), _pair(T_order(p, A, b)))
            d.step(f"pi = {p}: T(pi) + T(pi^R) (eta^2 coefficients of both epochs) = sum_(a != b) H_a g_b",
                   _pair(epoch_eta2(p, A, b) + epoch_eta2(r, A, b)), _pair(full))
        else:
            d.step(f"pi = {p}: T(pi) = (1/2) sum_(a != b) H_a g_b (order-independent alone)",
                   _pair(epoch_eta2(p, A, b)), _pair(full / 2))
    if not single:
        perms = list(itertools.permutations(range(M_PR)))
        mean = sum((epoch_eta2(p, A, b) for p in perms), sp.zeros(2, 1)) / len(perms)
        d.step("so the reshuffled mean's eta^2 term equals the average over any one reversal pair: "
               "E_pi T(pi) = (1/2) sum_(a != b) H_a g_b", _pair(mean), _pair(full / 2))
    return d


# ----------------------------------------------------------------------------- regulariser form (4.5)
M_R, T_R = 3, 3


def _noise(m=M_R):
    Xi = [_sym(f"Xi{a}") for a in range(m - 1)]
    Xi.append(-sum(Xi, sp.zeros(2, 2)))
    beta = [sp.Matrix(sp.symbols(f"beta{a}_0:2", real=True)) for a in range(m - 1)]
    beta.append(-sum(beta, sp.zeros(2, 1)))
    return Xi, beta


def _S(M, j):
    return sum((M**i for i in range(j)), sp.zeros(2, 2))


def _drift_formula(H, Xi, beta, t, m):
    """-(eta^2/(m(m-1))) sum_(s<=t) M^(t-s) sum_(r<s) sum_a Xi_a M^(s-1-r) xi_a(theta), theta^GD constant."""
    M = sp.eye(2) - eta * H
    xi = [Xi[a] * X - beta[a] for a in range(m)]
    out = sp.zeros(2, 1)
    for s in range(1, t + 1):
        inner = sum((Xi[a] * M ** (s - 1 - r) * xi[a] for r in range(1, s) for a in range(m)), sp.zeros(2, 1))
        out += M ** (t - s) * inner
    return -eta**2 / (m * (m - 1)) * out


def _grad_R(S, Xi, beta, m):
    """grad_theta of R(theta) = (eta / (2 (m - 1))) tr(S Sigma_P(theta)), S fixed, by sympy differentiation."""
    xi = [Xi[a] * X - beta[a] for a in range(m)]
    Sigma = sum((v * v.T for v in xi), sp.zeros(2, 2)) / m
    R = eta / (2 * (m - 1)) * (S * Sigma).trace()
    return sp.Matrix([sp.diff(R, v) for v in X])


def _regulariser_rhs(H, Xi, beta, t, m, shift):
    M = sp.eye(2) - eta * H
    return -eta * sum((M ** (t - s) * _grad_R(_S(M, s - 1 + shift), Xi, beta, m) for s in range(1, t + 1)),
                      sp.zeros(2, 1))


def regulariser_statement(shift=0):
    H = _sym("H")
    Xi, beta = _noise()
    return sp.Eq(_pair(_drift_formula(H, Xi, beta, T_R, M_R)), _pair(_regulariser_rhs(H, Xi, beta, T_R, M_R, shift)),
                 evaluate=False)


def regulariser_step(shift=0) -> Derivation:
    H = _sym("H")
    Xi, beta = _noise()
    M = sp.eye(2) - eta * H
    S = _sym("S")
    Z = sp.Matrix(2, 2, sp.symbols("z0:4", real=True))  # pairs matrix entries
    d = Derivation("At a point GD does not leave, the reshuffling drift is a gradient step on R_s",
                   assumptions="per-batch quadratics on R^2, symbolic symmetric H and Xi_a (centred), beta_a "
                               "(centred); S_j = sum_(i<j) M^i held fixed when differentiating",
                   instance=f"d = 2, m = {M_R}, t = {T_R}")
    for j in range(2, T_R + 1):  # j = 1 (S_1 = I) is decided as written
        d.step(f"j = {j}: (eta H) S_j = I - M^j (so S_j = (eta H)^-1 (I - M^j) when H is invertible)",
               sum((Z.multiply_elementwise(eta * H * _S(M, j))), 0), sum(Z.multiply_elementwise(sp.eye(2) - M**j), 0))
    d.step("grad (1/2) tr(S Sigma_P) = (1/m) sum_a Xi_a S xi_a for a fixed symmetric S",
           _pair(_grad_R(S, Xi, beta, M_R) * (M_R - 1) / eta),
           _pair(sum((Xi[a] * S * (Xi[a] * X - beta[a]) for a in range(M_R)), sp.zeros(2, 1)) / M_R))
    d.step(f"t = {T_R}: the second-order drift = -eta sum_s M^(t-s) grad R_s, R_s = (eta/(2(m-1))) "
           f"tr(S_(s-1{'+1' if shift else ''}) Sigma_P)",
           _pair(_drift_formula(H, Xi, beta, T_R, M_R)), _pair(_regulariser_rhs(H, Xi, beta, T_R, M_R, shift)))
    return d
