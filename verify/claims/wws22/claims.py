"""Claim declarations of wws22: Wu, Wang, Su (2022), the alignment property of SGD noise and how
it helps select flat minima.

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
wws22.threshold-instrument                   derived  T(M) vs one batch-enumerated step; eta_max vs growth/decay  V
wws22.threshold-table                        derived  digest table n=8, d=20 (seed 0), every row      V
wws22.flatness-bound                         paper    with replacement: eta_max|H|_F <= sqrt(B/mu_min), 4 models  V
wws22.flatness-bound-without-replacement     paper    same with plain B, without replacement: REFUTED
wws22.flatness-bound-beff                    refined  without replacement with B_eff = B(n-1)/(n-B)  V
wws22.escape                                 paper    exact E L~_t >= q^t L~_0; Monte Carlo rate CI  V
wws22.alignment-linear-net                   paper    J x = autodiff grad; population mu_min >= 1 (any width)  V
wws22.alignment-random-features              derived  mu_min >= (min_i a_i^T H a_i - lmax^2)/|H|_F^2, mu_min > 0  V
wws22.alignment-nonlinear                    paper    tanh nets: distribution of mu_min; mu(theta) near theta*  V
wws22.size-independent                       paper    eta_max |H|_F / sqrt(B) <= 2 over widths and n; scale of H  V
wws22.sgd-reached-minima                     paper    SGD-trained tanh nets, |H|_F vs sqrt(B/mu)/eta; law decides  V
wws22.sgd-reached-minima-stable              derived  reached minima have rho(T) <= 1: REFUTED (a.s. vs mean-square)
===========================================  =======  ==============================================

Instruments: ``verify.measure.stability`` (operator, spectral radius, exact threshold, batch
enumeration), ``verify.measure.alignment`` (mu, mu_min); models ``verify.models.linear``,
``random_features``, ``two_layer``; derivations ``derivations.alignment_stability``.

This module declares the claims and wires their checks: instances, property checks,
certificates and the table in ``checks.py`` (``C``), the experiments that draw figures in
``figures.py`` (``F``).
"""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
import sympy as sp

from derivations import alignment_stability as D
from verify import Source, claim
from verify.claims.wws22 import checks as C
from verify.claims.wws22 import figures as F

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
MODEL_DOMAIN = ("models: linear regression (x ~ N(0, I_d)), ReLU random features (m = 6), two-layer linear and "
                "tanh nets (m = 4) at teacher = student global minima; n in {2,3,4,6}, d in {2,5,20}, "
                "seeds 0..10^4, B in 1..n")


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
kappa_c.identity(D.kappa_identity, name="batch_enumeration", states=D.kappa_statement)
claim("wws22.kappa.infinite-population", title="Variant: kappa = 1/B also without replacement",
      statement="E_I[H_I M H_I] - HMH = (1/B)(...) for sampling without replacement (false: it is (n-B)/(B(n-1))).",
      provenance="variant", variant_of="wws22.kappa", conventions=CONV).identity(
    name="batch_enumeration", states=lambda: D.kappa_statement(kappa_without=sp.Rational(1, 2)))(
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
one_step.identity(D.one_step_identity, name="identity", states=D.one_step_statement)
one_step.identity(D.flatness_bound, name="bound", states=D.flatness_statement)
claim("wws22.one-step.noise-factor", title="Variant: noise term eta^2 Tr(Sigma H) (the 1/2 of L~ dropped)",
      statement="E L~+ = 1/2 delta^T(I-eta H)H(I-eta H)delta + eta^2 Tr(Sigma H) (false).",
      provenance="variant", variant_of="wws22.one-step", conventions=CONV, domain="n = 2, p = 2").identity(
    name="identity", states=lambda: D.one_step_statement(n=2, factor=1))(lambda: D.one_step_identity(n=2, factor=1))

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
iso.identity(D.isotropic_rate, name="rate", states=D.isotropic_rate_statement)
iso.identity(D.isotropic_threshold, name="threshold", states=D.isotropic_threshold_statement)
iso.identity(D.isotropic_tightness, name="tightness", states=D.isotropic_tightness_statement)
claim("wws22.isotropic.d-plus-2", title="Variant: r with (d+2)/B (the -H M H term forgotten)",
      statement="r = (1-eta s)^2 + eta^2 s^2 (d+2)/B (false).", provenance="variant", variant_of="wws22.isotropic",
      conventions=CONV).identity(
    name="rate", states=lambda: D.isotropic_rate_statement(plus=2))(lambda: D.isotropic_rate(plus=2))

pop = claim(
    "wws22.population-alignment", title="Gaussian linear regression: mu in [1, 1 + lambda_max(S)^2/|S|_F^2]",
    statement="For x ~ N(0, S): Sigma(delta) = (delta^T S delta) S + S delta delta^T S and "
              "mu(delta) = 1 + delta^T S^3 delta/((delta^T S delta)|S|_F^2), so 1 <= mu <= 1 + lambda_max^2/|S|_F^2 <= 2.",
    latex=r"\mu(\delta)=1+\frac{\delta^\top S^3\delta}{(\delta^\top S\delta)\|S\|_F^2}\in\Big[1,1+\frac{\lambda_{\max}^2}{\|S\|_F^2}\Big]",
    source=DERIVED, provenance="derived", conventions=CONV | {"data": "population x ~ N(0, S)"},
    domain="covariance identity: d = 2 symbolic S = C C^T; bounds: d = 3 eigen-coordinates")
pop.identity(D.population_alignment, name="covariance", states=D.population_alignment_statement)
pop.identity(D.population_alignment_bounds, name="bounds", states=D.population_alignment_bounds_statement)
claim("wws22.population-alignment.at-most-1", title="Variant: mu <= 1 (alignment at most isotropic)",
      statement="mu(delta) <= 1 for Gaussian data (false: mu >= 1).", provenance="variant",
      variant_of="wws22.population-alignment", conventions=CONV).identity(
    name="bounds", states=lambda: D.population_alignment_bounds_statement(upper=False))(
    lambda: D.population_alignment_bounds(upper_factor=-1))


# ============================================================================================
# 2. The threshold instrument against direct simulation; the digest's table
# ============================================================================================
thr = claim(
    "wws22.threshold-instrument", title="The exact threshold matches direct simulation of the second moment",
    statement="For random instances, one step of the second moment averaged over every possible mini-batch "
              "(no kappa formula) equals T(M) in its matrix form (apply_operator) and its Kronecker form at a "
              "random PSD M; iterating it reproduces the operator T exactly, and E L~_t and E|delta_t|^2 (on range H) "
              "grow at eta = 1.05 eta_max and decay at eta = 0.95 eta_max, eta_max = 1/lambda_max(Q, H(+)H); "
              "bisection on rho(T) gives the same eta_max.",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="models as below, n in {2,3,4}, d in {2,5}, B in 1..min(n,3), both samplings, 600 steps")

thr.property(given=C.THR, examples=40, name="threshold_vs_simulation")(C.threshold_vs_simulation)
claim("wws22.threshold-instrument.infinite-population",
      title="Variant: the operator with kappa = 1/B for sampling without replacement",
      statement="T with kappa_B = 1/B reproduces the batch-enumerated second moment without replacement (false: "
                "kappa_B = (n-B)/(B(n-1)); the two agree only at B = 1).",
      provenance="variant", variant_of="wws22.threshold-instrument", conventions=CONV,
      domain="as wws22.threshold-instrument, sampling without replacement, B < n (at B = n the wrong kappa's "
             "threshold is so small that the loss underflows to 0 in 600 steps and the rate is not finite)").property(
    given=C.THR | {"sampling": st.just("without_replacement"), "b": st.floats(0.0, 0.49)}, examples=40,
    name="threshold_vs_simulation")(
    lambda model, n, d, seed, b, sampling: C.threshold_vs_simulation(model, n, d, seed, b, sampling,
                                                                   kappa=lambda n, B, s: 1.0 / B))


table_c = claim(
    "wws22.threshold-table", title="Exact-threshold table (n = 8, d = 20, seed 0): the bound holds on every row",
    statement="On Gaussian linear regression with n = 8, d = 20 (numpy seed 0), for B in {1,2,4,8} and both "
              "samplings: eta_max |H|_F <= sqrt(B_eff/mu_min), eta_max <= 2/lambda_max(H) with equality when "
              "B = n without replacement, bisection = generalised eigenproblem.",
    source=DERIVED, provenance="derived", conventions=CONV, domain="one seeded instance (digest Sec. 4.5)")
table_c.experiment(name="table")(C.table)
claim("wws22.threshold-table.gd-1", title="Variant: the same table against a GD threshold 1/lambda_max",
      statement="eta_max <= 1/lambda_max(H) on every row (false: GD's threshold is 2/lambda_max, reached at B = n "
                "without replacement).", provenance="variant", variant_of="wws22.threshold-table", conventions=CONV,
      domain="one seeded instance").experiment(name="table")(lambda: C.table(gd_const=1.0))


# ============================================================================================
# 3. The flatness bound (paper) and its sampling conventions
# ============================================================================================
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
flat.property(given=C.INST, examples=80, name="bound")(lambda model, n, d, seed, b: C.flatness(model, n, d, seed, b,
                                                                         sampling="with_replacement", beff=True))
flat.identity(D.flatness_bound, name="derivation", states=D.flatness_statement)
N3 = ((1, 0, 0), (0, 1, 0), (0, 0, 1))  # n = 3 orthonormal rows: B = 2 separates B_eff = 4 from B
N2, N3_INSTANCE = "n = 2 orthonormal rows, B = 1, 2", "n = 3 orthonormal rows, B = 1, 2, 3"
flat.certificate(name="orthonormal_n2", instance=N2)(lambda: C.flatness_certificate(sampling="with_replacement", beff=True))
flat_half = claim(
    "wws22.flatness-bound.half-constant", title="Variant: |H|_F <= sqrt(B/(2 mu_min))/eta (H taken from the 1/n loss while SGD runs on 1/(2n))",
      statement="eta_max |H|_F <= sqrt(B/(2 mu_min)) (false).", provenance="variant", variant_of="wws22.flatness-bound",
      conventions=CONV, domain=MODEL_DOMAIN)
flat_half.property(given=C.INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: C.flatness(model, n, d, seed, b, sampling="with_replacement", beff=True,
                                          const=float(np.sqrt(0.5))))
flat_half.certificate(name="orthonormal_n2", instance=N2)(
    lambda: C.flatness_certificate(sampling="with_replacement", beff=True, const2=sp.Rational(1, 2)))

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
flat_wo.property(given=C.INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: C.flatness(model, n, d, seed, b, sampling="without_replacement", beff=False))
# the minimal counterexample, exact: n = 2, a_i = e_i, B = 2 = n (GD): (eta_max |H|_F)^2 = 8 > B/mu_min = 4
flat_wo.certificate(name="orthonormal_n2", instance=N2)(lambda: C.flatness_certificate(sampling="without_replacement", beff=False))
flat_wo.certificate(name="orthonormal_n3", instance=N3_INSTANCE)(lambda: C.flatness_certificate(sampling="without_replacement", beff=False,
                                                                           rows=N3))

flat_beff = claim(
    "wws22.flatness-bound-beff", title="Refined: without replacement the bound holds with B_eff = B(n-1)/(n-B)",
    statement="For sampling without replacement, eta_max |H|_F <= sqrt(B_eff/mu_min), B_eff = B(n-1)/(n-B) "
              "(infinite at B = n, where SGD = GD and eta_max = 2/lambda_max).",
    source=DERIVED, provenance="refined", refines="wws22.flatness-bound-without-replacement",
    conventions=CONV | {"sampling": "without replacement, kappa = (n-B)/(B(n-1))"}, domain=MODEL_DOMAIN)
flat_beff.property(given=C.INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: C.flatness(model, n, d, seed, b, sampling="without_replacement", beff=True))
flat_beff.certificate(name="orthonormal_n2", instance=N2)(lambda: C.flatness_certificate(sampling="without_replacement", beff=True))
flat_beff.certificate(name="orthonormal_n3", instance=N3_INSTANCE)(lambda: C.flatness_certificate(sampling="without_replacement", beff=True,
                                                                               rows=N3))
beff_half = claim(
    "wws22.flatness-bound-beff.half-constant", title="Variant: B_eff bound with sqrt(B_eff/(2 mu_min))",
    statement="eta_max |H|_F <= sqrt(B_eff/(2 mu_min)) without replacement (false).", provenance="variant",
    variant_of="wws22.flatness-bound-beff", conventions=CONV, domain=MODEL_DOMAIN)
beff_half.property(given=C.INST, examples=80, name="bound")(
    lambda model, n, d, seed, b: C.flatness(model, n, d, seed, b, sampling="without_replacement", beff=True,
                                          const=float(np.sqrt(0.5))))
beff_half.certificate(name="orthonormal_n2", instance=N2)(
    lambda: C.flatness_certificate(sampling="without_replacement", beff=True, const2=sp.Rational(1, 2)))


# ============================================================================================
# 4. Escape: exponential growth beyond the bound
# ============================================================================================
esc = claim(
    "wws22.escape", title="Beyond the bound, linearised SGD escapes exponentially: E L~_t >= q^t L~_0",
    statement="If q = eta^2 mu_min |H|_F^2 / B_eff > 1 then E L~_t >= q^t L~_0 for every start (exact second "
              "moments), and simulated linearised SGD's loss grows at the predicted rate rho(T) >= q.",
    latex=r"\mathbb E\tilde L_t\ge q^t\tilde L_0,\ q=\eta^2\mu_{\min}\|H\|_F^2/B",
    source=SRC, provenance="paper", conventions=CONV, domain=MODEL_DOMAIN + "; eta = c/(|H|_F sqrt(kappa mu_min)), c in (1, 2]")
esc.property(given=C.ESC, examples=60, name="exact_lower_bound")(lambda **kw: C._escape(**kw))
claim("wws22.escape.mu-max", title="Variant: escape rate with mu_max instead of mu_min",
      statement="E L~_t >= q'^t L~_0 with q' = eta^2 mu_max |H|_F^2 / B_eff (false: the bound needs the worst direction).",
      provenance="variant", variant_of="wws22.escape", conventions=CONV, domain=MODEL_DOMAIN).property(
    given=C.ESC, examples=60, name="exact_lower_bound")(lambda **kw: C._escape(**kw, use_max=True))
esc.experiment(F.monte_carlo_rate)


# ============================================================================================
# 5. Alignment: linear networks, random features, nonlinear networks
# ============================================================================================
lin_net = claim(
    "wws22.alignment-linear-net", title="Two-layer linear networks: mu_min >= 1 (population, Gaussian inputs, any width)",
    statement="For f = v^T W x/sqrt(m) and x ~ N(0, S), at any global minimum the per-sample Jacobian a = J(theta) x "
              "(J = [v (x) I_d; W]/sqrt(m), equal to the autodiff gradient) is Gaussian with covariance G = J S J^T = H, so by the population alignment identity "
              "mu(delta) = 1 + delta^T G^3 delta/((delta^T G delta)|G|_F^2) >= 1 on range(G), for every width m.",
    source=SRC, provenance="paper", conventions=CONV | {"data": "population x ~ N(0, S), S random positive definite"},
    domain="m in {1,2,4,8,16}, d in {2,3,5}, random theta* and S (seeds 0..10^4)",
    notes="The abstract says alignment is provable for linear networks; the paper's constant was not retrievable "
          "[unverified]. The lower bound stated and proved here is mu_min >= 1 (population, Gaussian inputs). "
          "Finite samples can have mu_min < 1 (wws22.threshold-table: mu_min = 0.34 at n = 8, d = 20).")
lin_net.identity(D.linear_net_jacobian, name="jacobian_linear_in_x", states=D.linear_net_jacobian_statement)
lin_net.property(given=C.LN, examples=60, name="population_mu_min")(C.linear_net_population_mu)
claim("wws22.alignment-linear-net.floor-1.5", title="Variant: mu_min >= 1.5 for linear networks",
      statement="mu_min >= 1.5 (false: mu_min = 1 + lambda_min^2/|G|_F^2 is close to 1).", provenance="variant",
      variant_of="wws22.alignment-linear-net", conventions=CONV).property(given=C.LN, examples=60, name="population_mu_min")(
    lambda m, d, seed: C.linear_net_population_mu(m, d, seed, mu_floor=1.5))
claim("wws22.alignment-linear-net.jacobian-1-over-m", title="Variant: the Jacobian map scaled by 1/m",
      statement="a(x) = J x with J = [v (x) I_d; W]/m for f = v^T W x/sqrt(m) (false for m > 1: it is /sqrt(m); "
                "mu alone cannot show it, being invariant under J -> c J).", provenance="variant",
      variant_of="wws22.alignment-linear-net", conventions=CONV).property(given=C.LN, examples=60,
                                                                        name="population_mu_min")(
    lambda m, d, seed: C.linear_net_population_mu(m, d, seed, map_exponent=1.0))


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
rf_c.property(given=C.RFG, examples=60, name="lower_bound")(C.rf_lower_bound)
claim("wws22.alignment-random-features.no-lmax", title="Variant: mu_min >= min_i a_i^T H a_i / |H|_F^2 (H^3 dropped)",
      statement="mu_min >= w_min/|H|_F^2 (false).", provenance="variant", variant_of="wws22.alignment-random-features",
      conventions=CONV).property(given=C.RFG, examples=60, name="lower_bound")(
    lambda n, d, seed: C.rf_lower_bound(n, d, seed, drop_lmax=True)[:1])


nonlin = claim(
    "wws22.alignment-nonlinear", title="Nonlinear two-layer nets: alignment holds empirically (mu_min > 0)",
    statement="At global minima of two-layer tanh networks (width 8, n = 8, d = 3), mu_min > 0, and near the "
              "minimum the alignment mu(theta) computed from the true per-sample gradients equals the linearised "
              "mu(delta) >= mu_min up to the Taylor remainder. Reports the measured distribution of mu_min.",
    source=SRC, provenance="paper", conventions=CONV | {"model": "f = v^T tanh(W x)/sqrt(8), teacher = student minima"},
    domain="seeds 0..N-1 (N = 12 quick, 40 default, 200 thorough); perturbation radius 1e-4",
    notes="The abstract says alignment is 'empirically verified for nonlinear networks' (CIFAR-10 in the paper); "
          "no numbers are taken as ground truth. The paper's mu is measured along SGD; here at points near the minimum.")
nonlin.experiment(name="mu_distribution")(F.mu_distribution)
claim("wws22.alignment-nonlinear.floor-1", title="Variant: tanh nets inherit the linear-net floor mu_min >= 1",
      statement="mu_min >= 1 at tanh-net minima, as proved for linear networks (false: the linear-net proof uses "
                "Gaussian Jacobian rows).", provenance="variant", variant_of="wws22.alignment-nonlinear",
      conventions=CONV, domain="as wws22.alignment-nonlinear").experiment(name="mu_distribution")(
    lambda profile: F.mu_distribution(profile, floor=1.0))
claim("wws22.alignment-nonlinear.loss-1-over-n", title="Variant: mu(theta) with L the 1/n loss",
      statement="mu(theta) = Tr(Sigma H)/(2 L |H|_F^2) with L = (1/n) sum r_i^2 while Sigma, H come from "
                "ell_i = 1/2 r_i^2 equals mu(delta) (false: it is half of it; conventions must match).",
      provenance="variant", variant_of="wws22.alignment-nonlinear", conventions=CONV,
      domain="as wws22.alignment-nonlinear").experiment(name="mu_distribution")(
    lambda profile: F.mu_distribution(profile, loss_factor=2.0))


# ============================================================================================
# 6. Size independence: eta_max |H|_F / sqrt(B) over widths and sample sizes
# ============================================================================================
size_c = claim(
    "wws22.size-independent", title="eta_max |H|_F / sqrt(B) stays bounded as width and n grow",
    statement="For minima accessible to SGD, eta |H|_F / sqrt(B) is bounded independently of model size and sample "
              "size: at the exact threshold, max_B eta_max |H|_F / sqrt(B) <= 2 for linear regression with "
              "n in {4..32} (d = 40), ReLU random features and tanh nets with width m in {8..512} (n = 8, d = 5). "
              "eta_max |H|_F is scale-invariant, so at each size the scale of H is pinned too: lambda_max of the "
              "autodiff loss Hessian at the minimum (Lanczos) equals lambda_max of the Gauss-Newton H used.",
    source=SRC, provenance="paper", conventions=CONV | {"sampling": "with replacement, B in {1, 2, 4}"},
    domain="one seeded instance per size", notes="The constant 2 is stated (the n = 1 value), not fitted. "
    "Boundedness rests on mu_min staying bounded below, which these sweeps measure but do not prove.")
size_c.experiment(name="sweep")(lambda: F._size_check("frobenius"))
claim("wws22.size-independent.trace", title="Variant: the same bound for eta_max Tr(H)/sqrt(B)",
      statement="max_B eta_max Tr(H)/sqrt(B) <= 2 across sizes (false: Tr H grows like sqrt(rank) |H|_F).",
      provenance="variant", variant_of="wws22.size-independent", conventions=CONV).experiment(name="sweep")(
    lambda: F._size_check("trace"))


# ============================================================================================
# 7. Experiment: SGD-trained tanh nets over an (eta, B) grid
# ============================================================================================
sgd_c = claim(
    "wws22.sgd-reached-minima", title="SGD-trained tanh nets land at minima with |H|_F <= sqrt(B/mu_min)/eta",
    statement="Training a two-layer tanh net (n = 8, d = 3, width 8, teacher labels) with SGD (verify.dynamics.sgd, "
              "with replacement) over a grid of (eta, B) to interpolation (loss < 1e-8), the reached minima satisfy "
              "|H|_F <= sqrt(B/mu_min)/eta with mu_min measured at the minimum; there the autodiff Hessian of the "
              "loss equals the Gauss-Newton H = (1/n) sum a_i a_i^T plus (1/n) sum r_i grad^2 f_i (each term by "
              "autodiff on its own), which bounds |grad^2 L - H|_F. And the threshold of the sampling law in use "
              "decides SGD's fate: on linear regression with n = 3 orthonormal inputs and B = 2, SGD converges for "
              "eta below eta_max (3 with replacement, 4 without) and diverges above it, each coordinate at the log "
              "rate E log|1 - eta c/B| of its law (c = multiplicity in the batch), at eta in {2.5, 3.9, 4.4}.",
    source=SRC, provenance="paper", conventions=CONV,
    domain="grid: eta in {0.5,1,2,3,4,6}, B in {1,2,4}, one init, seed B; sampling law: n = 3, B = 2, both "
           "samplings, 300 steps, seed 11",
    notes="Small-model version of the paper's CIFAR-10 experiment (not reproduced); runs that do not reach "
          "loss 1e-8 are reported as escaped/unconverged and excluded from the criteria. The sampling-law runs "
          "use step sizes where the law's almost-sure exponent has the sign of its mean-square prediction "
          "(checked), since one trajectory shows almost-sure, not mean-square, behaviour; eta = 3.9 lies "
          "between the two laws' thresholds. Whether the reached minima are themselves mean-square stable is "
          "wws22.sgd-reached-minima-stable.")
sgd_c.experiment(name="grid")(F.grid)
sgd_c.experiment(name="sampling_law")(F.sampling_law)
claim("wws22.sgd-reached-minima.beff-is-b", title="Variant: SGD without replacement is as stable as with (B_eff = B)",
      statement="SGD sampling without replacement follows the with-replacement law at the same B (kappa = 1/B, "
                "eta_max = 3 and exponents E log|1 - eta c/B| with binomial c at n = 3, B = 2) (false: without "
                "replacement it converges at eta = 3.9 < 4).", provenance="variant",
      variant_of="wws22.sgd-reached-minima", conventions=CONV, domain="as the sampling-law runs").experiment(
    name="sampling_law")(lambda profile: F.sampling_law(profile, predict_with={"without_replacement": "with_replacement"}))
claim("wws22.sgd-reached-minima-stable", title="Every minimum SGD converges to is mean-square linearly stable",
      statement="The minima the grid's SGD runs of wws22.sgd-reached-minima converge to (loss < 1e-8) are linearly "
                "stable in mean square, rho(T(eta)) <= 1 (eta <= eta_max).",
      source=SRC, provenance="derived", expected="fails", conventions=CONV,
      domain="as wws22.sgd-reached-minima (grid)",
      notes="False as stated: with verify.dynamics.sgd's draws (seed 4) the run at B = 4, eta = 6 converges "
            "(loss ~1e-14 at 30k steps, ~1e-23 at 60k, still falling) to a minimum with eta_max = 5.88 < 6, "
            "rho(T(6)) = 1.052. Mean-square instability (E|delta_t|^2 grows) does not prevent almost-sure "
            "convergence of a trajectory when the Lyapunov exponent E log|...| is negative; linear stability "
            "in the paper's sense bounds what SGD can keep in mean square, not every single run.").experiment(
    name="grid")(F.grid_stability)
claim("wws22.sgd-reached-minima.inverse-sqrt-b", title="Variant: |H|_F <= 1/(eta sqrt(B mu_min)) (exponent of B flipped)",
      statement="SGD-reached minima satisfy |H|_F <= 1/(eta sqrt(B mu_min)) (false: larger batches allow sharper "
                "minima, |H|_F grows with B at fixed eta).", provenance="variant", variant_of="wws22.sgd-reached-minima",
      conventions=CONV, domain="as wws22.sgd-reached-minima").experiment(name="grid")(
    lambda profile: F.grid(profile, b_exponent=-0.5))
