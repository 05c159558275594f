"""Claim declarations of glrj24: Gatmiry, Li, Reddi, Jegelka (2024), Simplicity bias via global
convergence of sharpness minimization.

arXiv 2410.16401 (ICML 2024). Model ``r_theta(x) = sum_j phi(theta_j^T x)`` (second layer frozen
to 1), ``n <= d`` linearly independent inputs, squared loss ``L_c = (c/2) sum_i res_i^2``
(``c = 1/n`` unless a claim says otherwise), sharpness = ``Tr grad^2 L_c``, zero-loss manifold
``M = {res = 0}``, activation assumption ``phi' > 0, phi''' > 0``.

Reading guide (one block per claim, in this order):

====================================  =========  ===========================================
claim                                 kind       what is checked
====================================  =========  ===========================================
glrj24.trace-on-manifold              derived    sympy: Tr grad^2 L = c sum |x_i|^2 sum phi'^2 on M
glrj24.g-convexity                    derived    sympy: g'' = 2 phi'''/phi'
glrj24.equal-split                    derived    sympy: equal split is the per-point minimiser
glrj24.stationarity-conditions        derived    sympy: first/second-order (2 phi' phi''') terms
glrj24.label-noise-covariance         derived    sympy: Cov = q s^2 grad^2 L on M
glrj24.activation-catalogue           derived    sympy: which activations meet the assumption
glrj24.rank-one-minimizers            paper      Hypothesis + trust-region search for stationary points
glrj24.global-linear-convergence      paper      Riemannian flow; rate = 2 mu_min (measured)
glrj24.geodesic-convexity             paper      Hypothesis near-stationary points; empirical radius
glrj24.single-feature                 paper      label-noise SGD, m=10, n=d=3 -> rank one
glrj24.label-noise-time-scale         derived    k ~ 4 tau / (eta^2 s^2), finite-eta factor
glrj24.tanh-saddle                    derived    outside the assumption: a stationary saddle
====================================  =========  ===========================================

Every claim has ``variant`` negative controls (wrong constant, std for variance, dropped
assumption) that the same check function refutes. Instruments: ``verify.measure.manifold``
(projection, tangent space, Riemannian gradient / Hessian, stationary points),
``verify.measure.rank``, ``verify.dynamics.label_noise``, ``verify.dynamics.riemannian_flow``,
model ``verify.models.sum_of_neurons``; derivations ``derivations.simplicity_bias``.

This module declares the claims and wires their checks: identity bodies, property checks and
the tanh-saddle experiment in ``checks.py`` (``C``), the experiments that draw figures in
``figures.py`` (``F``), the simulations those judge in ``experiments.py``.
"""

from __future__ import annotations

import hypothesis.strategies as st

from derivations import simplicity_bias as sb
from verify import Source, claim
from verify.claims.glrj24 import checks as C
from verify.claims.glrj24 import figures as F

SRC = Source("Gatmiry, Li, Reddi, Jegelka 2024", arxiv="2410.16401", where="ICML 2024",
             url="https://arxiv.org/abs/2410.16401")
ICLR = Source("Gatmiry, Li, Reddi, Jegelka 2024", arxiv="2410.16401",
              where="OpenReview CQF8mTF7qx (ICLR version, Thm 2) as paraphrased by reviewers")
CONV = {
    "model": "r(x) = sum_j phi(theta_j^T x), second layer fixed to 1, theta in R^{m d}",
    "loss": "L_c = (c/2) sum_i (r(x_i) - y_i)^2 with c = 1/n ('half_mean' = (1/2n) sum); c = 2/n is (1/n) sum",
    "sharpness": "Tr grad^2 L_c",
    "rank": "of the pre-activation matrix Z = X W^T (n x m) on the training inputs",
}
SGD_CONV = CONV | {
    "label noise": "xi = +-s equally likely ('uniform_pm'); sigma is the std s",
    "sgd": "batch B = 1, index uniform with replacement, per-sample loss (1/2)(r - y - xi)^2 (q = 1)",
    "time scale": "flow time tau = q s^2 eta^2 k / (4B) for the flow of Tr grad^2 L_{1/n}",
}
ASSUME = ("phi' > 0 and phi''' > 0 on R", "x_1..x_n linearly independent (n <= d)")


# ============================================================================================
# Derivations (sympy, derivations/simplicity_bias.py)
# ============================================================================================
trace_c = claim(
    "glrj24.trace-on-manifold",
    title="On the zero-loss manifold, Tr grad^2 L = c sum_i |x_i|^2 sum_j phi'(theta_j^T x_i)^2",
    statement="For L_c = (c/2) sum_i res_i^2 (c = 1/n: L = (1/2n) sum res^2, 'half_mean'; c = 2/n: "
              "L = (1/n) sum res^2, 'mean'), Tr grad^2 L_c = c sum_i |x_i|^2 sum_j [phi'(z_ij)^2 + "
              "res_i phi''(z_ij)]; on M (res = 0) this is c sum_i |x_i|^2 sum_j phi'(z_ij)^2.",
    latex=r"\operatorname{Tr}\nabla^2 L\big|_M = c\sum_i \|x_i\|^2 \sum_j \phi'(\theta_j^\top x_i)^2",
    source=ICLR, provenance="derived", conventions=CONV,
    domain="symbolic: generic smooth phi, explicit m = d = n = 2 coordinates; numeric: (m, n, d) in "
           "{(10,3,3), (4,2,3)}, phi in {sinh, z + z^3/3}, both conventions, points of M within 10^[-3, 0.5] of the "
           "rank-one solution")
trace_c.identity(C.trace_formula, states=sb.trace_statement)
trace_c.property(given=C.TRACE_GIVEN, examples=40, name="numeric")(C.trace_numeric)
_tv = claim("glrj24.trace-on-manifold.factor-2", title="Variant: trace on M with an extra factor 2 (1/n vs 1/2n slip)",
            statement="Tr grad^2 L_c = 2 c sum_i |x_i|^2 sum_j phi'^2 on M (false: that is the c = 2/n value "
                      "written with c = 1/n).", provenance="variant", variant_of="glrj24.trace-on-manifold",
            conventions=CONV, domain="phi = sinh, m = d = n = 2 (symbolic); the numeric check's domain")
# no states= here: linking the sinh-instantiated statement (simplify on the trace) exceeds the 120 s budget
_tv.identity(name="trace_formula")(lambda: sb.trace_on_manifold(const=2, act="sinh"))
_tv.property(given=C.TRACE_GIVEN, examples=40, name="numeric")(
    lambda **k: C.trace_numeric(**k, const=2))

g_c = claim(
    "glrj24.g-convexity",
    title="g(u) = phi'(phi^{-1}(u))^2 has g'' = 2 phi'''/phi'; the assumption is convexity of g",
    statement="With u = phi(z), g'(u) = 2 phi''(z) and g''(u) = 2 phi'''(z)/phi'(z); so phi' > 0, "
              "phi''' > 0 is exactly strict convexity of g (checked also on sinh and tanh in closed form).",
    latex=r"g''(u) = 2\,\phi'''(z)/\phi'(z),\; z = \phi^{-1}(u)",
    source=ICLR, provenance="derived", conventions=CONV, assumptions=("phi' != 0",),
    domain="generic smooth phi with phi' != 0; sinh and tanh explicitly")
g_c.identity(C.g_second_derivative, states=sb.g_statement)
claim("glrj24.g-convexity.factor-1", title="Variant: g'' = phi'''/phi' (factor 2 dropped)",
      statement="g''(u) = phi'''(z)/phi'(z) (false).", provenance="variant", variant_of="glrj24.g-convexity",
      conventions=CONV).identity(name="g_second_derivative", states=lambda: sb.g_statement(factor=1))(lambda: sb.g_convexity(factor=1))

split_c = claim(
    "glrj24.equal-split",
    title="Per data point, the equal split u_j = y/m minimises sum_j g(u_j) on sum_j u_j = y",
    statement="For convex g, sum_j g(u_j) >= m g(y/m) when sum_j u_j = y (tangent-line/Jensen bound), "
              "so the minimiser of sum_j phi'(z_j)^2 s.t. sum_j phi(z_j) = y is z_j = phi^{-1}(y/m) "
              "(unique if g is strictly convex), with value m g(y/m); for sinh: m + y^2/m, the gap being "
              "sum_j (u_j - y/m)^2.",
    latex=r"\min_{\sum_j u_j = y}\sum_j g(u_j) = m\,g(y/m)",
    source=ICLR, provenance="derived", conventions=CONV, assumptions=("g convex",), domain="m = 3 explicit")
split_c.identity(C.equal_split_minimum, states=lambda: sb.equal_split_statement(3))
claim("glrj24.equal-split.wrong-split", title="Variant: split y/(m-1) instead of y/m",
      statement="The minimiser is u_j = y/(m-1) (false).", provenance="variant", variant_of="glrj24.equal-split",
      conventions=CONV).identity(name="equal_split_minimum", states=lambda: sb.equal_split_statement(3, k=2))(lambda: sb.equal_split(3, k=2))

stat_c = claim(
    "glrj24.stationarity-conditions",
    title="Lagrange conditions: phi''(z_ij) = lambda_i/(2c|x_i|^2); second-order term 2 c|x_i|^2 phi' phi'''",
    statement="d/dz [A phi'(z)^2 - lambda phi(z)] = phi'(z)(2A phi''(z) - lambda), A = c|x_i|^2; so at a "
              "stationary point phi''(z_ij) is the same for all j, and (phi'' strictly increasing) z_ij = z_i. "
              "At lambda = 2A phi''(z) the second derivative is 2A phi'(z) phi'''(z) > 0.",
    latex=r"\partial_z^2[A\phi'^2 - \lambda\phi]\big|_{\lambda = 2A\phi''} = 2A\,\phi'\phi'''",
    source=ICLR, provenance="derived", conventions=CONV, domain="generic smooth phi")
stat_c.identity(C.lagrange_conditions, states=sb.stationarity_statement)
claim("glrj24.stationarity-conditions.factor-1", title="Variant: second-order term A phi' phi''' (factor 2 dropped)",
      statement="h'' = A phi' phi''' (false).", provenance="variant", variant_of="glrj24.stationarity-conditions",
      conventions=CONV, domain="phi = sinh").identity(
    name="lagrange_conditions", states=lambda: sb.stationarity_statement(factor=1, act="sinh"))(
    lambda: sb.stationarity(factor=1, act="sinh"))

cov_c = claim(
    "glrj24.label-noise-covariance",
    title="On M the label-noise gradient covariance is q s^2 grad^2 L (proportional to the Hessian)",
    statement="With per-sample loss (q/2)(r - y - xi)^2, xi = +-s, i uniform, B = 1, at theta in M the stochastic "
              "gradient -q xi grad r_i has mean 0 and covariance q^2 s^2 (1/n) sum_i grad r_i grad r_i^T = "
              "q s^2 grad^2 L, L = (q/2n) sum res^2 (kappa = n c = q). s^2 is the variance, not the std.",
    latex=r"\operatorname{Cov} = q\,s^2\,\nabla^2 L",
    source=Source("Damian, Ma, Lee 2021 / Li, Wang, Arora 2022", where="label-noise SGD setting"),
    provenance="derived", conventions=SGD_CONV, domain="n = 2 samples in R^2, entry by entry, exact finite expectation")
cov_c.identity(C.covariance_identity, states=sb.covariance_statement)
claim("glrj24.label-noise-covariance.std", title="Variant: covariance q s grad^2 L (std used as the variance)",
      statement="Cov = q s grad^2 L (false).", provenance="variant", variant_of="glrj24.label-noise-covariance",
      conventions=SGD_CONV).identity(name="covariance_identity", states=lambda: sb.covariance_statement(power=1))(lambda: sb.label_noise_covariance(power=1))

cat_c = claim(
    "glrj24.activation-catalogue",
    title="Activation catalogue: sinh, z + z^3/3, exp satisfy phi' > 0, phi''' > 0; tanh, softplus, linear do not",
    statement="phi' > 0 and phi''' > 0 on R hold for sinh (cosh, cosh), z + z^3/3 (1 + z^2, 2), exp; they fail "
              "for tanh (phi'''(0) = -2), softplus (phi''' changes sign: phi'''(1) < 0 < phi'''(-1)) and "
              "linear (phi''' = 0). Decided by sympy, not by hand.",
    source=ICLR, provenance="derived", conventions=CONV, domain="z real")
cat_c.identity(C.catalogue, states=sb.catalogue_statement)
for _name in ("sinh", "cubic", "exp"):
    cat_c.identity(name=f"assumption_{_name}", states=lambda _n=_name: sb.assumption_statement(_n))(
        lambda _n=_name: sb.assumption(_n))
for _name in ("tanh", "softplus", "linear"):
    claim(f"glrj24.activation-catalogue.{_name}-satisfies",
          title=f"Variant: {_name} satisfies phi' > 0 and phi''' > 0",
          statement=f"{_name}' > 0 and {_name}''' > 0 on R (false).", provenance="variant",
          variant_of="glrj24.activation-catalogue", conventions=CONV,
          domain="z = s/40, s real").identity(name="assumption", states=lambda _n=_name: sb.assumption_statement(_n))(
        lambda _n=_name: sb.assumption(_n))


# ============================================================================================
# Paper claim: every stationary point of Tr on M is a rank-one global minimiser
# ============================================================================================
RANK1 = claim(
    "glrj24.rank-one-minimizers",
    title="Every stationary point of Tr grad^2 L on M is a global minimiser with theta_j^T x_i = phi^{-1}(y_i/m)",
    statement="Under phi' > 0, phi''' > 0 and linearly independent inputs, every first-order stationary point of "
              "the trace of the loss Hessian restricted to the zero-loss manifold is a global minimiser, and at "
              "each one theta_j^T x_i = phi^{-1}(y_i/m) for all i, j (the feature matrix is rank one); the "
              "minimum is c m sum_i |x_i|^2 phi'(phi^{-1}(y_i/m))^2.",
    latex=r"\operatorname{grad}_M \operatorname{Tr}\nabla^2L(\theta) = 0 \Rightarrow \theta_j^\top x_i = \phi^{-1}(y_i/m)",
    source=ICLR, provenance="paper", conventions=CONV, assumptions=ASSUME,
    domain="(m, n, d) in {(10,3,3), (4,2,3)}; phi in {sinh, z + z^3/3}; data orthonormal rows or Gaussian "
           "rows with sigma_min(X) >= 0.3; y ~ U[-1, 1]; stationary points found by trust-region least squares on "
           "(grad_M Tr, F) = 0 from theta_0 = s N(0, I), s in [0.02, 1.5] (finds saddles as well as minima), "
           "certified by residual <= 1e-10 and max|z| <= 6.")


def _register_stationary(c, acts, examples=100, narrow=False):
    spec = C.stationary_point_relations(acts)
    given = spec["given"]
    if narrow:  # variants: one problem, starts near the origin; only the start seed varies (cheap to shrink)
        given = given | {"shape": st.just((10, 3, 3)), "data": st.just("orthonormal"), "data_seed": st.just(0),
                         "start_scale": st.just(0.1)}
    c.property(given=given, examples=examples, name="stationary_points")(spec["fn"])


_register_stationary(RANK1, ["sinh", "cubic"])
for _act, _why in (("tanh", "phi''' < 0 near 0: the equal split is a stationary saddle"),
                   ("linear", "phi''' = 0: Tr is constant on M, every point is stationary")):
    _register_stationary(claim(
        f"glrj24.rank-one-minimizers.{_act}", title=f"Variant: rank-one-minimizers with phi = {_act} (assumption dropped)",
        statement=f"Every stationary point of Tr on M is a rank-one global minimiser for phi = {_act} "
                  f"(outside the assumption; {_why}).", provenance="variant",
        variant_of="glrj24.rank-one-minimizers", conventions=CONV,
        domain="(m,n,d) = (10,3,3), orthonormal rows (seed 0), starts 0.1 N(0, I), phi = " + _act),
        [_act], examples=40, narrow=True)


# ============================================================================================
# Paper claim: Riemannian gradient flow of Tr converges exponentially (measure the rate)
# ============================================================================================
FLOW = claim(
    "glrj24.global-linear-convergence",
    title="The Riemannian gradient flow of Tr grad^2 L on M converges exponentially to the rank-one minimiser",
    statement="From every initialisation on M the Riemannian gradient flow of Tr grad^2 L converges to the global "
              "minimiser at a linear (exponential) rate. Measured here: Tr decreases monotonically, the gap "
              "Tr - Tr* decays below 1e-10 of its initial value, the iterate reaches the rank-one point (off-span "
              "components unchanged), and the asymptotic rate of the gap equals 2 mu_min+, mu_min+ the smallest "
              "positive eigenvalue of the Riemannian Hessian at the minimiser (gap ~ e^{-2 mu t}).",
    latex=r"\operatorname{Tr}(\theta_t) - \operatorname{Tr}^* \le C e^{-\rho t},\ \rho_{\infty} = 2\mu_{\min}^+",
    source=SRC, provenance="paper", conventions=CONV, assumptions=ASSUME,
    domain="phi in {sinh, z + z^3/3}; (m,n,d) = (10,3,3) with orthogonal rows of norms (1, 1.3, 1.6) and "
           "(4,2,3) Gaussian; inits: Gaussian (std 0.5 and 1.5) projected onto M; RK4 dt = 0.01 with re-projection")

FLOW.experiment(name="flow_rate")(F.flow_experiment(2.0))
claim("glrj24.global-linear-convergence.rate-mu",
      title="Variant: the gap decays at rate mu_min+ (the distance rate, not the gap rate)",
      statement="Tr - Tr* ~ e^{-mu_min t} (false: the gap is quadratic in the distance, rate 2 mu).",
      provenance="variant", variant_of="glrj24.global-linear-convergence", conventions=CONV,
      domain="as the paper claim").experiment(name="flow_rate")(F.flow_experiment(1.0))


# ============================================================================================
# Paper claim: local geodesic convexity at approximate stationary points
# ============================================================================================
GEO = claim(
    "glrj24.geodesic-convexity",
    title="Where the Riemannian gradient of Tr is small, its Riemannian Hessian is PSD",
    statement="Local geodesic convexity of the trace of Hessian on M at approximate stationary points: there is "
              "eps > 0 such that |grad_M Tr| <= eps Tr* implies Hess_M Tr >= 0. Checked with the stated radius "
              "eps_0 = 0.02 (relative gradient); the experiment measures the empirical radius (smallest relative "
              "gradient at which a negative eigenvalue was found).",
    latex=r"\|\operatorname{grad}_M \operatorname{Tr}\| \le \epsilon\,\operatorname{Tr}^* \Rightarrow \operatorname{Hess}_M \operatorname{Tr} \succeq 0",
    source=SRC, provenance="paper", conventions=CONV, assumptions=ASSUME,
    domain="(m,n,d) in {(10,3,3),(4,2,3)}, phi in {sinh, z + z^3/3}, data orthonormal / Gaussian "
           "(sigma_min >= 0.3), points project(theta* + delta v), v uniform on the sphere, delta in [1e-4, 16]")

GEO.property(given=C._geo_given(["sinh", "cubic"]), examples=120, name="psd_near_stationary")(C.geodesic_relation)
claim("glrj24.geodesic-convexity.tanh", title="Variant: local geodesic convexity with phi = tanh (assumption dropped)",
      statement="Near-stationary points of Tr on M have PSD Riemannian Hessian for phi = tanh (false: the equal split "
                "is a stationary point with negative curvature).", provenance="variant",
      variant_of="glrj24.geodesic-convexity", conventions=CONV,
      domain="(m,n,d) = (10,3,3), orthonormal rows (seed 0), phi = tanh, delta in [1e-4, 16]").property(
    given=C._geo_given(["tanh"]) | {"shape": st.just((10, 3, 3)), "data": st.just("orthonormal"),
                                    "data_seed": st.just(0)}, examples=40, name="psd_near_stationary")(C.geodesic_relation)

GEO.experiment(F.empirical_radius)


# ============================================================================================
# Paper claim: label-noise SGD converges to the rank-one solution (Fig. 1 setting)
# ============================================================================================
SGD = claim(
    "glrj24.single-feature",
    title="Label-noise SGD with small step converges to a network whose features are rank one",
    statement="For the paper's experiment (m = 10, d = n = 3), label-noise SGD with a small step converges to the "
              "rank-one solution theta_j^T x_i = phi^{-1}(y_i/m): s_2(Z)/s_1(Z) -> 0 and Tr -> Tr*.",
    latex=r"s_2(Z_k)/s_1(Z_k) \to 0,\ Z_k = X W_k^\top",
    source=Source("Gatmiry, Li, Reddi, Jegelka 2024", arxiv="2410.16401", where="Thm 3.3, Fig. 1"),
    provenance="paper", conventions=SGD_CONV, assumptions=ASSUME + ("eta small",),
    domain="phi = sinh, m = 10, n = d = 3, orthonormal rows (generated, seed 1), y ~ U[-1, 1], theta_0 = "
           "projection of N(0, 0.25 I) onto M, eta = 0.05, sigma = 0.3 (std), 3e5 steps (quick) / 1e6 (default)")

SGD.experiment(name="label_noise_sgd")(F.sgd_experiment(0.3))
claim("glrj24.single-feature.no-label-noise", title="Variant: SGD without label noise reaches rank one",
      statement="Plain SGD (sigma = 0) started on M reaches rank one (false: on M every per-sample gradient vanishes, "
                "so SGD does not move).", provenance="variant", variant_of="glrj24.single-feature", conventions=SGD_CONV,
      domain="as the paper claim, sigma = 0").experiment(name="label_noise_sgd")(F.sgd_experiment(0.0))


# ============================================================================================
# Derived: the time scale of label-noise SGD (how it depends on eta and the noise)
# ============================================================================================
TS = claim(
    "glrj24.label-noise-time-scale",
    title="Label-noise SGD follows the Riemannian flow of Tr on the time scale tau = s^2 eta^2 k / 4 as eta -> 0",
    statement="Let k(eta, s) be the first step with s_2/s_1(Z) < 1e-2 and tau_c the flow time at which the Riemannian "
              "flow of Tr grad^2 L_{1/n} from the same theta_0 crosses it; alpha(eta, s) = tau_c / (s^2 eta^2 k / 4). "
              "Claim (Li-Wang-Arora limit, constant 1/4, noise entering through its variance s^2): alpha -> 1 as "
              "eta -> 0, for s = 1 and s = 0.5. Finding: at finite eta SGD is faster (alpha > 1); the correction "
              "depends on the per-step kick eta*s (alpha(0.05, 1) ~ 1.54, alpha(0.005, 1) ~ 1.07), so at fixed eta "
              "the raw exponent d log k / d log s is about -2.09 rather than -2.",
    latex=r"k \approx \frac{4\tau_c}{\alpha(\eta)\, s^2\eta^2},\ \alpha(\eta)\to 1",
    source=Source("Li, Wang, Arora 2022", arxiv="2110.06914", where="label-noise corollary; used by glrj24 Thm 3.3"),
    provenance="derived", conventions=SGD_CONV,
    domain="glrj24.single-feature setting; eta in {0.01, 0.02, 0.03, 0.05} at s = 1 and at s = 0.5 (std), each "
           "extrapolated to eta -> 0; 2 seeds (quick) / 4 (default)")

TS.experiment(name="time_scale")(F.time_scale_experiment(2, 0.25))
claim("glrj24.label-noise-time-scale.std", title="Variant: time scale linear in the noise std (k ~ 1/s)",
      statement="k(eta, s) ~ s^{-1} (false: the drift is proportional to the variance).", provenance="variant",
      variant_of="glrj24.label-noise-time-scale", conventions=SGD_CONV).experiment(name="time_scale")(
    F.time_scale_experiment(1, 0.25))
claim("glrj24.label-noise-time-scale.half", title="Variant: time scale tau = s^2 eta^2 k / 2",
      statement="The constant in the flow time is 1/2 (false: 1/4).", provenance="variant",
      variant_of="glrj24.label-noise-time-scale", conventions=SGD_CONV).experiment(name="time_scale")(
    F.time_scale_experiment(2, 0.5))
claim("glrj24.label-noise-time-scale.resolution", title="Resolution control: time scale tau = 0.275 s^2 eta^2 k",
      statement="The constant in the flow time is 0.275, 10% above the true 1/4 (false). A control at the edge of "
                "the experiment's resolution: its refutation shows the extrapolated alpha(0) pins the constant to "
                "better than 10% (the .half variant, 100% off, only shows that gross errors are seen).",
      provenance="variant", variant_of="glrj24.label-noise-time-scale", conventions=SGD_CONV).experiment(
    name="time_scale")(F.time_scale_experiment(2, 0.275))


# ============================================================================================
# Derived: outside the assumption (tanh) - what the suite finds
# ============================================================================================
TANH = claim(
    "glrj24.tanh-saddle",
    title="Outside the assumption (tanh): the rank-one equal split is a stationary saddle; the flow leaves rank one",
    statement="For phi = tanh (phi''' < 0 near 0), m = 10, n = d = 3, |y_i| < 1: the equal split theta* "
              "(z_ij = atanh(y_i/m)) is a stationary point of Tr on M whose Riemannian Hessian has a negative "
              "eigenvalue (min_i 2c phi'(z_i) phi'''(z_i) < 0); the Riemannian flow started next to it lowers Tr below "
              "Tr(theta*) and ends at a feature matrix that is not rank one. So rank one is not selected: the "
              "paper's conclusion needs its assumption.",
    source=SRC, provenance="derived", conventions=CONV, domain="phi = tanh, orthonormal rows (seed 1), y ~ U[-1,1]")

TANH.experiment(C._saddle_experiment("tanh"), name="tanh_counterexample")
claim("glrj24.tanh-saddle.sinh", title="Variant: the same saddle with phi = sinh (inside the assumption)",
      statement="With phi = sinh (phi''' > 0) the equal split would be a stationary saddle of Tr on M (it is in "
                "fact the strict minimiser: every Riemannian Hessian eigenvalue is 2c phi' phi''' > 0).",
      source=SRC, provenance="variant", variant_of="glrj24.tanh-saddle", conventions=CONV,
      domain="phi = sinh, orthonormal rows (seed 1), y ~ U[-1,1]").experiment(
          C._saddle_experiment("sinh"), name="tanh_counterexample")
