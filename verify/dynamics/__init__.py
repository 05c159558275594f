"""Training dynamics: GD and SGD (jit + lax.scan) and gradient flow (solve_ivp).

Shared (exported here):
    gd               full-batch gradient descent, records per step
    sgd              mini-batch SGD: with replacement, without replacement, random reshuffling
    flow             gradient flow (LSODA: explicit until stiff, then BDF with the Hessian as Jacobian)
Paper-specific (import by full path):
    label_noise      label-noise SGD, noise law and std/variance explicit (glrj24)
    riemannian_flow  Riemannian gradient flow on a zero-loss manifold (glrj24)
    weighted         SGD as weighted full-data steps: one compile for GD, GD + weight decay and
                     every batch size; numpy reshuffling / subset samplers (bpp24)
    momentum         heavy-ball and Nesterov GD, companion matrices (cohen21)
    sde              Ito SDEs: Euler-Maruyama and Milstein (diagonal / scalar noise), seeded
                     increments, jit + lax.scan over vectorised paths (ckyg23)
    scaled_gd        GD with a state-dependent step eta s(theta) (a time change of GF), for long flows,
                     optionally with the clock of the followed flow (log_time) (kymg23)
"""

from verify.dynamics.flow import Flow, gradient_flow
from verify.dynamics.gd import Run, gd
from verify.dynamics.sgd import batch_indices, sgd

__all__ = ["gd", "sgd", "batch_indices", "gradient_flow", "Run", "Flow"]
