"""Eigen-weights of the without-replacement drift (b23 digest 4.5).

When H, the batch Hessian noise and the gradient noise share eigenvectors, the second-order drift of
random reshuffling (digest 4.4) along an eigendirection with eta lambda = x, mu = 1 - x, after t steps
of an epoch carries the weight

    w(x, t) = sum_{s=1}^t mu^{t-s} (1 - mu^{s-1}) / (1 - mu) = [(1 - mu^t)/x - t mu^{t-1}] / x.

Limits: x -> 0 gives t(t-1)/2 (Smith's regime, the m(m-1)/2 of one epoch), x = 1 gives 1 (t >= 2),
x < 0 (negative curvature) grows geometrically.  Written for t = 1..T (T = 8): sympy cannot sum
with a symbolic exponent range here, so the derivation is an instance.
"""

from __future__ import annotations

import sympy as sp

from verify.core.derivation import Derivation

__all__ = ["weight_sum", "weight_closed", "eigen_weight", "eigen_weight_statement"]

x = sp.Symbol("x", real=True, nonzero=True)  # eta * lambda
T = 8


def weight_sum(t):
    mu = 1 - x
    return sum(mu ** (t - s) * sp.cancel((1 - mu ** (s - 1)) / (1 - mu)) for s in range(1, t + 1))


def weight_closed(t, shift=1):
    """The closed form; ``shift=0`` (variant) writes t mu^t instead of t mu^(t-1)."""
    mu = 1 - x
    return ((1 - mu**t) / x - t * mu ** (t - shift)) / x


def eigen_weight_statement(shift=1):
    return [sp.Eq(weight_sum(t), weight_closed(t, shift), evaluate=False) for t in range(1, T + 1)]


def eigen_weight(shift=1) -> Derivation:
    d = Derivation("Eigen-weight of the reshuffling drift: closed form and regimes", instance=f"t = 1..{T}",
                   assumptions="H, Hessian noise and gradient noise share eigenvectors; x = eta lambda != 0")
    for t in range(1, T + 1):
        d.step(f"t = {t}: sum_s mu^(t-s)(1 - mu^(s-1))/(1 - mu) = closed form", weight_sum(t), weight_closed(t, shift))
    if shift == 1:
        for t in (2, 5, T):
            d.step(f"t = {t}: limit x -> 0 is t(t-1)/2 (Smith's regime)", sp.limit(weight_closed(t), x, 0),
                   sp.Rational(t * (t - 1), 2))
            d.step(f"t = {t}: at eta lambda = 1 the weight is 1", weight_closed(t).subs(x, 1), 1)
    return d
