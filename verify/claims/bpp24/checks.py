"""Check functions for the bpp24 claims (declared in ``claims.py``).

Each check is a pure function of an example and of the constant / convention it tests, so a
claim and its negative-control variant share the code. No claims are declared here.

Models: the diagonal network :mod:`verify.models.diagonal` (``theta = [u; v]``, first layer v)
and bias-free linear MLPs (:mod:`verify.models.mlp`, identity activations); data from
:func:`verify.models.support_data.pm_design` (support = first r coordinates, +- design).
Loss ``1/(2|B|) sum_{i in B} r_i^2`` throughout.
"""

from __future__ import annotations

import functools
import itertools
import math

import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np

from verify.claims.sdbd21.checks import EPS as SMITH_EPS
from verify.core.relation import Relation
from verify.dynamics.weighted import sample_indices
from verify.measure import epoch_average as EA
from verify.measure import support as S
from verify.measure.modified_loss import igr, smith
from verify.models import diagonal as M
from verify.models import support_data as SD
from verify.models.mlp import mlp_apply

EPS64 = 2.0**-52
SEED = st.integers(0, 7)

# =====================================================================================
# Diagonal network: the one-step identity (autodiff step vs the claimed factors)
# =====================================================================================
IDENTITY_GIVEN = {"d": st.sampled_from([3, 6]), "b": st.sampled_from([1, 4]), "eta": st.floats(0.001, 0.5),
                  "scale": st.floats(0.1, 3.0), "seed": SEED}


@jax.jit
def _autodiff_step(theta, Xb, yb, eta):
    return theta - eta * jax.grad(M.loss)(theta, Xb, yb)


def diag_identity(d, b, eta, scale, seed, sign=-1, power=1):
    """One SGD step by ``jax.grad`` of the batch loss (not the hand formula): u'^2 - v'^2 against
    (u^2 - v^2)(1 + sign eta^2 g^2)^power, g = (1/b) sum_B r_i x_i (computed from the residuals)."""
    rng = np.random.default_rng(seed)
    Xb, yb = rng.standard_normal((b, d)), rng.standard_normal(b)
    theta = scale * rng.standard_normal(2 * d)
    new = np.asarray(_autodiff_step(jnp.asarray(theta), jnp.asarray(Xb), jnp.asarray(yb), eta))
    u, v = theta[:d], theta[d:]
    u1, v1 = new[:d], new[d:]
    r = Xb @ (u * v) - yb
    g = r @ Xb / b
    lhs = u1**2 - v1**2
    rhs = (u**2 - v**2) * (1 + sign * eta**2 * g**2) ** power
    mag = (u**2 + v**2) * (1 + eta * np.abs(g)) ** 2
    k = int(np.argmax(np.abs(lhs - rhs) / mag))
    return Relation(float(lhs[k]), "==", float(rhs[k]), atol=32 * EPS64 * float(mag[k]),
                    label="u'^2 - v'^2 = (u^2 - v^2)(1 - eta^2 g^2) (worst coordinate)",
                    why="autodiff step and the squares: <= ~16 roundings of terms <= (u^2 + v^2)(1 + eta|g|)^2, x2")


# =====================================================================================
# kappa: E_B[g_j^2] by exact enumeration of every batch, and by Monte Carlo with weighted.sample_indices
# =====================================================================================
KAPPA_GIVEN = {"m": st.sampled_from([2, 3, 4]), "b": st.sampled_from([1, 2, 3, 4, 5, 6, 7]),
               "sampling": st.sampled_from(["without_replacement", "with_replacement"]), "seed": SEED}
N_MC = 4000


def _all_batches(n, b, sampling):
    if sampling == "with_replacement":
        return np.array(list(itertools.product(range(n), repeat=b)))
    return np.array(list(itertools.combinations(range(n), b)))


def stationary_point(m, d, r, seed, noise=0.5):
    """+- data (n = 2m) and a parameter with beta = u * v = beta* (a stationary point of the full loss:
    u_S = v_S = 1 for w_S = 1; on N one of u_j, v_j is 0)."""
    data = SD.pm_design(m, d, r, noise=noise, seed=seed)
    rng = np.random.default_rng(seed + 100)
    u = np.concatenate([np.ones(r), np.zeros(d - r)])
    v = np.concatenate([np.ones(r), 0.5 + rng.random(d - r)])
    return data, np.concatenate([u, v])


def kappa_rate(m, b, sampling, seed, fpc=None, eta=0.1):
    """At beta = beta* (E_B g = 0): (eta^2/2) E_B[g_j^2] by exact enumeration of all equally likely
    batches (g_B from the model's per-sample residuals, no kappa formula) against
    eta^2/(2b) F Var_i(r_i x_ij), F = (n - b)/(n - 1) without replacement and 1 with (``fpc`` forces F:
    variants); and the Monte Carlo mean over N_MC sampled batches against the enumeration (4 standard
    errors). b is capped at n (without) and 4 (with replacement: n^b ordered tuples)."""
    n, d, r = 2 * m, 3, 1
    b = min(b, n) if sampling == "without_replacement" else min(b, 4)
    data, theta = stationary_point(m, d, r, seed)
    a = np.asarray(M.residuals(theta, data.X, data.y))[:, None] * data.X  # r_i x_ij, mean 0 over i
    Var = (a**2).mean(0)
    G = a[_all_batches(n, b, sampling)].mean(axis=1)  # g_B for every batch
    exact = eta**2 / 2 * (G**2).mean(0)
    use_fpc = (sampling == "without_replacement") if fpc is None else fpc
    F = (n - b) / (n - 1) if use_fpc else 1.0
    pred = eta**2 / (2 * b) * F * Var
    Gmc = a[sample_indices(n, b, N_MC, sampling, seed)].mean(axis=1)
    mc = eta**2 / 2 * (Gmc**2).mean(0)
    se = eta**2 / 2 * (Gmc**2).std(0) / math.sqrt(N_MC)
    # a batch mean of n values |a_i| <= A is exact up to ~n ulp of A: squares below (n ulp A)^2 are rounding
    # (at b = n the batch gradient is the full gradient, 0 up to rounding)
    floor = eta**2 / 2 * (4 * n * EPS64 * float(np.abs(a).max())) ** 2
    j = int(np.argmax(np.abs(exact - pred) / np.maximum(pred, 1e-300)))
    k = int(np.argmax(np.abs(mc - exact) / np.maximum(se, 1e-300)))
    return [Relation(float(exact[j]), "==", float(pred[j]), rtol=64 * len(G) * EPS64 + 1e-13, atol=floor,
                     label=f"exact E_B over all {len(G)} batches = eta^2/(2b) F Var_i(r_i x_ij), F = "
                           f"{'(n-b)/(n-1)' if use_fpc else '1'} (worst coordinate)",
                     why="mean of squares of batch means: ~16 ulp each, accumulated over the batches; "
                         "1e-13 for sum_i r_i x_ij = 0 up to rounding; absolute rounding floor (eta^2/2)(4 n ulp "
                         "max|a_i|)^2"),
            Relation(float(mc[k]), "==", float(exact[k]), atol=4 * float(se[k]) + 1e-15 * float(exact[k]) + floor,
                     label=f"Monte Carlo ({N_MC} sampled batches) = exact enumeration (worst coordinate)",
                     why="4 standard errors of the Monte Carlo mean (sample std / sqrt(N_MC)); rounding floor "
                         "(eta^2/2)(4 n ulp max|a_i|)^2 when b = n")]


# =====================================================================================
# Deep linear nets: rank-one first-layer update, orthogonal component frozen
# =====================================================================================
RANK_GIVEN = {"widths": st.sampled_from([(6, 5, 1), (6, 4, 3, 1)]), "steps": st.sampled_from([1, 2, 3]),
              "eta": st.floats(0.005, 0.1), "seed": SEED}


def _unravel(theta, widths):
    """``[(W_1,), ..., (W_L,)]`` (the :mod:`verify.models.mlp` layout, bias-free) from the flat vector
    (row-major W_1, W_2, ...)."""
    out, k = [], 0
    for din, dout in zip(widths[:-1], widths[1:]):
        out.append((theta[k:k + din * dout].reshape(dout, din),))
        k += din * dout
    return out


def _init_linear(widths, seed):
    """LeCun init W_l ~ N(0, 1/d_{l-1}) (numpy), flattened."""
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.standard_normal(dout * din) / math.sqrt(din) for din, dout in zip(widths[:-1], widths[1:])])


@functools.lru_cache(maxsize=None)
def _mlp_tools(widths):
    def loss(theta, X, y, wd):
        r = mlp_apply(_unravel(theta, widths), X, "identity")[:, 0] - y
        return 0.5 * jnp.mean(r**2) + 0.5 * wd * jnp.sum(theta**2)

    return functools.partial(_unravel, widths=widths), jax.jit(jax.grad(loss))


def rank_one(widths, steps, eta, seed, wd=0.0):
    """GD (autodiff) for ``steps`` < h_1 steps on a bias-free linear MLP: the change of W_1 projected
    on the orthogonal complement of span{c_0, ..., c_{steps-1}} is zero (rounding), while the change
    itself is not. ``wd > 0`` (variant): weight decay lambda = wd shrinks that component too."""
    unravel, grad = _mlp_tools(tuple(widths))
    data = SD.pm_design(16, widths[0], 2, noise=0.5, seed=seed)
    X, y = jnp.asarray(data.X), jnp.asarray(data.y)
    theta = jnp.asarray(_init_linear(widths, seed))
    W0 = np.asarray(unravel(theta)[0][0])
    cs = []
    for _ in range(steps):
        cs.append(np.asarray(S.head(unravel(theta))))
        theta = theta - eta * grad(theta, X, y, wd)
    W1 = np.asarray(unravel(theta)[0][0])
    orth = S.orthogonal_change(W0, W1, np.stack(cs, axis=1))
    full = float(np.linalg.norm(W1 - W0))
    scale = float(np.linalg.norm(W0)) + full
    return [Relation(orth, "<=", 0.0, atol=64 * steps * EPS64 * scale,
                     label="||P_perp(span c_t) (W_1(T) - W_1(0))||_F = 0",
                     why="each step adds rounding ~ulp(|W_1|) per entry outside span{c}; projector by SVD, x64"),
            Relation(full, ">", 1e-8, label="W_1 did move (the statement is not vacuous)")]


# =====================================================================================
# GD on the +- design: irrelevant first-layer weights frozen and bounded away from 0
# =====================================================================================
GD_GIVEN = {"model": st.sampled_from(["diagonal", "depth2", "depth3"]), "seed": SEED}
GD_ETA, GD_STEPS, GD_EXTRA = 0.05, 5000, 5000  # equal segments: one compiled scan per widths
GD_STEPS_DIAG = 12000  # the diagonal net converges slowly on N (u_j -> 0 at rate ~ eta v_j^2 Var(x_j))


def diag_init(d, r, rng):
    """u = 1 + 0.1 N(0, 1) on S, 0.1 N(0, 1) on N (small second layer); v = +-(0.5 + U[0, 1]) (first layer
    bounded away from 0, so GD converges at rate >= eta 0.25 Var(x_j) on every coordinate)."""
    u = 0.1 * rng.standard_normal(d)
    u[:r] += 1.0
    v = rng.choice([-1.0, 1.0], size=d) * (0.5 + rng.random(d))
    v[:r] = np.abs(v[:r])
    return np.concatenate([u, v])


def _gd_diag(data, seed, steps):
    d = data.X.shape[1]
    rng = np.random.default_rng(seed + 7)
    theta0 = diag_init(d, data.r, rng)
    idx = np.tile(np.arange(data.X.shape[0]), (steps, 1))
    th = np.asarray(M.run(theta0, data.X, data.y, idx, GD_ETA))
    gnorm = lambda t: float(np.linalg.norm(jax.grad(M.loss)(jnp.asarray(t), data.X, data.y)))  # noqa: E731
    vN = lambda t: float(S.irrelevant_norm(t[d:], data.r))  # noqa: E731
    return vN(th[0]), vN(th[-1 - GD_EXTRA]), vN(th[-1]), gnorm(th[-1 - GD_EXTRA])


def _gd_mlp(data, seed, steps, widths):
    unravel, grad = _mlp_tools(widths)
    X, y = jnp.asarray(data.X), jnp.asarray(data.y)
    theta = jnp.asarray(_init_linear(widths, seed))
    run = _gd_scan(widths)
    th = run(theta, X, y, steps)
    th2 = run(th, X, y, GD_EXTRA)
    wn = lambda t: float(S.irrelevant_norm(unravel(t)[0][0], data.r))  # noqa: E731
    return wn(theta), wn(th), wn(th2), float(np.linalg.norm(grad(th, X, y, 0.0)))


@functools.lru_cache(maxsize=None)
def _gd_scan(widths):
    _, grad = _mlp_tools(widths)

    @functools.partial(jax.jit, static_argnums=(3,))
    def run(theta, X, y, steps):
        return jax.lax.scan(lambda t, _: (t - GD_ETA * grad(t, X, y, 0.0), None), theta, None, length=steps)[0]

    return run


def gd_frozen(model, seed, claim="frozen"):
    """GD (eta = 0.05) on +- data (n = 64, d = 6, r = 2) until ||grad L|| <= 1e-9; the irrelevant
    first-layer norm ||W_1[:, N]||_F then moves by <= 1e-9 in 5000 more steps and stays >= 0.1 x its
    initial value. ``claim="to-zero"`` (variant): GD drives it below 0.1 x its initial value."""
    data = SD.pm_design(32, 6, 2, noise=0.5, seed=seed)
    if model == "diagonal":
        w0, wc, wT, gn = _gd_diag(data, seed, GD_STEPS_DIAG + GD_EXTRA)
    else:
        w0, wc, wT, gn = _gd_mlp(data, seed, GD_STEPS, (6, 5, 1) if model == "depth2" else (6, 5, 4, 1))
    conv = Relation(gn, "<=", 1e-9, label="GD converged: ||grad L|| <= 1e-9 (after 5000 steps; diagonal 12000)")
    if claim == "to-zero":
        return [conv, Relation(wT, "<=", 0.1 * w0, label="||W_1[:, N]|| <= 0.1 initial (GD learns the support)")]
    return [conv,
            Relation(abs(wT - wc), "<=", 1e-9, label="||W_1[:, N]|| moves <= 1e-9 in 5000 steps after convergence",
                     why="at the fixed point the step is eta c rho_N^T with ||rho|| <= ||grad|| <= 1e-9, decaying "
                         "geometrically: the total move is <= eta 1e-9 / (1 - rate), far below 1e-9 x 5000 eta"),
            Relation(wT, ">=", 0.1 * w0, label="||W_1[:, N]|| >= 0.1 x initial (bounded away from 0)")]


# =====================================================================================
# Smith's modified loss against the exact one-epoch drift of reshuffled SGD (diagonal and 2-layer linear nets)
# =====================================================================================
DRIFT_M, DRIFT_D, DRIFT_R = 2, 3, 1  # +- design with 2 base points: n = 4 samples, b = 1, 4! = 24 orders per epoch
DRIFT_POINTS = ("init", "optimum")
DRIFT_MODELS = ("diagonal", "linear2")
LINEAR2 = (DRIFT_D, 2, 1)  # widths of the 2-layer linear net f(x) = a^T W x, h = 2 (bias-free, identity)


def _linear2_loss_i(theta, x, y):
    """Per-sample loss r^2 / 2 of the 2-layer linear net, by :func:`verify.models.mlp.mlp_apply` (jax)."""
    return 0.5 * (mlp_apply(_unravel(theta, LINEAR2), x, "identity")[0] - y) ** 2


def _linear2_loss(theta, X, y):
    return 0.5 * jnp.mean((mlp_apply(_unravel(theta, LINEAR2), X, "identity")[:, 0] - y) ** 2)


def _linear2_step(theta, X, y, idx, eta):
    """One (S)GD step on the rows ``idx`` with the hand gradient (numpy): r_i = a^T W x_i - y_i,
    grad_W = (1/b) sum r_i a x_i^T, grad_a = (1/b) sum r_i W x_i."""
    W, a = (np.asarray(p[0]) for p in _unravel(np.asarray(theta), LINEAR2))
    a = a[0]
    Xb, yb = X[idx], y[idx]
    H = Xb @ W.T  # (b, h): W x_i
    r = H @ a - yb
    gW, ga = np.outer(a, r @ Xb) / len(idx), r @ H / len(idx)
    return np.concatenate([(W - eta * gW).ravel(), a - eta * ga])


_DIAG_STEP = jax.jit(M.step)  # the diagonal net's closed-form step (not autodiff)


def _diag_step(theta, X, y, idx, eta):
    return np.asarray(_DIAG_STEP(jnp.asarray(theta), X, y, jnp.asarray(idx), eta))


# model -> (closed-form step (numpy in, numpy out), per-sample loss (jax), mean loss (jax), first layer on N)
_MODELS = {
    "diagonal": (_diag_step, M.loss_i, M.loss, lambda th: th[DRIFT_D + DRIFT_R:]),
    "linear2": (_linear2_step, _linear2_loss_i, _linear2_loss,
                lambda th: th[:LINEAR2[1] * DRIFT_D].reshape(LINEAR2[1], DRIFT_D)[:, DRIFT_R:].ravel()),
}


def drift_point(point, model="diagonal"):
    """+- data (n = 4, d = 3, r = 1, seed 0) and the epoch's start: ``"optimum"`` = a stationary point with end-to-end
    coefficients beta* (GD stands still there, SGD does not): diagonal net :func:`stationary_point`; 2-layer net
    a = (1, 0), W = (beta*; N(0, 1/d) row, seed 1). ``"init"`` = a generic point: :func:`diag_init` (seed 1, the
    init of the bpp24 experiments) / :func:`_init_linear` (LeCun, seed 1)."""
    data, theta_star = stationary_point(DRIFT_M, DRIFT_D, DRIFT_R, 0)
    if point not in DRIFT_POINTS or model not in DRIFT_MODELS:
        raise ValueError(f"point in {DRIFT_POINTS}, model in {DRIFT_MODELS}; got {point!r}, {model!r}")
    if model == "diagonal":
        return data, (theta_star if point == "optimum" else diag_init(DRIFT_D, DRIFT_R, np.random.default_rng(1)))
    if point == "init":
        return data, _init_linear(LINEAR2, 1)
    row = np.random.default_rng(1).standard_normal(DRIFT_D) / math.sqrt(DRIFT_D)
    return data, np.concatenate([data.beta_star, row, [1.0, 0.0]])


def _sample_loss(model):
    loss_i = _MODELS[model][1]
    return lambda theta, k, X, y: loss_i(theta, X[k], y[k])  # batch k of the epoch = sample k (b = 1)


@functools.lru_cache(maxsize=None)
def _modified_drift(model, n, coef):
    """theta, eps, X, y -> -n eps grad(C~_SGD - C~_GD)(theta): C~_SGD = C + (coef eps / n) sum_k |grad C_k|^2
    (:func:`verify.measure.modified_loss.smith`, n batches of one sample), C~_GD = C + (eps/4) |grad C|^2
    (:func:`verify.measure.modified_loss.igr`), by jax autodiff; eps traced (one compile per model and coef)."""
    sgd, gd = smith(_sample_loss(model), n, coef=coef), igr(_MODELS[model][2])
    g = jax.grad(lambda th, eps, X, y: sgd(th, eps, X, y) - gd(th, eps, X, y))
    return jax.jit(lambda th, eps, X, y: -n * eps * g(th, eps, X, y))


def smith_drift_errors(point="init", coef=0.25, model="diagonal", eps_grid=SMITH_EPS):
    """One epoch (n = 4 steps, b = 1) from ``drift_point(point, model)`` at each step size eps of ``eps_grid``
    (default: sdbd21's grid 0.02 / 2^k, k = 0..4):

    * measured drift = E_reshuffle[theta_n] - theta_n^GD, the mean over all n! orders exactly
      (:func:`verify.measure.epoch_average.moments`) minus n GD steps of size eta
      (:func:`verify.measure.epoch_average.gd_path`), both by the model's closed-form step (diagonal:
      :func:`verify.models.diagonal.step`; 2-layer: :func:`_linear2_step`, numpy), no autodiff;
    * predicted drift = -n eps grad(C~_SGD - C~_GD)(theta_0) (:func:`_modified_drift`, jax autodiff of the
      modified losses; with coef = 1/4 it is -(eps^2/4) grad sum_k |grad C_k - grad C|^2).

    Returns (|measured - predicted| per eps, details). The claim: the residual is O(eps^3) (slope 3);
    ``coef = 1/2`` (variant) leaves (eps^2/4) grad sum_k |grad C_k|^2 = O(eps^2) (slope 2)."""
    eps_grid = np.asarray(eps_grid, dtype=np.float64)
    data, theta0 = drift_point(point, model)
    step, first_n = _MODELS[model][0], _MODELS[model][3]
    X, y = jnp.asarray(data.X), jnp.asarray(data.y)
    Xn, yn = np.asarray(data.X), np.asarray(data.y)
    n = data.X.shape[0]
    pred_fn = _modified_drift(model, n, coef)
    full = np.arange(n)
    err, measured, predicted = [], [], []
    for eps in eps_grid:
        eps = float(eps)
        mean = EA.moments(lambda th, a, eps=eps: step(th, Xn, yn, [a], eps), theta0, n, n, "reshuffle").mean
        drift = mean - EA.gd_path(lambda th, eps=eps: step(th, Xn, yn, full, eps), theta0, n)[-1]
        pred = np.asarray(pred_fn(jnp.asarray(theta0), eps, X, y))
        err.append(float(np.linalg.norm(drift - pred)))
        measured.append(drift)
        predicted.append(pred)
    wN = first_n(np.asarray(theta0))
    return np.array(err), {
        "model": model, "point": point, "theta0": np.asarray(theta0).tolist(), "n": n, "orders": math.factorial(n),
        "coef": coef, "eps": eps_grid.tolist(), "residual": err,
        "measured_drift_norm": [float(np.linalg.norm(m)) for m in measured],
        "predicted_drift_norm": [float(np.linalg.norm(p)) for p in predicted],
        # <drift of the first layer on N, first layer on N> / |first layer on N|: negative = the irrelevant
        # first-layer weights shrink in mean over the epoch (relative to GD)
        "first_layer_N_drift_along_itself": [float(first_n(m) @ wN / np.linalg.norm(wN)) for m in measured]}
