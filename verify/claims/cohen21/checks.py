"""Check functions for the cohen21 claims (declared in ``claims.py``).

Property checks run the dynamics (:func:`verify.dynamics.momentum.momentum_gd`; beta = 0 is plain
GD, with the data traced so that one compilation serves every example) on a quadratic whose Hessian is built by hand,
and compare the observed growth with the closed-form threshold the claim states: the
prediction and the simulation are independent computations. Step sizes are placed at a
fraction ``f`` of the predicted threshold, ``f in [0.8, 0.97]`` (must converge) or
``[1.03, 1.25]`` (must diverge), so that the growth rate is bounded away from 0.
"""

from __future__ import annotations

import math

import hypothesis.strategies as st
import jax.numpy as jnp
import numpy as np

from verify.core.relation import Relation
from verify.dynamics.momentum import momentum_gd
from verify.models.losses import hessian_factor, mse

STEPS = 400
STEPS_MOM = 1500
DIM = st.sampled_from([2, 3, 4])
SEED = st.integers(0, 7)
SIDE = st.sampled_from(["inside", "beyond"])
FRAC = st.floats(0.0, 1.0)
NORMALIZATION = st.sampled_from(["half_mean", "mean"])
BETA = st.floats(0.0, 0.9)
M_ROWS = 6  # rows of the data matrix X of the quadratic


def _f(side, frac):
    return 0.8 + 0.17 * frac if side == "inside" else 1.03 + 0.22 * frac


def _growth(x0, xT, steps):
    """(log |x_T| - log |x_0|) / T; an overflow (|x_T| = inf / nan or > 1e150) is clipped to 1e150 and an
    underflow to 1e-300: bounds of the right sign (divergence / convergence) instead of non-finite values."""
    n = float(jnp.linalg.norm(xT))
    n = 1e150 if not math.isfinite(n) or n > 1e150 else max(n, 1e-300)
    return (math.log(n) - math.log(float(np.linalg.norm(x0)))) / steps


def _late_growth(loss, x0, eta, beta, steps, method, data):
    """Log-growth per step over the second of two runs of ``steps`` steps (the first one lets the
    dominant direction take over; beta = 0 with heavy ball is plain GD). Restarting the second run
    with zero velocity changes nothing for GD and only the transient for momentum."""
    mid = momentum_gd(loss, x0, eta, beta, steps, method=method, args=(data,)).theta
    n = float(jnp.linalg.norm(mid))
    if not math.isfinite(n) or n > 1e150:
        return _growth(x0, mid, steps)  # already diverged
    if n < 1e-250:
        return _growth(x0, mid, steps)  # already converged to rounding level
    mid = np.asarray(mid) / n
    return _growth(mid, momentum_gd(loss, mid, eta, beta, steps, method=method, args=(data,)).theta, steps)


def _relation(side, growth, label):
    why = ("the top multiplier is at least 0.03 * 2 away from modulus 1, so after the run the log-growth "
           "per step is bounded away from 0 by > 1e-3 (the other directions only contract)")
    op = "<" if side == "inside" else ">"
    return Relation(growth, op, 0.0, label=label, why=why)


def _data(d, seed):
    return np.random.default_rng(seed).standard_normal((M_ROWS, d))


def gd_threshold(d, seed, side, frac, normalization, assumed="loss"):
    """GD on L(w) = mse(X w, 0, normalization), a PSD quadratic with Hessian c X^T X / m.

    The claim predicts convergence iff eta lambda_max(Hess L) < 2. ``assumed="loss"`` takes the
    Hessian of the loss actually used (c = 1 for half_mean, 2 for mean: hand formula, not
    autodiff); ``assumed="half"`` (variant) always uses the half-normalised X^T X / m.
    """
    X = _data(d, seed)
    gn = np.linalg.eigvalsh(X.T @ X / M_ROWS)[-1]
    lam = gn * (hessian_factor(normalization, M_ROWS) if assumed == "loss" else 1.0)
    f = _f(side, frac)
    eta = f * 2.0 / lam
    x0 = np.random.default_rng(seed + 100).standard_normal(d)
    return _relation(side, _late_growth(_LOSSES[normalization], x0, eta, 0.0, STEPS, "heavy_ball", X), f"GD log-growth per step, eta lambda_max(assumed)/2 = {f:.3f}")


def _mse_loss(normalization):
    def loss(w, X):
        return mse(X @ w, jnp.zeros(X.shape[0]), normalization)
    return loss


_LOSSES = {n: _mse_loss(n) for n in ("half_mean", "mean")}


def negative_eigenvalue(d, seed, frac, predict="diverge"):
    """A quadratic with one negative Hessian eigenvalue -mu: GD diverges for every eta > 0.

    eta = f * 2/lambda_max with f in [0.05, 0.97] (where a PSD quadratic would converge);
    ``predict="threshold"`` (variant: the PSD criterion applied without the PSD assumption)
    predicts convergence there.
    """
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    ev = np.concatenate([[-(0.05 + 0.5 * frac)], rng.uniform(0.1, 1.0, d - 1)])
    ev[-1] = 1.0
    A = Q @ np.diag(ev) @ Q.T
    f = 0.05 + 0.92 * frac  # eta mu >= 0.005 (mu >= 0.05, eta >= 0.1)
    eta = f * 2.0 / ev.max()
    x0 = rng.standard_normal(d)
    side = "beyond" if predict == "diverge" else "inside"
    return _relation(side, _late_growth(_quad, x0, eta, 0.0, STEPS, "heavy_ball", A), f"GD log-growth, eigenvalue -{-ev[0]:.3f}, eta lambda_max = {2 * f:.3f}")


def _quad(w, A):
    return 0.5 * w @ A @ w


def momentum_threshold(d, seed, side, frac, beta, method="heavy_ball", threshold="paper"):
    """Heavy ball / Nesterov on a PSD quadratic: converges iff eta lambda_max < x*(beta).

    ``threshold="paper"``: x* = 2 + 2 beta (heavy ball), (2 + 2 beta)/(1 + 2 beta) (Nesterov);
    ``"gd"`` (variant): 2, ignoring momentum; ``"heavy_ball"`` (variant for Nesterov): 2 + 2 beta.
    """
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    ev = np.concatenate([[1.0], rng.uniform(0.2, 1.0, d - 1)])
    A = Q @ np.diag(ev) @ Q.T
    if threshold == "paper":
        xs = 2 + 2 * beta if method == "heavy_ball" else (2 + 2 * beta) / (1 + 2 * beta)
    else:
        xs = {"gd": 2.0, "heavy_ball": 2 + 2 * beta}[threshold]
    f = _f(side, frac)
    eta = f * xs  # lambda_max = 1
    x0 = rng.standard_normal(d)
    rel = _relation(side, _late_growth(_quad, x0, eta, beta, STEPS_MOM, method, A), f"{method} log-growth, beta = {beta:.3f}, eta lambda_max / x* = {f:.3f}")
    return Relation(rel.lhs, rel.op, rel.rhs, label=rel.label,
                    why="companion eigenvalue at -1 moves by >= 0.03 x* / (1 + beta) at f = 0.97 or 1.03; "
                        "complex pairs have modulus sqrt(beta |1 - ...|) <= sqrt(0.9) < 1; 1500 steps")
