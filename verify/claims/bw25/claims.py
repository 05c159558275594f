"""Claim declarations of bw25 (Beneventano & Woodworth 2025, arXiv:2501.09137v1): GD converges
linearly to flatter minima than gradient flow in shallow linear networks.

Model: ``L(a, b) = 1/2 (a^T b - Phi)^2``, ``a, b in R^d`` (``verify.models.depth2``).
Only the abstract and the start of the introduction could be read (see the digest
``papers/2501.09137-depth2-linear-gd.md``): theorem constants are unknown, so the paper
claims below encode the abstract's words, each reading stated in ``notes``.

Layout (each block: claim, its checks, its negative control):

1. derived identities (sympy, ``proved``): decoupling, imbalance, residual / norm,
   Hessian, GF limit, GD limit, sharpness floor;
2. paper claims as stated (``expected="fails"`` where the checks refute them) and their
   ``refined`` versions: linear rate, large steps, flatter than GF, speed vs regularisation;
3. variants (negative controls): the same check with a wrong constant or reference.

Check functions live in ``checks.py``, experiments and figures in ``figures.py`` (same package);
the sympy derivations in ``derivations/depth2_linear.py``.
"""

from __future__ import annotations

from functools import partial

import hypothesis.strategies as st

from derivations import depth2_linear as D
from verify import Source, claim, variant
from verify.claims.bw25 import checks as C
from verify.claims.bw25 import figures as F

SRC = Source("Beneventano & Woodworth 2025", arxiv="2501.09137v1", where="abstract",
             url="https://arxiv.org/abs/2501.09137")
DERIVED = Source("Beneventano & Woodworth 2025 (model); derived by the verify team", arxiv="2501.09137v1",
                 where="digest Sec. 4")
CONV = {
    "loss": "L(a, b) = 1/2 (a^T b - Phi)^2 (with the 1/2; without it every sharpness doubles)",
    "sharpness": "largest eigenvalue of the 2d x 2d Hessian in (a, b)",
    "GD": "a+ = a - eta eps b, b+ = b - eta eps a, eps = a^T b - Phi",
    "GF": "a' = -eps b, b' = -eps a",
    "imbalance": "I = |a + b|^2 |a - b|^2 = lam^2 - 4 m^2 (the paper's Q is taken as sqrt(I))",
    "S_GF": "sqrt(4 Phi^2 + I_0)",
    "S_GD": "sqrt(4 Phi^2 + I_inf), I_inf = kappa^2 I_0, kappa = prod_t |1 - eta^2 eps_t^2|",
}
INIT_DOMAIN = ("d in {1,2,3,4}; Phi in +-[0.25, 4]; init lam_0 = |a0|^2 + |b0|^2 in [0.01, 16], balance "
               "sqrt(I_0)/lam_0 in [0, 1] (0 = exactly balanced, a0 = +-b0), random directions (4 seeds)")
F_STEP = st.floats(0.02, 1.0)
F_INTERIOR = st.floats(0.02, 0.98)  # eta <= 0.98 * 2/S_GF: off the boundary eta = 2/S_GF

# =====================================================================================
# 1. Derived identities
# =====================================================================================
decoupling = claim(
    "bw25.decoupling", title="GD decouples in u = a + b, v = a - b",
    statement="u+ = (1 - eta eps) u and v+ = (1 + eta eps) v; eps = (|u|^2 - |v|^2)/4 - Phi.",
    latex=r"u^+ = (1-\eta\varepsilon)u,\quad v^+ = (1+\eta\varepsilon)v",
    source=DERIVED, provenance="derived", conventions=CONV, domain="all a, b in R^d, eta, Phi real")
decoupling.identity(D.decoupling, name="decoupling", states=D.decoupling_statement)

imbalance = claim(
    "bw25.imbalance", title="GD shrinks the imbalance, gradient flow conserves it",
    statement="Per GD step D = a a^T - b b^T and Q_tr = |a|^2 - |b|^2 scale by (1 - eta^2 eps^2) and "
              "I = |a+b|^2 |a-b|^2 by (1 - eta^2 eps^2)^2; gradient flow conserves D, Q_tr and I.",
    latex=r"D^+ = (1-\eta^2\varepsilon^2) D,\ I^+ = (1-\eta^2\varepsilon^2)^2 I,\ \dot D = \dot I = 0",
    source=DERIVED, provenance="derived", conventions=CONV, domain="all a, b in R^d, eta, Phi real")
imbalance.identity(D.imbalance_gd, name="gd_recursions", states=D.imbalance_gd_statement)
imbalance.identity(D.imbalance_gf, name="gf_conservation", states=D.imbalance_gf_statement)

residual_norm = claim(
    "bw25.residual-norm", title="Recursions for the residual and the norm",
    statement="eps+ = eps (1 - eta lam + eta^2 eps m), m+ = m (1 + eta^2 eps^2) - eta eps lam, "
              "lam+ = lam (1 + eta^2 eps^2) - 4 eta eps m, lam^2 = I + 4 m^2.",
    source=DERIVED, provenance="derived", conventions=CONV, domain="d = 3 explicit coordinates (and p, q form)")
residual_norm.identity(D.residual_norm, name="recursions", states=D.residual_norm_statement)

hessian = claim(
    "bw25.hessian-top", title="Top Hessian eigenvalue in closed form, everywhere",
    statement="The Hessian is w w^T + eps J (w = [b; a]); its spectrum is {lam/2 +- sqrt((2m - Phi)^2 + I/4)} "
              "and +-eps (d - 1 times each). Since lam/2 + sqrt(...) >= |eps| always, the sharpness is "
              "S = lam/2 + sqrt((2m - Phi)^2 + I/4) for every d (the digest's max{., |eps|} is redundant); "
              "at a global minimum S = lam = sqrt(4 Phi^2 + I).",
    latex=r"S(a,b) = \tfrac{\lambda}{2} + \sqrt{(2m-\Phi)^2 + I/4}",
    source=DERIVED, provenance="derived", conventions=CONV, domain=INIT_DOMAIN + " (as arbitrary points)")
hessian.identity(D.hessian_top, name="derivation", states=D.hessian_top_statement)
hessian.property(given=C.INIT, examples=120)(C.hessian_top)

floor = claim(
    "bw25.sharpness-floor", title="Every global minimum has sharpness >= 2|Phi|",
    statement="At a global minimum S = sqrt(4 Phi^2 + I) >= 2|Phi|, so for eta > 1/|Phi| every minimum is "
              "linearly unstable (eta S > 2) and GD cannot converge (except on a measure-zero set).",
    source=DERIVED, provenance="derived", conventions=CONV, domain="Phi != 0, I >= 0")
floor.identity(D.minimum_floor, name="floor", states=D.floor_statement)

gf_limit = claim(
    "bw25.gf-limit", title="Gradient-flow limit sharpness",
    statement="If gradient flow reaches a global minimum, its sharpness is S_GF = sqrt(4 Phi^2 + I_0).",
    latex=r"S_{GF} = \sqrt{4\Phi^2 + \|a_0+b_0\|^2\|a_0-b_0\|^2}",
    source=DERIVED, provenance="derived", conventions=CONV, assumptions=("GF reaches a global minimum",),
    domain=INIT_DOMAIN + "; flows that do not reach a minimum (u0 = 0 with Phi > 0, v0 = 0 with Phi < 0) "
                         "are outside the claim")
gf_limit.identity(D.gf_limit, name="derivation", states=D.gf_limit_statement)
gf_limit.property(given=C.INIT, examples=40)(C.gf_limit)

gd_limit = claim(
    "bw25.gd-limit", title="GD limit sharpness from the residuals",
    statement="If GD converges, its limit has sharpness S_GD = sqrt(4 Phi^2 + kappa^2 I_0), "
              "kappa = prod_t |1 - eta^2 eps_t^2|. A factor is < 1 iff 0 < eta|eps_t| < sqrt(2); a step with "
              "eta|eps_t| > sqrt(2) raises the imbalance.",
    latex=r"S_{GD} = \sqrt{4\Phi^2 + \kappa^2 I_0},\ \kappa = \prod_t |1-\eta^2\varepsilon_t^2|",
    source=DERIVED, provenance="derived", conventions=CONV, assumptions=("GD converges",),
    domain=INIT_DOMAIN + "; eta = f/|Phi|, f in [0.02, 1]; runs that do not converge are outside the claim")
gd_limit.identity(D.gd_limit, name="derivation", states=D.gd_limit_statement)
gd_limit.property(given=dict(C.INIT, f=F_STEP), examples=60, precise=C.gd_limit_mp)(C.gd_limit)
gd_limit.experiment(F.sharpness_vs_eta)

# =====================================================================================
# 2. Paper claims (as stated) and refined versions
# =====================================================================================
linear_rate = claim(
    "bw25.linear-rate", title="GD converges linearly, even with step size about 2/sharpness",
    statement="For step sizes up to 2/S_GF (S_GF = sharpness of the gradient-flow solution from the same "
              "init), GD converges to a global minimum at a linear rate; the rate encoded is the asymptotic "
              "one, |eps_{t+1}/eps_t| -> |1 - eta S_GD| < 1.",
    latex=r"\eta \le 2/S_{GF} \Rightarrow |\varepsilon_{t+1}/\varepsilon_t| \to |1-\eta S_{GD}| < 1",
    source=SRC, provenance="paper", conventions=CONV, expected="fails",
    domain=INIT_DOMAIN + "; eta = f * 2/S_GF, f in [0.02, 1]; cap 2e4 steps",
    notes="Abstract: 'GD converges at an explicit linear rate to a global minimum ..., even with a large "
          "stepsize -- about 2/sharpness'. Which sharpness (initial, GF solution, maximal) and the explicit "
          "rate of Thm 1 could not be read; we take S_GF and the asymptotic rate. Reviewers note Thm 1 "
          "needs Q(0) != 0 (nonzero imbalance), absent from the statement: exactly balanced inits with the "
          "wrong sign (a0 = -b0 with Phi > 0) converge to the saddle 0, and large inits (S_0 >> S_GF) "
          "diverge although eta <= 2/S_GF. The quick search shrinks to a balanced init (I_0 = 0) at "
          "eta = 2/S_GF = 1/|Phi| exactly: the limit then has eta S_GD = 2 (marginally stable) and the "
          "residual decays sublinearly, so the encoded rate |1 - eta S_GD| = 1 is not < 1. The check "
          "linear_rate_interior searches off that boundary (balance >= 0.01, f <= 0.98), where its witness is a "
          "large init that diverges: the claim fails in the interior of its domain too.")
linear_rate.property(given=dict(C.INIT, f=F_STEP), examples=160, precise=C.linear_rate_mp)(C.linear_rate)
# the same search away from the boundary the shrinker reaches (I_0 = 0, eta = 2/S_GF): an interior witness
linear_rate.property(given=dict(C.INIT_POS, f=F_INTERIOR), examples=160, precise=C.linear_rate_mp,
                     name="linear_rate_interior")(C.linear_rate)

linear_rate_r = claim(
    "bw25.linear-rate-refined", title="Linear rate under I_0 > 0 and eta < 2/max(S_0, S_GF)",
    statement="If I_0 > 0 and eta = f * 2/max(S_0, S_GF) with f <= 0.95 (S_0: sharpness at the init), GD "
              "converges to a global minimum with asymptotic rate |1 - eta S_GD| <= "
              "max(|1 - 2 eta |Phi||, |1 - eta S_GF|) < 1.",
    latex=r"I_0>0,\ \eta<\tfrac{2}{\max(S_0,S_{GF})} \Rightarrow \rho = |1-\eta S_{GD}| \le "
          r"\max(|1-2\eta|\Phi||, |1-\eta S_{GF}|) < 1",
    source=SRC, provenance="refined", refines="bw25.linear-rate", conventions=CONV,
    assumptions=("I_0 > 0 (Q(0) != 0)", "eta < 2/max(S_0, S_GF)"),
    domain=INIT_DOMAIN.replace("[0, 1] (0 = exactly balanced, a0 = +-b0)", "[0.01, 1]")
    + "; f in [0.02, 0.95]; cap 1e5 steps",
    notes="The conditions were found by the checks of bw25.linear-rate: I_0 > 0 excludes the saddle "
          "trap, eta < 2/S_0 excludes the divergence of large inits. The bound on the rate uses "
          "2|Phi| <= S_GD <= S_GF (the latter is bw25.flatter-than-gf-refined).")
linear_rate_r.property(given=dict(C.INIT_POS, f=st.floats(0.02, 0.95)), examples=60)(C.rate_bound)
linear_rate_r.experiment(F.loss_curves)

large_step = claim(
    "bw25.large-step-converges", title="GD still converges for larger step sizes, possibly very slowly",
    statement="For step sizes beyond 2/S_GF (eta = g * 2/S_GF, g in [1, 3]), GD still converges to a global "
              "minimum, possibly very slowly.",
    source=SRC, provenance="paper", conventions=CONV, expected="fails",
    domain=INIT_DOMAIN + "; eta = g * 2/S_GF, g in [1, 3]; cap 2e4 steps",
    notes="Abstract: 'It still converges for even larger stepsizes, but may do so very slowly'; the range is "
          "not stated in the abstract (Thm 2 / Prop 3 unread). A finite run cannot refute 'converges very "
          "slowly', so only exact witnesses of non-convergence count against the claim: divergence "
          "(|eps| >= 1e8), a period-2 orbit (|theta_T - theta_{T-2}| <= 1e-13 |theta_T| with |eps_T| >= 1e-6) or "
          "GD trapped on the invariant set u = 0 (Phi > 0) or v = 0 (Phi < 0); runs that hit the cap without a witness count as consistent. For "
          "eta > 1/|Phi| every minimum is unstable (bw25.sharpness-floor), so no convergence is possible. The check "
          "large_step_interior searches off the boundaries (balance >= 0.01, g >= 1.02) for an interior witness.")
large_step.property(given=dict(C.INIT, g=st.floats(1.0, 3.0)), examples=60, precise=C.large_step_mp)(C.large_step)
large_step.property(given=dict(C.INIT_POS, g=st.floats(1.02, 3.0)), examples=60, precise=C.large_step_mp,
                    name="large_step_interior")(C.large_step)

large_step_r = claim(
    "bw25.large-step-converges-refined", title="Convergence in the edge-of-stability window",
    statement="If I_0 > 0 and 2/S_GF < eta < min(1/|Phi|, 2/S_0), GD converges to a global minimum, and "
              "its limit is linearly stable: eta S_GD <= 2.",
    latex=r"\tfrac{2}{S_{GF}} < \eta < \min(\tfrac{1}{|\Phi|}, \tfrac{2}{S_0}) \Rightarrow "
          r"\text{GD converges},\ \eta S_{GD} \le 2",
    source=SRC, provenance="refined", refines="bw25.large-step-converges", conventions=CONV,
    assumptions=("I_0 > 0", "eta < 1/|Phi|", "eta < 2/S_0"),
    domain="d in {1..4}; Phi in +-[0.25, 4]; eta |Phi| = c in [0.3, 0.9]; S_GF = g * 2/eta, g in (1, 2.5]; "
           "m_0 = mu Phi, mu in [-1, 1]; inits with eta S_0 >= 2 rejected; cap 2e4 steps. The part of the "
           "window with eta|Phi| in (0.9, 1) is not searched (convergence there can need > 1e6 steps; the "
           "phase diagram shows it).",
    notes="The upper limit 1/|Phi| is bw25.sharpness-floor; eta < 2/S_0 excludes large inits that diverge.")
large_step_r.property(
    given={"d": C.WIDTH, "phi": C.PHI, "c": st.floats(0.3, 0.9), "g": st.floats(1.01, 2.5),
           "mu": st.floats(-1.0, 1.0), "seed": C.SEED},
    examples=60, precise=C.window_converges_mp)(C.window_converges)
large_step_r.identity(D.minimum_floor, name="floor", states=D.floor_statement)
large_step_r.experiment(F.phase_diagram)

flatter = claim(
    "bw25.flatter-than-gf", title="The GD solution has lower norm and sharpness than the GF solution",
    statement="Whenever GD converges, its limit has lower (or equal) squared norm |a|^2 + |b|^2 and lower "
              "(or equal) sharpness than the gradient-flow limit from the same init: S_GD <= S_GF.",
    latex=r"S_{GD} \le S_{GF}",
    source=SRC, provenance="paper", conventions=CONV, expected="fails",
    domain=INIT_DOMAIN + "; per init, eta = k/48 * 1/|Phi|, k = 1..48 (one batch); only runs converged "
                         "within 2e4 steps",
    notes="Abstract: 'the solution to which GD converges ... has lower norm and sharpness than the gradient "
          "flow solution'. We test the weak reading (<=), the most charitable; the strict reading also fails "
          "whenever I_0 = 0 (then I_t = 0 for all t and S_GD = S_GF = 2|Phi| exactly, bw25.imbalance) or "
          "the init is a minimum. Conditions of the paper's theorem unread; reviewers say Lemma 8 assumes "
          "eta < 2/(maximal sharpness). Failure mechanism: a step with eta|eps_t| > sqrt(2) multiplies I by "
          "(1 - eta^2 eps_t^2)^2 > 1 (catapult), so kappa > 1.")
flatter.property(given=C.INIT, examples=400, precise=C.flatter_mp)(C.flatter)

flatter_r = claim(
    "bw25.flatter-than-gf-refined", title="Flatter than GF under eta < 2/max(S_0, S_GF)",
    statement="If I_0 > 0 and eta < 2/max(S_0, S_GF), GD converges and its limit satisfies "
              "2|Phi| <= S_GD <= S_GF (lower norm and sharpness), strictly when eps_0 != 0.",
    latex=r"\eta < \tfrac{2}{\max(S_0, S_{GF})} \Rightarrow S_{GD} \le S_{GF}",
    source=SRC, provenance="refined", refines="bw25.flatter-than-gf", conventions=CONV,
    assumptions=("I_0 > 0", "eta < 2/max(S_0, S_GF)"),
    domain=INIT_DOMAIN.replace("[0, 1] (0 = exactly balanced, a0 = +-b0)", "[0.01, 1]")
    + "; per init, eta = 0.95 k/48 * 2/max(S_0, S_GF), k = 1..48",
    notes="Strictness follows from bw25.gd-limit (each factor |1 - eta^2 eps_t^2| < 1 when 0 < eta|eps_t| < "
          "sqrt(2)); the check tests the non-strict inequality with a float tolerance.")
flatter_r.property(given=C.INIT_POS, examples=60, name="flatter",
                   precise=lambda **k: C.flatter_mp(**k, eta_ref="max"))(
    lambda **k: C.flatter(**k, eta_ref="max"))

speed = claim(
    "bw25.speed-vs-regularisation", title="Trade-off: slower convergence, more implicit regularisation",
    statement="Of two step sizes from the same init, the one whose run needs more steps to converge ends "
              "with more implicit regularisation R = log(I_0/I_inf) (lower S_GD).",
    source=SRC, provenance="paper", conventions=CONV, expected="fails",
    domain=INIT_DOMAIN.replace("[0, 1] (0 = exactly balanced, a0 = +-b0)", "(0, 1]")
    + "; eta_i = f_i * 2/max(S_0, S_GF), f_i in [0.02, 0.95]",
    notes="Abstract: 'Our analysis reveals a trade off between the speed of convergence and the magnitude of "
          "implicit regularization' (Takeaway 1 / eq. (8), exact form unread). The sentence has two readings: "
          "(a) across step sizes from one init, the reading of a practitioner choosing eta, encoded here; "
          "(b) at one step size, a run with more area under its loss curve regularises more, encoded as "
          "bw25.speed-vs-regularisation-refined. (a) fails because small steps are slow but regularise "
          "little (R = O(eta^2)); (b) holds. This verdict is about (a) only.")
speed.property(given=dict(C.INIT_POS, f1=st.floats(0.02, 0.95), f2=st.floats(0.02, 0.95)), examples=60,
               precise=C.slower_more_reg_mp)(C.slower_more_reg)

speed_r = claim(
    "bw25.speed-vs-regularisation-refined", title="Regularisation is the area under the loss curve",
    statement="At a fixed step size, with M = max_t eta|eps_t| < 1, the implicit regularisation "
              "R = log(I_0/I_inf) satisfies 4 eta^2 A <= R <= 4 eta^2 A/(1 - M^2), A = sum_t L_t: slower "
              "convergence (a larger area under the loss curve) gives more regularisation.",
    latex=r"4\eta^2\sum_t L_t \le \log\frac{I_0}{I_\infty} \le \frac{4\eta^2\sum_t L_t}{1-M^2}",
    source=SRC, provenance="refined", refines="bw25.speed-vs-regularisation", conventions=CONV,
    assumptions=("GD converges", "max_t eta |eps_t| < 1"),
    domain=INIT_DOMAIN.replace("[0, 1] (0 = exactly balanced, a0 = +-b0)", "[0.01, 1]")
    + "; eta = f * 2/max(S_0, S_GF), f in [0.02, 0.95]",
    notes="From R = -2 sum_t log|1 - eta^2 eps_t^2| (bw25.gd-limit) and x <= -log(1 - x) <= x/(1 - x).")
speed_r.property(given=dict(C.INIT_POS, f=st.floats(0.02, 0.95)), examples=60, precise=C.area_bounds_mp)(C.area_bounds)

# =====================================================================================
# 3. Negative controls (variants): the same checks with a wrong constant or reference
# =====================================================================================
_variant = partial(variant, source=DERIVED, conventions=CONV)


_variant("bw25.decoupling-wrong-sign", "bw25.decoupling", "u+ = (1 + eta eps) u (wrong sign)",
         "u+ = (1 + eta eps) u").identity(lambda: D.decoupling(sign_u=+1), name="decoupling",
                                   states=lambda: D.decoupling_statement(sign_u=+1))
_variant("bw25.sharpness-floor-too-high", "bw25.sharpness-floor", "floor 3|Phi| instead of 2|Phi|",
         "every global minimum has S >= 3|Phi|").identity(lambda: D.minimum_floor(c=3), name="floor",
                                                           states=lambda: D.floor_statement(c=3))
_variant("bw25.imbalance-wrong-power", "bw25.imbalance", "I scales by (1 - eta^2 eps^2) (power 1)",
         "I+ = (1 - eta^2 eps^2) I").identity(lambda: D.imbalance_gd(power=1), name="gd_recursions",
                                       states=lambda: D.imbalance_gd_statement(power=1))
_variant("bw25.residual-norm-wrong-constant", "bw25.residual-norm", "lam+ with +4 eta eps m",
         "lam+ = lam (1 + eta^2 eps^2) + 4 eta eps m").identity(lambda: D.residual_norm(c_lam=-4), name="recursions",
                                                         states=lambda: D.residual_norm_statement(c_lam=-4))
_v = _variant("bw25.hessian-top-wrong-constant", "bw25.hessian-top", "top eigenvalue with I/2 instead of I/4",
              "S = lam/2 + sqrt((2m - Phi)^2 + I/2)")
_v.identity(lambda: D.hessian_top(c_I=sp_half()), name="derivation", states=lambda: D.hessian_top_statement(c_I=sp_half()))
_v.property(given=C.INIT, examples=120, name="hessian_top")(lambda **k: C.hessian_top(**k, c_I=0.5))
_v = _variant("bw25.gf-limit-initial-norm", "bw25.gf-limit", "GF limit sharpness = initial norm lam_0",
              "S_GF = |a0|^2 + |b0|^2 (GF conserves the norm)")
_v.identity(D.gf_limit_norm, name="derivation", states=D.gf_limit_norm_statement)
_v.property(given=C.INIT, examples=40, name="gf_limit")(lambda **k: C.gf_limit(**k, predictor="lam0"))
_v = _variant("bw25.gd-limit-kappa", "bw25.gd-limit", "S_GD with kappa instead of kappa^2",
              "S_GD = sqrt(4 Phi^2 + kappa I_0)")
_v.identity(lambda: D.gd_limit(power=1), name="derivation", states=lambda: D.gd_limit_statement(power=1))
_v.property(given=dict(C.INIT, f=F_STEP), examples=60, name="gd_limit",
            precise=lambda **k: C.gd_limit_mp(**k, power=1))(
    lambda **k: C.gd_limit(**k, power=1))
_variant("bw25.linear-rate-gf-sharpness", "bw25.linear-rate-refined", "asymptotic rate |1 - eta S_GF|",
         "the asymptotic rate is |1 - eta S_GF| (GF sharpness instead of the GD limit's)").property(
    given=dict(C.INIT_POS, f=st.floats(0.02, 0.95)), examples=60, name="linear_rate",
    precise=lambda **k: C.linear_rate_mp(**k, limit="gf", ref="max"))(
    lambda **k: C.linear_rate(**k, limit="gf", ref="max"))
_variant("bw25.linear-rate-gf-bound", "bw25.linear-rate-refined", "rate bound without the floor term",
         "asymptotic rate <= |1 - eta S_GF| (the GF-limit rate bounds the GD rate)").property(
    given=dict(C.INIT_POS, f=st.floats(0.02, 0.95)), examples=60, name="rate_bound")(
    lambda **k: C.rate_bound(**k, with_floor=False))
_variant("bw25.linear-rate-refined.no-conditions", "bw25.linear-rate-refined", "the rate bound without its conditions",
         "the refined rate bound with I_0 = 0 allowed and eta = f * 2/S_GF (the refinement removed)").property(
    given=dict(C.INIT, f=st.floats(0.02, 0.95)), examples=60, name="rate_bound")(
    lambda **k: C.rate_bound(**k, ref="gf"))
_variant("bw25.large-step-beyond-floor", "bw25.large-step-converges-refined", "convergence up to eta = 1.2/|Phi|",
         "the window extends past 1/|Phi|: eta |Phi| = c in [1.02, 1.2] converges").property(
    given={"d": C.WIDTH, "phi": C.PHI, "c": st.floats(1.02, 1.2), "g": st.floats(1.01, 2.5),
           "mu": st.floats(-1.0, 1.0), "seed": C.SEED},
    examples=60, precise=C.window_converges_mp)(C.window_converges)
_variant("bw25.flatter-than-init", "bw25.flatter-than-gf-refined", "GD limit flatter than the init",
         "S_GD <= S_0 (the sharpness at initialisation)").property(
    given=C.INIT_POS, examples=60, name="flatter",
    precise=lambda **k: C.flatter_mp(**k, ref="init", eta_ref="max"))(
    lambda **k: C.flatter(**k, ref="init", eta_ref="max"))
_variant("bw25.area-bound-factor-8", "bw25.speed-vs-regularisation-refined", "R >= 8 eta^2 A",
         "the regularisation is at least 8 eta^2 sum_t L_t").property(
    given=dict(C.INIT_POS, f=st.floats(0.02, 0.95)), examples=60, name="area_bounds",
    precise=lambda **k: C.area_bounds_mp(**k, c=8.0))(lambda **k: C.area_bounds(**k, c=8.0))
_variant("bw25.area-bound.no-step-condition", "bw25.speed-vs-regularisation-refined",
         "R >= 4 eta^2 A without max eta|eps_t| < 1",
         "R >= 4 eta^2 sum_t L_t at every step size eta = f/|Phi| at which GD converges (the refinement "
         "removed), f in [0.5, 0.99]").property(
    given=dict(C.INIT_POS, f=st.floats(0.5, 0.99)), examples=200, name="area_bounds",
    precise=lambda **k: C.area_bounds_mp(**k, small_steps=False))(lambda **k: C.area_bounds(**k, small_steps=False))


def sp_half():
    import sympy

    return sympy.Rational(1, 2)
