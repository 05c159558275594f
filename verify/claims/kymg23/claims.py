"""Claim declarations of kymg23 (Kunin, Yamamura, Ma & Ganguli 2023, arXiv:2210.03820): the
asymmetric maximum margin bias of quasi-homogeneous neural networks.

Only the abstract and the start of the introduction could be read (digest
``papers/2210.03820-quasi-homogeneous-margin.md``): theorem statements and normalisations are
[unverified]; every reading is named in ``notes``.

Layout: 1. the definition and identities E1-E5 (sympy ``proved`` on the model library of
:mod:`verify.models.quasi_homogeneous`, checked numerically; residual and normalisation models; E3 by
dense autodiff Hessians); 2. the asymmetric max-margin experiments on ``f = a (w^T x) + b`` (limit, KKT
rate against log t, table 4.7 of the digest), the neural-collapse toy and the sparsity conjecture
(refuted on a ReLU net with biases, refined to the convex case); 3. variants (negative controls): a
wrong Lambda, a wrong exponent, a first-order drift, the Euclidean SVM as the limit, ...
"""

from __future__ import annotations

import functools

import sympy as sp

from derivations import quasi_homogeneous as D
from verify import Source, claim, variant
from verify.claims.kymg23 import checks as C
from verify.claims.kymg23 import collapse as NC
from verify.claims.kymg23 import sparsity as SP
from verify.claims.kymg23 import figures as F
from verify.models import quasi_homogeneous as M

SRC = Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2", where="abstract",
             url="https://arxiv.org/abs/2210.03820")
DERIVED = Source("Kunin et al. 2023 (setting); derived by the verify team", arxiv="2210.03820v2",
                 where="digest Sec. 4")
CONV = {
    "quasi-homogeneity": "f(x; exp(alpha Lambda) theta) = exp(alpha) f(x; theta), Lambda = diag(rates) >= 0",
    "rates": "affine_product a (w^T x) + b: (1/2, 1/2, 1/2, 1) (r = 1/2; r = 1/3 also valid); bias_mlp "
             "v^T relu(W x + c) + b: W, c, v 1/2, b 1; affine_linear w^T x + b: I",
    "loss": "exponential loss sum_i exp(-y_i f(x_i)) (sum, not mean); the experiments follow its gradient "
            "flow through GD on log sum_i exp(-q_i) with steps eta / (1 + a^2 + |w|^2) (a time change)",
    "normalisation": "theta~ = exp(-log(q_min) Lambda) theta (unit minimum margin along the characteristic "
                     "curve); the paper's normalisation is [unverified], directions do not depend on it",
    "asymmetric norm": "|theta|_max^2 = sum of theta_i^2 over the max-rate parameters (here b only)",
}
LIB = ("affine_product", "bias_mlp", "affine_linear", "deep_bias_mlp3")  # kymg23.quasi-homogeneity's models
QH_DOMAIN = "every alpha, theta, x (symbolic); numerically alpha in [-3, 3], |theta| ~ 10^[-1, 1], 6 Gaussian x in R^2"


def _per_model(c, fn, names=LIB, states=None, **kw):
    for name in names:
        c.identity(functools.partial(fn, name, **kw), name=name,
                   states=None if states is None else functools.partial(states, name))


# =====================================================================================
# 1. Definition and identities
# =====================================================================================
qh = claim(
    "kymg23.quasi-homogeneity", title="The model library is quasi-homogeneous with its natural Lambda",
    statement="f(x; exp(alpha Lambda) theta) = exp(alpha) f(x; theta) for f = a (w^T x) + b with rates "
              "(1/2, 1/2, 1/2, 1), a one-hidden-layer ReLU MLP with biases (rates 1/2, output bias 1) and "
              "f = w^T x + b (Lambda = I).",
    latex=r"f(x; e^{\alpha\Lambda}\theta) = e^{\alpha} f(x;\theta)",
    source=SRC, provenance="derived", conventions=CONV, domain=QH_DOMAIN,
    notes="The abstract: nearly all networks with homogeneous activations, even with biases, are "
          "quasi-homogeneous. The symbolic check writes ReLU as (z + |z|)/2; the numerical one evaluates the "
          "JAX model (an independent implementation) and normalises the defect by f(|x|; |theta|).")
_per_model(qh, D.quasi_homogeneity, states=D.quasi_homogeneity_statement)
qh.property(given=C.QH_GIVEN, examples=40)(C.qh_numerical)

euler = claim(
    "kymg23.euler", title="Generalised Euler identity (E1)",
    statement="<grad_theta f(x; theta), Lambda theta> = f(x; theta) for a Lambda-quasi-homogeneous f "
              "(wherever f is differentiable).",
    latex=r"\langle \nabla_\theta f, \Lambda\theta\rangle = f",
    source=DERIVED, provenance="derived", conventions=CONV, domain=QH_DOMAIN + "; off the ReLU kinks")
for _name in ("affine_product", "bias_mlp"):
    euler.identity(functools.partial(D.euler, _name), name=_name,
                   states=functools.partial(D.euler_statement, _name))
euler.property(given=C.QH_GIVEN, examples=40, name="qh_numerical")(
    functools.partial(C.qh_numerical, which="euler"))

cov = claim(
    "kymg23.gradient-covariance", title="Gradient covariance (E2)",
    statement="grad f(x; exp(alpha Lambda) theta) = exp(alpha (I - Lambda)) grad f(x; theta).",
    latex=r"\nabla f(\psi_\alpha\theta) = e^{\alpha(I-\Lambda)}\nabla f(\theta)",
    source=DERIVED, provenance="derived", conventions=CONV, domain=QH_DOMAIN,
    notes="Checked on affine_product and bias_mlp; for Lambda = I (affine_linear) it says grad f is constant.")
_per_model(cov, D.gradient_covariance, names=("affine_product", "bias_mlp"),
           states=D.gradient_covariance_statement)  # (trivial for Lambda = I)

arch = claim(
    "kymg23.residual-normalisation", title="Residual blocks and normalisation layers are quasi-homogeneous",
    statement="f = v^T (h + q relu(p^T h)) + b with h = relu(U x + c) (a residual block) is quasi-homogeneous with "
              "Lambda: U, c, v 1/2, branch weights p, q 0, b 1; f = a^T (W x)/|W x| + b (a normalisation layer and "
              "a linear head) with Lambda: W 0, a, b 1, and also with W at rate 1/2 (any common rate of the "
              "scale-invariant W).",
    latex=r"f(x; e^{\alpha\Lambda}\theta) = e^{\alpha} f(x;\theta)\ \text{(residual block, normalisation head)}",
    source=Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2", where="abstract ('even those with "
                  "biases, residual connections, and normalization layers')", url="https://arxiv.org/abs/2210.03820"),
    provenance="paper", conventions=CONV,
    domain=QH_DOMAIN + "; the models residual_mlp (13 parameters) and norm_head (7) of verify.models.quasi_homogeneous",
    notes="The abstract's statement, on two small instances (the paper's models were not read). Reading: the branch "
          "of a residual block must map a degree-s input to a degree-s output, so its weights get rate 0 (rates are "
          ">= 0 and p, q enter as a product); the weights before a normalisation layer are scale-invariant, so any "
          "common rate is valid and the max-rate group of norm_head is the head (a, b), as in the abstract's "
          "ResNet-18 remark (only the last layer's weight and bias are constrained). The symbolic check writes "
          "ReLU as (z + |z|)/2; the numerical one evaluates the independent JAX implementations.")
arch.identity(functools.partial(D.quasi_homogeneity, "residual_mlp"), name="residual_mlp",
              states=functools.partial(D.architecture_statement, "residual_mlp"))
arch.identity(functools.partial(D.quasi_homogeneity, "norm_head"), name="norm_head",
              states=functools.partial(D.architecture_statement, "norm_head"))
arch.identity(functools.partial(D.quasi_homogeneity, "norm_head", M.norm_head(sp.Rational(1, 2)).rates),
              name="norm_head_scale_invariant",
              states=functools.partial(D.architecture_statement, "norm_head", "scale-invariant"))
arch.property(given=C.ARCH_GIVEN, examples=40, name="qh_numerical")(C.qh_numerical)

hess = claim(
    "kymg23.hessian-covariance", title="Hessian covariance (E3)",
    statement="hess_theta f(x; exp(alpha Lambda) theta) = exp(alpha) exp(-alpha Lambda) hess_theta f(x; theta) "
              "exp(-alpha Lambda) for a Lambda-quasi-homogeneous f (wherever f is twice differentiable).",
    latex=r"\nabla^2 f(\psi_\alpha\theta) = e^{\alpha} e^{-\alpha\Lambda}\nabla^2 f(\theta) e^{-\alpha\Lambda}",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="alpha in [-3, 3], |theta| ~ 10^[-1, 1], 6 Gaussian x in R^2; models affine_product, bias_mlp, "
           "deep_bias_mlp3, residual_mlp, norm_head (affine_linear has a zero Hessian); off the ReLU kinks",
    notes="Digest E3. Checked numerically, not symbolically: on these models sympy decides every entry of "
          "the law while building it (the substituted Hessian entries are monomials that already carry the "
          "factor), which the identity kind rightly refuses as evidence. The check computes dense autodiff "
          "Hessians (jax.hessian) at theta and at psi_alpha theta and compares the pulled-back Hessian "
          "e^{-alpha} e^{alpha Lambda} H(psi_alpha theta) e^{alpha Lambda} with H(theta) "
          "(verify.measure.quasi_homogeneity.hessian_covariance_defect). Draws where H(theta) = 0 (every ReLU "
          "unit off) are rejected as no evidence.")
hess.property(given=C.HESS_GIVEN, examples=40)(C.hessian_covariance)

growth = claim(
    "kymg23.seminorm-growth", title="Growth of the Lambda-seminorm under gradient flow (E4)",
    statement="Along gradient flow of L = sum_i l_i(f(x_i)), d/dt theta^T Lambda theta = -2 sum_i l_i' f(x_i); for "
              "the exponential loss this is 2 sum_i e^{-q_i} q_i (> 0 once every margin q_i > 0).",
    latex=r"\tfrac{d}{dt}\theta^\top\Lambda\theta = 2\sum_i e^{-q_i} q_i",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="f = a (w^T x) + b, Lambda = (1/2, 1/2, 1/2, 1); two samples written out (linear in the samples)",
    notes="Digest E4 (analogue of Lyu & Li's d/dt |theta|^2 = 2 L sum e^{-q} q for degree-L homogeneity).")
growth.identity(D.seminorm_growth, name="seminorm_growth", states=D.seminorm_statement)

fav = claim(
    "kymg23.favoritism", title="Only the output bias is max-rate in a ReLU network with biases",
    statement="For a ReLU network with a bias in every layer and its natural Lambda (weights 1/L, bias of layer l "
              "rate l/L), the asymmetric norm keeps the output bias only: |theta|_max^2 = b_L^2; gradient flow "
              "favours a subset of the parameters, unlike the homogeneous case.",
    latex=r"\|\theta\|_{\max}^2 = b_L^2",
    source=Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2", where="abstract (favoritism)",
                  url="https://arxiv.org/abs/2210.03820"),
    provenance="paper", conventions=CONV,
    domain="L = 2 (bias_mlp, width 2) and L = 3 (deep_bias_mlp3, width 1), input dimension 2",
    notes="Reading: the natural Lambda (the digest's); Lambda is not unique, and the max-rate group is a "
          "property of the chosen Lambda. The abstract's ResNet-18 example (last layer weight and bias) is not "
          "encoded.")
for _name in ("bias_mlp", "deep_bias_mlp3"):
    fav.identity(functools.partial(D.favoritism, _name), name=_name,
                 states=functools.partial(D.favoritism_statement, _name))

cons = claim(
    "kymg23.conservation", title="theta^T (Lambda_1 - Lambda_2) theta is conserved by gradient flow (E5)",
    statement="For f = a (w^T x) + b, with the two valid rate vectors Lambda_1 (r = 1/2) and Lambda_2 (r = 1/3), "
              "Q = theta^T (Lambda_1 - Lambda_2) theta = (a^2 - |w|^2)/6 is constant along gradient flow of any "
              "loss L = sum_i l_i(f(x_i)).",
    latex=r"\tfrac{d}{dt}\,\theta^\top(\Lambda_1-\Lambda_2)\theta = 0",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="symbolic: any differentiable l_i (two samples written out; linear in the samples); numerically: "
           "exponential loss, 6 random points with random labels, theta_0 ~ N(0, I), t in [0, 2]",
    notes="Digest E5 (a Noether law of the rescaling symmetry; Kunin et al., Neural Mechanics).")
cons.identity(D.conservation_gf, name="gf_conservation", states=D.conservation_statement)
cons.property(given=C.GF_GIVEN, examples=12)(C.gf_conserved)

drift = claim(
    "kymg23.gd-drift", title="Under GD the conserved quantity drifts at O(eta^2) per step",
    statement="One GD step changes Q = theta^T (Lambda_1 - Lambda_2) theta by exactly eta^2 G^T (Lambda_1 - "
              "Lambda_2) G (G = grad L): the O(eta) term vanishes, so halving eta divides the drift by 4.",
    latex=r"Q(\theta - \eta G) - Q(\theta) = \eta^2 G^\top(\Lambda_1-\Lambda_2)G",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="symbolic: any differentiable loss through f; numerically: exponential loss, eta in [1e-3, 3e-2], "
           "slope log2(drift(eta)/drift(eta/2))")
drift.identity(D.gd_drift, name="gd_drift", states=D.gd_drift_statement)
drift.property(given=C.DRIFT_GIVEN, examples=24)(C.gd_drift_exponent)

# =====================================================================================
# 2. Asymmetric max-margin bias
# =====================================================================================
asym = claim(
    "kymg23.asymmetric-max-margin", title="GD/GF direction approaches a KKT point of the asymmetric problem",
    statement="For f = a (w^T x) + b on 2-D data separable but not through the origin, the gradient-flow iterate, "
              "normalised along its characteristic curve to unit minimum margin, approaches a KKT point of "
              "min 1/2 b^2 s.t. y_i f(x_i) >= 1 (the asymmetric norm keeps only the max-rate parameter b): the "
              "KKT residual decreases and b~ tends to the LP optimum b*, not to the free-bias SVM's bias.",
    latex=r"\theta(t)\ \to\ \mathrm{KKT}\Big(\min \tfrac12\|\theta\|_{\max}^2\ \mathrm{s.t.}\ y_i f(x_i;\theta)\ge 1\Big)",
    source=Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2", where="abstract; main theorem",
                  url="https://arxiv.org/abs/2210.03820"),
    provenance="paper", conventions=CONV, assumptions=("exponential loss", "after separability"),
    domain="one seeded 10-point data set (clusters around (1, 1) and (2.5, 2.5), std 0.25), theta_0 = "
           "(0.1, 0.1, -0.1, 0); quick 3e4, default 1e5 steps",
    notes="Reading: the paper's theorem is stated for gradient flow; we follow the GF path by small time-rescaled "
          "GD steps on log L (same path as eta -> 0). For this model every KKT point of the problem in (a, w, b) "
          "with a, w != 0 is a global minimum of the convex problem in (u = a w, b), so b~ -> b* is the KKT "
          "statement. The KKT residual is the NNLS residual of stationarity plus complementary slackness "
          "(verify.measure.max_margin.kkt_residual). Measured rate: residual ~ step^-1.1 in the rescaled GD, "
          "i.e. ~ q_min^-2.2 in the minimum margin (details kkt_loglog_slope, kkt_vs_qmin_slope).")
asym.experiment(F.asymmetric_limit)

kkt = claim(
    "kymg23.kkt-rate", title="The asymmetric KKT residual decays at least like 1/log t",
    statement="For f = a (w^T x) + b on 2-D data separable but not through the origin, the relative KKT residual "
              "of min 1/2 b^2 s.t. y_i f(x_i) >= 1 at the normalised gradient-flow iterate decays at least like "
              "1/log t (t the gradient-flow time of the exponential loss): residual(t) log t does not grow.",
    latex=r"\mathrm{KKT}(\tilde\theta(t)) = O(1/\log t)",
    source=DERIVED, provenance="derived", conventions=CONV, assumptions=("exponential loss", "after separability"),
    domain="the run of kymg23.asymmetric-max-margin (one seeded 10-point data set); compared between 10% of the run "
           "and its end; quick 3e4, default 1e5 steps (log t from ~9-16 to ~26-47)",
    notes="Digest Sec. 5 ('residuals -> 0 like 1/log t', the rate of Lyu & Li's (eps, delta)-KKT analysis); not a "
          "statement read in the paper. t is accumulated from the time-rescaled GD steps (verify.dynamics.scaled_gd, "
          "log_rate = -log L); log t - q_min stays ~1.15, so log t is the minimum margin up to a constant. Measured: "
          "residual ~ (log t)^-2.3 over the quick and default runs (faster than 1/log t), but the local exponent falls "
          "along the run (2.1, 1.5, 1.4 over the thirds of a 3e5-step run): the asymptotic rate may be 1/log t, and "
          "the variant's (log t)^-3 is refuted. Figure kkt_rate.")
kkt.experiment(F.kkt_rate)

nobias = claim(
    "kymg23.no-bias-limit", title="Data separable through the origin: b/|a w| -> 0, direction -> no-bias SVM",
    statement="For f = a (w^T x) + b on data separable through the origin, b/|a w| -> 0 along gradient flow and "
              "the direction of a w tends to the no-bias hard-margin SVM.",
    latex=r"b/\|a w\| \to 0,\quad a w/\|a w\| \to w_{\mathrm{SVM}, b=0}",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="one seeded 10-point data set (clusters around (0.5, 1.5) and (1.5, 0.3), std 0.25)",
    notes="Digest 4.7: the asymmetric problem is degenerate here (b* = 0) and the limit is fixed by the "
          "homogeneous sub-model's own max-margin bias (u = a w is degree-1 homogeneous in the rescaled time).")
nobias.experiment(F.origin_limit)

lyuli = claim(
    "kymg23.lyu-li-special-case", title="Lambda = I/L recovers the Euclidean max-margin (Lyu & Li)",
    statement="For the homogeneous model f = w^T x + b (Lambda = I, every parameter max-rate) the asymmetric "
              "problem is min 1/2 (|w|^2 + b^2) s.t. y_i f(x_i) >= 1: the gradient-flow direction of (w, b) tends to "
              "the SVM in the augmented space (x, 1), i.e. the regularised-bias SVM.",
    latex=r"(w, b)/\|(w, b)\| \to \arg\min\{\|w\|^2 + b^2 : y_i(w^\top x_i + b) \ge 1\}",
    source=Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2", where="abstract ('direct generalization')",
                  url="https://arxiv.org/abs/2210.03820"),
    provenance="paper", conventions=CONV, domain="the offset data set of kymg23.asymmetric-max-margin",
    notes="Checked on the degree-1 case only (Soudry et al. 2018 / Lyu & Li 2020); GD on log L with eta = 0.1.")
lyuli.experiment(F.homogeneous_limit)

robust = claim(
    "kymg23.robustness", title="The asymmetric limit is less robust than the SVMs",
    statement="On clustered 2-D data offset from the origin, the geometric margin of the GD limit of "
              "f = a (w^T x) + b is at most that of the regularised-bias SVM, itself at most that of the "
              "free-bias SVM.",
    latex=r"\gamma_{\mathrm{GD}} \le \gamma_{\mathrm{SVM},\ \mathrm{reg.\ bias}} \le \gamma_{\mathrm{SVM},\ \mathrm{free\ bias}}",
    source=Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2", where="Sec. 5 (robustness)",
                  url="https://arxiv.org/abs/2210.03820"),
    provenance="paper", conventions=CONV,
    domain="offset clusters around (1, 1) and (2.5, 2.5), std 0.25, seeds 0..3 (quick), 0..7 (default)",
    notes="The paper's words: 'strong favoritism toward minimizing an asymmetric norm can degrade the robustness'. "
          "Reading (digest 4.7, ours): the ordering of geometric margins min_i y_i f(x_i) / |u| (u = a w) on "
          "offset data. The second inequality holds for every data set (a free bias can only enlarge the "
          "margin); the first is the paper's point. Measured margins are in the details.")
robust.experiment(F.robustness)


collapse = claim(
    "kymg23.neural-collapse", title="Normalisation + linear head: gradient flow shows neural collapse",
    statement="For free unit-normalised features h_i = phi_i/|phi_i| (rate 0) with a linear head f = W h + b (rate 1), "
              "balanced classes and the multi-class exponential loss, gradient flow drives the features to their "
              "class means (NC1), the centred class means to a simplex equiangular tight frame with cosines "
              "-1/(K-1) (NC2), and the head W to a multiple of the centred class means (NC3).",
    latex=r"h_i \to \mu_{y_i},\quad \cos(\mu_k - \mu_G, \mu_l - \mu_G) \to -\tfrac{1}{K-1},\quad "
          r"W \propto (\mu_k - \mu_G)_k",
    source=Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2", where="abstract (neural collapse)",
                  url="https://arxiv.org/abs/2210.03820"),
    provenance="paper", conventions={**CONV, "loss": "multi-class exponential loss sum_i sum_{j != y_i} "
                                     "exp(-(f_{y_i} - f_j)), followed through GD on its log with steps "
                                     "0.5 / (1 + |W|^2 + |b|^2) (a time change)"},
    assumptions=("balanced classes", "features free (an expressive network) and normalised", "after separability"),
    domain="K in {3, 4} classes, 4 samples per class, feature dimension K; seed 0 (quick), seeds 0, 1 (default); "
           "3e4 / 1e5 steps",
    notes="The abstract: 'for sufficiently expressive neural networks with normalization layers, the theorem yields a "
          "universal mechanism behind Neural Collapse'. The paper's model and assumptions were not read [unverified]; "
          "the reading tested is the unconstrained-features toy of the digest (4.8): the max-rate group is the head "
          "(W, b), so the limit problem is min 1/2 (|W|^2 + |b|^2) s.t. multi-class margins >= 1 over unit features, "
          "whose optima are the simplex ETF. Measured (default): NC1 <= 7e-4, cosines within 1.4e-3 of -1/(K-1), "
          "NC3 <= 5.5e-3, |b|/|W| <= 3e-4 (details). Imbalanced classes (minority collapse) are outside the domain. "
          "Figure neural_collapse.")
collapse.experiment(NC.neural_collapse)


table = claim(
    "kymg23.table-4-7", title="Regression table: asymmetric vs homogeneous limits at 10^4 and 10^6 steps",
    statement="On ten 2-D points separable through the origin, at 10^4 and 10^6 steps: for f = a (w^T x) + b, "
              "b/|u| (u = a w) rounds to 0.000 (|.| < 1.5e-3), the geometric margin equals the no-bias SVM's to 3 "
              "decimals and cos(u, no-bias SVM) = 1.0000; |u| grows linearly (|u|(1e6)/|u|(1e4) = 100.7 +- 2); for "
              "f = w^T x + b the margin equals the regularised-bias SVM's to 3 decimals with cosine 1.0000; reference "
              "margins no-bias <= regularised <= free.",
    latex=r"\gamma_{\mathrm{quasi}} = \gamma_{\mathrm{SVM}, b=0} \le \gamma_{\mathrm{homog.}} = "
          r"\gamma_{\mathrm{SVM, reg.}} \le \gamma_{\mathrm{SVM, free}}",
    source=Source("Kunin et al. 2023 (setting); regression values of the verify team", arxiv="2210.03820v2",
                  where="digest table 4.7 (not a table of the paper)"),
    provenance="derived", conventions=CONV,
    domain="the seeded origin data set (5 + 5 points); the runs of kymg23.no-bias-limit (f = a w^T x + b) and "
           "plain GD on log L with eta = 0.1 (f = w^T x + b); 1e4 and 1e6 steps in every profile",
    notes="The table's data set was not recorded, so its data-dependent entries (margins 0.692 / 0.711 / 0.784, "
          "|u| = 685, |b| = 0.50 / 0.89) cannot be regenerated; the entries compared are those that do not depend "
          "on the data, at the table's printed precision (3 decimals, cosines 4). Regenerated here (details rows): "
          "margins 0.5331 (no-bias SVM, and the quasi-homogeneous limit), 0.5364 (regularised, and the homogeneous "
          "limit), 0.5385 (free); b/|u| = 6.7e-5, 1.6e-6; |u| ratio 100.1 (table 100.7); |b| grows like log k "
          "(0.18, 0.31, 0.44 at 1e4, 1e5, 1e6; table 0.50, 0.89).")
table.experiment(F.table_4_7)

sparse = claim(
    "kymg23.sparsity", title="Conjecture: unnecessary max-rate parameters are discarded (ReLU net with biases)",
    statement="(The paper's conjecture) the asymmetric norm minimisation discards, when possible, unnecessary "
              "higher-rate parameters. Reading tested: for f = v^T relu(W x + c) + b (width 2; b the only max-rate "
              "parameter) on 2-D data separable through the origin, where b = 0 is feasible, gradient flow's "
              "normalised output bias b / q_min tends to 0.",
    latex=r"b(t)/q_{\min}(t) \to 0 \quad\text{when } b = 0 \text{ is feasible}",
    source=Source("Kunin, Yamamura, Ma & Ganguli 2023", arxiv="2210.03820v2",
                  where="abstract ('discards, when possible, unnecessary higher-rate parameters'; a conjecture)",
                  url="https://arxiv.org/abs/2210.03820"),
    provenance="paper", expected="fails", conventions=CONV, assumptions=("exponential loss", "after separability"),
    domain="the origin data set of kymg23.no-bias-limit; theta_0 ~ 0.5 N(0, I) with b = 0, seeds 0..3 (quick), "
           "0..7 (default); runs that never separate are reported and skipped",
    notes="Stated as a conjecture in the paper; the reading (normalised max-rate parameter -> 0 whenever the data "
          "can be fit with it at 0) is ours. Measured: in every separating run of the domain |b / q_min| -> 1: one "
          "ReLU unit serves one class and the bias carries the other class's whole margin (the other class's units "
          "are off). That point is an exact KKT point of min 1/2 b^2 s.t. margins >= 1 (relative KKT residual 0: "
          "the off units have zero gradients), so the asymmetric max-margin theorem holds while the sparse global "
          "minimum b = 0 (feasible: the no-bias SVM written as relu(u^T x) - relu(-u^T x), detail "
          "sparse_point_min_margin) is not reached. Over seeds 0..15 (1e5 steps) 13 separating runs keep the bias, "
          "1 (seed 11) is sparse, 2 never separate. The same path at eta = 0.05 was checked. The refined claim "
          "kymg23.sparsity-convex holds.")
sparse.experiment(functools.partial(SP.sparsity, model="bias_mlp"), name="sparsity")

sparse_convex = claim(
    "kymg23.sparsity-convex", title="Sparsity holds when the asymmetric problem is convex (f = a w^T x + b)",
    statement="For f = a (w^T x) + b, whose asymmetric problem is convex in (u = a w, b), on 2-D data separable through "
              "the origin, gradient flow's normalised max-rate parameter b / q_min tends to 0.",
    latex=r"b(t)/q_{\min}(t) \to 0",
    source=DERIVED, provenance="refined", refines="kymg23.sparsity", conventions=CONV,
    assumptions=("exponential loss", "after separability", "the asymmetric problem is convex in a reparametrisation"),
    domain="the run of kymg23.no-bias-limit (one seeded data set, theta_0 = (0.1, 0.1, -0.1, 0))",
    notes="The condition found necessary: convexity (here in u = a w, so every KKT point is the global minimum b* = 0). "
          "The same check on bias_mlp (the paper's statement, kymg23.sparsity) is refuted. Measured b / q_min = "
          "5.6e-5 (quick), 2.2e-5 (default).")
sparse_convex.experiment(functools.partial(SP.sparsity, model="affine_product"), name="sparsity")


# =====================================================================================
# 3. Variants (negative controls)
# =====================================================================================
_variant = functools.partial(variant, source=DERIVED, conventions=CONV)


_v = _variant("kymg23.quasi-homogeneity-perturbed-rate", "kymg23.quasi-homogeneity",
              "Wrong Lambda: last rate + 1/10", "f(exp(alpha Lambda') theta) = e^alpha f(theta) with the last rate "
              "(the bias) raised by 1/10")
_per_model(_v, lambda name: D.quasi_homogeneity(name, M.perturbed_rates(M.LIBRARY[name]())),
           states=lambda name: D.quasi_homogeneity_statement(name, perturb=sp.Rational(1, 10)))
_v.property(given=C.QH_GIVEN, examples=40, name="qh_numerical")(
    functools.partial(C.qh_numerical, rates="perturbed"))

_v = _variant("kymg23.residual-normalisation-two-layer-rates", "kymg23.residual-normalisation",
              "The two-layer Lambda (every parameter 1/2, output bias 1) for the residual block and the norm head",
              "f(exp(alpha Lambda') theta) = e^alpha f(theta) with Lambda' = 1/2 for every parameter and 1 for the "
              "output bias b (valid for bias_mlp, not here: the residual branch and the head then scale wrongly)")
for _name in ("residual_mlp", "norm_head"):
    _v.identity(functools.partial(lambda n: D.quasi_homogeneity(
        n, [sp.Integer(1) if p.name == "b" else sp.Rational(1, 2) for p in M.LIBRARY[n]().params]), _name),
        name=_name, states=functools.partial(D.architecture_statement, _name, "two-layer"))
_v.property(given=C.ARCH_GIVEN, examples=40, name="qh_numerical")(functools.partial(C.qh_numerical, rates="two-layer"))

_variant("kymg23.sparsity-convex-unnormalised", "kymg23.sparsity-convex", "The raw bias tends to 0",
         "b(t) -> 0 without the normalisation by q_min (false: b grows along the flow, only b / q_min falls)").experiment(
    functools.partial(SP.sparsity, model="affine_product", normalised=False), name="sparsity")

_variant("kymg23.hessian-covariance-wrong-exponent", "kymg23.hessian-covariance",
         "E3 with e^{2 alpha} (the gradient law applied on both sides)",
         "hess f(psi_alpha theta) = e^{alpha (I - Lambda)} hess f(theta) e^{alpha (I - Lambda)} = e^{2 alpha} "
         "e^{-alpha Lambda} hess f e^{-alpha Lambda}").property(
    given=C.HESS_GIVEN, examples=40, name="hessian_covariance")(functools.partial(C.hessian_covariance, degree=2.0))

_v = _variant("kymg23.euler-wrong-rates", "kymg23.euler", "E1 with a wrong Lambda (last rate + 1/10)",
              "<grad f, Lambda' theta> = f with the bias rate raised by 1/10")
for _name in ("affine_product", "bias_mlp"):
    _v.identity(functools.partial(lambda n: D.euler(n, M.perturbed_rates(M.LIBRARY[n]())), _name), name=_name)
_v.property(given=C.QH_GIVEN, examples=40, name="qh_numerical")(
    functools.partial(C.qh_numerical, rates="perturbed", which="euler"))

_v = _variant("kymg23.gradient-covariance-wrong-rates", "kymg23.gradient-covariance",
              "E2 with a wrong Lambda (last rate + 1/10)", "grad f(psi'_alpha theta) = e^{alpha (I - Lambda')} grad f")
_per_model(_v, lambda name: D.gradient_covariance(name, M.perturbed_rates(M.LIBRARY[name]())),
           names=("affine_product", "bias_mlp"),
           states=lambda name: D.gradient_covariance_statement(name, perturb=sp.Rational(1, 10)))

_v = _variant("kymg23.favoritism-all-biases", "kymg23.favoritism", "Every bias is max-rate",
              "|theta|_max^2 = b_1^2 + ... + b_L^2")
_v.identity(lambda: D.favoritism("deep_bias_mlp3", claimed=("b1", "b2", "b3")), name="deep_bias_mlp3",
            states=lambda: D.favoritism_statement("deep_bias_mlp3", claimed=("b1", "b2", "b3")))

_variant("kymg23.seminorm-growth-factor-1", "kymg23.seminorm-growth", "E4 with factor 1 instead of 2",
         "d/dt theta^T Lambda theta = sum_i e^{-q_i} q_i").identity(lambda: D.seminorm_growth(factor=1),
                                                                    name="seminorm_growth")

_v = _variant("kymg23.conservation-invalid-lambda", "kymg23.conservation",
              "Conservation with an invalid Lambda_2 = (1/3, 1/3, 1/3, 1)",
              "theta^T (Lambda_1 - Lambda_2) theta conserved with Lambda_2 = (1/3, 1/3, 1/3, 1), not a valid Lambda")
_v.identity(lambda: D.conservation_gf(D.R_WRONG), name="gf_conservation")
_v.property(given=C.GF_GIVEN, examples=12, name="gf_conserved")(functools.partial(C.gf_conserved, lam2="invalid"))

_variant("kymg23.gd-drift-first-order", "kymg23.gd-drift", "GD drift of first order in eta",
         "halving eta halves the per-step drift of Q (exponent 1)").property(
    given=C.DRIFT_GIVEN, examples=24, name="gd_drift_exponent")(functools.partial(C.gd_drift_exponent, exponent=1.0))

_variant("kymg23.asymmetric-max-margin-euclidean", "kymg23.asymmetric-max-margin",
         "The limit is the Euclidean (free-bias) SVM", "the normalised bias tends to the free-bias SVM's bias").experiment(
    functools.partial(F.asymmetric_limit, reference="svm", figure=False), name="asymmetric_limit")

_variant("kymg23.kkt-rate-cubic", "kymg23.kkt-rate", "The KKT residual decays like (log t)^-3",
         "residual(t) (log t)^3 does not grow along the run").experiment(
    functools.partial(F.kkt_rate, exponent=3.0, figure=False), name="kkt_rate")

_variant("kymg23.neural-collapse-cosine-1-over-k", "kymg23.neural-collapse",
         "The class means collapse to cosines -1/K", "the centred class-mean cosines tend to -1/K").experiment(
    functools.partial(NC.neural_collapse, cosine="orthogonal-complement", figure=False), name="neural_collapse")

_variant("kymg23.table-4-7-regularised", "kymg23.table-4-7",
         "The quasi-homogeneous limit attains the regularised-bias SVM margin",
         "the geometric margin of f = a (w^T x) + b equals the regularised-bias SVM's to 3 decimals").experiment(
    functools.partial(F.table_4_7, quasi_reference="regularised"), name="table_4_7")

_variant("kymg23.lyu-li-free-bias", "kymg23.lyu-li-special-case", "The homogeneous limit is the free-bias SVM",
         "(w, b) tends to the free-bias SVM direction").experiment(
    functools.partial(F.homogeneous_limit, reference="free"), name="homogeneous_limit")

_variant("kymg23.robustness-reversed", "kymg23.robustness", "The asymmetric limit is the most robust",
         "the GD limit's geometric margin is at least the free-bias SVM's").experiment(
    functools.partial(F.robustness, order="free<=asymmetric"), name="robustness")

_variant("kymg23.no-bias-limit-free-svm", "kymg23.no-bias-limit", "The limit is the free-bias SVM",
         "a w tends to the free-bias SVM direction and b/|a w| to its b/|w|").experiment(
    functools.partial(F.origin_limit, reference="free", figure=False), name="origin_limit")
