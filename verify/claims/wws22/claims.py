"""Wu, Wang, Su (2022): the alignment property of SGD noise and how it helps select flat minima.

arXiv 2207.02628 (NeurIPS 2022). Only the abstract and the OpenReview TL;DR could be read (see
the digest ``papers/2207.02628-alignment-stability.md``); the theorem's exact form is the
digest's reconstruction, kept as explicit conventions below.

Setting: square loss at an interpolating minimum theta*, linearised SGD
delta+ = (I - eta H_I) delta, per-sample Hessians H_i (= a_i a_i^T, a_i = grad f(x_i; theta*)),
H = (1/n) sum H_i, L~ = 1/2 delta^T H delta, alignment mu(delta) = Tr(Sigma H)/(2 L |H|_F^2),
mu_min = min over range(H), kappa_B = 1/B (with replacement) or (n-B)/(B(n-1)) (without),
B_eff = 1/kappa_B. Exact threshold eta_max = 1/lambda_max(Q, H(+)H) of the second-moment
operator (``verify.measure.stability``).

Reading guide (one block per claim; ``V`` = its negative control, a ``variant`` claim):

===========================================  =======  ==============================================
claim                                        prov.    what is checked
===========================================  =======  ==============================================
wws22.kappa                                  derived  sympy: batch enumeration gives kappa_B      V
wws22.one-step                               derived  sympy: E L~+ identity; => eta|H|_F<=sqrt(B_eff/mu)/eta  V
wws22.isotropic                              derived  sympy: r, threshold 2B/(B+d+1), tight at B=d+1     V
wws22.population-alignment                   derived  sympy: mu in [1, 1 + lmax^2/|S|_F^2]           V
wws22.threshold-instrument                   derived  eta_max vs batch-enumerated second moments (growth/decay)  V
wws22.threshold-table                        derived  digest table n=8, d=20 (seed 0), every row      V
wws22.flatness-bound                         paper    with replacement: eta_max|H|_F <= sqrt(B/mu_min), 4 models  V
wws22.flatness-bound-without-replacement     paper    same with plain B, without replacement: REFUTED
wws22.flatness-bound-beff                    refined  without replacement with B_eff = B(n-1)/(n-B)  V
wws22.escape                                 paper    exact E L~_t >= q^t L~_0; Monte Carlo rate CI  V
wws22.alignment-linear-net                   paper    population mu_min >= 1 (Gaussian inputs, any width)  V
wws22.alignment-random-features              derived  mu_min >= (min_i a_i^T H a_i - lmax^2)/|H|_F^2, mu_min > 0  V
wws22.alignment-nonlinear                    paper    tanh nets: distribution of mu_min; mu(theta) near theta*  V
wws22.size-independent                       paper    eta_max |H|_F / sqrt(B) <= 2 over widths and n     V
wws22.sgd-reached-minima                     paper    SGD-trained tanh nets, |H|_F vs sqrt(B/mu)/eta + figure  V
===========================================  =======  ==============================================

Instruments: ``verify.measure.stability`` (operator, spectral radius, exact threshold, batch
enumeration), ``verify.measure.alignment`` (mu, mu_min); models ``verify.models.linear``,
``random_features``, ``two_layer``; derivations ``derivations.alignment_stability``.
"""

from __future__ import annotations

from functools import lru_cache

import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np
import scipy.linalg as sla
import sympy as sp

from derivations import alignment_stability as D
from verify import Finding, Relation, Source, claim
from verify.measure import alignment as AL
from verify.measure import stability as ST
from verify.models import linear as LIN
from verify.models import random_features as RF
from verify.models import two_layer as TL
from verify.precise import real_eigenvalues_exact
from verify.report.figures import new_figure

SRC = Source("Wu, Wang, Su 2022", arxiv="2207.02628", where="abstract; theorem form reconstructed (digest Sec. 3-4)",
             url="https://arxiv.org/abs/2207.02628")
DERIVED = Source("Wu, Wang, Su 2022 (setting); derived by the verify team", arxiv="2207.02628", where="digest Sec. 4")
CONV = {
    "loss": "L = (1/n) sum ell_i, ell_i = 1/2 (f_i - y_i)^2 ('half_mean'); with ell_i = (f_i - y_i)^2 H doubles "
            "and eta_max halves, eta|H|_F and mu are unchanged (all statements use the H of the loss SGD runs on)",
    "H_i": "per-sample Hessian of ell_i at the global minimum = a_i a_i^T (Gauss-Newton; residuals vanish)",
    "sgd": "delta+ = (I - eta H_I) delta, H_I = (1/B) sum_{i in I} H_i (linearised)",
    "sampling": "with replacement: kappa_B = 1/B; without replacement: kappa_B = (n-B)/(B(n-1)); B_eff = 1/kappa_B",
    "stability": "sup_t E L~_t < inf (loss-weighted) <=> sup_t E|delta_t|^2 < inf on range(H) (mean-square): "
                 "both <=> rho(T) <= 1 (null(H) part of delta never moves)",
    "mu": "mu(delta) = Tr(Sigma H)/(2 L~ |H|_F^2), Sigma = (1/n) sum g_i g_i^T - g g^T, g_i = H_i delta; "
          "mu_min = lambda_min(A, H)/|H|_F^2, A = (1/n) sum H_i H H_i - H^3",
}
MODELS = ("linear", "rf", "linear_net", "tanh_net")
MODEL_DOMAIN = ("models: linear regression (x ~ N(0, I_d)), ReLU random features (m = 6), two-layer linear and "
                "tanh nets (m = 4) at teacher = student global minima; n in {2,3,4,6}, d in {2,5,20}, "
                "seeds 0..10^4, B in 1..n")


# ============================================================================================
# Instances: per-sample Hessians at a global minimum of each model
# ============================================================================================
@lru_cache(maxsize=512)
def instance(model: str, n: int, d: int, seed: int):
    """Per-sample Hessians (n, p, p) (half_mean) at a global minimum of ``model``.

    Neural nets use teacher = student (labels y_i = f(x_i; theta*)), so theta* is a global minimum.
    """
    X = LIN.gaussian_data(n, d, seed)
    if model == "linear":
        J = LIN.jacobian(X)
    elif model == "rf":
        J = RF.features(X, RF.init_weights(6, d, seed + 1), "relu")
    else:
        act = "linear" if model == "linear_net" else "tanh"
        J = np.asarray(TL.jacobian(TL.init(4, d, seed + 1), jnp.asarray(X), 4, d, act))
    return LIN.per_sample_hessians(J)


@lru_cache(maxsize=2048)
def summary(model, n, d, seed, B, sampling):
    """(eta_max, |H|_F, mu_min, kappa, lam_max) for one instance."""
    Hs = instance(model, n, d, seed)
    k = ST.kappa(n, B, sampling)
    H = Hs.mean(axis=0)
    return ST.threshold(Hs, k), float(np.linalg.norm(H)), AL.mu_min(Hs), k, float(np.linalg.eigvalsh(H).max())


EIG_RTOL = 1e-8  # generalised eigenproblems of size <= 36 with cond(D) <= ~1e6: error ~ cond * 1e-16 * k << 1e-8
INST = {"model": st.sampled_from(MODELS), "n": st.sampled_from([2, 3, 4, 6]), "d": st.sampled_from([2, 5, 20]),
        "seed": st.integers(0, 10_000), "b": st.floats(0.0, 1.0)}


def _B(n, b):
    return 1 + min(n - 1, int(b * n))


# ============================================================================================
# 1. Derivations (sympy -> proved)
# ============================================================================================
kappa_c = claim(
    "wws22.kappa", title="The mini-batch noise factor kappa_B for both samplings",
    statement="E_I[H_I M H_I] - H M H = kappa_B ((1/n) sum_i H_i M H_i - H M H) with kappa_B = 1/B (with "
              "replacement) and (n-B)/(B(n-1)) (without), so the second moment evolves by "
              "T(M) = (I - eta H) M (I - eta H) + eta^2 kappa_B ((1/n) sum H_i M H_i - H M H).",
    latex=r"\mathbb E[H_I M H_I]-HMH=\kappa_B\big(\tfrac1n\sum_i H_iMH_i-HMH\big)",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="n = 3, B = 2, p = 2, symbolic a_i and M; exact enumeration of all batches")
kappa_c.identity(D.kappa_identity, name="batch_enumeration")
claim("wws22.kappa.infinite-population", title="Variant: kappa = 1/B also without replacement",
      statement="E_I[H_I M H_I] - HMH = (1/B)(...) for sampling without replacement (false: it is (n-B)/(B(n-1))).",
      provenance="variant", variant_of="wws22.kappa", conventions=CONV).identity(name="batch_enumeration")(
    lambda: D.kappa_identity(kappa_without=sp.Rational(1, 2)))

one_step = claim(
    "wws22.one-step", title="One-step identity and the bound |H|_F <= sqrt(B_eff/mu0)/eta",
    statement="E[L~(delta+)|delta] = 1/2 delta^T (I-eta H) H (I-eta H) delta + (eta^2 kappa_B / 2) Tr(Sigma H) "
              ">= eta^2 kappa_B mu0 |H|_F^2 L~(delta) when Tr(Sigma H) >= 2 mu0 L~ |H|_F^2. Hence "
              "E L~_t >= q^t L~_0, q = eta^2 mu0 |H|_F^2 / B_eff, and stability forces |H|_F <= sqrt(B_eff/mu0)/eta "
              "(B_eff = B with replacement). Assumes L = (1/n) sum 1/2 r_i^2 and the H_i of that loss.",
    latex=r"\mathbb E\tilde L_{t+1}\ge \tfrac{\eta^2\mu_0\|H\|_F^2}{B}\tilde L_t\ \Rightarrow\ "
          r"\|H\|_F\le \tfrac1\eta\sqrt{B/\mu_0}",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="identity: n = 3, p = 2, B = 1 symbolic; bound: symbolic eta, kappa, mu0 > 0")
one_step.identity(D.one_step_identity, name="identity")
one_step.identity(D.flatness_bound, name="bound")
claim("wws22.one-step.noise-factor", title="Variant: noise term eta^2 Tr(Sigma H) (the 1/2 of L~ dropped)",
      statement="E L~+ = 1/2 delta^T(I-eta H)H(I-eta H)delta + eta^2 Tr(Sigma H) (false).",
      provenance="variant", variant_of="wws22.one-step", conventions=CONV, domain="n = 2, p = 2").identity(
    name="identity")(lambda: D.one_step_identity(n=2, factor=1))

iso = claim(
    "wws22.isotropic", title="Isotropic Gaussian data: r = (1-eta s)^2 + eta^2 s^2 (d+1)/B, threshold 2B/(B+d+1)",
    statement="For x ~ N(0, s I_d), online SGD with replacement: E L_{t+1} = r E L_t with "
              "r = (1-eta s)^2 + eta^2 s^2 (d+1)/B = (1-eta s)^2 + eta^2 mu |H|_F^2/B (mu = 1+1/d, |H|_F = s sqrt d); "
              "stable iff eta s <= 2B/(B+d+1); there B/mu - (eta|H|_F)^2 = Bd(B-d-1)^2/((d+1)(B+d+1)^2) >= 0, "
              "so the flatness bound holds and is tight exactly at B = d+1; over d, eta_max|H|_F peaks at "
              "d = B+1 with value B/sqrt(B+1) ~ sqrt(B).",
    latex=r"r=(1-\eta s)^2+\eta^2s^2\tfrac{d+1}{B},\quad \eta s\le\tfrac{2B}{B+d+1}",
    source=DERIVED, provenance="derived", conventions=CONV | {"data": "x ~ N(0, s I_d), fresh samples (population)"},
    domain="symbolic d, B, eta, s > 0; fourth moment with symbolic covariance (d = 2)")
iso.identity(D.gaussian_fourth_moment, name="fourth_moment")
iso.identity(D.isotropic_rate, name="rate")
iso.identity(D.isotropic_threshold, name="threshold")
iso.identity(D.isotropic_tightness, name="tightness")
claim("wws22.isotropic.d-plus-2", title="Variant: r with (d+2)/B (the -H M H term forgotten)",
      statement="r = (1-eta s)^2 + eta^2 s^2 (d+2)/B (false).", provenance="variant", variant_of="wws22.isotropic",
      conventions=CONV).identity(name="rate")(lambda: D.isotropic_rate(plus=2))

pop = claim(
    "wws22.population-alignment", title="Gaussian linear regression: mu in [1, 1 + lambda_max(S)^2/|S|_F^2]",
    statement="For x ~ N(0, S): Sigma(delta) = (delta^T S delta) S + S delta delta^T S and "
              "mu(delta) = 1 + delta^T S^3 delta/((delta^T S delta)|S|_F^2), so 1 <= mu <= 1 + lambda_max^2/|S|_F^2 <= 2.",
    latex=r"\mu(\delta)=1+\frac{\delta^\top S^3\delta}{(\delta^\top S\delta)\|S\|_F^2}\in\Big[1,1+\frac{\lambda_{\max}^2}{\|S\|_F^2}\Big]",
    source=DERIVED, provenance="derived", conventions=CONV | {"data": "population x ~ N(0, S)"},
    domain="covariance identity: d = 2 symbolic S = C C^T; bounds: d = 3 eigen-coordinates")
pop.identity(D.population_alignment, name="covariance")
pop.identity(D.population_alignment_bounds, name="bounds")
claim("wws22.population-alignment.at-most-1", title="Variant: mu <= 1 (alignment at most isotropic)",
      statement="mu(delta) <= 1 for Gaussian data (false: mu >= 1).", provenance="variant",
      variant_of="wws22.population-alignment", conventions=CONV).identity(name="bounds")(
    lambda: D.population_alignment_bounds(upper_factor=-1))


# ============================================================================================
# 2. The threshold instrument against direct simulation; the digest's table
# ============================================================================================
thr = claim(
    "wws22.threshold-instrument", title="The exact threshold matches direct simulation of the second moment",
    statement="For random instances, iterating the second moment by averaging over every possible mini-batch "
              "(no kappa formula) reproduces the operator T exactly, and E L~_t and E|delta_t|^2 (on range H) "
              "grow at eta = 1.05 eta_max and decay at eta = 0.95 eta_max, eta_max = 1/lambda_max(Q, H(+)H); "
              "bisection on rho(T) gives the same eta_max.",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="models as below, n in {2,3,4}, d in {2,5}, B in 1..min(n,3), both samplings, 600 steps")


THR = {"model": st.sampled_from(MODELS), "n": st.sampled_from([2, 3, 4]), "d": st.sampled_from([2, 5]),
       "seed": st.integers(0, 10_000), "b": st.floats(0.0, 1.0), "sampling": st.sampled_from(ST.SAMPLINGS)}


def threshold_vs_simulation(model, n, d, seed, b, sampling, *, kappa=ST.kappa):
    """The operator with factor ``kappa(n, B, sampling)`` against batch enumeration, bisection and growth/decay."""
    B = min(_B(n, b), 3)
    Hs_full = instance(model, n, d, seed)
    Hs, _ = ST.reduce_to_range(Hs_full)
    k = kappa(n, B, sampling)
    e = ST.threshold(Hs, k)
    rels = [Relation(ST.threshold_bisect(Hs, k), "==", e, rtol=1e-9, label="bisection = generalised eig",
                     why="bisection to 1e-12 relative; eig error ~1e-13")]
    M0 = np.eye(Hs.shape[1])
    steps = 600
    for f, op in ((1.05, ">"), (0.95, "<")):
        enum = ST.enumerate_second_moment(Hs, M0, f * e, B, sampling, steps)
        lt, mt = ST.simulate_second_moment(Hs, M0, f * e, k, steps)
        rels.append(Relation(enum[-1], "==", lt[-1], rtol=1e-8, label=f"enumeration = operator at {f} eta_max",
                             why="600 float64 matrix products, growth <= rho^600: relative error ~600*1e-16*cond"))
        # rate over the last 200 steps (the dominant mode has taken over: subdominant ratio^400 << 1 generically)
        rels.append(Relation(np.log(enum[-1] / enum[-201]) / 200, op, 0.0, label=f"loss rate at {f} eta_max"))
        rels.append(Relation(np.log(mt[-1] / mt[-201]) / 200, op, 0.0, label=f"mean-square rate at {f} eta_max"))
    return rels


thr.property(given=THR, examples=40, name="threshold_vs_simulation")(threshold_vs_simulation)
claim("wws22.threshold-instrument.infinite-population",
      title="Variant: the operator with kappa = 1/B for sampling without replacement",
      statement="T with kappa_B = 1/B reproduces the batch-enumerated second moment without replacement (false: "
                "kappa_B = (n-B)/(B(n-1)); the two agree only at B = 1).",
      provenance="variant", variant_of="wws22.threshold-instrument", conventions=CONV,
      domain="as wws22.threshold-instrument, sampling without replacement, B < n (at B = n the wrong kappa's "
             "threshold is so small that the loss underflows to 0 in 600 steps and the rate is not finite)").property(
    given=THR | {"sampling": st.just("without_replacement"), "b": st.floats(0.0, 0.49)}, examples=40,
    name="threshold_vs_simulation")(
    lambda model, n, d, seed, b, sampling: threshold_vs_simulation(model, n, d, seed, b, sampling,
                                                                   kappa=lambda n, B, s: 1.0 / B))


@lru_cache(maxsize=4)
def threshold_table(n=8, d=20, seed=0):
    """Rows (B, sampling, eta_max, eta_max|H|_F, bound sqrt(B_eff/mu_min) or inf) on seeded Gaussian data."""
    Hs = instance("linear", n, d, seed)
    H = Hs.mean(axis=0)
    F, lam, mm = float(np.linalg.norm(H)), float(np.linalg.eigvalsh(H).max()), AL.mu_min(Hs)
    rows = []
    for B in (1, 2, 4, 8):
        for s in ST.SAMPLINGS:
            if B == 1 and s == "without_replacement":
                continue  # identical to with replacement (kappa = 1)
            k = ST.kappa(n, B, s)
            e = ST.threshold(Hs, k)
            rows.append({"B": B, "sampling": s, "eta_max": e, "eta_max_bisect": ST.threshold_bisect(Hs, k),
                         "eta_F": e * F, "bound": float(np.sqrt(1 / (k * mm))) if k > 0 else float("inf")})
    return {"lam_max": lam, "F": F, "mu_min": mm, "mu_max": AL.mu_max(Hs), "gd": 2 / lam, "rows": rows}


table_c = claim(
    "wws22.threshold-table", title="Exact-threshold table (n = 8, d = 20, seed 0): the bound holds on every row",
    statement="On Gaussian linear regression with n = 8, d = 20 (numpy seed 0), for B in {1,2,4,8} and both "
              "samplings: eta_max |H|_F <= sqrt(B_eff/mu_min), eta_max <= 2/lambda_max(H) with equality when "
              "B = n without replacement, bisection = generalised eigenproblem.",
    source=DERIVED, provenance="derived", conventions=CONV, domain="one seeded instance (digest Sec. 4.5)")


def table(gd_const: float = 2.0):
    """Every row of the table; ``gd_const`` is the c of the GD threshold c/lambda_max (2 is right)."""
    t = threshold_table()
    gd = gd_const / t["lam_max"]
    crit = []
    for r in t["rows"]:
        lab = f"B={r['B']} {r['sampling']}"
        crit.append(Relation(r["eta_max_bisect"], "==", r["eta_max"], rtol=1e-9, label=lab + " bisect", why="1e-12 bisection"))
        crit.append(Relation(r["eta_max"], "<=", gd, rtol=1e-9, label=lab + " <= GD", why="eig rounding"))
        if np.isfinite(r["bound"]):
            crit.append(Relation(r["eta_F"], "<=", r["bound"], rtol=EIG_RTOL, label=lab + " bound", why="eig rounding"))
        else:
            crit.append(Relation(r["eta_max"], "==", gd, rtol=1e-9, label=lab + " = GD (no noise)", why="eig rounding"))
    return Finding(criteria=crit, details=t)


table_c.experiment(name="table")(table)
claim("wws22.threshold-table.gd-1", title="Variant: the same table against a GD threshold 1/lambda_max",
      statement="eta_max <= 1/lambda_max(H) on every row (false: GD's threshold is 2/lambda_max, reached at B = n "
                "without replacement).", provenance="variant", variant_of="wws22.threshold-table", conventions=CONV,
      domain="one seeded instance").experiment(name="table")(lambda: table(gd_const=1.0))


# ============================================================================================
# 3. The flatness bound (paper) and its sampling conventions
# ============================================================================================
def flatness(model, n, d, seed, b, *, sampling, beff, const=1.0):
    """eta_max |H|_F <= const * sqrt(B'/mu_min), B' = B_eff (beff) or the plain B."""
    B = _B(n, b)
    e, F, mm, k, lam = summary(model, n, d, seed, B, sampling)
    if k == 0 and beff:  # B = n without replacement: GD; B_eff infinite, check eta_max = 2/lam_max instead
        return Relation(e, "==", 2 / lam, rtol=1e-9, label="no noise: eta_max = GD threshold", why="eig rounding")
    Bp = 1 / k if beff else B  # plain B: the statement as written, also at B = n (no noise)
    return Relation(e * F, "<=", const * np.sqrt(Bp / mm), rtol=EIG_RTOL, label=f"B={B}",
                    why="eta_max, mu_min from generalised eigenproblems, relative error << 1e-8")


def flatness_certificate(*, sampling, beff, const2=sp.Integer(1), rows=((1, 0), (0, 1))):
    """Exact (eta_max |H|_F)^2 <= const2 * B'/mu_min for B in {1, 2} on rational Jacobian rows (default: n = 2
    orthonormal rows a_i = e_i, where mu_min = 1/2 and the bound is tight at B = 1). At kappa = 0 with B_eff
    (B = n without replacement: GD) the relation is eta_max = 2/lambda_max(H)."""
    Hs = [sp.Matrix(a) * sp.Matrix(a).T for a in rows]
    n = len(Hs)
    H = sum(Hs, sp.zeros(Hs[0].shape[0])) / n
    F2, mm = sum(x**2 for x in H), AL.mu_min_exact(Hs)
    rels = []
    for B in (1, 2):
        k = ST.kappa(sp.Integer(n), sp.Integer(B), sampling)  # exact Rational
        e = ST.threshold_exact(Hs, k)
        if k == 0 and beff:
            rels.append(Relation(e, "==", 2 / real_eigenvalues_exact(H)[-1],
                                 label=f"B={B}: no noise, eta_max = GD threshold"))
        else:
            Bp = 1 / k if beff else sp.Integer(B)
            rels.append(Relation(e**2 * F2, "<=", const2 * Bp / mm, label=f"B={B}: (eta_max |H|_F)^2 <= B'/mu_min"))
    return rels


flat = claim(
    "wws22.flatness-bound", title="Linearly stable minima satisfy |H|_F <= sqrt(B/mu_min)/eta (with replacement)",
    statement="If theta* is linearly stable for SGD with step eta and batch B (sampled with replacement), then "
              "|H(theta*)|_F <= sqrt(B/mu_min)/eta = O(sqrt(B)/eta). Checked as eta_max |H|_F <= sqrt(B/mu_min) "
              "with the exact threshold eta_max on random instances of four models.",
    latex=r"\|H(\theta^*)\|_F\le \frac1\eta\sqrt{B/\mu_{\min}}",
    source=SRC, provenance="paper", conventions=CONV | {"sampling": "with replacement, kappa = 1/B"},
    assumptions=("square loss, interpolating minimum", "mu_min > 0 (n >= 2)"), domain=MODEL_DOMAIN,
    notes="The abstract states O(sqrt(B)/eta); the constant sqrt(1/mu) is the digest's reconstruction "
          "[unverified] and is checked here as stated. For n = 1, mu = 0 and the bound is vacuous. The bound is "
          "attained: n = 2 orthonormal rows, B = 1 give (eta_max |H|_F)^2 = B/mu_min = 2 exactly (certificate).")
flat.property(given=INST, examples=80, name="bound")(lambda model, n, d, seed, b: flatness(model, n, d, seed, b,
                                                                         sampling="with_replacement", beff=True))
flat.identity(D.flatness_bound, name="derivation")
flat.certificate(name="orthonormal_n2")(lambda: flatness_certificate(sampling="with_replacement", beff=True))
flat_half = claim(
    "wws22.flatness-bound.half-constant", title="Variant: |H|_F <= sqrt(B/(2 mu_min))/eta (H taken from the 1/n loss while SGD runs on 1/(2n))",
      statement="eta_max |H|_F <= sqrt(B/(2 mu_min)) (false).", provenance="variant", variant_of="wws22.flatness-bound",
      conventions=CONV, domain=MODEL_DOMAIN)
flat_half.property(given=INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: flatness(model, n, d, seed, b, sampling="with_replacement", beff=True,
                                          const=float(np.sqrt(0.5))))
flat_half.certificate(name="orthonormal_n2")(
    lambda: flatness_certificate(sampling="with_replacement", beff=True, const2=sp.Rational(1, 2)))

flat_wo = claim(
    "wws22.flatness-bound-without-replacement",
    title="As stated with B, the bound fails for sampling without replacement",
    statement="|H(theta*)|_F <= sqrt(B/mu_min)/eta for SGD sampling mini-batches without replacement. False: "
              "for B close to n the noise vanishes (kappa_B = (n-B)/(B(n-1))) and eta_max approaches the GD "
              "threshold. Minimal counterexample (exact, certificate): n = 2, a_i = e_i, B = 2: mu_min = 1/2, "
              "eta_max = 2/lambda_max = 4, (eta_max |H|_F)^2 = 8 > B/mu_min = 4.",
    source=SRC, provenance="paper", expected="fails",
    conventions=CONV | {"sampling": "without replacement, bound written with the plain B"}, domain=MODEL_DOMAIN,
    notes="Which sampling the paper uses is [unverified] (Wu, Ma & E 2018 used without replacement); the "
          "statement is checked under both; see wws22.flatness-bound-beff for the refined form. Violations need "
          "B near n and nearly orthogonal Jacobian rows (about 5% of seeded instances at B = n, up to 1.63x): the "
          "random search finds one in some profiles only; the exact certificate refutes it in every profile.")
flat_wo.property(given=INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: flatness(model, n, d, seed, b, sampling="without_replacement", beff=False))
# the minimal counterexample, exact: n = 2, a_i = e_i, B = 2 = n (GD): (eta_max |H|_F)^2 = 8 > B/mu_min = 4
flat_wo.certificate(name="orthonormal_n2")(lambda: flatness_certificate(sampling="without_replacement", beff=False))

flat_beff = claim(
    "wws22.flatness-bound-beff", title="Refined: without replacement the bound holds with B_eff = B(n-1)/(n-B)",
    statement="For sampling without replacement, eta_max |H|_F <= sqrt(B_eff/mu_min), B_eff = B(n-1)/(n-B) "
              "(infinite at B = n, where SGD = GD and eta_max = 2/lambda_max).",
    source=DERIVED, provenance="refined", refines="wws22.flatness-bound-without-replacement",
    conventions=CONV | {"sampling": "without replacement, kappa = (n-B)/(B(n-1))"}, domain=MODEL_DOMAIN)
flat_beff.property(given=INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: flatness(model, n, d, seed, b, sampling="without_replacement", beff=True))
flat_beff.certificate(name="orthonormal_n2")(lambda: flatness_certificate(sampling="without_replacement", beff=True))
beff_half = claim(
    "wws22.flatness-bound-beff.half-constant", title="Variant: B_eff bound with sqrt(B_eff/(2 mu_min))",
    statement="eta_max |H|_F <= sqrt(B_eff/(2 mu_min)) without replacement (false).", provenance="variant",
    variant_of="wws22.flatness-bound-beff", conventions=CONV, domain=MODEL_DOMAIN)
beff_half.property(given=INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: flatness(model, n, d, seed, b, sampling="without_replacement", beff=True,
                                          const=float(np.sqrt(0.5))))
beff_half.certificate(name="orthonormal_n2")(
    lambda: flatness_certificate(sampling="without_replacement", beff=True, const2=sp.Rational(1, 2)))


# ============================================================================================
# 4. Escape: exponential growth beyond the bound
# ============================================================================================
def _escape(model, n, d, seed, b, c, sampling, *, use_max=False, steps=30):
    B = _B(n, b)
    Hs = instance(model, n, d, seed)
    k = ST.kappa(n, B, sampling)
    if k == 0:
        B, k = 1, 1.0
    Hr, _ = ST.reduce_to_range(Hs)
    F = float(np.linalg.norm(Hr.mean(axis=0)))
    mm = AL.mu_max(Hr) if use_max else AL.mu_min(Hr)
    eta = c / (F * np.sqrt(k * mm))  # q = c^2 > 1
    q = eta**2 * k * mm * F**2
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(Hr.shape[1])
    lt = ST.loss_trajectory(Hr, np.outer(v, v), eta, k, steps)
    t = np.arange(steps + 1)
    # worst t: log(L_t / L_0) >= t log q
    gaps = np.log(lt / lt[0]) - t * np.log(q)
    i = int(np.argmin(gaps[1:])) + 1
    return Relation(np.log(lt[i] / lt[0]), ">=", i * np.log(q), rtol=1e-9, atol=1e-9, label=f"t={i}",
                    why="30 exact matrix iterations: relative error ~1e-13 per step")


ESC = dict(INST, c=st.floats(1.01, 2.0), sampling=st.sampled_from(ST.SAMPLINGS))
esc = claim(
    "wws22.escape", title="Beyond the bound, linearised SGD escapes exponentially: E L~_t >= q^t L~_0",
    statement="If q = eta^2 mu_min |H|_F^2 / B_eff > 1 then E L~_t >= q^t L~_0 for every start (exact second "
              "moments), and simulated linearised SGD's loss grows at the predicted rate rho(T) >= q.",
    latex=r"\mathbb E\tilde L_t\ge q^t\tilde L_0,\ q=\eta^2\mu_{\min}\|H\|_F^2/B",
    source=SRC, provenance="paper", conventions=CONV, domain=MODEL_DOMAIN + "; eta = c/(|H|_F sqrt(kappa mu_min)), c in (1, 2]")
esc.property(given=ESC, examples=60, name="exact_lower_bound")(lambda **kw: _escape(**kw))
claim("wws22.escape.mu-max", title="Variant: escape rate with mu_max instead of mu_min",
      statement="E L~_t >= q'^t L~_0 with q' = eta^2 mu_max |H|_F^2 / B_eff (false: the bound needs the worst direction).",
      provenance="variant", variant_of="wws22.escape", conventions=CONV, domain=MODEL_DOMAIN).property(
    given=ESC, examples=60, name="exact_lower_bound")(lambda **kw: _escape(**kw, use_max=True))


@jax.jit
def _mc_losses(Hs, H, idx, delta0, eta):
    """Linearised SGD (B = 1): per-trajectory losses L~_t = 1/2 delta^T H delta, t = 0..T."""
    def run(d0, I):
        def step(dl, i):
            dl = dl - eta * Hs[i] @ dl
            return dl, 0.5 * dl @ H @ dl
        _, ls = jax.lax.scan(step, d0, I)
        return jnp.concatenate([jnp.array([0.5 * d0 @ H @ d0]), ls])
    return jax.vmap(run)(delta0, idx)


@esc.experiment
def monte_carlo_rate(profile, seed):
    """Monte Carlo linearised SGD from the top PSD eigenvector of T: E L~_t = rho^t E L~_0 exactly, so the
    least-squares slope of log mean L~_t estimates log rho; 99% bootstrap CI over trajectories."""
    N = {"quick": 20_000, "default": 50_000, "thorough": 200_000}[profile.name]
    Hs = instance("linear", 4, 6, 3)
    Hr, _ = ST.reduce_to_range(Hs)
    H = Hr.mean(axis=0)
    mm, F = AL.mu_min(Hr), float(np.linalg.norm(H))
    eta = 1.15 * ST.threshold(Hr, 1.0)
    Tm = ST.second_moment_operator(Hr, eta, 1.0)
    w, V = np.linalg.eigh(Tm)
    rho = float(w[-1])
    M = V[:, -1].reshape(H.shape)
    M = 0.5 * (M + M.T)
    M = M * np.sign(np.trace(M))
    ew, eV = np.linalg.eigh(M)
    C = eV @ np.diag(np.sqrt(np.clip(ew, 0, None)))
    T = 8
    rng = np.random.default_rng(seed + 17)
    d0 = rng.standard_normal((N, H.shape[0])) @ C.T
    idx = rng.integers(0, 4, size=(N, T))
    L = np.asarray(_mc_losses(jnp.asarray(Hr), jnp.asarray(H), jnp.asarray(idx), jnp.asarray(d0), eta))
    t = np.arange(T + 1)

    def slope(Ls):
        y = np.log(Ls.mean(axis=0) / Ls[:, 0].mean())
        return float(np.sum(t * y) / np.sum(t * t))

    est = slope(L)
    boot = [slope(L[rng.integers(0, N, N)]) for _ in range(200)]
    lo, hi = np.quantile(boot, [0.005, 0.995])
    q = eta**2 * mm * F**2
    fig, ax = new_figure()
    ax.semilogy(t, L.mean(axis=0) / L[:, 0].mean(), "o", label="Monte Carlo mean L~_t / L~_0")
    ax.semilogy(t, rho**t, "-", label=f"exact rho^t, rho = {rho:.3f}")
    ax.semilogy(t, q**t, "--", label=f"lower bound q^t, q = {q:.3f}")
    ax.set_xlabel("step t")
    ax.legend()
    crit = [Relation(np.log(rho), ">=", lo, label="log rho >= CI low"),
            Relation(np.log(rho), "<=", hi, label="log rho <= CI high"),
            Relation(rho, ">=", q, rtol=1e-9, label="rho >= q (escape at least at rate q)", why="eig rounding")]
    return Finding(criteria=crit, details={"rho": rho, "q": q, "slope": est, "ci99": [float(lo), float(hi)],
                                           "eta_over_eta_max": 1.15, "N": N, "T": T},
                   figures={"escape": (fig, "Linearised SGD beyond the threshold (n=4, d=6, B=1): Monte Carlo loss "
                                            "growth vs the exact rate and the alignment lower bound")})


# ============================================================================================
# 5. Alignment: linear networks, random features, nonlinear networks
# ============================================================================================
def linear_net_population_mu(m, d, seed, *, mu_floor=1.0):
    """Population mu_min of a two-layer linear net (x ~ N(0, S)) via the Isserlis formula in x-space."""
    rng = np.random.default_rng(seed)
    theta = TL.init(m, d, seed)
    J = TL.linear_jacobian_map(theta, m, d)
    Cx = rng.standard_normal((d, d)) / np.sqrt(d)
    S = Cx @ Cx.T + 0.1 * np.eye(d)
    G = J @ S @ J.T
    K = J.T @ G @ J
    A = J @ (np.trace(S @ K) * S + 2 * S @ K @ S) @ J.T - G @ G @ G  # E[(a^T G a) a a^T] - G^3, a = J x
    lam, V = np.linalg.eigh(G)
    U = V[:, lam > 1e-10 * lam.max()]
    mu = sla.eigh(U.T @ A @ U, U.T @ G @ U, eigvals_only=True) / np.sum(G * G)
    return Relation(mu.min(), ">=", mu_floor, rtol=1e-9, why="eig of <= 30x30 symmetric pair, cond <= ~1e4")


lin_net = claim(
    "wws22.alignment-linear-net", title="Two-layer linear networks: mu_min >= 1 (population, Gaussian inputs, any width)",
    statement="For f = v^T W x/sqrt(m) and x ~ N(0, S), at any global minimum the per-sample Jacobian a = J(theta) x "
              "is Gaussian with covariance G = J S J^T = H, so by the population alignment identity "
              "mu(delta) = 1 + delta^T G^3 delta/((delta^T G delta)|G|_F^2) >= 1 on range(G), for every width m.",
    source=SRC, provenance="paper", conventions=CONV | {"data": "population x ~ N(0, S), S random positive definite"},
    domain="m in {1,2,4,8,16}, d in {2,3,5}, random theta* and S (seeds 0..10^4)",
    notes="The abstract says alignment is provable for linear networks; the paper's constant was not retrievable "
          "[unverified]. The lower bound stated and proved here is mu_min >= 1 (population, Gaussian inputs). "
          "Finite samples can have mu_min < 1 (wws22.threshold-table: mu_min = 0.34 at n = 8, d = 20).")
lin_net.identity(D.linear_net_jacobian, name="jacobian_linear_in_x")
LN = {"m": st.sampled_from([1, 2, 4, 8, 16]), "d": st.sampled_from([2, 3, 5]), "seed": st.integers(0, 10_000)}
lin_net.property(given=LN, examples=60, name="population_mu_min")(linear_net_population_mu)
claim("wws22.alignment-linear-net.floor-1.5", title="Variant: mu_min >= 1.5 for linear networks",
      statement="mu_min >= 1.5 (false: mu_min = 1 + lambda_min^2/|G|_F^2 is close to 1).", provenance="variant",
      variant_of="wws22.alignment-linear-net", conventions=CONV).property(given=LN, examples=60, name="population_mu_min")(
    lambda m, d, seed: linear_net_population_mu(m, d, seed, mu_floor=1.5))


def rf_lower_bound(n, d, seed, *, drop_lmax=False):
    """mu_min >= (min_i a_i^T H a_i - lam_max(H)^2)/|H|_F^2 (A >= w_min H - H^3 >= (w_min - lam^2) H), and mu_min > 0."""
    Hs = instance("rf", n, d, seed)
    J = RF.features(LIN.gaussian_data(n, d, seed), RF.init_weights(6, d, seed + 1), "relu")
    H = Hs.mean(axis=0)
    F2 = float(np.sum(H * H))
    w_min = float(np.min(np.einsum("ni,ij,nj->n", J, H, J)))
    lam = float(np.linalg.eigvalsh(H).max())
    lb = (w_min - (0.0 if drop_lmax else lam**2)) / F2
    mm = AL.mu_min(Hs)
    return [Relation(mm, ">=", lb, atol=1e-9, rtol=1e-8, label="mu_min >= lower bound", why="eig rounding"),
            Relation(mm, ">", 0.0, label="mu_min > 0 (independent features, n >= 2)")]


rf_c = claim(
    "wws22.alignment-random-features",
    title="Random features: mu_min >= (min_i a_i^T H a_i - lambda_max(H)^2)/|H|_F^2 and mu_min > 0",
    statement="For any model linear in its trained parameters (random features a_i = relu(W x_i)/sqrt(m), W fixed), "
              "A = (1/n) sum (a_i^T H a_i) a_i a_i^T - H^3 >= (w_min - lambda_max^2) H, so "
              "mu_min >= (min_i a_i^T H a_i - lambda_max(H)^2)/|H|_F^2; and mu_min > 0 whenever n >= 2 and the "
              "features a_i are linearly independent (Tr(Sigma H) = 0 forces a_i^T delta = 0 for all i).",
    source=DERIVED, provenance="derived", conventions=CONV, domain="ReLU RF, m = 6, n in {2,3,4,6}, d in {2,5,20}",
    notes="The paper says alignment is provable for random-feature models; its constant and sample-size conditions "
          "were not retrievable [unverified]. This is the finite-sample lower bound we can state and prove; it is "
          "often vacuous (negative) when the ReLU mean feature makes lambda_max^2 close to |H|_F^2.")
RFG = {"n": st.sampled_from([2, 3, 4, 6]), "d": st.sampled_from([2, 5, 20]), "seed": st.integers(0, 10_000)}
rf_c.property(given=RFG, examples=60, name="lower_bound")(rf_lower_bound)
claim("wws22.alignment-random-features.no-lmax", title="Variant: mu_min >= min_i a_i^T H a_i / |H|_F^2 (H^3 dropped)",
      statement="mu_min >= w_min/|H|_F^2 (false).", provenance="variant", variant_of="wws22.alignment-random-features",
      conventions=CONV).property(given=RFG, examples=60, name="lower_bound")(
    lambda n, d, seed: rf_lower_bound(n, d, seed, drop_lmax=True)[:1])


@lru_cache(maxsize=4)
def tanh_mu_distribution(count: int, n: int = 8, d: int = 3, m: int = 8, radius: float = 1e-4,
                         loss_factor: float = 1.0):
    """mu_min at `count` teacher = student tanh minima, and mu(theta) from true per-sample gradients at
    theta* + radius * u (u a random unit vector in range(H)). The gradients are those of ell_i = 1/2 r_i^2;
    ``loss_factor`` multiplies the L in mu's denominator (1 = the same loss; 2 = the 1/n loss, a slip)."""
    rows = []
    for seed in range(count):
        X = jnp.asarray(LIN.gaussian_data(n, d, seed))
        th = TL.init(m, d, seed + 1)
        y = jax.vmap(lambda x: TL.apply(th, x, m, d, "tanh"))(X)
        J = np.asarray(TL.jacobian(th, X, m, d, "tanh"))
        Hs = LIN.per_sample_hessians(J)
        H = Hs.mean(axis=0)
        mm = AL.mu_min(Hs)
        _, U = ST.reduce_to_range(Hs)
        u = U @ np.random.default_rng(seed).standard_normal(U.shape[1])
        th1 = th + radius * jnp.asarray(u / np.linalg.norm(u))
        r = np.asarray(jax.vmap(lambda x: TL.apply(th1, x, m, d, "tanh"))(X) - y)
        G = np.asarray(TL.jacobian(th1, X, m, d, "tanh")) * r[:, None]  # grad ell_i = r_i grad f_i
        loss = loss_factor * 0.5 * float(np.mean(r**2))
        rows.append({"seed": seed, "mu_min": mm, "mu_max": AL.mu_max(Hs),
                     "mu_true": AL.mu_from_gradients(G, loss, H), "mu_lin": AL.mu(Hs, u)})
    return rows


nonlin = claim(
    "wws22.alignment-nonlinear", title="Nonlinear two-layer nets: alignment holds empirically (mu_min > 0)",
    statement="At global minima of two-layer tanh networks (width 8, n = 8, d = 3), mu_min > 0, and near the "
              "minimum the alignment mu(theta) computed from the true per-sample gradients equals the linearised "
              "mu(delta) >= mu_min up to the Taylor remainder. Reports the measured distribution of mu_min.",
    source=SRC, provenance="paper", conventions=CONV | {"model": "f = v^T tanh(W x)/sqrt(8), teacher = student minima"},
    domain="seeds 0..N-1 (N = 12 quick, 40 default, 200 thorough); perturbation radius 1e-4",
    notes="The abstract says alignment is 'empirically verified for nonlinear networks' (CIFAR-10 in the paper); "
          "no numbers are taken as ground truth. The paper's mu is measured along SGD; here at points near the minimum.")


def mu_distribution(profile, *, floor: float = 0.0, loss_factor: float = 1.0):
    """mu_min > floor at every minimum, and mu(theta) = mu(delta) >= mu_min near it."""
    count = {"quick": 12, "default": 40, "thorough": 200}[profile.name]
    rows = tanh_mu_distribution(count, loss_factor=loss_factor)
    mus = np.array([r["mu_min"] for r in rows])
    crit = []
    for r in rows:
        crit.append(Relation(r["mu_min"], ">", floor, label=f"seed {r['seed']}: mu_min > {floor:g}"))
        # true vs linearised mu: relative Taylor remainder ~ radius * |grad^2 f|/|grad f| ~ 1e-4 * O(10)
        crit.append(Relation(r["mu_true"], "==", r["mu_lin"], rtol=1e-2, label=f"seed {r['seed']}: mu(theta) = mu(delta)",
                             why="first-order Taylor at radius 1e-4: relative error ~1e-3"))
        crit.append(Relation(r["mu_true"], ">=", r["mu_min"], rtol=1e-2, label=f"seed {r['seed']}: mu(theta) >= mu_min",
                             why="same Taylor remainder"))
    fig, ax = new_figure()
    ax.hist(mus, bins=min(20, count), color="C0")
    ax.set_xlabel("mu_min at the minimum")
    ax.set_ylabel("count")
    q = np.quantile(mus, [0.0, 0.1, 0.5, 0.9, 1.0])
    return Finding(criteria=crit, details={"mu_min_quantiles_0_10_50_90_100": q.tolist(), "rows": rows},
                   figures={"mu_hist": (fig, f"mu_min at {count} teacher = student tanh minima (n = 8, d = 3, m = 8)")})


nonlin.experiment(name="mu_distribution")(mu_distribution)
claim("wws22.alignment-nonlinear.floor-1", title="Variant: tanh nets inherit the linear-net floor mu_min >= 1",
      statement="mu_min >= 1 at tanh-net minima, as proved for linear networks (false: the linear-net proof uses "
                "Gaussian Jacobian rows).", provenance="variant", variant_of="wws22.alignment-nonlinear",
      conventions=CONV, domain="as wws22.alignment-nonlinear").experiment(name="mu_distribution")(
    lambda profile: mu_distribution(profile, floor=1.0))
claim("wws22.alignment-nonlinear.loss-1-over-n", title="Variant: mu(theta) with L the 1/n loss",
      statement="mu(theta) = Tr(Sigma H)/(2 L |H|_F^2) with L = (1/n) sum r_i^2 while Sigma, H come from "
                "ell_i = 1/2 r_i^2 equals mu(delta) (false: it is half of it; conventions must match).",
      provenance="variant", variant_of="wws22.alignment-nonlinear", conventions=CONV,
      domain="as wws22.alignment-nonlinear").experiment(name="mu_distribution")(
    lambda profile: mu_distribution(profile, loss_factor=2.0))


# ============================================================================================
# 6. Size independence: eta_max |H|_F / sqrt(B) over widths and sample sizes
# ============================================================================================
SIZE_C = 2.0  # the n = 1 value of eta_max |H|_F (GD: 2/lam * lam); a stated constant, not fitted


@lru_cache(maxsize=1)
def size_sweep():
    """max over B in {1,2,4} (with replacement) of eta_max * |H| / sqrt(B), |H| = |H|_F and Tr H, for growing n
    (linear, d = 40) and growing width m (random features and tanh nets, n = 8). Per-sample Hessians are taken in
    range coordinates (``LIN.range_coordinates``): eta_max, |H|_F and Tr H are basis-invariant, and the (n, p, p)
    stack of a width-512 tanh net (p = 3072) is never formed."""
    def vals(J):
        Hs = LIN.per_sample_hessians(LIN.range_coordinates(J))
        H = Hs.mean(axis=0)
        e = max(ST.threshold(Hs, 1.0 / B) / np.sqrt(B) for B in (1, 2, 4))
        return {"frobenius": e * float(np.linalg.norm(H)), "trace": e * float(np.trace(H))}

    out = {"n": {}, "rf_width": {}, "tanh_width": {}}
    for n in (4, 8, 16, 32):
        out["n"][n] = vals(LIN.gaussian_data(n, 40, 0))
    X = LIN.gaussian_data(8, 5, 0)
    for m in (8, 32, 128, 512):
        out["rf_width"][m] = vals(RF.features(X, RF.init_weights(m, 5, 1), "relu"))
        out["tanh_width"][m] = vals(np.asarray(TL.jacobian(TL.init(m, 5, 1), jnp.asarray(X), m, 5, "tanh")))
    return out


def _size_check(measure):
    out = {k: {s: v[measure] for s, v in d_.items()} for k, d_ in size_sweep().items()}
    crit = [Relation(v, "<=", SIZE_C, rtol=EIG_RTOL, label=f"{k}={s}", why="eig rounding")
            for k, d_ in out.items() for s, v in d_.items()]
    fig, ax = new_figure()
    for k, d_ in out.items():
        ax.semilogx(list(d_), list(d_.values()), "o-", label=k)
    ax.axhline(SIZE_C, color="k", ls="--", label="constant 2")
    ax.set_xlabel("n (linear) or width m (RF, tanh)")
    ax.set_ylabel(f"max_B eta_max {'|H|_F' if measure == 'frobenius' else 'Tr H'} / sqrt(B)")
    ax.legend()
    return Finding(criteria=crit, details={k: {str(s): v for s, v in d_.items()} for k, d_ in out.items()},
                   figures={f"size_{measure}": (fig, "Exact-threshold sharpness measure vs model and sample size")})


size_c = claim(
    "wws22.size-independent", title="eta_max |H|_F / sqrt(B) stays bounded as width and n grow",
    statement="For minima accessible to SGD, eta |H|_F / sqrt(B) is bounded independently of model size and sample "
              "size: at the exact threshold, max_B eta_max |H|_F / sqrt(B) <= 2 for linear regression with "
              "n in {4..32} (d = 40), ReLU random features and tanh nets with width m in {8..512} (n = 8, d = 5).",
    source=SRC, provenance="paper", conventions=CONV | {"sampling": "with replacement, B in {1, 2, 4}"},
    domain="one seeded instance per size", notes="The constant 2 is stated (the n = 1 value), not fitted. "
    "Boundedness rests on mu_min staying bounded below, which these sweeps measure but do not prove.")
size_c.experiment(name="sweep")(lambda: _size_check("frobenius"))
claim("wws22.size-independent.trace", title="Variant: the same bound for eta_max Tr(H)/sqrt(B)",
      statement="max_B eta_max Tr(H)/sqrt(B) <= 2 across sizes (false: Tr H grows like sqrt(rank) |H|_F).",
      provenance="variant", variant_of="wws22.size-independent", conventions=CONV).experiment(name="sweep")(
    lambda: _size_check("trace"))


# ============================================================================================
# 7. Experiment: SGD-trained tanh nets over an (eta, B) grid
# ============================================================================================
@lru_cache(maxsize=4)
def sgd_grid(steps: int, etas: tuple, Bs: tuple, n=8, d=3, m=8, tol=1e-8):
    """Train from one init with SGD (with replacement) per (eta, B); at interpolating endpoints measure
    |H|_F (Gauss-Newton, = autodiff Hessian up to O(sqrt(loss))), mu_min, exact eta_max, rho(T(eta))."""
    X, y = TL.teacher_data(n, d, 0)
    th0 = TL.init(m, d, 5)
    rows = []
    for B in Bs:
        idx = jnp.asarray(np.random.default_rng(B).integers(0, n, size=(steps, B)))
        for eta in etas:
            th, ls = TL.sgd(th0, X, y, m, d, "tanh", idx, eta)
            lf = float(ls[-1])
            row = {"B": B, "eta": eta, "loss": lf if np.isfinite(lf) else None}
            if np.isfinite(lf) and lf < tol:
                Hs = LIN.per_sample_hessians(np.asarray(TL.jacobian(th, X, m, d, "tanh")))
                H = Hs.mean(axis=0)
                Hfull = np.asarray(TL.hessian(th, X, y, m, d, "tanh"))
                row |= {"p": int(th.shape[0]), "F": float(np.linalg.norm(H)), "mu_min": AL.mu_min(Hs), "eta_max": ST.threshold(Hs, 1 / B),
                        "rho": ST.spectral_radius(Hs, eta, 1 / B), "gn_err": float(np.abs(Hfull - H).max())}
            rows.append(row)
    return rows


sgd_c = claim(
    "wws22.sgd-reached-minima", title="SGD-trained tanh nets land at minima with |H|_F <= sqrt(B/mu_min)/eta",
    statement="Training a two-layer tanh net (n = 8, d = 3, width 8, teacher labels) with SGD (with replacement) "
              "over a grid of (eta, B) to interpolation (loss < 1e-8), the reached minima satisfy "
              "|H|_F <= sqrt(B/mu_min)/eta with mu_min measured at the minimum, and are linearly stable "
              "(rho(T(eta)) <= 1).",
    source=SRC, provenance="paper", conventions=CONV, domain="eta in {0.5,1,2,3,4,6}, B in {1,2,4}, one init",
    notes="Small-model version of the paper's CIFAR-10 experiment (not reproduced); runs that do not reach "
          "loss 1e-8 are reported as escaped/unconverged and excluded from the criteria.")


def grid(profile, *, b_exponent: float = 0.5):
    """Criteria |H|_F <= B^b_exponent / (eta sqrt(mu_min)) (1/2 is the paper's) and rho(T(eta)) <= 1."""
    steps = {"quick": 30_000, "default": 60_000, "thorough": 200_000}[profile.name]
    rows = sgd_grid(steps, (0.5, 1.0, 2.0, 3.0, 4.0, 6.0), (1, 2, 4))
    ok = [r for r in rows if "F" in r]
    crit = []
    for r in ok:
        lab = f"eta={r['eta']} B={r['B']}"
        # H is the Gauss-Newton matrix at the endpoint; |H_autodiff - H_GN|_F <= p max|entry diff| (measured)
        gn = r["p"] * r["gn_err"] / r["F"]
        crit.append(Relation(r["eta"] * r["F"], "<=", r["B"] ** b_exponent / np.sqrt(r["mu_min"]), rtol=gn, label=lab,
                             why=f"|H - H_GN|_F/|H|_F <= p max|H - H_GN| / |H|_F = {gn:.1e} (measured)"))
        crit.append(Relation(r["rho"], "<=", 1.0, atol=4 * r["eta"] * gn * r["F"], label=lab + " rho(T) <= 1",
                             why="dT = O(eta dH) (I - eta H) + O(eta^2 kappa H dH), eta|H| <= 2: |d rho| <= 4 eta |dH|_F"))
    fig, axs = new_figure(ncols=2)
    for B, c in zip((1, 2, 4), ("C0", "C1", "C2")):
        pts = [r for r in ok if r["B"] == B]
        axs[0].loglog([np.sqrt(B) / r["eta"] for r in pts], [r["F"] for r in pts], "o", color=c, label=f"B={B}")
        axs[1].loglog([np.sqrt(B / r["mu_min"]) / r["eta"] for r in pts], [r["F"] for r in pts], "o", color=c,
                      label=f"B={B}")
    for ax, xl in zip(axs, ("sqrt(B)/eta", "sqrt(B/mu_min)/eta")):
        lim = np.array(ax.get_xlim())
        ax.loglog(lim, lim, "k--", label="bound |H|_F = x")
        ax.set_xlabel(xl)
        ax.set_ylabel("|H|_F at the reached minimum")
        ax.legend()
    return Finding(criteria=crit, details={"rows": rows, "converged": len(ok), "runs": len(rows)},
                   converged=len(ok) >= len(rows) // 2,
                   figures={"flatness_vs_bound": (fig, "SGD-reached minima of a tanh net: |H|_F against sqrt(B)/eta "
                                                       "(left) and against the bound sqrt(B/mu_min)/eta (right)")})


sgd_c.experiment(name="grid")(grid)
claim("wws22.sgd-reached-minima.inverse-sqrt-b", title="Variant: |H|_F <= 1/(eta sqrt(B mu_min)) (exponent of B flipped)",
      statement="SGD-reached minima satisfy |H|_F <= 1/(eta sqrt(B mu_min)) (false: larger batches allow sharper "
                "minima, |H|_F grows with B at fixed eta).", provenance="variant", variant_of="wws22.sgd-reached-minima",
      conventions=CONV, domain="as wws22.sgd-reached-minima").experiment(name="grid")(
    lambda profile: grid(profile, b_exponent=-0.5))
