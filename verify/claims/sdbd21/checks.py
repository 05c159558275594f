"""Check functions for sdbd21 (Smith, Dherin, Barrett, De 2021) and the with- vs without-replacement
identities of the b23 digest (4.3).

Setting of the measured checks: d = 3, m = 4 fixed batches with non-quadratic batch-mean losses
C_k(theta) = theta^T A_k theta / 2 - b_k^T theta + c_k sum theta^4 / 4 + (w_k . theta)^3 / 6 (seeded),
one epoch of m steps with step eps, eps = 2e-2 / 2^k (k = 0..4).  Exact means over the sampling law
come from :func:`verify.measure.epoch_average.moments` (hand-written numpy gradients); the
predictions from jax autodiff of C (independent code):

* ``smith_errors``: |E_scheme[theta_m] - prediction| with the prediction either Smith's expansion
  theta_0 - m eps grad C + m^2 eps^2 coef grad(|grad C|^2 - sum_k |grad C_k|^2 / m^2) or the flow of
  C~ = C + (coef eps / m) sum_k |grad C_k|^2 over time m eps (:func:`verify.measure.modified_loss.smith`,
  :func:`verify.dynamics.gradient_flow`);
* ``difference_errors``: |(E_reshuffle - E_ref)[theta_m] + (eps^2/4) grad sum_k |grad C_k - grad C|^2|;
* ``mean_vs_gd``: on sums of quadratics, |E_scheme[theta_t] - theta_t^GD| exactly by enumeration.
"""

from __future__ import annotations

import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np

from verify.core.relation import Relation
from verify.dynamics import gradient_flow
from verify.measure import epoch_average as EA
from verify.measure.modified_loss import smith

M, D_ = 4, 3
EPS = 0.02 / 2.0 ** np.arange(5)
THETA0 = np.array([0.5, -0.3, 0.8])


def problem(seed=0):
    rng = np.random.default_rng(seed)
    A = []
    for _ in range(M):
        G = rng.standard_normal((D_, D_))
        A.append((G + G.T) / 2 + 2 * np.eye(D_))
    return {"A": np.array(A), "b": rng.standard_normal((M, D_)), "c": rng.uniform(0.2, 1.0, M),
            "w": rng.standard_normal((M, D_)) * 0.7}


def _np_step(P, eps):
    A, b, c, w = P["A"], P["b"], P["c"], P["w"]

    def step(th, k):  # hand gradient of C_k
        return th - eps * (A[k] @ th - b[k] + c[k] * th**3 + 0.5 * (w[k] @ th) ** 2 * w[k])

    return step


def batch_loss(theta, k, A, b, c, w):
    return 0.5 * theta @ A[k] @ theta - b[k] @ theta + c[k] * jnp.sum(theta**4) / 4 + (w[k] @ theta) ** 3 / 6


def _full(theta, A, b, c, w):
    return sum(batch_loss(theta, k, A, b, c, w) for k in range(M)) / M


def _reg(theta, A, b, c, w):
    gs = [jax.grad(batch_loss)(theta, k, A, b, c, w) for k in range(M)]
    gC = sum(gs) / M
    return gC @ gC - sum(g @ g for g in gs) / M**2


def _var(theta, A, b, c, w):
    gs = [jax.grad(batch_loss)(theta, k, A, b, c, w) for k in range(M)]
    gC = sum(gs) / M
    return sum((g - gC) @ (g - gC) for g in gs)


_GRAD_C, _GRAD_R, _GRAD_V = jax.jit(jax.grad(_full)), jax.jit(jax.grad(_reg)), jax.jit(jax.grad(_var))


def _args(P):
    return tuple(jnp.asarray(P[k]) for k in ("A", "b", "c", "w"))


def smith_errors(scheme="reshuffle", coef=0.25, reference="expansion", seed=0):
    P = problem(seed)
    args = _args(P)
    th = jnp.asarray(THETA0)
    gC, gR = np.asarray(_GRAD_C(th, *args)), np.asarray(_GRAD_R(th, *args))
    mod = smith(batch_loss, M, coef=coef)  # mod(theta, eps, *args), eps traced
    out = []
    for eps in EPS:
        mean = EA.moments(_np_step(P, eps), THETA0, M, M, scheme).mean
        if reference == "expansion":
            pred = THETA0 - M * eps * gC + M**2 * eps**2 * coef * gR
        else:
            pred = gradient_flow(mod, THETA0, M * eps, rtol=1e-13, atol=1e-15, args=(jnp.asarray(eps),) + args).theta
        out.append(float(np.linalg.norm(mean - pred)))
    return np.array(out)


def difference_errors(ref_scheme="with_replacement", seed=0):
    P = problem(seed)
    gV = np.asarray(_GRAD_V(jnp.asarray(THETA0), *_args(P)))
    out = []
    for eps in EPS:
        wo = EA.moments(_np_step(P, eps), THETA0, M, M, "reshuffle").mean
        ref = EA.moments(_np_step(P, eps), THETA0, M, M, ref_scheme).mean
        out.append(float(np.linalg.norm(wo - ref + eps**2 / 4 * gV)))
    return np.array(out)


# ------------------------------------------------------------------ exact equality with GD (quadratics)
GD_GIVEN = {"m": st.sampled_from([2, 3]), "t": st.sampled_from([2, 3, 4]), "d": st.sampled_from([2, 3]),
            "seed": st.integers(0, 10_000), "eta": st.floats(0.05, 1.0)}


def mean_vs_gd(m, t, d, seed, eta, scheme="with_replacement", cubic=0.0):
    """|E_scheme[theta_t] - theta_t^GD| over every sequence; per-batch quadratics with eta lambda in (-0.5, 1.9)
    (``cubic`` > 0 adds cubic * sum theta^4 / 4 * (k + 1) to batch k: the dropped assumption)."""
    rng = np.random.default_rng(seed)
    A = []
    for _ in range(m):
        Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        A.append(Q @ np.diag(rng.uniform(-0.5, 1.9, d) / eta) @ Q.T)
    A, b = np.array(A), rng.standard_normal((m, d))
    th0 = rng.standard_normal(d)
    cs = cubic * np.arange(1, m + 1)

    def step(th, k):
        return th - eta * (A[k] @ th - b[k] + cs[k] * th**3)

    mean = EA.moments(step, th0, m, t, scheme).mean
    Ab, bb, cb = A.mean(0), b.mean(0), cs.mean()
    path = EA.gd_path(lambda th: th - eta * (Ab @ th - bb + cb * th**3), th0, t)
    scale = 1 + float(np.max(np.abs(path)))
    # float64: m^t sequences of t affine steps, each entry O(scale (1 + |eta A|)^t); summed with weights
    bound = 1e-13 * scale * (1 + eta * float(np.max(np.abs(A)))) ** t * t
    return Relation(float(np.linalg.norm(mean - path[-1])), "<=", 0.0, atol=bound,
                    why="round-off of t float64 affine steps averaged over the sequences: ~t ulp x scale x growth^t")


# ------------------------------------------------------------------ partition average (exact rationals)
PARTITION_CASES = ((4, 2), (6, 2), (6, 3), (8, 2), (8, 4))


def equal_partitions(items, B):
    """Every partition of ``items`` into blocks of size B (unordered blocks)."""
    import itertools

    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for comp in itertools.combinations(rest, B - 1):
        left = [i for i in rest if i not in comp]
        for p in equal_partitions(left, B):
            yield [(first,) + comp] + p


def partition_average(sampling="without_replacement", seed=0):
    """E over uniform partitions of (1/m) sum_k |g_k|^2 (g_k batch means of integer per-sample gradients), exact,
    against |g|^2 + kappa Gamma with kappa = :func:`verify.measure.noise.kappa` (a separate implementation of
    (N - B)/(B (N - 1)) for 'without_replacement'; 1/B for the variant 'with_replacement')."""
    from fractions import Fraction

    import sympy as sp

    from verify.measure.noise import kappa

    rng = np.random.default_rng(seed)
    out = []
    for N, B in PARTITION_CASES:
        G = [[Fraction(int(v)) for v in row] for row in rng.integers(-5, 6, (N, 2))]
        mean = lambda idx: [sum(G[i][j] for i in idx) / len(idx) for j in range(2)]  # noqa: E731
        sq = lambda v: sum(x * x for x in v)  # noqa: E731
        parts = list(equal_partitions(list(range(N)), B))
        lhs = sum(sum(sq(mean(b)) for b in p) / (N // B) for p in parts) / len(parts)
        g = mean(range(N))
        gamma = sum(sq([G[i][j] - g[j] for j in range(2)]) for i in range(N)) / N
        k = kappa(sp.Integer(N), sp.Integer(B), sampling)
        rhs = sq(g) + Fraction(int(sp.numer(k)), int(sp.denom(k))) * gamma
        out.append(Relation(lhs, "==", rhs, label=f"N = {N}, B = {B} ({len(parts)} partitions)",
                            why="exact rational arithmetic"))
    return out
