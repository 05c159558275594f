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

from verify.core.evidence import Finding
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


# --- discrete label-noise SGD on the single tanh neuron (Fig. 2's model, no SDE) -----------------------
# y_hat = w_2 tanh(w_1 x); SGD with batch 1 (index uniform), Gaussian label noise of std s:
#   w+ = w - eta grad (1/2)(y_hat_i - y_i - xi)^2,  xi ~ N(0, s^2)   (verify.dynamics.label_noise.step_gradient)
# Linearised at 0: u = w_1 + w_2, v = w_1 - w_2 obey u+ = (1 + eta a) u, v+ = (1 - eta a) v with the scalar
# a = (y_i + xi) x_i (one effective noise): exact discrete exponents lambda_u,v = (1/m) sum_i E log|1 +- eta a|.
# First order in eta (SGF, the paper's threshold): per step eta (mu - eta Var(a)/2), mu = (1/m) sum x y,
# Var(a) = (1/m) sum (y^2 + s^2) x^2 - mu^2 (label noise AND the batch's sampling noise), ratio
# r = eta Var(a) / (2 mu): collapse iff r > 1.
SGD_ETA = 0.05
SGD_POINTS = [(SGD_ETA, r) for r in (0.5, 0.75, 1.33, 2.0, 3.0)] + [(0.2, 1.33)]  # (eta, SGF ratio r)
SGD_STEPS, SGD_W0, SGD_EPS = 2500, 1e-8, 1e-9


def sn_moments():
    """(mu, E x^2, E x^2 y^2) of the Fig. 2 data (``figures.SN_X``, ``SN_Y``)."""
    from verify.claims.ckyg23.figures import SN_X, SN_Y

    return float(np.mean(SN_X * SN_Y)), float(np.mean(SN_X**2)), float(np.mean(SN_X**2 * SN_Y**2))


def label_std_for_ratio(eta, r):
    """The label-noise std s with eta Var(a) / (2 mu) = r."""
    mu, ex2, ex2y2 = sn_moments()
    return float(np.sqrt((2 * mu * r / eta + mu**2 - ex2y2) / ex2))


_GL_X, _GL_W = np.polynomial.legendre.leggauss(80)


def _int_dawson(a):
    """int_0^a F(t) dt (F = Dawson's function, scipy.special.dawsn), a >= 0 (array): Gauss-Legendre on [0, min(a, 6)]
    and, in the variable v = log t, on [log 6, log a] (there t F(t) ~ 1/2 is smooth)."""
    from scipy.special import dawsn

    a = np.asarray(a, dtype=float)
    b = np.minimum(a, 6.0)
    t = (b[..., None] / 2) * (_GL_X + 1)
    out = (b / 2) * (dawsn(t) @ _GL_W)
    la = np.log(np.maximum(a, 6.0))
    v = np.log(6.0) + ((la - np.log(6.0))[..., None] / 2) * (_GL_X + 1)
    tail = ((la - np.log(6.0)) / 2) * ((np.exp(v) * dawsn(np.exp(v))) @ _GL_W)
    return out + tail


def elog_gauss(m, sd):
    """E log|m + sd g|, g ~ N(0, 1) (arrays), in closed form up to one smooth integral:
    log sd - (gamma + log 2)/2 + 2 int_0^{|m|/(sd sqrt 2)} F, since d/dm E log|m + sd g| = PV E 1/(m + sd g)
    = (sqrt 2 / sd) F(m / (sd sqrt 2)) (F: Dawson's function) and E log|g| = -(gamma + log 2)/2."""
    m, sd = np.asarray(m, dtype=float), np.asarray(sd, dtype=float)
    return np.log(sd) - (np.euler_gamma + np.log(2)) / 2 + 2 * _int_dawson(np.abs(m) / (sd * np.sqrt(2)))


def discrete_exponents(eta, s):
    """(lambda_u, lambda_v) per step of the linearised SGD at 0 (exact: a finite mixture of Gaussians)."""
    from verify.claims.ckyg23.figures import SN_X, SN_Y

    sd = eta * s * np.abs(SN_X)
    lu = np.mean(elog_gauss(1 + eta * SN_X * SN_Y, sd))
    lv = np.mean(elog_gauss(1 - eta * SN_X * SN_Y, sd))
    return float(lu), float(lv)


def _sn_predict(theta, x):
    return theta[1] * jnp.tanh(theta[0] * x)


@functools.lru_cache(maxsize=None)
def _sn_sgd_runner():
    from verify.dynamics.label_noise import step_gradient

    grad1 = jax.vmap(lambda th, X, y, i, xi: step_gradient(_sn_predict, th, X, y, i, xi),
                     in_axes=(0, None, None, 0, 0))

    def run(theta0, X, y, eta, s, key, steps):
        n, P = X.shape[0], theta0.shape[0]

        def step(th, k):
            kk = jax.random.fold_in(key, k)
            k1, k2 = jax.random.split(kk)
            idx = jax.random.randint(k1, (P, 1), 0, n)
            xi = s[:, None] * jax.random.normal(k2, (P, 1), dtype=jnp.float64)
            return th - eta[:, None] * grad1(th, X, y, idx, xi), None

        return jax.lax.scan(step, theta0, jnp.arange(steps))[0]

    return jax.jit(run, static_argnums=(6,))


@functools.lru_cache(maxsize=4)
def sn_sgd_paths(points, paths, steps=SGD_STEPS, seed=11):
    """Label-noise SGD on the single neuron for every ``(eta, s)`` in ``points`` (``paths`` paths each, from
    w_0 = 1e-8 N(0, I)): ``(|w_K|, log|u_K / u_0| / K)``, each of shape (len(points), paths)."""
    from verify.claims.ckyg23.figures import SN_X, SN_Y

    rng = np.random.default_rng(seed)
    P = len(points) * paths
    th0 = SGD_W0 * rng.standard_normal((P, 2))
    eta = np.repeat([e for e, _ in points], paths)
    s = np.repeat([sd for _, sd in points], paths)
    th = _sn_sgd_runner()(jnp.asarray(th0), jnp.asarray(SN_X), jnp.asarray(SN_Y), jnp.asarray(eta), jnp.asarray(s),
                          jax.random.PRNGKey(seed + 1), steps)
    th, th0 = np.asarray(th).reshape(len(points), paths, 2), th0.reshape(len(points), paths, 2)
    u, u0 = th.sum(axis=2), th0.sum(axis=2)
    return np.linalg.norm(th, axis=2), np.log(np.abs(u / u0)) / steps


def _sn_sgd(paths):
    return sn_sgd_paths(tuple((e, label_std_for_ratio(e, r)) for e, r in SGD_POINTS), paths)


WHY_SGD_FRAC = ("log|u_K| is a sum of K iid log-multipliers (linear regime): at every grid point the mean |lambda| K "
                "exceeds the log distance to the 1e-9 threshold by >= 1.7 sd, so >= 95% (or <= 5%) of paths are on the "
                "predicted side; 0.8 / 0.2 leave 3 binomial se at 64 paths and a few paths made nonlinear by an "
                "upward excursion")
WHY_SGD_RATE = ("4 standard errors of the path mean of log|u_K/u_0|/K (iid paths) + 5e-4 for paths that an upward "
                "excursion takes out of the linear regime: reaching |w| ~ 1 from 1e-8 is a log excursion of 18, probability "
                "<= exp(-36 |lambda| / sd^2) ~ 2% at the slowest point (r = 1.33), each such path off by <= |lambda|: "
                "<= 3e-4")


def single_neuron_sgd(profile, rule="discrete", rate_factor=1.0):
    """Collapse fraction P(|w_K| < 1e-9) of label-noise SGD from |w_0| ~ 1e-8, and the measured per-step rate
    mean log|u_K/u_0|/K on collapsing points, against ``rule``: ``"discrete"`` (the claim): the exact discrete
    exponents lambda_u, lambda_v (collapse iff max < 0, rate lambda_u); ``"sgf"`` (variant): the paper's SGF
    threshold r > 1 and the first-order rate eta mu (1 - r). ``rate_factor`` (resolution control) scales the
    predicted rate."""
    paths = 64 if profile.name == "quick" else 256
    W, rate = _sn_sgd(paths)
    mu, _, _ = sn_moments()
    crit, rows = [], []
    for (eta, r), w, rt in zip(SGD_POINTS, W, rate):
        s = label_std_for_ratio(eta, r)
        lu, lv = discrete_exponents(eta, s)
        frac = float(np.mean(w < SGD_EPS))
        sgf_rate = eta * mu * (1 - r)
        collapse = max(lu, lv) < 0 if rule == "discrete" else r > 1
        pred_rate = rate_factor * (lu if rule == "discrete" else sgf_rate)
        tag = f"eta = {eta}, r = {r} (s = {s:.2f})"
        crit.append(Relation(frac, ">=", 0.8, label=f"{tag}: predicted collapse", why=WHY_SGD_FRAC) if collapse else
                    Relation(frac, "<=", 0.2, label=f"{tag}: predicted no collapse", why=WHY_SGD_FRAC))
        se = float(rt.std(ddof=1) / np.sqrt(paths))
        if lu < 0 and frac >= 0.8:  # linear regime throughout for most paths: the rate is measurable
            crit.append(Relation(float(np.mean(rt)), "==", pred_rate, atol=4 * se + 5e-4,
                                 label=f"{tag}: per-step rate of log|u| vs {rule} prediction", why=WHY_SGD_RATE))
        rows.append({"eta": eta, "r": r, "s": s, "lambda_u": lu, "lambda_v": lv, "sgf_rate": sgf_rate,
                     "collapsed": frac, "rate": float(np.mean(rt)), "rate_se": se})
    return Finding(criteria=crit, details={"steps": SGD_STEPS, "paths": paths, "w0": SGD_W0, "rows": rows})
