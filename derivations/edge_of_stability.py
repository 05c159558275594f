"""Closed forms behind the edge of (stochastic) stability (cohen21, ab24).

Every function returns a :class:`~verify.core.derivation.Derivation`; ``*_statement`` functions
return the claim's own relation (``states=``). Parameters with a default are the constants a
variant changes (the same derivation with a wrong constant must be refuted).

Notation: eigen-direction of a quadratic with Hessian eigenvalue ``h``, step size ``eta > 0``,
``x = eta h``. Points beyond / inside a threshold x* are parametrised by a positive symbol
``u``: ``x = x* (1 + u)`` (beyond) and ``x = x* / (1 + u)`` (inside), so that a sign step is a
statement for every point of the open region, decided by sympy from positivity.
"""

from __future__ import annotations

import sympy as sp

from verify.core.derivation import Derivation
from verify.dynamics.momentum import companion

__all__ = ["gd_quadratic", "gd_statement", "momentum", "momentum_statement", "rayleigh_bs",
           "rayleigh_statement", "jensen_minibs", "jensen_statement", "theorem1", "theorem1_statement"]

eta, mu, u, v, eps, delta = sp.symbols("eta mu u v epsilon delta", positive=True)
h, z, xs = sp.symbols("h z x", real=True)
beta = sp.Symbol("beta", positive=True)
eps0 = sp.Symbol("epsilon", nonnegative=True)


# ---------------------------------------------------------------------------------------- GD
def _gd_sides(c):
    inside = (1 - c / (1 + u)) ** 2
    beyond = (1 - c * (1 + u)) ** 2
    return inside, beyond


def gd_quadratic(c=2):
    """GD on L = h x^2 / 2: x+ = (1 - eta h) x; |1 - eta h| < 1 iff 0 < eta h < c (true c = 2)."""
    xv = sp.Symbol("x_t", real=True)
    inside, beyond = _gd_sides(c)
    return (Derivation(f"GD on a quadratic: threshold eta h = {c}")
            .step("one GD step on L = h x^2/2 multiplies x by 1 - eta h",
                  xv - eta * sp.diff(h * xv**2 / 2, xv), (1 - eta * h) * xv)
            .step("squared multiplier minus one factors", (1 - eta * h) ** 2 - 1, eta * h * (eta * h - 2))
            .step(f"inside the threshold, eta h = {c}/(1+u) (u > 0): the multiplier has modulus < 1",
                  inside, 1, "<")
            .step(f"beyond it, eta h = {c}(1+u): modulus > 1, so GD diverges along that eigenvector",
                  beyond, 1, ">")
            .step("a negative eigenvalue h = -mu (mu > 0) has multiplier 1 + eta mu > 1 for every eta > 0",
                  (1 - eta * (-mu)) ** 2, 1, ">"))


def gd_statement(c=2):
    inside, beyond = _gd_sides(c)
    return [sp.Lt(inside, 1, evaluate=False), sp.Gt(beyond, 1, evaluate=False),
            sp.Gt((1 + eta * mu) ** 2, 1, evaluate=False)]


# ---------------------------------------------------------------------------------- momentum
def _charpoly(method):
    """Hand-written characteristic polynomial of the companion matrix, in z and x = eta h."""
    if method == "heavy_ball":
        return z**2 - (1 + beta - xs) * z + beta
    return z**2 - (1 - xs) * (1 + beta) * z + beta * (1 - xs)


THRESHOLDS = {"heavy_ball": (2 + 2 * beta), "nesterov": (2 + 2 * beta) / (1 + 2 * beta)}


def _momentum_sides(method, x_star):
    p = _charpoly(method)
    return p.subs({z: -1, xs: x_star / (1 + u)}), p.subs({z: -1, xs: x_star * (1 + u)})


def momentum(method="heavy_ball", x_star=None):
    """Schur stability of the companion recursion (x_{t+1}, x_t) = M (x_t, x_{t-1}).

    Jury's criterion for z^2 + a1 z + a0: both roots in the open unit disc iff p(1) > 0,
    p(-1) > 0 and |a0| < 1. p(1) = eta h > 0 for h > 0, and the threshold is where p(-1)
    changes sign: eta h = 2 + 2 beta (heavy ball), (2 + 2 beta)/(1 + 2 beta) (Nesterov).
    Beyond it p(-1) < 0, so a real root lies below -1 (p(z) -> +inf as z -> -inf).
    """
    x_star = THRESHOLDS[method] if x_star is None else x_star
    p = _charpoly(method)
    inside, beyond = _momentum_sides(method, x_star)
    d = (Derivation(f"{method}: companion matrix, Jury conditions, threshold eta h = {sp.simplify(x_star)}",
                    assumptions="beta > 0 (beta < 1 for the |a0| < 1 condition), u > 0")
         .step("characteristic polynomial of the companion matrix (verify.dynamics.momentum.companion)",
               (z * sp.eye(2) - companion(xs, beta, method, matrix=sp.Matrix)).det(), p)
         .step("p(1) = eta h (> 0 for h > 0)", p.subs(z, 1), xs)
         .step("p(-1) vanishes at the threshold (an eigenvalue at -1)", p.subs({z: -1, xs: x_star}), 0)
         .step("inside the threshold, eta h = x*/(1+u): p(-1) > 0", inside, 0, ">")
         .step("beyond it, eta h = x*(1+u): p(-1) < 0 (a real root below -1)", beyond, 0, "<"))
    if method == "nesterov":
        # |a0| = beta |1 - eta h| < 1 inside the threshold when beta = 1/(1+v) < 1
        a0 = (p.subs(z, 0)).subs({beta: 1 / (1 + v), xs: x_star.subs(beta, 1 / (1 + v)) / (1 + u)})
        d.step("|a0| < 1 inside the threshold (beta = 1/(1+v) < 1)", 1 - a0**2, 0, ">")
    return d


def momentum_statement(method="heavy_ball", x_star=None):
    x_star = THRESHOLDS[method] if x_star is None else x_star
    inside, beyond = _momentum_sides(method, x_star)
    return [sp.Gt(inside, 0, evaluate=False), sp.Lt(beyond, 0, evaluate=False)]


# ------------------------------------------------------------------ ab24: Rayleigh and Jensen
def _rayleigh_gap():
    """Spectral coordinates (p = 3): H = diag(l1, l1 - d2, l1 - d3), g = (c1, c2, c3)."""
    l1 = sp.Symbol("lambda_1", real=True)
    d2, d3 = sp.symbols("d_2 d_3", nonnegative=True)
    c = sp.symbols("c_1:4", real=True)
    lam = (l1, l1 - d2, l1 - d3)
    gHg = sum(li * ci**2 for li, ci in zip(lam, c))
    g2 = sum(ci**2 for ci in c)
    return l1, gHg, g2, d2 * c[1] ** 2 + d3 * c[2] ** 2


K = 3  # batches in the finite instance of the averaging steps
s = sp.symbols("s_1:4", nonnegative=True)  # per-batch gaps lambda_max(H_B) - R_B >= 0
lamB = sp.symbols("Lambda_1:4", real=True)  # lambda_max(H_B)


def rayleigh_statement(op=">="):
    mini = sum(lamB) / K
    bs = sum(lb - si for lb, si in zip(lamB, s)) / K
    return sp.Ge(mini, bs, evaluate=False) if op == ">=" else sp.Le(mini, bs, evaluate=False)


def rayleigh_bs(op=">="):
    """BS <= MiniBS: every Rayleigh quotient R_B <= lambda_max(H_B), then average (true op '>=')."""
    l1, gHg, g2, gap = _rayleigh_gap()
    mini = sum(lamB) / K
    bs = sum(lb - si for lb, si in zip(lamB, s)) / K
    return (Derivation("Batch Sharpness <= MiniBS", instance=f"p = 3 eigen-directions, K = {K} equally likely batches")
            .step("lambda_max |g|^2 - g^T H g = sum_i (lambda_1 - lambda_i) c_i^2", l1 * g2 - gHg, gap)
            .step("each term is >= 0, so R_B = g^T H g/|g|^2 <= lambda_max(H_B)", gap, 0, ">=")
            .step("MiniBS - BS = E_B[lambda_max(H_B) - R_B] = E_B[s_B]", mini - bs, sum(s) / K)
            .step("MiniBS vs BS (s_B >= 0)", mini, bs, op))


def jensen_statement(op=">="):
    r = sp.symbols("r_1:4", real=True)
    mini = sum(r[k] + s[k] for k in range(K)) / K
    return sp.Ge(mini, sum(r) / K, evaluate=False) if op == ">=" else sp.Le(mini, sum(r) / K, evaluate=False)


def jensen_minibs(op=">="):
    """MiniBS >= lambda_max(H): E_B H_B = H (both samplings), then Rayleigh with H's top eigenvector."""
    n, b = sp.symbols("n b", positive=True, integer=True)
    r = sp.symbols("r_1:4", real=True)  # r_B = v^T H_B v, v the top unit eigenvector of H
    a = sp.symbols("a_1:4", real=True)
    Hb = [sp.Matrix([[a[k], k + 1], [k + 1, 2 * a[k]]]) for k in range(K)]  # K symbolic 2x2 batch Hessians
    vv = sp.Matrix(sp.symbols("v_1:3", real=True))
    Hmean = sum(Hb, sp.zeros(2)) / K
    mini = sum(r[k] + s[k] for k in range(K)) / K
    return (Derivation("MiniBS >= lambda_max(H) (Jensen)", instance=f"K = {K} batches for the averaging steps")
            .step("without replacement each index lies in C(n-1, b-1) of the C(n, b) subsets: weight 1/n",
                  sp.binomial(n - 1, b - 1) / (b * sp.binomial(n, b)), 1 / n)
            .step("with replacement each of the b slots is uniform: weight b n^(b-1) / (b n^b) = 1/n",
                  b * n ** (b - 1) / (b * n**b), 1 / n)
            .step("v^T (E_B H_B) v = E_B[v^T H_B v] (linearity; lambda_max(H) = v^T H v = E_B r_B)",
                  (vv.T * Hmean * vv)[0], sum((vv.T * Hk * vv)[0] for Hk in Hb) / K)
            .step("lambda_max(H_B) = r_B + s_B with s_B >= 0 (Rayleigh): MiniBS - lambda_max(H) = E_B s_B",
                  mini - sum(r) / K, sum(s) / K)
            .step("MiniBS vs lambda_max(H)", mini, sum(r) / K, op))


# ------------------------------------------------------------------------ ab24: Theorem 1
def _t1_sides(c):
    return (1 - (c + eps0 + delta)) ** 2, (1 + eps0) ** 2


def theorem1(c=2):
    """E_B|g_B^+|^2/|g_B|^2 >= (1 - eta BS)^2 > (1 + eps)^2 when eta BS = c + eps + delta (true c = 2)."""
    a11, a12, a22, u1, u2 = sp.symbols("h_11 h_12 h_22 u_1 u_2", real=True)
    H = sp.Matrix([[a11, a12], [a12, a22]])  # any symmetric H_B, indefinite allowed
    uu = sp.Matrix([u1, u2])
    Hu = H * uu
    R = (uu.T * Hu)[0]
    n2 = (uu.T * uu)[0]
    step_vec = uu - eta * Hu
    Rk = sp.symbols("R_1:4", real=True)
    lhs, rhs = _t1_sides(c)
    return (Derivation(f"Theorem-1 mechanism: one-step growth of |g_B|^2 when eta BS > {c} + eps",
                       instance="p = 2 for the per-batch steps (any symmetric H_B), K = 3 batches for Jensen")
            .step("|Hu|^2 - R^2 = |Hu - R u|^2 + R^2 (1 - |u|^2), R = u^T H u (Cauchy-Schwarz gap)",
                  (Hu.T * Hu)[0] - R**2, ((Hu - R * uu).T * (Hu - R * uu))[0] + R**2 * (1 - n2))
            .step("|(I - eta H) u|^2 - (1 - eta R)^2 = eta^2 (|Hu|^2 - R^2) + (|u|^2 - 1)",
                  (step_vec.T * step_vec)[0] - (1 - eta * R) ** 2,
                  eta**2 * ((Hu.T * Hu)[0] - R**2) + (n2 - 1))
            .step("so for |u| = 1 the per-batch growth is >= (1 - eta R_B)^2 (gap eta^2 |Hu - Ru|^2 >= 0)",
                  eta**2 * ((Hu - R * uu).T * (Hu - R * uu))[0], 0, ">=")
            .step("Jensen: E(1 - eta R)^2 - (1 - eta E R)^2 = eta^2 Var R = (eta^2/K^2) sum_{i<j} (R_i - R_j)^2",
                  sum((1 - eta * r) ** 2 for r in Rk) / 3 - (1 - eta * sum(Rk) / 3) ** 2,
                  eta**2 * ((Rk[0] - Rk[1]) ** 2 + (Rk[0] - Rk[2]) ** 2 + (Rk[1] - Rk[2]) ** 2) / 9)
            .step(f"with eta BS = {c} + eps + delta (delta > 0): (1 - eta BS)^2 > (1 + eps)^2", lhs, rhs, ">"))


def theorem1_statement(c=2):
    lhs, rhs = _t1_sides(c)
    return sp.Gt(lhs, rhs, evaluate=False)
