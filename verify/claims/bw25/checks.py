"""Check functions for the bw25 claims (declared in ``claims.py``).

Each check is a pure function of an example (``d, phi, init, eta``) and of the constant or
reference it tests, so that a claim and its negative-control variant share the same code.
``*_mp`` twins re-evaluate the same relation with GD iterated in mpmath (the runner sets 50
digits); they are the ``precise=`` confirmations. No claims are declared here.

Example parameters (all checks): width ``d``; target ``phi``; the initialisation from
:func:`verify.models.depth2.init_ab` (``log_scale``: ``lam_0 = 10**log_scale``;
``balance = sqrt(I_0)/lam_0`` in [0, 1], 0 = exactly balanced; ``sign``: which of ``u0, v0``
is larger; ``seed``: directions); the step size as a fraction ``f`` of a threshold.
"""

from __future__ import annotations

import dataclasses
import math

import hypothesis
import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import mpmath
import numpy as np

from verify.core.relation import Relation
from verify.models import depth2 as M

EPS64 = 2.0**-52
CAP = 100_000  # GD step cap (refined claims: convergence must happen within it)
CAP_STATED = 20_000  # step cap for the as-stated linear-rate check (its mpmath confirmation reruns it)
CAP_LARGE = 20_000  # step cap for the large-step checks
TOL_CONV = 1e-9  # |eps_T| <= TOL_CONV counts as converged (rate measured at that point)
TOL_LIMIT = 1e-13  # residual at which limit sharpnesses are read off

# --- strategies (small fixed sets for shapes; floats for the continuous parameters) -----------
WIDTH = st.sampled_from([1, 2, 3, 4])
PHI = st.builds(lambda s, x: s * x, st.sampled_from([1.0, -1.0]), st.floats(0.25, 4.0))
LOG_SCALE = st.floats(-2.0, 1.2)  # lam_0 in [0.01, 16]
BALANCE = st.floats(0.0, 1.0)  # includes exactly balanced inits (0.0)
BALANCE_POS = st.floats(0.01, 1.0)  # I_0 > 0
SIGN = st.sampled_from([1, -1])
SEED = st.integers(0, 3)
INIT = {"d": WIDTH, "phi": PHI, "log_scale": LOG_SCALE, "balance": BALANCE, "sign": SIGN, "seed": SEED}
INIT_POS = dict(INIT, balance=BALANCE_POS)


def init(d, log_scale, balance, sign, seed):
    return M.init_ab(d, 10.0**log_scale, balance, sign, seed)


def sharp0(a, b, phi):
    return M.sharpness(list(a), list(b), phi)


def s_gf(a, b, phi):
    return M.gf_limit_sharpness(float(M.imbalance(a, b)), phi)


def _mp_run(a, b, phi, eta, **kw):
    return M.run_gd_mp(a, b, phi, eta, **kw)


def _lib(run):
    return mpmath if isinstance(run.eps, mpmath.mpf) else math


# --- Hessian ------------------------------------------------------------------------------------
def sharpness_formula(a, b, phi, c_I=0.25):
    """``lam/2 + sqrt((2m - Phi)^2 + c_I I)`` (true constant ``c_I = 1/4``)."""
    m = float(np.dot(a, b))
    lam = float(M.norm_sq(a, b))
    return lam / 2 + math.sqrt((2 * m - phi) ** 2 + c_I * float(M.imbalance(a, b)))


_hess = jax.jit(jax.hessian(M.loss_flat))  # the autodiff Hessian, the oracle of every Hessian check here


@jax.jit
def _eig_top(theta, phi):
    return jnp.linalg.eigvalsh(_hess(theta, phi))[-1]


def hessian_top(d, phi, log_scale, balance, sign, seed, c_I=0.25):
    """At an arbitrary point: the model's closed-form Hessian ``w w^T + eps J`` against the
    autodiff Hessian of the loss, and the closed-form top eigenvalue against its ``eigvalsh``."""
    a, b = init(d, log_scale, balance, sign, seed)
    H = np.asarray(_hess(jnp.concatenate([jnp.asarray(a), jnp.asarray(b)]), phi))
    scale = float(M.norm_sq(a, b)) + abs(phi) + abs(float(M.residual(a, b, phi)))
    closed = M.hessian(a, b, phi)
    return [Relation(float(np.max(np.abs(closed - H))), "==", 0.0, atol=8 * (d + 2) * EPS64 * scale,
                     label="max |w w^T + eps J - autodiff Hessian|",
                     why="each entry b_i b_j + eps delta: (d + 2) roundings of terms <= lam + |eps| + |Phi|, x8"),
            Relation(sharpness_formula(a, b, phi, c_I), "==", float(np.linalg.eigvalsh(H)[-1]),
                     atol=64 * EPS64 * scale, label="closed-form top eigenvalue vs eigvalsh",
                     why="eigvalsh backward error ~ 2d ulp of ||H|| <= lam + |eps| + |Phi| (64 ulp allowed)")]


# --- gradient flow limit ------------------------------------------------------------------------
def gf_limit(d, phi, log_scale, balance, sign, seed, predictor="I0"):
    """Sharpness at the end of the DOP853 flow vs the predicted GF limit sharpness."""
    a, b = init(d, log_scale, balance, sign, seed)
    aT, bT, _, ok = M.gradient_flow(a, b, phi)
    hypothesis.assume(ok)  # the claim is about flows that reach a global minimum
    pred = s_gf(a, b, phi) if predictor == "I0" else float(M.norm_sq(a, b))
    got = float(_eig_top(jnp.concatenate([jnp.asarray(aT), jnp.asarray(bT)]), phi))
    return Relation(got, "==", pred, rtol=1e-8,
                    why="DOP853 rtol 1e-10 accumulated over <= 1e3 steps (<= 1e-9 relative drift of I) "
                        "plus the endpoint offset |S(theta_T) - S_inf| <= 2|eps_T| = 2e-11")


# --- GD limit -----------------------------------------------------------------------------------
def _gd_limit_rel(run, power, lib):
    """The model's closed form :func:`~verify.models.depth2.gd_limit_sharpness`; ``power = 1``
    (the variant's kappa for kappa^2) evaluates it at half of ``log kappa``."""
    if lib is math:
        hypothesis.assume(run.converged)
    pred = M.gd_limit_sharpness(run.I0, run.phi, power / 2 * run.log_kappa, lib=lib)
    got = lib.sqrt(4 * run.phi**2 + run.I)  # sqrt(4 Phi^2 + I_T) = limit sharpness, tail O(eps_T^2)
    steps = max(run.steps, 1)
    rtol = 8 * steps * EPS64 if lib is math else 8 * steps * mpmath.mpf(10) ** (-mpmath.mp.dps + 5)
    return Relation(got, "==", pred, rtol=rtol + 4 * float(abs(run.eps)),
                    why="I_T and exp(2 sum log|1 - eta^2 eps_t^2|) I_0 each accumulate <= 4 ulp per step "
                        "(8 T ulp in all); tail factor 1 - O(eta^2 eps_T^2)")


def gd_limit(d, phi, log_scale, balance, sign, seed, f, power=2):
    """``sqrt(4 Phi^2 + I_T)`` at the converged GD iterate vs ``sqrt(4 Phi^2 + kappa^power I_0)``."""
    a, b = init(d, log_scale, balance, sign, seed)
    run = M.run_gd(a, b, phi, f / abs(phi), tol=TOL_LIMIT, max_steps=CAP)
    rels = [_gd_limit_rel(run, power, math)]
    # and the closed-form sharpness at the iterate agrees with sqrt(4 Phi^2 + I_T) (eps_T ~ 0)
    rels.append(Relation(run.sharpness, "==", run.limit_sharpness, atol=4 * abs(run.eps) + 1e-12 * run.limit_sharpness,
                         why="S(theta_T) - sqrt(4 Phi^2 + I_T) = O(2|eps_T|); 1e-12 relative float error"))
    return rels


def gd_limit_mp(d, phi, log_scale, balance, sign, seed, f, power=2):
    """Both relations of :func:`gd_limit`, in mpmath (the twin re-evaluates every relation)."""
    a, b = init(d, log_scale, balance, sign, seed)
    run = _mp_run(a, b, phi, f / abs(phi), tol=TOL_LIMIT, max_steps=CAP)
    s_lim = mpmath.sqrt(4 * run.phi**2 + run.I)
    return [_gd_limit_rel(run, power, mpmath),
            Relation(M.sharpness(list(run.a), list(run.b), run.phi, lib=mpmath), "==", s_lim,
                     atol=4 * abs(run.eps) + mpmath.mpf(10) ** (-mpmath.mp.dps + 5) * s_lim)]


# --- linear rate --------------------------------------------------------------------------------
def _rate_relations(run, limit, lib):
    """Converged within the cap, and |eps_T / eps_{T-1}| = |1 - eta S| (S = S_GD or S_GF)."""
    conv = Relation(abs(run.eps), "<=", TOL_CONV, label="|eps_T| <= 1e-9 within the step cap",
                    why="convergence criterion (the claim says: converges to a global minimum)")
    if run.status != 0 or run.steps < 1:
        return [conv]
    eta, phi = run.eta, run.phi
    S_gd = lib.sqrt(4 * phi**2 + run.I)
    S = S_gd if limit == "gd" else lib.sqrt(4 * phi**2 + run.I0)
    rho = abs(1 - eta * S)
    ratio = abs(run.eps / run.eps_prev)
    e1 = abs(run.eps_prev)
    lam = lib.sqrt(4 * (phi + run.eps) ** 2 + run.I)
    unit = EPS64 if lib is math else mpmath.mpf(10) ** (-mpmath.mp.dps + 5)
    # |ratio - rho| <= eta |lam_{T-1} - S_GD| + eta^2 |eps_{T-1}| |m| with |lam_t - S_GD| <= 2|eps_t| (x2 for
    # the imbalance tail), plus the float error of eps_T, eps_{T-1} (~4 ulp of lam + |Phi| each)
    atol = eta * e1 * (4 + eta * (abs(phi) + e1)) + 8 * unit * (lam + abs(phi)) * (1 + ratio) / e1
    return [conv,
            Relation(ratio, "==", rho, atol=atol, label="asymptotic ratio |eps_T/eps_{T-1}| = |1 - eta S_GD|",
                     why="first-order expansion of eps+ = eps(1 - eta lam + eta^2 eps m) at the limit; "
                         "float error of eps at |eps| ~ 1e-9"),
            Relation(rho, "<", 1, label="rate < 1 (linear convergence)")]


def linear_rate(d, phi, log_scale, balance, sign, seed, f, limit="gd", ref="gf"):
    """GD at eta = f * 2 / S_ref converges, asymptotically at the rate |1 - eta S_limit|.

    ``ref``: which sharpness sets the step size: ``"gf"`` = S_GF, ``"max"`` = max(S_0, S_GF).
    """
    a, b = init(d, log_scale, balance, sign, seed)
    S_ref = s_gf(a, b, phi) if ref == "gf" else max(sharp0(a, b, phi), s_gf(a, b, phi))
    run = M.run_gd(a, b, phi, 2 * f / S_ref, tol=TOL_CONV, max_steps=CAP_STATED if ref == "gf" else CAP)
    return _rate_relations(run, limit, math)


def linear_rate_mp(d, phi, log_scale, balance, sign, seed, f, limit="gd", ref="gf"):
    a, b = init(d, log_scale, balance, sign, seed)
    S_ref = s_gf(a, b, phi) if ref == "gf" else max(sharp0(a, b, phi), s_gf(a, b, phi))
    run = _mp_run(a, b, phi, 2 * f / S_ref, tol=TOL_CONV, max_steps=CAP_STATED if ref == "gf" else CAP)
    return _rate_relations(run, limit, mpmath)


def rate_bound(d, phi, log_scale, balance, sign, seed, f, with_floor=True, ref="max"):
    """Refined: the asymptotic rate is at most rho* = max(|1 - 2 eta |Phi||, |1 - eta S_GF|) < 1
    at eta = f * 2/max(S_0, S_GF). Negative controls: ``with_floor=False`` drops the first term;
    ``ref="gf"`` steps at f * 2/S_GF (the refinement's eta < 2/S_0 removed)."""
    a, b = init(d, log_scale, balance, sign, seed)
    S0, Sgf = sharp0(a, b, phi), s_gf(a, b, phi)
    eta = 2 * f / (max(S0, Sgf) if ref == "max" else Sgf)
    run = M.run_gd(a, b, phi, eta, tol=TOL_CONV, max_steps=CAP)
    rels = _rate_relations(run, "gd", math)
    if run.converged:
        rho_star = max(abs(1 - 2 * eta * abs(phi)) if with_floor else 0.0, abs(1 - eta * Sgf))
        rels.append(Relation(rels[1].lhs, "<=", rho_star, atol=rels[1].atol,
                             label="rate <= max(|1 - 2 eta |Phi||, |1 - eta S_GF|)",
                             why="same error estimate as the measured ratio"))
    return rels


# --- large steps ----------------------------------------------------------------------------------
def _witness(run):
    """|eps_T| if the run *witnesses* non-convergence (diverged, period-2 orbit, collapsed onto the
    trapped on u = 0 or v = 0), else 0. A run that hits the step cap without a witness counts as 'possibly very slow'."""
    return abs(run.eps) if run.status in (1, 3, 4) else 0 * run.eps


def large_step(d, phi, log_scale, balance, sign, seed, g):
    """As stated: GD at eta = g * 2 / S_GF, g in [1, 3], converges (possibly slowly)."""
    a, b = init(d, log_scale, balance, sign, seed)
    run = M.run_gd(a, b, phi, 2 * g / s_gf(a, b, phi), tol=1e-12, max_steps=CAP_LARGE)
    return Relation(_witness(run), "<=", 0.0, label="no witness of non-convergence (divergence, 2-cycle, trapped)",
                    why="witnesses: |eps| >= 1e8; |theta_T - theta_{T-2}| <= 1e-13|theta_T| with |eps_T| >= 1e-6; u = 0 exactly (Phi > 0) / v = 0 exactly (Phi < 0)")


def large_step_mp(d, phi, log_scale, balance, sign, seed, g):
    a, b = init(d, log_scale, balance, sign, seed)
    run = _mp_run(a, b, phi, 2 * g / s_gf(a, b, phi), tol=1e-12, max_steps=CAP_LARGE)
    return Relation(_witness(run), "<=", 0)


def window_init(d, phi, c, g, mu, seed):
    """An init and step in the edge-of-stability window: eta = c/|Phi|, S_GF = g * 2/eta,
    m_0 = mu * Phi (so I_0 = S_GF^2 - 4 Phi^2 > 0 and lam_0 = sqrt(I_0 + 4 m_0^2))."""
    eta = c / abs(phi)
    I0 = (2 * g / eta) ** 2 - 4 * phi**2
    m0 = mu * phi
    lam0 = math.sqrt(I0 + 4 * m0 * m0)
    p0, q0 = lam0 + 2 * m0, lam0 - 2 * m0
    rng = np.random.default_rng(seed)
    du, dv = (np.ones(1), np.ones(1)) if d == 1 else (rng.standard_normal(d), rng.standard_normal(d))
    du, dv = du / np.linalg.norm(du), dv / np.linalg.norm(dv)
    u0, v0 = math.sqrt(max(p0, 0.0)) * du, math.sqrt(max(q0, 0.0)) * dv
    return (u0 + v0) / 2, (u0 - v0) / 2, eta


def window_converges(d, phi, c, g, mu, seed):
    """Refined: I_0 > 0, 2/S_GF < eta < min(1/|Phi|, 2/S_0) => GD converges, and S_GD <= 2/eta."""
    a, b, eta = window_init(d, phi, c, g, mu, seed)
    hypothesis.assume(eta * sharp0(a, b, phi) < 2)  # hypothesis of the refined claim
    run = M.run_gd(a, b, phi, eta, tol=1e-12, max_steps=CAP_LARGE)
    rels = [Relation(abs(run.eps), "<=", 1e-12, label="converged within 2e4 steps",
                     why="convergence criterion")]
    if run.converged:
        rels.append(Relation(eta * run.limit_sharpness, "<=", 2.0, atol=1e-9,
                             label="limit is linearly stable: eta S_GD <= 2",
                             why="S_GD read off at |eps_T| <= 1e-12, relative error <= 1e-10"))
    return rels


def window_converges_mp(d, phi, c, g, mu, seed):
    a, b, eta = window_init(d, phi, c, g, mu, seed)
    run = _mp_run(a, b, phi, eta, tol=1e-12, max_steps=CAP_LARGE)
    return Relation(abs(run.eps), "<=", mpmath.mpf("1e-12"))


# --- flatter than gradient flow ---------------------------------------------------------------------
def _flatter_rels(run, ref_S, lib):
    S_gd = lib.sqrt(4 * run.phi**2 + run.I)
    lam = sum(x * x for x in run.a) + sum(y * y for y in run.b)
    unit = EPS64 if lib is math else mpmath.mpf(10) ** (-mpmath.mp.dps + 5)
    tol = 8 * max(run.steps, 1) * unit + 4 * abs(run.eps)
    return [Relation(S_gd, "<=", ref_S, rtol=tol, label="S_GD <= reference sharpness",
                     why="8 ulp per GD step accumulated in I_T; |eps_T| <= 1e-13 endpoint"),
            Relation(lam, "<=", ref_S, rtol=tol + 4 * abs(run.eps), label="|a|^2 + |b|^2 at the GD limit <= reference",
                     why="at a minimum lam = S; lam_T - S_GD = O(2|eps_T|)")]


def _ref_sharpness(a, b, phi, ref, lib=math):
    if ref == "gf":
        return lib.sqrt(4 * lib.mpf(phi) ** 2 + M.imbalance_mp([lib.mpf(x) for x in a], [lib.mpf(y) for y in b])) \
            if lib is mpmath else s_gf(a, b, phi)
    return lib.mpf(sharp0(a, b, phi)) if lib is mpmath else sharp0(a, b, phi)  # "init": S_0


N_GRID = 48  # step sizes per init in the flatter checks


def _eta_grid(a, b, phi, eta_ref):
    """eta_ref='phi': eta = k/N /|Phi|, k = 1..N (every step size at which GD can converge);
    'max': eta = 0.95 k/N * 2/max(S_0, S_GF) (the refined condition)."""
    k = np.arange(1, N_GRID + 1) / N_GRID
    return k / abs(phi) if eta_ref == "phi" else 0.95 * k * 2 / max(sharp0(a, b, phi), s_gf(a, b, phi))


def _worst_eta(a, b, phi, ref, eta_ref):
    """Run GD for the whole step-size grid (one batch); return (eta of the worst run, all-converged flag)."""
    etas = _eta_grid(a, b, phi, eta_ref)
    r = M.run_gd_batch(np.tile(a, (N_GRID, 1)), np.tile(b, (N_GRID, 1)), phi, etas, tol=TOL_LIMIT,
                       max_steps=CAP if eta_ref == "max" else CAP_STATED)
    conv = r["status"] == 0
    if eta_ref == "max" and not conv.all():
        return float(etas[np.argmin(conv)]), False
    if not conv.any():
        return None, False
    excess = np.where(conv, np.sqrt(4 * phi**2 + r["I"]) - _ref_sharpness(a, b, phi, ref), -np.inf)
    return float(etas[int(np.argmax(excess))]), True


def flatter(d, phi, log_scale, balance, sign, seed, ref="gf", eta_ref="phi"):
    """When GD converges, S_GD (= |a|^2 + |b|^2 at the limit) <= reference sharpness, for every step
    size of a grid (one init per example, 48 step sizes in one batch; the worst one is reported).

    ``eta_ref="phi"``: eta = k/48 * 1/|Phi| (as stated: every eta at which GD can converge; runs that do
    not converge are outside the claim); ``"max"``: eta = 0.95 k/48 * 2/max(S_0, S_GF) (refined:
    convergence is part of the conclusion).
    """
    a, b = init(d, log_scale, balance, sign, seed)
    eta, ok = _worst_eta(a, b, phi, ref, eta_ref)
    if eta_ref == "phi":
        hypothesis.assume(eta is not None)
    run = M.run_gd(a, b, phi, eta, tol=TOL_LIMIT, max_steps=CAP if eta_ref == "max" else CAP_STATED)
    if not run.converged:
        return Relation(abs(run.eps), "<=", TOL_LIMIT, label=f"converged at eta = {eta:.6g}")
    return [dataclasses.replace(r, label=r.label + f" (worst grid step eta = {eta:.6g})")
            for r in _flatter_rels(run, _ref_sharpness(a, b, phi, ref), math)]


def flatter_mp(d, phi, log_scale, balance, sign, seed, ref="gf", eta_ref="phi"):
    """The worst grid point of :func:`flatter` re-run in mpmath."""
    a, b = init(d, log_scale, balance, sign, seed)
    eta, _ = _worst_eta(a, b, phi, ref, eta_ref)
    run = _mp_run(a, b, phi, eta, tol=TOL_LIMIT, max_steps=CAP if eta_ref == "max" else CAP_STATED)
    if run.status != 0:
        return Relation(abs(run.eps), "<=", TOL_LIMIT)
    return _flatter_rels(run, _ref_sharpness(a, b, phi, ref, mpmath), mpmath)


# --- speed vs regularisation ------------------------------------------------------------------------
def _reg(run):
    """R = log(I_0 / I_inf) = -2 sum_t log|1 - eta^2 eps_t^2| (the implicit regularisation)."""
    return -2 * run.log_kappa


def slower_more_reg(d, phi, log_scale, balance, sign, seed, f1, f2):
    """As stated (one reading): of two step sizes from the same init, the one that needs more
    steps to converge regularises more: T1 >= T2 => R1 >= R2."""
    a, b = init(d, log_scale, balance, sign, seed)
    S = max(sharp0(a, b, phi), s_gf(a, b, phi))
    r1, r2 = (M.run_gd(a, b, phi, 2 * f / S, tol=TOL_CONV, max_steps=CAP) for f in (f1, f2))
    hypothesis.assume(r1.converged and r2.converged and r1.steps != r2.steps and r1.I0 > 0)
    slow, fast = (r1, r2) if r1.steps > r2.steps else (r2, r1)
    return Relation(_reg(slow), ">=", _reg(fast), atol=8 * (slow.steps + fast.steps) * EPS64,
                    label="R(slower run) >= R(faster run)",
                    why="each log term carries ~4 ulp; summed over both runs")


def slower_more_reg_mp(d, phi, log_scale, balance, sign, seed, f1, f2):
    a, b = init(d, log_scale, balance, sign, seed)
    S = max(sharp0(a, b, phi), s_gf(a, b, phi))
    r1, r2 = (_mp_run(a, b, phi, 2 * f / S, tol=TOL_CONV, max_steps=CAP) for f in (f1, f2))
    slow, fast = (r1, r2) if r1.steps > r2.steps else (r2, r1)
    return Relation(_reg(slow), ">=", _reg(fast))


def area_bounds(d, phi, log_scale, balance, sign, seed, f, c=4.0, small_steps=True):
    """Refined: with M = max_t eta|eps_t| < 1, c eta^2 A <= R <= c eta^2 A / (1 - M^2), A = sum_t L_t,
    c = 4 (from x <= -log(1 - x) <= x/(1 - x) with x = eta^2 eps_t^2), at eta = f * 2/max(S_0, S_GF).

    ``small_steps=False`` (negative control: the refinement removed) steps at eta = f/|Phi|, any step
    at which GD can converge, and drops the assumption M < 1: catapult steps (eta|eps_t| > sqrt 2)
    grow I, so R falls below 4 eta^2 A."""
    a, b = init(d, log_scale, balance, sign, seed)
    eta = 2 * f / max(sharp0(a, b, phi), s_gf(a, b, phi)) if small_steps else f / abs(phi)
    run = M.run_gd(a, b, phi, eta, tol=TOL_CONV, max_steps=CAP)
    hypothesis.assume(run.converged and (run.max_eta_eps < 1 or not small_steps))
    R, A, Mx = _reg(run), run.area, run.max_eta_eps
    tol = 16 * max(run.steps, 1) * EPS64  # log1p terms and squares: <= ~4 ulp relative each, same signs
    return _area_rels(R, A, Mx, eta, c, tol)[: 2 if small_steps else 1]


def _area_rels(R, A, Mx, eta, c, tol):
    return [Relation(R, ">=", c * eta**2 * A, rtol=tol, label="R >= 4 eta^2 sum L_t",
                     why="sums of T positive terms, ~4 ulp each"),
            Relation(R, "<=", c * eta**2 * A / (1 - Mx**2), rtol=tol, label="R <= 4 eta^2 sum L_t / (1 - M^2)",
                     why="sums of T positive terms, ~4 ulp each")]


def area_bounds_mp(d, phi, log_scale, balance, sign, seed, f, c=4.0, small_steps=True):
    a, b = init(d, log_scale, balance, sign, seed)
    eta = 2 * f / max(sharp0(a, b, phi), s_gf(a, b, phi)) if small_steps else f / abs(phi)
    run = _mp_run(a, b, phi, eta, tol=TOL_CONV, max_steps=CAP)
    return _area_rels(_reg(run), run.area, run.max_eta_eps, run.eta, c, 0)[: 2 if small_steps else 1]
