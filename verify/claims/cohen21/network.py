"""The small network shared by the cohen21 and ab24 experiments, and its training loops.

Data: n = 64 inputs x_i ~ N(0, I_4) (numpy seed 0), targets y = sin(2 x_1) + x_2 x_3 / 2.
Model: tanh MLP 4 -> 16 -> 16 -> 1 (369 parameters), LeCun init (PRNGKey(1)).
Loss: ``"half_mean"`` MSE, L = (1/2n) sum (f - y)^2 (Cohen's convention; the ab24 code drops the
1/2, which doubles every curvature). Sharpness lambda_max: dense Hessian
(:func:`verify.measure.derivatives.hessian_fn`) and LAPACK ``eigvalsh``, every ``every`` steps.
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from verify.dynamics.gd import gd
from verify.dynamics.sgd import sgd
from verify.measure.derivatives import hessian_fn
from verify.models.losses import mse
from verify.models.mlp import flatten, init_mlp, mlp_apply

N, D_IN, WIDTH = 64, 4, 16
WIDTHS = (D_IN, WIDTH, WIDTH, 1)
NORMALIZATION = "half_mean"


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
    loss, _, _ = problem()
    return float(np.linalg.eigvalsh(np.asarray(hessian_fn(loss)(theta)))[-1])


def train(eta, steps, every, *, batch=None, seed=0, probe=None):
    """GD (``batch=None``) or SGD (random reshuffling, batch ``batch``) for ``steps`` steps.

    SGD runs in segments of ``every`` steps, segment c with reshuffling seed ``seed * 100003 + c``
    (a new permutation stream per segment; deterministic).

    Every ``every`` steps records the step, the full loss, lambda_max and ``probe(theta)``
    (if given). Returns a dict of arrays.
    """
    loss, loss_batch, theta = problem()
    out = {"step": [0], "loss": [float(loss(theta))], "sharpness": [sharpness(theta)], "probe": []}
    if probe is not None:
        out["probe"].append(probe(theta))
    for c in range(steps // every):
        if batch is None:
            theta = gd(loss, theta, eta, every).theta
        else:
            theta = sgd(loss_batch, theta, N, eta, batch, every, sampling="reshuffle", seed=seed * 100_003 + c).theta
        out["step"].append((c + 1) * every)
        out["loss"].append(float(loss(theta)))
        out["sharpness"].append(sharpness(theta))
        if probe is not None:
            out["probe"].append(probe(theta))
    return {k: (v if k == "probe" else np.asarray(v)) for k, v in out.items()}
