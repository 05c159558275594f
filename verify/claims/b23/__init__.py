"""b23: Beneventano, "On the Trajectories of SGD Without Replacement", arXiv:2312.16143 (v1 26 Dec 2023,
v2 20 Apr 2024; https://arxiv.org/abs/2312.16143). Baselines: ``bd21`` (Barrett & Dherin 2021) and
``sdbd21`` (Smith et al. 2021, with the with- vs without-replacement identities).

Modules: ``claims.py`` (declarations), ``checks.py`` (``C``; draws its figure),
``derivations/reshuffling_weights.py`` (``W``), ``derivations/reshuffling_variance.py`` (``V``),
``derivations/reshuffling_regulariser.py`` (``RG``). Instruments: :mod:`verify.measure.epoch_average`,
:mod:`verify.measure.loglog`.

===========================================  ================================================================
claim id                                     checks; figure
===========================================  ================================================================
b23.second-order-drift                       slope: C.second_order (figure second_order)
b23.eigen-weight                             derivation: W.eigen_weight
b23.saddle-escape                            escape: C.saddle_escape (figure saddle)
b23.saddle-escape-time                       escape_time: C.escape_time (figure escape_time)
b23.smaller-variance                         variance, variance_interior: C.smaller_variance (xi > 0, m >= 3)
b23.decoupling                               weights: C.decoupling (figure decoupling)
b23.diverges                                 flat_means: C.diverges
b23.reshuffled-fixed-point                   slopes: C.fixed_point (figure fixed_point)
b23.regulariser-step                         derivation: RG.regulariser_step; slope: C.regulariser_slope (figure regulariser)
b23.regulariser-partition-average            enumeration: C.regulariser_partition_average (certificate)
b23.paired-reversal                          derivation: RG.paired_reversal
b23.smaller-variance-refined                 derivation: V.variance_order; variance: C.smaller_variance (xi = 0); figure variance_profile
b23.saddle-escape-with-replacement           variant: C.saddle_escape(scheme="with_replacement")
b23.second-order-drift-with-replacement      variant: C.second_order(scheme="with_replacement")
b23.second-order-drift-over-m2               variant: C.second_order(denom=m^2)
b23.eigen-weight-shifted                     variant: W.eigen_weight(0)
b23.smaller-variance.reversed                variant: C.smaller_variance(op=">=")
b23.smaller-variance-refined.any-step        variant: V.variance_order("real"), eta lambda to 1.9 (also variance_profile)
b23.decoupling.smith-weight                  variant: C.decoupling(weight = m(m-1)/2)
b23.regulariser-step.index-shifted           variant: RG.regulariser_step(1), C.regulariser_slope(shift=1)
b23.regulariser-partition-average.over-m     variant: C.regulariser_partition_average("m")
b23.paired-reversal.single-order             variant: RG.paired_reversal(single=True)
b23.saddle-escape-time.with-replacement      variant: C.escape_time(scheme="with_replacement")
b23.saddle-escape-time.trajectories          variant: C.escape_time(reading="trajectories")
b23.diverges.wr-vs-noise-injected            variant: C.diverges(schemes=(with_replacement, noise_injected, gd))
b23.reshuffled-fixed-point.at-argmin         variant: C.fixed_point(coef=0)
b23.reshuffled-fixed-point.coefficient-half  variant: C.fixed_point(coef=1/2)
===========================================  ================================================================
"""

from verify.claims.b23 import claims  # noqa: F401  (importing it registers the claims)
