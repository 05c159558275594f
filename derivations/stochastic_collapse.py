"""Closed forms of "Stochastic Collapse" (Chen, Kunin, Yamamura, Ganguli 2023; ckyg23).

Every public function returns a :class:`~verify.core.derivation.Derivation`; parameters exist
so that the negative-control variants (another diffusion convention, a wrong constant, a
control activation) run the same steps.

Diffusion conventions (``CONVENTIONS``), all for the one-dimensional Ito SDE
``d theta = -L'(theta) dt + g(theta) dB`` with ``g(0) = 0``, ``g(theta) = s theta + O(theta^2)``:

* ``"sqrt2D"``: the paper's code, ``g = sqrt(2 D)``: the criterion reads with ``K = D''(0) = s^2``;
* ``"g"``:      the noise coefficient itself: ``K = g'(0)^2 = s^2``;
* ``"V"``:      the variance function ``V = g^2``: ``K = V''(0) = 2 s^2``.

The criterion is ``alpha = L''(0) + c K > 0`` with ``c = 1/2`` for ``sqrt2D`` and ``g`` and
``c = 1/4`` for ``V``; the variant "wrong convention" applies ``c = 1/2`` to ``V``.
"""

from __future__ import annotations

import functools

import sympy as sp

from verify.core.derivation import Derivation

__all__ = ["CONVENTIONS", "TRUE_CONSTANT", "statement", "attractivity_1d", "attractivity_all", "gbm_mean", "gbm_moment_threshold",
           "discrete_sgd", "quartic", "single_neuron", "teacher_student", "sign_invariance", "permutation_invariance",
           "sufficient_condition"]


CONVENTIONS = ("sqrt2D", "g", "V")
TRUE_CONSTANT = {"sqrt2D": sp.Rational(1, 2), "g": sp.Rational(1, 2), "V": sp.Rational(1, 4)}

theta = sp.Symbol("theta", real=True)
h, bw, a = sp.symbols("h b a", real=True)  # curvature L''(0), Brownian value B_t, exponent
s, t, p = sp.symbols("s t p", positive=True)  # noise slope g'(0), time, moment order
theta0 = sp.Symbol("theta_0", positive=True)
l3, l4, g2 = sp.symbols("l_3 l_4 g_2", real=True)  # higher-order terms (drop out at 0)


def _gaussian_expectation(expr):
    """E[expr(B_t)] for B_t ~ N(0, t), by sympy integration."""
    dens = sp.exp(-bw**2 / (2 * t)) / sp.sqrt(2 * sp.pi * t)
    return sp.integrate(expr * dens, (bw, -sp.oo, sp.oo))


def _exact_exponent():
    """(a, F): F = theta_0 exp(a t + s B_t) solves d theta = -h theta dt + s theta dB iff a = -h - s^2/2
    (Ito: drift of F(t, B_t) is F_t + F_bb / 2)."""
    F = theta0 * sp.exp(a * t + s * bw)
    drift = sp.diff(F, t) + sp.diff(F, bw, 2) / 2
    return sp.solve(sp.Eq(drift, -h * F), a)[0], F


def _K(convention):
    """The convention's noise quantity at the invariant point, from g = s theta + g_2 theta^2."""
    g = s * theta + g2 * theta**2
    if convention == "sqrt2D":
        expr = sp.Derivative(g**2 / 2, (theta, 2))  # D = g^2 / 2
    elif convention == "g":
        expr = sp.Derivative(g, theta) ** 2
    elif convention == "V":
        expr = sp.Derivative(g**2, (theta, 2))
    else:
        raise ValueError(f"unknown convention {convention!r} (one of {CONVENTIONS})")
    return sp.Subs(expr, theta, 0)


def _L2():
    L = h * theta**2 / 2 + l3 * theta**3 + l4 * theta**4
    return sp.Subs(sp.Derivative(L, (theta, 2)), theta, 0)


def statement(derivation: Derivation, last: int = 1):
    """The claim's own relation(s): the steps whose text starts with "the claim" (else the last ``last``
    steps), as sympy relations (for ``states=``; the derivation builds them with the claim's constants)."""
    rel = {"==": sp.Eq, ">=": sp.Ge, "<=": sp.Le, ">": sp.Gt, "<": sp.Lt}
    steps = [st for st in derivation.steps if st.text.startswith("the claim")] or derivation.steps[-last:]
    out = [rel[st.op](st.lhs, st.rhs, evaluate=False) for st in steps]
    return out[0] if len(out) == 1 else out


def _claim_first(d: Derivation) -> Derivation:
    """Move the "the claim" steps to the front (the runner links a stated relation to the first step
    that concludes it; comparing it with the long Ito / gradient steps first costs seconds of sympy)."""
    d.steps = [st for st in d.steps if st.text.startswith("the claim")] + [
        st for st in d.steps if not st.text.startswith("the claim")]
    return d


@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def attractivity_1d(convention="sqrt2D", c=None) -> Derivation:
    """The 1-D criterion: theta_t = theta_0 exp(-(h + s^2/2) t + s B_t), so
    lambda = lim log|theta_t| / t = -(L''(0) + c K) with the convention's K (a.s., B_t / t -> 0)."""
    c = TRUE_CONSTANT[convention] if c is None else c
    a_sol, F = _exact_exponent()
    Fa = F.subs(a, a_sol)
    d = Derivation(f"One-dimensional attractivity criterion (convention {convention}, c = {c})",
                   assumptions="L'(0) = 0, g(0) = 0; linearisation dtheta = -h theta dt + s theta dB, "
                               "h = L''(0), s = g'(0); s > 0")
    d.step("Ito: F = theta_0 exp(a t + s B_t) has drift F_t + F_bb/2; it equals -h F at a = -h - s^2/2",
           sp.diff(Fa, t) + sp.diff(Fa, bw, 2) / 2, -h * Fa)
    d.step("... and diffusion F_b = s F (the noise s theta dB)", sp.diff(Fa, bw), s * Fa)
    d.step("linearisation: L''(0) = h for L = h theta^2/2 + l_3 theta^3 + l_4 theta^4", _L2(), h)
    d.step(f"convention {convention}: K at 0 from g = s theta + g_2 theta^2",
           _K(convention), s**2 * (2 if convention == "V" else 1))
    # log|theta_t|/t = a + s B_t / t -> a almost surely (strong law for Brownian motion)
    lam_val = sp.limit((sp.log(Fa / theta0) - s * bw) / t, t, sp.oo)
    d.step(f"the claim: lambda = lim log|theta_t|/t = a (B_t/t -> 0 a.s.) = -(L''(0) + {c} K)",
           lam_val, -(_L2() + c * _K(convention)))
    return d


@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def attractivity_all() -> Derivation:
    """The three conventions' derivations in one (shared steps once); ends with one claim step per
    convention, in ``CONVENTIONS`` order."""
    parts = [attractivity_1d(conv) for conv in CONVENTIONS]
    d = Derivation("One-dimensional attractivity criterion, every diffusion convention",
                   assumptions=parts[0].assumptions)
    d.steps.extend(parts[0].steps[:3])  # Ito solution, diffusion, linearisation: convention-free
    d.steps.extend(pt.steps[3] for pt in parts)  # K per convention
    d.steps.extend(pt.steps[-1] for pt in parts)  # the claim per convention
    return _claim_first(d)


@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def gbm_mean(rate="drift") -> Derivation:
    """E theta_t = theta_0 exp(-h t), independent of the noise s. ``rate="lyapunov"`` (variant):
    E theta_t = theta_0 exp(-(h + s^2/2) t), the pathwise rate."""
    a_sol, F = _exact_exponent()
    mean = _gaussian_expectation(F.subs(a, a_sol))
    target = theta0 * sp.exp(-h * t) if rate == "drift" else theta0 * sp.exp(-(h + s**2 / 2) * t)
    d = Derivation("GBM mean (noise-independent)" if rate == "drift" else "GBM mean at the Lyapunov rate")
    d.step("the claim: E theta_t = theta_0 e^{a t} E e^{s B_t} (Gaussian integral, a = -h - s^2/2)", mean, target)
    d.step("d/ds E theta_t = 0: the mean does not depend on the noise", sp.diff(mean, s), sp.diff(target, s))
    return d


@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def gbm_moment_threshold(shift=1) -> Derivation:
    """E|theta_t|^p = theta_0^p exp(p t ((p - 1) s^2/2 - h)): the p-th moment decays iff
    h > (p - 1) s^2 / 2; as p -> 0+ the rate/p tends to the Lyapunov exponent -(h + s^2/2).
    ``shift`` is the claim's constant (true 1; a variant uses 0)."""
    a_sol, F = _exact_exponent()
    # |F|^p = theta_0^p exp(p a t) exp(p s B_t); the Gaussian integral gives E exp(p s B_t)
    Mp = theta0**p * sp.exp(p * a_sol * t) * sp.simplify(_gaussian_expectation(sp.exp(p * s * bw)))
    rate = sp.expand_log(sp.log(Mp / theta0**p), force=True) / (p * t)
    d = Derivation("GBM p-th moment threshold", assumptions="p > 0, t > 0")
    d.step("E|theta_t|^p = theta_0^p e^{p a t} E e^{p s B_t} (Gaussian integral)", Mp, theta0**p * sp.exp(p * t * ((p - 1) * s**2 / 2 - h)))
    d.step("p -> 0+: rate_p -> -(h + s^2/2), the Lyapunov exponent", sp.limit(rate, p, 0, "+"), a_sol)
    d.step(f"the claim: rate_p = log(E|theta_t|^p / theta_0^p) / (p t) = (p - {shift}) s^2/2 - h, so the p-th "
           f"moment decays iff h > (p - {shift}) s^2/2", rate, (p - shift) * s**2 / 2 - h)
    return d


@functools.lru_cache(maxsize=None)
def discrete_sgd(c2=sp.Rational(-1, 4)) -> Derivation:
    """theta+ = (1 - eta h + sqrt(eta) s eps) theta, eps = +-1 (two-sample noise): the exponent is
    lambda = (1/2) log((1 - eta h)^2 - eta s^2) (in 0 < eta s^2 < (1 - eta h)^2), and
    lambda = eta (-h - s^2/2) + eta^2 (-h^2/2 - h s^2 + c2 s^4) + O(eta^3) with c2 = -1/4 (SGF to first order)."""
    A, B = sp.symbols("A B", positive=True)  # A = 1 - eta h, B = sqrt(eta) s, A > B
    q = sp.Symbol("q", positive=True)  # A = B + q
    e = sp.Symbol("eta", positive=True)
    lam_of = lambda a, b: (sp.log(a + b) + sp.log(a - b)) / 2  # noqa: E731  E log|factor|, eps = +-1 equally likely
    lam = sp.log((1 - e * h) ** 2 - e * s**2) / 2
    d = Derivation("Discrete SGD with two-sample noise: Lyapunov exponent", assumptions="eta > 0, 0 < eta s^2 < (1 - eta h)^2")
    d.step("the claim: small-eta expansion: lambda = eta (-h - s^2/2) + eta^2 (-h^2/2 - h s^2 + c2 s^4) + O(eta^3)",
           sp.series(lam, e, 0, 3).removeO(), e * (-h - s**2 / 2) + e**2 * (-h**2 / 2 - h * s**2 + c2 * s**4))
    d.step("E log|1 - eta h + sqrt(eta) s eps| over eps = +-1 equals (1/2) log(A^2 - B^2) (A = B + q > B > 0)",
           sp.expand_log(lam_of(B + q, B) - sp.log((B + q) ** 2 - B**2) / 2, force=True), 0)
    d.step("first order in eta: the SGF exponent -(h + s^2/2)", sp.limit(lam / e, e, 0), -(h + s**2 / 2))
    return d


# --- quartic example ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def quartic(factor=2) -> Derivation:
    """L = theta^4/4 - mu theta^2/2, noise zeta theta dB: alpha = L''(0) + g'(0)^2/2 = zeta^2/2 - mu vanishes at
    zeta^2 = factor mu (true factor 2); the zero-flux stationary density |theta|^{2 mu/zeta^2 - 2} e^{-theta^2/zeta^2}
    is integrable at 0 iff alpha < 0 (the same threshold)."""
    mu, zeta = sp.symbols("mu zeta", positive=True)
    th = sp.Symbol("theta", positive=True)
    L = theta**4 / 4 - mu * theta**2 / 2
    g = zeta * theta
    alpha = sp.Subs(sp.Derivative(L, (theta, 2)), theta, 0) + sp.Subs(sp.Derivative(g, theta), theta, 0) ** 2 / 2
    dens = th ** (2 * mu / zeta**2 - 2) * sp.exp(-th**2 / zeta**2)
    d = Derivation("Quartic example: threshold and stationary density", assumptions="mu > 0, zeta > 0, theta > 0 "
                   "(the density is even)")
    d.step(f"the claim: alpha = L''(0) + g'(0)^2/2 vanishes at zeta^2 = {factor} mu",
           alpha.subs(zeta, sp.sqrt(factor * mu)), 0)
    d.step("alpha = zeta^2/2 - mu", alpha, zeta**2 / 2 - mu)
    d.step("zero probability flux: (mu theta - theta^3) p - (zeta^2 theta^2 p)'/2 = 0",
           (mu * th - th**3) * dens - sp.diff(zeta**2 * th**2 * dens, th) / 2, 0)
    d.step("exponent of p at 0, plus 1, is -2 alpha / zeta^2: p is integrable at 0 iff alpha < 0",
           (2 * mu / zeta**2 - 2) + 1, -2 * alpha / zeta**2)
    return d


# --- single neuron y = w_2 sigma(w_1 x) --------------------------------------------------------------
@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def single_neuron(c_thr=sp.Rational(1, 2), m=3) -> Derivation:
    """Origin of y = w_2 sigma(w_1 x) with L = (1/2m) sum (y_hat_i - y_i)^2 and label-type noise
    sqrt(eta) zeta grad y_hat_i / sqrt(m) (one column per sample): a saddle, and attractive iff
    eta zeta^2 sigma'(0) c_thr > |sum x y| / sum x^2 (true c_thr = 1/2). sigma(z) = d_1 z + d_2 z^2 + d_3 z^3
    near 0 (sigma(0) = 0, sigma'(0) = d_1 > 0); written for m samples (instance)."""
    d1 = sp.Symbol("d_1", positive=True)
    d2, d3 = sp.symbols("d_2 d_3", real=True)
    w1, w2 = sp.symbols("w_1 w_2", real=True)
    X = sp.symbols(f"x_1:{m + 1}", real=True)
    Y = sp.symbols(f"y_1:{m + 1}", real=True)
    eta_z2 = sp.Symbol("eta_zeta2", positive=True)  # eta zeta^2
    sig = lambda z: d1 * z + d2 * z**2 + d3 * z**3  # noqa: E731
    yhat = [w2 * sig(w1 * x) for x in X]
    L = sum((yh - y) ** 2 for yh, y in zip(yhat, Y)) / (2 * m)
    Sxy, Sxx = sum(x * y for x, y in zip(X, Y)), sum(x**2 for x in X)
    c = d1 * Sxy / m
    at0 = {w1: 0, w2: 0}
    d = Derivation("Single neuron: saddle at the origin and the collapse threshold", instance=f"m = {m} samples",
                   assumptions="sigma(0) = 0, sigma'(0) = d_1 > 0; Ito SGF with D = (eta zeta^2 / 2m) sum grad y_i "
                               "grad y_i^T; sum x y > 0 (the other sign is symmetric)")
    H = sp.hessian(L, (w1, w2)).subs(at0)
    d.step("Hessian at 0: off-diagonal -c, c = d_1 (1/m) sum x y (eigenvalues +-c: a saddle)", H[0, 1], -c)
    d.step("... and zero diagonal", H[0, 0] ** 2 + H[1, 1] ** 2, 0)
    # noise: grad y_hat_i is linear in w near 0: J_i w with J_i = d_1 x_i [[0, 1], [1, 0]]
    J = [sp.Matrix([[sp.diff(yh, a, b).subs(at0) for b in (w1, w2)] for a in (w1, w2)]) for yh in yhat]
    wv = sp.Matrix([w1, w2])
    noise = sum(((Ji * wv) * (Ji * wv).T for Ji in J), sp.zeros(2, 2)) * eta_z2 / m
    k2 = eta_z2 * d1**2 * Sxx / m
    d.step("G G^T = k^2 (w_2, w_1)(w_2, w_1)^T, k^2 = eta zeta^2 d_1^2 (1/m) sum x^2: one effective Brownian motion",
           noise[0, 0] + noise[0, 1] + noise[1, 1], k2 * (w2**2 + w1 * w2 + w1**2))
    A = -H  # linear drift -H w
    d.step("u = w_1 + w_2 is an eigenvector of the drift: A (1, 1) = c (1, 1)", (A * sp.Matrix([1, 1]))[0], c)
    d.step("v = w_1 - w_2: A (1, -1) = -c (1, -1)", (A * sp.Matrix([1, -1]))[0], -c)
    # du = (c dt + k dB) u: GBM exponent from attractivity_1d with h = -c, s = k: lambda = c - k^2/2
    lam_u, lam_v = c - k2 / 2, -c - k2 / 2
    d.step("lambda_u - lambda_v = 2c: u is the slower mode; collapse iff lambda_u = c - k^2/2 < 0", lam_u - lam_v,
           2 * c)
    ratio = (k2 / 2) / c
    d.step(f"the claim: k^2/(2c) = (eta zeta^2 d_1 {c_thr}) / (sum x y / sum x^2), so collapse iff "
           f"eta zeta^2 sigma'(0) {c_thr} > sum x y / sum x^2", ratio, (eta_z2 * d1 * c_thr) / (Sxy / Sxx))
    return _claim_first(d)


# --- teacher-student balanced modes -------------------------------------------------------------
k, sv = sp.symbols("k s_i", positive=True)  # k^2 = eta sigma^2; s_i singular value
etas, sig = sp.symbols("eta sigma", positive=True)
u, v, xx = sp.symbols("u v x", positive=True)


@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def teacher_student(c=sp.Rational(1, 2)) -> Derivation:
    """E[pi]_inf = s_i - eta sigma^2 / 2 above the threshold (Gamma stationary law), 0 below."""
    d = Derivation("Teacher-student soft threshold", assumptions="balanced mode u = v > 0; k^2 = eta sigma^2; "
                   "the stationary law is normalisable iff s_i > eta sigma^2/2 (else it collapses to 0)")
    # SGF of one mode: du = -(uv - s) v dt + k v dB, dv = -(uv - s) u dt + k u dB (one B)
    fu, fv, gu, gv = -(u * v - sv) * v, -(u * v - sv) * u, k * v, k * u
    pi_drift = u * fv + v * fu + gu * gv  # Ito product rule: d(uv) = u dv + v du + d<u, v>
    pi_diff = u * gv + v * gu
    P = sp.Symbol("pi", positive=True)
    d.step("Ito product rule, balanced (u = v = sqrt(pi)): drift of pi = 2 pi (s + k^2/2 - pi)",
           pi_drift.subs(v, u).subs(u, sp.sqrt(P)), 2 * P * (sv + k**2 / 2 - P))
    d.step("... diffusion of pi = 2 k pi", pi_diff.subs(v, u).subs(u, sp.sqrt(P)), 2 * k * P)
    A, B, C = 2 * sv + k**2, sp.Integer(2), 2 * k  # dX = X (A - B X) dt + C X dB
    shape, rate = 2 * A / C**2 - 1, 2 * B / C**2
    dens = xx ** (shape - 1) * sp.exp(-rate * xx)
    d.step("zero probability flux: mu p - (sigma^2 p)'/2 = 0 for the Gamma density",
           xx * (A - B * xx) * dens - sp.diff(C**2 * xx**2 * dens, xx) / 2, 0)
    al, r = sp.symbols("alpha r", positive=True)
    mean_gamma = sp.integrate(xx**al * sp.exp(-r * xx), (xx, 0, sp.oo)) / sp.integrate(
        xx ** (al - 1) * sp.exp(-r * xx), (xx, 0, sp.oo))
    d.step("Gamma(alpha, r) mean = alpha / r (alpha > 0)", mean_gamma, al / r)
    d.step("shape alpha = 2A/C^2 - 1 = (s - k^2/2)/k^2: normalisable iff s > k^2/2", shape, (sv - k**2 / 2) / k**2)
    d.step(f"the claim: E[pi]_inf = alpha / r = s_i - {c} eta sigma^2 (k^2 = eta sigma^2) above the threshold",
           (shape / rate).subs(k, sp.sqrt(etas) * sig), sv - c * etas * sig**2)
    return d


# --- invariant sets of a one-hidden-layer network -----------------------------------------------
_x = sp.symbols("x_1:3", real=True)  # 2 inputs
_y = sp.Symbol("y", real=True)
eta_, beta_, lam_ = sp.symbols("eta beta lambda", positive=True)
s0 = sp.Symbol("sigma_0", real=True)  # sigma(0)
SIGMA = sp.Function("sigma")
ACTIVATIONS = {"generic": None, "softplus": lambda z: sp.log(1 + sp.exp(z)), "tanh": sp.tanh,
               "quadratic": lambda z: z + z**2 / 2, "linear": lambda z: z}


def _net(n_hidden=3, n_samples=2):
    """Parameters (w_j1, w_j2, b_j, a_j), output bias c; two samples (x_i, y_i)."""
    W = [sp.symbols(f"w_{j}1 w_{j}2", real=True) for j in range(1, n_hidden + 1)]
    b = sp.symbols(f"b_1:{n_hidden + 1}", real=True)
    a_ = sp.symbols(f"a_1:{n_hidden + 1}", real=True)
    c = sp.Symbol("c", real=True)
    X = [sp.symbols(f"x_{i}1 x_{i}2", real=True) for i in range(1, n_samples + 1)]
    Y = sp.symbols(f"y_1:{n_samples + 1}", real=True)
    return W, b, a_, c, X, Y


def _act(name):
    f = ACTIVATIONS[name]
    return SIGMA if f is None else f


def _sgd_momentum_step(params, M, loss, sub):
    """One heavy-ball step with weight decay: m+ = beta m + grad + lambda theta, theta+ = theta - eta m+.
    Returns (theta+, m+) as dicts, evaluated at the substitution ``sub`` (the point on the set)."""
    th_new, m_new = {}, {}
    for q in params:
        mq = beta_ * M[q] + sp.diff(loss, q) + lam_ * q
        m_new[q] = mq.subs(sub)
        th_new[q] = (q - eta_ * mq).subs(sub)
    return th_new, m_new


@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def sign_invariance(activation="generic", zero_bias=True) -> Derivation:
    """Vanishing neuron 1: A = {w_1 = 0, b_1 = 0, a_1 = 0}. One SGD step with momentum and weight
    decay on a 2-sample batch from theta, m in A stays in A when sigma(0) = 0 (generic sigma: the
    step holds for every activation with sigma(0) = 0). ``activation="softplus"`` (sigma(0) = log 2)
    and ``zero_bias=False`` (b_1 free) are the controls."""
    W, b, a_, c, X, Y = _net()
    act = _act(activation)
    params = [*W[0], b[0], a_[0], *W[1], b[1], a_[1], c]
    mom = {q: sp.Symbol(f"m_{q.name}", real=True) for q in params}
    out = lambda xv: sum(a_[j] * act(W[j][0] * xv[0] + W[j][1] * xv[1] + b[j]) for j in range(2)) + c  # noqa: E731
    loss = sum((out(X[i]) - Y[i]) ** 2 / 2 for i in range(2)) / 2
    normal = [*W[0], b[0], a_[0]]
    sub = {W[0][0]: 0, W[0][1]: 0, a_[0]: 0} | ({b[0]: 0} if zero_bias else {})
    sub |= {mom[q]: 0 for q in normal}
    th, m = _sgd_momentum_step(params, mom, loss, sub)
    d = Derivation(f"Sign-invariant set (vanishing neuron), activation {activation}"
                   + ("" if zero_bias else ", bias free"), instance="2 inputs, 2 hidden neurons, batch of 2",
                   assumptions="theta and the momentum buffer in A; any eta, beta, lambda, batch")
    if activation == "generic":
        r = [out(X[i]).subs(sub) - Y[i] for i in range(2)]
        s0_of = {SIGMA(0): s0}
        d.step("a_1+ = -eta sigma(0) (r_1 + r_2)/2 (r_i: residual of the 1-neuron network)",
               th[a_[0]].subs(s0_of), -eta_ * s0 * (r[0] + r[1]) / 2)
        th = {q: e.subs(s0_of).subs(s0, 0) for q, e in th.items()}
        m = {q: e.subs(s0_of).subs(s0, 0) for q, e in m.items()}
    nperp = sum(th[q] ** 2 + m[q] ** 2 for q in normal)
    d.step("the claim: |P_perp theta+|^2 + |P_perp m+|^2 = 0 (sigma(0) = 0): A is invariant", nperp, 0)
    return d


@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def permutation_invariance(tie_outgoing=True, activation="generic") -> Derivation:
    """Identical neurons 1, 2: A = {w_1 = w_2, b_1 = b_2, a_1 = a_2} (any activation). One SGD step
    with momentum and weight decay from theta, m in A keeps neurons 1 and 2 identical.
    ``tie_outgoing=False`` (a_1, a_2 free: only the incoming weights tied) is the control."""
    W, b, a_, c, X, Y = _net()
    act = _act(activation)
    params = [*W[0], b[0], a_[0], *W[1], b[1], a_[1], *W[2], b[2], a_[2], c]
    mom = {q: sp.Symbol(f"m_{q.name}", real=True) for q in params}
    z = lambda j, xv: W[j][0] * xv[0] + W[j][1] * xv[1] + b[j]  # noqa: E731
    out = lambda xv: sum(a_[j] * act(z(j, xv)) for j in range(3)) + c  # noqa: E731
    loss = sum((out(X[i]) - Y[i]) ** 2 / 2 for i in range(2)) / 2
    pairs = [(W[0][0], W[1][0]), (W[0][1], W[1][1]), (b[0], b[1])] + ([(a_[0], a_[1])] if tie_outgoing else [])
    d = Derivation("Permutation-invariant set (identical neurons)" + ("" if tie_outgoing else ", outgoing free"),
                   instance="2 inputs, 3 hidden neurons, batch of 2",
                   assumptions="theta and the momentum buffer in A; any eta, beta, lambda, batch; any activation")
    r = [out(X[i]) - Y[i] for i in range(2)]
    d.step("off A: dL/da_1 - dL/da_2 = (1/2) sum_i (sigma(z_1i) - sigma(z_2i)) r_i (vanishes when z_1 = z_2)",
           sp.diff(loss, a_[0]) - sp.diff(loss, a_[1]),
           sum((act(z(0, X[i])) - act(z(1, X[i]))) * r[i] for i in range(2)) / 2)
    sub = {q2: q1 for q1, q2 in pairs} | {mom[q2]: mom[q1] for q1, q2 in pairs}
    th, m = _sgd_momentum_step(params, mom, loss, sub)
    for q1, q2 in [(W[0][0], W[1][0]), (W[0][1], W[1][1]), (b[0], b[1]), (a_[0], a_[1])]:
        d.step(f"the claim: {q1.name}+ = {q2.name}+ (then m_1+ = m_2+ too: theta+ = theta - eta m+)",
               th[q1] - th[q2], 0)
    return _claim_first(d)


# --- high-dimensional sufficient condition (digest 4.5) ---------------------------------------------
@functools.lru_cache(maxsize=None)  # states= rebuilds it: one build per process
def sufficient_condition(two_d_coef=2) -> Derivation:
    """Ito drift of log|z| for dz = -H z dt + B z dW (2-D, H symmetric, B generic; one Brownian motion, the
    sum over several is term by term) equals -q(z/|z|) with q(u) = u^T H u - tr D(u) + 2 u^T D(u) u,
    D(u) = (1/2)(B u)(B u)^T: then lambda = E_pi[-q] <= -inf q, and inf q > 0 is sufficient. Then the
    single-neuron instance H = -c J, B = k J (J the swap): q(e_1) = -k^2/2 < 0 (not certified) while the
    invariant directions (1, +-1) carry the exact exponents +-c - k^2/2. ``two_d_coef`` (variant) replaces
    the 2 in front of u^T D u."""
    z1, z2 = sp.symbols("z_1 z_2", real=True)
    h11, h12, h22, b11, b12, b21, b22 = sp.symbols("h_11 h_12 h_22 b_11 b_12 b_21 b_22", real=True)
    Hm = sp.Matrix([[h11, h12], [h12, h22]])
    Bm = sp.Matrix([[b11, b12], [b21, b22]])
    zv = sp.Matrix([z1, z2])
    f = sp.log(z1**2 + z2**2) / 2
    grad = sp.Matrix([sp.diff(f, z1), sp.diff(f, z2)])
    hess = sp.hessian(f, (z1, z2))
    bz = Bm * zv
    drift = (-(Hm * zv).T * grad)[0] + (bz.T * hess * bz)[0] / 2
    r2 = z1**2 + z2**2

    def q(uv, H_, B_):  # u^T H u - tr D(u) + coef u^T D(u) u, u not normalised: homogeneous of degree 0 after / r2
        bu = B_ * uv
        n2 = (uv.T * uv)[0]
        D = bu * bu.T / 2
        return ((uv.T * H_ * uv)[0] / n2 - D.trace() / n2 + two_d_coef * (uv.T * D * uv)[0] / n2**2)

    d = Derivation("High-dimensional sufficient condition: Ito drift of log|z| (2-D instance)",
                   instance="d = 2, one Brownian motion",
                   assumptions="dz = -H z dt + B z dW (Ito), H symmetric; z != 0")
    d.step(f"the claim: Ito drift of log|z| = -(u^T H u - tr D(u) + {two_d_coef} u^T D(u) u), u = z/|z|",
           sp.together(drift * r2), sp.together(-q(zv, Hm, Bm) * r2))
    c_, k_ = sp.symbols("c k", positive=True)
    J = sp.Matrix([[0, 1], [1, 0]])
    Hn, Bn = -c_ * J, k_ * J
    d.step("single neuron (H = -c J, B = k J): q(e_1) = -k^2/2 < 0, so inf q < 0 and the condition certifies "
           "nothing", q(sp.Matrix([1, 0]), Hn, Bn), -k_**2 / 2)
    d.step("... while the invariant direction (1, 1) has log-drift c - k^2/2 (the exact top exponent)",
           -q(sp.Matrix([1, 1]), Hn, Bn), c_ - k_**2 / 2)
    d.step("... and (1, -1) has -c - k^2/2", -q(sp.Matrix([1, -1]), Hn, Bn), -c_ - k_**2 / 2)
    return d
