"""Claim declarations of ab24 (Andreyev & Beneventano, "Edge of Stochastic Stability: Revisiting the
Edge of Stability for SGD", arXiv:2412.20553).

Only the abstracts (v1-v5), the start of the introduction, the authors' blog and the official code
were readable (digest ``papers/2412.20553-edge-of-stochastic-stability.md``): Theorem 1's exact text
was not, so its encoding is the mechanism on the quadratic model, a named reading.

1. exact orderings (sympy, ``derivations/edge_of_stability.py``) searched by exact enumeration of
   every batch: MiniBS >= lambda_max (Jensen), BS <= MiniBS;
2. the official Monte Carlo Batch Sharpness estimator against the exact enumeration;
3. the Theorem-1 mechanism on the quadratic model, including indefinite H_B;
4. almost-sure (Lyapunov) vs mean-square stability of SGD on a quadratic;
5. the edge-of-stochastic-stability experiment (``figures.py``);
6. variants (negative controls).
"""

from __future__ import annotations

from functools import partial

import hypothesis.strategies as st

from derivations import edge_of_stability as D
from verify import Source, claim, variant
from verify.claims.ab24 import checks as C
from verify.claims.ab24 import figures as F

SRC3 = Source("Andreyev & Beneventano 2024", arxiv="2412.20553v3", where="abstract (v3+), authors' blog",
              url="https://arxiv.org/abs/2412.20553")
SRC1 = Source("Andreyev & Beneventano 2024", arxiv="2412.20553v1", where="abstract (v1: MiniBS)",
              url="https://arxiv.org/abs/2412.20553v1")
SRC4 = Source("Andreyev & Beneventano 2024", arxiv="2412.20553v4", where="Theorem 1 (as restated in the authors' blog)",
              url="https://arxiv.org/abs/2412.20553")
DERIVED = Source("Andreyev & Beneventano 2024 (definitions); derived by the verify team", arxiv="2412.20553v3",
                 where="digest Sec. 4")
CONV = {
    "Batch Sharpness": "BS = E_B[g_B^T H_B g_B / |g_B|^2] (expectation outside the ratio; v3+); batches with g_B = 0 skipped",
    "MiniBS": "E_B[lambda_max(H_B)] (v1)",
    "batch law": "uniform b-subsets (without replacement, the official estimator) or b i.i.d. indices (with "
                 "replacement); both enumerated exactly where stated",
    "loss": "MSE; 'half_mean' (1/2n sum r^2) or 'mean' (1/n sum r^2, the official code): every curvature and "
            "BS scale together, 2/eta refers to the loss used",
    "stability": "mean-square: sup_t E|x_t|^2 < inf; almost sure: top Lyapunov exponent < 0",
}

minibs = claim(
    "ab24.minibs-above-sharpness", title="MiniBS >= lambda_max (Jensen)",
    statement="Under uniform batch sampling (with or without replacement) E_B[H_B] = H, and lambda_max is convex, "
              "so MiniBS = E_B[lambda_max(H_B)] >= lambda_max(H), at every theta (any loss, indefinite H allowed).",
    latex=r"\mathbb{E}_B[\lambda_{\max}(H_B)] \ge \lambda_{\max}(H)", source=SRC1, provenance="paper",
    conventions=CONV, domain="2-3-1 tanh MLP, half-MSE, n = 5 Gaussian samples (random data seed), theta = s z, s in [0.3, 3], "
                             "b in {1, 2, 3}, both batch laws; exact enumeration (the 'mean' normalisation "
                             "multiplies every term by 2 and is not searched)",
    notes="v1 abstract: MiniBS 'is always bigger than the sharpness'. Proof (derivation): unbiasedness of E_B H_B "
          "(general n, b), then the Rayleigh quotient of each H_B along H's top eigenvector.")
minibs.identity(D.jensen_minibs, name="derivation", states=D.jensen_statement)
minibs.property(given=C.ORDER_GIVEN, examples=40, name="ordering")(C.ordering)

bs_le = claim(
    "ab24.bs-below-minibs", title="Batch Sharpness <= MiniBS",
    statement="Each step sharpness is a Rayleigh quotient of H_B, so BS = E_B[R_B] <= E_B[lambda_max(H_B)] = MiniBS.",
    latex=r"\mathbb{E}_B\Big[\frac{g_B^\top H_B g_B}{\|g_B\|^2}\Big] \le \mathbb{E}_B[\lambda_{\max}(H_B)]",
    source=DERIVED, provenance="derived", conventions=CONV, domain=minibs.domain)
bs_le.identity(D.rayleigh_bs, name="derivation", states=D.rayleigh_statement)
bs_le.property(given=C.ORDER_GIVEN, examples=40, name="ordering")(lambda **k: C.ordering(**k, pair="minibs-bs"))

mc = claim(
    "ab24.monte-carlo-estimator", title="The official Monte Carlo Batch Sharpness estimates the exact one",
    statement="The official code's estimator (fresh batches of the stated law, one HVP along g_B each, 20 to 1000 "
              "batches, stop at relative standard error < 0.005) is within 4.5 of its standard errors of the exact "
              "Batch Sharpness of the same batch law.",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="2-3-1 tanh MLP, half-MSE, n = 5, data seeds {0, 1} (quick) / {0..3}, theta ~ N(0, I), b in {2, 3}, "
           "both batch laws (b = 1: the laws coincide)",
    notes="The experiments read Batch Sharpness through this estimator, so its law is part of the claim: drawing "
          "'without replacement' batches with replacement shifts BS by 4-12 standard errors here (the variant).")
mc.experiment(C.monte_carlo_agreement, name="monte_carlo")

T1_DOMAIN = ("quadratic model, p in {2, 3, 4}, K in {2, 3, 5} equally likely batches, H_B with eigenvalues in [0, 1] "
             "(psd) or [-1, 1] (indefinite), eps in [0, 0.5], eta BS = 2 + eps + delta, delta in [0.01, 1], BS > 0")
t1 = claim(
    "ab24.theorem1-mechanism", title="Theorem 1 on the quadratic model: BS > (2 + eps)/eta makes |g_B| grow",
    statement="On the quadratic model, with the same batch used for the step and the measurement, "
              "E_B[|g_B(theta+)|^2 / |g_B(theta)|^2] >= (1 - eta BS)^2 > (1 + eps)^2 when BS > (2 + eps)/eta "
              "(including indefinite H_B).",
    latex=r"\eta\,\mathrm{BS} > 2+\varepsilon \Rightarrow \mathbb{E}_B\frac{\|(I-\eta H_B)g_B\|^2}{\|g_B\|^2} \ge (1-\eta\,\mathrm{BS})^2 > (1+\varepsilon)^2",
    source=SRC4, provenance="paper", conventions=CONV, domain=T1_DOMAIN,
    notes="Reading (Theorem 1's text unread): 'divergence event in expectation' = the expected one-step growth of "
          "the squared mini-batch gradient norm exceeds (1 + eps)^2, the batch frozen over the step (g_B+ = "
          "(I - eta H_B) g_B). One-sided: BS < 2/eta does not certify stability.")
t1.identity(D.theorem1, name="derivation", states=D.theorem1_statement)
t1.property(given=C.T1_GIVEN, examples=80, name="theorem1")(C.theorem1)

lyap = claim(
    "ab24.almost-sure-vs-mean-square", title="Mean-square stability implies almost-sure stability, not conversely",
    statement="For SGD on a quadratic (x+ = (I - eta H_B) x), the top Lyapunov exponent is at most the mean-square "
              "exponent log rho(E[A (x) A]) / 2; so the almost-sure stability region contains the mean-square one.",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="per-sample Hessians a_i a_i^T, a_i in R^2 Gaussian, n in {3, 4}, B in {1, 2}, both batch laws, "
           "eta = f * eta_ms, f in [0.5, 1.6]; QR method, 40000 steps",
    notes="Digest Sec. 6: fix the stability notion. Jensen: E log|x_T| <= log E|x_T|^2 / 2.")
lyap.property(given=C.LY_GIVEN, examples=16, name="lyapunov_vs_mean_square")(C.lyapunov_vs_mean_square)
lyap.experiment(F.stability_regions)

eoss = claim(
    "ab24.edge-of-stochastic-stability", title="Under SGD Batch Sharpness hovers near 2/eta, lambda_max plateaus below",
    statement="Under SGD, Batch Sharpness rises and hovers near 2/eta while lambda_max plateaus below 2/eta, "
              "lower for smaller batches.",
    source=SRC3, provenance="paper", conventions=CONV,
    domain="tanh MLP 4-16-16-1 on 64 samples, eta = 0.5, b in {8, 16}, random reshuffling; 1200 (quick) / 3000 steps",
    notes="Readings: 'hovers near 2/eta' = |eta median(BS)/2 - 1| <= 0.15 over the second half (measured: 0.085 "
          "(b = 8) and 0.014 (b = 16) in quick, 0.041 and 0.022 in default; single BS estimates fluctuate by +-25% "
          "between records, their MC standard error is <= 0.05); 'plateaus below' = median lambda_max < 0.9 * 2/eta "
          "for b = 8 and below the median BS; 'lower for smaller batches' = median lambda_max(b = 8) < (b = 16). "
          "MiniBS along the run is ab24.minibs-along-sgd; path dependence is ab24.path-dependence, 'lambda_max stops "
          "rising once BS plateaus' ab24.lambda-stops-rising, the eta-dependence of the plateau "
          "ab24.lambda-plateau-vs-eta. This claim refines v1's ab24.minibs-at-edge (MiniBS replaced by BS).")
eoss.experiment(F.edge_of_stochastic_stability)

mb_run = claim(
    "ab24.minibs-along-sgd", title="Along SGD, MiniBS is above Batch Sharpness and above lambda_max",
    statement="At every checkpoint of an SGD run, Batch Sharpness <= MiniBS (each step sharpness is a Rayleigh "
              "quotient of H_B) and lambda_max <= MiniBS (Jensen; v1: MiniBS 'is always bigger than the sharpness').",
    latex=r"\mathrm{BS}(\theta_t) \le \mathbb{E}_B[\lambda_{\max}(H_B(\theta_t))] \ \text{and}\ "
          r"\lambda_{\max}(H(\theta_t)) \le \mathbb{E}_B[\lambda_{\max}(H_B(\theta_t))]",
    source=SRC1, provenance="paper", conventions=CONV,
    domain=eoss.domain + "; every 100 steps; MiniBS over 40 uniform b-subsets (Lanczos, 20 steps per batch)",
    notes="Measured quantities along the run of ab24.edge-of-stochastic-stability, each by its own estimator "
          "(BS: official Monte Carlo; MiniBS: independent batches, top Ritz values, a lower bound per batch; "
          "lambda_max: warm-started Lanczos), compared up to 4 combined standard errors. The exact orderings at "
          "fixed points are ab24.minibs-above-sharpness and ab24.bs-below-minibs; this claim checks that the "
          "instruments of the experiment agree with them along the run. The v1 claim 'MiniBS hovers at 2/eta' "
          "is ab24.minibs-at-edge (expected fails: MiniBS sits ~20-28% above 2/eta).")
mb_run.experiment(F.minibs_along_sgd)


mb_edge = claim(
    "ab24.minibs-at-edge", title="(v1) MiniBS hovers at 2/eta",
    statement="Under SGD, MiniBS = E_B[lambda_max(H_B)] rises and hovers at 2/eta (v1); read as "
              "|eta median(MiniBS)/2 - 1| <= 0.15 over the second half of each run (the band used for Batch "
              "Sharpness), plus 4 standard errors of the median.",
    latex=r"|\eta\,\mathrm{median}_t\,\mathbb{E}_B[\lambda_{\max}(H_B(\theta_t))]/2 - 1| \le 0.15",
    source=SRC1, provenance="paper", conventions=CONV, expected="fails", domain=mb_run.domain,
    notes="v1 abstract: the quantity at 2/eta is 'the average over the batches of the largest eigenvalue of the "
          "Hessian of the mini batch (MiniBS)'. Measured (quick): eta median(MiniBS)/2 = 1.19 (b = 8) and 1.27 "
          "(b = 16) while eta median(BS)/2 = 0.92 and 0.99 on the same records; the band plus 4 standard errors of "
          "the median is 0.21 (b = 8) and 0.20 (b = 16), so b = 16 refutes it; default: 1.23 and 1.28 against "
          "0.19 and 0.18 (both refute), BS 0.96 and 1.02. The MiniBS estimate is biased low "
          "(top Ritz values), so the true excess is at least this large. Read as false as stated: v3+ replaced "
          "MiniBS by Batch Sharpness, and that refinement is ab24.edge-of-stochastic-stability (BS inside the same "
          "band); MiniBS >= BS along the run is ab24.minibs-along-sgd.")
mb_edge.experiment(F.minibs_at_edge)


path = claim(
    "ab24.path-dependence", title="Batch Sharpness moves at once to the new 2/eta when eta changes mid-run",
    statement="After SGD has run at eta (Batch Sharpness near 2/eta), switching to a larger eta' moves Batch "
              "Sharpness to 2/eta' at once: within 150 steps of the switch, |eta' median(BS)/2 - 1| <= 0.15 (plus "
              "4 standard errors of the median).",
    source=SRC3, provenance="paper", conventions=CONV,
    domain="network of ab24.edge-of-stochastic-stability, b = 8, eta = 0.3 for 1200 (quick) / 3000 steps, then "
           "eta' = 0.5 for 150 steps, BS (official MC) every 25 steps",
    notes="Blog: 'changing hyperparameters mid-training gives path-dependent lambda_max; BS reacts immediately and "
          "re-saturates'. Reading: the median over the first 150 steps after the switch is within the band used "
          "for the BS plateau. Measured (quick): eta' median(BS)/2 = 1.03 (records 3.16, 4.11, 4.13, 4.49, 4.34, 3.53 "
          "every 25 steps after the switch; 2/eta' = 4), tolerance added 0.017; before the switch eta median(BS)/2 = "
          "0.89 over the last quarter of the eta = 0.3 run; lambda_max drops from 5.22 to 3.34 within 25 steps (path "
          "dependence of lambda_max, in the details). The variant reads 0.62 against the old edge. Default "
          "(3000 steps at eta = 0.3): 0.92 after the switch, 0.55 against the old edge. Only the increase of eta is encoded: after a decrease, "
          "BS is below the new edge and has to sharpen progressively (not 'at once').")
path.experiment(F.path_dependence)


lam_stop = claim(
    "ab24.lambda-stops-rising", title="lambda_max stops rising once Batch Sharpness reaches 2/eta",
    statement="Under SGD, lambda_max rises (progressive sharpening) while Batch Sharpness rises; once BS has "
              "reached 2/eta, lambda_max stops increasing: read as rho = (max_{t >= t*} lambda_max - lambda_max(t*)) "
              "/ (r (T - t*)) <= 0.3, t* the first record where BS (median of 3 records) is within 15% of 2/eta, r "
              "the least-squares rate of lambda_max from its minimum to t*, which must have risen by a factor >= 1.5.",
    latex=r"\frac{\max_{t\ge t^*}\lambda_{\max}(t)-\lambda_{\max}(t^*)}{r\,(T-t^*)} \le 0.3",
    source=SRC3, provenance="paper", conventions=CONV,
    domain="network of ab24.edge-of-stochastic-stability, b = 8, eta = 0.3 (2/eta = 6.67), 1200 (quick) / 3000 "
           "steps, lambda_max (Lanczos) and BS (official MC) every 50 steps",
    notes="Blog: 'lambda_max increases only while Batch Sharpness increases; once BS plateaus at 2/eta, lambda_max "
          "stops increasing'. Measured (quick): t* = 800, lambda_max rose 1.82 (step 50) -> 5.02 (factor 2.75, "
          "0.0035 per step); after t* its max is 5.29 (+5%), rho = 0.19 +- 0.05 (2 record-to-record fluctuations, "
          "sigma = 0.038), least-squares rate after t* 0.0007 per step (a fifth of the pre-plateau rate). "
          "Default (3000 steps): lambda_max reaches 5.80 (+16% over 2200 steps), rho = 0.10 +- 0.01, rate after t* "
          "0.00034 per step (a tenth). 'Stops' is read as 'slows to under 30% of its pre-plateau rate': lambda_max "
          "still creeps up slowly here. "
          "The variant (keeps rising at >= 70% of its pre-plateau rate) is refuted by the same check.")
lam_stop.experiment(F.lambda_after_plateau)


lam_eta = claim(
    "ab24.lambda-plateau-vs-eta", title="Larger eta, lower lambda_max plateau under SGD",
    statement="Under SGD with the same batch size, the plateau of lambda_max (median over the second half of the "
              "run) is lower for the larger learning rate.",
    source=SRC3, provenance="paper", conventions=CONV,
    domain="network of ab24.edge-of-stochastic-stability, b = 8, eta in {0.3, 0.5}, 1200 (quick) / 3000 steps",
    notes="Digest (abstract, blog): lambda_max 'plateaus below 2/eta and the plateau depends on batch size (smaller "
          "b or larger eta => lower lambda_max)'; the batch-size half is in ab24.edge-of-stochastic-stability. "
          "Reading: absolute lambda_max. Measured (quick): plateau 3.36 +- 0.08 (eta = 0.5) vs 5.07 +- 0.06 (eta = "
          "0.3), tolerance 4 combined se = 0.39. In units of the own edge the order is the other way: eta "
          "lambda/2 = 0.84 (eta = 0.5) vs 0.76 (eta = 0.3), so the claim follows here from both plateaus sitting "
          "below their 2/eta with 2/0.5 = 4 < 5.07, not from a larger relative suppression. Default: 3.44 +- 0.01 "
          "vs 5.72 +- 0.02, relative 0.860 vs 0.857.")
lam_eta.experiment(F.lambda_plateau_vs_eta)


# ------------------------------------------------------------------------------- variants
_variant = partial(variant, source=DERIVED, conventions=CONV)


_v = _variant("ab24.minibs-below-sharpness", "ab24.minibs-above-sharpness", "reversed: MiniBS <= lambda_max",
              "E_B[lambda_max(H_B)] <= lambda_max(H)")
_v.identity(lambda: D.jensen_minibs("<="), name="derivation", states=lambda: D.jensen_statement("<="))
_v.property(given=C.ORDER_GIVEN, examples=40, name="ordering")(lambda **k: C.ordering(**k, op="<="))
_v = _variant("ab24.bs-above-minibs", "ab24.bs-below-minibs", "reversed: BS >= MiniBS", "BS >= MiniBS")
_v.identity(lambda: D.rayleigh_bs("<="), name="derivation", states=lambda: D.rayleigh_statement("<="))
_v.property(given=C.ORDER_GIVEN, examples=40, name="ordering")(lambda **k: C.ordering(**k, pair="minibs-bs", op="<="))
_v = _variant("ab24.monte-carlo-estimator.drawn-with-replacement", "ab24.monte-carlo-estimator",
              "wrong batch law: with-replacement draws estimate the exact BS of both laws",
              "Monte Carlo BS with i.i.d. batches is within 4.5 SE of the exact BS of either batch law")
_v.experiment(lambda profile: C.monte_carlo_agreement(profile, draw="with_replacement"), name="monte_carlo")
_v = _variant("ab24.theorem1-threshold-one", "ab24.theorem1-mechanism", "threshold (1 + eps)/eta instead of (2 + eps)/eta",
              "BS > (1 + eps)/eta makes the expected growth exceed (1 + eps)^2")
_v.identity(lambda: D.theorem1(1), name="derivation", states=lambda: D.theorem1_statement(1))
_v.property(given=C.T1_GIVEN, examples=80, name="theorem1")(lambda **k: C.theorem1(**k, c=1.0))
_v = _variant("ab24.almost-sure-equals-mean-square", "ab24.almost-sure-vs-mean-square",
              "the two stability notions coincide (Lyapunov exponent >= mean-square exponent)",
              "top Lyapunov exponent >= log rho(E[A (x) A]) / 2")
# searched where the exponents are far apart (f >= 1.3): near f = 1 both are ~0 and a gap of a few standard
# errors cannot be confirmed (the runner asks for 10x the tolerance)
_v.property(given=dict(C.LY_GIVEN, f=st.floats(1.3, 1.6)), examples=16, name="lyapunov_vs_mean_square")(
    lambda **k: C.lyapunov_vs_mean_square(**k, op=">="))
_v.experiment(lambda profile: F.stability_regions(profile, op=">="), name="stability_regions")
_v = _variant("ab24.sgd-sharpness-at-edge", "ab24.edge-of-stochastic-stability",
              "GD behaviour under SGD: lambda_max itself at 2/eta",
              "under SGD with b = 8, lambda_max hovers within 10% of 2/eta")
_v.experiment(lambda profile: F.edge_of_stochastic_stability(profile, lam_reading="at_edge"),
              name="edge_of_stochastic_stability")
_v = _variant("ab24.minibs-below-sharpness-along-sgd", "ab24.minibs-along-sgd",
              "reversed along SGD: MiniBS <= lambda_max",
              "at every checkpoint of the SGD run, MiniBS = E_B[lambda_max(H_B)] is at most the sharpness lambda_max")
_v.experiment(lambda profile: F.minibs_along_sgd(profile, op="<="), name="minibs_along_sgd")
_v = _variant("ab24.minibs-at-half-edge", "ab24.minibs-at-edge", "wrong constant: MiniBS at 1/eta",
              "under SGD, MiniBS hovers at 1/eta: |eta median(MiniBS) - 1| <= 0.15 over the second half")
_v.experiment(lambda profile: F.minibs_at_edge(profile, target=1.0), name="minibs_at_edge")
_v = _variant("ab24.path-dependence.stays-at-old-edge", "ab24.path-dependence",
              "no reaction: BS stays at the old 2/eta after the switch",
              "within 150 steps after eta 0.3 -> 0.5, |0.3 median(BS)/2 - 1| <= 0.15 (BS stays at the old edge)")
_v.experiment(lambda profile: F.path_dependence(profile, reference="old"), name="path_dependence")
_v = _variant("ab24.lambda-keeps-rising", "ab24.lambda-stops-rising",
              "lambda_max keeps rising at its pre-plateau rate after BS reaches 2/eta",
              "after t*, lambda_max grows by at least 70% of its pre-plateau rate times the remaining steps (rho >= 0.7)")
_v.experiment(lambda profile: F.lambda_after_plateau(profile, op=">="), name="lambda_after_plateau")
_v = _variant("ab24.lambda-plateau-rises-with-eta", "ab24.lambda-plateau-vs-eta",
              "reversed: larger eta, higher lambda_max plateau",
              "under SGD with b = 8, the median lambda_max over the second half is higher at eta = 0.5 than at 0.3")
_v.experiment(lambda profile: F.lambda_plateau_vs_eta(profile, op=">"), name="lambda_plateau_vs_eta")
