"""bw25: Beneventano & Woodworth (2025), "GD converges linearly to flatter minima than gradient
flow in shallow linear networks", arXiv:2501.09137v1 (https://arxiv.org/abs/2501.09137).

Modules (the same for every paper package):

* ``claims.py``: every claim declaration (statement, domain, conventions, notes, variants,
  refined claims) and the wiring of its checks;
* ``checks.py`` (``C``): the property checks, each with its ``*_mp`` mpmath twin (``precise=``);
  the Hypothesis strategies (``INIT``, ``INIT_POS``, ...);
* ``figures.py`` (``F``): the experiments, each drawing its figure (figure name = function name);
* ``derivations/depth2_linear.py`` (``D``): the sympy derivations behind the identity checks.

Where each claim's checks and figure live (``check name: function``; a variant runs its claim's
function with the argument shown):

====================================  =======================================================================
claim id                              checks; figure
====================================  =======================================================================
bw25.decoupling                       decoupling: D.decoupling
bw25.imbalance                        gd_recursions: D.imbalance_gd; gf_conservation: D.imbalance_gf
bw25.residual-norm                    recursions: D.residual_norm
bw25.hessian-top                      derivation: D.hessian_top; hessian_top: C.hessian_top
bw25.sharpness-floor                  floor: D.minimum_floor
bw25.gf-limit                         derivation: D.gf_limit; gf_limit: C.gf_limit
bw25.gd-limit                         derivation: D.gd_limit; gd_limit: C.gd_limit; figure F.sharpness_vs_eta
bw25.linear-rate                      linear_rate: C.linear_rate
bw25.linear-rate-refined              rate_bound: C.rate_bound; figure F.loss_curves
bw25.large-step-converges             large_step: C.large_step
bw25.large-step-converges-refined     window_converges: C.window_converges; floor: D.minimum_floor; figure F.phase_diagram
bw25.flatter-than-gf                  flatter: C.flatter
bw25.flatter-than-gf-refined          flatter: C.flatter(eta_ref="max")
bw25.speed-vs-regularisation          slower_more_reg: C.slower_more_reg
bw25.speed-vs-regularisation-refined  area_bounds: C.area_bounds
bw25.decoupling-wrong-sign            variant: D.decoupling(sign_u=+1)
bw25.sharpness-floor-too-high         variant: D.minimum_floor(c=3)
bw25.imbalance-wrong-power            variant: D.imbalance_gd(power=1)
bw25.residual-norm-wrong-constant     variant: D.residual_norm(c_lam=-4)
bw25.hessian-top-wrong-constant       variant: D.hessian_top(c_I=1/2), C.hessian_top(c_I=0.5)
bw25.gf-limit-initial-norm            variant: D.gf_limit(c_phi=2), C.gf_limit(predictor="lam0")
bw25.gd-limit-kappa                   variant: D.gd_limit(power=1), C.gd_limit(power=1)
bw25.linear-rate-gf-sharpness         variant: C.linear_rate(limit="gf", ref="max")
bw25.linear-rate-gf-bound             variant: C.rate_bound(with_floor=False)
bw25.large-step-beyond-floor          variant: C.window_converges with eta |Phi| in [1.02, 1.2]
bw25.flatter-than-init                variant: C.flatter(ref="init", eta_ref="max")
bw25.area-bound-factor-8              variant: C.area_bounds(c=8.0)
====================================  =======================================================================
"""

from verify.claims.bw25 import claims  # noqa: F401  (importing it registers the claims)
