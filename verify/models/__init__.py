"""Models as pure functions of a flat float64 parameter vector.

Shared modules here: :mod:`verify.models.losses` (MSE with an explicit normalisation) and
:mod:`verify.models.mlp` (fully connected networks).  Paper-specific models live in their own
modules of this package and are imported by full path.
"""

from verify.models.losses import NORMALIZATIONS, hessian_factor, mse
from verify.models.mlp import activation_fn, flatten, init_mlp, mlp_apply, mlp_loss, num_params

__all__ = ["mse", "hessian_factor", "NORMALIZATIONS", "init_mlp", "mlp_apply", "flatten",
           "mlp_loss", "num_params", "activation_fn"]
