"""Experiments and figures for the bw25 claims (declared in ``claims.py``).

All runs: scalar model (d = 1), Phi = 1, float64 GD vectorised over a batch
(:func:`verify.models.depth2.run_gd_batch`); converged means ``|eps_T| <= 1e-13``. The
mpmath GD (:func:`verify.models.depth2.run_gd_mp`) is the reference for a few points.
No claims are declared here.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np

from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.models import depth2 as M
from verify.report.figures import new_figure

PHI = 1.0
INITS = [(2.0, 0.1), (1.0, 0.3), (0.3, 2.5)]  # (a0, b0), scalar
TOL = 1e-13


def _n(profile, quick, default):
    return quick if profile.name == "quick" else default * (3 if profile.name == "thorough" else 1)


def sharpness_vs_eta(profile):
    """S_GD(eta) for three inits against S_GF, 2/eta and the floor 2|Phi|; mpmath reference points."""
    n = _n(profile, 48, 160)
    etas = np.linspace(0.01, 1.3, n)
    fig, ax = new_figure(width=6.0, height=4.0)
    crit, details = [], {"n_eta": n, "cap": 20_000, "tol": TOL}
    for k, (a0, b0) in enumerate(INITS):
        A = np.full((n, 1), a0)
        B = np.full((n, 1), b0)
        r = M.run_gd_batch(A, B, PHI, etas, tol=TOL, max_steps=20_000)
        conv = r["status"] == 0
        S = np.sqrt(4 * PHI**2 + r["I"])
        S_formula = M.gd_limit_sharpness(r["I0"], PHI, r["log_kappa"], lib=np)
        Sgf = M.gf_limit_sharpness(float(r["I0"][0]), PHI)
        line = ax.plot(etas[conv], S[conv], "o-", ms=3, label=f"S_GD, init ({a0}, {b0})")[0]
        ax.axhline(Sgf, color=line.get_color(), ls="--", lw=0.8)
        if conv.any():
            crit.append(Relation(float(np.max(etas[conv] * S[conv])), "<=", 2.0, atol=1e-9,
                                 label=f"init ({a0}, {b0}): converged runs are stable, max eta S_GD <= 2",
                                 why="S_GD read at |eps| <= 1e-13"))
            rel_err = float(np.max(np.abs(S[conv] - S_formula[conv]) / S[conv]))
            crit.append(Relation(rel_err, "<=", 8 * 20_000 * 2.0**-52, label=f"init ({a0}, {b0}): S_GD = "
                                 "sqrt(4 Phi^2 + kappa^2 I_0) (max relative difference)",
                                 why="<= 8 ulp per step over <= 2e4 steps"))
        crit.append(Relation(int(np.sum(conv & (etas > 1 / abs(PHI)))), "==", 0,
                             label=f"init ({a0}, {b0}): no convergence for eta > 1/|Phi|"))
        details[f"init ({a0}, {b0})"] = {"S_GF": Sgf, "converged": int(conv.sum()),
                                         "status_counts": {M.STATUS[s]: int(np.sum(r["status"] == s))
                                                           for s in sorted(set(r["status"].tolist()))}}
    # mpmath reference points (init (2, 0.1)): float64 S_GD agrees with the 50-digit run
    ref = []
    with mpmath.workdps(50):
        for eta in (0.1, 0.5):
            rm = M.run_gd_mp([2.0], [0.1], PHI, eta, tol=TOL)
            rf = M.run_gd([2.0], [0.1], PHI, eta, tol=TOL)
            s_mp = mpmath.sqrt(4 * PHI**2 + rm.I)
            ref.append((eta, float(s_mp), rf.limit_sharpness))
            crit.append(Relation(rf.limit_sharpness, "==", float(s_mp), rtol=1e-10,
                                 label=f"float64 vs mpmath S_GD at eta = {eta}",
                                 why="<= 8 ulp per step over < 100 steps, plus |eps_T| <= 1e-13"))
    details["mpmath_reference"] = ref
    e = np.linspace(0.2, 1.3, 200)
    ax.plot(e, 2 / e, "k:", lw=1, label="2/eta")
    ax.axhline(2 * abs(PHI), color="grey", lw=0.8, label="floor 2|Phi|")
    ax.set(xlabel="step size eta", ylabel="sharpness of the GD limit", ylim=(1.5, 8.5),
           title="GD limit sharpness vs step size (Phi = 1)")
    ax.legend(fontsize=7)
    return Finding(criteria=crit, details=details,
                   figures={"sharpness_vs_eta": (fig, "S_GD(eta) for three scalar inits (dots, converged runs "
                                                 "only); dashed: S_GF of the same init; dotted: 2/eta; grey: 2|Phi|. "
                                                 "Past 2/S_GF the limit follows the 2/eta curve (edge of stability); "
                                                 "no run converges past 1/|Phi|.")})


def loss_curves(profile):
    """|eps_t| for several eta against the predicted asymptotic rate |1 - eta S_GD|."""
    a0, b0 = 2.0, 0.1
    etas = (0.05, 0.2, 0.35, 0.44)  # all below 2/max(S_0, S_GF) = 0.448 for this init
    steps = _n(profile, 600, 600)
    fig, ax = new_figure(width=6.0, height=4.0)
    crit, details = [], {}
    for eta in etas:
        eps, _, _ = M.gd_trajectory([a0], [b0], PHI, eta, steps)
        run = M.run_gd([a0], [b0], PHI, eta, tol=TOL)
        rho = abs(1 - eta * run.limit_sharpness)
        t = np.arange(steps)
        err = np.abs(eps)
        line = ax.semilogy(t, np.maximum(err, 1e-18), lw=1.2, label=f"eta = {eta}")[0]
        win = np.where((err > 1e-11) & (err < 1e-5))[0]
        if len(win) >= 2:
            t0 = win[0]
            ax.semilogy(t, err[t0] * rho ** (t - t0), "k:", lw=1.0,
                        label="predicted |1 - eta S_GD|^t" if eta == etas[0] else None)
            slope = float(np.polyfit(t[win], np.log(err[win]), 1)[0]) if len(win) > 2 else \
                float(np.log(err[win[1]] / err[win[0]]) / (win[1] - win[0]))
            # per-step ratio deviates from rho by <= eta (4 + eta |Phi|) |eps| <= 5 eta 1e-5 in the window,
            # i.e. |log ratio - log rho| <= 5 eta 1e-5 / rho; float error of eps at 1e-11: ~1e-5 relative
            tol = 5 * eta * 1e-5 / rho + 2e-5
            crit.append(Relation(slope, "==", math.log(rho), atol=tol,
                                 label=f"eta = {eta}: fitted tail slope of log|eps_t| = log|1 - eta S_GD|",
                                 why="first-order deviation in the window 1e-11 < |eps| < 1e-5"))
            details[f"eta={eta}"] = {"S_GD": run.limit_sharpness, "rho": rho, "fitted": math.exp(slope),
                                     "steps": run.steps, "window": [int(win[0]), int(win[-1])]}
    ax.set(xlabel="step t", ylabel="|eps_t| = sqrt(2 L_t)", ylim=(1e-16, 10), xlim=(0, 120),
           title="Loss curves (init (2, 0.1), Phi = 1) and predicted rate")
    ax.legend(fontsize=7)
    return Finding(criteria=crit, details=details,
                   figures={"loss_curves": (fig, "Residual |eps_t| (solid) and the predicted linear rate "
                                                 "|1 - eta S_GD|^t (dashed) anchored in the tail.")})


def phase_diagram(profile):
    """Over (eta |Phi|, balance), for m_0 > 0 and m_0 < 0: converged and flatter than GF / converged,
    not flatter / not converged in the cap / witnessed non-convergence."""
    from matplotlib.colors import ListedColormap

    n_eta, n_bal = _n(profile, 36, 90), _n(profile, 21, 51)
    etas = np.linspace(0.02, 1.3, n_eta)
    bals = np.linspace(0.0, 1.0, n_bal)
    scale = 3.0
    cap = _n(profile, 20_000, 50_000)
    E, Bal = np.meshgrid(etas, bals)
    cmap = ListedColormap(["#4c9a2a", "#f2c14e", "#9aa0a6", "#c0392b"])
    names = ["converged_flatter", "converged_not_flatter", "cap", "witnessed_nonconvergence"]
    fig, axes = new_figure(ncols=2, width=4.6, height=4.0)
    crit, counts = [], {}
    for ax, sign in zip(axes, (1, -1)):
        inits = [M.init_ab(1, scale, float(bb), sign, 0) for bb in Bal.ravel()]
        A = np.array([x[0] for x in inits])
        B = np.array([x[1] for x in inits])
        r = M.run_gd_batch(A, B, PHI, E.ravel() / abs(PHI), tol=TOL, max_steps=cap)
        conv = r["status"] == 0
        S = np.sqrt(4 * PHI**2 + r["I"])
        Sgf = np.sqrt(4 * PHI**2 + r["I0"])
        flatter = conv & (S < Sgf * (1 - 1e-12))
        cls = np.where(flatter, 0, np.where(conv, 1, np.where(r["status"] == 2, 2, 3))).reshape(E.shape)
        ax.pcolormesh(E, Bal, cls, cmap=cmap, vmin=-0.5, vmax=3.5, shading="nearest", rasterized=True)
        I0 = (bals * scale) ** 2
        ax.plot(2 / np.sqrt(4 * PHI**2 + I0), bals, "k--", lw=1, label="eta = 2/S_GF")
        S0 = np.array([M.sharpness(*[list(x) for x in M.init_ab(1, scale, float(bb), sign, 0)], PHI)
                       for bb in bals])
        ax.plot(2 / S0, bals, "k:", lw=1, label="eta = 2/S_0")
        ax.axvline(1 / abs(PHI), color="k", lw=1, label="eta = 1/|Phi|")
        ax.set(xlabel="eta |Phi|", ylabel="initial balance sqrt(I_0)/lam_0", xlim=(0, 1.3), ylim=(-0.03, 1.03),
               title=f"m_0 {'>' if sign > 0 else '<'} 0 (lam_0 = {scale}, Phi = 1)")
        key = "m0>0" if sign > 0 else "m0<0"
        counts[key] = {n: int(np.sum(cls == k)) for k, n in enumerate(names)}
        crit += [Relation(int(np.sum(conv & (E.ravel() > 1 / abs(PHI)))), "==", 0,
                          label=f"{key}: no converged cell with eta > 1/|Phi| (sharpness floor)"),
                 Relation(float(np.max((E.ravel() * S)[conv])), "<=", 2.0, atol=1e-9,
                          label=f"{key}: every converged cell is stable, eta S_GD <= 2",
                          why="S_GD read at |eps| <= 1e-13")]
    for c, name in zip(cmap.colors, ["converged, flatter than GF", "converged, not flatter",
                                     f"not converged in {cap} steps", "diverged / 2-cycle / trapped"]):
        axes[1].plot([], [], "s", color=c, label=name)
    axes[1].legend(fontsize=6, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return Finding(criteria=crit, details={"counts": counts, "cap": cap, "grid": [n_eta, n_bal], "scale": scale},
                   figures={"phase_diagram": (fig, "Outcome of GD over step size and initial balance (0 = "
                                                   "exactly balanced) for a scalar init with m_0 = a_0 b_0 > 0 (left) "
                                                   "and m_0 < 0 (right). Green: converged to a minimum flatter than "
                                                   "the GF one; yellow: converged, not flatter (I_0 = 0, where "
                                                   "S_GD = S_GF, or a catapult step eta|eps_t| > sqrt(2) that "
                                                   "raised I); grey: still running at the cap (slow "
                                                   "edge-of-stability regime); red: witnessed non-convergence.")})
