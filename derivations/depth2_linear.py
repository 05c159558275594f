"""Closed forms for the depth-2 linear network ``L(a, b) = 1/2 (a^T b - Phi)^2`` (bw25).

Every function returns a :class:`~verify.core.derivation.Derivation`. Identities that hold
coordinate by coordinate are written for one generic coordinate pair ``(a_i, b_i)`` (or
``(a_i, a_j, b_i, b_j)``) with the residual ``eps`` as a free symbol: since ``a_i+`` depends
only on ``a_i, b_i, eps``, this *is* the identity for every width ``d``. Identities that
involve ``eps = a^T b - Phi`` itself are written for ``d = 3`` in explicit coordinates.
Notation: ``m = a^T b``, ``lam = |a|^2 + |b|^2``, ``u = a + b``, ``v = a - b``,
``p = |u|^2``, ``q = |v|^2``, ``I = p q``.
"""

from __future__ import annotations

import sympy as sp

from verify.core.derivation import Derivation

__all__ = [
    "decoupling", "imbalance_gd", "imbalance_gf", "residual_norm", "hessian_top",
    "gf_limit", "gf_limit_norm", "gd_limit", "minimum_floor", "floor_statement", "SIGN_U",
    "decoupling_statement", "imbalance_gd_statement", "imbalance_gf_statement", "residual_norm_statement",
    "hessian_top_statement", "gf_limit_statement", "gf_limit_norm_statement", "gd_limit_statement",
]

eta, eps, Phi = sp.symbols("eta epsilon Phi", real=True)
ai, aj, bi, bj = sp.symbols("a_i a_j b_i b_j", real=True)
p, q = sp.symbols("p q", nonnegative=True)
I = sp.Symbol("I", nonnegative=True)
m = sp.Symbol("m", real=True)


def _vec(name, d=3):
    return sp.Matrix(sp.symbols(f"{name}1:{d + 1}", real=True))


def _gd(a, b, e, s=eta):
    return a - s * e * b, b - s * e * a


def _sq(M):
    """Sum of squares of the entries: 0 iff the matrix vanishes (real entries)."""
    return sum(x**2 for x in M)


def _imbalance(a, b):
    """I = |a + b|^2 |a - b|^2 in coordinates."""
    return ((a + b).T * (a + b))[0] * ((a - b).T * (a - b))[0]


def _along_gf(expr, a, b):
    """d expr / dt along gradient flow a' = -eps b, b' = -eps a (eps = a^T b - Phi)."""
    e = (a.T * b)[0] - Phi
    flow = [-e * bi_ for bi_ in b] + [-e * ai_ for ai_ in a]
    return sum(sp.diff(expr, x) * fx for x, fx in zip(list(a) + list(b), flow))


def _unrolled_imbalance():
    """(I_0, I_3, kappa_3): the one-step factor (1 - eta^2 eps_t^2)^2 applied three times to I_0, and
    kappa_3 = prod_t |1 - eta^2 eps_t^2|."""
    e = sp.symbols("epsilon_0:3", real=True)
    I0 = sp.Symbol("I_0", nonnegative=True)
    I3 = I0
    for x in e:
        I3 = (1 - eta**2 * x**2) ** 2 * I3
    return I0, I3, sp.Abs(sp.Mul(*[1 - eta**2 * x**2 for x in e]))


def _s_min(I_):
    """hessian_top's sharpness at a global minimum (eps = 0, m = Phi, lam = sqrt(4 Phi^2 + I))."""
    return sp.sqrt(4 * Phi**2 + I_) / 2 + sp.sqrt(Phi**2 + I_ / 4)


SIGN_U = -1  # the decoupling factor of u is (1 + SIGN_U * eta * eps); variants flip it


def decoupling(sign_u: int = SIGN_U) -> Derivation:
    """``u+ = (1 - eta eps) u`` and ``v+ = (1 + eta eps) v`` (``sign_u`` perturbs it for variants)."""
    a1, b1 = _gd(ai, bi, eps)
    d = Derivation("GD decouples in u = a + b, v = a - b", instance="d = 3",
                   assumptions="eps = a^T b - Phi is a scalar; identities per coordinate, any d")
    d.step("GD step per coordinate, a_i+ + b_i+ = (1 - eta eps)(a_i + b_i)",
           a1 + b1, (1 + sign_u * eta * eps) * (ai + bi))
    d.step("a_i+ - b_i+ = (1 + eta eps)(a_i - b_i)", a1 - b1, (1 + eta * eps) * (ai - bi))
    a, b, ph = _vec("a"), _vec("b"), Phi
    u, v = a + b, a - b
    d.step("d = 3: eps = a^T b - Phi = (|u|^2 - |v|^2)/4 - Phi",
           (a.T * b)[0] - ph, ((u.T * u)[0] - (v.T * v)[0]) / 4 - ph)
    return d


def decoupling_statement(sign_u: int = SIGN_U):
    """The claim: u+ = (1 - eta eps) u, v+ = (1 + eta eps) v (per coordinate, GD step a+ = a - eta eps b,
    b+ = b - eta eps a) and, for d = 3, eps = a^T b - Phi = (|u|^2 - |v|^2)/4 - Phi. ``sign_u``: the variant's +."""
    a_plus, b_plus = ai - eta * eps * bi, bi - eta * eps * ai
    a, b = _vec("a"), _vec("b")
    u, v = a + b, a - b
    return [sp.Eq(a_plus + b_plus, (1 + sign_u * eta * eps) * (ai + bi), evaluate=False),
            sp.Eq(a_plus - b_plus, (1 + eta * eps) * (ai - bi), evaluate=False),
            sp.Eq((a.T * b)[0] - Phi, (u.dot(u) - v.dot(v)) / 4 - Phi, evaluate=False)]


def imbalance_gd(power: int = 2) -> Derivation:
    """D, Q_tr scale by (1 - eta^2 eps^2), I by (1 - eta^2 eps^2)^2 per GD step."""
    a1, b1 = _gd(ai, bi, eps)
    a2, b2 = _gd(aj, bj, eps)
    f = 1 - eta**2 * eps**2
    d = Derivation("Imbalance recursions under GD")
    d.step("entry (i, j) of D = a a^T - b b^T: D_ij+ = (1 - eta^2 eps^2) D_ij",
           a1 * a2 - b1 * b2, f * (ai * aj - bi * bj))
    d.step("diagonal i = j, summed over i: Q_tr+ = |a+|^2 - |b+|^2 = (1 - eta^2 eps^2) Q_tr",
           a1**2 - b1**2, f * (ai**2 - bi**2))
    d.step("I = p q with p+ = (1 - eta eps)^2 p, q+ = (1 + eta eps)^2 q (decoupling)",
           (1 - eta * eps) ** 2 * p * (1 + eta * eps) ** 2 * q, f**power * p * q)
    a, b = _vec("a"), _vec("b")
    a3, b3 = _gd(a, b, eps)
    d.step("d = 3 explicit coordinates: Q_tr+ = sum_i (a_i+^2 - b_i+^2) = (1 - eta^2 eps^2) Q_tr",
           a3.dot(a3) - b3.dot(b3), f * (a.dot(a) - b.dot(b)))
    d.step(f"d = 3 explicit coordinates: I+ = |a+ + b+|^2 |a+ - b+|^2 = (1 - eta^2 eps^2)^{power} I",
           _imbalance(a3, b3), f**power * _imbalance(a, b))
    return d


def imbalance_gd_statement(power: int = 2):
    """The claim: per GD step (a+ = a - eta eps b, b+ = b - eta eps a, eps the residual, a scalar),
    D_ij+ = (1 - eta^2 eps^2) D_ij, Q_tr+ = (1 - eta^2 eps^2) Q_tr and I+ = (1 - eta^2 eps^2)^power I
    (power 2; the variant's 1), Q_tr and I written for d = 3."""
    g = 1 - eta**2 * eps**2
    ap_i, bp_i, ap_j, bp_j = ai - eta * eps * bi, bi - eta * eps * ai, aj - eta * eps * bj, bj - eta * eps * aj
    a, b = _vec("a"), _vec("b")
    ap, bp = a - eta * eps * b, b - eta * eps * a
    Qtr = lambda x, y: sum(xi**2 for xi in x) - sum(yi**2 for yi in y)  # noqa: E731
    Iab = lambda x, y: sum(t**2 for t in x + y) * sum(t**2 for t in x - y)  # noqa: E731
    return [sp.Eq(ap_i * ap_j - bp_i * bp_j, g * (ai * aj - bi * bj), evaluate=False),
            sp.Eq(Qtr(ap, bp), g * Qtr(a, b), evaluate=False),
            sp.Eq(Iab(ap, bp), g**power * Iab(a, b), evaluate=False)]


def imbalance_gf() -> Derivation:
    """Gradient flow a' = -eps b, b' = -eps a conserves D, Q_tr and I.

    Conservation steps are written ``d/dt X = d/dt Y`` (both sides non-zero), not ``d/dt (X - Y) = 0``: a
    statement ``expr = 0`` with ``expr`` identically 0 would be matched by any identity step."""
    da_i, db_i, da_j, db_j = -eps * bi, -eps * ai, -eps * bj, -eps * aj
    d = Derivation("Gradient flow conserves the imbalances")
    d.step("d/dt (a_i a_j) = a_i' a_j + a_i a_j' = b_i' b_j + b_i b_j' = d/dt (b_i b_j), so D_ij is conserved",
           da_i * aj + ai * da_j, db_i * bj + bi * db_j)
    d.step("d/dt a_i^2 = d/dt b_i^2 (so Q_tr = tr D is conserved)", 2 * ai * da_i, 2 * bi * db_i)
    # u' = -eps u, v' = eps v  =>  p' = -2 eps p, q' = 2 eps q
    d.step("u_i' = a_i' + b_i' = -eps u_i", da_i + db_i, -eps * (ai + bi))
    d.step("v_i' = a_i' - b_i' = eps v_i", da_i - db_i, eps * (ai - bi))
    d.step("d/dt (p q) = p' q + p q' with p' = -2 eps p, q' = 2 eps q", -2 * eps * p * q + p * 2 * eps * q, 0)
    a, b = _vec("a"), _vec("b")
    pp, qq = (a + b).dot(a + b), (a - b).dot(a - b)
    d.step("d = 3 explicit coordinates (eps = a^T b - Phi): p' q = -p q' for p = |a + b|^2, q = |a - b|^2 "
           "(chain rule along a' = -eps b, b' = -eps a), so dI/dt = p' q + p q' = 0",
           _along_gf(pp, a, b) * qq, -pp * _along_gf(qq, a, b))
    return d


def imbalance_gf_statement():
    """The claim: along gradient flow a' = -eps b, b' = -eps a, d/dt (a_i a_j) = d/dt (b_i b_j) (D conserved),
    d/dt a_i^2 = d/dt b_i^2 (Q_tr conserved) and, for d = 3 with eps = a^T b - Phi and I = p q,
    p' q = -p q' (I conserved); chain rule written here. Written as ``X' = Y'`` rather than ``(X - Y)' = 0``
    (see imbalance_gf)."""
    flow = {ai: -eps * bi, aj: -eps * bj, bi: -eps * ai, bj: -eps * aj}
    ddt = lambda e: sum(sp.diff(e, x) * fx for x, fx in flow.items())  # noqa: E731
    a, b = _vec("a"), _vec("b")
    e3 = a.dot(b) - Phi
    ddt3 = lambda f: sum(sp.diff(f, x) * (-e3 * y) for x, y in zip(list(a) + list(b), list(b) + list(a)))  # noqa: E731
    p3, q3 = sum(t**2 for t in a + b), sum(t**2 for t in a - b)
    return [sp.Eq(ddt(ai * aj), ddt(bi * bj), evaluate=False), sp.Eq(ddt(ai**2), ddt(bi**2), evaluate=False),
            sp.Eq(ddt3(p3) * q3, -p3 * ddt3(q3), evaluate=False)]


def residual_norm(c_lam: int = 4) -> Derivation:
    """eps+ = eps (1 - eta lam + eta^2 eps m), m+, lam+ and lam^2 = I + 4 m^2 (d = 3)."""
    a, b = _vec("a"), _vec("b")
    mm = (a.T * b)[0]
    lam = (a.T * a)[0] + (b.T * b)[0]
    e = mm - Phi
    a1, b1 = _gd(a, b, e)
    m1 = (a1.T * b1)[0]
    lam1 = (a1.T * a1)[0] + (b1.T * b1)[0]
    u, v = a + b, a - b
    d = Derivation("Residual and norm recursions (d = 3, explicit coordinates)", instance="d = 3")
    d.step("m+ = m (1 + eta^2 eps^2) - eta eps lam", m1, mm * (1 + eta**2 * e**2) - eta * e * lam)
    d.step("eps+ = eps (1 - eta lam + eta^2 eps m)", m1 - Phi, e * (1 - eta * lam + eta**2 * e * mm))
    d.step("lam+ = lam (1 + eta^2 eps^2) - 4 eta eps m", lam1, lam * (1 + eta**2 * e**2) - c_lam * eta * e * mm)
    d.step("lam^2 = I + 4 m^2 with I = |u|^2 |v|^2", lam**2, (u.T * u)[0] * (v.T * v)[0] + 4 * mm**2)
    d.step("in (p, q): lam = (p + q)/2, m = (p - q)/4, so lam^2 - 4 m^2 = p q",
           ((p + q) / 2) ** 2 - 4 * ((p - q) / 4) ** 2, p * q)
    return d


def residual_norm_statement(c_lam: int = 4):
    """The claim (d = 3, GD step a+ = a - eta eps b, b+ = b - eta eps a, eps = a^T b - Phi): eps+, m+,
    lam+ = lam (1 + eta^2 eps^2) - c_lam eta eps m (c_lam = 4; the variant's -4) and lam^2 = I + 4 m^2."""
    a, b = _vec("a"), _vec("b")
    mm, lam = a.dot(b), a.dot(a) + b.dot(b)
    e = mm - Phi
    ap, bp = a - eta * e * b, b - eta * e * a
    I3 = (a + b).dot(a + b) * (a - b).dot(a - b)
    return [sp.Eq(ap.dot(bp) - Phi, e * (1 - eta * lam + eta**2 * e * mm), evaluate=False),
            sp.Eq(ap.dot(bp), mm * (1 + eta**2 * e**2) - eta * e * lam, evaluate=False),
            sp.Eq(ap.dot(ap) + bp.dot(bp), lam * (1 + eta**2 * e**2) - c_lam * eta * e * mm, evaluate=False),
            sp.Eq(lam**2, I3 + 4 * mm**2, evaluate=False)]


def hessian_top(c_I=sp.Rational(1, 4)) -> Derivation:
    """The Hessian is w w^T + eps J; its spectrum; top eigenvalue everywhere and at minima."""
    d2 = 2
    a, b = _vec("a", d2), _vec("b", d2)
    th = list(a) + list(b)
    mm = (a.T * b)[0]
    e = mm - Phi
    L = (e**2) / 2
    H = sp.hessian(L, th)
    w = sp.Matrix(list(b) + list(a))
    J = sp.Matrix(sp.BlockMatrix([[sp.zeros(d2), sp.eye(d2)], [sp.eye(d2), sp.zeros(d2)]]))
    d = Derivation("Top Hessian eigenvalue in closed form", instance="d = 2 and d = 3",
                   assumptions="u, v != 0 for the basis argument; the formula is continuous")
    d.step("d = 2: Hessian of L equals w w^T + eps J, w = [b; a], J = [[0, I], [I, 0]] "
           "(sum of squared entry differences)", _sq(H - (w * w.T + e * J)), 0)
    # general-d eigen-structure, with a, b of width 3 and eps a free symbol
    a, b = _vec("a"), _vec("b")
    x = _vec("x")
    w = sp.Matrix(list(b) + list(a))
    u, v = a + b, a - b
    pp, qq = (u.T * u)[0], (v.T * v)[0]

    def Hx(y):  # (w w^T + eps J) y without forming J
        return w * (w.T * y)[0] + eps * sp.Matrix(list(y[3:, :]) + list(y[:3, :]))

    X = sp.Matrix(list(u) + list(u))
    Y = sp.Matrix(list(-v) + list(v))
    d.step("H X = (p/2 + eps) X + (p/2) Y for X = [u; u]", _sq(Hx(X) - ((pp / 2 + eps) * X + pp / 2 * Y)), 0)
    d.step("H Y = (q/2) X + (q/2 - eps) Y for Y = [-v; v]", _sq(Hx(Y) - (qq / 2 * X + (qq / 2 - eps) * Y)), 0)
    xx = sp.Matrix(list(x) + list(x))
    xm = sp.Matrix(list(x) + list(-x))
    d.step("H [x; x] = (u^T x) w + eps [x; x]: eigenvalue eps on x orthogonal to u (d - 1 of them)",
           _sq(Hx(xx) - ((u.T * x)[0] * w + eps * xx)), 0)
    d.step("H [x; -x] = -(v^T x) w - eps [x; -x]: eigenvalue -eps on x orthogonal to v",
           _sq(Hx(xm) - (-(v.T * x)[0] * w - eps * xm)), 0)
    # the 2x2 block M = [[p/2 + eps, q/2], [p/2, q/2 - eps]] (columns: images of X, Y)
    lam_, mu = sp.symbols("lambda mu", real=True)
    M = sp.Matrix([[p / 2 + eps, q / 2], [p / 2, q / 2 - eps]])
    d.step("trace of the block = (p + q)/2 = lam", M.trace(), (p + q) / 2)
    d.step("det of the block = -eps (2m + eps) with m = (p - q)/4", M.det(), -eps * (2 * (p - q) / 4 + eps))
    top = (p + q) / 4 + sp.sqrt(((p - q) / 4 + eps) ** 2 + c_I * p * q)
    d.step("mu = lam/2 + sqrt((2m - Phi)^2 + I/4) (note 2m - Phi = m + eps) solves mu^2 = tr mu - det",
           top**2, M.trace() * top - M.det())
    # |eps| never exceeds the top block eigenvalue: lam/2 >= |m| and sqrt(...) >= |m + eps|
    d.step("lam/2 - |m| = (|a| - |b|)^2/2 + (|a||b| - |a^T b|) >= 0 (AM-GM, Cauchy-Schwarz): in (p, q), "
           "(lam/2)^2 - m^2 = p q / 4 >= 0", ((p + q) / 4) ** 2 - ((p - q) / 4) ** 2, 0, op=">=")
    # top >= |eps|, so the extra eigenvalues +-eps never exceed it: with e = |eps| and X the radicand,
    # X >= (e - lam/2)^2 gives sqrt(X) >= e - lam/2, i.e. top >= e (one case per sign of eps)
    e_ = sp.Symbol("e", nonnegative=True)
    X_ = lambda s_: ((p - q) / 4 + s_) ** 2 + c_I * p * q  # noqa: E731 - the radicand at eps = s_
    d.step("eps = e >= 0: X - (e - lam/2)^2 = e p >= 0 (X = (m + eps)^2 + I/4), so top = lam/2 + sqrt(X) >= e",
           X_(e_) - (e_ - (p + q) / 4) ** 2, 0, op=">=")
    d.step("eps = -e <= 0: X - (e - lam/2)^2 = e q >= 0, so top >= e = |eps|: S = lam/2 + sqrt((2m - Phi)^2 "
           "+ I/4) for every d (the digest's max with |eps| is redundant)", X_(-e_) - (e_ - (p + q) / 4) ** 2, 0,
           op=">=")
    d.step("at a minimum (eps = 0, m = Phi, lam = sqrt(4 Phi^2 + I)): S = lam",
           sp.sqrt(4 * Phi**2 + I) / 2 + sp.sqrt(Phi**2 + I / 4), sp.sqrt(4 * Phi**2 + I))
    return d


def hessian_top_statement(c_I=sp.Rational(1, 4)):
    """The claim's closed form S = lam/2 + sqrt((2m - Phi)^2 + c_I I) (c_I = 1/4; the variant's 1/2), written in
    the block variables (lam = (p + q)/2, m = (p - q)/4, I = p q, 2m - Phi = m + eps): (i) it is an eigenvalue
    of the 2x2 block of the Hessian on span{[u; u], [-v; v]}: S^2 = S^2 - charpoly(S) (sympy's charpoly);
    (ii) at a global minimum (m = Phi, lam = sqrt(4 Phi^2 + I)) S = lam = sqrt(4 Phi^2 + I).
    The part "top" (S >= |eps|) is proved by the derivation's inequality steps but is not linked here."""
    x = sp.Symbol("x")
    lam_, m_, I_ = (p + q) / 2, (p - q) / 4, p * q
    S = lam_ / 2 + sp.sqrt((2 * m_ - (m_ - eps)) ** 2 + c_I * I_)  # Phi = m - eps
    M = sp.Matrix([[p / 2 + eps, q / 2], [p / 2, q / 2 - eps]])
    lam_min = sp.sqrt(4 * Phi**2 + I)
    S_min = lam_min / 2 + sp.sqrt((2 * Phi - Phi) ** 2 + c_I * I)
    return [sp.Eq(S**2, (x**2 - M.charpoly(x).as_expr()).subs(x, S), evaluate=False),
            sp.Eq(S_min, sp.sqrt(4 * Phi**2 + I), evaluate=False)]


def gf_limit(c_phi: int = 4) -> Derivation:
    """S_GF = sqrt(4 Phi^2 + I_0): I is conserved by the flow and S = sqrt(4 Phi^2 + I) at a minimum.

    ``c_phi`` is the constant of the concluding step (4; the negative control uses 2)."""
    a, b = _vec("a"), _vec("b")
    dI = _along_gf(_imbalance(a, b), a, b)
    I0 = sp.Symbol("I_0", nonnegative=True)
    S_min = _s_min(I0)
    d = Derivation("Gradient-flow limit sharpness", assumptions="GF converges to a global minimum",
                   instance="conservation: d = 3")
    d.step("d = 3: dI/dt = grad I . (a', b') along a' = -eps b, b' = -eps a vanishes, so I_inf = I_0", dI, 0)
    d.step("at the limit (eps = 0, m = Phi, lam = sqrt(4 Phi^2 + I_0)) the top eigenvalue "
           "lam/2 + sqrt((2m - Phi)^2 + I/4) (hessian_top) is", S_min**2, c_phi * Phi**2 + I0)
    d.step("both sides are >= 0, so S_GF = sqrt(4 Phi^2 + I_0)", S_min, sp.sqrt(c_phi * Phi**2 + I0))
    return d


def gf_limit_statement():
    """The claim: S_GF = sqrt(4 Phi^2 + I_0), S_GF the closed-form sharpness lam/2 + sqrt((2m - Phi)^2 + I/4)
    at the flow's limit (m = Phi, lam = sqrt(4 Phi^2 + I_inf), I_inf = I_0)."""
    I0 = sp.Symbol("I_0", nonnegative=True)
    lam_inf = sp.sqrt(4 * Phi**2 + I0)
    return sp.Eq(lam_inf / 2 + sp.sqrt((2 * Phi - Phi) ** 2 + I0 / 4), sp.sqrt(4 * Phi**2 + I0), evaluate=False)


def gf_limit_norm() -> Derivation:
    """The variant's reasoning, "GF conserves the norm, so S_GF = lam_0": both steps are false.

    ``d/dt lam = -4 eps m`` along the flow, and ``S_GF^2 = 4 Phi^2 + I_0`` differs from
    ``lam_0^2 = 4 m_0^2 + I_0`` unless ``m_0 = +-Phi``."""
    a, b = _vec("a"), _vec("b")
    dlam = _along_gf((a.T * a)[0] + (b.T * b)[0], a, b)
    m0, I0 = sp.Symbol("m_0", real=True), sp.Symbol("I_0", nonnegative=True)
    d = Derivation("Variant: GF limit sharpness = initial norm", instance="d = 3",
                   assumptions="GF converges to a global minimum")
    d.step("d = 3: d lam/dt = grad lam . (a', b') = 0 along a' = -eps b, b' = -eps a (norm conserved)", dlam, 0)
    d.step("at the limit S_GF^2 = 4 Phi^2 + I_0 equals lam_0^2 = 4 m_0^2 + I_0", 4 * Phi**2 + I0, 4 * m0**2 + I0)
    return d


def gf_limit_norm_statement():
    """The variant's claim: S_GF = lam_0 = |a0|^2 + |b0|^2, squared with lam_0^2 = I_0 + 4 m_0^2 (bw25.residual-norm)."""
    m0, I0 = sp.Symbol("m_0", real=True), sp.Symbol("I_0", nonnegative=True)
    return sp.Eq(_s_min(I0) ** 2, 4 * m0**2 + I0, evaluate=False)


def gd_limit(power: int = 2) -> Derivation:
    """S_GD = sqrt(4 Phi^2 + kappa^2 I_0), kappa = prod_t |1 - eta^2 eps_t^2|.

    ``power`` is the exponent of kappa the derivation is asked to reach (2; the variant uses 1)."""
    a, b = _vec("a"), _vec("b")
    e = (a.T * b)[0] - Phi
    a1, b1 = _gd(a, b, e)
    I0, I3, kappa = _unrolled_imbalance()
    d = Derivation("GD limit sharpness in terms of the residuals", instance="d = 3; unrolled for t = 3 steps",
                   assumptions="GD converges to a global minimum; induction on t")
    d.step("d = 3: one GD step (a+ = a - eta eps b, b+ = b - eta eps a) multiplies I = |a + b|^2 |a - b|^2 "
           "by (1 - eta^2 eps^2)^2", _imbalance(a1, b1) - (1 - eta**2 * e**2) ** 2 * _imbalance(a, b), 0)
    d.step(f"unrolled (t = 3 shown): I_3 = kappa_3^{power} I_0, kappa_3 = prod_t |1 - eta^2 eps_t^2|",
           I3, kappa**power * I0)
    d.step(f"at the limit (eps = 0, m = Phi) the sharpness lam/2 + sqrt((2m - Phi)^2 + I/4) (hessian_top) is "
           f"S_GD with S_GD^2 = 4 Phi^2 + kappa^{power} I_0", _s_min(I3) ** 2, 4 * Phi**2 + kappa**power * I0)
    d.step("GD regularises iff kappa < 1; each factor is < 1 iff 0 < eta |eps_t| < sqrt(2): "
           "1 - (1 - x^2)^2 = x^2 (2 - x^2)", 1 - (1 - eps**2) ** 2, eps**2 * (2 - eps**2))
    return d


def gd_limit_statement(power: int = 2):
    """The claim: S_GD^2 = 4 Phi^2 + kappa^power I_0 (power 2), S_GD the limit's closed-form sharpness."""
    I0, I3, kappa = _unrolled_imbalance()
    return sp.Eq(_s_min(I3) ** 2, 4 * Phi**2 + kappa**power * I0, evaluate=False)


def minimum_floor(c: int = 2) -> Derivation:
    """Every global minimum has S = sqrt(4 Phi^2 + I) >= c|Phi| with c = 2; so eta > 1/|Phi| => eta S > 2.

    ``c`` is a parameter so that the negative control (c = 3, a floor that is too high) runs
    through the same derivation.
    """
    d = Derivation("Sharpness floor at global minima")
    S_min = _s_min(I)
    d.step(f"at a global minimum S^2 - ({c} Phi)^2 = I + {4 - c * c} Phi^2 >= 0 "
           f"(S = lam/2 + sqrt(Phi^2 + I/4), lam = sqrt(4 Phi^2 + I))", S_min**2 - (c * Phi) ** 2, 0, op=">=")
    k = sp.Symbol("k", positive=True)  # eta = (1 + k)/|Phi|
    s = sp.Symbol("s", nonnegative=True)  # S = 2|Phi| + s
    P = sp.Symbol("P", positive=True)  # |Phi|
    d.step("eta = (1 + k)/|Phi|, S = 2|Phi| + s  =>  eta S - 2 = 2k + (1 + k) s/|Phi| > 0: every minimum is "
           "linearly unstable for eta > 1/|Phi|", (1 + k) / P * (2 * P + s) - 2, 0, op=">")
    return d


def floor_statement(c: int = 2):
    """The claim: S^2 >= (c Phi)^2 at every global minimum (c = 2), S its closed-form sharpness there."""
    S_min = _s_min(I)
    return sp.Ge(S_min**2, (c * Phi) ** 2, evaluate=False)
