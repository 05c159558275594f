"""Property checks for the ckyg23 claims (declared in ``claims.py``): invariant sets of a
one-hidden-layer network under SGD with momentum and weight decay.

Model: ``f(x) = W_2 sigma(W_1 x + b_1) + b_2`` (``verify.models.mlp``), inputs in R^3, one output,
``width`` hidden neurons, n = 8 Gaussian samples, loss (1/2) mean over the batch of squared residuals.
SGD: heavy ball with weight decay, ``m+ = beta m + grad_B + wd theta``, ``theta+ = theta - eta m+``,
batches of ``batch`` indices drawn with replacement (``verify.dynamics.sgd.batch_indices``),
m_0 = 0. No claims are declared here.
"""

from __future__ import annotations

import functools

import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np

from verify.core.relation import Relation
from verify.dynamics.sgd import batch_indices
from verify.models.mlp import activation_fn, flatten, init_mlp, mlp_apply

ACTS = ("tanh", "relu", "gelu", "linear", "softplus", "sigmoid")  # one compiled run: lax.switch on the index

EPS64 = 2.0**-52
D_IN, N, STEPS = 3, 8, 60

GIVEN = {"width": st.sampled_from([4]), "seed": st.integers(0, 7), "eta": st.floats(0.01, 0.1),
         "beta": st.floats(0.0, 0.8), "wd": st.floats(0.0, 0.01), "batch": st.sampled_from([1, 2, 4])}
ACT_ZERO = st.sampled_from(["tanh", "relu", "gelu"])  # sigma(0) = 0 (linear left out: SGD on a linear net diverges at the domain's corner)
ACT_NONZERO = st.sampled_from(["softplus", "sigmoid"])  # sigma(0) != 0: the controls
ACT_ANY = st.sampled_from(["tanh", "relu", "gelu", "softplus", "sigmoid"])


@functools.lru_cache(maxsize=None)
def _runner(width):
    template = init_mlp(jax.random.PRNGKey(0), [D_IN, width, 1])
    _, unravel = flatten(template)
    branches = [activation_fn(a) for a in ACTS]

    def loss(theta, X, y, w, act):  # w_i = (times sample i is in the batch) / B: the batch mean, fixed shapes
        out = mlp_apply(unravel(theta), X, lambda z: jax.lax.switch(act, branches, z))[:, 0]
        return 0.5 * jnp.sum(w * (out - y) ** 2)

    g = jax.grad(loss)

    def run(theta0, X, y, weights, eta, beta, wd, act):
        def step(carry, w):
            th, m = carry
            m = beta * m + g(th, X, y, w, act) + wd * th
            return (th - eta * m, m), None

        return jax.lax.scan(step, (theta0, jnp.zeros_like(theta0)), weights)[0]

    return jax.jit(run), unravel


def _neuron(params, p):
    (W1, b1), (W2, _) = params
    return jnp.concatenate([W1[p], b1[p:p + 1], W2[:, p]])


def _setup(width, seed, kind, bias=0.0):
    """theta_0 on the set: 'sign' zeroes neuron 0 (incoming, bias, outgoing; bias set to ``bias`` for
    the dropped-assumption control); 'perm' copies neuron 0 into neuron 1 ('perm-in': incoming and bias
    only)."""
    key = jax.random.PRNGKey(seed)
    k1, k2, k3 = jax.random.split(key, 3)
    (W1, b1), (W2, b2) = init_mlp(k1, [D_IN, width, 1], bias_scale=0.5)
    if kind == "sign":
        W1, b1, W2 = W1.at[0].set(0.0), b1.at[0].set(bias), W2.at[:, 0].set(0.0)
    else:
        W1, b1 = W1.at[1].set(W1[0]), b1.at[1].set(b1[0])
        if kind == "perm":
            W2 = W2.at[:, 1].set(W2[:, 0])
    X = jax.random.normal(k2, (N, D_IN)) / jnp.sqrt(D_IN)  # |x| ~ 1: SGD stable on the whole domain
    y = jax.random.normal(k3, (N,))
    return flatten([(W1, b1), (W2, b2)])[0], X, y


def invariance(width, seed, eta, beta, wd, batch, activation="tanh", kind="sign", bias=0.0):
    """Distance of the SGD iterate (momentum, weight decay, STEPS steps) from the set it started on.

    ``kind="sign"``: max |neuron 0's parameters| (exactly 0 when sigma(0) = 0 and b = 0: every
    gradient and momentum entry of the neuron is a product with an exact 0); ``kind="perm"``:
    max |neuron 0 - neuron 1| (the two are computed by the same operations on the same numbers);
    ``kind="perm-in"`` (control): only the incoming weights were tied."""
    run, unravel = _runner(width)
    theta0, X, y = _setup(width, seed, kind, bias)
    idxs = np.asarray(batch_indices(N, batch, STEPS, seed=seed))
    weights = np.stack([np.bincount(i, minlength=N) / batch for i in idxs])
    th, m = run(theta0, X, y, jnp.asarray(weights), eta, beta, wd, ACTS.index(activation))
    P, Pm = unravel(th), unravel(m)
    if kind == "sign":
        dev = max(float(jnp.max(jnp.abs(_neuron(P, 0)))), float(jnp.max(jnp.abs(_neuron(Pm, 0)))))
        return Relation(dev, "==", 0.0, atol=0.0, label="max |neuron 0 parameters and momentum| after SGD",
                        why="exact: each coordinate's gradient has an exact zero factor (sigma(0) = 0 or the "
                            "outgoing weight 0), so no rounding can make it nonzero")
    dev = max(float(jnp.max(jnp.abs(_neuron(P, 0) - _neuron(P, 1)))),
              float(jnp.max(jnp.abs(_neuron(Pm, 0) - _neuron(Pm, 1)))))
    scale = float(jnp.max(jnp.abs(th))) + 1.0
    return Relation(dev, "==", 0.0, atol=4 * STEPS * EPS64 * scale, label="max |neuron 0 - neuron 1| after SGD",
                    why="the two neurons' updates are the same float operations on equal inputs; a different "
                        "summation order inside a matrix product could differ by ~1 ulp per step: "
                        "4 ulp x STEPS x max|theta|")


# --- the gradient test (verify.measure.invariance) on the same network -------------------------------
@functools.lru_cache(maxsize=None)
def _loss_i(width, activation):
    """One sample's loss (1/2)(f(x) - y)^2 on the flat parameters of ``_runner``'s network (one closure per
    (width, activation): the compiled per-sample gradients are reused across seeds)."""
    _, unravel = flatten(init_mlp(jax.random.PRNGKey(0), [D_IN, width, 1]))
    sig = activation_fn(activation)
    return lambda theta, x, y: 0.5 * (mlp_apply(unravel(theta), x[None, :], sig)[0, 0] - y) ** 2


def set_symmetry(width, kind, bias_free=False):
    """The linear map S whose fixed set is the claim's set, on the flat parameters (W_1 row-major, b_1, W_2, b_2).
    ``"sign"``: reflection of neuron 0's incoming weights, bias and outgoing weight (``bias_free``: the bias
    is not reflected, so it is free on Fix(S)); ``"perm"``: swap of neurons 0 and 1 (incoming, bias,
    outgoing); ``"perm-in"`` (control): the swap of the incoming weights and biases only."""
    p = D_IN * width + 2 * width + 1
    w = lambda j: list(range(D_IN * j, D_IN * (j + 1)))  # noqa: E731
    b = lambda j: D_IN * width + j  # noqa: E731
    a = lambda j: D_IN * width + width + j  # noqa: E731
    if kind == "sign":
        d = np.ones(p)
        d[w(0) + [a(0)] + ([] if bias_free else [b(0)])] = -1.0
        return np.diag(d)
    perm = np.arange(p)
    pairs = list(zip(w(0) + [b(0)], w(1) + [b(1)])) + ([(a(0), a(1))] if kind == "perm" else [])
    for i, j in pairs:
        perm[i], perm[j] = j, i
    return np.eye(p)[perm]


def gradient_test(width, seed, activation="tanh", kind="sign", bias_free=False):
    """Largest normal component of a per-sample gradient at 16 seeded points of the set, relative to the
    largest gradient (``verify.measure.invariance.check_invariance``, the set given as Fix(S)). Zero (to
    rounding) iff the set is invariant for SGD with every batch, step size, momentum and weight decay."""
    from verify.measure.invariance import check_invariance

    _, X, y = _setup(width, seed, "sign")
    r = check_invariance(_loss_i(width, activation), X, y, symmetry=set_symmetry(width, kind, bias_free),
                         points=16, seed=seed)
    return Relation(r.rel, "<=", r.rtol, label=f"max |(I - P) grad l_i| / max |grad l_i| on Fix(S) ({kind})",
                    why="float64 per-sample gradients at points of V: a few ulp per coordinate, plus ~p eps for "
                        "(I - P) g; rtol = 64 p eps covers both (verify.measure.invariance)")


# --- discrete SGD with two-sample noise: theta+ = (1 - eta h + sqrt(eta) s eps) theta, eps = +-1 ----------
DISC_ETA, DISC_H = 0.1, -0.5  # a local maximum (h < 0)
DISC_NOISE = (0.05, 0.5, 1.0, 1.5, 2.5, 3.0)  # eta s^2
DISC_STEPS, DISC_PATHS = 2000, 200
WHY_DISC = ("log|theta_K| is a sum of K iid terms with mean lambda and sd |log|A+B| - log|A-B||/2 (A = 1 - eta h, "
            "B = sqrt(eta) s); at every grid point |lambda| K >= 5.5 sd sqrt(K) and K|lambda| >> log 1e6, so a path on "
            "the wrong side has probability < 1e-7; 0.05 leaves room for 10 of 200 paths")


def discrete_collapse(rule="discrete"):
    """Fraction of paths with |theta_K| < 1e-6 |theta_0| vs the predicted sign of the exponent:
    ``rule="discrete"``: lambda = (1/2) log|(1 - eta h)^2 - eta s^2|; ``"sgf"`` (variant): -(h + s^2/2) eta."""
    from verify.core.evidence import Finding

    rng = np.random.default_rng(4)
    crit, rows = [], []
    for ns2 in DISC_NOISE:
        b = np.sqrt(ns2)  # sqrt(eta) s
        eps = rng.choice([-1.0, 1.0], size=(DISC_PATHS, DISC_STEPS))
        log_final = np.log(np.abs(1 - DISC_ETA * DISC_H + b * eps)).sum(axis=1)  # exact recursion, in logs
        frac = float(np.mean(log_final < np.log(1e-6)))
        lam = (0.5 * np.log(abs((1 - DISC_ETA * DISC_H) ** 2 - ns2)) if rule == "discrete"
               else -(DISC_H + ns2 / DISC_ETA / 2) * DISC_ETA)
        if lam < 0:
            crit.append(Relation(frac, ">=", 0.95, label=f"eta s^2 = {ns2}: predicted collapse (lambda = {lam:.3f})",
                                 why=WHY_DISC))
        else:
            crit.append(Relation(frac, "<=", 0.05, label=f"eta s^2 = {ns2}: predicted no collapse (lambda = {lam:.3f})",
                                 why=WHY_DISC))
        rows.append({"eta_s2": ns2, "lambda": float(lam), "collapsed": frac})
    return Finding(criteria=crit, details={"eta": DISC_ETA, "h": DISC_H, "steps": DISC_STEPS, "paths": DISC_PATHS,
                                           "rows": rows})
