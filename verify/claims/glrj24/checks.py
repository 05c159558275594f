"""Check functions for the glrj24 claims (declared in ``claims.py``): the shared numerics, the
bodies of the identity checks (thin wrappers of ``derivations/simplicity_bias.py``), the property
checks (certified stationary points, curvature near stationary points) and the tanh-saddle
experiment. The other experiments (they draw figures) are in ``figures.py``, the simulations
they judge in ``experiments.py``. No claims are declared here.

Shared across the package: ``_problem`` (data, constraint, trace and rank-one solution of one
problem, cached), ``_eigs`` (Riemannian Hessian eigenvalues), ``_positive_min``, ``SHAPES`` and
the eigenvalue tolerance ``EIG_RTOL``.
"""

from __future__ import annotations

from functools import lru_cache, partial

import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np

from derivations import simplicity_bias as sb
from verify import Finding, Relation
from verify.dynamics.riemannian_flow import riemannian_flow
from verify.measure import manifold as mf
from verify.measure import rank
from verify.models import losses
from verify.models import sum_of_neurons as sn

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
# Derivations (sympy, derivations/simplicity_bias.py): identity bodies
# ============================================================================================
def trace_formula():
    """Sum of second partials of L_c in explicit coordinates, then res = 0."""
    return sb.trace_on_manifold()


@partial(jax.jit, static_argnames=("m", "act"))
def _autodiff_trace(th, X, y, c, m, act):
    """Tr of the autodiff Hessian of ``sn.loss`` (compiled once per width and activation)."""
    return jnp.trace(jax.hessian(sn.loss)(th, X, y, m, act, c))


def trace_numeric(shape, act, data, data_seed, dir_seed, log_delta, normalization, const=1):
    """At a point of M (a perturbed rank-one solution, projected): ``const * c sum_i |x_i|^2
    sum_j phi'(z_ij)^2`` (the closed form, ``sn.trace_on_manifold``, with ``c =
    sn.norm_constant(n, normalization)``) against the trace of the autodiff Hessian of the
    model's loss ``sn.loss`` with that ``c``: two independent computations, at sizes the symbolic
    proof does not cover. And the convention itself: off M, ``sn.loss`` with that ``c`` is the
    squared error written out for ``normalization`` (:func:`verify.models.losses.mse`)."""
    m = shape[0]
    X, y, F, f, _, star, pr = _point_on_manifold(shape, act, data, data_seed, log_delta, dir_seed)
    c = sn.norm_constant(X.shape[0], normalization)
    th = jnp.asarray(pr.theta)
    tr = float(_autodiff_trace(th, X, y, c, m, act))
    closed = const * float(f(th, X, y, c))
    # the omitted residual term c sum_i |x_i|^2 res_i sum_j phi''(z_ij), with |res_i| <= max|F|,
    # plus float rounding of two O(p) sums (1e-12 relative)
    a, Z = sn.activation(act), sn.features(th, X, m)
    res_term = c * float(jnp.sum(jnp.sum(X * X, axis=1) * jnp.sum(jnp.abs(a.d2(Z)), axis=1))) * float(pr.residual)
    off = 1.1 * th  # off M: the residuals are O(1), so the loss's constant shows
    model, written = float(sn.loss(off, X, y, m, act, c)), float(losses.mse(sn.outputs(off, X, m, act), y, normalization))
    return [Relation(closed, "==", tr, atol=2 * res_term + 1e-12 * abs(tr),
                     label="closed form on M vs trace of the autodiff Hessian of sn.loss",
                     why="|residual term| <= c sum |x_i|^2 max|res| sum |phi''| (x2), 1e-12 relative rounding"),
            Relation(model, "==", written, rtol=1e-13, label=f"sn.loss with c = norm_constant(n, {normalization!r}) "
                     "vs the convention's squared error, off M", why="two sums of n squares: ~n ulp each")]


def g_second_derivative():
    return sb.g_convexity()


def equal_split_minimum():
    return sb.equal_split(3)


def lagrange_conditions():
    return sb.stationarity()


def covariance_identity():
    return sb.label_noise_covariance()


def catalogue():
    return sb.activation_catalogue()


# ============================================================================================
# glrj24.rank-one-minimizers: certified stationary points of Tr on M
# ============================================================================================
Z_MAX = 6.0  # certified stationary points must have bounded pre-activations (no saturation artefacts)
STAT_RES = 1e-10  # Gauss-Newton converges quadratically to rounding (~1e-15 of O(1-10) entries); 1e-10 leaves margin


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


# ============================================================================================
# glrj24.geodesic-convexity: curvature near stationary points (the radius scan is in figures.py)
# ============================================================================================
def _point_on_manifold(shape, act, data, data_seed, log_delta, dir_seed):
    """The problem and a point of M: the rank-one solution moved by 10^log_delta in a random
    direction (seed ``dir_seed``), projected back; raises if the projection fails."""
    m, n, d = shape
    X, y, F, f, c, star = _problem(m, n, d, act, data, data_seed)
    v = np.random.default_rng(dir_seed).standard_normal(m * d)
    pr = mf.project(F, star + 10**log_delta * v / np.linalg.norm(v), X, y, c)
    if not _on_manifold(pr):
        raise RuntimeError(f"projection failed (residual {float(pr.residual):.2e})")
    return X, y, F, f, c, star, pr


def _on_manifold(pr):
    """Far from theta* (delta ~ 10) the outputs reach ~1e3 and the rounding floor of F is ~1e-13 * 1e3, above
    the projection's default 1e-13: accept max|F| <= 1e-10 (the Hessian there changes by ~|H'| 1e-10)."""
    return bool(pr.converged) or float(pr.residual) <= 1e-10


EPS0 = 0.02  # stated radius (relative gradient); exploratory search found negatives only at >= ~0.1


def geodesic_relation(shape, act, data, data_seed, log_delta, dir_seed):
    X, y, F, f, c, star, pr = _point_on_manifold(shape, act, data, data_seed, log_delta, dir_seed)
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


# glrj24.trace-on-manifold's numeric check: the same points of M, nearer the solution
TRACE_GIVEN = _geo_given(["sinh", "cubic"]) | {"log_delta": st.floats(-3.0, 0.5),
                                                "normalization": st.sampled_from(sorted(sn.NORMALIZATIONS))}


# ============================================================================================
# glrj24.tanh-saddle: outside the assumption (tanh), the equal split is a stationary saddle
# ============================================================================================
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
