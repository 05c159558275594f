"""ab24: Andreyev & Beneventano, "Edge of Stochastic Stability: Revisiting the Edge of Stability for
SGD", arXiv:2412.20553 (https://arxiv.org/abs/2412.20553), v1 (MiniBS) and v3+ (Batch Sharpness).

Modules: ``claims.py`` (declarations), ``checks.py`` (``C``), ``figures.py`` (``F``; the network of
``verify/claims/cohen21/network.py``), ``derivations/edge_of_stability.py`` (``D``). Instruments:
:mod:`verify.measure.batch_sharpness`, :mod:`verify.measure.batched_lanczos`, :mod:`verify.measure.lyapunov`,
:mod:`verify.measure.sharpness_tracking`.

==================================================  ====================================================================
claim id                                            checks; figure
==================================================  ====================================================================
ab24.minibs-above-sharpness                         derivation: D.jensen_minibs; ordering: C.ordering
ab24.bs-below-minibs                                derivation: D.rayleigh_bs; ordering: C.ordering(pair="minibs-bs")
ab24.monte-carlo-estimator                          figure C.monte_carlo_agreement
ab24.theorem1-mechanism                             derivation: D.theorem1; theorem1: C.theorem1
ab24.almost-sure-vs-mean-square                     lyapunov_vs_mean_square: C.lyapunov_vs_mean_square; figure F.stability_regions
ab24.edge-of-stochastic-stability                   figure F.edge_of_stochastic_stability
ab24.minibs-along-sgd                               figure F.minibs_along_sgd (the same runs, memoised)
ab24.minibs-at-edge (v1, expected fails)            figure F.minibs_at_edge (the same runs)
ab24.path-dependence                                figure F.path_dependence (eta 0.3 run, then eta 0.5; memoised)
ab24.lambda-stops-rising                            figure F.lambda_after_plateau (the eta 0.3 run)
ab24.lambda-plateau-vs-eta                          figure F.lambda_plateau_vs_eta (eta 0.5 and 0.3 runs, b = 8)
ab24.minibs-below-sharpness                         variant: D.jensen_minibs("<="), C.ordering(op="<=")
ab24.bs-above-minibs                                variant: D.rayleigh_bs("<="), C.ordering(pair="minibs-bs", op="<=")
ab24.monte-carlo-estimator.drawn-with-replacement   variant: C.monte_carlo_agreement(draw="with_replacement")
ab24.theorem1-threshold-one                         variant: D.theorem1(1), C.theorem1(c=1)
ab24.almost-sure-equals-mean-square                 variant: C.lyapunov_vs_mean_square(op=">="), F.stability_regions(op=">=")
ab24.sgd-sharpness-at-edge                          variant: F.edge_of_stochastic_stability(lam_reading="at_edge")
ab24.minibs-below-sharpness-along-sgd               variant: F.minibs_along_sgd(op="<=")
ab24.minibs-at-half-edge                            variant: F.minibs_at_edge(target=1)
ab24.path-dependence.stays-at-old-edge              variant: F.path_dependence(reference="old")
ab24.lambda-keeps-rising                            variant: F.lambda_after_plateau(op=">=")
ab24.lambda-plateau-rises-with-eta                  variant: F.lambda_plateau_vs_eta(op=">")
==================================================  ====================================================================
"""

from verify.claims.ab24 import claims  # noqa: F401  (importing it registers the claims)
