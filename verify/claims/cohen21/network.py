"""The small network shared by the cohen21 and ab24 experiments, and its training loops.

Data: n = 64 inputs x_i ~ N(0, I_4) (numpy seed 0), targets y = sin(2 x_1) + x_2 x_3 / 2.
Model: tanh MLP 4 -> 16 -> 16 -> 1 (369 parameters), LeCun init (PRNGKey(1)).
Loss: ``"half_mean"`` MSE, L = (1/2n) sum (f - y)^2 (Cohen's convention; the ab24 code drops the
1/2, which doubles every curvature). Sharpness lambda_max every ``every`` steps along the run:
Lanczos on HVPs warm-started from the previous top eigenvector
(:func:`verify.measure.sharpness_tracking.track_sharpness`, residual tolerance ``LANCZOS_TOL``),
with the HVPs of each measurement recorded; :func:`sharpness` (dense Hessian and LAPACK
``eigvalsh``, 369 HVP-equivalents per call) is the oracle of the tests, not used in the runs.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from verify.dynamics.gd import gd
from verify.dynamics.sgd import sgd
from verify.measure.derivatives import hessian_fn
from verify.measure.sharpness_tracking import track_sharpness
from verify.models.losses import mse
from verify.models.mlp import flatten, init_mlp, mlp_apply

N, D_IN, WIDTH = 64, 4, 16
WIDTHS = (D_IN, WIDTH, WIDTH, 1)
N_PARAMS = 369  # (4 + 1) 16 + (16 + 1) 16 + (16 + 1)
NORMALIZATION = "half_mean"
# ARPACK stops at residual <= tol |lambda|: some eigenvalue within 1e-6 relative of the value
# reported (measured against the dense oracle on these runs: <= 1e-9 relative)
LANCZOS_TOL = 1e-6


@functools.lru_cache(maxsize=1)
def problem():
    """``(loss, loss_batch, theta0)``; loss_batch(theta, idx) is the mean loss over idx."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((N, D_IN))
    y = np.sin(2 * X[:, 0]) + 0.5 * X[:, 1] * X[:, 2]
    theta0, unravel = flatten(init_mlp(jax.random.PRNGKey(1), list(WIDTHS)))
    Xj, yj = jnp.asarray(X), jnp.asarray(y)[:, None]

    def loss_batch(theta, idx):
        return mse(mlp_apply(unravel(theta), Xj[idx], "tanh"), yj[idx], NORMALIZATION)

    def loss(theta):
        return mse(mlp_apply(unravel(theta), Xj, "tanh"), yj, NORMALIZATION)

    return loss, loss_batch, theta0


def sharpness(theta):
    """Dense oracle: lambda_max of the full Hessian by LAPACK ``eigvalsh`` (tests only)."""
    loss, _, _ = problem()
    return float(np.linalg.eigvalsh(np.asarray(hessian_fn(loss)(theta)))[-1])


def checkpoints(eta, steps, every, *, batch=None, seed=0):
    """``(checkpoints, losses)``: ``[(t, theta_t)]`` for t = 0, every, 2 every, ... <= steps of GD
    (``batch=None``) or SGD (random reshuffling, batch ``batch``), and for GD the full loss after
    every step (``losses[t] = L(theta_t)``, t = 0..steps; None for SGD).

    SGD runs in segments of ``every`` steps, segment c with reshuffling seed ``seed * 100003 + c``
    (a new permutation stream per segment; deterministic).
    """
    loss, loss_batch, theta = problem()
    cps, losses = [(0, theta)], ([np.asarray([float(loss(theta))])] if batch is None else None)
    for c in range(steps // every):
        if batch is None:
            run = gd(loss, theta, eta, every, record=loss)
            theta = run.theta
            losses.append(np.asarray(run.records)[1:])
        else:
            theta = sgd(loss_batch, theta, N, eta, batch, every, sampling="reshuffle", seed=seed * 100_003 + c).theta
        cps.append(((c + 1) * every, theta))
    return cps, (np.concatenate(losses) if batch is None else None)


def train(eta, steps, every, *, batch=None, seed=0, probe=None):
    """GD (``batch=None``) or SGD (see :func:`checkpoints`) for ``steps`` steps.

    Every ``every`` steps records the step, the full loss, lambda_max (warm-started Lanczos), the
    HVPs that measurement used and ``probe(theta)`` (if given); for GD also ``loss_every_step``.
    Returns a dict of arrays (``probe`` a list).
    """
    loss, _, _ = problem()
    cps, losses = checkpoints(eta, steps, every, batch=batch, seed=seed)
    tr = track_sharpness(loss, cps, tol=LANCZOS_TOL)
    out = {"step": tr.steps, "loss": np.asarray([float(loss(th)) for _, th in cps]), "sharpness": tr.lambda_max,
           "hvps": tr.hvps, "probe": [probe(th) for _, th in cps] if probe is not None else []}
    if losses is not None:
        out["loss_every_step"] = losses
    return out


def hvp_summary(hvps):
    """Mean / max / total HVPs of the Lanczos measurements (a dense Hessian costs p = N_PARAMS HVPs each)."""
    return {"mean": float(np.mean(hvps)), "max": int(np.max(hvps)), "total": int(np.sum(hvps)),
            "measurements": int(len(hvps)), "dense_equivalent_per_measurement": N_PARAMS}
