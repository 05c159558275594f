"""Experiments and figures for the kymg23 claims (declared in ``claims.py``).

Model ``f = a (w^T x) + b`` (theta = (a, w1, w2, b), natural rates (1/2, 1/2, 1/2, 1), max-rate
group {b}); ten 2-D points (5 per class, seeded clusters). Dynamics: gradient flow on the
exponential loss followed by :func:`verify.dynamics.scaled_gd.scaled_gd` on ``log sum exp(-q_i)``
with ``s(theta) = 1/(1 + a^2 + |w|^2)`` (a time change of gradient flow; eta = 0.5).
Normalisation (the paper's is [unverified]; directions do not depend on it): the iterate is
pulled back along its characteristic curve to unit minimum margin,
``theta~ = exp(-log(q_min) Lambda) theta`` (so ``min_i q_i(theta~) = 1``), and compared with the
references of :mod:`verify.measure.max_margin`. No claims are declared here.
"""

from __future__ import annotations

import functools

import jax.numpy as jnp
import numpy as np
from jax.scipy.special import logsumexp

from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.dynamics.scaled_gd import inverse_norm_scale, scaled_gd
from verify.measure import max_margin as MM
from verify.models import quasi_homogeneous as QM
from verify.report.figures import new_figure

MODEL = QM.affine_product()
ETA = 0.5
THETA0 = np.array([0.1, 0.1, -0.1, 0.0])
CENTRES = {"offset": ((1.0, 1.0), (2.5, 2.5)),  # both clusters on one ray: not separable through 0
           "origin": ((0.5, 1.5), (1.5, 0.3))}  # separable through the origin
SEEDS = {"offset": 0, "origin": 1}


def _steps(profile):
    return {"quick": 30_000, "default": 100_000}.get(profile.name, 300_000)


def _lse(theta, X, y):
    return logsumexp(-y * MODEL.fn(theta, X))


def _neg_lse(theta, X, y):
    """``log r = -log L``: the clock of gradient flow on L itself (see verify.dynamics.scaled_gd)."""
    return -_lse(theta, X, y)


def dataset(kind, seed=None):
    """Ten points, 5 per class, Gaussian clusters (std 0.25) around ``CENTRES[kind]``."""
    rng = np.random.default_rng(SEEDS[kind] if seed is None else seed)
    cp, cn = (np.asarray(c) for c in CENTRES[kind])
    X = np.vstack([cp + 0.25 * rng.normal(size=(5, 2)), cn + 0.25 * rng.normal(size=(5, 2))])
    return X, np.r_[np.ones(5), -np.ones(5)]


def normalise(theta, X, y):
    """``(theta~, q(theta~))``: theta pulled back along its characteristic curve to min margin 1."""
    q = y * np.asarray(MODEL.fn(jnp.asarray(theta), X))
    qm = q.min()
    lam = np.array([float(r) for r in MODEL.rates])
    return theta * qm ** (-lam), q / qm


def asym_kkt(theta_n, q, X, y):
    """KKT residual of ``min 1/2 b^2 s.t. q_i >= 1`` at the normalised ``(a, w, b)``."""
    a, w, b = theta_n[0], theta_n[1:3], theta_n[3]
    J = np.column_stack([y * (X @ w), y[:, None] * a * X, y])  # rows: grad q_i in (a, w1, w2, b)
    return MM.kkt_residual(np.array([0.0, 0.0, 0.0, b]), J, q)


@functools.lru_cache(maxsize=32)
def trajectory(kind, steps, seed=None):
    """Checkpoints (every steps/100) of the run on ``dataset(kind, seed)``: a dict of arrays."""
    X, y = dataset(kind, seed)
    run = scaled_gd(_lse, THETA0, ETA, steps, scale=inverse_norm_scale((1, 1, 1, 0)), every=steps // 100,
                    args=(jnp.asarray(X), jnp.asarray(y)), log_rate=_neg_lse)
    T = np.asarray(run.records)
    out = {"step": np.arange(len(T)) * (steps // 100), "theta": T, "log_time": np.asarray(run.log_time), "qmin": [], "b_n": [], "kkt": [], "kkt_rel": [],
           "b_over_u": [], "u_dir": []}
    for th in T:
        qmin = float(np.min(y * np.asarray(MODEL.fn(jnp.asarray(th), X))))
        out["qmin"].append(qmin)
        u = th[0] * th[1:3]
        out["b_over_u"].append(th[3] / np.linalg.norm(u))
        out["u_dir"].append(u / np.linalg.norm(u))
        if qmin > 0:
            tn, q = normalise(th, X, y)
            k = asym_kkt(tn, q, X, y)
            out["b_n"].append(tn[3])
            out["kkt"].append(k.total)
            out["kkt_rel"].append(k.relative)
        else:
            out["b_n"].append(np.nan)
            out["kkt"].append(np.nan)
            out["kkt_rel"].append(np.nan)
    return {k: np.asarray(v) for k, v in out.items()}


def _boundary(ax, w, b, label, style):
    xs = np.linspace(-0.5, 3.5, 2)
    if abs(w[1]) > 1e-12:
        ax.plot(xs, -(w[0] * xs + b) / w[1], style, label=label)
    else:
        ax.axvline(-b / w[0], ls=style[-1], label=label)


def _scatter(ax, X, y):
    ax.scatter(*X[y > 0].T, marker="o", color="C0", label="y = +1")
    ax.scatter(*X[y < 0].T, marker="x", color="C3", label="y = -1")
    ax.set_xlim(-0.5, 3.5)
    ax.set_ylim(-0.5, 3.5)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")


def asymmetric_limit(profile, reference="asymmetric", figure=True):
    """Data not separable through the origin: the normalised b~ tends to the reference's bias
    (``asymmetric``: b* of min 1/2 b^2; ``svm``: the free-bias SVM's b, the variant) and the
    asymmetric KKT residual decreases."""
    steps = _steps(profile)
    X, y = dataset("offset")
    asy = MM.asymmetric_affine(X, y)
    free, reg = MM.svm(X, y, "free"), MM.svm(X, y, "regularised")
    tr = trajectory("offset", steps)
    b_ref = asy.b_star if reference == "asymmetric" else free.b
    i10 = 10  # checkpoint at 10% of the run
    kkt_end, kkt_10 = tr["kkt_rel"][-1], tr["kkt_rel"][i10]
    b_end = tr["b_n"][-1]
    theta = tr["theta"][-1]
    u_end, b_raw = theta[0] * theta[1:3], theta[3]
    crit = [
        Relation(kkt_end, "<=", 0.25 * kkt_10, label="relative KKT residual: end <= 1/4 of its value at 10% of the run",
                 why="measured decay ~ step^-1.1 ~ q_min^-2.2 (x10 quick, x13 default over the last 90%); a stalled run gives x1"),
        Relation(kkt_end, "<=", 0.02, label="relative KKT residual at the end <= 0.02",
                 why="measured 0.0016 (default), ~0.005 (quick); an O(1) residual means no KKT point"),
        Relation(abs(b_end - b_ref) / abs(b_ref), "<=", 0.01, label=f"|b~ - b_ref| / |b_ref| ({reference})",
                 why="b~ - b* ~ KKT residual (measured 7e-4 default); the free-bias SVM's b differs by ~15%"),
    ]
    details = {"steps": steps, "eta": ETA, "b_star_asymmetric": asy.b_star, "b_free_svm": free.b,
               "b_regularised_svm": reg.b, "b_normalised_end": float(b_end), "kkt_rel_end": float(kkt_end),
               "kkt_rel_10pct": float(kkt_10), "qmin_end": float(tr["qmin"][-1]),
               "margin_free_svm": free.margin, "margin_regularised_svm": reg.margin,
               "margin_gd_limit": MM.geometric_margin(u_end, b_raw, X, y),
               "svm_kkt_total": free.kkt.total,
               # measured rate: log-log slope of the relative KKT residual vs step over the last 90% of the run
               "kkt_loglog_slope": float(np.polyfit(np.log(tr["step"][i10:]), np.log(tr["kkt_rel"][i10:]), 1)[0]),
               "kkt_vs_qmin_slope": float(np.polyfit(np.log(tr["qmin"][i10:]), np.log(tr["kkt_rel"][i10:]), 1)[0])}
    figs = {}
    if figure:
        fig, (ax0, ax1) = new_figure(ncols=2, width=4.6, height=4.0)
        _scatter(ax0, X, y)
        _boundary(ax0, u_end, b_raw, "GD limit (asymmetric)", "k-")
        _boundary(ax0, free.w, free.b, "SVM, free bias", "C2--")
        _boundary(ax0, reg.w, reg.b, "SVM, regularised bias", "C1:")
        ax0.legend(fontsize=8)
        ax0.set_title("data not separable through 0")
        ok = tr["step"] > 0
        ax1.loglog(tr["step"][ok], tr["kkt_rel"][ok], "k-", label="relative KKT residual (asymmetric problem)")
        ax1.loglog(tr["step"][ok], np.abs(tr["b_n"][ok] - asy.b_star) / asy.b_star, "C0--", label="|b~ - b*| / b*")
        ax1.axhline(abs(free.b - asy.b_star) / asy.b_star, color="C2", ls=":", label="free-bias SVM: |b_svm - b*| / b*")
        ax1.set_xlabel("step")
        ax1.legend(fontsize=8)
        figs["asymmetric_limit"] = (fig, "GD on f = a (w^T x) + b (log-exp loss, time-rescaled steps). Left: the "
                                    "decision boundary of the GD iterate (black) vs the free- and regularised-bias "
                                    "SVMs. Right: the KKT residual of min 1/2 b^2 s.t. y_i f(x_i) >= 1 at the "
                                    "normalised iterate and the gap of its bias to the LP optimum b* both fall to 0; "
                                    "the SVM's bias stays ~15% away. Look for: decreasing black and blue curves.")
    return Finding(criteria=crit, details=details, figures=figs, converged=bool(np.isfinite(kkt_end)))


def kkt_rate(profile, exponent=1.0, figure=True):
    """The relative KKT residual of the asymmetric problem (offset data) against the gradient-flow time t of
    the exponential loss (the run's clock): ``residual x (log t)^exponent`` must not grow from 10% of the run
    to its end (``exponent`` 1: a 1/log t rate or faster; the variant says 3). The fitted exponent of
    ``residual ~ (log t)^-p`` over the last 90% and over its thirds are details."""
    steps = _steps(profile)
    tr = trajectory("offset", steps)
    i10 = 10
    logt, res = tr["log_time"][i10:], tr["kkt_rel"][i10:]
    slope = float(np.polyfit(np.log(logt), np.log(res), 1)[0])
    thirds = np.array_split(np.arange(len(logt)), 3)
    local = [float(np.polyfit(np.log(logt[ix]), np.log(res[ix]), 1)[0]) for ix in thirds]
    ratio = float(res[-1] * logt[-1] ** exponent / (res[0] * logt[0] ** exponent))
    crit = [Relation(ratio, "<=", 1.0, label=f"residual x (log t)^{exponent:g}: end / (10% of the run) <= 1",
                     why="a residual ~ C (log t)^-p gives (log t_end / log t_10%)^(exponent - p): <= 1 iff p >= exponent. "
                         "Measured for exponent 1: 0.28 (quick), 0.22 (default), 0.38 (thorough); for 3: 2.4 (quick), "
                         "2.0 (default). Residuals are NNLS values accurate to ~1e-12, far below these margins"),
            Relation(res[-1], "<=", res[0] / 2, label="the residual falls over the last 90% of the run (x2 at least)",
                     why="measured x10 (quick), x13 (default), x8 (thorough); a stalled run gives x1")]
    details = {"steps": steps, "ratio": ratio, "fitted_exponent": -slope, "local_exponents_thirds": [-v for v in local],
               "log_t_10pct": float(logt[0]), "log_t_end": float(logt[-1]), "kkt_rel_end": float(res[-1]),
               "log_t_minus_qmin_end": float(tr["log_time"][-1] - tr["qmin"][-1])}
    figs = {}
    if figure:
        fig, ax = new_figure(width=4.6, height=3.6)
        ok = np.isfinite(tr["log_time"]) & (tr["log_time"] > 0)
        ax.loglog(tr["log_time"][ok], tr["kkt_rel"][ok], "k.-", ms=3, label="relative KKT residual (asymmetric problem)")
        c1 = res[0] * logt[0]
        ax.loglog(logt, c1 / logt, "C0--", label="C / log t")
        ax.loglog(logt, np.exp(np.polyval(np.polyfit(np.log(logt), np.log(res), 1), np.log(logt))), "C3:",
                  label=f"fit: (log t)^-{-slope:.2f}")
        ax.axvline(logt[0], color="0.6", lw=0.8)
        ax.set_xlabel("log t (gradient-flow time of the exponential loss)")
        ax.set_ylabel("relative KKT residual")
        ax.legend(fontsize=8)
        figs["kkt_rate"] = (fig, "KKT residual of min 1/2 b^2 s.t. y_i f(x_i) >= 1 at the normalised iterate of "
                            "f = a (w^T x) + b (offset data), against log t, t the gradient-flow time of the "
                            "exponential loss (accumulated from the time-rescaled GD steps). The fit uses the points "
                            "right of the grey line (last 90% of the run). Look for: the black curve falling faster "
                            "than C / log t (blue): fitted exponent 2.3 (quick, default), 1.7 at 3e5 steps, "
                            "its local value falling along the run.")
    return Finding(criteria=crit, details=details, figures=figs, converged=bool(np.isfinite(slope)))


def origin_limit(profile, reference="no-bias", figure=True):
    """Data separable through the origin: b/|a w| -> 0 and a w tends to the reference direction
    (``no-bias``: the SVM without bias; ``free``: the free-bias SVM, the variant)."""
    steps = _steps(profile)
    X, y = dataset("origin")
    asy = MM.asymmetric_affine(X, y)
    nob, free = MM.svm(X, y, "none"), MM.svm(X, y, "free")
    ref = nob if reference == "no-bias" else free
    w_ref = ref.w / np.linalg.norm(ref.w)
    ratio_ref = ref.b / np.linalg.norm(ref.w)
    tr = trajectory("origin", steps)
    cos_end = float(tr["u_dir"][-1] @ w_ref)
    r_end, r_10 = tr["b_over_u"][-1], tr["b_over_u"][10]
    crit = [
        Relation(abs(r_end - ratio_ref), "<=", 2e-3, label=f"|b/|a w| - b_ref/|w_ref|| ({reference}) at the end",
                 why="measured |b|/|a w| = 3e-5 (quick), 1.2e-5 (default) and decaying; the free-bias SVM has 0.18"),
        Relation(abs(r_end), "<=", abs(r_10) / 3, label="|b|/|a w|: end <= 1/3 of its value at 10% of the run",
                 why="measured decay x4.6 (quick) and x5.8 (default) over the last 90% of the run; a stalled run gives x1"),
        Relation(1.0 - cos_end, "<=", 1e-4, label=f"1 - cos(a w, w_ref) ({reference})",
                 why="measured 4e-10 (quick), 6e-11 (default); the free-bias SVM direction is at 1e-2"),
    ]
    details = {"steps": steps, "degenerate_asymmetric": asy.degenerate, "b_over_u_end": float(r_end),
               "b_over_u_10pct": float(r_10), "cos_to_reference": cos_end, "reference": reference,
               "margin_no_bias_svm": nob.margin, "margin_free_svm": free.margin}
    figs = {}
    if figure:
        theta = tr["theta"][-1]
        fig, (ax0, ax1) = new_figure(ncols=2, width=4.6, height=4.0)
        _scatter(ax0, X, y)
        _boundary(ax0, theta[0] * theta[1:3], theta[3], "GD limit", "k-")
        _boundary(ax0, nob.w, 0.0, "SVM, no bias", "C1:")
        _boundary(ax0, free.w, free.b, "SVM, free bias", "C2--")
        ax0.legend(fontsize=8)
        ax0.set_title("data separable through 0")
        ok = tr["step"] > 0
        ax1.loglog(tr["step"][ok], np.abs(tr["b_over_u"][ok]), "k-", label="|b| / |a w|")
        ax1.loglog(tr["step"][ok], np.maximum(1 - tr["u_dir"][ok] @ (nob.w / np.linalg.norm(nob.w)), 1e-17),
                   "C1--", label="1 - cos(a w, no-bias SVM)")
        ax1.set_xlabel("step")
        ax1.legend(fontsize=8)
        figs["origin_limit"] = (fig, "Same dynamics on data separable through the origin. Left: the GD boundary "
                                "passes through 0 and coincides with the no-bias SVM, not the free-bias SVM. Right: "
                                "b/|a w| -> 0 and the direction of a w converges to the no-bias SVM. Look for: "
                                "both curves decreasing.")
    return Finding(criteria=crit, details=details, figures=figs, converged=bool(np.isfinite(r_end)))


def robustness(profile, order="asymmetric<=regularised<=free"):
    """Geometric margins on offset data (several seeds): GD limit <= regularised-bias SVM <= free-bias
    SVM (``order``; the variant states the GD limit is the most robust, ``free<=asymmetric``)."""
    steps = _steps(profile)
    seeds = range({"quick": 4, "default": 8}.get(profile.name, 16))
    crit, rows = [], []
    for sd in seeds:
        X, y = dataset("offset", sd)
        theta = trajectory("offset", steps, sd)["theta"][-1]
        m_gd = MM.geometric_margin(theta[0] * theta[1:3], theta[3], X, y)
        m_reg, m_free = MM.svm(X, y, "regularised").margin, MM.svm(X, y, "free").margin
        rows.append((sd, m_gd, m_reg, m_free))
        why = ("SVM margins exact to ~1e-9 (KKT-certified); the GD margin is still growing toward its limit "
               "(its KKT residual ~1e-3), so a 1e-3 slack")
        if order == "asymmetric<=regularised<=free":
            crit += [Relation(m_gd, "<=", m_reg, atol=1e-3, why=why, label=f"seed {sd}: GD limit <= regularised SVM"),
                     Relation(m_reg, "<=", m_free, atol=1e-9, why=why, label=f"seed {sd}: regularised <= free SVM")]
        else:
            crit.append(Relation(m_free, "<=", m_gd, atol=1e-3, why=why, label=f"seed {sd}: free SVM <= GD limit"))
    return Finding(criteria=crit, details={"steps": steps, "margins (seed, GD limit, regularised, free)": rows})


LINEAR = QM.affine_linear()


def _lse_linear(theta, X, y):
    return logsumexp(-y * LINEAR.fn(theta, X))


def homogeneous_limit(profile, reference="augmented"):
    """Lambda = I (f = w^T x + b, homogeneous of degree 1): the direction of (w, b) tends to the SVM in the
    augmented space (x, 1), i.e. the regularised-bias SVM (``augmented``); the variant says the free-bias
    SVM (``free``). Same offset data as :func:`asymmetric_limit`; plain GD on log L (eta = 0.1 < 2 / max|(x, 1)|^2)."""
    steps = _steps(profile)
    X, y = dataset("offset")
    run = scaled_gd(_lse_linear, np.zeros(3), 0.1, steps, scale=inverse_norm_scale((0, 0, 0)), every=steps // 10,
                    args=(jnp.asarray(X), jnp.asarray(y)))
    T = np.asarray(run.records)
    ref = MM.svm(X, y, "regularised" if reference == "augmented" else "free")
    r = np.r_[ref.w, ref.b] / np.linalg.norm(np.r_[ref.w, ref.b])
    gaps = [1.0 - th @ r / np.linalg.norm(th) for th in T[1:]]
    crit = [Relation(gaps[-1], "<=", 1e-4, label=f"1 - cos((w, b), {reference} SVM) at the end",
                     why="measured 8e-7 (quick), 7e-8 (default); the free-bias SVM direction is at 1.2e-2"),
            Relation(gaps[-1], "<=", gaps[0] / 4, label="the gap decreases: end <= 1/4 of its value at 10% of the run",
                     why="measured x60 (quick), x100 (default); a stalled run gives x1")]
    return Finding(criteria=crit, details={"steps": steps, "gaps (every 10%)": [float(g) for g in gaps],
                                           "reference": reference})


TABLE_STEPS = (10_000, 1_000_000)  # the digest's table 4.7 rows


def table_4_7(profile, quasi_reference="no-bias"):
    """Digest table 4.7 regenerated on the seeded ``origin`` data (the digest's data set was not recorded):
    f = a (w^T x) + b (the runs of :func:`trajectory`) and f = w^T x + b (plain GD on log L, eta = 0.1), at
    10^4 and 10^6 steps. Compared: the entries that do not depend on the data set, to the table's printed
    precision. ``quasi_reference``: the SVM whose margin the quasi-homogeneous limit attains (``no-bias``; the
    variant says ``regularised``)."""
    X, y = dataset("origin")
    refs = {k: MM.svm(X, y, k) for k in ("none", "regularised", "free")}
    nob, reg, free = refs["none"], refs["regularised"], refs["free"]
    m_ref = nob.margin if quasi_reference == "no-bias" else reg.margin
    printed = ("the table prints 3 decimals (margins, b/|u|) and 4 (cosines): agreement means within half a unit "
               "of the last digit")
    crit, rows = [], []
    for steps in TABLE_STEPS:
        th = trajectory("origin", steps)["theta"][-1]
        u, b = th[0] * th[1:3], th[3]
        m_q = MM.geometric_margin(u, b, X, y)
        cos_q = float(u @ nob.w / (np.linalg.norm(u) * np.linalg.norm(nob.w)))
        lin = scaled_gd(_lse_linear, np.zeros(3), 0.1, steps, scale=inverse_norm_scale((0, 0, 0)), every=steps,
                        args=(jnp.asarray(X), jnp.asarray(y))).theta
        lin = np.asarray(lin)
        m_h = MM.geometric_margin(lin[:2], lin[2], X, y)
        r = np.r_[reg.w, reg.b]
        cos_h = float(lin @ r / (np.linalg.norm(lin) * np.linalg.norm(r)))
        rows.append({"steps": steps, "b/|u|": float(b / np.linalg.norm(u)), "margin (quasi)": m_q, "cos(u, no-bias SVM)": cos_q,
                     "|u|": float(np.linalg.norm(u)), "|b|": float(abs(b)), "margin (homog.)": m_h,
                     "cos to augmented SVM": cos_h})
        crit += [
            Relation(abs(b / np.linalg.norm(u)), "<=", 1.5e-3, label=f"{steps} steps: |b/|u|| (table: -0.001, -0.000)",
                     why=printed),
            Relation(abs(m_q - m_ref), "<=", 5e-4, label=f"{steps} steps: quasi margin - {quasi_reference} SVM margin "
                     "(table: 0.692 = 0.692)", why=printed + "; the SVM margins are KKT-certified to ~1e-9"),
            Relation(cos_q, ">=", 1 - 5e-5, label=f"{steps} steps: cos(u, no-bias SVM) (table: 1.0000)", why=printed),
            Relation(abs(m_h - reg.margin), "<=", 5e-4, label=f"{steps} steps: homogeneous margin - regularised SVM "
                     "margin (table: 0.711 = 0.711)", why=printed),
            Relation(cos_h, ">=", 1 - 5e-5, label=f"{steps} steps: cos((w, b), augmented SVM) (table: 1.0000)",
                     why=printed),
        ]
    ratio = rows[1]["|u|"] / rows[0]["|u|"]
    crit += [
        Relation(abs(ratio - 6.9e4 / 685), "<=", 2.0, label="|u|(1e6) / |u|(1e4) (table: 6.9e4 / 685 = 100.7)",
                 why="the table's rounding (2 and 3 digits) allows 99.9..101.5; |u| grows like c (k + k0) with a "
                     "data-dependent transient k0, a ~1% shift of the ratio for k0 ~ 1e2; so +-2. A sqrt or exponential "
                     "growth law gives 10 or >> 100"),
        Relation(nob.margin, "<=", reg.margin, label="reference margins: no-bias <= regularised (table: 0.692 <= 0.711)",
                 atol=1e-9, why="KKT-certified SVMs (residual ~1e-9)"),
        Relation(reg.margin, "<=", free.margin, label="regularised <= free (table: 0.711 <= 0.784)", atol=1e-9,
                 why="KKT-certified SVMs (residual ~1e-9)"),
    ]
    details = {"rows": rows, "margins (no-bias, regularised, free SVM)": [nob.margin, reg.margin, free.margin],
               "|u| ratio": ratio, "|b| ratio (table 0.89 / 0.50 = 1.78; data-dependent, log-like growth)":
               rows[1]["|b|"] / rows[0]["|b|"], "reference": quasi_reference}
    return Finding(criteria=crit, details=details)
