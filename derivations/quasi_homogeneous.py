"""Identities of quasi-homogeneous models (kymg23, Kunin et al. 2023, arXiv:2210.03820).

Models and natural rates from :mod:`verify.models.quasi_homogeneous`; ``psi_alpha theta =
exp(alpha Lambda) theta``. Every function takes the rates as a parameter so that a wrong Lambda
(a negative control) runs the same steps and fails them.

* (QH) ``f(x; psi_alpha theta) = e^alpha f(x; theta)`` for all ``alpha, theta, x``;
* (E1) generalised Euler ``<grad f, Lambda theta> = f``;
* (E2) gradient covariance ``grad f(psi_alpha theta) = e^{alpha (I - Lambda)} grad f(theta)``;
* (E4) ``d/dt theta^T Lambda theta = 2 sum_i e^{-q_i} q_i`` along GF of the exponential loss;
* (E5) for ``f = a (w^T x) + b`` with two valid rate vectors ``Lambda_1`` (r = 1/2) and
  ``Lambda_2`` (r = 1/3), ``Q = theta^T (Lambda_1 - Lambda_2) theta = (a^2 - |w|^2)/6`` is
  conserved by gradient flow on any loss ``L = sum_i l_i(f(x_i))``, and one GD step changes it by
  exactly ``eta^2 G^T (Lambda_1 - Lambda_2) G`` (G = grad L): no O(eta) term.
"""

from __future__ import annotations

import sympy as sp

from verify.core.derivation import Derivation
from verify.measure.quasi_homogeneity import ALPHA, flow
from verify.models import quasi_homogeneous as M

__all__ = ["quasi_homogeneity", "euler", "euler_statement", "gradient_covariance",
           "seminorm_growth", "seminorm_statement", "favoritism", "conservation_gf",
           "conservation_statement", "gd_drift", "gd_drift_statement", "R1", "R2", "R_WRONG",
           "claim_rates", "quasi_homogeneity_statement", "architecture_statement", "gradient_covariance_statement", "favoritism_statement"]

R1, R2 = sp.Rational(1, 2), sp.Rational(1, 3)
R_WRONG = (sp.Rational(1, 3), sp.Rational(1, 3), sp.Rational(1, 3), sp.Integer(1))  # not a valid Lambda
eta = sp.Symbol("eta", positive=True)
g1, g2 = sp.symbols("g1 g2", real=True)  # l'_i(f(x_i)): any loss through f
XS = [sp.symbols("x11 x12", real=True), sp.symbols("x21 x22", real=True)]


def _model(name, rates):
    m = M.LIBRARY[name]()
    return m, (m.rates if rates is None else tuple(rates))


def quasi_homogeneity(name, rates=None):
    m, lam = _model(name, rates)
    moved = m.expr.subs(flow(m.params, lam), simultaneous=True)
    return Derivation(f"{name}: f(x; e^(alpha Lambda) theta) = e^alpha f(x; theta), Lambda = {list(lam)}").step(
        "substitute theta_i -> e^(alpha lambda_i) theta_i (ReLU as (z + |z|)/2; |.| takes positive factors out)",
        moved, sp.exp(ALPHA) * m.expr)


def claim_rates(name, perturb=0):
    """The natural Lambda as the claims write it (kymg23.quasi-homogeneity statement, CONV "rates",
    kymg23.favoritism statement), by parameter name, not read from the model library:
    affine_product a, w: 1/2, b: 1; bias_mlp W, c, v: 1/2, b: 1; affine_linear: I; deep_bias_mlp<L>:
    weights 1/L, bias of layer l rate l/L. ``perturb``: added to the last rate (the variants' Lambda')."""
    params = M.LIBRARY[name]().params
    half, one = sp.Rational(1, 2), sp.Integer(1)
    if name == "affine_product":
        rates = [one if p.name == "b" else half for p in params]
    elif name == "bias_mlp":
        rates = [one if p.name == "b" else half for p in params]
    elif name == "affine_linear":
        rates = [one for _ in params]
    elif name == "residual_mlp":  # kymg23.residual-normalisation: U, c, v 1/2; branch p, q 0; b 1
        rates = [one if p.name == "b" else sp.Integer(0) if p.name[0] in "pq" else half for p in params]
    elif name == "norm_head":  # kymg23.residual-normalisation: W 0; a, b 1
        rates = [sp.Integer(0) if p.name.startswith("W") else one for p in params]
    elif name.startswith("deep_bias_mlp"):
        L = int(name[len("deep_bias_mlp"):])
        rates = [sp.Rational(int(p.name[1:]), L) if p.name.startswith("b") else sp.Rational(1, L) for p in params]
    else:
        raise KeyError(name)
    rates[-1] += sp.nsimplify(perturb)
    return params, rates


def quasi_homogeneity_statement(name, perturb=0):
    """The claim: ``f(x; e^(alpha Lambda) theta) = e^alpha f(x; theta)`` with the claim's Lambda."""
    m = M.LIBRARY[name]()
    params, rates = claim_rates(name, perturb)
    moved = m.expr.subs({p: sp.exp(ALPHA * r) * p for p, r in zip(params, rates)}, simultaneous=True)
    return sp.Eq(moved, sp.exp(ALPHA) * m.expr, evaluate=False)


def architecture_statement(name, pattern="natural"):
    """The claim kymg23.residual-normalisation for one model, with the Lambda it names: ``natural``
    (claim_rates), ``scale-invariant`` (norm_head with W at rate 1/2: any common rate of W is valid),
    ``two-layer`` (the variant's Lambda: every parameter 1/2, the output bias b 1)."""
    m = M.LIBRARY[name]()
    params, rates = claim_rates(name)
    if pattern == "scale-invariant":
        rates = [sp.Rational(1, 2) if p.name.startswith("W") else r for p, r in zip(params, rates)]
    elif pattern == "two-layer":
        rates = [sp.Integer(1) if p.name == "b" else sp.Rational(1, 2) for p in params]
    moved = m.expr.subs({p: sp.exp(ALPHA * r) * p for p, r in zip(params, rates)}, simultaneous=True)
    return sp.Eq(moved, sp.exp(ALPHA) * m.expr, evaluate=False)


def gradient_covariance_statement(name, perturb=0):
    """The claim, per parameter: ``d f/d theta_i at e^(alpha Lambda) theta = e^(alpha (1 - lambda_i)) d f/d theta_i``."""
    m = M.LIBRARY[name]()
    params, rates = claim_rates(name, perturb)
    sub = {p: sp.exp(ALPHA * r) * p for p, r in zip(params, rates)}
    return [sp.Eq(sp.diff(m.expr, p).subs(sub, simultaneous=True), sp.exp(ALPHA * (1 - r)) * sp.diff(m.expr, p),
                  evaluate=False) for p, r in zip(params, rates)]


def favoritism_statement(name, claimed=None):
    """The claim: with the natural Lambda (weights 1/L, bias of layer l rate l/L; valid:
    ``f(e^(alpha Lambda) theta) = e^alpha f``), ``|theta|_max^2 = b_L^2`` (``claimed``: the variant's group)."""
    params, rates = claim_rates(name)
    top = max(rates)
    group = sum(p**2 for p, r in zip(params, rates) if r == top)
    target = params[-1] ** 2 if claimed is None else sum(sp.Symbol(n, real=True) ** 2 for n in claimed)
    return [quasi_homogeneity_statement(name), sp.Eq(group, target, evaluate=False)]


def _grad(m):
    return sp.Matrix([sp.diff(m.expr, p) for p in m.params])


def _on_region(e):
    """Fix the activation region: sign(z_k) -> s_k, |z_k| -> s_k z_k (s_k a free symbol, so the
    identity is shown for every sign pattern; f is differentiable off the kinks z_k = 0)."""
    args = sorted({a.args[0] for a in e.atoms(sp.Abs)} | {a.args[0] for a in e.atoms(sp.sign)}, key=str)
    sub = {}
    for k, z in enumerate(args):
        s_k = sp.Symbol(f"s_{k + 1}", real=True)
        sub[sp.Abs(z)] = s_k * z
        sub[sp.sign(z)] = s_k
    return e.xreplace(sub)


def euler(name, rates=None):
    m, lam = _model(name, rates)
    Lth = sp.Matrix([l_ * p for l_, p in zip(lam, m.params)])
    moved = m.expr.subs(flow(m.params, lam), simultaneous=True)
    euler_lhs = (_grad(m).T * Lth)[0]
    return (Derivation(f"{name}: generalised Euler (E1), Lambda = {list(lam)}")
            .step("chain rule: d/d alpha f(psi_alpha theta) at alpha = 0 is <grad f, Lambda theta>",
                  sp.diff(moved, ALPHA).subs(ALPHA, 0), euler_lhs)
            .step("E1: <grad f, Lambda theta> = f, on every activation region (sign z_k = s_k, |z_k| = s_k z_k)",
                  _on_region(euler_lhs), _on_region(m.expr)))


def euler_statement(name):
    m = M.LIBRARY[name]()
    Lth = sp.Matrix([l_ * p for l_, p in zip(m.rates, m.params)])
    return sp.Eq(_on_region((_grad(m).T * Lth)[0]), _on_region(m.expr), evaluate=False)


def gradient_covariance(name, rates=None):
    m, lam = _model(name, rates)
    G = _grad(m)
    moved = G.subs(flow(m.params, lam), simultaneous=True)
    target = sp.Matrix([sp.exp(ALPHA * (1 - l_)) * gi for l_, gi in zip(lam, G)])
    d = Derivation(f"{name}: gradient covariance (E2), Lambda = {list(lam)}")
    for i, p in enumerate(m.params):
        d.step(f"d f / d {p} at psi_alpha theta = e^(alpha (1 - lambda_{p})) d f / d {p} at theta",
               moved[i], target[i])
    return d


def _affine(x):
    a, w1, w2, b = M.affine_product().params
    return a * (w1 * x[0] + w2 * x[1]) + b


def _q(rates2):
    m = M.affine_product(R1)
    D = sp.diag(*[l1 - l2 for l1, l2 in zip(m.rates, rates2)])
    th = sp.Matrix(m.params)
    return m, D, th, (th.T * D * th)[0]


def _loss_grad(th):
    """grad L = g1 grad f(x_1) + g2 grad f(x_2) for L = l_1(f(x_1)) + l_2(f(x_2)) (g_i = l_i')."""
    return sum((g * sp.Matrix([sp.diff(_affine(x), p) for p in th]) for g, x in zip((g1, g2), XS)),
               sp.zeros(len(th), 1))


def conservation_gf(rates2=None):
    rates2 = M.affine_product(R2).rates if rates2 is None else tuple(rates2)
    m, D, th, Q = _q(rates2)
    a, w1, w2, _ = m.params
    x = sp.symbols("x1 x2", real=True)
    per_sample = (2 * (D * th).T * sp.Matrix([sp.diff(_affine(x), p) for p in th]))[0]
    G = _loss_grad(th)
    return (Derivation(f"f = a w^T x + b: theta^T (Lambda_1 - Lambda_2) theta conserved by GF, "
                       f"Lambda_1 = {list(m.rates)}, Lambda_2 = {list(rates2)}")
            .step("Q = theta^T (Lambda_1 - Lambda_2) theta in coordinates (for Lambda_2 at r = 1/3)",
                  Q, (a**2 - w1**2 - w2**2) / 6)
            .step("per sample, <grad Q, grad f(x)> = 2 (E1 for Lambda_1 - E1 for Lambda_2) = 0 for every x",
                  per_sample, 0)
            .step("dQ/dt = -<grad Q, grad L>, grad L = sum_i l_i' grad f(x_i) (shown for two samples; "
                  "linear in the samples)", -(2 * (D * th).T * G)[0], 0))


def conservation_statement():
    a, w1, w2, b = M.affine_product().params
    th = sp.Matrix([a, w1, w2, b])
    D = sp.diag(*[l1 - l2 for l1, l2 in zip(M.affine_product(R1).rates, M.affine_product(R2).rates)])
    return sp.Eq(-(2 * (D * th).T * _loss_grad(th))[0], 0, evaluate=False)


def gd_drift(rates2=None):
    rates2 = M.affine_product(R2).rates if rates2 is None else tuple(rates2)
    m, D, th, Q = _q(rates2)
    G = _loss_grad(th)
    new = th - eta * G
    drift = sp.expand((new.T * D * new)[0] - Q)
    return (Derivation(f"f = a w^T x + b: one GD step changes Q by eta^2 G^T (Lambda_1 - Lambda_2) G, "
                       f"Lambda_2 = {list(rates2)}")
            .step("the O(eta) coefficient of Q(theta - eta G) - Q(theta) is -2 theta^T D G = 0 (E5)",
                  drift.coeff(eta, 1), 0)
            .step("Q(theta - eta G) - Q(theta) = eta^2 G^T D G exactly", drift, eta**2 * (G.T * D * G)[0]))


def gd_drift_statement():
    m, D, th, Q = _q(M.affine_product(R2).rates)
    G = _loss_grad(th)
    new = th - eta * G
    return sp.Eq((new.T * D * new)[0] - Q, eta**2 * (G.T * D * G)[0], evaluate=False)


def seminorm_growth(factor=2):
    """(E4) along GF of the exponential loss, d/dt theta^T Lambda theta = factor * sum_i e^{-q_i} q_i
    (true factor 2), for f = a (w^T x) + b with Lambda_1 and two samples with labels y_i in {-1, 1}."""
    m = M.affine_product(R1)
    th = sp.Matrix(m.params)
    Lam = sp.diag(*m.rates)
    G = _loss_grad(th)
    fs = [_affine(x) for x in XS]
    ys = sp.symbols("y1 y2", real=True)
    general = -(2 * (Lam * th).T * G)[0]
    exp_loss = {g1: -ys[0] * sp.exp(-ys[0] * fs[0]), g2: -ys[1] * sp.exp(-ys[1] * fs[1])}
    q = [y_ * f_ for y_, f_ in zip(ys, fs)]
    return (Derivation("f = a w^T x + b: growth of the Lambda-seminorm under GF (E4)")
            .step("any loss through f: d/dt theta^T Lambda theta = -2 sum_i l_i' <Lambda theta, grad f(x_i)> = "
                  "-2 sum_i l_i' f(x_i) (E1)", general, -2 * (g1 * fs[0] + g2 * fs[1]))
            .step("exponential loss l_i = exp(-y_i f): d/dt theta^T Lambda theta = factor sum_i e^{-q_i} q_i",
                  general.subs(exp_loss), factor * sum(sp.exp(-qi) * qi for qi in q)))


def seminorm_statement():
    m = M.affine_product(R1)
    th = sp.Matrix(m.params)
    G = _loss_grad(th)
    fs = [_affine(x) for x in XS]
    ys = sp.symbols("y1 y2", real=True)
    lhs = -(2 * (sp.diag(*m.rates) * th).T * G)[0]
    lhs = lhs.subs({g1: -ys[0] * sp.exp(-ys[0] * fs[0]), g2: -ys[1] * sp.exp(-ys[1] * fs[1])})
    return sp.Eq(lhs, 2 * sum(sp.exp(-y_ * f_) * y_ * f_ for y_, f_ in zip(ys, fs)), evaluate=False)


def favoritism(name, claimed=None):
    """The natural Lambda of a bias network is valid and its max-rate group is the output bias only:
    ``|theta|_max^2 = b_L^2`` (``claimed``: the parameter names said to form the group; default the
    output bias, the last parameter)."""
    m = M.LIBRARY[name]()
    lmax = max(m.rates)
    group = sum(p**2 for p, l_ in zip(m.params, m.rates) if l_ == lmax)
    names = [m.params[-1].name] if claimed is None else list(claimed)
    target = sum(sp.Symbol(n, real=True) ** 2 for n in names)
    moved = m.expr.subs(flow(m.params, m.rates), simultaneous=True)
    return (Derivation(f"{name}: natural Lambda {list(m.rates)} and its max-rate group")
            .step("the natural Lambda is valid: f(psi_alpha theta) = e^alpha f(theta)", moved, sp.exp(ALPHA) * m.expr)
            .step(f"|theta|_max^2 (sum over lambda_i = {lmax}) = {' + '.join(n + '^2' for n in names)}", group, target))
