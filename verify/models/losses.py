"""Squared-error losses with an explicit normalisation convention.

For residuals ``r_i = pred_i - y_i`` (i = 1..n, summed over any trailing output axes):

* ``"half_mean"``: L = (1/(2n)) sum_i ||r_i||^2
* ``"mean"``:      L = (1/n)    sum_i ||r_i||^2
* ``"half_sum"``:  L = (1/2)    sum_i ||r_i||^2
* ``"sum"``:       L =          sum_i ||r_i||^2

The convention changes every curvature constant by a factor.  For a linear model
``pred = X w`` the Hessian is ``X^T X / n`` under ``"half_mean"`` but ``2 X^T X / n`` under
``"mean"``: sharpness, trace and the GD stability threshold ``2 / lambda_max`` all move by
the factor 2 (and by n between the mean and sum forms).  :func:`hessian_factor` returns
that multiplier relative to the Gauss-Newton matrix ``J^T J / n``.
"""

import jax.numpy as jnp

NORMALIZATIONS = ("half_mean", "mean", "half_sum", "sum")


def _scale(normalization, n):
    if normalization == "half_mean":
        return 0.5 / n
    if normalization == "mean":
        return 1.0 / n
    if normalization == "half_sum":
        return 0.5
    if normalization == "sum":
        return 1.0
    raise ValueError(f"unknown normalization {normalization!r} (one of {NORMALIZATIONS})")


def hessian_factor(normalization, n):
    """Multiplier c such that Hess L = c * J^T J / n (+ residual terms) under ``normalization``.

    half_mean: 1, mean: 2, half_sum: n, sum: 2n.
    """
    return 2.0 * n * _scale(normalization, n)


def mse(pred, y, normalization="half_mean"):
    """Squared error of ``pred`` against ``y`` (first axis = samples) under ``normalization``.

    ``pred`` and ``y`` must have the same shape; n = ``pred.shape[0]`` (1 for a scalar).
    """
    pred = jnp.asarray(pred)
    y = jnp.asarray(y)
    if pred.shape != y.shape:
        raise ValueError(f"pred shape {pred.shape} != y shape {y.shape}")
    n = pred.shape[0] if pred.ndim else 1
    r = pred - y
    return _scale(normalization, n) * jnp.sum(r * r)
