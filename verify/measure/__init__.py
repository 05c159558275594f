"""Numerical instruments on flat float64 parameter vectors.

Shared (exported here):
    derivatives   grad, HVP (forward-over-reverse), dense Hessian
    curvature     sharpness (dense eigh / Lanczos on HVPs), top eigenvalues, trace, Frobenius norm,
                  the Hessian as a counting LinearOperator of HVPs (hvp_operator)
    sharpness_tracking  lambda_max at checkpoints of a run, Lanczos warm-started from the previous
                  top eigenvector, HVPs counted
    persample     per-sample gradients and Jacobians (vmap)
    noise         SGD gradient-noise covariance, kappa for each sampling scheme
    invariance    invariant linear subspaces of SGD: per-sample gradient test (numerical, sympy)
Paper-specific (import by full path):
    stability     exact linearised second-moment operator of SGD, stability threshold (float64 and
                  exact sympy), batch enumeration (wws22)
    alignment     alignment coefficient mu of SGD noise, its minimum over directions (float64 and
                  exact) (wws22)
    manifold      zero-loss manifold: projection, tangent space, Riemannian gradient / Hessian (glrj24)
    rank          rank measures of feature matrices (glrj24)
    trace_grad    trace of the Hessian and its gradient, exact for small models (glrj24)
    support       irrelevant first-layer weight norm, head c, end-to-end coefficients, change
                  orthogonal to a span (bpp24)
    batch_sharpness  Batch Sharpness and MiniBS, exact over every batch and Monte Carlo (ab24)
    batched_lanczos  lambda_max of many mini-batch Hessians at once (fixed-step Lanczos, vmapped), MiniBS (ab24)
    lyapunov      Lyapunov exponents of random matrix products (QR method), almost-sure stability (ab24)
    quasi_homogeneity  quasi-homogeneity checker (sympy defect, numerical defect, generalised Euler,
                  Hessian covariance by dense autodiff Hessians) (kymg23)
    neural_collapse  NC1 within-class spread, class-mean cosines (simplex ETF), NC3 head / means (kymg23)
    max_margin    hard-margin SVMs (free / regularised / no bias), asymmetric problem (LP), KKT residuals (kymg23)
    epoch_average exact mean / covariance of SGD iterates over sampling orders (reshuffle, single shuffle,
                  with replacement, cyclic) by enumeration, seeded Monte Carlo beyond (b23, sdbd21)
    modified_loss backward-error modified losses: GD's L + (h/4)|grad L|^2, Smith's C + (eps/4m) sum |grad C_k|^2
    loglog        log-log slope fit with a t confidence interval (orders of convergence)
    neurons       fraction of independent neurons (vanishing / identical, the code's thresholds) (ckyg23)
"""

from verify.measure.curvature import (Eig, Estimate, hessian_frobenius, hessian_frobenius_sq,
                                      hessian_trace, hvp_operator, sharpness, top_eigenvalues)
from verify.measure.derivatives import grad, hessian, hvp
from verify.measure.invariance import Invariance, check_invariance, symbolic_normal_components
from verify.measure.noise import gradient_covariance, kappa, minibatch_noise_covariance
from verify.measure.persample import per_sample_grads, per_sample_jacobian
from verify.measure.sharpness_tracking import SharpnessTrack, track_sharpness

__all__ = ["grad", "hvp", "hessian", "hvp_operator", "sharpness", "top_eigenvalues", "hessian_trace",
           "hessian_frobenius", "hessian_frobenius_sq", "Eig", "Estimate", "per_sample_grads",
           "per_sample_jacobian", "kappa", "gradient_covariance", "minibatch_noise_covariance",
           "SharpnessTrack", "track_sharpness", "Invariance", "check_invariance",
           "symbolic_normal_components"]
