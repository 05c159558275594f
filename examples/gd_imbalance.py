"""Tutorial conjecture 1 (true, proved symbolically): how one GD step changes the imbalance.

Model: the scalar depth-2 linear network ``L(a, b) = 1/2 (a b - Phi)^2`` with residual
``eps = a b - Phi``. Gradient descent with step ``eta``::

    a+ = a - eta eps b,      b+ = b - eta eps a.

Conjecture: the imbalance ``a^2 - b^2`` is multiplied by exactly ``1 - eta^2 eps^2`` at every
step (so GD shrinks it whenever ``0 < eta |eps| < sqrt(2)``), and it is conserved by gradient
flow (``eta -> 0``). Run it with ``verify check examples/gd_imbalance.py``.
"""

import sympy as sp

from verify import Derivation, claim

a, b, phi, eta = sp.symbols("a b Phi eta", real=True)
eps = a * b - phi
a1, b1 = a - eta * eps * b, b - eta * eps * a

c = claim(
    "tutorial.gd-imbalance",
    title="GD multiplies the imbalance a^2 - b^2 by 1 - eta^2 eps^2",
    statement="For L = 1/2 (ab - Phi)^2 and one GD step with step eta, a+^2 - b+^2 = (1 - eta^2 eps^2)(a^2 - b^2) "
              "with eps = ab - Phi; under gradient flow d/dt (a^2 - b^2) = 0.",
    latex=r"a_+^2 - b_+^2 = (1 - \eta^2 \varepsilon^2)(a^2 - b^2)",
    provenance="conjecture",
    conventions={"loss": "L = 1/2 (a b - Phi)^2 (with the 1/2)"},
    domain="all real a, b, Phi, eta",
)


@c.identity
def one_step():
    """Expand the GD update; the gradient-flow statement is the eta-derivative at 0 of the step."""
    a_dot, b_dot = -eps * b, -eps * a  # gradient flow: (a, b)' = -grad L
    return (Derivation("imbalance under GD and gradient flow")
            .step("one GD step", a1**2 - b1**2, (1 - eta**2 * eps**2) * (a**2 - b**2))
            .step("gradient flow: d/dt (a^2 - b^2) = 2 a a' - 2 b b'", 2 * a * a_dot - 2 * b * b_dot, 0))
