"""ckyg23: Chen, Kunin, Yamamura, Ganguli (2023), "Stochastic Collapse: How Gradient Noise Attracts SGD
Dynamics Towards Simpler Subnetworks", arXiv:2306.04251v3 (https://arxiv.org/abs/2306.04251).

Modules (the same for every paper package):

* ``claims.py``: every claim declaration (statement, domain, conventions, notes, variants) and the
  wiring of its checks;
* ``checks.py`` (``C``): the invariance property checks (SGD with momentum and weight decay on a
  one-hidden-layer network; the per-sample gradient test of ``verify.measure.invariance`` on the same
  network) and their Hypothesis strategies;
* ``highdim.py`` (``HD``): the high-dimensional sufficient condition against the exact Lyapunov
  exponent (``verify.measure.lyapunov`` on the Euler family of the linear SDE);
* ``sweep.py`` (``SW``): the hyperparameter sweep (small tanh MLP, ``verify.measure.neurons``);
* ``figures.py`` (``F``): the SDE experiments (``verify.dynamics.sde``, Milstein), figures named after
  their functions;
* ``derivations/stochastic_collapse.py`` (``D``): the sympy derivations behind the identity checks.

Where each claim's checks and figure live (``check name: function``; a variant runs its claim's
function with the argument shown):

==============================================  ==================================================================
claim id                                        checks; figure
==============================================  ==================================================================
ckyg23.sign-invariant                           derivation: D.sign_invariance; invariance: C.invariance;
                                                gradient_test: C.gradient_test (verify.measure.invariance)
ckyg23.permutation-invariant                    derivation: D.permutation_invariance; invariance: C.invariance(kind="perm");
                                                gradient_test: C.gradient_test(kind="perm")
ckyg23.attractivity-criterion                   derivation: D.attractivity_all;   lyapunov_gbm: F.lyapunov_gbm
ckyg23.gbm-moments                              mean: D.gbm_mean; moment_threshold: D.gbm_moment_threshold; F.moments_gbm
ckyg23.noise-strengthens                        derivation: D.quartic; figure F.quartic_collapse
ckyg23.single-neuron-threshold                  derivation: D.single_neuron; figure F.single_neuron
ckyg23.discrete-sgd                             derivation: D.discrete_sgd; discrete_collapse: C.discrete_collapse
ckyg23.single-neuron-sgd                        single_neuron_sgd: C.single_neuron_sgd; figure F.phase_diagram
ckyg23.sufficient-condition-conservative        derivation: D.sufficient_condition; conservative: HD.conservative
ckyg23.hyperparameters                          hyperparameter_sweep: SW.hyperparameter_sweep (figure)
ckyg23.teacher-student                          derivation: D.teacher_student; figure F.teacher_student
ckyg23.sign-invariant.nonzero-activation        variant: D.sign_invariance("softplus"), C.invariance with softplus / sigmoid
ckyg23.sign-invariant.nonzero-bias              variant: C.invariance(bias=0.5), C.gradient_test(bias_free=True)
ckyg23.permutation-invariant.incoming-only      variant: D.permutation_invariance(False, "linear"), C.invariance(kind="perm-in"),
                                                C.gradient_test(kind="perm-in")
ckyg23.attractivity-criterion.variance-half     variant: D.attractivity_1d("V", 1/2), F.lyapunov_gbm(convention="V", c=0.5)
ckyg23.gbm-moments.lyapunov-mean                variant: D.gbm_mean("lyapunov"), F.moments_gbm(mean_rate="lyapunov")
ckyg23.gbm-moments.threshold-p                  variant: D.gbm_moment_threshold(0), F.moments_gbm(shift=0)
ckyg23.noise-strengthens.threshold-sqrt-mu      variant: D.quartic(1), F.quartic_collapse(threshold_factor=1)
ckyg23.single-neuron-threshold.no-half          variant: D.single_neuron(c_thr=1), F.single_neuron(factor=0.5)
ckyg23.discrete-sgd.sgf-rule                    variant: D.discrete_sgd(c2=-1/2), C.discrete_collapse(rule="sgf")
ckyg23.single-neuron-sgd.sgf-rule               variant: C.single_neuron_sgd(rule="sgf"), F.phase_diagram(rule="sgf")
ckyg23.single-neuron-sgd.rate-resolution        variant: C.single_neuron_sgd(rate_factor=1.3) (resolution control)
ckyg23.sufficient-condition-conservative.necessary  variant: HD.conservative(rule="iff")
ckyg23.sufficient-condition-conservative.coefficient-one  variant: D.sufficient_condition(1)
ckyg23.hyperparameters.batch-reversed           variant: SW.hyperparameter_sweep(reverse=("batch",))
ckyg23.teacher-student.full-variance            variant: D.teacher_student(1), F.teacher_student(c=1)
==============================================  ==================================================================
"""

from verify.claims.ckyg23 import claims  # noqa: F401  (importing it registers the claims)
