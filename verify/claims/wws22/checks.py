"""Check functions for the wws22 claims (declared in ``claims.py``): the instances (per-sample
Hessians at a global minimum of each model) and their cached summary, the Hypothesis
strategies, the property checks, the exact certificates and the figure-less experiment
(``table``). The experiments that draw figures are in ``figures.py``. No claims are declared
here.
"""

from __future__ import annotations

from functools import lru_cache

import hypothesis.strategies as st
import jax.numpy as jnp
import numpy as np
import scipy.linalg as sla
import sympy as sp

from verify import Finding, Relation
from verify.measure import alignment as AL
from verify.measure import stability as ST
from verify.models import linear as LIN
from verify.models import random_features as RF
from verify.models import two_layer as TL
from verify.precise import real_eigenvalues_exact

MODELS = ("linear", "rf", "linear_net", "tanh_net")


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
# wws22.threshold-instrument, wws22.threshold-table: the exact threshold
# ============================================================================================
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
    rels += one_step_vs_enumeration(Hs, e, B, sampling, k, seed)
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


def one_step_vs_enumeration(Hs, eta, B, sampling, k, seed):
    """One step of the second moment, three ways: E_I[(I - eta H_I) M (I - eta H_I)] averaged over every
    possible mini-batch I of the law (``ST.batches``; no kappa), the matrix form ``ST.apply_operator``
    T(M) = P M P + eta^2 kappa ((1/n) sum H_i M H_i - H M H), P = I - eta H, and the Kronecker matrix
    ``ST.second_moment_operator`` applied to vec(M), at a random PSD M = G G^T (numpy seed)."""
    kdim = Hs.shape[1]
    G = np.random.default_rng(seed).standard_normal((kdim, kdim))
    M = G @ G.T
    Ps = [np.eye(kdim) - eta * Hs[list(I)].mean(axis=0) for I in ST.batches(Hs.shape[0], B, sampling)]
    enum = np.mean([P @ M @ P for P in Ps], axis=0)
    # each entry is a sum of <= k^2 products of entries of P, M, P, averaged over batches: rounding
    # <= 2 k eps |P|^2 |M| per batch; 64 k eps |P|^2 |M|_2 bounds it with room (|P|_2 <= 1 + eta max|H_i|_2)
    pn = 1.0 + eta * max(np.linalg.norm(Hi, 2) for Hi in Hs)
    tol = 64 * kdim * np.finfo(float).eps * pn**2 * np.linalg.norm(M, 2)
    why = "float64 products of k x k matrices: |error| <= 2 k eps |P|_2^2 |M|_2 per term (64x room)"
    return [Relation(np.abs(ST.apply_operator(Hs, M, eta, k) - enum).max(), "<=", tol, why=why,
                     label="one step: apply_operator(M) = batch-enumerated E[P_I M P_I]"),
            Relation(np.abs((ST.second_moment_operator(Hs, eta, k) @ M.ravel()).reshape(M.shape) - enum).max(),
                     "<=", tol, why=why, label="one step: Kronecker T vec(M) = batch-enumerated E[P_I M P_I]")]


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


# ============================================================================================
# wws22.flatness-bound*: the flatness bound and its sampling conventions
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
    """Exact (eta_max |H|_F)^2 <= const2 * B'/mu_min for B = 1..n on rational Jacobian rows (default: n = 2
    orthonormal rows a_i = e_i, where mu_min = 1/2 and the bound is tight at B = 1). At kappa = 0 with B_eff
    (B = n without replacement: GD) the relation is eta_max = 2/lambda_max(H). With n = 3 orthonormal rows,
    B = 2 without replacement is where B_eff = B(n-1)/(n-B) = 4 and B = 2 part ways (16/3 <= 6, not <= 3)."""
    Hs = [sp.Matrix(a) * sp.Matrix(a).T for a in rows]
    n = len(Hs)
    H = sum(Hs, sp.zeros(Hs[0].shape[0])) / n
    F2, mm = sum(x**2 for x in H), AL.mu_min_exact(Hs)
    rels = []
    for B in range(1, n + 1):
        k = ST.kappa(sp.Integer(n), sp.Integer(B), sampling)  # exact Rational
        e = ST.threshold_exact(Hs, k)
        if k == 0 and beff:
            rels.append(Relation(e, "==", 2 / real_eigenvalues_exact(H)[-1],
                                 label=f"B={B}: no noise, eta_max = GD threshold"))
        else:
            Bp = 1 / k if beff else sp.Integer(B)
            rels.append(Relation(e**2 * F2, "<=", const2 * Bp / mm, label=f"B={B}: (eta_max |H|_F)^2 <= B'/mu_min"))
    return rels


# ============================================================================================
# wws22.escape: exponential growth beyond the bound (the Monte Carlo rate is in figures.py)
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


# ============================================================================================
# wws22.alignment-linear-net, wws22.alignment-random-features
# ============================================================================================
def linear_net_population_mu(m, d, seed, *, mu_floor=1.0, map_exponent=0.5):
    """Population mu_min of a two-layer linear net (x ~ N(0, S)) via the Isserlis formula in x-space.

    mu is invariant under a rescaling J -> c J, so the map itself is judged first: J x_j must equal the
    autodiff gradient grad_theta f(x_j; theta) (``TL.jacobian``, linear activation) at d + 1 random inputs
    (d of them span R^d, so J is pinned down). ``map_exponent``: the map used is [v (x) I_d; W] / m^map_exponent
    (1/2 is the model's; 1 the mean-field slip). Returns [Jacobian relation, mu_min relation]."""
    rng = np.random.default_rng(seed)
    theta = TL.init(m, d, seed)
    J = TL.linear_jacobian_map(theta, m, d) * float(m) ** (0.5 - map_exponent)
    X = rng.standard_normal((d + 1, d))
    A = np.asarray(TL.jacobian(theta, jnp.asarray(X), m, d, "linear"))  # rows grad f(x_j), autodiff
    # (J x)_k sums d products, autodiff entries are one product v_k x_j / sqrt(m) or W_k x: rounding
    # <= 2 d eps |J|_max |x|_1; 16 d eps |J|_max max_j |x_j|_1 leaves room
    tol = 16 * d * np.finfo(float).eps * np.abs(J).max() * np.abs(X).sum(axis=1).max()
    jac = Relation(np.abs(X @ J.T - A).max(), "<=", tol, label="a(x) = J x: map = autodiff gradient",
                   why="float64: (J x)_k is a sum of d products, <= 2 d eps |J|_max |x|_1 (8x room)")
    Cx = rng.standard_normal((d, d)) / np.sqrt(d)
    S = Cx @ Cx.T + 0.1 * np.eye(d)
    G = J @ S @ J.T
    K = J.T @ G @ J
    A = J @ (np.trace(S @ K) * S + 2 * S @ K @ S) @ J.T - G @ G @ G  # E[(a^T G a) a a^T] - G^3, a = J x
    lam, V = np.linalg.eigh(G)
    U = V[:, lam > 1e-10 * lam.max()]
    mu = sla.eigh(U.T @ A @ U, U.T @ G @ U, eigvals_only=True) / np.sum(G * G)
    return [jac, Relation(mu.min(), ">=", mu_floor, rtol=1e-9, label="population mu_min",
                          why="eig of <= 30x30 symmetric pair, cond <= ~1e4")]


LN = {"m": st.sampled_from([1, 2, 4, 8, 16]), "d": st.sampled_from([2, 3, 5]), "seed": st.integers(0, 10_000)}


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


RFG = {"n": st.sampled_from([2, 3, 4, 6]), "d": st.sampled_from([2, 5, 20]), "seed": st.integers(0, 10_000)}
