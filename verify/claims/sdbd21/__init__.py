"""sdbd21: Smith, Dherin, Barrett & De, "On the Origin of Implicit Regularization in Stochastic Gradient
Descent", ICLR 2021, arXiv:2101.12176 (https://arxiv.org/abs/2101.12176); baseline of b23
(arXiv:2312.16143), with the with- vs without-replacement identities of the b23 digest (4.3).

Modules: ``claims.py`` (declarations), ``checks.py`` (``C``), ``figures.py`` (``F``),
``derivations/backward_error.py`` (``D``), ``derivations/epoch_expansion.py`` (``EE``). Instruments: :mod:`verify.measure.epoch_average`,
:mod:`verify.measure.modified_loss`, :mod:`verify.measure.loglog`.

=======================================  ==================================================================
claim id                                 checks; figure
=======================================  ==================================================================
sdbd21.epoch-mean                        derivation: D.epoch_mean; slope: F.smith_slope (figure slope)
sdbd21.epoch-mean-general-m              derivation: EE.epoch_mean_m (m = 2..5)
sdbd21.modified-loss                     slope: F.smith_slope(reference="flow")
sdbd21.wo-minus-wr                       derivation: D.difference; slope: F.difference_slope
sdbd21.wr-mean-is-gd                     derivation: D.with_replacement; enumeration: C.mean_vs_gd
sdbd21.partition-average                 enumeration: C.partition_average (certificate, exact rationals)
sdbd21.epoch-mean-general-m.read-off-m2  variant: EE.epoch_mean_m(reg = (m - 1)/4)
sdbd21.partition-average-iid-factor      variant: C.partition_average("with_replacement")
sdbd21.epoch-mean-coefficient-half       variant: D.epoch_mean(1/2), F.smith_slope(coef=0.5)
sdbd21.epoch-mean-with-replacement       variant: F.smith_slope(scheme="with_replacement")
sdbd21.modified-loss-coefficient-half    variant: F.smith_slope(coef=0.5, reference="flow")
sdbd21.wo-minus-cyclic                   variant: D.difference("cyclic"), F.difference_slope("cyclic")
sdbd21.reshuffle-mean-is-gd              variant: C.mean_vs_gd(scheme="reshuffle")
sdbd21.wr-mean-is-gd-nonquadratic        variant: C.mean_vs_gd(cubic=0.5)
=======================================  ==================================================================
"""

from verify.claims.sdbd21 import claims  # noqa: F401  (importing it registers the claims)
