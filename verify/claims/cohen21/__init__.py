"""cohen21: Cohen, Kaur, Li, Kolter, Talwalkar (ICLR 2021), "Gradient Descent on Neural Networks
Typically Occurs at the Edge of Stability", arXiv:2103.00065 (https://arxiv.org/abs/2103.00065).

Modules: ``claims.py`` (declarations), ``checks.py`` (``C``, property checks on quadratics),
``figures.py`` (``F``, the network experiment), ``network.py`` (the small MLP and its GD / SGD
loops, shared with ab24), ``derivations/edge_of_stability.py`` (``D``).

=======================================  ==================================================================
claim id                                 checks; figure
=======================================  ==================================================================
cohen21.quadratic-threshold              derivation: D.gd_quadratic; gd_threshold: C.gd_threshold
cohen21.negative-eigenvalue              derivation: D.gd_quadratic; negative_eigenvalue: C.negative_eigenvalue
cohen21.heavy-ball-threshold             derivation: D.momentum; momentum_threshold: C.momentum_threshold
cohen21.nesterov-threshold               derivation: D.momentum("nesterov"); momentum_threshold (nesterov)
cohen21.edge-of-stability                figure F.edge_of_stability
cohen21.eos-loss-non-monotone            figure F.loss_at_edge (the same GD runs, memoised)
cohen21.threshold-one-over-eta           variant: D.gd_quadratic(1)
cohen21.threshold-wrong-convention       variant: C.gd_threshold(assumed="half")
cohen21.negative-eigenvalue-converges    variant: C.negative_eigenvalue(predict="threshold")
cohen21.heavy-ball-gd-threshold          variant: D.momentum(x*=2), C.momentum_threshold(threshold="gd")
cohen21.nesterov-heavy-ball-threshold    variant: D.momentum("nesterov", 2+2beta), C.momentum_threshold(threshold="heavy_ball")
cohen21.edge-of-stability-one-over-eta   variant: F.edge_of_stability(target=1)
cohen21.eos-loss-monotone                variant: F.loss_at_edge(reading="monotone")
=======================================  ==================================================================
"""

from verify.claims.cohen21 import claims  # noqa: F401  (importing it registers the claims)
