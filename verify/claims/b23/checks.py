"""Check functions for b23 (Beneventano, "On the Trajectories of SGD Without Replacement", arXiv:2312.16143).

``second_order``: the eta-exact second-order formula of the digest (4.4) for per-batch quadratics
L_a = theta^T (H + Xi_a) theta / 2 - (b + beta_a)^T theta, sum_a Xi_a = 0, sum_a beta_a = 0, noise
amplitude eps (Xi_a, beta_a scale with eps), M = I - eta H, xi_a(theta) = Xi_a theta - beta_a:

  E[theta_t] - theta_t^GD = -(eta^2 / D) sum_{s=1}^t M^{t-s} sum_{r=1}^{s-1} sum_a Xi_a M^{s-1-r} xi_a(theta^GD_{r-1})
                            + O(eps^3),

with D = m (m - 1) for reshuffling (anticorrelated batches). d = 3, m = 4, eta = 1, eta lambda(H) in
{1.6, 0.05, -0.3} (stiff, flat, negative curvature: eta H = O(1), outside Smith's regime), t = m;
the exact mean over all 4! orders (or all 4^4 i.i.d. sequences) comes from
:func:`verify.measure.epoch_average.moments`; eps = 0.1 / 2^k, k = 0..4; slope of
|exact - formula| in eps must be 3 (:func:`verify.measure.loglog.fit_slope`).

``smaller_variance``: epoch-end variance along each Hessian eigendirection, without vs with replacement,
exact over every order / sequence, and (common batch Hessian) against the closed forms.
"""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np

from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.measure import epoch_average as EA
from verify.measure.loglog import fit_slope
from verify.report.figures import new_figure

M_, D_, ETA = 4, 3, 1.0
EPS = 0.1 / 2.0 ** np.arange(5)
ETA_LAMBDA = np.array([1.6, 0.05, -0.3])


def _instance(seed, m, eta_lambda):
    """Per-batch quadratics from ``seed``: H = Q diag(eta_lambda) Q^T / eta (Q a random rotation), centred
    symmetric Hessian noise Xi_a and centred gradient noise beta_a (a = 1..m), then b and theta_0 (drawn in
    this order, so every check built on it sees the same numbers)."""
    rng = np.random.default_rng(seed)
    d = len(eta_lambda)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    H = Q @ np.diag(np.asarray(eta_lambda, dtype=float) / ETA) @ Q.T
    Xi = np.array([(G + G.T) / 2 for G in rng.standard_normal((m, d, d))])
    Xi -= Xi.mean(0)
    beta = rng.standard_normal((m, d))
    beta -= beta.mean(0)
    return Q, H, Xi, beta, rng.standard_normal(d), rng.standard_normal(d)


def problem(seed=0):
    return _instance(seed, M_, ETA_LAMBDA)[1:]


def formula(H, Xi, beta, b, th0, t, denom):
    M = np.eye(D_) - ETA * H
    gd = EA.gd_path(lambda th: th - ETA * (H @ th - b), th0, t)
    out = np.zeros(D_)
    mp = lambda k: np.linalg.matrix_power(M, k)  # noqa: E731
    for s in range(2, t + 1):  # s = 1 has an empty inner sum
        inner = sum(Xi[a] @ mp(s - 1 - r) @ (Xi[a] @ gd[r - 1] - beta[a]) for r in range(1, s) for a in range(M_))
        out += mp(t - s) @ inner
    return gd[-1], -ETA**2 / denom * out


def second_order_errors(scheme="reshuffle", denom=None, seed=0):
    """(|exact - GD - formula|, |exact - GD|) per eps; ``denom`` defaults to m (m - 1)."""
    denom = M_ * (M_ - 1) if denom is None else denom
    H, Xi0, beta0, b, th0 = problem(seed)
    err, drift = [], []
    for e in EPS:
        Xi, beta = e * Xi0, e * beta0
        A, bb = H + Xi, b + beta
        mean = EA.moments(EA.quadratic_step(A, bb, ETA), th0, M_, M_, scheme).mean
        gd, pred = formula(H, Xi, beta, b, th0, M_, denom)
        err.append(float(np.linalg.norm(mean - gd - pred)))
        drift.append(float(np.linalg.norm(mean - gd)))
    return np.array(err), np.array(drift)


def _slope_three(err, drift, labels, orders, details, figure, caption):
    """An epoch-mean error curve over ``EPS`` that must have slope 3 (the drift itself: slope 2): fitted slope
    within 0.3 of 3, 95 % interval narrower than 0.6; figure ``figure`` with the drift, the error and a slope-3 guide."""
    s = fit_slope(EPS, err)
    fig, ax = new_figure()
    ax.loglog(EPS, drift, "s-", label=labels[0])
    ax.loglog(EPS, err, "o-", label=labels[1])
    ax.loglog(EPS, err[0] * (EPS / EPS[0]) ** 3, "k--", label="slope 3")
    ax.set_xlabel("noise amplitude eps (eta lambda in {1.6, 0.05, -0.3})")
    ax.legend(fontsize=7)
    why = (f"5 noise amplitudes spaced by 2; exact averages over {orders}; neighbouring orders differ by 1, so 0.3 "
           "separates them; round-off ~1e-16 << smallest error")
    return Finding(criteria=[Relation(s.slope, "==", 3.0, atol=0.3, why=why, label="fitted slope"),
                             Relation(s.ci[1] - s.ci[0], "<=", 0.6, why="95% t-interval narrower than 2 x 0.3",
                                      label="CI width")],
                   details={"eps": EPS.tolist(), "error": err.tolist(), "drift": drift.tolist(), "slope": s.slope,
                            "ci95": list(s.ci)} | details,
                   figures={figure: (fig, caption)})


def second_order(profile=None, scheme="reshuffle", denom=None):
    err, drift = second_order_errors(scheme, denom)
    return _slope_three(err, drift, (f"|E_{scheme} theta_m - theta_m^GD|",
                                     "|E theta_m - GD - second-order formula|"), "orders", {"scheme": scheme},
                        "second_order", "Mean after one epoch minus GD (squares) and minus GD plus the eta-exact "
                                        "second-order formula (circles), eta H = O(1). Look for: circles on slope 3 "
                                        "below squares on slope 2 (reshuffling).")


# ----------------------------------------------------------------------------- variance
VAR_GIVEN = {"seed": st.integers(0, 10_000), "m": st.sampled_from([2, 3, 4]),
             "x1": st.floats(-0.5, 1.9), "x2": st.floats(-0.5, 1.9), "xi": st.floats(0.0, 0.5)}


def epoch_covariances(seed, m, x1, x2, xi):
    """d = 2, eta = 1, H = Q diag(x1, x2) Q^T (eta lambda = x1, x2), batch Hessians H + xi Xi_a and gradients
    b + beta_a (Xi_a, beta_a Gaussian, centred over a): Q, beta and the epoch-end covariances without and with
    replacement, exact over all m! orders and all m^m sequences (:func:`verify.measure.epoch_average.moments`)."""
    Q, H, Xi, beta, b, th0 = _instance(seed, m, (x1, x2))
    step = EA.quadratic_step(H + xi * Xi, b + beta, ETA)
    return Q, beta, *(EA.moments(step, th0, m, m, sch).cov for sch in ("reshuffle", "with_replacement"))


def _power_sums(x, m):
    """``S1 = sum_(k<m) mu^k`` and ``S2 = sum_(k<m) mu^(2k)``, ``mu = 1 - x``, ``x = eta lambda``."""
    mu = 1.0 - np.asarray(x, dtype=float)
    return sum(mu**j for j in range(m)), sum(mu ** (2 * j) for j in range(m))


def _variance_relations(cov, m, xs, op="<=", closed=True):
    """The relations of :func:`smaller_variance` from ``cov = epoch_covariances(...)``, ``xs = (x1, x2)``."""
    Q, beta, wo, wr = cov
    scale = float(np.abs(wr).max() + np.abs(wo).max())
    why = "exact averages over m! and m^m sequences of float64 steps: round-off <= m^m x 1e-16 relative"
    rels = []
    for k, x in enumerate(xs):
        v = Q[:, k]
        rels.append(Relation(float(v @ wo @ v), op, float(v @ wr @ v), atol=1e-12 * scale,
                             label=f"eta lambda = {x:.3g}: Var_wo {op} Var_wr", why=why))
        if closed:
            s2 = float(np.mean((beta @ v) ** 2))
            S1, S2 = (float(t) for t in _power_sums(x, m))
            rels.append(Relation(float(v @ wo @ v), "==", ETA**2 * s2 * (m * S2 - S1**2) / (m - 1),
                                 atol=1e-12 * scale, label=f"eta lambda = {x:.3g}: Var_wo = closed form", why=why))
            rels.append(Relation(float(v @ wr @ v), "==", ETA**2 * s2 * S2, atol=1e-12 * scale,
                                 label=f"eta lambda = {x:.3g}: Var_wr = closed form", why=why))
    return rels


def smaller_variance(seed, m, x1, x2, xi=0.0, op="<="):
    """Along each eigenvector v of H: v^T Cov_wo v <= v^T Cov_wr v after one epoch; with ``xi = 0`` also each side
    against its closed form (``derivations/reshuffling_variance.py``): eta^2 sigma_v^2 (m S2 - S1^2)/(m - 1) and
    eta^2 sigma_v^2 S2, sigma_v^2 = mean_a (beta_a . v)^2, S_p = sum_(k<m) mu^(p k), mu = 1 - eta lambda.
    ``op=">="``: the reversed order (a control)."""
    return _variance_relations(epoch_covariances(seed, m, x1, x2, xi), m, (x1, x2), op, closed=xi == 0.0)


def variance_ratio(x, m):
    """Closed-form per-direction ratio Var_wo / Var_wr after one epoch with a common batch Hessian:
    (m S2 - S1^2) / ((m - 1) S2), S_p = sum_(k<m) mu^(p k), mu = 1 - x, x = eta lambda."""
    S1, S2 = _power_sums(x, m)
    return (m * S2 - S1**2) / ((m - 1) * S2)


VAR_PROFILE_M = (2, 3, 4)


def variance_profile(profile=None, x_max=1.0, seed=0):
    """Per Hessian eigendirection, the epoch-end variance without vs with replacement (xi = 0) against eta lambda,
    for m = 2, 3, 4: exact enumeration (the relations of :func:`smaller_variance`: Var_wo <= Var_wr and each side equal to its
    closed form) at eta lambda on a grid of [-0.5, x_max], two eigendirections per instance; figure: the enumerated
    ratios on the closed-form curves over [-0.5, 2]."""
    xs = np.linspace(-0.5, x_max, 8)
    crit, pts = [], []
    for m in VAR_PROFILE_M:
        for x1, x2 in zip(xs[0::2], xs[1::2]):
            cov = epoch_covariances(seed, m, float(x1), float(x2), 0.0)
            crit += _variance_relations(cov, m, (float(x1), float(x2)))
            Q, _, wo, wr = cov
            pts += [(m, x, float(Q[:, k] @ wo @ Q[:, k] / (Q[:, k] @ wr @ Q[:, k]))) for k, x in enumerate((x1, x2))]
    fig, ax = new_figure()
    grid = np.linspace(-0.5, 2.0, 251)
    for i, m in enumerate(VAR_PROFILE_M):
        ax.plot(grid, variance_ratio(grid, m), f"C{i}-", label=f"closed form, m = {m}")
        ax.plot([x for mm, x, _ in pts if mm == m], [r for mm, _, r in pts if mm == m], f"C{i}o", ms=4,
                label=f"exact enumeration, m = {m}")
    ax.axhline(1.0, color="k", lw=0.8)
    ax.axvline(x_max, color="gray", ls=":", label=f"claimed domain: eta lambda <= {x_max:g}")
    ax.set_xlabel("eta lambda (Hessian eigendirection)")
    ax.set_ylabel("Var without / Var with replacement")
    ax.legend(fontsize=7)
    return Finding(criteria=crit, details={"points": [{"m": m, "eta_lambda": x, "ratio": r} for m, x, r in pts]},
                   figures={"variance_profile": (fig, "Epoch-end variance along each Hessian eigendirection, without "
                                                      "over with replacement (common batch Hessian, one epoch, exact "
                                                      "over all orders and sequences), against eta lambda. Look for: "
                                                      "ratios below 1 on eta lambda < 1 (anticorrelated reshuffled "
                                                      "batches), all curves through 1 at eta lambda = 1 and above 1 "
                                                      "beyond it, where 1 - eta lambda < 0 (b23.smaller-variance is "
                                                      "refuted there).")})


# ----------------------------------------------------------------------------- saddle
SADDLE_EPOCHS, SADDLE_M = 3, 3


def saddle_means(scheme, eps=0.2, eta_lambda=(0.8, -0.3), seed=1):
    """|v^T (E theta_{k m} - theta_0)| for k = 1..SADDLE_EPOCHS, v the negative-curvature eigenvector of H,
    theta_0 = H^{-1} b the strict saddle of L (GD stays there), exact enumeration over ``scheme``."""
    Q, H, Xi, beta, b, _ = _instance(seed, SADDLE_M, eta_lambda)
    th0 = np.linalg.solve(H, b)
    step = EA.quadratic_step(H + eps * Xi, b + eps * beta, ETA)
    v = Q[:, 1]
    return np.array([abs(v @ (EA.moments(step, th0, SADDLE_M, k * SADDLE_M, scheme).mean - th0))
                     for k in range(1, SADDLE_EPOCHS + 1)])


def saddle_escape(profile=None, scheme="reshuffle"):
    """Reading of "in expectation, SGD without replacement may escape saddles": at an exact strict saddle the mean
    iterate moves off the saddle along the negative-curvature direction, and the displacement grows every epoch."""
    disp = saddle_means(scheme)
    tol = 1e-13  # round-off of the exact average (~1e-16 x 3^9 sequences x growth)
    fig, ax = new_figure()
    for sch in ("reshuffle", "single_shuffle", "with_replacement"):
        d = disp if sch == scheme else saddle_means(sch)
        ax.semilogy(np.arange(1, SADDLE_EPOCHS + 1), np.maximum(d, 1e-17), "o-", label=sch)
    ax.set_xlabel("epoch")
    ax.set_ylabel("|v^T (E theta - saddle)|, v negative eigenvector")
    ax.legend(fontsize=7)
    # "moves off" must beat round-off by a wide margin: the threshold is 1e3 x the round-off bound
    crit = [Relation(disp[0], ">=", 1e3 * tol, why="exact average; round-off <= 1e-13, threshold 1e3 x that",
                     label="moves off the saddle")]
    crit += [Relation(disp[k + 1], ">=", disp[k] + 1e3 * tol, why="exact average; round-off <= 1e-13",
                      label=f"grows in epoch {k + 2}") for k in range(SADDLE_EPOCHS - 1)]
    return Finding(criteria=crit, details={"displacement": disp.tolist(), "scheme": scheme},
                   figures={"saddle": (fig, "Mean displacement from a strict saddle (eta lambda = 0.8, -0.3) along "
                                            "the negative eigenvector, exact over all orders/sequences. Look for: "
                                            "reshuffling (and single shuffle) leave the saddle and grow; with "
                                            "replacement the mean stays at the saddle (floor 1e-17).")})


# ----------------------------------------------------------------------------- decoupling (v2)
DEC_M, DEC_X, DEC_EPS = 5, (1.5, 0.01, -0.2), (1e-3, 5e-4)  # stiff, flat, negative curvature; eta = 1


def eigen_weight_value(x, t):
    """w(x, t) = [(1 - mu^t)/x - t mu^(t-1)]/x, mu = 1 - x (``derivations/reshuffling_weights.py``), as a float."""
    mu = 1.0 - x
    return ((1.0 - mu**t) / x - t * mu ** (t - 1)) / x


def shared_instance(seed, m, eta_lambda):
    """Per-batch quadratics whose Hessian noise shares H's eigenvectors: H = Q diag(eta_lambda) Q^T / eta,
    Xi_a = Q diag(zeta_a) Q^T (zeta_a centred over a), centred beta_a, b; theta_0 = H^{-1} b (stationary for L)."""
    rng = np.random.default_rng(seed)
    d = len(eta_lambda)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    H = Q @ np.diag(np.asarray(eta_lambda, dtype=float) / ETA) @ Q.T
    zeta = rng.standard_normal((m, d))
    zeta -= zeta.mean(0)
    beta = rng.standard_normal((m, d))
    beta -= beta.mean(0)
    b = rng.standard_normal(d)
    return Q, H, zeta, beta, b, np.linalg.solve(H, b)


def measured_weights(eps, scheme="reshuffle", seed=0, m=DEC_M, eta_lambda=DEC_X):
    """Per eigendirection v_j: v_j^T (E theta_m - theta_0) / (-(eta^2 / (2 (m - 1))) v_j^T grad tr Sigma_P(theta_0)),
    exact over the orders (``scheme``); Sigma_P = (1/m) sum_a xi_a xi_a^T, grad tr Sigma_P = (2/m) sum_a Xi_a xi_a
    (Xi_a, xi_a = Xi_a theta - beta_a scaled by eps). Reshuffling: -> w(eta lambda_j, m) as eps -> 0 (digest 4.5)."""
    Q, H, zeta, beta, b, th0 = shared_instance(seed, m, eta_lambda)
    Xi = np.array([Q @ np.diag(eps * z) @ Q.T for z in zeta])
    mean = EA.moments(EA.quadratic_step(H + Xi, b + eps * beta, ETA), th0, m, m, scheme).mean
    grad_tr = 2.0 / m * sum(Xi[a] @ (Xi[a] @ th0 - eps * beta[a]) for a in range(m))
    scale = -(ETA**2) / (2 * (m - 1))
    return np.array([(Q[:, j] @ (mean - th0)) / (scale * (Q[:, j] @ grad_tr)) for j in range(len(eta_lambda))])


def decoupling(profile=None, weight=None):
    """v2 reading: per-direction drift weights of reshuffling = w(eta lambda, m) (flat: Smith's m(m-1)/2, a gradient
    step on tr Sigma_P; stiff: at most 1/10 of that, i.e. close to with replacement, whose weight is 0; negative
    curvature: amplified). ``weight`` (control) replaces w by another prediction, e.g. Smith's m(m-1)/2 everywhere."""
    m, xs = DEC_M, DEC_X
    weight = weight or (lambda x: eigen_weight_value(x, m))
    w1, w2 = measured_weights(DEC_EPS[0]), measured_weights(DEC_EPS[1])
    wr = measured_weights(DEC_EPS[1], "with_replacement")
    smith = m * (m - 1) / 2
    why = ("remainder O(eps^3) on an O(eps^2) drift: relative error O(eps), halved when eps halves, so the error at "
           "eps/2 is ~|w(eps) - w(eps/2)|; tolerance 2x that + 1e-6 (round-off of exact averages ~1e-10 relative)")
    crit = []
    for j, x in enumerate(xs):
        tol = 2 * abs(w1[j] - w2[j]) + 1e-6
        crit.append(Relation(float(w2[j]), "==", float(weight(x)), atol=tol, why=why,
                             label=f"eta lambda = {x:g}: measured weight = predicted"))
    flat, stiff, neg = w2[1], w2[0], w2[2]
    crit.append(Relation(float(flat), "==", smith, atol=1.1 * xs[1] * m * (m - 1) * (m - 2) / 3 + 1e-3, why=(
        "flat: w(x, m) = m(m-1)/2 - x m(m-1)(m-2)/3 + O(x^2) (sympy series), +10% and the eps error"),
        label="flat direction: Smith's weight m(m-1)/2 (gradient step on tr Sigma_P)"))
    crit.append(Relation(float(stiff), "<=", 0.1 * float(flat), why="reading: 'follows with replacement' = drift weight "
                         "at most 1/10 of the flat one (exact-average round-off ~1e-10)",
                         label="stiff direction: weight <= flat / 10"))
    crit.append(Relation(float(neg), ">=", smith, why="exact averages; round-off ~1e-10",
                         label="negative curvature: weight >= m(m-1)/2 (amplified)"))
    crit.append(Relation(float(np.max(np.abs(wr))), "<=", 0.0, atol=1e-5, why=(
        "with replacement the quadratic mean is GD exactly (stays at theta_0): weight = round-off / O(eps^2) drift "
        "~1e-13 / 1e-7"), label="with replacement: zero weight in every direction"))
    fig, ax = new_figure()
    xx = np.linspace(-0.3, 1.9, 221)
    xx = xx[np.abs(xx) > 1e-9]
    ax.semilogy(xx, [abs(eigen_weight_value(x, m)) for x in xx], "k-", label=f"|w(eta lambda, m = {m})| (closed form)")
    ax.semilogy(xs, np.abs(w2), "o", label="measured (exact over 5! orders)")
    ax.axhline(smith, ls="--", color="gray", label="Smith et al.: m(m-1)/2 in every direction")
    ax.set_xlabel("eta lambda (Hessian eigenvalue x step)")
    ax.set_ylabel("drift weight on grad tr Sigma_P")
    ax.legend(fontsize=7)
    return Finding(criteria=crit, details={"eta_lambda": list(xs), "m": m, "eps": list(DEC_EPS),
                                           "weight_eps": w1.tolist(), "weight_eps_half": w2.tolist(),
                                           "weight_with_replacement": wr.tolist(),
                                           "closed_form": [eigen_weight_value(x, m) for x in xs]},
                   figures={"decoupling": (fig, "Per-eigendirection weight of the reshuffling drift on the trace of the "
                                                "noise covariance, one epoch (m = 5) from a stationary point, eta = 1. "
                                                "Look for: dots on the curve; the flat direction near Smith's "
                                                "m(m-1)/2 (dashed), the stiff one far below it (decoupled: close to "
                                                "with replacement, weight 0), negative curvature above.")})


# ----------------------------------------------------------------------------- reshuffled fixed point
FP_M, FP_D = 4, 3
FP_ETAS = 0.02 / 2.0 ** np.arange(5)


def fp_problem(seed=0, m=FP_M, d=FP_D):
    """Per-batch quadratics L_k = theta^T A_k theta / 2 - b_k^T theta (A_k = sym(G) + 2 I, some indefinite; their
    mean positive definite for seed 0: eigenvalues 1.17, 1.61, 2.04)."""
    rng = np.random.default_rng(seed)
    A = [(G + G.T) / 2 + 2 * np.eye(d) for G in rng.standard_normal((m, d, d))]
    return np.array(A), rng.standard_normal((m, d))


def mean_fixed_point(A, b, eta, scheme="reshuffle"):
    """Fixed point of the mean epoch map theta -> E[P_pi] theta + E[q_pi] (digest 4.7): the stationary mean of the
    epoch-end iterates. E[P_pi], E[q_pi] are read off exact epoch means (:func:`verify.measure.epoch_average.moments`)
    from theta = 0 and the unit vectors (the epoch map is affine)."""
    m, d = b.shape
    step = EA.quadratic_step(A, b, eta)
    q = EA.moments(step, np.zeros(d), m, m, scheme).mean
    P = np.column_stack([EA.moments(step, e, m, m, scheme).mean - q for e in np.eye(d)])
    return np.linalg.solve(np.eye(d) - P, q)


def argmin_modified(A, b, eta, coef=0.25):
    """argmin of L + (coef eta / m) sum_k |grad L_k - grad L|^2 (a quadratic: one linear solve)."""
    m = len(A)
    Ab, bb = A.mean(0), b.mean(0)
    D, e = A - Ab, b - bb
    K = Ab + 2 * coef * eta / m * sum(Dk @ Dk for Dk in D)
    return np.linalg.solve(K, bb + 2 * coef * eta / m * sum(D[k] @ e[k] for k in range(m)))


def fixed_point(profile=None, coef=0.25):
    """|theta_bar - argmin L| = O(eta) and |theta_bar - argmin(L + (eta/4m) sum_k |grad L_k - grad L|^2)| = O(eta^2)
    under reshuffling; with replacement theta_bar = argmin L exactly. ``coef`` (control) changes the 1/4."""
    A, b = fp_problem()
    lam_min = float(np.linalg.eigvalsh(A.mean(0)).min())
    bars = [mean_fixed_point(A, b, eta) for eta in FP_ETAS]
    err_l = np.array([np.linalg.norm(t - argmin_modified(A, b, eta, 0.0)) for t, eta in zip(bars, FP_ETAS)])
    err_m = np.array([np.linalg.norm(t - argmin_modified(A, b, eta, coef)) for t, eta in zip(bars, FP_ETAS)])
    wr = np.array([np.linalg.norm(mean_fixed_point(A, b, eta, "with_replacement") - argmin_modified(A, b, eta, 0.0))
                   for eta in FP_ETAS])
    s_l, s_m = fit_slope(FP_ETAS, err_l), fit_slope(FP_ETAS, err_m)
    why = ("5 step sizes spaced by 2; exact averages over 4! orders; neighbouring orders differ by 1, so 0.3 separates "
           "them; round-off ~1e-16 / (m eta lambda_min) << smallest error")
    # with replacement: solving (I - P) theta = q with |I - P| ~ m eta lambda_min amplifies round-off by 1/(m eta lambda)
    wr_tol = 64 * np.finfo(float).eps * (1 + float(np.max(np.abs(bars)))) / (FP_M * FP_ETAS.min() * lam_min)
    crit = [Relation(s_l.slope, "==", 1.0, atol=0.3, why=why, label="slope of |theta_bar - argmin L|"),
            Relation(s_m.slope, "==", 2.0, atol=0.3, why=why, label=f"slope of |theta_bar - argmin modified| ({coef})"),
            Relation(s_m.ci[1] - s_m.ci[0], "<=", 0.6, why="95% t-interval narrower than 2 x 0.3", label="CI width"),
            Relation(float(wr.max()), "<=", 0.0, atol=wr_tol, why="64 ulp x |theta| / (m eta lambda_min)",
                     label="with replacement: theta_bar = argmin L exactly")]
    fig, ax = new_figure()
    ax.loglog(FP_ETAS, err_l, "s-", label="|theta_bar - argmin L|")
    ax.loglog(FP_ETAS, err_m, "o-", label=f"|theta_bar - argmin(L + ({coef} eta/m) sum |g_k - g|^2)|")
    ax.loglog(FP_ETAS, np.maximum(wr, 1e-17), "^:", label="with replacement: |theta_bar - argmin L|")
    ax.loglog(FP_ETAS, err_m[0] * (FP_ETAS / FP_ETAS[0]) ** 2, "k--", label="slope 2")
    ax.set_xlabel("eta")
    ax.set_ylabel("distance of the mean fixed point")
    ax.legend(fontsize=7)
    return Finding(criteria=crit, details={"eta": FP_ETAS.tolist(), "err_argmin_L": err_l.tolist(),
                                           "err_modified": err_m.tolist(), "err_with_replacement": wr.tolist(),
                                           "slope_L": s_l.slope, "slope_modified": s_m.slope, "ci95": list(s_m.ci)},
                   figures={"fixed_point": (fig, "Fixed point of the mean reshuffled epoch map (d = 3, m = 4, exact "
                                                 "over 4! orders) against argmin L (squares) and the argmin of the "
                                                 "batch-variance modified loss (circles), log-log in eta. Look for: "
                                                 "squares on slope 1, circles on slope 2, with replacement at "
                                                 "round-off (triangles).")})


# ----------------------------------------------------------------------------- regulariser step R_s (digest 4.5)
def regulariser_prediction(H, Xi, beta, th0, t, m, shift=0):
    """-eta sum_(s<=t) M^(t-s) grad R_s(theta_0), R_s(theta) = (eta/(2(m-1))) tr(S_(s-1+shift) Sigma_P(theta)),
    S_j = (eta H)^-1 (I - M^j) held fixed, Sigma_P = (1/m) sum_a xi_a xi_a^T, xi_a = Xi_a theta - beta_a;
    grad R_s by jax autodiff (independent of the hand formula of ``formula``)."""
    import jax
    import jax.numpy as jnp

    d = len(th0)
    M = np.eye(d) - ETA * H
    mp = lambda k: np.linalg.matrix_power(M, k)  # noqa: E731
    Xi_j, beta_j = jnp.asarray(Xi), jnp.asarray(beta)

    def R(theta, S):
        xi = Xi_j @ theta - beta_j  # (m, d)
        return ETA / (2 * (m - 1)) * jnp.trace(S @ (xi.T @ xi) / m)

    grad = jax.grad(R)
    out = np.zeros(d)
    for s in range(1, t + 1):
        S = np.linalg.solve(ETA * H, np.eye(d) - mp(s - 1 + shift))
        out += mp(t - s) @ np.asarray(grad(jnp.asarray(th0), jnp.asarray(S)))
    return -ETA * out


def regulariser_errors(shift=0, seed=0):
    """|E_wo theta_m - theta_0 - prediction| per eps at the stationary point theta_0 = H^-1 b (generic Xi_a)."""
    H, Xi0, beta0, b, _ = problem(seed)
    th0 = np.linalg.solve(H, b)
    err, drift = [], []
    for e in EPS:
        mean = EA.moments(EA.quadratic_step(H + e * Xi0, b + e * beta0, ETA), th0, M_, M_, "reshuffle").mean
        pred = regulariser_prediction(H, e * Xi0, e * beta0, th0, M_, M_, shift)
        err.append(float(np.linalg.norm(mean - th0 - pred)))
        drift.append(float(np.linalg.norm(mean - th0)))
    return np.array(err), np.array(drift)


def regulariser_slope(profile=None, shift=0):
    err, drift = regulariser_errors(shift)
    return _slope_three(err, drift, ("|E_wo theta_m - theta_0| (stationary point)",
                                     f"|E_wo theta_m - theta_0 + eta sum M^(m-s) grad R_s| (S_(s-1+{shift}))"),
                        "4! orders", {"shift": shift}, "regulariser",
                        "One reshuffled epoch from a stationary point of L (m = 4, eta H = O(1)): the mean displacement "
                        "(squares) and its difference from the regulariser step -eta sum_s M^(m-s) grad R_s with grad "
                        "R_s by autodiff (circles). Look for: circles on slope 3 below squares on slope 2.")


# ----------------------------------------------------------------------------- escape time vs eta
ESC_M, ESC_LAMBDA, ESC_EPS, ESC_R, ESC_HORIZON = 4, (1.0, -0.5), 0.3, 1.0, 30.0
ESC_ETAS = (0.05, 0.1, 0.2, 0.4, 0.8)
ESC_N, ESC_SEED = 2000, 0
ESC_SCHEMES = ("reshuffle", "single_shuffle", "with_replacement", "gd")


def escape_instance(m=ESC_M, lam=ESC_LAMBDA, eps=ESC_EPS, seed=1):
    """H = Q diag(lam) Q^T (lambda = 1, -0.5: eta-independent), batch Hessians H + eps Xi_a, gradients b + eps beta_a
    (centred): the saddle theta_s = H^-1 b of L, its negative-curvature eigenvector v, the batch A_a and b_a."""
    rng = np.random.default_rng(seed)
    d = len(lam)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    H = Q @ np.diag(lam) @ Q.T
    Xi = np.array([(G + G.T) / 2 for G in rng.standard_normal((m, d, d))])
    Xi -= Xi.mean(0)
    beta = rng.standard_normal((m, d))
    beta -= beta.mean(0)
    b = rng.standard_normal(d)
    return np.linalg.solve(H, b), Q[:, int(np.argmin(lam))], H + eps * Xi, b + eps * beta


def mean_escape_time(eta, scheme, horizon=ESC_HORIZON, r=ESC_R):
    """(time eta * steps at the first epoch end where |v^T (E theta - theta_s)| >= r, or inf; the largest |v^T (E theta -
    theta_s)| up to the horizon). Exact means: reshuffling and with replacement iterate their mean epoch maps (epochs
    independent; E[P], E[q] from :func:`verify.measure.epoch_average.moments`), single shuffle averages the m! fixed
    orders, GD iterates GD on the mean loss."""
    import itertools

    sad, v, A, b = escape_instance()
    m, d = len(A), len(sad)
    step = EA.quadratic_step(A, b, eta)
    epochs = int(horizon / (m * eta))
    if scheme == "single_shuffle":
        paths = []
        for pi in itertools.permutations(range(m)):
            th, path = sad.copy(), []
            for _ in range(epochs):
                for a in pi:
                    th = step(th, a)
                path.append(th)
            paths.append(path)
        means = np.mean(np.array(paths), axis=0)
    else:
        if scheme == "gd":
            Ab, bb = A.mean(0), b.mean(0)
            P, q = np.linalg.matrix_power(np.eye(d) - eta * Ab, m), EA.gd_path(lambda t: t - eta * (Ab @ t - bb),
                                                                              np.zeros(d), m)[-1]
        else:
            q = EA.moments(step, np.zeros(d), m, m, scheme).mean
            P = np.column_stack([EA.moments(step, e, m, m, scheme).mean - q for e in np.eye(d)])
        means, th = [], sad.copy()
        for _ in range(epochs):
            th = P @ th + q
            means.append(th)
        means = np.array(means)
    disp = np.abs((means - sad) @ v)
    hit = np.nonzero(disp >= r)[0]
    return (float((hit[0] + 1) * m * eta) if hit.size else float("inf")), float(disp.max())


def trajectory_escape_times(eta, scheme, n=ESC_N, seed=ESC_SEED, horizon=ESC_HORIZON, r=ESC_R):
    """Seeded Monte Carlo: eta * (first step with |v^T (theta_t - theta_s)| >= r) for ``n`` trajectories started at
    the saddle (inf past the horizon); the batch law of ``scheme`` (``gd``: no batches, stays at the saddle)."""
    sad, v, A, b = escape_instance()
    m = len(A)
    rng = np.random.default_rng(seed)
    th = np.tile(sad, (n, 1))
    out = np.full(n, np.inf)
    perm = None
    for t in range(int(horizon / eta)):
        k = t % m
        if scheme == "gd":
            th = th - eta * (th @ A.mean(0).T - b.mean(0))
        else:
            if scheme == "with_replacement":
                a = rng.integers(m, size=n)
            else:
                if k == 0 and (scheme == "reshuffle" or perm is None):
                    perm = rng.permuted(np.tile(np.arange(m), (n, 1)), axis=1)
                a = perm[:, k]
            th = th - eta * (np.einsum("nij,nj->ni", A[a], th) - b[a])
        new = (np.abs((th - sad) @ v) >= r) & np.isinf(out)
        out[new] = (t + 1) * eta
        if np.all(np.isfinite(out)):
            break
    return out


def median_ci(x, level=0.95):
    """Median and its distribution-free confidence interval from binomial order statistics."""
    from scipy import stats

    x = np.sort(x)
    n = x.size
    lo = int(stats.binom.ppf((1 - level) / 2, n, 0.5))
    hi = int(stats.binom.ppf((1 + level) / 2, n, 0.5))
    return float(np.median(x)), float(x[max(lo - 1, 0)]), float(x[min(hi, n - 1)])


def escape_time(profile=None, scheme="reshuffle", reading="mean"):
    """Escape time from a strict saddle vs eta for the four schemes (figure). ``reading="mean"``: the mean iterate of
    ``scheme`` reaches distance r along v within the horizon at every eta, while the with-replacement and GD means
    never do (round-off bound). ``reading="trajectories"`` (control): the median escape time of ``scheme``'s
    trajectories is at most that of i.i.d. batches at every eta (95% order-statistic intervals)."""
    mean_t = {s: [mean_escape_time(e, s) for e in ESC_ETAS] for s in ESC_SCHEMES}
    traj = {s: [median_ci(trajectory_escape_times(e, s)) for e in ESC_ETAS] for s in ESC_SCHEMES}
    crit = []
    sad, _, A, b = escape_instance()
    # round-off: every step rounds at ~eps_mach (1 + |theta_s|) and the unstable mode amplifies what was injected at
    # time t by exp(|lambda| (T - t)); summed over steps of size eta: <= eps_mach (1 + |theta_s|) e^(|lambda| T) /
    # (|lambda| eta), x4 for the entries of A_a, b_a
    lam = abs(min(ESC_LAMBDA))
    roundoff = 4 * np.finfo(float).eps * (1 + float(np.abs(sad).max())) * np.exp(lam * ESC_HORIZON) / (lam * min(ESC_ETAS))
    if reading == "mean":
        for e, (t_e, dmax) in zip(ESC_ETAS, mean_t[scheme]):
            crit.append(Relation(dmax, ">=", ESC_R, why="exact means (epoch ends); round-off << r",
                                 label=f"eta = {e:g}: the {scheme} mean reaches distance r within the horizon"))
        for s_ in ("with_replacement", "gd"):
            if s_ == scheme:
                continue
            worst = max(dmax for _, dmax in mean_t[s_])
            crit.append(Relation(worst, "<=", 0.0, atol=roundoff, why="exact means; round-off eps_mach (1 + |theta_s|)"
                                 " e^(|lambda| T) / (|lambda| eta) x 4", label=f"the {s_} mean stays at the saddle"))
    else:
        cap = lambda t: min(t, 2 * ESC_HORIZON)  # noqa: E731  (never escaping = twice the horizon)
        for e, (med, lo, hi), (med_r, lo_r, hi_r) in zip(ESC_ETAS, traj[scheme], traj["with_replacement"]):
            med, lo, hi, med_r, lo_r, hi_r = map(cap, (med, lo, hi, med_r, lo_r, hi_r))
            crit.append(Relation(med, "<=", med_r, atol=(hi - lo) / 2 + (hi_r - lo_r) / 2, why=(
                "Monte Carlo medians of 2000 seeded trajectories; tolerance = the two 95% order-statistic half-widths"),
                label=f"eta = {e:g}: median escape time {scheme} <= with replacement"))
    fig, (ax1, ax2) = new_figure(ncols=2)
    for s, mk in zip(ESC_SCHEMES, "osv^"):
        tm = [t for t, _ in mean_t[s]]
        ax1.semilogx(ESC_ETAS, [t if np.isfinite(t) else ESC_HORIZON * 1.05 for t in tm], mk + "-", label=s)
        med = np.array([t[0] for t in traj[s]])
        ax2.semilogx(ESC_ETAS, np.where(np.isfinite(med), med, ESC_HORIZON * 1.05), mk + "-", label=s)
    for ax, title in ((ax1, "mean iterate (exact)"), (ax2, "median trajectory (2000 runs)")):
        ax.axhline(ESC_HORIZON, ls=":", color="gray")
        ax.set_xlabel("eta")
        ax.set_title(title, fontsize=8)
    ax1.set_ylabel("escape time eta t (> 30: never)")
    ax1.legend(fontsize=7)
    details = {"eta": list(ESC_ETAS), "horizon": ESC_HORIZON, "r": ESC_R, "eps": ESC_EPS, "lambda": list(ESC_LAMBDA),
               "mean_escape_time": {s: [t for t, _ in mean_t[s]] for s in ESC_SCHEMES},
               "median_escape_time": {s: [t[0] for t in traj[s]] for s in ESC_SCHEMES},
               "median_ci95": {s: [t[1:] for t in traj[s]] for s in ESC_SCHEMES}}
    return Finding(criteria=crit, details=details, figures={"escape_time": (fig, (
        "Escape time from a strict saddle (lambda = 1, -0.5; m = 4, noise eps = 0.3; distance r = 1 along the "
        "negative eigenvector) against eta, for reshuffling, single shuffle, with replacement and GD. Left: the "
        "exact mean iterate (epoch ends); right: median over 2000 seeded trajectories. Look for: left, only the "
        "shuffled means escape (with replacement and GD never: their means stay at the saddle); right, every "
        "stochastic scheme escapes, i.i.d. batches first (their noise along v is larger)."))})


# ----------------------------------------------------------------------------- v1: diverges from both
DIV_EPS = 1e-2


def flat_displacements(eps=DIV_EPS):
    """|v^T (E theta_m - theta_0)| along each eigendirection after one epoch from the stationary point of the
    ``decoupling`` instance (m = 5, eta lambda = 1.5, 0.01, -0.2), exact, for: reshuffling, with replacement,
    noise-injected GD (full gradient step plus -eta xi_a(theta_0), a i.i.d. uniform: the batch noise's law at
    theta_0, independent of the iterate) and GD."""
    Q, H, zeta, beta, b, th0 = shared_instance(0, DEC_M, DEC_X)
    Xi = np.array([Q @ np.diag(eps * z) @ Q.T for z in zeta])
    noise = np.array([Xi[a] @ th0 - eps * beta[a] for a in range(DEC_M)])
    sgd = EA.quadratic_step(H + Xi, b + eps * beta, ETA)

    def ngd(th, a):
        return th - ETA * (H @ th - b) - ETA * noise[a]

    means = {"reshuffle": EA.moments(sgd, th0, DEC_M, DEC_M, "reshuffle").mean,
             "with_replacement": EA.moments(sgd, th0, DEC_M, DEC_M, "with_replacement").mean,
             "noise_injected": EA.moments(ngd, th0, DEC_M, DEC_M, "with_replacement").mean,
             "gd": EA.gd_path(lambda th: th - ETA * (H @ th - b), th0, DEC_M)[-1]}
    return Q, th0, means


def diverges(profile=None, schemes=("reshuffle", "with_replacement", "noise_injected")):
    """v1 reading: along the flat eigendirection (eta lambda = 0.01) the mean of ``schemes[0]`` moves away from the
    means of each of the others after one epoch from a stationary point (by more than 1e3 x round-off)."""
    Q, th0, means = flat_displacements()
    v = Q[:, 1]
    # exact averages over <= 5^5 sequences of 5 float64 steps from |theta_0| ~ 1/lambda_flat ~ 1e2: round-off
    # ~1e2 x 1e-16 x 5 steps x growth <= 1e-12 (measured: <= 6e-14)
    tol = 1e-12
    first = schemes[0]
    crit = [Relation(abs(float(v @ (means[first] - means[s]))), ">=", 1e3 * tol, why=(
        "exact averages; round-off <= 1e-12 (|theta_0| ~ 1e2), threshold 1e3 x that"), label=f"flat direction: E_{first} - "
        f"E_{s} != 0") for s in schemes[1:]]
    return Finding(criteria=crit, details={k: {"flat": float(v @ (m - th0)), "stiff": float(Q[:, 0] @ (m - th0)),
                                               "negative": float(Q[:, 2] @ (m - th0))} for k, m in means.items()})


# ----------------------------------------------------------------------------- R_s averaged over partitions
RP_CASES = ((4, 2), (6, 2), (6, 3), (8, 2), (8, 4))


def regulariser_partition_average(denom="m - 1", seed=0):
    """E over uniform partitions of N samples into m = N/B batches of Sigma_P / D, Sigma_P = (1/m) sum_a xi_a xi_a^T
    (xi_a = batch-mean minus full-mean gradient), against Sigma_1 / (N - 1), Sigma_1 = (1/N) sum_i (G_i - g)(G_i -
    g)^T: D = m - 1 (the coefficient eta/(2(m-1)) of R_s; ``denom="m"`` the control). Exact rationals, every partition
    enumerated (:func:`verify.claims.sdbd21.checks.equal_partitions`), integer per-sample gradients in R^2."""
    from fractions import Fraction

    from verify.claims.sdbd21.checks import equal_partitions

    rng = np.random.default_rng(seed)
    out = []
    for N, B in RP_CASES:
        m = N // B
        G = [[Fraction(int(v)) for v in row] for row in rng.integers(-5, 6, (N, 2))]
        g = [sum(G[i][j] for i in range(N)) / N for j in range(2)]
        parts = list(equal_partitions(list(range(N)), B))
        D = m - 1 if denom == "m - 1" else m
        acc = [[Fraction(0)] * 2 for _ in range(2)]
        for p in parts:
            for blk in p:
                xi = [sum(G[i][j] for i in blk) / B - g[j] for j in range(2)]
                for r in range(2):
                    for c in range(2):
                        acc[r][c] += xi[r] * xi[c] / (m * D * len(parts))
        for r, c in ((0, 0), (0, 1), (1, 1)):
            s1 = sum((G[i][r] - g[r]) * (G[i][c] - g[c]) for i in range(N)) / N
            out.append(Relation(acc[r][c], "==", s1 / (N - 1), why="exact rational arithmetic",
                                label=f"N = {N}, B = {B}, entry ({r}, {c}) ({len(parts)} partitions)"))
    return out
