"""Simulations behind the glrj24 experiment checks (declared in ``claims.py``, judged and drawn
in ``figures.py``): Riemannian gradient flows of Tr on M, label-noise SGD runs, and the
crossing times of the time-scale experiment. Cached, so a claim and its negative-control
variant share the runs. No claims are declared here.
"""

from __future__ import annotations

from functools import lru_cache

import jax.numpy as jnp
import numpy as np

from verify.claims.glrj24.checks import _eigs, _positive_min
from verify.dynamics.label_noise import flow_time, label_noise_sgd
from verify.dynamics.riemannian_flow import riemannian_flow
from verify.measure import rank
from verify.models import sum_of_neurons as sn


# ============================================================================================
# glrj24.global-linear-convergence: Riemannian flow runs
# ============================================================================================
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


# ============================================================================================
# glrj24.single-feature: label-noise SGD (Fig. 1 setting)
# ============================================================================================
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


# ============================================================================================
# glrj24.label-noise-time-scale: first crossing of s_2/s_1 < 1e-2, flow and SGD
# ============================================================================================
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
    k_sig = {eta: np.array([_crossing_step(eta, 0.5, sd) for sd in seeds]) for eta in etas}
    return etas, k_eta, k_sig
