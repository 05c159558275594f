"""Claim declarations of ckyg23 (Chen, Kunin, Yamamura, Ganguli 2023, arXiv:2306.04251v3):
stochastic collapse, how gradient noise attracts SGD dynamics towards simpler subnetworks.

Only the abstract, the introduction's start and the official code could be read (see the digest
``papers/2306.04251-stochastic-collapse.md``): theorem wording is unknown, so each claim below
encodes the abstract's words or the digest's derived closed forms, the reading stated in ``notes``.

Layout: (1) invariant sets (sympy + SGD with momentum and weight decay); (2) the 1-D attractivity
criterion with the diffusion convention explicit, GBM moments; (3) the quartic example (figure);
(4) the linear teacher-student soft threshold; (5) variants (negative controls).
"""

from __future__ import annotations

from functools import partial

import sympy as sp

from derivations import stochastic_collapse as D
from verify import Source, claim, variant
from verify.claims.ckyg23 import checks as C
from verify.claims.ckyg23 import figures as F
from verify.claims.ckyg23 import highdim as HD
from verify.claims.ckyg23 import sweep as SW

ARXIV = "2306.04251v3"
URL = "https://arxiv.org/abs/2306.04251"
SRC = Source("Chen, Kunin, Yamamura, Ganguli 2023", arxiv=ARXIV, where="abstract", url=URL)
CODE = Source("Chen, Kunin, Yamamura, Ganguli 2023 (official code, ccffccffcc/stochastic_collapse)", arxiv=ARXIV,
              where="Fig. 1 and Fig. 5 notebooks", url=URL)
DERIVED = Source("Chen, Kunin, Yamamura, Ganguli 2023 (setting); derived by the verify team", arxiv=ARXIV,
                 where="digest Sec. 4", url=URL)
SDE = {"SGF": "d theta = -L'(theta) dt + g(theta) dB (Ito); the paper's code writes g = sqrt(2 D)",
       "diffusion convention": "explicit parameter: sqrt2D (K = D''(0)), g (K = g'(0)^2), V = g^2 (K = V''(0)); "
                               "criterion alpha = L''(0) + c K with c = 1/2, 1/2, 1/4",
       "integrator": "verify.dynamics.sde, Milstein, Ito"}
SGD = {"SGD": "heavy ball with weight decay: m+ = beta m + grad_B + wd theta, theta+ = theta - eta m+, m_0 = 0",
       "loss": "(1/2) batch mean of squared residuals", "batches": "with replacement, size B in {1, 2, 4}",
       "network": "f(x) = W_2 sigma(W_1 x + b_1) + b_2, inputs x ~ N(0, I/3) in R^3, y ~ N(0, 1), width 4, n = 8 samples"}
INV_DOMAIN = "width 4; eta in [0.01, 0.1]; beta in [0, 0.8]; wd in [0, 0.01]; B in {1, 2, 4}; 60 steps; 8 seeds"

# =====================================================================================
# 1. Invariant sets
# =====================================================================================
sign = claim(
    "ckyg23.sign-invariant", title="Vanishing neurons form an invariant set (needs sigma(0) = 0 and zero bias)",
    statement="If sigma(0) = 0, the set {w_in,p = 0, b_p = 0, w_out,p = 0} of a hidden neuron p is invariant for SGD "
              "with any step size, batch sequence, momentum and weight decay (momentum buffer started in the set).",
    latex=r"\sigma(0)=0,\ \theta_0, m_0 \in A_p \Rightarrow \theta_k, m_k \in A_p\ \forall k",
    source=SRC, provenance="paper", conventions=SGD, assumptions=("sigma(0) = 0", "b_p = 0"),
    domain=INV_DOMAIN + "; activations tanh, ReLU, GELU",
    notes="Abstract: 'invariant sets ... sign-invariant ... correspond to simpler subnetworks'. Reading: the "
          "vanishing-neuron set with zero bias. The derivation is the general argument for one SGD+momentum+wd "
          "step on a 2-sample batch with a generic activation sigma (sigma(0) kept as a symbol: a_p+ = "
          "-eta sigma(0) mean residual); the oddness needed for the reflection R (sign flip) is not needed for "
          "invariance. The property check runs 60 steps in float64 and finds the neuron exactly 0.")
sign.identity(D.sign_invariance, name="derivation", states=lambda: D.statement(D.sign_invariance()))
sign.property(given=dict(C.GIVEN, activation=C.ACT_ZERO), examples=24)(C.invariance)
GRAD_GIVEN = {"width": C.GIVEN["width"], "seed": C.GIVEN["seed"]}
sign.property(given=dict(GRAD_GIVEN, activation=C.ACT_ZERO), examples=12, name="gradient_test")(C.gradient_test)

perm = claim(
    "ckyg23.permutation-invariant", title="Identical neurons form an invariant set (any activation)",
    statement="The set {w_in,p = w_in,q, b_p = b_q, w_out,p = w_out,q} is invariant for SGD with any step size, "
              "batch sequence, momentum and weight decay, for every activation.",
    latex=r"\theta_0, m_0 \in A_{pq} \Rightarrow \theta_k, m_k \in A_{pq}\ \forall k",
    source=SRC, provenance="paper", conventions=SGD, domain=INV_DOMAIN + "; activations tanh, ReLU, GELU, softplus, "
                                                                        "sigmoid",
    notes="The fixed set of the swap P of neurons p, q: l(P theta) = l(theta) gives grad l(P theta) = P grad l(theta) "
          "per sample, so on Fix(P) every per-sample gradient lies in Fix(P). The derivation verifies one step "
          "(generic sigma, 3 neurons, batch 2) and the gradient-difference identity off the set.")
perm.identity(D.permutation_invariance, name="derivation",
              states=lambda: D.statement(D.permutation_invariance()))
perm.property(given=dict(C.GIVEN, activation=C.ACT_ANY), examples=24, name="invariance")(
    lambda **k: C.invariance(**k, kind="perm"))
perm.property(given=dict(GRAD_GIVEN, activation=C.ACT_ANY), examples=12, name="gradient_test")(
    lambda **k: C.gradient_test(**k, kind="perm"))

# =====================================================================================
# 2. One-dimensional criterion, GBM moments
# =====================================================================================
att = claim(
    "ckyg23.attractivity-criterion", title="1-D criterion: alpha = L''(0) + D''(0)/2 > 0 attracts",
    statement="For d theta = -L'(theta) dt + sqrt(2 D(theta)) dB with L'(0) = D(0) = D'(0) = 0, the linearised "
              "dynamics has Lyapunov exponent -alpha, alpha = L''(0) + D''(0)/2: theta_t -> 0 a.s. iff alpha > 0. "
              "Convention-free: alpha = L''(0) + g'(0)^2/2 for noise g dB, = L''(0) + V''(0)/4 for variance V = g^2.",
    latex=r"\lambda = -\big(L''(0) + \tfrac12 D''(0)\big)",
    source=SRC, provenance="paper", conventions=SDE, assumptions=("L'(0) = 0", "g(0) = 0"),
    domain="h = L''(0) real, s = g'(0) > 0; simulated: (h, s) in {(0.5, 0.5), (0.5, 1), (-0.2, 1), (0.3, 1.2)}",
    notes="The abstract names a 'competition between curvature and noise'; the form alpha = L''(0) + D''(0)/2 is "
          "from a secondary summary, and D's normalisation is the code's sqrt(2D) [digest 4.1]. The derivation "
          "proves the exact exponent of the linear SDE for each convention (three identity checks); the "
          "experiment compares the mean of log|theta_T|/T over Milstein paths with -(h + K/2).")
att.identity(D.attractivity_all, name="derivation",
             states=lambda: D.statement(D.attractivity_all()))
att.experiment(F.lyapunov_gbm)

moments = claim(
    "ckyg23.gbm-moments", title="GBM: the mean ignores the noise; the p-th moment decays iff h > (p - 1) s^2/2",
    statement="For d theta = -h theta dt + s theta dB: E theta_t = theta_0 e^{-h t} for every s; E|theta_t|^p = "
              "|theta_0|^p exp(p t ((p - 1) s^2/2 - h)), which decays iff h > (p - 1) s^2/2; as p -> 0+ the rate "
              "per p tends to the Lyapunov exponent -(h + s^2/2).",
    latex=r"\mathbb E|\theta_t|^p = |\theta_0|^p e^{p t ((p-1)s^2/2 - h)}",
    source=DERIVED, provenance="derived", conventions=SDE, domain="h real, s > 0, p > 0; simulated p = 2, T = 1",
    notes="Pathwise collapse and moments differ: (h, s) = (0.3, 1.2) collapses a.s. (h + s^2/2 > 0) while its "
          "second moment grows (h < s^2/2).")
moments.identity(D.gbm_mean, name="mean", states=lambda: D.statement(D.gbm_mean()))
moments.identity(D.gbm_moment_threshold, name="moment_threshold",
                 states=lambda: D.statement(D.gbm_moment_threshold()))
moments.experiment(F.moments_gbm)

# =====================================================================================
# 3. Quartic example (Fig. 1)
# =====================================================================================
quartic = claim(
    "ckyg23.noise-strengthens", title="More noise makes a local maximum attractive (quartic example)",
    statement="For L = theta^4/4 - mu theta^2/2 and noise zeta theta dB, the origin (a local maximum of L) becomes "
              "attractive once zeta > sqrt(2 mu): the collapse probability jumps from 0 to 1 there; below it the "
              "stationary density ~ |theta|^{2 mu/zeta^2 - 2} e^{-theta^2/zeta^2}.",
    latex=r"\zeta > \sqrt{2\mu} \Rightarrow \theta_t \to 0\ \text{a.s.}",
    source=CODE, provenance="paper", conventions=SDE, domain="mu = 1.5, zeta in [0.2, 3], theta_0 ~ N(0, 4)",
    notes="Abstract: 'increasing the level of noise strengthens attractivity ... attractive invariant sets can be "
          "saddles or local maxima'. Criteria use grid points away from the threshold (zeta <= 0.8 zeta*, "
          ">= 1.25 zeta*): at finite T the transition is blurred.")
quartic.identity(D.quartic, name="derivation", states=lambda: D.statement(D.quartic()))
quartic.experiment(F.quartic_collapse)

single = claim(
    "ckyg23.single-neuron-threshold", title="Single tanh neuron: the saddle at 0 collapses iff eta zeta^2 sigma'(0)/2 > "
                                            "|sum xy| / sum x^2",
    statement="For y_hat = w_2 tanh(w_1 x), L = (1/2m) sum (y_hat_i - y_i)^2 and SGF noise sqrt(eta) zeta grad y_hat_i "
              "/ sqrt(m) per sample, the origin is a saddle (Hessian eigenvalues +-sigma'(0)(1/m) sum x y) and is "
              "attractive iff eta zeta^2 sigma'(0)/2 > |sum x y| / sum x^2.",
    latex=r"\eta\zeta^2\sigma'(0)/2 > |	extstyle\sum x_iy_i| / \sum x_i^2",
    source=CODE, provenance="paper", conventions=dict(SDE, noise="label-noise type: G = sqrt(eta) zeta [grad y_hat_i] "
                                                               "/ sqrt(m), one Brownian motion per sample"),
    domain="derivation: m = 3 symbolic samples, sigma(z) = d_1 z + d_2 z^2 + d_3 z^3 near 0; simulation: m = 32, "
           "x ~ N(0, 1), y = x + 0.1 N(0, 1), zeta = 1, noise ratio in {0.5, ..., 2}",
    notes="Fig. 2 of the code (legend 'Theorem 5.1'); the digest derives the threshold from the decoupling of "
          "u = w_1 + w_2 and v = w_1 - w_2 (one effective Brownian motion). Criteria use ratios <= 0.75 and "
          ">= 1.33 (finite-T blur near 1).")
single.identity(D.single_neuron, name="derivation", states=lambda: D.statement(D.single_neuron()))
single.experiment(F.single_neuron)

disc = claim(
    "ckyg23.discrete-sgd", title="Discrete SGD: exponent (1/2) log|(1 - eta h)^2 - eta s^2|, SGF to first order",
    statement="For theta+ = (1 - eta h + sqrt(eta) s eps) theta with eps = +-1 (two-sample noise), the Lyapunov exponent "
              "is (1/2) log|(1 - eta h)^2 - eta s^2| = eta (-h - s^2/2) + eta^2 (-h^2/2 - h s^2 - s^4/4) + O(eta^3): "
              "collapse iff |(1 - eta h)^2 - eta s^2| < 1, which adds an upper noise limit that SGF lacks.",
    latex=r"\lambda = \tfrac12\log|(1-\eta h)^2 - \eta s^2|",
    source=DERIVED, provenance="derived", conventions={"SGD": "theta+ = (1 - eta h + sqrt(eta) s eps) theta, eps = +-1",
                                                       "SGF": "d theta = -h theta dt + s theta dB (time t = eta k)"},
    domain="derivation: eta > 0, 0 < eta s^2 < (1 - eta h)^2; simulation: eta = 0.1, h = -0.5 (a maximum), "
           "eta s^2 in {0.05, 0.5, 1, 1.5, 2.5, 3}, 2000 steps, 200 paths",
    notes="Digest 4.7. At eta s^2 = 2.5 and 3 the SGF criterion predicts collapse, but discrete SGD does not collapse "
          "(its upper noise limit, eta s^2 < (1 - eta h)^2 + 1): the variant ckyg23.discrete-sgd.sgf-rule is refuted there.")
disc.identity(D.discrete_sgd, name="derivation", states=lambda: D.statement(D.discrete_sgd()))
disc.experiment(lambda: C.discrete_collapse(), name="discrete_collapse")

sgd_sn = claim(
    "ckyg23.single-neuron-sgd", title="Discrete label-noise SGD on the single neuron: collapse iff the exact discrete "
                                      "exponent is negative; the paper's threshold at small eta, not at eta = 0.2",
    statement="Label-noise SGD w+ = w - eta grad (1/2)(y_hat_i - y_i - xi)^2 (batch 1, i uniform, xi ~ N(0, s^2)) on "
              "y_hat = w_2 tanh(w_1 x), started near the saddle w = 0, collapses to it iff max(lambda_u, lambda_v) < 0, "
              "lambda_u,v = (1/m) sum_i E log|1 +- eta (y_i + xi) x_i| (u, v = w_1 +- w_2); log|u_k| then falls at the "
              "rate lambda_u per step. At eta = 0.05 this is the paper's threshold eta Var(a) sigma'(0)/2 > (1/m) sum "
              "x y (a = (y_i + xi) x_i); at eta = 0.2 and ratio 1.33 the SGF threshold predicts collapse, SGD does not.",
    latex=r"\text{collapse} \iff \max_\pm \tfrac1m\sum_i \mathbb E\log|1 \pm \eta (y_i+\xi) x_i| < 0",
    source=DERIVED, provenance="derived",
    conventions={"SGD": "label-noise SGD (verify.dynamics.label_noise.step_gradient): batch 1 with replacement, loss "
                        "(1/2)(y_hat - y - xi)^2, xi ~ N(0, s^2) fresh each step; no momentum, no weight decay",
                 "paper's threshold": "eta zeta^2 sigma'(0)/2 > sum x y / sum x^2 (SGF noise eta zeta^2 (1/m) sum "
                                      "grad y_hat grad y_hat^T); for this SGD the per-step noise of the linearised "
                                      "gradient is Var(a) (J w)(J w)^T, so zeta^2 (1/m) sum x^2 is read as "
                                      "Var(a) = (1/m) sum (y^2 + s^2) x^2 - mu^2 (label AND sampling noise); "
                                      "ratio r = eta Var(a) / (2 mu), mu = (1/m) sum x y",
                 "collapse": "|w_K| < 1e-9 after K = 2500 steps from w_0 ~ 1e-8 N(0, I)"},
    assumptions=("sigma = tanh (sigma(0) = 0, sigma'(0) = 1)", "mu > 0"),
    domain="Fig. 2 data (m = 32, x ~ N(0, 1), y = x + 0.1 N(0, 1)); eta = 0.05 with r in {0.5, 0.75, 1.33, 2, 3}; "
           "eta = 0.2 with r = 1.33; 64 (quick) / 256 paths; phase diagram: eta in linspace(0.02, 0.3, 8) x s in "
           "linspace(1, 14, 8), 24 (quick) / 64 paths per cell",
    notes="The paper and its code state the threshold for the SGF; this is the discrete SGD it approximates. The "
          "discrete exponent comes from the exact linearisation (one effective scalar noise a, so u and v decouple) "
          "and E log|m + sd g| in closed form (Dawson's function). At small eta it agrees with the SGF threshold "
          "(the collapse fractions flip between r = 0.75 and 1.33), but the SGF rate eta mu (1 - r) overstates the "
          "speed of collapse at large noise (r = 3: -0.096 vs -0.053 per step measured and predicted), and at "
          "eta = 0.2 the SGF threshold is wrong: lambda_u = +0.039 > 0 at r = 1.33.")
sgd_sn.experiment(C.single_neuron_sgd)
sgd_sn.experiment(F.phase_diagram)

suff = claim(
    "ckyg23.sufficient-condition-conservative",
    title="High-dimensional criterion inf_u [u^T H u - tr D(u) + 2 u^T D(u) u] > 0: sufficient, not necessary",
    statement="For the linearised SGF dz = -H z dt + sum_k B_k z dW_k around an invariant set, D(u) = (1/2) sum_k "
              "(B_k u)(B_k u)^T, the Ito drift of log|z| is -q(z/|z|), q(u) = u^T H u - tr D(u) + 2 u^T D(u) u, so "
              "inf_{|u|=1} q > 0 implies a.s. exponential collapse (top Lyapunov exponent <= -inf q). The condition "
              "is conservative: for the single neuron (H = -c J, B = k J) inf q < 0 although the exponent "
              "c - k^2/2 is negative once k^2/2 > c.",
    latex=r"\lambda_1 \le -\inf_{|u|=1}\big[u^\top H u - \operatorname{tr} D(u) + 2u^\top D(u) u\big]",
    source=DERIVED, provenance="derived",
    conventions={"SGF": "dz = -H z dt + sum_k B_k z dW_k (Ito), the normal displacement from the invariant set",
                 "diffusion": "D(u) = (1/2) sum_k (B_k u)(B_k u)^T, i.e. the code's sqrt(2 D) convention",
                 "exponent": "lambda_1 = lim (1/t) log|z_t| a.s.; measured by verify.measure.lyapunov.top_lyapunov "
                             "on the Euler family I - H dt + sqrt(dt) sum eps_k B_k, eps = +-1, divided by dt"},
    assumptions=("linear SDE (the linearisation at the invariant set)", "d = 2 in the derivation and the instances"),
    domain="derivation: generic symmetric 2x2 H, generic 2x2 B; simulation: single neuron c = 0.5, k^2 = 1.5; "
           "isotropic H = 0.2 I, B = I; one generic instance with two noise matrices; dt = 0.02 and 0.01, T = 3000 "
           "(quick) / 12000",
    notes="Abstract: 'we establish a sufficient condition for the stochastic attractivity of these simple invariant "
          "sets'; the condition's form is the digest's derived one (Sec. 4.5; the paper's theorem wording was not "
          "read). The isotropic instance is the control where the condition is sharp (q constant = -lambda). The "
          "single-neuron instance is exactly the case of ckyg23.single-neuron-threshold, which the digest notes the "
          "condition does not certify: collapse there needs the exact exponent.")
suff.identity(D.sufficient_condition, name="derivation", states=lambda: D.statement(D.sufficient_condition()))
suff.experiment(HD.conservative)

hyper = claim(
    "ckyg23.hyperparameters", title="Fewer independent neurons with larger step size, smaller batch, more label noise",
    statement="After SGD training, the fraction of independent neurons (vanishing and identical neurons merged) "
              "decreases with a larger learning rate, a smaller batch size and a larger label noise.",
    latex=r"\text{frac}_{\text{indep}} \downarrow \text{ as } \eta \uparrow,\ B \downarrow,\ \sigma \uparrow",
    source=Source("Chen, Kunin, Yamamura, Ganguli 2023", arxiv=ARXIV, where="abstract; Figs. 3-4 (official code sweeps)",
                  url=URL),
    provenance="paper",
    conventions={"SGD": "theta+ = theta - eta (grad_B + wd theta), B indices with replacement, wd = 1e-3, no momentum, "
                        "4000 steps", "label noise": "xi ~ N(0, sigma^2) added to the target at every access (paper)",
                 "metric": "verify.measure.neurons.independent_fraction: w_cat = [incoming, outgoing], vanishing if "
                           "|w|/max|w| < 0.1, identical if 2|w_i - w_j|^2/(|w_i|^2 + |w_j|^2) < 0.1 (greedy); "
                           "#clusters / #neurons (the code's thresholds)",
                 "network": "f(x) = a^T tanh(W x), x in R^4, width 16, no biases; n = 32, one-neuron teacher "
                            "y = tanh(2 x . a*) + 0.1 N(0, 1)"},
    assumptions=("one factor changed at a time from eta = 0.1, B = 16, sigma = 0.5",),
    domain="eta in {0.1, 0.2, 0.4}, B in {16, 4, 1}, sigma in {0.5, 1.5, 3}; 4 (quick) / 8 seeds",
    notes="The paper's sweeps are VGG-16 / ResNet-18 on CIFAR (momentum 0.9, wd 5e-4, 1e5-1e6 steps); this is the "
          "same measurement on a small network where it runs in seconds: a scaled-down reproduction of the "
          "direction of the effect, not of its magnitudes. Final train losses stay small (<= 0.03, recorded), so the "
          "drop is collapse onto simpler subnetworks that still fit, not divergence. Weight decay (1e-3) is on in "
          "every run, as in the paper's runs; it adds curvature toward the vanishing set.")
hyper.experiment(SW.hyperparameter_sweep)

# =====================================================================================
# 4. Teacher-student
# =====================================================================================
ts = claim(
    "ckyg23.teacher-student", title="Linear teacher-student: soft threshold E[pi]_inf = max(0, s - eta sigma^2/2)",
    statement="A balanced mode of the linear teacher-student SGF, d pi = 2 pi (s + k^2/2 - pi) dt + 2 k pi dB with "
              "k^2 = eta sigma^2, has the Gamma stationary law with mean s - eta sigma^2/2 when s > eta sigma^2/2 "
              "and collapses to 0 otherwise.",
    latex=r"\mathbb E[\pi]_\infty = \max(0, s_i - \eta\sigma^2/2)",
    source=CODE, provenance="paper", conventions=dict(SDE, noise="label noise xi ~ N(0, sigma^2) on the residual, "
                                                               "k^2 = eta sigma^2"),
    domain="s in {0.2, 0.5, 0.8, 1.0}, eta sigma^2 in {0.2, 0.8, 1.6}; points with |s - eta sigma^2/2| < 0.1 left out",
    notes="Abstract: 'stochastic collapse benefits generalization in a linear teacher-student framework'; the soft "
          "threshold is the digest's reading of the official Fig. 5 notebook. Simulated: the (u, v) SDE with one "
          "Brownian motion (Milstein, scalar noise), u_0 = v_0 = 1.")
ts.identity(D.teacher_student, name="derivation", states=lambda: D.statement(D.teacher_student()))
ts.experiment(F.teacher_student)


# =====================================================================================
# 5. Variants (negative controls)
# =====================================================================================
_variant = partial(variant, source=DERIVED)  # conventions=SGD or SDE per control


_v = _variant("ckyg23.sign-invariant.nonzero-activation", "ckyg23.sign-invariant",
              "vanishing neuron invariant with sigma(0) != 0 (softplus, sigmoid)",
              "the vanishing-neuron set is invariant for softplus / sigmoid (sigma(0) != 0)", conventions=SGD)
_v.identity(lambda: D.sign_invariance("softplus"), name="derivation",
            states=lambda: D.statement(D.sign_invariance("softplus")))
_v.property(given=dict(C.GIVEN, activation=C.ACT_NONZERO), examples=24, name="invariance")(C.invariance)
_v.property(given=dict(GRAD_GIVEN, activation=C.ACT_NONZERO), examples=12, name="gradient_test")(C.gradient_test)
_v = _variant("ckyg23.sign-invariant.nonzero-bias", "ckyg23.sign-invariant", "vanishing neuron with a free bias",
              "{w_in,p = 0, w_out,p = 0} with b_p = 0.5 is invariant (the zero-bias assumption dropped); the "
              "gradient test takes the linear set {w_in,p = 0, w_out,p = 0} with b_p free",
              conventions=SGD)
_v.property(given=dict(C.GIVEN, activation=C.ACT_ZERO), examples=24, name="invariance")(
    lambda **k: C.invariance(**k, bias=0.5))
_v.property(given=dict(GRAD_GIVEN, activation=C.ACT_ZERO), examples=12, name="gradient_test")(
    lambda **k: C.gradient_test(**k, bias_free=True))
_v = _variant("ckyg23.permutation-invariant.incoming-only", "ckyg23.permutation-invariant",
              "tying only the incoming weights", "{w_in,p = w_in,q, b_p = b_q} (outgoing weights free) is invariant",
              conventions=SGD)
_v.identity(lambda: D.permutation_invariance(False, "linear"), name="derivation")
_v.property(given=dict(C.GIVEN, activation=C.ACT_ANY), examples=24, name="invariance")(
    lambda **k: C.invariance(**k, kind="perm-in"))
_v.property(given=dict(GRAD_GIVEN, activation=C.ACT_ANY), examples=12, name="gradient_test")(
    lambda **k: C.gradient_test(**k, kind="perm-in"))
_v = _variant("ckyg23.attractivity-criterion.variance-half", "ckyg23.attractivity-criterion",
              "criterion L''(0) + V''(0)/2 with the variance V = g^2 (wrong convention)",
              "lambda = -(L''(0) + V''(0)/2) with V = g^2: the sqrt(2D) constant applied to the variance",
              conventions=SDE)
_v.identity(lambda: D.attractivity_1d("V", sp.Rational(1, 2)), name="derivation",
            states=lambda: D.statement(D.attractivity_1d("V", sp.Rational(1, 2))))
_v.experiment(lambda profile: F.lyapunov_gbm(profile, convention="V", c=0.5), name="lyapunov_gbm")
_v = _variant("ckyg23.gbm-moments.lyapunov-mean", "ckyg23.gbm-moments", "the mean decays at the pathwise rate",
              "E theta_t = theta_0 exp(-(h + s^2/2) t)", conventions=SDE)
_v.identity(lambda: D.gbm_mean("lyapunov"), name="mean")
_v.experiment(lambda profile: F.moments_gbm(profile, mean_rate="lyapunov"), name="moments_gbm")
_v = _variant("ckyg23.gbm-moments.threshold-p", "ckyg23.gbm-moments", "p-th moment threshold h > p s^2/2",
              "E|theta_t|^p decays iff h > p s^2/2 (rate p t (p s^2/2 - h))", conventions=SDE)
_v.identity(lambda: D.gbm_moment_threshold(0), name="moment_threshold",
            states=lambda: D.statement(D.gbm_moment_threshold(0)))
_v.experiment(lambda profile: F.moments_gbm(profile, shift=0.0), name="moments_gbm")
_v = _variant("ckyg23.noise-strengthens.threshold-sqrt-mu", "ckyg23.noise-strengthens",
         "threshold zeta* = sqrt(mu) (factor-1/2 convention slip)",
         "the origin is attractive once zeta > sqrt(mu)", conventions=SDE)
_v.identity(lambda: D.quartic(1), name="derivation", states=lambda: D.statement(D.quartic(1)))
_v.experiment(lambda profile: F.quartic_collapse(profile, threshold_factor=1.0), name="quartic_collapse")
_v = _variant("ckyg23.single-neuron-threshold.no-half", "ckyg23.single-neuron-threshold",
              "threshold eta zeta^2 sigma'(0) > |sum xy| / sum x^2 (factor 1/2 dropped)",
              "the origin collapses iff eta zeta^2 sigma'(0) > |sum x y| / sum x^2", conventions=SDE)
_v.identity(lambda: D.single_neuron(c_thr=1), name="derivation", states=lambda: D.statement(D.single_neuron(c_thr=1)))
_v.experiment(lambda profile: F.single_neuron(profile, factor=0.5), name="single_neuron")
_v = _variant("ckyg23.discrete-sgd.sgf-rule", "ckyg23.discrete-sgd", "SGF criterion for discrete SGD; s^4 coefficient -1/2",
              "discrete SGD collapses iff h + s^2/2 > 0 (the SGF rule), and the eta^2 coefficient of s^4 is -1/2",
              conventions=SDE)
_v.identity(lambda: D.discrete_sgd(c2=sp.Rational(-1, 2)), name="derivation",
            states=lambda: D.statement(D.discrete_sgd(c2=sp.Rational(-1, 2))))
_v.experiment(lambda: C.discrete_collapse(rule="sgf"), name="discrete_collapse")
_v = _variant("ckyg23.teacher-student.full-variance", "ckyg23.teacher-student", "threshold s - eta sigma^2",
              "E[pi]_inf = max(0, s - eta sigma^2) (no factor 1/2)", conventions=SDE)
_v.identity(lambda: D.teacher_student(1), name="derivation", states=lambda: D.statement(D.teacher_student(1)))
_v.experiment(lambda profile: F.teacher_student(profile, c=1.0), name="teacher_student")
_v = _variant("ckyg23.sufficient-condition-conservative.necessary", "ckyg23.sufficient-condition-conservative",
              "the sufficient condition is also necessary",
              "inf_u q(u) <= 0 implies no a.s. collapse (top exponent >= 0)", conventions=SDE)
_v.experiment(lambda profile: HD.conservative(profile, rule="iff"), name="conservative")
_v = _variant("ckyg23.sufficient-condition-conservative.coefficient-one", "ckyg23.sufficient-condition-conservative",
              "coefficient 1 in front of u^T D(u) u",
              "Ito drift of log|z| = -(u^T H u - tr D(u) + u^T D(u) u)", conventions=SDE)
_v.identity(lambda: D.sufficient_condition(1), name="derivation",
            states=lambda: D.statement(D.sufficient_condition(1)))
_v = _variant("ckyg23.single-neuron-sgd.sgf-rule", "ckyg23.single-neuron-sgd",
              "the SGF threshold and rate for discrete SGD",
              "label-noise SGD collapses iff r = eta Var(a) / (2 mu) > 1, at the per-step rate eta mu (1 - r)",
              conventions=SGD)
_v.experiment(lambda profile: C.single_neuron_sgd(profile, rule="sgf"), name="single_neuron_sgd")
_v.experiment(lambda profile: F.phase_diagram(profile, rule="sgf"), name="phase_diagram")
_v = _variant("ckyg23.hyperparameters.batch-reversed", "ckyg23.hyperparameters",
              "fewer independent neurons with a LARGER batch",
              "the fraction of independent neurons decreases as the batch size grows", conventions=SGD)
_v.experiment(lambda profile: SW.hyperparameter_sweep(profile, reverse=("batch",)), name="hyperparameter_sweep")
_v = _variant("ckyg23.single-neuron-sgd.rate-resolution", "ckyg23.single-neuron-sgd",
              "collapse rate 1.3 lambda_u (resolution control)",
              "log|u_k| falls at 1.3 lambda_u per step (the exact discrete exponent off by 30%)", conventions=SGD)
_v.experiment(lambda profile: C.single_neuron_sgd(profile, rate_factor=1.3), name="single_neuron_sgd")
