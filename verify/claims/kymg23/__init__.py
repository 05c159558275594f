"""kymg23: Kunin, Yamamura, Ma & Ganguli (2023), "The asymmetric maximum margin bias of
quasi-homogeneous neural networks", arXiv:2210.03820v2 (https://arxiv.org/abs/2210.03820).

Modules (the same for every paper package):

* ``claims.py``: every claim declaration and the wiring of its checks;
* ``checks.py`` (``C``): the property checks and their strategies;
* ``figures.py`` (``F``): the experiments, each drawing its figure (figure name = function name);
* ``collapse.py`` (``NC``): the neural-collapse toy experiment and its figure;
* ``sparsity.py`` (``SP``): the sparsity-conjecture experiment (bias MLP and affine product);
* ``derivations/quasi_homogeneous.py`` (``D``): the sympy derivations;
* instruments: ``verify.models.quasi_homogeneous`` (model library with natural Lambda),
  ``verify.measure.quasi_homogeneity`` (checker), ``verify.measure.max_margin`` (SVM / asymmetric
  references, KKT residuals), ``verify.dynamics.scaled_gd`` (time-rescaled GD for long flows, with a clock).

==============================================  ====================================================================
claim id                                        checks; figure
==============================================  ====================================================================
kymg23.quasi-homogeneity                        affine_product, bias_mlp, affine_linear, deep_bias_mlp3: D.quasi_homogeneity; qh_numerical: C.qh_numerical
kymg23.euler                                    affine_product, bias_mlp: D.euler; qh_numerical: C.qh_numerical(which="euler")
kymg23.gradient-covariance                      affine_product, bias_mlp: D.gradient_covariance
kymg23.favoritism                               bias_mlp, deep_bias_mlp3: D.favoritism
kymg23.residual-normalisation                   residual_mlp, norm_head, norm_head_scale_invariant: D.quasi_homogeneity; qh_numerical: C.qh_numerical
kymg23.hessian-covariance                       hessian_covariance: C.hessian_covariance (dense autodiff Hessians)
kymg23.seminorm-growth                          seminorm_growth: D.seminorm_growth
kymg23.conservation                             gf_conservation: D.conservation_gf; gf_conserved: C.gf_conserved
kymg23.gd-drift                                 gd_drift: D.gd_drift; gd_drift_exponent: C.gd_drift_exponent
kymg23.asymmetric-max-margin                    asymmetric_limit: F.asymmetric_limit; figure asymmetric_limit
kymg23.kkt-rate                                 kkt_rate: F.kkt_rate (residual x log t vs log t); figure kkt_rate
kymg23.no-bias-limit                            origin_limit: F.origin_limit; figure origin_limit
kymg23.lyu-li-special-case                      homogeneous_limit: F.homogeneous_limit
kymg23.robustness                               robustness: F.robustness
kymg23.neural-collapse                          neural_collapse: NC.neural_collapse; figure neural_collapse
kymg23.table-4-7                                table_4_7: F.table_4_7 (1e4 and 1e6 steps)
kymg23.sparsity (expected fails)                sparsity: SP.sparsity(model="bias_mlp")
kymg23.sparsity-convex (refined)                sparsity: SP.sparsity(model="affine_product")
kymg23.quasi-homogeneity-perturbed-rate         variant: D.quasi_homogeneity / C.qh_numerical with the bias rate + 1/10
kymg23.residual-normalisation-two-layer-rates   variant: D.quasi_homogeneity / C.qh_numerical with every rate 1/2, b 1
kymg23.hessian-covariance-wrong-exponent        variant: C.hessian_covariance(degree=2)
kymg23.euler-wrong-rates                        variant: D.euler / C.qh_numerical(which="euler") with the bias rate + 1/10
kymg23.gradient-covariance-wrong-rates          variant: D.gradient_covariance (2 models) with the bias rate + 1/10
kymg23.favoritism-all-biases                    variant: D.favoritism("deep_bias_mlp3", claimed=("b1", "b2", "b3"))
kymg23.seminorm-growth-factor-1                 variant: D.seminorm_growth(factor=1)
kymg23.conservation-invalid-lambda              variant: D.conservation_gf(D.R_WRONG), C.gf_conserved(lam2="invalid")
kymg23.gd-drift-first-order                     variant: C.gd_drift_exponent(exponent=1)
kymg23.asymmetric-max-margin-euclidean          variant: F.asymmetric_limit(reference="svm")
kymg23.kkt-rate-cubic                           variant: F.kkt_rate(exponent=3)
kymg23.neural-collapse-cosine-1-over-k          variant: NC.neural_collapse(cosine="orthogonal-complement") (-1/K)
kymg23.table-4-7-regularised                    variant: F.table_4_7(quasi_reference="regularised")
kymg23.lyu-li-free-bias                         variant: F.homogeneous_limit(reference="free")
kymg23.robustness-reversed                      variant: F.robustness(order="free<=asymmetric")
kymg23.no-bias-limit-free-svm                   variant: F.origin_limit(reference="free")
kymg23.sparsity-convex-unnormalised             variant: SP.sparsity(model="affine_product", normalised=False) (raw b)
==============================================  ====================================================================
"""

from verify.claims.kymg23 import claims  # noqa: F401  (importing it registers the claims)
