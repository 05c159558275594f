"""wws22: Wu, Wang, Su (2022), "The alignment property of SGD noise and how it helps select flat
minima: a stability analysis", arXiv:2207.02628 (NeurIPS 2022; https://arxiv.org/abs/2207.02628).

Modules (the same for every paper package):

* ``claims.py``: every claim declaration (statement, domain, conventions, notes, variants,
  refined claims) and the wiring of its checks; its docstring is the reading guide (setting,
  what each claim's checks test);
* ``checks.py`` (``C``): instances (per-sample Hessians at a global minimum, ``instance`` /
  ``summary``), the Hypothesis strategies (``INST``, ``THR``, ``ESC``, ...), the property
  checks, the exact certificates and the figure-less ``table`` experiment;
* ``figures.py`` (``F``): the experiments that draw figures;
* ``derivations/alignment_stability.py`` (``D``): the sympy derivations behind the identity checks.

Where each claim's checks and figure live (``check name: function``; a variant runs its claim's
function with the argument shown):

==============================================  =======================================================================
claim id                                        checks; figure
==============================================  =======================================================================
wws22.kappa                                     batch_enumeration: D.kappa_identity
wws22.kappa.infinite-population                 variant: D.kappa_identity(kappa_without=1/2)
wws22.one-step                                  identity: D.one_step_identity; bound: D.flatness_bound
wws22.one-step.noise-factor                     variant: D.one_step_identity(n=2, factor=1)
wws22.isotropic                                 fourth_moment: D.gaussian_fourth_moment; rate, threshold, tightness: D.isotropic_<name>
wws22.isotropic.d-plus-2                        variant: D.isotropic_rate(plus=2)
wws22.population-alignment                      covariance: D.population_alignment; bounds: D.population_alignment_bounds
wws22.population-alignment.at-most-1            variant: D.population_alignment_bounds(upper_factor=-1)
wws22.threshold-instrument                      threshold_vs_simulation: C.threshold_vs_simulation
wws22.threshold-instrument.infinite-population  variant: C.threshold_vs_simulation(kappa=1/B), without replacement
wws22.threshold-table                           table: C.table (rows from C.threshold_table)
wws22.threshold-table.gd-1                      variant: C.table(gd_const=1.0)
wws22.flatness-bound                            bound: C.flatness; derivation: D.flatness_bound; orthonormal_n2: C.flatness_certificate
wws22.flatness-bound.half-constant              variant: C.flatness(const=sqrt(1/2)), C.flatness_certificate(const2=1/2)
wws22.flatness-bound-without-replacement        bound: C.flatness(beff=False); orthonormal_n2: C.flatness_certificate(beff=False)
wws22.flatness-bound-beff                       bound: C.flatness; orthonormal_n2: C.flatness_certificate (without replacement)
wws22.flatness-bound-beff.half-constant         variant: C.flatness(const=sqrt(1/2)), C.flatness_certificate(const2=1/2)
wws22.escape                                    exact_lower_bound: C._escape; monte_carlo_rate: F.monte_carlo_rate (figure escape)
wws22.escape.mu-max                             variant: C._escape(use_max=True)
wws22.alignment-linear-net                      jacobian_linear_in_x: D.linear_net_jacobian; population_mu_min: C.linear_net_population_mu
wws22.alignment-linear-net.floor-1.5            variant: C.linear_net_population_mu(mu_floor=1.5)
wws22.alignment-linear-net.jacobian-1-over-m    variant: C.linear_net_population_mu(map_exponent=1.0)
wws22.alignment-random-features                 lower_bound: C.rf_lower_bound
wws22.alignment-random-features.no-lmax         variant: C.rf_lower_bound(drop_lmax=True)
wws22.alignment-nonlinear                       mu_distribution: F.mu_distribution; figure mu_hist
wws22.alignment-nonlinear.floor-1               variant: F.mu_distribution(floor=1.0)
wws22.alignment-nonlinear.loss-1-over-n         variant: F.mu_distribution(loss_factor=2.0)
wws22.size-independent                          sweep: F._size_check("frobenius"); figure size_frobenius
wws22.size-independent.trace                    variant: F._size_check("trace")
wws22.sgd-reached-minima                        grid: F.grid; figure flatness_vs_bound; sampling_law: F.sampling_law
wws22.sgd-reached-minima.inverse-sqrt-b         variant: F.grid(b_exponent=-0.5)
wws22.sgd-reached-minima.beff-is-b              variant: F.sampling_law(predict_with={without: with})
wws22.sgd-reached-minima-stable                 grid: F.grid_stability (expected to fail)
==============================================  =======================================================================
"""

from verify.claims.wws22 import claims  # noqa: F401  (importing it registers the claims)
