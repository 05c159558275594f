"""bpp24: Beneventano, Pinto, Poggio (2024), "How Neural Networks Learn the Support is an Implicit
Regularization Effect of SGD", arXiv:2406.11110v1 (https://arxiv.org/abs/2406.11110).

Modules (the same for every paper package):

* ``claims.py``: every claim declaration (statement, domain, conventions, notes, variants);
* ``checks.py`` (``C``): the property checks and their Hypothesis strategies;
* ``figures.py`` (``F``): the experiments and figures (irrelevant-weight norm vs steps; rate vs eta/b;
  rate vs b at fixed eta);
* ``derivations/support_sgd.py`` (``D``): the sympy derivations behind the identity checks.

Instruments: :mod:`verify.models.diagonal` (diagonal linear network),
:mod:`verify.models.support_data` (the +- design with a known support),
:mod:`verify.measure.support` (irrelevant-weight norm, head c, end-to-end coefficients,
orthogonal change); deep linear nets are :mod:`verify.models.mlp` with ``bias=False`` and
identity activations.

Where each claim's checks and figure live (``check name: function``; a variant runs its claim's
function with the argument shown):

================================================  =============================================================
claim id                                          checks; figure
================================================  =============================================================
bpp24.diag-identity                               derivation: D.diag_identity; autodiff_step: C.diag_identity
bpp24.kappa-rate                                  without_replacement / with_replacement: D.kappa_rate;
                                                  enumeration: C.kappa_rate
bpp24.rank-one-update                             derivation: D.rank_one_update; orthogonal_frozen: C.rank_one
bpp24.balancedness                                derivation: D.balancedness_gf
bpp24.smith-modified-loss                         derivation: D.smith_gamma
bpp24.smith-drift                                 slope_{diagonal,linear2}_{init,optimum}: F.smith_drift (figure
                                                  smith_drift; C.smith_drift_errors, sdbd21's slope_finding)
bpp24.sgd-learns-support                          support_decay: F.support_decay (figure support_decay);
                                                  sgd_shrinks: F.sgd_shrinks
bpp24.eta-over-b                                  eta_over_b: F.eta_over_b (figure eta_over_b);
                                                  eta2_steps: F.eta2_steps
bpp24.b-exponent                                  b_exponent: F.b_exponent (figure b_exponent)
bpp24.small-batch-init                            init_spread: F.init_spread (figure init_spread)
bpp24.gd-needs-regulariser                        frozen: C.gd_frozen
bpp24.diag-identity.wrong-sign                    variant: D.diag_identity(sign=+1), C.diag_identity(sign=+1)
bpp24.diag-identity.squared-factor                variant: D.diag_identity(power=2), C.diag_identity(power=2)
bpp24.kappa-rate.swapped-convention               variant: D.kappa_rate(fpc swapped), C.kappa_rate(fpc swapped)
bpp24.rank-one-update.weight-decay                variant: D.rank_one_update(wd=1), C.rank_one(wd=0.1)
bpp24.balancedness.sum                            variant: D.balancedness_gf(sign=+1)
bpp24.smith-modified-loss.odd-factor-1            variant: D.smith_gamma(c_odd=1)
bpp24.smith-drift.coefficient-half                variant: F.smith_drift(coef=0.5)
bpp24.sgd-learns-support.with-replacement-rate    variant: F.support_decay(fpc=False, batches=(16,), deep=False)
bpp24.sgd-learns-support.interpolating            variant: F.sgd_shrinks(noise=0)
bpp24.eta-over-b.b-squared                        variant: F.eta_over_b(power=2)
bpp24.eta-over-b.first-order                      variant: F.eta2_steps(power=1)
bpp24.b-exponent.b-squared                        variant: F.b_exponent(power=2)
bpp24.b-exponent.resolution                       variant: F.b_exponent(power=1.5)
bpp24.small-batch-init.reversed                   variant: F.init_spread(order="larger_b_less")
bpp24.gd-needs-regulariser.gd-learns-support      variant: C.gd_frozen(claim="to-zero")
================================================  =============================================================
"""

from verify.claims.bpp24 import claims  # noqa: F401  (importing it registers the claims)
