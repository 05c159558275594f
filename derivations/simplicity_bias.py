"""Closed forms for the frozen-second-layer network of Gatmiry, Li, Reddi, Jegelka (glrj24).

Model ``r_theta(x) = sum_j phi(theta_j^T x)``, ``z_ij = theta_j^T x_i``, loss
``L_c = (c/2) sum_i (r_theta(x_i) - y_i)^2`` (``c = 2/n`` for ``(1/n) sum (.)^2``, ``c = 1/n`` for
``(1/2n) sum (.)^2``). Every function returns a :class:`~verify.core.derivation.Derivation`;
``phi`` is a generic sympy ``Function`` unless an activation is named, so the steps hold for
every smooth activation. Parameters such as ``const`` or ``power`` exist so that the
negative-control variants (wrong constant, std instead of variance) reuse the same code.
"""

from __future__ import annotations

import sympy as sp

from verify.core.derivation import Derivation

__all__ = [
    "trace_on_manifold", "g_convexity", "equal_split", "stationarity", "label_noise_covariance",
    "assumption", "activation_catalogue", "ACTIVATION_EXPRS", "IN_ASSUMPTION",
    "trace_statement", "g_statement", "equal_split_statement", "stationarity_statement", "covariance_statement",
    "assumption_statement", "catalogue_statement",
]

z, u, y, lam, s = sp.symbols("z u y lambda s", real=True)
c = sp.Symbol("c", positive=True)
phi = sp.Function("phi")

ACTIVATION_EXPRS = {
    "sinh": sp.sinh(z),
    "cubic": z + z**3 / 3,
    "exp": sp.exp(z),
    "tanh": sp.tanh(z),
    "softplus": sp.log(1 + sp.exp(z)),
    "linear": z,
}
# the catalogue the derivations below establish (phi' > 0 and phi''' > 0 on R)
IN_ASSUMPTION = {"sinh": True, "cubic": True, "exp": True, "tanh": False, "softplus": False,
                 "linear": False}


def _d(k, e):
    """``phi^{(k)}`` evaluated at the expression ``e`` (sympy's Subs form, as diff produces)."""
    w = sp.Dummy("w")
    return sp.diff(phi(w), w, k).subs(w, e)


def _instantiate(e, act):
    """Replace the generic ``phi`` by a named activation (``None``: keep it generic). A concrete
    activation lets sympy evaluate a false step at rational points (negative controls)."""
    if act is None:
        return e
    w = sp.Dummy("w")
    return e.replace(phi, sp.Lambda(w, ACTIVATION_EXPRS[act].subs(z, w))).doit()


def _trace_setup():
    """Explicit coordinates ``m = d = n = 2``: pre-activations, residuals, the Hessian trace of
    ``L_c`` (sum of second partials), ``|x_i|^2`` and the substitution ``y_i = sum_j phi(z_ij)``
    (res = 0: a point of M)."""
    m_, d_, n_ = 2, 2, 2
    W = sp.Matrix(m_, d_, lambda j, k: sp.Symbol(f"w{j + 1}{k + 1}", real=True))
    X = sp.Matrix(n_, d_, lambda i, k: sp.Symbol(f"x{i + 1}{k + 1}", real=True))
    Y = [sp.Symbol(f"y{i + 1}", real=True) for i in range(n_)]
    Z = [[(X.row(i) * W.row(j).T)[0] for j in range(m_)] for i in range(n_)]
    res = [sum(phi(Z[i][j]) for j in range(m_)) - Y[i] for i in range(n_)]
    L = c / 2 * sum(r**2 for r in res)
    tr = sum(sp.diff(L, p, 2) for p in W)
    xx = [sum(X[i, k] ** 2 for k in range(d_)) for i in range(n_)]
    on_m = {Y[i]: sum(phi(Z[i][j]) for j in range(m_)) for i in range(n_)}
    return m_, n_, Z, res, tr, xx, on_m


def trace_statement(const=1, act=None):
    """The claim: at a point of M (``y_i = sum_j phi(z_ij)``), ``Tr grad^2 L_c = c sum_i |x_i|^2 sum_j
    phi'(z_ij)^2``, in the coordinates of :func:`trace_on_manifold` (``const = 2``: the factor-2 variant)."""
    m_, n_, Z, _, tr, xx, on_m = _trace_setup()
    w = sp.Dummy("w")
    rhs = const * c * sum(xx[i] * sum(sp.diff(phi(w), w).subs(w, Z[i][j]) ** 2 for j in range(m_))
                          for i in range(n_))
    return sp.Eq(_instantiate(tr.subs(on_m), act), _instantiate(rhs, act), evaluate=False)


def trace_on_manifold(const=1, act=None) -> Derivation:
    """``Tr grad^2 L_c = c sum_i |x_i|^2 sum_j [phi'(z_ij)^2 + res_i phi''(z_ij)]``, hence
    ``= const * c sum_i |x_i|^2 sum_j phi'(z_ij)^2`` on M (``const = 1`` is the true statement).

    Written for ``m = 2`` neurons, ``d = 2``, ``n = 2`` in explicit coordinates with a generic
    ``phi``; the Hessian of a sum over (i, j) of terms each depending on one ``z_ij`` and one
    residual has the same structure for every ``m, d, n``.
    """
    m_, n_, Z, res, tr, xx, on_m_pt = _trace_setup()
    closed = c * sum(xx[i] * sum(_d(1, Z[i][j]) ** 2 + res[i] * _d(2, Z[i][j]) for j in range(m_))
                     for i in range(n_))
    on_m = c * sum(xx[i] * sum(_d(1, Z[i][j]) ** 2 for j in range(m_)) for i in range(n_))
    r1, r2 = sp.symbols("res1 res2", real=True)
    d = Derivation("Trace of the loss Hessian; on M it is c sum_i |x_i|^2 sum_j phi'(z_ij)^2",
                   instance="m = d = n = 2", assumptions="m = d = n = 2 explicit coordinates, "
                   + ("generic smooth phi" if act is None else f"phi = {act}") + ", L = (c/2) sum res^2")
    d.step("Tr grad^2 L (sum of second partials) = c sum_i |x_i|^2 sum_j [phi'(z_ij)^2 + res_i phi''(z_ij)]",
           _instantiate(tr, act), _instantiate(closed, act))
    generic = c * sum(xx[i] * sum(_d(1, Z[i][j]) ** 2 + [r1, r2][i] * _d(2, Z[i][j]) for j in range(m_))
                      for i in range(n_))
    d.step("on M (res_i = 0) the residual terms vanish",
           _instantiate(generic.subs({r1: 0, r2: 0}), act), _instantiate(const * on_m, act))
    d.step("at a point of M (y_i = sum_j phi(z_ij)): Tr grad^2 L = c sum_i |x_i|^2 sum_j phi'(z_ij)^2",
           _instantiate(tr.subs(on_m_pt), act), _instantiate(const * on_m, act))
    return d


def g_statement(factor=2):
    """The claim: ``g''(u) = 2 phi'''(z)/phi'(z)`` at ``z = phi^{-1}(u)``, ``g(u) = phi'(phi^{-1}(u))^2``,
    with ``d/du = (1/phi'(z)) d/dz`` (inverse function rule); ``factor = 1``: the variant's statement."""
    p1 = sp.diff(phi(z), z)
    g_u = sp.diff(p1**2, z) / p1  # g'(u)
    g_uu = sp.diff(g_u, z) / p1  # g''(u)
    return sp.Eq(g_uu, factor * sp.diff(phi(z), z, 3) / p1, evaluate=False)


def g_convexity(factor=2) -> Derivation:
    """With ``u = phi(z)`` and ``g(u) = phi'(phi^{-1}(u))^2``: ``g'(u) = 2 phi''(z)`` and
    ``g''(u) = factor * phi'''(z) / phi'(z)`` (``factor = 2`` is true); so ``phi' > 0, phi''' > 0``
    make ``g`` strictly convex. ``d/du = (1/phi'(z)) d/dz`` (inverse function rule)."""
    p1, p2, p3 = (sp.diff(phi(z), z, k) for k in (1, 2, 3))

    def Du(e):
        return sp.diff(e, z) / p1

    d = Derivation("g(u) = phi'(phi^{-1}(u))^2 has g'' = 2 phi'''/phi'",
                   assumptions="phi' != 0 (so phi^{-1} is differentiable); z = phi^{-1}(u)")
    d.step("g'(u) = (1/phi'(z)) d/dz phi'(z)^2 = 2 phi''(z)", Du(p1**2), 2 * p2)
    d.step("g''(u) = (1/phi'(z)) d/dz 2 phi''(z) = 2 phi'''(z)/phi'(z)", Du(Du(p1**2)), factor * p3 / p1)
    a1, a3 = sp.symbols("a1 a3", positive=True)  # stand for phi'(z) > 0, phi'''(z) > 0
    d.step("phi' > 0 and phi''' > 0  =>  g'' = 2 phi'''/phi' > 0", factor * a3 / a1, 0, op=">")
    # the formula on activations with an explicit inverse (independent check of the rule)
    d.step("sinh: g(u) = 1 + u^2, g'' = 2 = 2 cosh/cosh", sp.diff(1 + u**2, u, 2),
           (factor * sp.cosh(z) / sp.cosh(z)).subs(z, sp.asinh(u)))
    tz = sp.diff(sp.tanh(z), z)
    d.step("tanh: g(u) = (1-u^2)^2, g''(u) = 12u^2 - 4 = 2 tanh'''/tanh' at z = atanh(u)",
           sp.diff((1 - u**2) ** 2, u, 2),
           sp.simplify((factor * sp.diff(sp.tanh(z), z, 3) / tz).rewrite(sp.tanh).subs(sp.tanh(z), u)))
    return d


def equal_split_statement(m_: int = 3, k: int | None = None):
    """The claim on its checked instance (phi = sinh, g(u) = 1 + u^2, m = 3): on sum_j u_j = y,
    sum_j g(u_j) >= m g(y/m), the minimum m g(y/m) (``k``: the variant's split y/k)."""
    k = m_ if k is None else k
    us = sp.symbols(f"u1:{m_ + 1}", real=True)
    g = sp.Lambda(u, 1 + u**2)
    total = sum(g(uj) for uj in us).subs(us[-1], y - sum(us[:-1]))
    return sp.Ge(total, m_ * g(y / k), evaluate=False)


def equal_split(m_: int = 3, k: int | None = None) -> Derivation:
    """Per data point: ``min sum_j g(u_j)`` s.t. ``sum_j u_j = y`` is attained at the equal split
    ``u_j = y/m`` with value ``m g(y/m)`` when ``g`` is convex; for sinh the gap is a sum of squares.
    ``k`` (default ``m``) is the claimed split ``u_j = y/k`` (``k != m``: a negative control).
    """
    k = m_ if k is None else k
    us = sp.symbols(f"u1:{m_ + 1}", real=True)
    last = y - sum(us[:-1])  # the constraint sum u_j = y, solved for u_m
    sub = {us[-1]: last}
    ubar = y / k
    g0, g1 = sp.symbols("g_bar gprime_bar", real=True)  # g(y/k), g'(y/k): the tangent line at the split
    d = Derivation(f"Equal split minimises sum_j g(u_j) on sum_j u_j = y (m = {m_})", instance=f"m = {m_}",
                   assumptions="g convex; u_m = y - u_1 - ... - u_{m-1}")
    d.step("the tangent lines of g at the split, g_bar + g'_bar (u_j - y/m), sum to m g_bar on the constraint "
           "(Jensen's bound: sum g(u_j) >= sum of tangent lines for convex g)",
           sum(g0 + g1 * (uj - ubar) for uj in us).subs(sub), m_ * g0)
    gap = sum(1 + uj**2 for uj in us) - (m_ + y**2 / m_)
    sos = sum((uj - ubar) ** 2 for uj in us)
    d.step("sinh (g = 1 + u^2): sum g(u_j) - (m + y^2/m) = sum (u_j - y/m)^2 on the constraint",
           gap.subs(sub), sos.subs(sub))
    d.step("... which is >= 0 on the constraint, = 0 only at the equal split", sos.subs(sub), 0, op=">=")
    d.step("sinh: minimum value m g(y/m) = m + y^2/m",
           m_ * (1 + (sp.sinh(sp.asinh(ubar))) ** 2), m_ + y**2 / m_)
    return d


def stationarity_statement(factor=2, act=None):
    """The claim: ``d/dz [A phi'^2 - lambda phi] = phi' (2 A phi'' - lambda)`` and, at ``lambda = 2 A phi''(z)``,
    ``d^2/dz^2 [A phi'^2 - lambda phi] = 2 A phi' phi'''`` (``factor = 1``: the variant's statement)."""
    A = sp.Symbol("A", positive=True)
    p1, p2, p3 = (sp.diff(phi(z), z, k) for k in (1, 2, 3))
    h = A * p1**2 - lam * phi(z)
    first = sp.Eq(_instantiate(sp.diff(h, z), act), _instantiate(p1 * (2 * A * p2 - lam), act), evaluate=False)
    second = sp.Eq(_instantiate(sp.diff(h, z, 2).subs(lam, 2 * A * p2), act),
                   _instantiate(factor * A * p1 * p3, act), evaluate=False)
    return [first, second]


def stationarity(factor=2, act=None) -> Derivation:
    """Per neuron: ``h(z) = A phi'(z)^2 - lambda phi(z)`` (``A = c |x_i|^2``).
    First order: ``h' = phi' (2 A phi'' - lambda)``, so ``phi''(z_ij) = lambda_i / (2 A)`` for all j.
    Second order at ``lambda = 2 A phi''(z)``: ``h'' = factor * A phi'(z) phi'''(z)`` (true: 2).
    """
    A = sp.Symbol("A", positive=True)
    h = A * sp.diff(phi(z), z) ** 2 - lam * phi(z)
    p1, p2, p3 = (sp.diff(phi(z), z, k) for k in (1, 2, 3))
    d = Derivation("Lagrange conditions for Tr on M, per (i, j)",
                   assumptions="A = c |x_i|^2 > 0; lambda_i the multiplier of sum_j phi(z_ij) = y_i")
    d.step("first order: d/dz [A phi'^2 - lambda phi] = phi' (2 A phi'' - lambda)",
           _instantiate(sp.diff(h, z), act), _instantiate(p1 * (2 * A * p2 - lam), act))
    d.step("second order at lambda = 2 A phi''(z): h'' = 2 A phi' phi'''",
           _instantiate(sp.diff(h, z, 2).subs(lam, 2 * A * p2), act),
           _instantiate(factor * A * p1 * p3, act))
    return d


def covariance_statement(power: int = 2, n_: int = 2, p_: int = 2):
    """The claim, entry by entry (``n = 2`` samples in ``R^2``): the stochastic gradient ``g = -q xi grad r_i``
    (``i`` uniform, ``xi = +-s`` equally likely) has mean 0 and covariance ``E[g g^T] - E[g] E[g]^T =
    q s^2 grad^2 L``, ``grad^2 L = (q/n) sum_i grad r_i grad r_i^T`` on M (``power = 1``: the std variant)."""
    q, sd = sp.symbols("q s", positive=True)
    G = [sp.Matrix(sp.symbols(f"g{i + 1}_1:{p_ + 1}", real=True)) for i in range(n_)]
    draws = [-q * xi * G[i] for i in range(n_) for xi in (sd, -sd)]
    mean = sum(draws, sp.zeros(p_, 1)) / len(draws)
    cov = sum((gv * gv.T for gv in draws), sp.zeros(p_, p_)) / len(draws) - mean * mean.T
    hess = (q / n_) * sum((G[i] * G[i].T for i in range(n_)), sp.zeros(p_, p_))
    out = [sp.Eq(mean[a], 0, evaluate=False) for a in range(p_)]
    out += [sp.Eq(cov[a, b], q * sd**power * hess[a, b], evaluate=False) for a in range(p_) for b in range(a, p_)]
    return out


def label_noise_covariance(power: int = 2, n_: int = 2, p_: int = 2) -> Derivation:
    """On M, the label-noise stochastic gradient ``-q xi grad r_i`` (``i ~ U[n]``, ``xi = +-s``)
    has mean 0 and covariance ``q^2 s^2 (1/n) sum_i grad r_i grad r_i^T = q s^2 grad^2 L`` with
    ``L = (q/2n) sum res^2`` (``power = 2``: variance; ``power = 1`` is the std-for-variance slip).
    Explicit ``n = 2`` samples in ``R^2`` (entry by entry); the expectation is the exact finite average."""
    q, sd = sp.symbols("q s", positive=True)
    G = [sp.Matrix(sp.symbols(f"g{i + 1}_1:{p_ + 1}", real=True)) for i in range(n_)]
    draws = [(i, xi) for i in range(n_) for xi in (sd, -sd)]  # equally likely
    mean = sum((-q * xi * G[i] for i, xi in draws), sp.zeros(p_, 1)) / len(draws)
    cov = sum(((-q * xi * G[i]) * (-q * xi * G[i]).T for i, xi in draws), sp.zeros(p_, p_)) / len(draws)
    hess = (q / n_) * sum((G[i] * G[i].T for i in range(n_)), sp.zeros(p_, p_))  # grad^2 L on M
    d = Derivation("Label-noise covariance on M is proportional to the loss Hessian", instance=f"n = {n_}, p = {p_}",
                   assumptions="xi = +-s equally likely, i uniform, B = 1, per-sample loss (q/2)(r - y - xi)^2")
    for a in range(p_):
        d.step(f"mean of the stochastic gradient on M, entry {a + 1}: 0", mean[a], 0)
    for a in range(p_):
        for b in range(a, p_):
            d.step(f"Cov[{a + 1},{b + 1}] = q s^2 (grad^2 L)[{a + 1},{b + 1}]", cov[a, b], q * sd**power * hess[a, b])
    return d


def _scaled(name: str):
    """``phi`` in the variable ``z = s/40`` (a bijection of R, so 'for all real z' statements are
    unchanged); it places sympy's rational sample points s = p/q (p <= 40) in |z| <= 1, where
    tanh''' and softplus''' change sign."""
    return ACTIVATION_EXPRS[name].subs(z, s / 40)


# phi' and phi''' as glrj24.activation-catalogue writes them
_STATED_DERIVS = {"sinh": (sp.cosh(z), sp.cosh(z)), "cubic": (1 + z**2, sp.Integer(2)),
                  "exp": (sp.exp(z), sp.exp(z))}


def assumption_statement(name: str):
    """The claim for one activation: ``phi'(z) > 0`` and ``phi'''(z) > 0`` for all real z, written in the
    derivation's variable ``z = s/40`` (a bijection of R: the same statement). For sinh, cubic, exp the
    derivatives are the claim's (cosh, cosh; 1 + z^2, 2; exp, exp); for a variant's activation they are
    differentiated from phi."""
    e = ACTIVATION_EXPRS[name]
    d1, d3 = _STATED_DERIVS.get(name, (sp.diff(e, z), sp.diff(e, z, 3)))
    return [sp.Gt(d1.subs(z, s / 40), 0, evaluate=False), sp.Gt(d3.subs(z, s / 40), 0, evaluate=False)]


def catalogue_statement():
    """The claim: phi' > 0 and phi''' > 0 for sinh, z + z^3/3, exp (derivatives as the claim writes them);
    tanh'''(0) = -2 < 0; softplus'''(1) < 0 < softplus'''(-1); linear''' = 0."""
    out = []
    for name in ("sinh", "cubic", "exp"):
        out += [sp.Gt(dk, 0, evaluate=False) for dk in _STATED_DERIVS[name]]
    t3 = sp.diff(sp.tanh(z), z, 3).subs(z, 0)
    sp3 = sp.diff(sp.log(1 + sp.exp(z)), z, 3)
    out += [sp.Lt(t3, 0, evaluate=False), sp.Eq(t3, -2, evaluate=False),
            sp.Lt(sp3.subs(z, 1), 0, evaluate=False), sp.Gt(sp3.subs(z, -1), 0, evaluate=False),
            sp.Eq(sp.diff(z, z, 3), 0, evaluate=False)]
    return out


def assumption(name: str) -> Derivation:
    """``phi' > 0`` and ``phi''' > 0`` on R for the named activation (true for sinh, cubic, exp)."""
    e = ACTIVATION_EXPRS[name]
    d = Derivation(f"{name}: phi' > 0 and phi''' > 0 on R",
                   assumptions="z = s/40, s real (a bijection of R)")
    d.step(f"{name}: phi'(z) > 0 for all real z", sp.diff(e, z).subs(z, s / 40), 0, op=">")
    d.step(f"{name}: phi'''(z) > 0 for all real z", sp.diff(e, z, 3).subs(z, s / 40), 0, op=">")
    return d


def activation_catalogue() -> Derivation:
    """Which activations satisfy the assumption: proofs for sinh, z + z^3/3, exp; explicit
    witnesses of failure for tanh (phi'''(0) = -2), softplus (phi'''(1) < 0), linear (phi''' = 0)."""
    d = Derivation("Activation catalogue: phi' > 0, phi''' > 0 ?")
    for name in ("sinh", "cubic", "exp"):
        e = ACTIVATION_EXPRS[name]
        d.step(f"{name}: phi' = {sp.diff(e, z)} > 0", sp.diff(e, z), 0, op=">")
        d.step(f"{name}: phi''' = {sp.diff(e, z, 3)} > 0", sp.diff(e, z, 3), 0, op=">")
    t3 = sp.diff(ACTIVATION_EXPRS["tanh"], z, 3)
    d.step("tanh: phi'''(0) = -2 < 0 (outside the assumption)", t3.subs(z, 0), 0, op="<")
    d.step("tanh: phi'''(0) = -2", t3.subs(z, 0), -2)
    sp3 = sp.diff(ACTIVATION_EXPRS["softplus"], z, 3)
    d.step("softplus: phi'''(1) < 0 (outside; phi'''(-1) > 0: changes sign)", sp3.subs(z, 1), 0, op="<")
    d.step("softplus: phi'''(-1) > 0", sp3.subs(z, -1), 0, op=">")
    d.step("linear: phi''' = 0 identically (outside: g is flat)", sp.diff(ACTIVATION_EXPRS["linear"], z, 3), 0)
    return d
