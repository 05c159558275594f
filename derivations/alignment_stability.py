"""Sympy derivations for Wu, Wang, Su (2022), the alignment property of SGD noise.

Conventions: square loss L = (1/n) sum ell_i with ell_i = 1/2 r_i^2 ("half_mean"), per-sample
Hessians H_i (= a_i a_i^T at a global minimum), linearised SGD delta+ = (I - eta H_I) delta,
E L~ = 1/2 Tr(H M). kappa = 1/B (with replacement) or (n-B)/(B(n-1)) (without). Every
function returns a :class:`verify.Derivation` whose steps sympy verifies one by one.
"""

from __future__ import annotations

import itertools

import sympy as sp

from verify import Derivation

__all__ = ["kappa_identity", "one_step_identity", "flatness_bound", "flatness_statement", "gaussian_fourth_moment",
           "isotropic_rate", "isotropic_threshold", "isotropic_tightness", "population_alignment",
           "population_alignment_bounds", "linear_net_jacobian", "kappa_statement", "one_step_statement",
           "isotropic_rate_statement", "isotropic_threshold_statement", "isotropic_tightness_statement",
           "population_alignment_statement", "population_alignment_bounds_statement", "linear_net_jacobian_statement"]


def _entry_relations(lhs, rhs):
    """A matrix equation as one ``Eq`` per entry (upper triangle when lhs is symmetric), like ``_entries``."""
    lhs, rhs = sp.Matrix(lhs), sp.Matrix(rhs)
    sym = lhs.is_square and (lhs - lhs.T).applyfunc(sp.expand) == sp.zeros(*lhs.shape)
    return [sp.Eq(lhs[i, j], rhs[i, j], evaluate=False) for i in range(lhs.rows) for j in range(lhs.cols)
            if not (sym and j < i)]


def _gauss_E(expr, zs):
    """E over independent standard normals zs of a polynomial (moments 0, 1, 0, 3, 0, 15...)."""
    poly = sp.Poly(sp.expand(expr), *zs)
    out = 0
    for powers, coef in poly.terms():
        m = 1
        for k in powers:
            m *= 0 if k % 2 else sp.factorial2(k - 1)
        out += coef * m
    return sp.expand(out)


def _entries(d: Derivation, text: str, lhs, rhs) -> Derivation:
    """Add a matrix identity as one step per (upper-triangular, if symmetric) entry."""
    lhs, rhs = sp.Matrix(lhs), sp.Matrix(rhs)
    sym = lhs.is_square and (lhs - lhs.T).applyfunc(sp.expand) == sp.zeros(*lhs.shape)
    for i in range(lhs.rows):
        for j in range(lhs.cols):
            if sym and j < i:
                continue
            d.step(f"{text}  [entry {i},{j}]", lhs[i, j], rhs[i, j])
    return d


def _mat_sym(name, k):
    return sp.Matrix(k, k, lambda i, j: sp.Symbol(f"{name}{min(i, j)}{max(i, j)}", real=True))


def kappa_identity(n: int = 3, B: int = 2, p: int = 2, *, kappa_without=None):
    """E_I[H_I M H_I] - H M H = kappa ((1/n) sum H_i M H_i - H M H), exact batch enumeration.

    ``kappa_without`` overrides the without-replacement factor (negative controls).
    """
    a = [sp.Matrix(p, 1, lambda r, _c, i=i: sp.Symbol(f"a{i}{r}", real=True)) for i in range(n)]
    Hs = [ai * ai.T for ai in a]
    M = _mat_sym("m", p)
    H = sum(Hs, sp.zeros(p)) / n
    base = sum((Hi * M * Hi for Hi in Hs), sp.zeros(p)) / n - H * M * H

    def avg(batches):
        tot = sp.zeros(p)
        for I in batches:
            HI = sum((Hs[i] for i in I), sp.zeros(p)) / B
            tot += HI * M * HI
        return tot / len(batches) - H * M * H

    kw = sp.Rational(n - B, B * (n - 1)) if kappa_without is None else kappa_without
    d = Derivation(f"Mini-batch noise factor kappa_B (n = {n}, B = {B}, p = {p}, symbolic a_i, M)",
                   instance=f"n = {n}, B = {B}, p = {p}")
    _entries(d, "with replacement (all n^B ordered batches): kappa = 1/B",
             avg(list(itertools.product(range(n), repeat=B))), base / B)
    _entries(d, "without replacement (all C(n,B) subsets): kappa = (n-B)/(B(n-1))",
             avg(list(itertools.combinations(range(n), B))), kw * base)
    return d


def kappa_statement(n: int = 3, B: int = 2, p: int = 2, *, kappa_without=None):
    """The claim, entrywise for the instance: E_I[H_I M H_I] - H M H = kappa_B ((1/n) sum_i H_i M H_i - H M H),
    E_I the uniform average over the batches of each sampling, kappa_B = 1/B with replacement (ordered
    B-tuples) and (n-B)/(B(n-1)) without (B-subsets); ``kappa_without`` is the variant's 1/B."""
    a = [sp.Matrix([sp.Symbol(f"a{i}{r}", real=True) for r in range(p)]) for i in range(n)]
    M = sp.Matrix(p, p, lambda i, j: sp.Symbol(f"m{min(i, j)}{max(i, j)}", real=True))
    Hi = [x * x.T for x in a]
    H = sp.Add(*Hi) / n
    spread = sp.Add(*[h * M * h for h in Hi]) / n - H * M * H

    def E(batches):
        HI = [sp.Add(*[Hi[i] for i in I]) / B for I in batches]
        return sp.Add(*[h * M * h for h in HI]) / len(HI) - H * M * H

    k_with = sp.Rational(1, B)
    k_without = sp.Rational(n - B, B * (n - 1)) if kappa_without is None else kappa_without
    return (_entry_relations(E(list(itertools.product(range(n), repeat=B))), k_with * spread)
            + _entry_relations(E(list(itertools.combinations(range(n), B))), k_without * spread))


def one_step_identity(n: int = 3, p: int = 2, *, factor=sp.Rational(1, 2)):
    """E[L~(delta+) | delta] = 1/2 delta^T (I - eta H) H (I - eta H) delta + (eta^2/(2B)) Tr(Sigma H).

    B = 1 with replacement, explicit symbols (a_i, delta, eta); Sigma = (1/n) sum g_i g_i^T - g g^T,
    g_i = H_i delta; L~ = 1/2 delta^T H delta. ``factor`` is the coefficient of eta^2 Tr(Sigma H)
    (1/2 is right; other values are negative controls).
    """
    eta = sp.Symbol("eta", positive=True)
    a = [sp.Matrix(p, 1, lambda r, _c, i=i: sp.Symbol(f"a{i}{r}", real=True)) for i in range(n)]
    delta = sp.Matrix(p, 1, lambda r, _c: sp.Symbol(f"d{r}", real=True))
    Hs = [ai * ai.T for ai in a]
    H = sum(Hs, sp.zeros(p)) / n
    Lt = lambda x: (x.T * H * x)[0] / 2  # noqa: E731
    lhs = sum(Lt((sp.eye(p) - eta * Hi) * delta) for Hi in Hs) / n
    g = H * delta
    Sigma = sum(((Hi * delta) * (Hi * delta).T for Hi in Hs), sp.zeros(p)) / n - g * g.T
    P = sp.eye(p) - eta * H
    rhs = (delta.T * P * H * P * delta)[0] / 2 + factor * eta**2 * (Sigma * H).trace()
    return Derivation("One linearised SGD step (B = 1, with replacement; exact average over the n samples)",
                      instance=f"n = {n}, p = {p}").step(
        "E[L~(delta - eta H_i delta)] = 1/2 delta^T (I-eta H) H (I-eta H) delta + eta^2/2 Tr(Sigma H)", lhs, rhs)


def one_step_statement(n: int = 3, p: int = 2, *, factor=None):
    """The claim on the instance B = 1 with replacement (kappa_B = 1/B = 1): E[L~(delta+) | delta] =
    1/2 delta^T (I-eta H) H (I-eta H) delta + (eta^2 kappa_B / 2) Tr(Sigma H), L~(x) = 1/2 x^T H x,
    delta+ = (I - eta H_i) delta with i uniform. ``factor`` replaces kappa_B/2 (the variant's 1)."""
    eta = sp.Symbol("eta", positive=True)
    a = [sp.Matrix([sp.Symbol(f"a{i}{r}", real=True) for r in range(p)]) for i in range(n)]
    delta = sp.Matrix([sp.Symbol(f"d{r}", real=True) for r in range(p)])
    Hi = [x * x.T for x in a]
    H = sp.Add(*Hi) / n
    Lt = lambda x: (x.T * H * x)[0] / 2  # noqa: E731
    g = H * delta
    Sigma = sp.Add(*[(h * delta) * (h * delta).T for h in Hi]) / n - g * g.T
    P = sp.eye(p) - eta * H
    kappa = sp.Rational(1, 1)  # 1/B, B = 1
    c = kappa / 2 if factor is None else factor
    return sp.Eq(sp.Add(*[Lt((sp.eye(p) - eta * h) * delta) for h in Hi]) / n,
                 (delta.T * P * H * P * delta)[0] / 2 + c * eta**2 * (Sigma * H).trace(), evaluate=False)


def flatness_bound(*, root_factor=1):
    """From the one-step identity and Tr(Sigma H) >= 2 mu0 L |H|_F^2 to |H|_F <= sqrt(B_eff/mu0)/eta.

    Symbols: P = 1/2 delta^T (I-eta H)H(I-eta H) delta >= 0, slack s = Tr(Sigma H) - 2 mu0 L F^2 >= 0,
    kappa = 1/B_eff. ``root_factor`` multiplies the claimed bound (negative controls).
    """
    eta, kap, mu0, F, L, P, s = sp.symbols("eta kappa mu0 F L P s", positive=True)
    q = eta**2 * kap * mu0 * F**2
    ELnext = P + eta**2 * kap / 2 * (2 * mu0 * L * F**2 + s)  # general B: kappa Tr(Sigma H)/2
    d = Derivation("Stability forces eta |H|_F <= sqrt(B_eff / mu0)  (B_eff = 1/kappa)")
    d.step("E[L~_{t+1}|delta_t] - q L~_t = P + eta^2 kappa s / 2 >= 0, q = eta^2 kappa mu0 |H|_F^2",
           ELnext - q * L, 0, op=">=")
    d.step("so E L~_t >= q^t L~_0; bounded for all t only if q <= 1:  1/(eta^2 kappa mu0) - F^2 = (1-q)/(eta^2 kappa mu0)",
           1 / (eta**2 * kap * mu0) - F**2, (1 - q) / (eta**2 * kap * mu0))
    bound = root_factor * sp.sqrt(1 / (kap * mu0)) / eta
    r = sp.Symbol("r", nonnegative=True)  # stability: q = 1 - r <= 1
    d.step("stable (q = 1 - r, r >= 0, i.e. F^2 = (1 - r)/(eta^2 kappa mu0)): bound^2 - F^2 >= 0, "
           "bound = sqrt(1/(kappa mu0))/eta", bound**2 - (1 - r) / (eta**2 * kap * mu0), 0, op=">=")
    return d


def flatness_statement():
    """The claim: every stable F (F^2 = (1 - r)/(eta^2 kappa mu0), r >= 0) satisfies
    F^2 <= 1/(kappa mu0 eta^2), i.e. |H|_F <= sqrt(B_eff/mu0)/eta with its constant 1."""
    eta, kap, mu0 = sp.symbols("eta kappa mu0", positive=True)
    r = sp.Symbol("r", nonnegative=True)
    return sp.Le((1 - r) / (eta**2 * kap * mu0), 1 / (kap * mu0 * eta**2), evaluate=False)


def gaussian_fourth_moment(d: int = 2):
    """Isserlis: for x = C z (S = C C^T), E[(x^T delta)^2 x x^T] = (delta^T S delta) S + 2 S delta delta^T S."""
    zs = sp.symbols(f"z0:{d}", real=True)
    C = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"c{i}{j}", real=True) if j <= i else 0)
    delta = sp.Matrix(d, 1, lambda r, _c: sp.Symbol(f"d{r}", real=True))
    x = C * sp.Matrix(zs)
    S = C * C.T
    lhs = ((x.T * delta)[0] ** 2 * (x * x.T)).applyfunc(lambda e: _gauss_E(e, zs))
    rhs = (delta.T * S * delta)[0] * S + 2 * S * delta * delta.T * S
    return _entries(Derivation(f"Gaussian fourth moment (d = {d}, S = C C^T symbolic)", instance=f"d = {d}"),
                    "E[(x^T delta)^2 x x^T] = (delta^T S delta) S + 2 S delta delta^T S", lhs, rhs)


def isotropic_rate(*, plus=1):
    """x ~ N(0, s I_d), online, with replacement: Tr T(M) = r Tr M, r = (1-eta s)^2 + eta^2 s^2 (d+1)/B.

    Uses E[x x^T M x x^T] = s^2 (Tr(M) I + 2 M) (gaussian_fourth_moment), so
    Tr E[H_1 M H_1] = s^2 (d + 2) Tr M. ``plus`` replaces the +1 in d+1 (negative controls).
    """
    eta, s, d, B, trM = sp.symbols("eta s d B trM", positive=True)
    noise = (s**2 * (d + 2) * trM - s**2 * trM) / B
    lhs = (1 - eta * s) ** 2 * trM + eta**2 * noise
    r = (1 - eta * s) ** 2 + eta**2 * s**2 * (d + plus) / B
    mu, F = 1 + 1 / d, s * sp.sqrt(d)
    return (Derivation("Isotropic Gaussian data: exact per-step loss factor")
            .step("Tr T(M) = (1-eta s)^2 Tr M + eta^2/B (s^2 (d+2) - s^2) Tr M = r Tr M", lhs, r * trM)
            .step("r = (1 - eta s)^2 + eta^2 mu |H|_F^2 / B with mu = 1 + 1/d, |H|_F = s sqrt(d)",
                  r, (1 - eta * s) ** 2 + eta**2 * mu * F**2 / B))


def isotropic_rate_statement(*, plus=1):
    """The claim: with H = s I, kappa_B = 1/B and Tr E[x x^T M x x^T] = s^2 (d + 2) Tr M (Isserlis, the
    fourth_moment check), Tr M+ = Tr[(I - eta H) M (I - eta H)] + eta^2 kappa_B (Tr E[H_1 M H_1] - Tr H M H)
    equals r Tr M with r = (1 - eta s)^2 + eta^2 s^2 (d + 1)/B (``plus`` = 1; the variant's 2), and
    r = (1 - eta s)^2 + eta^2 mu |H|_F^2 / B with mu = 1 + 1/d, |H|_F = s sqrt(d)."""
    eta, s, d, B, trM = sp.symbols("eta s d B trM", positive=True)
    r = (1 - eta * s) ** 2 + eta**2 * s**2 * (d + plus) / B
    trT = (1 - eta * s) ** 2 * trM + eta**2 / B * (s**2 * (d + 2) * trM - s * s * trM)
    return [sp.Eq(trT, r * trM, evaluate=False),
            sp.Eq(r, (1 - eta * s) ** 2 + eta**2 * (1 + 1 / d) * (s * sp.sqrt(d)) ** 2 / B, evaluate=False)]


def isotropic_threshold(*, num=2):
    """r <= 1  <=>  eta s <= 2B/(B+d+1):  r - 1 = u (B+d+1)/B (u - 2B/(B+d+1)), u = eta s."""
    u, d, B, k, w = sp.symbols("u d B k w", positive=True)
    r = (1 - u) ** 2 + u**2 * (d + 1) / B
    u_max = num * B / (B + d + 1)
    return (Derivation("Isotropic exact threshold")
            .step("r - 1 = u ((B+d+1)/B) (u - 2B/(B+d+1))", r - 1, u * (B + d + 1) / B * (u - 2 * B / (B + d + 1)))
            .step("at u = u_max the factor r equals 1", r.subs(u, u_max), 1)
            .step("below: u = u_max/(1 + k), k > 0, gives r - 1 = u (B+d+1)/B (u - u_max) <= 0 (stable)",
                  r.subs(u, u_max / (1 + k)), 1, op="<=")
            .step("above: u = u_max + w, w > 0, gives r - 1 > 0 (unstable)", r.subs(u, u_max + w), 1, op=">"))


def isotropic_threshold_statement():
    """The claim "stable iff eta s <= 2B/(B+d+1)" for r = (1 - eta s)^2 + eta^2 s^2 (d + 1)/B: r = 1 at
    eta s = 2B/(B+d+1), r <= 1 at every eta s below it (eta s = 2B/((B+d+1)(1+k)), k > 0), r > 1 above it."""
    eta, s, d, B, k, w = sp.symbols("eta s d B k w", positive=True)
    r = lambda es: (1 - es) ** 2 + es**2 * (d + 1) / B  # noqa: E731 - r as a function of eta s
    th = 2 * B / (B + d + 1)
    return [sp.Eq(r(th), 1, evaluate=False), sp.Le(r(th / (1 + k)), 1, evaluate=False),
            sp.Gt(r(th + w), 1, evaluate=False)]


def isotropic_tightness():
    """At the threshold, B/mu - (eta |H|_F)^2 = B d (B-d-1)^2/((d+1)(B+d+1)^2) >= 0; max over d at d = B+1."""
    d, B = sp.symbols("d B", positive=True)
    x = 2 * B * sp.sqrt(d) / (B + d + 1)  # eta_max |H|_F = (2B/(B+d+1)) * sqrt(d)
    gap = B / (1 + 1 / d) - x**2
    closed = B * d * (B - d - 1) ** 2 / ((d + 1) * (B + d + 1) ** 2)
    return (Derivation("Isotropic case: the flatness bound holds, with equality iff B = d + 1")
            .step("B/mu - (eta_max |H|_F)^2 = B d (B-d-1)^2 / ((d+1)(B+d+1)^2)", gap, closed)
            .step("which is >= 0", closed, 0, op=">=")
            .step("equality at B = d + 1: B/mu = (eta_max |H|_F)^2", (B / (1 + 1 / d)).subs(B, d + 1),
                  (x**2).subs(B, d + 1))
            .step("d/dd [eta_max |H|_F] vanishes at d = B + 1", sp.diff(x, d).subs(d, B + 1), 0)
            .step("where eta_max |H|_F = B / sqrt(B + 1)", x.subs(d, B + 1), B / sp.sqrt(B + 1)))


def isotropic_tightness_statement():
    """The claim, with eta_max = 2B/((B+d+1) s), |H|_F = s sqrt(d), mu = 1 + 1/d: B/mu - (eta_max |H|_F)^2 =
    B d (B-d-1)^2/((d+1)(B+d+1)^2), which is >= 0; B/mu = (eta_max |H|_F)^2 at B = d + 1; over d,
    eta_max |H|_F is stationary at d = B + 1 with value B/sqrt(B + 1)."""
    d, B, s = sp.symbols("d B s", positive=True)
    x = 2 * B / ((B + d + 1) * s) * (s * sp.sqrt(d))
    gap = B / (1 + 1 / d) - x**2
    return [sp.Eq(gap, B * d * (B - d - 1) ** 2 / ((d + 1) * (B + d + 1) ** 2), evaluate=False),
            sp.Ge(gap, 0, evaluate=False),
            sp.Eq((B / (1 + 1 / d)).subs(B, d + 1), (x**2).subs(B, d + 1), evaluate=False),
            sp.Eq(sp.diff(x, d).subs(d, B + 1), 0, evaluate=False),
            sp.Eq(x.subs(d, B + 1), B / sp.sqrt(B + 1), evaluate=False)]


def population_alignment(d: int = 2):
    """Gaussian x ~ N(0, S): Sigma(delta) = (delta^T S delta) S + S delta delta^T S and
    mu(delta) = 1 + delta^T S^3 delta / ((delta^T S delta) |S|_F^2)."""
    zs = sp.symbols(f"z0:{d}", real=True)
    C = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"c{i}{j}", real=True) if j <= i else 0)
    delta = sp.Matrix(d, 1, lambda r, _c: sp.Symbol(f"d{r}", real=True))
    x = C * sp.Matrix(zs)
    S = C * C.T
    gi = (x.T * delta)[0] * x  # per-sample gradient (x^T delta) x
    g = S * delta
    Sigma = (gi * gi.T).applyfunc(lambda e: _gauss_E(e, zs)) - g * g.T
    q = (delta.T * S * delta)[0]
    L = q / 2
    F2 = (S * S).trace()
    mu = (Sigma * S).trace() / (2 * L * F2)
    der = Derivation(f"Population alignment of Gaussian linear regression (d = {d}, symbolic S)", instance=f"d = {d}")
    _entries(der, "Sigma(delta) = (delta^T S delta) S + S delta delta^T S", Sigma, q * S + S * delta * delta.T * S)
    return (der.step("mu(delta) = 1 + delta^T S^3 delta / ((delta^T S delta) |S|_F^2)", mu,
                  1 + (delta.T * S**3 * delta)[0] / (q * F2)))


def population_alignment_statement(d: int = 2):
    """The claim for x = C z ~ N(0, S = C C^T), z standard normal: Sigma(delta) = E[g g^T] - E[g] E[g]^T with
    g = (x^T delta) x equals (delta^T S delta) S + S delta delta^T S (entrywise), and mu(delta) =
    Tr(Sigma H)/(2 L~ |H|_F^2) (H = S, L~ = delta^T S delta / 2) = 1 + delta^T S^3 delta/((delta^T S delta)|S|_F^2)."""
    zs = sp.symbols(f"z0:{d}", real=True)
    C = sp.Matrix(d, d, lambda i, j: sp.Symbol(f"c{i}{j}", real=True) if j <= i else 0)
    delta = sp.Matrix([sp.Symbol(f"d{r}", real=True) for r in range(d)])
    x = C * sp.Matrix(zs)
    S = C * C.T
    g = (x.T * delta)[0] * x
    Sigma = (g * g.T).applyfunc(lambda e: _gauss_E(e, zs)) - (S * delta) * (S * delta).T
    q = (delta.T * S * delta)[0]
    F2 = sum(t**2 for t in S)
    return (_entry_relations(Sigma, q * S + S * delta * delta.T * S)
            + [sp.Eq((Sigma * S).trace() / (2 * (q / 2) * F2), 1 + (delta.T * S**3 * delta)[0] / (q * F2),
                     evaluate=False)])


def population_alignment_bounds(d: int = 3, *, upper_factor=1):
    """1 <= mu <= 1 + lam_max^2/|S|_F^2, in eigen-coordinates lam_i = lam/(1+e_i), e_i >= 0 (e_0 = 0)."""
    lam = sp.Symbol("lam", positive=True)
    e = [sp.Integer(0)] + [sp.Symbol(f"e{i}", nonnegative=True) for i in range(1, d)]
    w = sp.symbols(f"w0:{d}", nonnegative=True)  # w_i = (u_i^T delta)^2
    li = [lam / (1 + ei) for ei in e]
    num = sum(l**3 * wi for l, wi in zip(li, w))
    den = sum(l * wi for l, wi in zip(li, w))
    # lam^2 den - num = sum lam_i (lam^2 - lam_i^2) w_i; each lam^2 - lam_i^2 = lam^2 e(2+e)/(1+e)^2
    gap = sum(l * lam**2 * ei * (2 + ei) / (1 + ei) ** 2 * wi for l, ei, wi in zip(li, e, w))
    F2 = sum(l**2 for l in li)
    wp = sp.symbols(f"w0:{d}", positive=True)
    num_p, den_p = (x.subs(dict(zip(w, wp))) for x in (num, den))
    return (Derivation(f"Bounds on the population mu (d = {d} eigen-coordinates)", instance=f"d = {d}")
            .step("delta^T S^3 delta >= 0 (so mu >= 1)", num, 0, op=">=")
            .step("lam_max^2 delta^T S delta - delta^T S^3 delta = sum lam_i (lam^2 - lam_i^2) w_i", lam**2 * den - num, gap)
            .step("which is >= 0 (so mu <= 1 + lam_max^2 / |S|_F^2)", upper_factor * gap, 0, op=">=")
            # concluding steps for delta with every w_i > 0 (generic delta; mu is continuous on delta != 0)
            .step("w_i > 0: mu = 1 + num/(den |S|_F^2) >= 1", 1 + num_p / (den_p * F2), 1, op=">=")
            .step("w_i > 0: mu <= 1 + lam_max^2/|S|_F^2 (the difference is (lam_max^2 den - num)/(den |S|_F^2))",
                  1 + num_p / (den_p * F2), 1 + lam**2 / F2, op="<=")
            .step("1 + lam_max^2/|S|_F^2 <= 2 (lam_max^2 <= |S|_F^2)", 1 + lam**2 / F2, 2, op="<="))


def population_alignment_bounds_statement(d: int = 3, *, upper=True):
    """The claim 1 <= mu <= 1 + lam_max^2/|S|_F^2 <= 2 in eigen-coordinates of S (eigenvalues lam_i =
    lam/(1 + e_i), lam = lam_max), mu = 1 + delta^T S^3 delta/((delta^T S delta)|S|_F^2) with
    w_i = (u_i^T delta)^2 > 0 (generic delta). ``upper=False``: the variant's mu <= 1."""
    lam = sp.Symbol("lam", positive=True)
    e = [sp.Integer(0)] + [sp.Symbol(f"e{i}", nonnegative=True) for i in range(1, d)]
    w = sp.symbols(f"w0:{d}", positive=True)
    li = [lam / (1 + ei) for ei in e]
    F2 = sum(l**2 for l in li)
    mu = 1 + sum(l**3 * wi for l, wi in zip(li, w)) / (sum(l * wi for l, wi in zip(li, w)) * F2)
    if not upper:
        return sp.Le(mu, 1, evaluate=False)
    return [sp.Ge(mu, 1, evaluate=False), sp.Le(mu, 1 + lam**2 / F2, evaluate=False),
            sp.Le(1 + lam**2 / F2, 2, evaluate=False)]


def linear_net_jacobian(d: int = 2, m: int = 2):
    """Two-layer linear net f = v^T W x / sqrt(m): grad_theta f = J x with J = [v (x) I_d; W]/sqrt(m)."""
    W = sp.Matrix(m, d, lambda i, j: sp.Symbol(f"W{i}{j}", real=True))
    v = sp.Matrix(m, 1, lambda i, _c: sp.Symbol(f"v{i}", real=True))
    x = sp.Matrix(d, 1, lambda i, _c: sp.Symbol(f"x{i}", real=True))
    f = (v.T * W * x)[0] / sp.sqrt(m)
    params = list(W) + list(v)  # row-major vec(W), then v
    grad = sp.Matrix([sp.diff(f, t) for t in params])
    J = sp.Matrix.vstack(sp.kronecker_product(v, sp.eye(d)), W) / sp.sqrt(m)
    return _entries(Derivation("Linear-network Jacobian is linear in the input", instance=f"d = {d}, m = {m}"),
                    "grad_theta f(x) = J(theta) x", grad, J * x)


def linear_net_jacobian_statement(d: int = 2, m: int = 2):
    """The claim: for f = v^T W x / sqrt(m), the autodiff gradient in theta = (vec W row-major, v) equals
    J x with J = [v (x) I_d; W]/sqrt(m), entrywise."""
    W = sp.Matrix(m, d, lambda i, j: sp.Symbol(f"W{i}{j}", real=True))
    v = sp.Matrix([sp.Symbol(f"v{i}", real=True) for i in range(m)])
    x = sp.Matrix([sp.Symbol(f"x{i}", real=True) for i in range(d)])
    f = (v.T * W * x)[0] / sp.sqrt(m)
    J = sp.Matrix.vstack(sp.kronecker_product(v, sp.eye(d)), W) / sp.sqrt(m)
    return _entry_relations(sp.Matrix([f.diff(t) for t in list(W) + list(v)]), J * x)
