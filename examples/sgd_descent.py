"""Tutorial conjecture 3 (false, refuted): an SGD step below 2/S never increases the full loss.

Same least-squares problem as ``gd_descent.py``, but the step uses the gradient of a
minibatch of ``B < n`` samples (drawn without replacement)::

    w+ = w - eta g_B,   g_B = (1/B) sum_{i in batch} x_i (x_i^T w - y_i),   eta = 2 c / S.

Conjecture: ``L(w+) <= L(w)`` for the *full* loss. It is false: a minibatch gradient need
not be a descent direction of the full loss (``g_B^T grad L`` can be negative), and then a
small step increases it. ``verify`` finds a counterexample, shrinks it (to two samples in
one dimension), and confirms it by re-evaluating the same relation with mpmath at 50 digits.
"""

import hypothesis.strategies as st
import mpmath
import numpy as np

from verify import Relation, claim
from verify.strategies import datasets, step_fractions, step_size

EPS = 2.0**-52


def setup(data, frac, init_scale, init_seed, batch, batch_seed):
    n, d = data.n, data.d
    u = np.random.default_rng(init_seed).standard_normal(d)
    w = init_scale * u / np.linalg.norm(u)
    idx = np.sort(np.random.default_rng(batch_seed).choice(n, size=min(batch, n - 1), replace=False))
    eta = step_size(frac, data.sharpness())
    return w, idx, eta


def sgd_step(data, frac, init_scale, init_seed, batch, batch_seed):
    X, y = data.X, data.y
    w, idx, eta = setup(data, frac, init_scale, init_seed, batch, batch_seed)
    Xb, yb = X[idx], y[idx]
    gB = Xb.T @ (Xb @ w - yb) / len(idx)
    w1 = w - eta * gB
    L = lambda v: 0.5 * float((X @ v - y) @ (X @ v - y)) / data.n  # noqa: E731
    m = np.abs(X) @ (np.abs(w) + np.abs(w1)) + np.abs(y)
    tol = 4 * (2 * data.d + data.n + 4) * EPS * 0.5 * float(m @ m) / data.n
    return Relation(L(w1), "<=", L(w), atol=tol,
                    why="float64 loss evaluation: (2d + n + 4) eps * mean((|X||w| + |y|)^2), x4")


def sgd_step_mp(data, frac, init_scale, init_seed, batch, batch_seed):
    """The same relation in mpmath (the float64 data and start point, exact-ish arithmetic)."""
    w, idx, eta = setup(data, frac, init_scale, init_seed, batch, batch_seed)
    X = mpmath.matrix(data.X.tolist())
    y = mpmath.matrix(data.y.tolist())
    w = mpmath.matrix(w.tolist())
    Xb = mpmath.matrix([data.X[i].tolist() for i in idx])
    yb = mpmath.matrix([float(data.y[i]) for i in idx])
    gB = Xb.T * (Xb * w - yb) / len(idx)
    w1 = w - mpmath.mpf(eta) * gB

    def L(v):
        r = X * v - y
        return sum(ri**2 for ri in r) / (2 * data.n)

    return Relation(L(w1), "<=", L(w))


c = claim(
    "tutorial.sgd-descent",
    title="an SGD step with eta <= 2/S does not increase the full-batch loss (false)",
    statement="For L(w) = 1/(2n)|Xw - y|^2, S = lambda_max(X^T X / n), 0 < eta <= 2/S and a minibatch of B < n "
              "samples: L(w - eta g_B(w)) <= L(w).",
    latex=r"L(w - \eta g_B(w)) \le L(w)",
    provenance="conjecture",
    conventions={"loss": "half_mean: 1/(2n) sum (x_i^T w - y_i)^2", "step": "eta = 2 c / S",
                 "batch": "B < n samples drawn without replacement (seeded)"},
    domain="n in {2,3,4,6}, d in {1,2,3,4}, cond(X) in [1, 10], |w| in [0, 3], c in [1e-3, 1], B in [1, n-1]",
    expected="holds",  # the researcher's belief; verify reports it refuted (exit code 1)
)


@c.property(given={"data": datasets(n=(2, 3, 4, 6), d=(1, 2, 3, 4), cond=(1.0, 10.0)),
                   "frac": step_fractions(1e-3, 1.0), "init_scale": st.floats(0.0, 3.0),
                   "init_seed": st.integers(0, 1000), "batch": st.integers(1, 5),
                   "batch_seed": st.integers(0, 1000)},
            examples=100, precise=sgd_step_mp)
def sgd_descent(data, frac, init_scale, init_seed, batch, batch_seed):
    """One SGD step; the batch size is min(batch, n - 1) so that it is a proper minibatch."""
    return sgd_step(data, frac, init_scale, init_seed, batch, batch_seed)
