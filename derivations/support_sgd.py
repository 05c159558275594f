"""Closed forms behind bpp24 (Beneventano, Pinto, Poggio 2024): SGD learns the support.

Every function returns a :class:`~verify.core.derivation.Derivation`.

* Diagonal network ``f(x) = <u * v, x>``: one step on a batch with ``g = (1/b) sum_B r_i x_i``
  (per coordinate ``u' = u - eta g v``, ``v' = v - eta g u``) multiplies ``u + v`` by
  ``1 - eta g``, ``u - v`` by ``1 + eta g`` and ``u^2 - v^2`` by ``1 - eta^2 g^2``.
* The per-step rate ``kappa = (eta^2/2) E_B[g^2]`` (the second-order drift of
  ``log|1 -+ eta g|`` when ``E_B g = 0``) for a batch of b out of n without replacement
  (inclusion probabilities ``b/n`` and ``b(b-1)/(n(n-1))``) and with replacement.
* Deep linear networks ``f(x) = c^T W_1 x``: the first-layer gradient is ``c rho^T``, so the
  component of ``W_1`` orthogonal to ``c`` does not move under GD (it does under weight decay);
  gradient flow conserves ``W_{l+1}^T W_{l+1} - W_l W_l^T``.
* Two-layer linear nets: the Smith-type modified-loss term Gamma = (1/n) sum_i ||grad l_i||^2 and its
  gradient on the irrelevant column, whose odd part cancels on the +- design.
"""

from __future__ import annotations

import itertools

import sympy as sp

from verify.core.derivation import Derivation

__all__ = ["diag_identity", "diag_statement", "kappa_rate", "kappa_statement", "rank_one_update", "rank_one_statement",
           "balancedness_gf", "smith_gamma", "smith_gamma_statement", "balancedness_statement"]

eta, g, u, v = sp.symbols("eta g u v", real=True)
n, b = sp.symbols("n b", positive=True, integer=True)
V = sp.Symbol("V", nonnegative=True)  # Var_i(r_i x_ij), population normalisation 1/n


def _lincomb(M, name):
    """sum_ij t_ij M_ij with fresh real symbols t_ij: identically 0 iff every entry of M is (a linear form,
    much cheaper for sympy to expand than the sum of squares)."""
    t = sp.symbols(f"{name}_0:{len(M)}", real=True)
    return sum(ti * e for ti, e in zip(t, M))


def _diag_step(u_, v_, g_):
    return u_ - eta * g_ * v_, v_ - eta * g_ * u_


def diag_statement(sign: int = -1, power: int = 1):
    """``u'^2 - v'^2 = (u^2 - v^2)(1 + sign eta^2 g^2)^power`` (true: sign = -1, power = 1)."""
    u1, v1 = _diag_step(u, v, g)
    return sp.Eq(u1**2 - v1**2, (u**2 - v**2) * (1 + sign * eta**2 * g**2) ** power, evaluate=False)


def diag_identity(sign: int = -1, power: int = 1) -> Derivation:
    """The multiplicative identities of one diagonal-network step (per coordinate, any d, any batch)."""
    u1, v1 = _diag_step(u, v, g)
    st = diag_statement(sign, power)
    d = Derivation("Diagonal network: one (S)GD step is multiplicative in u + v, u - v and u^2 - v^2",
                   assumptions="per coordinate j: g = g_j = (1/b) sum_{i in B} r_i x_ij is a scalar shared by u_j, v_j")
    d.step("u' + v' = (u + v)(1 - eta g)", u1 + v1, (u + v) * (1 - eta * g))
    d.step("u' - v' = (u - v)(1 + eta g)", u1 - v1, (u - v) * (1 + eta * g))
    d.step("u'^2 - v'^2 = (u' + v')(u' - v') = (u^2 - v^2)(1 - eta^2 g^2)", st.lhs, st.rhs)
    gs = sp.symbols("g_0:3", real=True)
    uT, vT = u, v
    for x in gs:
        uT, vT = _diag_step(uT, vT, x)
    d.step("three steps with batch gradients g_0, g_1, g_2: u_3^2 - v_3^2 = (u_0^2 - v_0^2) prod_t (1 - eta^2 g_t^2) "
           "(GD: g_t -> 0 fast enough that the product has a nonzero limit)",
           uT**2 - vT**2, (u**2 - v**2) * sp.Mul(*[(1 + sign * eta**2 * x**2) ** power for x in gs]))
    return d


def _incl(sampling):
    """(P1, P2) with E[(sum_{i in B} a_i)^2] = P1 sum_i a_i^2 + P2 sum_{i != j} a_i a_j."""
    if sampling == "without_replacement":
        return b / n, b * (b - 1) / (n * (n - 1))
    # b i.i.d. indices, counts N_i: E[N_i^2] = b/n + b(b-1)/n^2, E[N_i N_j] = b(b-1)/n^2 (i != j)
    return b / n + b * (b - 1) / n**2, b * (b - 1) / n**2


def _kappa_lhs(sampling):
    """(eta^2/2) E_B[g^2] from the inclusion probabilities, with sum_i a_i = 0 and sum_i a_i^2 = n V.

    E[(sum_{i in B} a_i)^2] = P1 sum_i a_i^2 + P2 sum_{i != j} a_i a_j and sum_{i != j} a_i a_j = -sum_i a_i^2
    when sum_i a_i = 0 (a_i = r_i x_ij at a stationary point of the full loss)."""
    p1, p2 = _incl(sampling)
    S2 = n * V
    return eta**2 / 2 * (p1 * S2 + p2 * (-S2)) / b**2


def _factor(sampling, fpc):
    return (n - b) / (n - 1) if fpc else sp.Integer(1)


def kappa_statement(sampling: str = "without_replacement", fpc: bool | None = None):
    """``kappa = (eta^2/(2b)) F V`` with F = (n - b)/(n - 1) (``fpc=True``) or 1; the true F is the
    finite-population factor without replacement and 1 with replacement (``fpc=None``)."""
    fpc = (sampling == "without_replacement") if fpc is None else fpc
    return sp.Eq(_kappa_lhs(sampling), eta**2 / (2 * b) * _factor(sampling, fpc) * V, evaluate=False)


def kappa_rate(sampling: str = "without_replacement", fpc: bool | None = None) -> Derivation:
    """kappa_j = (eta^2/(2b)) ((n - b)/(n - 1)) Var_i(r_i x_ij) without replacement, (eta^2/(2b)) Var with;
    ``fpc`` forces the factor (variants: the other convention's factor)."""
    fpc_true = sampling == "without_replacement"
    fpc = fpc_true if fpc is None else fpc
    x = sp.Symbol("x", real=True)
    d = Derivation(f"Per-step decay rate of an irrelevant coordinate ({sampling.replace('_', ' ')})",
                   assumptions="E_B g = (1/n) sum_i a_i = 0 (stationary point of the full loss); "
                               "V = (1/n) sum_i a_i^2, a_i = r_i x_ij; n >= 2, 1 <= b <= n")
    d.step("second-order drift: log(1 - x) + log(1 + x) = log(1 - x^2), and log(1 -+ x) = -+x - x^2/2 + O(x^3): "
           "E log|1 -+ eta g| = -(eta^2/2) E g^2 + O(eta^3) when E g = 0",
           sp.series(sp.log(1 - x), x, 0, 3).removeO(), -x - x**2 / 2)
    p1, p2 = _incl(sampling)
    if sampling == "without_replacement":
        d.step("inclusion probabilities of a uniform b-subset: P(i in B) = b/n, P(i, j in B) = b(b-1)/(n(n-1)); "
               "combination: P1 - P2 = b(n - b)/(n(n - 1))", p1 - p2, b * (n - b) / (n * (n - 1)))
    else:
        d.step("b i.i.d. uniform indices with counts N_i: P1 = E[N_i^2] = b/n + b(b-1)/n^2, P2 = E[N_i N_j] = "
               "b(b-1)/n^2 (i != j); combination: P1 - P2 = b/n", p1 - p2, b / n)
    st = kappa_statement(sampling, fpc)
    d.step("kappa = (eta^2/2) E_B[g^2] = (eta^2/(2 b^2)) (P1 - P2) n V", st.lhs, st.rhs)
    # a finite instance by exhaustive enumeration (no inclusion probabilities used)
    n0, b0 = 4, 2
    a = list(sp.symbols("a_1:4", real=True))
    a.append(-sum(a))  # sum_i a_i = 0
    if sampling == "without_replacement":
        batches = list(itertools.combinations(range(n0), b0))
    else:
        batches = list(itertools.product(range(n0), repeat=b0))
    Eg2 = sp.Add(*[(sum(a[i] for i in B) / b0) ** 2 for B in batches]) / len(batches)
    Vi = sum(x**2 for x in a) / n0
    F = sp.Rational(n0 - b0, n0 - 1) if fpc else sp.Integer(1)
    d.step(f"instance n = {n0}, b = {b0}: E_B[g^2] averaged over all {len(batches)} equally likely batches = "
           f"(1/b) F Var_i(a_i)", Eg2, F * Vi / b0)
    return d


def _rank_one_setup(wd):
    X = sp.Matrix(2, 3, sp.symbols("x_1:3_1:4", real=True))
    y = sp.Matrix(sp.symbols("y_1:3", real=True))
    W1 = sp.Matrix(2, 3, sp.symbols("w_1:3_1:4", real=True))
    W2 = sp.Matrix(2, 2, sp.symbols("m_1:3_1:3", real=True))
    W3 = sp.Matrix(1, 2, sp.symbols("k_1:3", real=True))
    c = (W3 * W2).T  # (2, 1)
    r = X * W1.T * c - y  # residuals (2, 1)
    L = (r.T * r)[0] / 4  # 1/(2n), n = 2
    G = sp.Matrix(2, 3, lambda i, j: sp.diff(L, W1[i, j]))
    rho = X.T * r / 2  # (1/n) sum_i r_i x_i, (3, 1)
    lam = sp.Symbol("lambda", positive=True)
    p = sp.Matrix([-c[1], c[0]])  # orthogonal to c (h = 2)
    W1n = (1 - wd * eta * lam) * W1 - eta * G
    return W1, c, G, rho, p, W1n


def rank_one_statement(wd: int = 0):
    """The claim's relation: for p orthogonal to c, p^T W_1 is the same after a GD step (all entries, paired
    with free s_j)."""
    W1, _, _, _, p, W1n = _rank_one_setup(wd)
    return sp.Eq(_lincomb(p.T * W1n, "s"), _lincomb(p.T * W1, "s"), evaluate=False)


def rank_one_update(wd: int = 0) -> Derivation:
    """Depth-3 linear net (d = 3, h_1 = h_2 = 2), n = 2 symbolic samples: grad_{W_1} L = c rho^T and
    p^T W_1 is invariant under a GD step for every p orthogonal to c (``wd``: weight-decay variant)."""
    W1, c, G, rho, p, W1n = _rank_one_setup(wd)
    d = Derivation("Deep linear net: rank-one first-layer update along c", instance="L = 3, d = 3, h = 2, n = 2",
                   assumptions="f(x) = c^T W_1 x, c = (W_3 W_2)^T, L = 1/(2n) sum_i r_i^2")
    d.step("d L / d W_1 (entrywise sympy derivative) = c rho^T, rho = (1/n) sum_i r_i x_i "
           "(generic linear combination sum_ij t_ij of the entry differences)", _lincomb(G - c * rho.T, "t"), 0)
    d.step("p orthogonal to c: p^T c = 0", (p.T * c)[0], 0)
    d.step("p^T W_1' = p^T W_1 after a GD step (the component orthogonal to c never changes)" +
           (" [with weight decay lambda]" if wd else ""), _lincomb(p.T * W1n, "s"), _lincomb(p.T * W1, "s"))
    return d


def balancedness_gf(sign: int = -1) -> Derivation:
    """Gradient flow W_l' = -dL/dW_l conserves D_l = W_{l+1}^T W_{l+1} - W_l W_l^T (``sign=+1``: the sum, a
    variant)."""
    x = sp.Matrix([sp.Symbol("x", real=True)])
    y = sp.Symbol("y", real=True)
    W1 = sp.Matrix(2, 1, sp.symbols("w_1:3", real=True))
    W2 = sp.Matrix(2, 2, sp.symbols("m_1:3_1:3", real=True))
    W3 = sp.Matrix(1, 2, sp.symbols("k_1:3", real=True))
    r = (W3 * W2 * W1 * x)[0] - y
    L = r**2 / 2
    Ws = [W1, W2, W3]
    dW = [-sp.Matrix(W.shape[0], W.shape[1], lambda i, j: sp.diff(L, W[i, j])) for W in Ws]  # noqa: B023
    d = Derivation("Gradient flow conserves the balancedness matrices", instance="L = 3, widths (1, 2, 2, 1), n = 1")
    for l in range(2):
        A, B, dA, dB = Ws[l + 1], Ws[l], dW[l + 1], dW[l]
        dD = dA.T * A + A.T * dA + sign * (dB * B.T + B * dB.T)
        d.step(f"d/dt (W_{l + 2}^T W_{l + 2} {'-' if sign < 0 else '+'} W_{l + 1} W_{l + 1}^T) = 0 "
               "(the matrix is symmetric: generic linear combination of its upper-triangular entries)",
               _lincomb([dD[i, j] for i in range(dD.shape[0]) for j in range(i, dD.shape[1])], f"t{l}"), 0)
        dAA, dBB = dA.T * A + A.T * dA, dB * B.T + B * dB.T
        for i in range(dAA.shape[0]):
            for j in range(i, dAA.shape[1]):
                d.step(f"entry ({i}, {j}): d/dt (W_{l + 2}^T W_{l + 2}) = {'' if sign < 0 else '-'}"
                       f"d/dt (W_{l + 1} W_{l + 1}^T)", dAA[i, j], -sign * dBB[i, j])
    return d


def balancedness_statement(sign: int = -1):
    """The claim on the instance (widths (1, 2, 2, 1), one sample, L = r^2/2): along W_l' = -dL/dW_l,
    d/dt (W_{l+1}^T W_{l+1}) = d/dt (W_l W_l^T) entrywise (upper triangle), l = 1, 2, i.e. the difference is
    conserved; ``sign=+1``: the variant's sum, d/dt (W_{l+1}^T W_{l+1}) = -d/dt (W_l W_l^T)."""
    x, y = sp.Symbol("x", real=True), sp.Symbol("y", real=True)
    Ws = [sp.Matrix(2, 1, sp.symbols("w_1:3", real=True)), sp.Matrix(2, 2, sp.symbols("m_1:3_1:3", real=True)),
          sp.Matrix(1, 2, sp.symbols("k_1:3", real=True))]
    L = ((Ws[2] * Ws[1] * Ws[0])[0] * x - y) ** 2 / 2
    flow = [-W.applyfunc(lambda w: sp.diff(L, w)) for W in Ws]
    out = []
    for l in range(2):
        A, B, dA, dB = Ws[l + 1], Ws[l], flow[l + 1], flow[l]
        lhs, rhs = dA.T * A + A.T * dA, dB * B.T + B * dB.T
        out += [sp.Eq(lhs[i, j], -sign * rhs[i, j], evaluate=False)
                for i in range(lhs.shape[0]) for j in range(i, lhs.shape[1])]
    return out


def _smith_terms(c_odd: int = 2, pm: bool = True):
    """The two-layer linear net f(x) = a^T W x of :func:`smith_gamma` (h = 2, d = 2, n = 2): Gamma by sympy
    derivatives, its closed form, dGamma/dW, the even and odd sums (without their 2/n), the optimum."""
    a = sp.Matrix(sp.symbols("a_1:3", real=True))
    W = sp.Matrix(2, 2, sp.symbols("w_1:3_1:3", real=True))
    y0, e = sp.symbols("y_0 varepsilon", real=True)
    x = sp.Matrix(sp.symbols("x_1:3", real=True))
    xs = [x, x] if pm else [x, sp.Matrix(sp.symbols("z_1:3", real=True))]
    ys = [y0 + e, y0 - e]
    params = list(a) + list(W)
    r = [(a.T * W * xi)[0] - yi for xi, yi in zip(xs, ys)]
    grads = [sp.Matrix([sp.diff(ri**2 / 2, p) for p in params]) for ri in r]
    n = len(xs)
    Gamma = sum((g.T * g)[0] for g in grads) / n
    closed = sum(ri**2 * ((W * xi).T * (W * xi))[0] + ri**2 * (a.T * a)[0] * (xi.T * xi)[0]
                 for ri, xi in zip(r, xs)) / n
    dG = sp.Matrix(2, 2, lambda i, j: sp.diff(Gamma, W[i, j]))
    even = sum((ri**2 * (W * xi) * xi.T for ri, xi in zip(r, xs)), sp.zeros(2, 2)) / n
    odd = sum((ri * (((W * xi).T * (W * xi))[0] + (a.T * a)[0] * (xi.T * xi)[0]) * a * xi.T for ri, xi in zip(r, xs)),
              sp.zeros(2, 2)) / n
    return Gamma, closed, dG, even, odd, {y0: (a.T * W * xs[0])[0]}


def smith_gamma(c_odd: int = 2, pm: bool = True) -> Derivation:
    """Two-layer linear net f(x) = a^T W x (h = 2, d = 2, the second input coordinate irrelevant), n = 2.

    Gamma = (1/n) sum_i ||grad l_i||^2 (= the gradient-noise trace at a minimiser, where grad L = 0) equals
    (1/n) sum_i r_i^2 (||W x_i||^2 + ||a||^2 ||x_i||^2); its W-gradient is
    (2/n) sum_i r_i^2 (W x_i) x_i^T + (c_odd/n) sum_i r_i (||W x_i||^2 + ||a||^2 ||x_i||^2) a x_i^T (true c_odd = 2),
    and on the +- design at the optimum (x_1 = x_2, a^T W x = y_0, y = y_0 +- eps, ``pm``) the odd second sum
    vanishes, leaving dGamma/dW_N = (2/n) sum_i r_i^2 (W x_i) x_{N,i}: weight decay on the irrelevant column
    with the data-dependent coefficient 2 E[r^2] (W x)_N-direction. ``pm=False`` (variant): two distinct
    inputs, where the odd term does not cancel."""
    Gamma, closed, dG, even, odd, at_opt = _smith_terms(c_odd, pm)
    d = Derivation("Smith-type modified loss of a two-layer linear net and its gradient on the irrelevant column",
                   instance="h = 2, d = 2 (support r = 1), n = 2" + (" (+- pair)" if pm else ""),
                   assumptions="l_i = r_i^2/2, r_i = a^T W x_i - y_i; Gamma = (1/n) sum_i ||grad l_i||^2")
    d.step("Gamma = (1/n) sum_i ||grad l_i||^2 (sympy derivatives) = (1/n) sum_i r_i^2 (||W x_i||^2 + ||a||^2 ||x_i||^2)",
           Gamma, closed)
    for i in range(2):
        for j in range(2):
            d.step(f"dGamma/dW_{i + 1}{j + 1} = [(2/n) sum_i r_i^2 (W x_i) x_i^T + (2/n) sum_i r_i (||W x_i||^2 + "
                   f"||a||^2 ||x_i||^2) a x_i^T]_{i + 1}{j + 1}", dG[i, j], 2 * even[i, j] + c_odd * odd[i, j])
    for i in range(2):
        d.step(f"at the optimum of the +- pair (a^T W x = y_0, r = -+eps) the odd sum vanishes: dGamma/dW_{i + 1}N = "
               f"[(2/n) sum_i r_i^2 (W x_i) x_(N,i)]_{i + 1}, a decay term on the irrelevant column",
               dG[i, 1].subs(at_opt), 2 * even[i, 1].subs(at_opt))
    return d


def smith_gamma_statement():
    """The claim's relations with its constants: Gamma's closed form, dGamma/dW = (2/n) even + (2/n) odd entrywise,
    and dGamma/dW_N = (2/n) sum_i r_i^2 (W x_i) x_(N,i) at the optimum of the +- design."""
    Gamma, closed, dG, even, odd, at_opt = _smith_terms()
    return ([sp.Eq(Gamma, closed, evaluate=False)]
            + [sp.Eq(dG[i, j], 2 * even[i, j] + 2 * odd[i, j], evaluate=False) for i in range(2) for j in range(2)]
            + [sp.Eq(dG[i, 1].subs(at_opt), 2 * even[i, 1].subs(at_opt), evaluate=False) for i in range(2)])
