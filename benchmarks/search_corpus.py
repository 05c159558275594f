"""The search-power corpus for ``bench_search.py`` (kept out of the built-in claims).

``FALSE``: statements whose counterexamples are hard to hit by random sampling: a constant
off by 1-5 % near where the bound is attained, a condition violated only near a corner or
an edge, at ``B = n``, near balanced initialisations, near a step-size threshold, relations
with a side exactly 0. ``TRUE``: tight statements (the bound is attained on the domain).
Each entry: ``(id, category, given, fn)``; ``fn(**example)`` returns a Relation with a
tolerance from the float error estimate written beside it. Violation regions are placed
at non-round points, so that Hypothesis's preference for simple values (0, 0.5, endpoints)
does not find them by accident, except where the corner *is* the point of the statement.
"""

from __future__ import annotations

import math

import hypothesis
import hypothesis.strategies as st

from verify import Relation

EPS = 2.0**-52
U01 = st.floats(0.0, 1.0)
C = 3.7  # peak of x exp(-C x) at x = 1/C (not a round number)


def _rt(k):  # k roundings relative to the sides' magnitude
    return k * EPS


# --- shared closed forms ----------------------------------------------------------------
def _peak(x, const):
    return Relation(x * math.exp(-C * x), "<=", const / (C * math.e), rtol=_rt(8),
                    why="exp (<= 1 ulp) and 3 products / quotients: 8 ulp")


def _gauss2(x, y, const):
    v = math.exp(-((x - 0.3719) ** 2 + (y - 0.6843) ** 2) / 0.02)
    return Relation(v, "<=", const, rtol=_rt(8), why="exp of a sum of squares: 8 ulp")


def _gd_contraction(lam, c, lim):
    eta = c * 2.0 / lam
    return Relation(max(abs(1 - eta), abs(1 - eta * lam)), "<=", lim, atol=_rt(8),
                    why="eta = 2c/lam and eta*lam: 3 roundings of numbers <= 2")


def _balanced(a, phi, const):
    # sharpness a^2 + b^2 at the global minimum a b = phi of (ab - phi)^2 / 2, vs const * 2 phi
    return Relation(a * a + (phi / a) ** 2, ">=", const * 2 * phi, rtol=_rt(8), why="4 roundings: 8 ulp")


def _young(x, y, const):
    p, q = 3.0, 1.5
    return Relation(x**p / p + y**q / q, ">=", const * x * y, rtol=_rt(16), why="two pow (<= 2 ulp each), sums: 16 ulp")


def _imbalance_step(a, b, eta, lim):
    """One GD step on (ab - phi)^2/2, phi = 1: |I+| vs |I| where I = a^2 - b^2."""
    eps = a * b - 1.0
    a1, b1 = a - eta * eps * b, b - eta * eps * a
    I0, I1 = a * a - b * b, a1 * a1 - b1 * b1
    mag = (abs(a) + abs(b) + eta * abs(eps) * (abs(a) + abs(b))) ** 2
    return Relation(abs(I1), "<=", lim(eta * eps) * abs(I0), atol=32 * EPS * mag,
                    why="a+, b+ and the differences of squares: 32 ulp of (|a|+|b|)^2 (1 + eta|eps|)^2")


# --- false statements ---------------------------------------------------------------------
FALSE = [
    ("peak-2pct", "constant 2% off where attained", {"x": st.floats(0.0, 5.0)},
     lambda x: _peak(x, 0.98)),
    ("peak-1pct", "constant 1% off where attained", {"x": st.floats(0.0, 5.0)},
     lambda x: _peak(x, 0.99)),
    ("gauss-3pct", "2-d bump, constant 3% off", {"x": U01, "y": U01},
     lambda x, y: _gauss2(x, y, 0.97)),
    ("gauss-1pct", "2-d bump, constant 1% off", {"x": U01, "y": U01},
     lambda x, y: _gauss2(x, y, 0.99)),
    ("gd-threshold-3pct", "step-size threshold: eta up to 1.03 x 2/lam", {"lam": st.floats(1.0, 10.0), "c": st.floats(0.0, 1.03)},
     lambda lam, c: _gd_contraction(lam, c, 1.0)),
    ("gd-threshold-1pct", "step-size threshold: eta up to 1.01 x 2/lam", {"lam": st.floats(1.0, 10.0), "c": st.floats(0.0, 1.01)},
     lambda lam, c: _gd_contraction(lam, c, 1.0)),
    ("balanced-sharpness-2pct", "near balanced: S_min >= 2.04 phi", {"a": st.floats(0.1, 3.0), "phi": st.floats(0.5, 2.0)},
     lambda a, phi: _balanced(a, phi, 1.02)),
    ("balanced-sharpness-1pct", "near balanced: S_min >= 2.02 phi", {"a": st.floats(0.1, 3.0), "phi": st.floats(0.5, 2.0)},
     lambda a, phi: _balanced(a, phi, 1.01)),
    ("young-1pct", "Young's inequality with constant 1.01 (equality on a curve)", {"x": st.floats(0.1, 2.0), "y": st.floats(0.1, 2.0)},
     lambda x, y: _young(x, y, 1.01)),
    ("young-3pct", "Young's inequality with constant 1.03", {"x": st.floats(0.1, 2.0), "y": st.floats(0.1, 2.0)},
     lambda x, y: _young(x, y, 1.03)),
    ("zero-disc-2d", "zero side: false in a disc of radius 0.03", {"x": U01, "y": U01},
     lambda x, y: Relation((x - 0.61) ** 2 + (y - 0.27) ** 2 - 0.03**2, ">=", 0.0, atol=_rt(8), why="sums of squares <= 2: 4 ulp")),
    ("zero-band-1d", "zero side: false in a band of width 0.02", {"x": U01},
     lambda x: Relation((x - 0.4321) ** 2 - 1e-4, ">=", 0.0, atol=_rt(4), why="square of a number <= 1: 2 ulp")),
    ("zero-ball-3d", "zero side: false in a ball of radius 0.08", {"x": U01, "y": U01, "z": U01},
     lambda x, y, z: Relation((x - 0.23) ** 2 + (y - 0.71) ** 2 + (z - 0.58) ** 2 - 0.08**2, ">=", 0.0, atol=_rt(8),
                              why="sums of squares <= 3: 8 ulp")),
    ("zero-lhs-peak", "zero lhs: 0 <= 1 - 1.002 * 4u(1-u), u = x^1.7", {"x": U01},
     lambda x: Relation(0.0, "<=", 1 - 1.002 * 4 * x**1.7 * (1 - x**1.7), atol=_rt(8), why="pow and 4 products: 8 ulp")),
    ("zero-psd-sector", "zero side: a 2x2 form with eigenvalue -5e-4 is >= 0", {"t": st.floats(0.0, math.pi)},
     lambda t: Relation(math.cos(t) ** 2 + 2 * 0.999 * math.cos(t) * math.sin(t) + 0.997 * math.sin(t) ** 2, ">=", 0.0,
                        atol=_rt(16), why="cos, sin and three products of numbers <= 1: 16 ulp")),
    ("corner-product-3d", "corner: xyz <= 0.96 on the unit cube", {"x": U01, "y": U01, "z": U01},
     lambda x, y, z: Relation(x * y * z, "<=", 0.96, rtol=_rt(4), why="2 products")),
    ("corner-difference-2d", "corners (0,1), (1,0): (x - y)^2 <= 0.93", {"x": U01, "y": U01},
     lambda x, y: Relation((x - y) ** 2, "<=", 0.93, atol=_rt(4), why="a difference and a square of numbers <= 1")),
    ("edge-trace-frobenius", "edge: (l1 + l2)^2 >= 1.02 (l1^2 + l2^2)", {"l1": st.floats(1e-3, 1.0), "l2": st.floats(1e-3, 1.0)},
     lambda l1, l2: Relation((l1 + l2) ** 2, ">=", 1.02 * (l1 * l1 + l2 * l2), rtol=_rt(8), why="5 roundings")),
    ("threshold-corner-log", "step-size threshold in a corner: (1 - eta lam)^2 <= 1, lam in [1, 2], eta <= 1.02 (log)",
     {"lam": st.floats(1.0, 2.0), "eta": st.floats(1e-3, 1.02)},
     lambda lam, eta: Relation((1 - eta * lam) ** 2, "<=", 1.0, atol=_rt(8), why="product, difference, square: 8 ulp of 1")),
    ("batch-equals-n", "B = n: (n - B)/(n - 1) >= 0.9/n for 1 <= B <= n", {"n": st.integers(8, 64), "B": st.integers(1, 64)},
     lambda n, B: (hypothesis.assume(B <= n), Relation((n - B) / (n - 1), ">=", 0.9 / n, rtol=_rt(4), why="2 quotients"))[1]),
    ("batch-near-n", "B near n: B(n - B) >= 1.04 (n - 1)", {"n": st.integers(3, 200), "u": st.floats(0.0, 1.0)},
     lambda n, u: Relation(float(_batch(n, u) * (n - _batch(n, u))), ">=", 1.04 * (n - 1), rtol=_rt(2), why="1 product")),
    ("imbalance-large-step", "GD on (ab - 1)^2/2 shrinks |a^2 - b^2| by at least (1 - eta^2 eps^2 / 2)",
     {"a": st.floats(-2.0, 2.0), "b": st.floats(-2.0, 2.0), "eta": st.floats(0.0, 0.4)},
     lambda a, b, eta: _imbalance_step(a, b, eta, lambda x: 1 - 0.5 * x * x)),
    ("gf-sharpness-near-balanced", "near balanced: sqrt(4 phi^2 + I) >= 2 phi (1 + 5e-4)",
     {"I": st.floats(1e-4, 1.0), "phi": st.floats(0.5, 2.0)},
     lambda I, phi: Relation(math.sqrt(4 * phi * phi + I), ">=", 2 * phi * (1 + 5e-4), rtol=_rt(8), why="sqrt and 3 products")),
    ("eos-corner", "edge of stability: f sqrt(4 + I/phi^2) <= 2.015", {"f": st.floats(0.0, 1.0), "I": st.floats(0.0, 0.1),
                                                                       "phi": st.floats(0.5, 2.0)},
     lambda f, I, phi: Relation(f * math.sqrt(4 + I / (phi * phi)), "<=", 2.015, rtol=_rt(8), why="sqrt and 3 roundings")),
    ("cauchy-schwarz-shifted", "(u.v)^2 <= 0.995 |u|^2 |v|^2 with v at angle b + 0.3",
     {"a": st.floats(0.0, math.pi), "b": st.floats(0.0, math.pi)},
     lambda a, b: Relation(math.cos(a - b - 0.3) ** 2, "<=", 0.995, atol=_rt(8), why="cos of a difference, square")),
    ("condition-corner", "GD rate at eta = 1/lmax: 1 - lmin/lmax <= 0.995 (false for condition number > 200)",
     {"lmin": st.floats(0.01, 1.0), "lmax": st.floats(1.0, 10.0)},
     lambda lmin, lmax: Relation(1 - lmin / lmax, "<=", 0.995, rtol=_rt(4), why="1 quotient, 1 difference")),
    ("sine-bump-zero", "zero side: sin(7.3x) + 0.999 >= 0 on [0, 1.2]", {"x": st.floats(0.0, 1.2)},
     lambda x: Relation([math.sin(7.3 * x), 0.999], ">=", 0.0, atol=_rt(4), why="sin (1 ulp) of a product: 4 ulp")),
]


def _batch(n, u):
    """B in 1..n-1 from u in [0, 1]."""
    return min(1 + int(u * (n - 1)), n - 1)


# --- true, tight statements (attained on the domain) ----------------------------------------
TRUE = [
    ("peak", "x exp(-c x) <= 1/(c e), attained at 1/c", {"x": st.floats(0.0, 5.0)}, lambda x: _peak(x, 1.0)),
    ("gauss", "2-d bump <= 1, attained at (0.3719, 0.6843)", {"x": U01, "y": U01}, lambda x, y: _gauss2(x, y, 1.0)),
    ("gd-threshold", "max(|1 - eta|, |1 - eta lam|) <= 1 for eta <= 2/lam (attained)",
     {"lam": st.floats(1.0, 10.0), "c": st.floats(0.0, 1.0)}, lambda lam, c: _gd_contraction(lam, c, 1.0)),
    ("balanced-sharpness", "a^2 + phi^2/a^2 >= 2 phi (attained when balanced)",
     {"a": st.floats(0.1, 3.0), "phi": st.floats(0.5, 2.0)}, lambda a, phi: _balanced(a, phi, 1.0)),
    ("young", "Young's inequality x^3/3 + y^1.5/1.5 >= xy (equality on a curve)",
     {"x": st.floats(0.1, 2.0), "y": st.floats(0.1, 2.0)}, lambda x, y: _young(x, y, 1.0)),
    ("amgm", "(a + b)/2 >= sqrt(ab) (equality at a = b)", {"a": st.floats(0.0, 1e3), "b": st.floats(0.0, 1e3)},
     lambda a, b: Relation((a + b) / 2, ">=", math.sqrt(a * b), rtol=_rt(4), atol=2.0**-537,
                           why="sum, product, sqrt: 4 ulp; a b below 2^-1022 is subnormal, absolute error <= 2^-1075, "
                               "so sqrt(ab) is off by up to sqrt(2^-1075) < 2^-537")),
    ("psd-singular", "a singular PSD 2x2 form is >= 0 (terms given; 0 on the kernel)", {"t": st.floats(0.0, math.pi)},
     lambda t: Relation([math.cos(t) ** 2, 2 * 0.999 * math.cos(t) * math.sin(t), 0.998001 * math.sin(t) ** 2], ">=", 0.0,
                        atol=16 * EPS * (1 + 2 * 0.999 + 0.998001), why="cos, sin, products of numbers <= 1: 16 ulp of sum |a_ij|")),
    ("batch-product", "B(n - B) >= n - 1 for 1 <= B <= n - 1 (equality at B = 1, n - 1)",
     {"n": st.integers(3, 200), "u": st.floats(0.0, 1.0)},
     lambda n, u: Relation(float(_batch(n, u) * (n - _batch(n, u))), ">=", float(n - 1))),
    ("imbalance-small-step", "GD on (ab - 1)^2/2 with eta|eps| <= 1 does not increase |a^2 - b^2| (equality at eps = 0)",
     {"a": st.floats(-2.0, 2.0), "b": st.floats(-2.0, 2.0), "eta": st.floats(0.0, 0.2)},
     lambda a, b, eta: _imbalance_step(a, b, eta, lambda x: 1.0)),
    ("trace-frobenius", "(l1 + l2)^2 >= l1^2 + l2^2 for l >= 0 (equality on the axes)",
     {"l1": st.floats(0.0, 1.0), "l2": st.floats(0.0, 1.0)},
     lambda l1, l2: Relation((l1 + l2) ** 2, ">=", l1 * l1 + l2 * l2, rtol=_rt(8), why="5 roundings")),
    ("zero-square", "zero side: (x - 0.4321)^2 >= 0 (equality at 0.4321)", {"x": U01},
     lambda x: Relation((x - 0.4321) ** 2, ">=", 0.0)),
    ("gf-sharpness", "sqrt(4 phi^2 + I) >= 2 phi (equality when balanced, I = 0)",
     {"I": st.floats(0.0, 1.0), "phi": st.floats(0.5, 2.0)},
     lambda I, phi: Relation(math.sqrt(4 * phi * phi + I), ">=", 2 * phi, rtol=_rt(4), why="sqrt of a sum: 4 ulp")),
]
