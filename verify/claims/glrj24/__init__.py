"""glrj24: Gatmiry, Li, Reddi, Jegelka (2024), "Simplicity bias via global convergence of sharpness
minimization", arXiv:2410.16401 (ICML 2024; https://arxiv.org/abs/2410.16401).

Modules (the same for every paper package):

* ``claims.py``: every claim declaration (statement, domain, conventions, variants) and the
  wiring of its checks; its docstring is the reading guide (what each claim's checks test);
* ``checks.py`` (``C``): shared numerics (``_problem``, ``_eigs``), the identity bodies, the
  property checks and the figure-less tanh-saddle experiment;
* ``experiments.py``: the cached simulations (Riemannian flows, label-noise SGD runs) that the
  experiments judge;
* ``figures.py`` (``F``): the experiments that judge those runs and draw the figures;
* ``derivations/simplicity_bias.py`` (``sb``): the sympy derivations behind the identity checks.

Where each claim's checks and figure live (``check name: function``; a variant runs its claim's
function with the argument shown):

==============================================  =======================================================================
claim id                                        checks; figure
==============================================  =======================================================================
glrj24.trace-on-manifold                        trace_formula: C.trace_formula (-> sb.trace_on_manifold)
glrj24.trace-on-manifold.factor-2               variant: sb.trace_on_manifold(const=2, act="sinh")
glrj24.g-convexity                              g_second_derivative: C.g_second_derivative (-> sb.g_convexity)
glrj24.g-convexity.factor-1                     variant: sb.g_convexity(factor=1)
glrj24.equal-split                              equal_split_minimum: C.equal_split_minimum (-> sb.equal_split)
glrj24.equal-split.wrong-split                  variant: sb.equal_split(3, k=2)
glrj24.stationarity-conditions                  lagrange_conditions: C.lagrange_conditions (-> sb.stationarity)
glrj24.stationarity-conditions.factor-1         variant: sb.stationarity(factor=1, act="sinh")
glrj24.label-noise-covariance                   covariance_identity: C.covariance_identity (-> sb.label_noise_covariance)
glrj24.label-noise-covariance.std               variant: sb.label_noise_covariance(power=1)
glrj24.activation-catalogue                     catalogue: C.catalogue; assumption_{sinh,cubic,exp}: sb.assumption
glrj24.activation-catalogue.tanh-satisfies      variant: sb.assumption("tanh")
glrj24.activation-catalogue.softplus-satisfies  variant: sb.assumption("softplus")
glrj24.activation-catalogue.linear-satisfies    variant: sb.assumption("linear")
glrj24.rank-one-minimizers                      stationary_points: C.stationary_point_relations(["sinh", "cubic"])
glrj24.rank-one-minimizers.tanh                 variant: C.stationary_point_relations(["tanh"]), one problem
glrj24.rank-one-minimizers.linear               variant: C.stationary_point_relations(["linear"]), one problem
glrj24.global-linear-convergence                flow_rate: F.flow_experiment(2.0); figure riemannian_flow_trace
glrj24.global-linear-convergence.rate-mu        variant: F.flow_experiment(1.0)
glrj24.geodesic-convexity                       psd_near_stationary: C.geodesic_relation; empirical_radius: F.empirical_radius (+ figure)
glrj24.geodesic-convexity.tanh                  variant: C.geodesic_relation with phi = tanh
glrj24.single-feature                           label_noise_sgd: F.sgd_experiment(0.3); figure sgd_singular_values
glrj24.single-feature.no-label-noise            variant: F.sgd_experiment(0.0)
glrj24.label-noise-time-scale                   time_scale: F.time_scale_experiment(2, 0.25); figure time_scale
glrj24.label-noise-time-scale.std               variant: F.time_scale_experiment(1, 0.25)
glrj24.label-noise-time-scale.half              variant: F.time_scale_experiment(2, 0.5)
glrj24.label-noise-time-scale.resolution        variant: F.time_scale_experiment(2, 0.275), 10% off
glrj24.tanh-saddle                              tanh_counterexample: C._saddle_experiment("tanh")
glrj24.tanh-saddle.sinh                         variant: C._saddle_experiment("sinh")
==============================================  =======================================================================
"""

from verify.claims.glrj24 import claims  # noqa: F401  (importing it registers the claims)
