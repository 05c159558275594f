"""bd21: Barrett & Dherin, "Implicit Gradient Regularization", ICLR 2021, arXiv:2009.11162
(https://arxiv.org/abs/2009.11162); baseline of b23 (arXiv:2312.16143).

Modules: ``claims.py`` (declarations), ``checks.py`` (``C``; the figure is drawn there),
``derivations/backward_error.py`` (``D``). Instruments: :mod:`verify.measure.modified_loss`,
:mod:`verify.measure.loglog`, :func:`verify.dynamics.gradient_flow`.

=====================================  ====================================================================
claim id                               checks; figure
=====================================  ====================================================================
bd21.igr-local-error                   derivation: D.igr_flow; slope: C.local_error (figure local_error)
bd21.quadratic-exact-rate              derivation: D.exact_rate; gd_vs_flow: C.quadratic_rate
bd21.second-order-not-gradient         derivation: D.not_gradient
bd21.igr-coefficient-half              variant: D.igr_flow(1/2), C.local_error(coef=0.5)
bd21.gradient-flow-order-3             variant: D.igr_flow(0), C.local_error(coef=0)
bd21.quadratic-exact-rate.igr-exact    variant: D.exact_rate(0), C.quadratic_rate(rate="igr")
bd21.second-order-not-gradient.gradient  variant: D.gradient_statement (curl = 0 for every cubic)
=====================================  ====================================================================
"""

from verify.claims.bd21 import claims  # noqa: F401  (importing it registers the claims)
