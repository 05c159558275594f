"""Gatmiry, Li, Reddi, Jegelka (2024): Simplicity bias via global convergence of sharpness minimization.

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
glrj24.rank-one-minimizers            paper      Hypothesis + LM search for stationary points
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
"""

from __future__ import annotations

from functools import lru_cache

import hypothesis.strategies as st
import jax.numpy as jnp
import numpy as np

from derivations import simplicity_bias as sb
from verify import Finding, Relation, Source, claim
from verify.dynamics.label_noise import flow_time, label_noise_sgd
from verify.dynamics.riemannian_flow import riemannian_flow
from verify.measure import manifold as mf
from verify.measure import rank
from verify.models import sum_of_neurons as sn
from verify.report.figures import new_figure

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
EIG_RTOL = 1e-9  # eigenvalues of a <=30x30 autodiff Hessian: rounding ~ p eps |H| ~ 1e-13 |H|; 1e-9 leaves 4 decades


# ============================================================================================
# Shared numerics (small; the instruments do the work)
# ============================================================================================
@lru_cache(maxsize=64)
def _problem(m, n, d, act, data, seed):
    """(X, y, F, f, c, theta_star) for one problem; y range inside phi's range / m."""
    a = sn.activation(act)
    lo, hi = (0.2, 1.0) if a.range[0] >= 0 else (-1.0, 1.0)
    X, y = sn.make_data(n, d, kind=data, seed=seed, y_range=(lo, hi))
    if data == "gaussian":  # keep the data well conditioned (stated in the domains)
        k = seed
        while np.linalg.svd(np.asarray(X), compute_uv=False)[-1] < 0.3:
            k += 10_000
            X, y = sn.make_data(n, d, kind=data, seed=k, y_range=(lo, hi))
    c = 1.0 / n
    return X, y, sn.constraint(m, act), sn.manifold_trace(m, act), c, sn.rank_one_solution(X, y, m, act)


def _eigs(f, F, theta, X, y, c):
    return mf.riemannian_hessian_eigs(f, F, jnp.asarray(theta), X, y, c)


def _positive_min(ev):
    """Smallest eigenvalue above the rounding floor (the off-span directions give exact zeros)."""
    pos = ev[ev > 1e-8 * max(1.0, np.max(np.abs(ev)))]
    return float(pos.min()) if pos.size else float("nan")


SHAPES = [(10, 3, 3), (4, 2, 3)]  # (m, n, d): the paper's experiment and an n < d case


# ============================================================================================
# Derivations (sympy, derivations/simplicity_bias.py)
# ============================================================================================
trace_c = claim(
    "glrj24.trace-on-manifold",
    title="On the zero-loss manifold, Tr grad^2 L = c sum_i |x_i|^2 sum_j phi'(theta_j^T x_i)^2",
    statement="For L_c = (c/2) sum_i res_i^2, Tr grad^2 L_c = c sum_i |x_i|^2 sum_j [phi'(z_ij)^2 + "
              "res_i phi''(z_ij)]; on M (res = 0) this is c sum_i |x_i|^2 sum_j phi'(z_ij)^2.",
    latex=r"\operatorname{Tr}\nabla^2 L\big|_M = c\sum_i \|x_i\|^2 \sum_j \phi'(\theta_j^\top x_i)^2",
    source=ICLR, provenance="derived", conventions=CONV,
    domain="generic smooth phi; explicit m = d = n = 2 coordinates (the structure is the same for all m, d, n)")


@trace_c.identity
def trace_formula():
    """Sum of second partials of L_c in explicit coordinates, then res = 0."""
    return sb.trace_on_manifold()


claim("glrj24.trace-on-manifold.factor-2", title="Variant: trace on M with an extra factor 2 (1/n vs 1/2n slip)",
      statement="Tr grad^2 L_c = 2 c sum_i |x_i|^2 sum_j phi'^2 on M (false: that is the c = 2/n value "
                "written with c = 1/n).", provenance="variant", variant_of="glrj24.trace-on-manifold",
      conventions=CONV, domain="phi = sinh, m = d = n = 2").identity(name="trace_formula")(
    lambda: sb.trace_on_manifold(const=2, act="sinh"))

g_c = claim(
    "glrj24.g-convexity",
    title="g(u) = phi'(phi^{-1}(u))^2 has g'' = 2 phi'''/phi'; the assumption is convexity of g",
    statement="With u = phi(z), g'(u) = 2 phi''(z) and g''(u) = 2 phi'''(z)/phi'(z); so phi' > 0, "
              "phi''' > 0 is exactly strict convexity of g (checked also on sinh and tanh in closed form).",
    latex=r"g''(u) = 2\,\phi'''(z)/\phi'(z),\; z = \phi^{-1}(u)",
    source=ICLR, provenance="derived", conventions=CONV, assumptions=("phi' != 0",),
    domain="generic smooth phi with phi' != 0; sinh and tanh explicitly")


@g_c.identity
def g_second_derivative():
    return sb.g_convexity()


claim("glrj24.g-convexity.factor-1", title="Variant: g'' = phi'''/phi' (factor 2 dropped)",
      statement="g''(u) = phi'''(z)/phi'(z) (false).", provenance="variant", variant_of="glrj24.g-convexity",
      conventions=CONV).identity(name="g_second_derivative")(lambda: sb.g_convexity(factor=1))

split_c = claim(
    "glrj24.equal-split",
    title="Per data point, the equal split u_j = y/m minimises sum_j g(u_j) on sum_j u_j = y",
    statement="For convex g, sum_j g(u_j) >= m g(y/m) when sum_j u_j = y (tangent-line/Jensen bound), "
              "so the minimiser of sum_j phi'(z_j)^2 s.t. sum_j phi(z_j) = y is z_j = phi^{-1}(y/m) "
              "(unique if g is strictly convex), with value m g(y/m); for sinh: m + y^2/m, the gap being "
              "sum_j (u_j - y/m)^2.",
    latex=r"\min_{\sum_j u_j = y}\sum_j g(u_j) = m\,g(y/m)",
    source=ICLR, provenance="derived", conventions=CONV, assumptions=("g convex",), domain="m = 3 explicit")


@split_c.identity
def equal_split_minimum():
    return sb.equal_split(3)


claim("glrj24.equal-split.wrong-split", title="Variant: split y/(m-1) instead of y/m",
      statement="The minimiser is u_j = y/(m-1) (false).", provenance="variant", variant_of="glrj24.equal-split",
      conventions=CONV).identity(name="equal_split_minimum")(lambda: sb.equal_split(3, k=2))

stat_c = claim(
    "glrj24.stationarity-conditions",
    title="Lagrange conditions: phi''(z_ij) = lambda_i/(2c|x_i|^2); second-order term 2 c|x_i|^2 phi' phi'''",
    statement="d/dz [A phi'(z)^2 - lambda phi(z)] = phi'(z)(2A phi''(z) - lambda), A = c|x_i|^2; so at a "
              "stationary point phi''(z_ij) is the same for all j, and (phi'' strictly increasing) z_ij = z_i. "
              "At lambda = 2A phi''(z) the second derivative is 2A phi'(z) phi'''(z) > 0.",
    latex=r"\partial_z^2[A\phi'^2 - \lambda\phi]\big|_{\lambda = 2A\phi''} = 2A\,\phi'\phi'''",
    source=ICLR, provenance="derived", conventions=CONV, domain="generic smooth phi")


@stat_c.identity
def lagrange_conditions():
    return sb.stationarity()


claim("glrj24.stationarity-conditions.factor-1", title="Variant: second-order term A phi' phi''' (factor 2 dropped)",
      statement="h'' = A phi' phi''' (false).", provenance="variant", variant_of="glrj24.stationarity-conditions",
      conventions=CONV, domain="phi = sinh").identity(name="lagrange_conditions")(
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


@cov_c.identity
def covariance_identity():
    return sb.label_noise_covariance()


claim("glrj24.label-noise-covariance.std", title="Variant: covariance q s grad^2 L (std used as the variance)",
      statement="Cov = q s grad^2 L (false).", provenance="variant", variant_of="glrj24.label-noise-covariance",
      conventions=SGD_CONV).identity(name="covariance_identity")(lambda: sb.label_noise_covariance(power=1))

cat_c = claim(
    "glrj24.activation-catalogue",
    title="Activation catalogue: sinh, z + z^3/3, exp satisfy phi' > 0, phi''' > 0; tanh, softplus, linear do not",
    statement="phi' > 0 and phi''' > 0 on R hold for sinh (cosh, cosh), z + z^3/3 (1 + z^2, 2), exp; they fail "
              "for tanh (phi'''(0) = -2), softplus (phi''' changes sign: phi'''(1) < 0 < phi'''(-1)) and "
              "linear (phi''' = 0). Decided by sympy, not by hand.",
    source=ICLR, provenance="derived", conventions=CONV, domain="z real")


@cat_c.identity
def catalogue():
    return sb.activation_catalogue()


for _name in ("sinh", "cubic", "exp"):
    cat_c.identity(name=f"assumption_{_name}")(lambda _n=_name: sb.assumption(_n))
for _name in ("tanh", "softplus", "linear"):
    claim(f"glrj24.activation-catalogue.{_name}-satisfies",
          title=f"Variant: {_name} satisfies phi' > 0 and phi''' > 0",
          statement=f"{_name}' > 0 and {_name}''' > 0 on R (false).", provenance="variant",
          variant_of="glrj24.activation-catalogue", conventions=CONV,
          domain="z = s/40, s real").identity(name="assumption")(lambda _n=_name: sb.assumption(_n))


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
           "rows with sigma_min(X) >= 0.3; y ~ U[-1, 1]; stationary points found by Levenberg-Marquardt on "
           "(grad_M Tr, F) = 0 from theta_0 = s N(0, I), s in [0.02, 1.5] (finds saddles as well as minima), "
           "certified by residual <= 1e-10 and max|z| <= 6.")

Z_MAX = 6.0  # certified stationary points must have bounded pre-activations (no saturation artefacts)
STAT_RES = 1e-10  # LM converges quadratically to rounding (~1e-15 of O(1-10) entries); 1e-10 leaves margin


def _certified_stationary(m, n, d, act, data, data_seed, start_seed, start_scale):
    X, y, F, f, c, _ = _problem(m, n, d, act, data, data_seed)
    v = np.random.default_rng(start_seed).standard_normal(m * d)
    scale = start_scale
    for _ in range(6):  # retry closer to the origin: never silently skip an example
        st_ = mf.find_stationary(f, F, scale * v, X, y, c)
        zmax = float(jnp.max(jnp.abs(sn.features(jnp.asarray(st_.theta), X, m))))
        if st_.residual <= STAT_RES and zmax <= Z_MAX:
            return st_, (X, y, F, f, c)
        scale /= 2
    raise RuntimeError(f"no certified stationary point from start_seed={start_seed} (last residual "
                       f"{st_.residual:.2e}, max|z| {zmax:.2f})")


def stationary_point_relations(act_choices):
    def check(shape, act, data, data_seed, start_seed, start_scale):
        m, n, d = shape
        st_, (X, y, F, f, c) = _certified_stationary(m, n, d, act, data, data_seed, start_seed, start_scale)
        th = jnp.asarray(st_.theta)
        ev = _eigs(f, F, th, X, y, c)
        mu = _positive_min(ev)
        dist = float(sn.equal_split_distance(th, X, y, m, act))
        # |z - z*| <= |grad_M| |X| / mu+ near a strict minimiser; x10 for the linearisation
        dtol = 10 * max(st_.residual * float(np.linalg.norm(np.asarray(X), 2)) / mu, 1e-13) if mu == mu else 1e-9
        fstar = sn.min_trace(X, y, m, act, c)
        ftr = float(f(th, X, y, c))
        scale = max(1.0, float(np.max(np.abs(ev))))
        return [
            Relation(dist, "<=", 0.0, atol=dtol, label="max_ij |z_ij - phi^-1(y_i/m)| (rank one, equal split)",
                     why="distance <= 10 |grad_M|_res |X|_2 / mu_min+ (Newton bound, mu from the Riemannian Hessian)"),
            Relation(ftr, "<=", fstar, rtol=1e-9, label="Tr at the stationary point <= closed-form minimum",
                     why="closed form and Tr both O(10) float64 sums (~1e-15 rel); f - f* = O(|H| dist^2) <= 1e-12"),
            Relation(float(ev[0]), ">=", 0.0, atol=EIG_RTOL * scale,
                     label="lambda_min(Riemannian Hessian) >= 0 (necessary for a minimiser)", why="eigenvalue rounding"),
        ]

    return dict(given={
        "shape": st.sampled_from(SHAPES), "act": st.sampled_from(act_choices),
        "data": st.sampled_from(["orthonormal", "gaussian"]), "data_seed": st.integers(0, 50),
        "start_seed": st.integers(0, 10_000), "start_scale": st.floats(0.02, 1.5)}, fn=check)


def _register_stationary(c, acts, examples=100, narrow=False):
    spec = stationary_point_relations(acts)
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

FLOW_SETTINGS = [  # (act, m, n, d, data, seed, row_norms)
    ("sinh", 10, 3, 3, "orthonormal", 1, (1.0, 1.3, 1.6)),
    ("cubic", 10, 3, 3, "orthonormal", 1, (1.0, 1.3, 1.6)),
    ("sinh", 4, 2, 3, "gaussian", 9, None),  # seed 9: mu_min+ = 0.41 (seed 3 has 0.038: 10x longer runs)
]


@lru_cache(maxsize=8)
def _flow_runs(profile_name):
    """All flow runs of the experiment (cached: the true claim and its variant share them)."""
    n_init = {"quick": 1, "default": 2, "thorough": 4}[profile_name]
    out = []
    for act, m, n, d, data, seed, norms in FLOW_SETTINGS:
        X, y = sn.make_data(n, d, kind=data, seed=seed, row_norms=norms)
        F, f, c = sn.constraint(m, act), sn.manifold_trace(m, act), 1.0 / n
        for k in range(n_init):
            for scale in (0.5, 1.5):
                th0 = sn.random_on_manifold(X, y, m, act, scale=scale, seed=k).theta
                star = sn.rank_one_solution(X, y, m, act, theta_perp=th0)
                ev = _eigs(f, F, star, X, y, c)
                mu = _positive_min(ev)
                t_end = float(np.ceil(36.0 / (2 * mu)))  # gap 1e-13 of gap0 plus a transient
                run = riemannian_flow(f, F, th0, t_end, X, y, c, dt=0.01, every=20)
                out.append(dict(act=act, shape=(m, n, d), data=data, scale=scale, init=k, X=X, y=y, m=m,
                                fstar=float(f(star, X, y, c)), mu=mu, ev=ev, run=run, star=np.asarray(star)))
    return out


def _fit_rate(t, gap, gap0):
    """Slope of log(gap) on the window 1e-11 < gap/gap0 < 1e-5 (late, above rounding); returns
    (rate, |rate(first half) - rate(second half)|) - the half-window difference estimates the bias
    left by faster modes."""
    w = (gap > 1e-11 * gap0) & (gap < 1e-5 * gap0)
    tt, lg = t[w], np.log(gap[w])
    if tt.size < 6:
        return float("nan"), float("nan")
    h = tt.size // 2
    r = -np.polyfit(tt, lg, 1)[0]
    r1, r2 = -np.polyfit(tt[:h], lg[:h], 1)[0], -np.polyfit(tt[h:], lg[h:], 1)[0]
    return float(r), float(abs(r1 - r2))


def flow_experiment(factor):
    """Criteria per run; ``factor`` is the claimed rate / mu_min+ (2 true; 1 is the variant)."""

    def experiment(profile):
        runs = _flow_runs(profile.name)
        crit, rows = [], []
        fig, (ax1, ax2) = new_figure(ncols=2)
        for r in runs:
            run, fstar, mu, ev = r["run"], r["fstar"], r["mu"], r["ev"]
            gap = run.f - fstar
            gap0 = gap[0]
            rate, err = _fit_rate(run.t, gap, gap0)
            cluster = ev[(ev > 1e-8) & (ev <= mu * 1.05)]
            bias = (cluster.max() - mu) / mu  # nearly degenerate modes mix into the slope
            tag = f"{r['act']} {r['shape']} init {r['init']} scale {r['scale']}"
            late = run.t > 0
            rho_glob = float(np.min(-np.log(np.maximum(gap[late], 1e-300) / gap0) / run.t[late]))
            th_end = run.theta[-1]
            X = np.asarray(r["X"])
            Pperp = np.eye(X.shape[1]) - X.T @ np.linalg.solve(X @ X.T, X)
            W0, W1 = run.theta[0].reshape(r["m"], -1), th_end.reshape(r["m"], -1)
            crit += [
                Relation(gap[-1] / gap0, "<=", 1e-10, label=f"{tag}: final gap / initial gap",
                         why="flow run to t_end = 36/(2 mu) past the transient"),
                Relation(float(np.max(np.diff(run.f))), "<=", 0.0, atol=1e-12 * run.f[0],
                         label=f"{tag}: Tr non-increasing", why="rounding of Tr ~ 1e-15 |Tr| per record"),
                Relation(rate, "==", factor * mu, rtol=3 * err / rate + bias + 1e-3,
                         label=f"{tag}: asymptotic rate of the gap vs {factor:g} mu_min+",
                         why="3 x half-window slope difference + spread of the near-degenerate eigenvalue "
                             "cluster + 1e-3 fit noise"),
                Relation(rho_glob, ">", 0.0, label=f"{tag}: global rate inf_t -log(gap_t/gap_0)/t",
                         why="exact comparison"),
                Relation(float(sn.equal_split_distance(jnp.asarray(th_end), r["X"], r["y"], r["m"], r["act"])), "<=",
                         1e-5, label=f"{tag}: end point rank one", why="gap 1e-10 gap0 => dist ~ sqrt(gap/mu) ~ 1e-5"),
                Relation(float(np.max(np.abs((W1 - W0) @ Pperp))), "<=", 1e-12,
                         label=f"{tag}: off-span components unchanged", why="rounding only (gradients lie in span x_i)"),
                Relation(run.max_residual, "<=", 1e-12, label=f"{tag}: flow stays on M",
                         why="2 Gauss-Newton steps per RK4 step remove the O(dt^5) drift"),
            ]
            rows.append(dict(run=tag, mu_min=mu, predicted_rate=factor * mu, measured_rate=rate,
                             rate_err=err, global_rate=rho_glob, t_end=float(run.t[-1]),
                             final_rel_gap=float(gap[-1] / gap0)))
            ax1.semilogy(run.t, np.maximum(gap, 1e-16), lw=1, label=tag)
            ax2.plot(run.t, run.f, lw=1)
        ax1.set_xlabel("flow time t"), ax1.set_ylabel("Tr - Tr*"), ax1.legend(fontsize=5)
        ax2.set_xlabel("flow time t"), ax2.set_ylabel("Tr grad^2 L along the flow"), ax2.set_xscale("symlog")
        ax2.set_yscale("log")
        return Finding(criteria=crit, details={"runs": rows},
                       figures={"riemannian_flow_trace": (fig, "Trace gap (log) and trace along the Riemannian "
                                                          "gradient flow on M; slopes -> 2 mu_min+.")})

    return experiment


FLOW.experiment(name="flow_rate")(flow_experiment(2.0))
claim("glrj24.global-linear-convergence.rate-mu",
      title="Variant: the gap decays at rate mu_min+ (the distance rate, not the gap rate)",
      statement="Tr - Tr* ~ e^{-mu_min t} (false: the gap is quadratic in the distance, rate 2 mu).",
      provenance="variant", variant_of="glrj24.global-linear-convergence", conventions=CONV,
      domain="as the paper claim").experiment(name="flow_rate")(flow_experiment(1.0))


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

def _on_manifold(pr):
    """Far from theta* (delta ~ 10) the outputs reach ~1e3 and the rounding floor of F is ~1e-13 * 1e3, above
    the projection's default 1e-13: accept max|F| <= 1e-10 (the Hessian there changes by ~|H'| 1e-10)."""
    return bool(pr.converged) or float(pr.residual) <= 1e-10


EPS0 = 0.02  # stated radius (relative gradient); exploratory search found negatives only at >= ~0.1


def geodesic_relation(shape, act, data, data_seed, log_delta, dir_seed):
    m, n, d = shape
    X, y, F, f, c, star = _problem(m, n, d, act, data, data_seed)
    v = np.random.default_rng(dir_seed).standard_normal(m * d)
    pr = mf.project(F, star + 10**log_delta * v / np.linalg.norm(v), X, y, c)
    if not _on_manifold(pr):
        raise RuntimeError(f"projection failed (residual {float(pr.residual):.2e})")
    g = float(jnp.linalg.norm(mf.riemannian_grad(f, F, pr.theta, X, y, c)))
    fstar = float(f(star, X, y, c))
    ev = _eigs(f, F, pr.theta, X, y, c)
    tol = EIG_RTOL * max(1.0, float(np.max(np.abs(ev))))
    if ev[0] >= -tol:
        return Relation(float(ev[0]), ">=", 0.0, atol=tol, label="lambda_min(Hess_M Tr) >= 0", why="eigenvalue rounding")
    return Relation(g / fstar, ">", EPS0, label=f"negative curvature {ev[0]:.3g} only where |grad_M Tr|/Tr* > eps_0",
                    why="exact comparison of a stated radius")


def _geo_given(acts):
    return {"shape": st.sampled_from(SHAPES), "act": st.sampled_from(acts),
            "data": st.sampled_from(["orthonormal", "gaussian"]), "data_seed": st.integers(0, 50),
            "log_delta": st.floats(-4.0, 1.2), "dir_seed": st.integers(0, 10_000)}


GEO.property(given=_geo_given(["sinh", "cubic"]), examples=120, name="psd_near_stationary")(geodesic_relation)
claim("glrj24.geodesic-convexity.tanh", title="Variant: local geodesic convexity with phi = tanh (assumption dropped)",
      statement="Near-stationary points of Tr on M have PSD Riemannian Hessian for phi = tanh (false: the equal split "
                "is a stationary point with negative curvature).", provenance="variant",
      variant_of="glrj24.geodesic-convexity", conventions=CONV,
      domain="(m,n,d) = (10,3,3), orthonormal rows (seed 0), phi = tanh, delta in [1e-4, 16]").property(
    given=_geo_given(["tanh"]) | {"shape": st.just((10, 3, 3)), "data": st.just("orthonormal"),
                                  "data_seed": st.just(0)}, examples=40, name="psd_near_stationary")(geodesic_relation)


@GEO.experiment
def empirical_radius(profile):
    """Scan rays from theta*: (relative |grad_M Tr|, lambda_min(Hess_M Tr)); radius = smallest gradient at
    which lambda_min < 0. Closed form at theta* (orthonormal rows): lambda = 2 c phi'(z_i) phi'''(z_i)."""
    n_pts = {"quick": 60, "default": 250, "thorough": 1000}[profile.name]
    crit, rows = [], []
    fig, ax = new_figure()
    for act, data in (("sinh", "orthonormal"), ("sinh", "gaussian"), ("cubic", "gaussian")):
        m, n, d = 10, 3, 3
        X, y, F, f, c, star = _problem(m, n, d, act, data, 1)
        fstar = float(f(star, X, y, c))
        rng = np.random.default_rng(7)
        pts = []
        for _ in range(n_pts):
            v = rng.standard_normal(m * d)
            delta = 10 ** rng.uniform(-3, 1.2)
            pr = mf.project(F, star + delta * v / np.linalg.norm(v), X, y, c)
            if not _on_manifold(pr):
                raise RuntimeError(f"projection failed (residual {float(pr.residual):.2e})")
            g = float(jnp.linalg.norm(mf.riemannian_grad(f, F, pr.theta, X, y, c))) / fstar
            pts.append((g, _eigs(f, F, pr.theta, X, y, c)[0]))
        pts = np.array(pts)
        neg = pts[pts[:, 1] < -EIG_RTOL * 10]
        radius = float(neg[:, 0].min()) if len(neg) else float("inf")
        ev_star = _eigs(f, F, star, X, y, c)
        crit.append(Relation(float(ev_star[0]), ">=", 0.0, atol=EIG_RTOL * float(np.max(np.abs(ev_star))),
                             label=f"{act}/{data}: lambda_min at theta* >= 0", why="eigenvalue rounding"))
        if np.isfinite(radius):
            crit.append(Relation(radius, ">", EPS0, label=f"{act}/{data}: empirical radius > eps_0",
                                 why="exact comparison with the stated radius"))
        if data == "orthonormal":
            a = sn.activation(act)
            zs = np.asarray(a.inv(y / m))
            closed = float(np.min(2 * c * np.asarray(a.d1(zs)) * np.asarray(a.d3(zs))))
            crit.append(Relation(float(ev_star[0]), "==", closed, rtol=1e-10,
                                 label=f"{act}: lambda_min(theta*) = min_i 2c phi'(z_i) phi'''(z_i)",
                                 why="autodiff Hessian vs closed form, rounding ~1e-14"))
        rows.append(dict(act=act, data=data, points=len(pts), negative=int(len(neg)), empirical_radius=radius,
                         lambda_min_at_star=float(ev_star[0])))
        ax.scatter(np.maximum(pts[:, 0], 1e-16), pts[:, 1], s=6, rasterized=True, label=f"{act}/{data}")
    ax.set_xscale("log"), ax.set_yscale("symlog", linthresh=1e-3)
    ax.axvline(EPS0, color="k", ls="--", lw=0.8), ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("|grad_M Tr| / Tr*"), ax.set_ylabel("lambda_min(Hess_M Tr)"), ax.legend(fontsize=6)
    return Finding(criteria=crit, details={"settings": rows, "eps0": EPS0},
                   figures={"hessian_vs_gradient": (fig, "Minimum eigenvalue of the Riemannian Hessian of Tr against "
                                                    "the relative Riemannian gradient norm; dashed: eps_0.")})


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
SV_THRESHOLD = 1e-3  # stated: s_2/s_1 below 1e-3 at the end of the run


@lru_cache(maxsize=4)
def _sgd_setup():
    m, n, d, act = 10, 3, 3, "sinh"
    X, y = sn.make_data(n, d, kind="orthonormal", seed=1)
    th0 = sn.random_on_manifold(X, y, m, act, scale=0.5, seed=0).theta
    return m, act, X, y, th0


def _svals(m, X, y, act="sinh"):
    """Record (singular values of Z, Tr grad^2 L_{1/n} at the iterate, off M included)."""

    def rec(theta):
        return (jnp.linalg.svd(sn.features(theta, X, m), compute_uv=False),
                sn.trace_hessian(theta, X, y, m, act, 1.0 / X.shape[0]))

    return rec


@lru_cache(maxsize=8)
def _sgd_run(sigma, steps, eta=0.05, seed=0):
    m, act, X, y, th0 = _sgd_setup()
    return label_noise_sgd(sn.predictor(m, act), th0, X, y, eta=eta, sigma=sigma, steps=steps, every=steps // 500,
                           noise="uniform_pm", sigma_is="std", seed=seed, record=_svals_cached(m))


@lru_cache(maxsize=4)
def _svals_cached(m):
    _, act, X, y, _ = _sgd_setup()
    return _svals(m, X, y, act)


def _paper_data_run(eta, sigma, steps=1_000_000):
    """The paper's Fig. 1 data (x_i ~ U[0,1]^3, here y ~ U[0,1]): nearly collinear rows make the smallest
    positive Riemannian-Hessian eigenvalue tiny, so rank one needs flow time ~ 1/mu_min+ (reported only)."""
    m, act = 10, "sinh"
    X, y = sn.make_data(3, 3, kind="uniform", seed=0, y_range=(0.0, 1.0))
    F, f, c = sn.constraint(m, act), sn.manifold_trace(m, act), 1.0 / 3
    th0 = sn.random_on_manifold(X, y, m, act, scale=0.5, seed=0).theta
    run = label_noise_sgd(sn.predictor(m, act), th0, X, y, eta=eta, sigma=sigma, steps=steps, every=steps // 100,
                          seed=0, record=_svals(m, X, y, act))
    sv = np.asarray(run.records[0])
    mu = _positive_min(_eigs(f, F, sn.rank_one_solution(X, y, m, act, theta_perp=th0), X, y, c))
    return {"steps": steps, "sv_start": sv[0].tolist(), "sv_end": sv[-1].tolist(),
            "sv_ratio_end": float(sv[-1, 1] / sv[-1, 0]), "tau_pred": float(flow_time(steps, eta=eta, sigma=sigma)),
            "mu_min_plus": mu, "flow_time_scale_1_over_mu": 1.0 / mu,
            "Tr_end": float(np.asarray(run.records[1])[-1]), "Tr_star": sn.min_trace(X, y, m, act, c)}


def sgd_experiment(sigma):
    """``sigma`` = label-noise std (0.3 true claim; 0 is the no-label-noise control)."""

    def experiment(profile):
        steps = {"quick": 300_000, "default": 1_000_000, "thorough": 3_000_000}[profile.name]
        eta = 0.05
        m, act, X, y, th0 = _sgd_setup()
        run = _sgd_run(sigma, steps, eta)
        F, f, c = sn.constraint(m, act), sn.manifold_trace(m, act), 1.0 / X.shape[0]
        pr = mf.project(F, jnp.asarray(run.theta), X, y, c)
        s, tr_sgd = np.asarray(run.records[0]), np.asarray(run.records[1])
        ratio = s[:, 1] / s[:, 0]
        fstar = sn.min_trace(X, y, m, act, c)
        gap = (float(f(pr.theta, X, y, c)) - fstar) / fstar
        dist = float(sn.equal_split_distance(pr.theta, X, y, m, act))
        hit = np.nonzero(ratio < 1e-2)[0]
        k_cross = int(run.steps[hit[0]]) if hit.size else None
        # the eta -> 0 prediction: Riemannian flow from theta_0 for tau = s^2 eta^2 k / 4
        tau_end = float(flow_time(steps, eta=eta, sigma=max(sigma, 1e-12)))
        fl = riemannian_flow(f, F, th0, min(tau_end, 40.0), X, y, c, dt=0.01, every=10)
        sfl = np.array([rank.singular_values(sn.features(jnp.asarray(t), X, m)) for t in fl.theta])
        crit = [
            Relation(float(ratio[-1]), "<", SV_THRESHOLD, label="s_2/s_1 of Z at the end",
                     why="stated threshold; the eta->0 flow reaches ~1e-8 by the same flow time"),
            Relation(gap, "<=", 1e-6, label="(Tr(proj theta_end) - Tr*)/Tr*",
                     why="gap ~ dist^2 mu / Tr* with s_2/s_1 < 1e-3 -> <= 1e-6"),
            Relation(dist, "<=", 1e-3, label="max_ij |z_ij - phi^-1(y_i/m)| after projection",
                     why="same order as s_2/s_1 |Z|"),
            Relation(float(pr.residual), "<=", 1e-12, label="projection of the end point lands on M", why="GN tolerance 1e-13"),
        ]
        paper = _paper_data_run(eta, sigma) if (profile.name != "quick" and sigma > 0) else None
        fig, (ax1, ax2) = new_figure(ncols=2)
        for k in range(3):
            ax1.semilogy(run.steps, np.maximum(s[:, k], 1e-17), lw=1, label=f"s_{k + 1}(Z) SGD")
            if sigma > 0:
                ax1.semilogy(fl.t / flow_time(1, eta=eta, sigma=sigma), np.maximum(sfl[:, k], 1e-17), "k:", lw=0.8)
        ax1.set_xlabel("SGD step k (dotted: Riemannian flow at tau = s^2 eta^2 k/4)"), ax1.set_ylabel("singular value")
        ax1.ticklabel_format(axis="x", style="sci", scilimits=(0, 0))
        ax1.legend(fontsize=6)
        if sigma > 0:
            ax2.plot(flow_time(run.steps, eta=eta, sigma=sigma), tr_sgd, lw=0.8, label="label-noise SGD at tau(k)")
            ax2.plot(fl.t, fl.f, "k:", label="Riemannian flow (tau)")
        else:
            ax2.plot(run.steps, tr_sgd, lw=0.8, label="SGD (x-axis: steps)")
        ax2.axhline(fstar, color="k", ls="--", lw=0.8, label="Tr* (closed form)")
        ax2.set_xlabel("flow time tau = s^2 eta^2 k / 4"), ax2.set_ylabel("Tr grad^2 L"), ax2.set_xscale("symlog")
        ax2.legend(fontsize=6)
        return Finding(criteria=crit, details={
            "steps": steps, "eta": eta, "sigma_std": sigma, "noise": "uniform_pm", "final_singular_values": s[-1].tolist(),
            "final_sv_ratio": float(ratio[-1]), "k_cross_1e-2": k_cross, "tau_pred_end": tau_end,
            "alpha_time_scale": (float(fl.t[np.argmax(sfl[:, 1] / sfl[:, 0] < 1e-2)]) / float(flow_time(k_cross, eta=eta, sigma=sigma))
                                 if (k_cross and sigma > 0 and np.any(sfl[:, 1] / sfl[:, 0] < 1e-2)) else None),
            "trace_gap_rel": gap, "paper_data_run (default profile; not a criterion)": paper}, figures={"sgd_singular_values": (fig, "Singular values of the feature matrix Z over "
                                            "label-noise SGD (left; dotted: the Riemannian flow on the predicted time "
                                            "scale) and Tr grad^2 L along SGD and along the flow (right).")})

    return experiment


SGD.experiment(name="label_noise_sgd")(sgd_experiment(0.3))
claim("glrj24.single-feature.no-label-noise", title="Variant: SGD without label noise reaches rank one",
      statement="Plain SGD (sigma = 0) started on M reaches rank one (false: on M every per-sample gradient vanishes, "
                "so SGD does not move).", provenance="variant", variant_of="glrj24.single-feature", conventions=SGD_CONV,
      domain="as the paper claim, sigma = 0").experiment(name="label_noise_sgd")(sgd_experiment(0.0))


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
    domain="glrj24.single-feature setting; eta in {0.01, 0.02, 0.03, 0.05}, s = 1 (std) for the eta scan; "
           "s in {0.5, 1} at eta in {0.02, 0.05} for the exponent (extrapolated to eta -> 0); 2 seeds (quick) / 4 (default)")


@lru_cache(maxsize=4)
def _flow_crossing():
    m, act, X, y, th0 = _sgd_setup()
    F, f, c = sn.constraint(m, act), sn.manifold_trace(m, act), 1.0 / X.shape[0]
    fl = riemannian_flow(f, F, th0, 20.0, X, y, c, dt=0.002, every=5)
    r = np.array([rank.sv_ratio(sn.features(jnp.asarray(t), X, m)) for t in fl.theta])
    i = int(np.argmax(r < 1e-2))
    # linear interpolation of log ratio between records
    t0, t1, l0, l1 = fl.t[i - 1], fl.t[i], np.log(r[i - 1]), np.log(r[i])
    return float(t0 + (np.log(1e-2) - l0) * (t1 - t0) / (l1 - l0))


def _crossing_step(eta, s, seed):
    tau_c = _flow_crossing()
    steps = int(np.ceil(2.0 * tau_c / flow_time(1, eta=eta, sigma=s) / 2000)) * 2000
    m, act, X, y, th0 = _sgd_setup()
    run = label_noise_sgd(sn.predictor(m, act), th0, X, y, eta=eta, sigma=s, steps=steps, every=steps // 2000,
                          seed=seed, record=_ratio_cached(m))
    r = np.asarray(run.records)
    i = int(np.argmax(r < 1e-2))
    if r[i] >= 1e-2:
        raise RuntimeError(f"no crossing in {steps} steps (eta={eta}, s={s})")
    t0, t1, l0, l1 = run.steps[i - 1], run.steps[i], np.log(r[i - 1]), np.log(r[i])
    return float(t0 + (np.log(1e-2) - l0) * (t1 - t0) / (l1 - l0))


@lru_cache(maxsize=4)
def _ratio_cached(m):
    _, _, X, _, _ = _sgd_setup()

    def rec(theta):
        s = jnp.linalg.svd(sn.features(theta, X, m), compute_uv=False)
        return s[1] / s[0]

    return rec


@lru_cache(maxsize=4)
def _time_scale_data(profile_name):
    seeds = range({"quick": 2, "default": 4, "thorough": 8}[profile_name])
    etas = (0.01, 0.02, 0.03, 0.05)
    k_eta = {eta: np.array([_crossing_step(eta, 1.0, sd) for sd in seeds]) for eta in etas}
    k_sig = {eta: np.array([_crossing_step(eta, 0.5, sd) for sd in seeds]) for eta in (0.02, 0.05)}
    return etas, k_eta, k_sig


def time_scale_experiment(noise_power, lwa_constant):
    """``noise_power``: exponent of s in the claimed time scale (2 true); ``lwa_constant``: the claimed
    constant in tau = C s^2 eta^2 k (1/4 true)."""

    def experiment(profile):
        etas, k_eta, k_sig = _time_scale_data(profile.name)
        tau_c = _flow_crossing()
        # raw exponent of s (pair s = 0.5 -> 1) at eta = 0.02 and 0.05: reported, not a criterion (at finite
        # eta the factor alpha depends on eta*s, so the raw exponent is about -2.09 at both)
        def exponent(eta):
            l1, l2 = np.log(k_eta[eta]), np.log(k_sig[eta])  # s = 1, s = 0.5
            return float((l1.mean() - l2.mean()) / np.log(2.0))

        def alpha_of(k, eta, s):
            """alpha = tau_c / (C s^p eta^2 k) with its standard error over seeds."""
            a = tau_c / (lwa_constant * s**noise_power * eta**2 * k.mean())
            return a, a * k.std(ddof=1) / k.mean() / np.sqrt(k.size)

        # (i) s = 1: alpha at four eta, quadratic extrapolation to eta = 0
        alpha, a_se = map(np.array, zip(*[alpha_of(k_eta[eta], eta, 1.0) for eta in etas]))
        coef, cov = np.polyfit(np.array(etas), alpha, 2, w=1 / np.maximum(a_se, 1e-3 * alpha), cov="unscaled")
        a0, a0_se = float(coef[-1]), float(np.sqrt(cov[-1, -1]))
        lin = np.polyfit(np.array(etas[:2]), alpha[:2], 1)[-1]  # model error: linear through the two smallest
        # (ii) s = 0.5: alpha at eta = 0.02, 0.05, linear extrapolation (crude: its model error is the whole
        # correction at eta = 0.02, so this mainly tests the power of s)
        (h2, h2se), (h5, h5se) = alpha_of(k_sig[0.02], 0.02, 0.5), alpha_of(k_sig[0.05], 0.05, 0.5)
        b0 = h2 - 0.02 * (h5 - h2) / 0.03
        b0_se = float(np.hypot(5 / 3 * h2se, 2 / 3 * h5se))
        crit = [
            Relation(a0, "==", 1.0, atol=3 * a0_se + abs(lin - a0),
                     label="alpha(eta -> 0) at s = 1 (quadratic extrapolation)",
                     why="3 x fit standard error (seed spread) + |quadratic - linear extrapolation| (model error)"),
            Relation(float(b0), "==", 1.0, atol=3 * b0_se + abs(b0 - h2),
                     label="alpha(eta -> 0) at s = 0.5 (linear extrapolation)",
                     why="3 x standard error + |extrapolated - value at eta = 0.02| (model error)"),
        ]
        fig, ax = new_figure()
        ax.errorbar(etas, alpha, yerr=a_se, fmt="o", label="s = 1: alpha = tau_c / (C s^2 eta^2 k)")
        ax.errorbar([0.02, 0.05], [h2, h5], yerr=[h2se, h5se], fmt="s", label="s = 0.5")
        ee = np.linspace(0, max(etas), 50)
        ax.plot(ee, np.polyval(coef, ee), "k--", lw=0.8, label=f"quadratic fit, alpha(0) = {a0:.3f}")
        ax.set_xlabel("eta"), ax.set_ylabel("alpha"), ax.legend(fontsize=6)
        return Finding(criteria=crit, details={
            "tau_cross_flow": tau_c, "etas": list(etas), "alpha": alpha.tolist(), "alpha_se": a_se.tolist(),
            "k_cross_eta_scan_s1": {str(e): k_eta[e].tolist() for e in etas},
            "k_cross_s0.5": {str(e): k.tolist() for e, k in k_sig.items()}, "alpha_s0.5": [float(h2), float(h5)],
            "alpha0_s0.5": float(b0), "sigma_exponent_raw_eta0.02": exponent(0.02),
            "sigma_exponent_raw_eta0.05": exponent(0.05), "noise_power": noise_power, "alpha0": a0, "alpha0_se": a0_se,
            "lwa_constant": lwa_constant}, figures={"time_scale": (fig, "Finite-step factor alpha(eta) between "
                                                   "label-noise SGD and the Riemannian flow; alpha -> 1 as eta -> 0.")})

    return experiment


TS.experiment(name="time_scale")(time_scale_experiment(2, 0.25))
claim("glrj24.label-noise-time-scale.std", title="Variant: time scale linear in the noise std (k ~ 1/s)",
      statement="k(eta, s) ~ s^{-1} (false: the drift is proportional to the variance).", provenance="variant",
      variant_of="glrj24.label-noise-time-scale", conventions=SGD_CONV).experiment(name="time_scale")(
    time_scale_experiment(1, 0.25))
claim("glrj24.label-noise-time-scale.half", title="Variant: time scale tau = s^2 eta^2 k / 2",
      statement="The constant in the flow time is 1/2 (false: 1/4).", provenance="variant",
      variant_of="glrj24.label-noise-time-scale", conventions=SGD_CONV).experiment(name="time_scale")(
    time_scale_experiment(2, 0.5))


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


def _saddle_experiment(act: str):
    """The saddle experiment for activation ``act`` (tanh: the claim; sinh: its negative control)."""

    def tanh_counterexample(profile):
        return _saddle(act)

    return tanh_counterexample


def _saddle(act: str) -> Finding:
    m, n, d = 10, 3, 3
    X, y, F, f, c, star = _problem(m, n, d, act, "orthonormal", 1)
    g0 = float(jnp.linalg.norm(mf.riemannian_grad(f, F, star, X, y, c)))
    H = np.asarray(mf.riemannian_hessian_tangent(f, F, star, X, y, c))
    U = np.asarray(mf.tangent_basis(F, star, X, y, c))
    w, V = np.linalg.eigh(H)
    start = mf.project(F, star + 1e-3 * jnp.asarray(U @ V[:, 0]), X, y, c).theta
    fl = riemannian_flow(f, F, start, 30.0, X, y, c, dt=0.01, every=20)
    end = jnp.asarray(fl.theta[-1])
    ratio = rank.sv_ratio(sn.features(end, X, m))
    a = sn.activation(act)
    zs = np.asarray(a.inv(y / m))
    closed = float(np.min(2 * c * np.asarray(a.d1(zs)) * np.asarray(a.d3(zs))))
    f_star = float(f(star, X, y, c))
    crit = [
        Relation(g0, "<=", 1e-12, label="|grad_M Tr| at the equal split", why="stationary by symmetry; rounding"),
        Relation(float(w[0]), "<", -0.1, label="lambda_min(Hess_M Tr) at the equal split", why="exact comparison"),
        Relation(float(w[0]), "==", closed, rtol=1e-9, label="= min_i 2c phi'(z_i) phi'''(z_i) (closed form)",
                 why="autodiff vs closed form"),
        Relation(float(fl.f[-1]), "<", f_star - 0.1, label="Tr after the flow < Tr(equal split) - 0.1",
                 why="exact comparison"),
        Relation(ratio, ">", 0.1, label="s_2/s_1 of Z after the flow (not rank one)", why="exact comparison"),
    ]
    return Finding(criteria=crit, details={"lambda_min": float(w[0]), "closed_form": closed, "Tr_equal_split": f_star,
                                           "Tr_after_flow": float(fl.f[-1]), "sv_ratio_after_flow": ratio,
                                           "final_grad_norm": float(fl.grad_norm[-1])})


TANH.experiment(_saddle_experiment("tanh"), name="tanh_counterexample")
claim("glrj24.tanh-saddle.sinh", title="Variant: the same saddle with phi = sinh (inside the assumption)",
      statement="With phi = sinh (phi''' > 0) the equal split would be a stationary saddle of Tr on M (it is in "
                "fact the strict minimiser: every Riemannian Hessian eigenvalue is 2c phi' phi''' > 0).",
      source=SRC, provenance="variant", variant_of="glrj24.tanh-saddle", conventions=CONV,
      domain="phi = sinh, orthonormal rows (seed 1), y ~ U[-1,1]").experiment(
          _saddle_experiment("sinh"), name="tanh_counterexample")
