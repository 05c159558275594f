"""Check functions for the ab24 claims (declared in ``claims.py``).

* ``ordering``: exact enumeration of every batch (:mod:`verify.measure.batch_sharpness`) on a tiny
  tanh MLP vs the full-batch Hessian (dense, autodiff of the full loss): MiniBS >= lambda_max(H)
  and BS <= MiniBS, with the relation as a parameter (the variant reverses it);
* ``theorem1``: the quadratic model with K equally likely batches, one SGD step on the same batch
  computed from theta (g_B+ = H_B theta+ - b_B), against the bound (1 - eta BS)^2 > (1 + eps)^2;
* ``monte_carlo_agreement``: the official Monte Carlo BS estimator against the exact enumeration;
* ``lyapunov_vs_mean_square``: QR Lyapunov exponent vs the exact mean-square exponent.
"""

from __future__ import annotations

import functools

import hypothesis
import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np

from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.measure import batch_sharpness as BSM
from verify.measure import lyapunov as LY
from verify.measure.noise import kappa
from verify.measure.stability import threshold
from verify.models.losses import mse
from verify.models.mlp import flatten, init_mlp, mlp_apply
from verify.report.figures import new_figure

EPS64 = 2.0**-52
N_SMALL = 5
WIDTHS_SMALL = (2, 3, 1)  # 13 parameters


_, _UNRAVEL = flatten(init_mlp(jax.random.PRNGKey(0), list(WIDTHS_SMALL)))


def _tiny_loss_batch(theta, idx, X, y):
    """Mean half-MSE of the 2-3-1 tanh MLP over the samples idx (data traced)."""
    return mse(mlp_apply(_UNRAVEL(theta), X[idx], "tanh"), y[idx], "half_mean")


def _tiny_loss(theta, X, y):
    return mse(mlp_apply(_UNRAVEL(theta), X, "tanh"), y, "half_mean")


_TINY_HESS = jax.jit(jax.hessian(_tiny_loss))


ORDER_GIVEN = {"data_seed": st.integers(0, 1000), "theta_seed": st.integers(0, 1000), "scale": st.floats(0.3, 3.0),
               "b": st.sampled_from([1, 2, 3]), "sampling": st.sampled_from(list(BSM.SAMPLINGS))}


def ordering(data_seed, theta_seed, scale, b, sampling, pair="minibs-lambda", op=">="):
    """``pair="minibs-lambda"``: MiniBS op lambda_max(H); ``"minibs-bs"``: MiniBS op BS (true op '>=')."""
    rng = np.random.default_rng(data_seed)
    X, y = rng.standard_normal((N_SMALL, 2)), rng.standard_normal((N_SMALL, 1))
    theta = scale * np.random.default_rng(theta_seed).standard_normal(13)
    ex = BSM.exact(_tiny_loss_batch, theta, N_SMALL, b, sampling, args=(X, y))
    H = np.asarray(_TINY_HESS(jnp.asarray(theta), jnp.asarray(X), jnp.asarray(y)))  # full loss, autodiff
    lam = float(np.linalg.eigvalsh(H)[-1])
    scale_h = float(np.max(np.abs(H))) * 13 + abs(ex.minibs)
    why = "eigvalsh / Rayleigh quotients: backward error ~ p ulp of ||H|| (p = 13), x64 margin"
    if pair == "minibs-lambda":
        return Relation(ex.minibs, op, lam, atol=64 * 13 * EPS64 * scale_h, label="MiniBS vs lambda_max(H)", why=why)
    return Relation(ex.minibs, op, ex.bs, atol=64 * 13 * EPS64 * scale_h, label="MiniBS vs Batch Sharpness", why=why)


MC_SEEDS = {"quick": (0, 1), "default": (0, 1, 2, 3)}
MC_Z = 4.5  # |z| bound per instance: two-sided normal tail 7e-6, <= 1e-4 over the 16 default instances


@functools.lru_cache(maxsize=None)
def _mc_instance(data_seed, b, exact_law, draw_law):
    """Exact BS under ``exact_law`` and the official Monte Carlo estimate drawn under ``draw_law``."""
    rng = np.random.default_rng(data_seed)
    X, y = rng.standard_normal((N_SMALL, 2)), rng.standard_normal((N_SMALL, 1))
    theta = np.random.default_rng(data_seed + 1000).standard_normal(13)
    ex = BSM.exact(_tiny_loss_batch, theta, N_SMALL, b, exact_law, minibs=False, args=(X, y))
    mc = BSM.monte_carlo(_tiny_loss_batch, theta, N_SMALL, b, draw_law, seed=data_seed, args=(X, y))
    return ex.bs, mc.value, mc.stderr, mc.method


def monte_carlo_agreement(profile, draw=None):
    """The official Monte Carlo Batch Sharpness (fresh batches, one HVP each, 20..1000 batches, stop at
    relative SE < 0.005) against the exact enumeration, per instance (2-3-1 tanh MLP, n = 5, theta ~ N(0, I),
    b in {2, 3}, both batch laws): |BS_MC - BS_exact| <= 4.5 SE. ``draw`` (variant): draw the batches
    under this law whatever the law of the exact value."""
    seeds = MC_SEEDS.get(profile.name, MC_SEEDS["default"])
    crit, rows = [], []
    for seed in seeds:
        for b in (2, 3):
            for law in BSM.SAMPLINGS:
                bs, mc, se, method = _mc_instance(seed, b, law, draw or law)
                z = (mc - bs) / se
                crit.append(Relation(mc, "==", bs, atol=MC_Z * se, label=f"data {seed}, b = {b}, {law}: BS_MC vs exact",
                                     why=f"{MC_Z} standard errors of the estimator (its own SE; normal tail 7e-6 per "
                                         "instance); the enumeration is exact to ~1e-15"))
                rows.append({"seed": seed, "b": b, "law": law, "exact": bs, "mc": mc, "se": se, "z": z,
                             "method": method})
    fig, ax = new_figure(width=5.0, height=3.2)
    for law, mk in zip(BSM.SAMPLINGS, "os"):
        zs = [r["z"] for r in rows if r["law"] == law]
        ax.plot(range(len(zs)), zs, mk, label=f"exact {law}" + (f", drawn {draw}" if draw else ""))
    for sgn in (-1, 1):
        ax.axhline(sgn * MC_Z, color="k", ls="--", lw=0.8)
    ax.set(xlabel="instance (data seed, b)", ylabel="(BS_MC - BS_exact) / SE")
    ax.legend(fontsize=7)
    cap = ("Official Monte Carlo Batch Sharpness minus the exact enumeration, in units of the estimator's standard "
           "error, per instance and batch law. Look for: every point inside the dashed +-4.5 band.")
    return Finding(criteria=crit, details={"instances": rows, "z_bound": MC_Z}, figures={"monte_carlo": (fig, cap)})


T1_GIVEN = {"p": st.sampled_from([2, 3, 4]), "K": st.sampled_from([2, 3, 5]),
            "spectrum": st.sampled_from(["psd", "indefinite"]), "seed": st.integers(0, 10_000),
            "eps": st.floats(0.0, 0.5), "delta": st.floats(0.01, 1.0)}


def theorem1(p, K, spectrum, seed, eps, delta, c=2.0):
    """Quadratic model L_B(theta) = 1/2 theta^T H_B theta - b_B^T theta, K equally likely batches.

    eta is set so that eta BS = c + eps + delta; one SGD step theta+ = theta - eta g_B on the same
    batch; growth = E_B |g_B(theta+)|^2 / |g_B(theta)|^2. Claims: growth >= (1 - eta BS)^2 and
    growth > (1 + eps)^2 (true c = 2; the variant c = 1).
    """
    rng = np.random.default_rng(seed)
    lo = 0.0 if spectrum == "psd" else -1.0
    Hs = []
    for _ in range(K):
        Q, _ = np.linalg.qr(rng.standard_normal((p, p)))
        Hs.append(Q @ np.diag(rng.uniform(lo, 1.0, p)) @ Q.T)
    bs_ = rng.standard_normal((K, p))
    theta = rng.standard_normal(p)
    g = [H @ theta - b for H, b in zip(Hs, bs_)]
    R = np.array([gi @ H @ gi / (gi @ gi) for gi, H in zip(g, Hs)])
    BS = float(R.mean())
    hypothesis.assume(BS > 1e-3)
    eta = (c + eps + delta) / BS
    growth = float(np.mean([np.sum((H @ (theta - eta * gi) - b) ** 2) / (gi @ gi) for H, b, gi in zip(Hs, bs_, g)]))
    why = "a few matrix-vector products in float64: relative error ~ 1e-14 * (eta |H|)^2 <= 1e-10"
    return [Relation(growth, ">=", (1 - eta * BS) ** 2, rtol=1e-10, label="E growth >= (1 - eta BS)^2", why=why),
            Relation(growth, ">", (1 + eps) ** 2, label="E growth > (1 + eps)^2", why=why)]


LY_GIVEN = {"n": st.sampled_from([3, 4]), "B": st.sampled_from([1, 2]),
            "sampling": st.sampled_from(["with_replacement", "without_replacement"]),
            "seed": st.integers(0, 50), "f": st.floats(0.5, 1.6)}
LY_STEPS = 40_000


def lyapunov_vs_mean_square(n, B, sampling, seed, f, op="<="):
    """SGD on a quadratic with per-sample Hessians a_i a_i^T (p = 2), eta = f * eta_ms (the mean-square
    threshold, :func:`verify.measure.stability.threshold`). Claim: top Lyapunov exponent <= the
    mean-square exponent log rho(E[A (x) A]) / 2 (the variant: '>=', i.e. the two notions coincide)."""
    hypothesis.assume(not (sampling == "without_replacement" and B >= n))
    J = np.random.default_rng(seed).standard_normal((n, 2))
    Hs = np.einsum("ni,nj->nij", J, J)
    eta = f * threshold(Hs, kappa(n, B, sampling))
    mats = LY.sgd_matrices(Hs, eta, B, sampling)
    top = LY.top_lyapunov(mats, LY_STEPS, seed=seed)
    ms = LY.mean_square_exponent(mats)
    tol = 5 * top.stderr
    return Relation(top.value, op, ms, atol=tol, label="top Lyapunov exponent vs mean-square exponent",
                    why=f"5 batch-means standard errors of the QR estimate ({LY_STEPS} steps, 20 blocks)")
