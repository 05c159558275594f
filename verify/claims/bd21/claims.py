"""Claim declarations of bd21 (Barrett & Dherin, "Implicit Gradient Regularization", ICLR 2021,
arXiv:2009.11162), the baseline of b23.  Digest: papers/2312.16143-sgd-without-replacement.md, 4.1.

1. the backward-error statement: one GD step matches the flow of E + (h/4)|grad E|^2 to O(h^3)
   (sympy Lie-series derivation on a cubic polynomial in 2-d, proved for that instance, which also
   gives the nonzero h^3 term; slope 3 measured on a non-quadratic 3-d loss);
2. beyond first order (derived): on a quadratic GD is exactly the flow with rate -log(1 - h lambda)/h,
   which IGR matches to O(h) only; the h^2 term of the modified equation is not a gradient field;
3. variants: coefficient h/2 (slope 2, the derivation's h^2 step refuted) and the plain gradient flow
   (coefficient 0, slope 2).
"""

from __future__ import annotations

import sympy as sp

from derivations import backward_error as D
from verify import Source, claim
from verify.claims.bd21 import checks as C

SRC = Source("Barrett & Dherin 2021", arxiv="2009.11162", where="Sec. 3 (backward error analysis of GD; "
             "the modified loss E~ = E + (h/4)|grad E|^2)", url="https://arxiv.org/abs/2009.11162")
DERIVED = Source("Barrett & Dherin 2021; derived by the verify team", arxiv="2009.11162", where="digest 4.1")
CONV = {"GD": "theta_{n+1} = theta_n - h grad E(theta_n)",
        "modified loss": "E~ = E + (h/4)|grad E|^2 (|.| Euclidean; the paper's lambda R_IG with lambda = h m/4, "
                         "R_IG = (1/m) sum_i (dE/dtheta_i)^2 is the same function)",
        "local error": "|Phi_h(theta) - theta_1| at the same theta_0, Phi_h the flow over time h"}

igr = claim(
    "bd21.igr-local-error", title="One GD step follows the flow of E + (h/4)|grad E|^2 to O(h^3)",
    statement="For smooth E, the GD step theta - h grad E and the gradient flow of E~ = E + (h/4)|grad E|^2 "
              "over time h agree up to O(h^3); the h^3 term is (1/3) H^2 g + (1/12) T[g, g], nonzero in general.",
    latex=r"\Phi_h^{E + \frac h4\|\nabla E\|^2}(\theta) - (\theta - h\nabla E(\theta)) = O(h^3)",
    source=SRC, provenance="paper", conventions=CONV,
    domain="derivation: cubic polynomial E on R^2 with symbolic coefficients; measurement: E = theta^T A theta/2 + "
           "sum theta^4/4 + cos(theta_0 theta_1) on R^3, h in [1.25e-3, 2e-2]",
    notes="The h^3 coefficient (derived, not in the abstract) shows the order is exactly 3; the next term of the "
          "modified equation is not a gradient field (bd21.second-order-not-gradient), and on a quadratic the exact "
          "rate is known in closed form (bd21.quadratic-exact-rate).")
igr.identity(D.igr_flow, name="derivation", states=D.igr_statement)
igr.experiment(C.local_error, name="slope")


def _variant(id_, title, statement, coef):
    v = claim(id_, title=title, statement=statement, source=DERIVED, provenance="variant",
              variant_of="bd21.igr-local-error", conventions=CONV)
    v.identity(lambda: D.igr_flow(coef), name="derivation", states=lambda: D.igr_statement(coef))
    v.experiment(lambda profile: C.local_error(profile, coef=float(coef)), name="slope")


_variant("bd21.igr-coefficient-half", "wrong constant: E + (h/2)|grad E|^2 matches GD to O(h^3)",
         "The flow of E + (h/2)|grad E|^2 over time h matches one GD step to O(h^3).", sp.Rational(1, 2))
_variant("bd21.gradient-flow-order-3", "dropped correction: plain gradient flow matches GD to O(h^3)",
         "The flow of E itself over time h matches one GD step to O(h^3).", sp.Integer(0))


rate = claim(
    "bd21.quadratic-exact-rate", title="On a quadratic, GD is exactly a gradient flow with rate -log(1 - h lambda)/h",
    statement="On E = lambda theta^2 / 2 with 0 < h lambda < 1, GD with step h equals at every t = k h the gradient "
              "flow of r theta^2 / 2 with r = -log(1 - h lambda)/h; the IGR rate lambda + h lambda^2/2 is its "
              "expansion to first order, and they differ by lambda^3 h^2 / 3 + O(h^3).",
    latex=r"r(h) = -\tfrac1h\log(1-h\lambda) = \lambda + \tfrac h2\lambda^2 + \tfrac{h^2}{3}\lambda^3 + O(h^3)",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="derivation: lambda > 0, h > 0 symbolic; search: lambda in [0.1, 3], h lambda in [0.01, 0.95], K = 20 "
           "steps from theta_0 = 1",
    notes="Per eigendirection this holds for every quadratic. It says what IGR is: the first-order truncation of "
          "an exact modified loss that exists for quadratics; at h lambda = 0.5 the exact rate is 1.39 lambda "
          "and the IGR rate 1.25 lambda.")
rate.identity(D.exact_rate, name="derivation", states=D.exact_rate_statement)
rate.property(given=C.RATE_GIVEN, examples=40, name="gd_vs_flow")(C.quadratic_rate)

curl = claim(
    "bd21.second-order-not-gradient", title="Beyond first order, GD follows a modified field that is not a gradient",
    statement="The h^2 term -((1/3) H^2 g + (1/12) T[g, g]) of the vector field whose flow matches GD to O(h^4) is "
              "not a gradient field in general (nonzero curl on E = x^3/6 + x y), so no modified loss "
              "E + (h/4)|grad E|^2 + h^2 E_2 exists.",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="cubic polynomials E on R^2 (symbolic coefficients) for the h^3 term; E = x^3/6 + x y at (0, 1) for "
           "the curl",
    notes="A gradient field has a symmetric Jacobian. (1/6) grad(g^T H g) = (1/3) H^2 g + (1/6) T[g, g], so the "
          "term is a gradient iff T[g, g] is, which fails for cubic E with mixed third derivatives.")
curl.identity(D.not_gradient, name="derivation", states=D.not_gradient_statement)

_v = claim("bd21.quadratic-exact-rate.igr-exact", title="IGR is exact on quadratics",
           statement="On a quadratic, GD equals the flow of E + (h/4)|grad E|^2 at every t = k h.",
           source=DERIVED, provenance="variant", variant_of="bd21.quadratic-exact-rate", conventions=CONV)
_v.identity(lambda: D.exact_rate(0), name="derivation", states=lambda: D.exact_rate_statement(0))
_v.property(given=C.RATE_GIVEN, examples=40, name="gd_vs_flow")(lambda **k: C.quadratic_rate(**k, rate="igr"))
_v = claim("bd21.second-order-not-gradient.gradient", title="the h^2 term is a gradient field",
           statement="For every cubic E the h^2 term of GD's modified equation has zero curl (it is a gradient).",
           source=DERIVED, provenance="variant", variant_of="bd21.second-order-not-gradient", conventions=CONV)
_v.identity(D.gradient_statement, name="derivation")
