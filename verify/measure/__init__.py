"""Numerical instruments on flat float64 parameter vectors.

Shared modules: :mod:`~verify.measure.derivatives` (grad, HVP, Hessian),
:mod:`~verify.measure.curvature` (sharpness, top eigenvalues, trace, Frobenius norm),
:mod:`~verify.measure.persample` (per-sample gradients) and :mod:`~verify.measure.noise`
(SGD gradient-noise covariance).  Paper-specific instruments live in their own modules of
this package and are imported by full path.
"""

from verify.measure.curvature import (Eig, Estimate, hessian_frobenius, hessian_frobenius_sq,
                                      hessian_trace, sharpness, top_eigenvalues)
from verify.measure.derivatives import grad, hessian, hvp
from verify.measure.noise import gradient_covariance, kappa, minibatch_noise_covariance
from verify.measure.persample import per_sample_grads, per_sample_jacobian

__all__ = ["grad", "hvp", "hessian", "sharpness", "top_eigenvalues", "hessian_trace",
           "hessian_frobenius", "hessian_frobenius_sq", "Eig", "Estimate", "per_sample_grads",
           "per_sample_jacobian", "kappa", "gradient_covariance", "minibatch_noise_covariance"]
