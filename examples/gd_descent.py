"""Tutorial conjecture 2 (true, supported numerically): GD below 2/S never increases the loss.

Least squares ``L(w) = 1/(2n) |X w - y|^2`` (the ``half_mean`` convention), Hessian
``H = X^T X / n``, sharpness ``S = lambda_max(H)``. Conjecture: for every data set (``n <= d``
or ``n > d``, any rank and conditioning), every starting point ``w`` and every step
``eta = 2 c / S`` with ``0 < c <= 1``, one GD step does not increase the loss.

(It is true: ``L(w - eta g) - L(w) = -eta |g|^2 + eta^2/2 g^T H g <= -eta |g|^2 (1 - eta S / 2)``.
``verify`` does not know that; it searches for a counterexample and finds none.)

The search: Hypothesis over the public strategies ``verify.strategies.datasets`` and
``initialisations``, then (``search="hypothesis+optimize"``) a seeded Nelder-Mead search of
the continuous parameters (here the step fraction ``c``) from the worst examples. The edge
``c = 1`` with isotropic data (``cond = 1``) makes the two sides equal up to rounding, so the
tolerance is an honest float error estimate, not zero.
"""

import hypothesis.strategies as st
import numpy as np

from verify import Relation, claim
from verify.strategies import datasets, step_fractions, step_size

EPS = 2.0**-52


def loss(X, y, w):
    r = X @ w - y
    return 0.5 * float(r @ r) / X.shape[0]


def float_error(X, y, w, n, d):
    """Error bound of the float64 loss: (2d + n + 4) eps * mean((|X| |w| + |y|)^2), x4 margin.

    Each residual has absolute error <= (d + 1) eps (|x_i| . |w| + |y_i|); squaring and the
    n-term sum add (d + 1) eps and n eps relative to the sum of the squared magnitudes.
    """
    m = np.abs(X) @ np.abs(w) + np.abs(y)
    return 4 * (2 * d + n + 4) * EPS * 0.5 * float(m @ m) / n


c = claim(
    "tutorial.gd-descent",
    title="GD with eta <= 2/S does not increase the least-squares loss",
    statement="For L(w) = 1/(2n)|Xw - y|^2, S = lambda_max(X^T X / n) and 0 < eta <= 2/S: L(w - eta grad L(w)) <= L(w).",
    latex=r"L(w - \eta \nabla L(w)) \le L(w) \quad (0 < \eta \le 2/S)",
    provenance="conjecture",
    conventions={"loss": "half_mean: 1/(2n) sum (x_i^T w - y_i)^2", "step": "eta = 2 c / S"},
    domain="n, d in {1,2,3,4,6} (n <= d and n > d), full rank, cond(X) in [1, 100], |w| in [0, 3], c in [1e-3, 1]",
)


@c.property(given={"data": datasets(cond=(1.0, 100.0)), "frac": step_fractions(1e-3, 1.0),
                   "init_scale": st.floats(0.0, 3.0), "init_seed": st.integers(0, 1000)},
            examples=100, search="hypothesis+optimize")
def descent(data, frac, init_scale, init_seed):
    """One GD step from w = init_scale * (a seeded unit vector) on the drawn data set."""
    X, y, n, d = data.X, data.y, data.n, data.d
    u = np.random.default_rng(init_seed).standard_normal(d)
    w = init_scale * u / np.linalg.norm(u)
    eta = step_size(frac, data.sharpness())
    g = X.T @ (X @ w - y) / n
    w1 = w - eta * g
    tol = max(float_error(X, y, w, n, d), float_error(X, y, w1, n, d))
    return Relation(loss(X, y, w1), "<=", loss(X, y, w), atol=tol,
                    why="float64 loss evaluation: (2d + n + 4) eps * mean((|X||w| + |y|)^2), x4")
