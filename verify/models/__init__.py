"""Models as pure functions of a flat float64 parameter vector.

Shared (exported here):
    losses           MSE with an explicit normalisation (1/(2n), 1/n, ...)
    mlp              fully connected networks
Paper-specific (import by full path):
    depth2           depth-2 linear network a^T b, GD / GF, closed-form sharpness (bw25)
    linear           linear regression and per-sample Hessians at a global minimum (wws22)
    random_features  random-feature model (wws22)
    two_layer        two-layer linear / tanh networks at interpolating minima (wws22)
    sum_of_neurons   sum of neurons with a frozen second layer (glrj24)
    diagonal         diagonal linear network <u * v, x>, closed-form (S)GD step and scan (bpp24)
    support_data     regression data with a known support, the +- duplication design (bpp24)
    quasi_homogeneous  quasi-homogeneous model library with natural rates Lambda, sympy + JAX (kymg23)
"""

from verify.models.losses import NORMALIZATIONS, hessian_factor, mse
from verify.models.mlp import activation_fn, flatten, init_mlp, mlp_apply, mlp_loss, num_params

__all__ = ["mse", "hessian_factor", "NORMALIZATIONS", "init_mlp", "mlp_apply", "flatten",
           "mlp_loss", "num_params", "activation_fn"]
