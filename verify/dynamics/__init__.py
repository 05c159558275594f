"""Training dynamics: GD and SGD (jit + lax.scan) and gradient flow (solve_ivp).

Shared modules: :mod:`~verify.dynamics.gd`, :mod:`~verify.dynamics.sgd`,
:mod:`~verify.dynamics.flow`.  Paper-specific dynamics live in their own modules of this
package and are imported by full path.
"""

from verify.dynamics.flow import Flow, gradient_flow
from verify.dynamics.gd import Run, gd
from verify.dynamics.sgd import batch_indices, sgd

__all__ = ["gd", "sgd", "batch_indices", "gradient_flow", "Run", "Flow"]
