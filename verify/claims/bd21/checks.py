"""Check functions for bd21 (Barrett & Dherin 2021, implicit gradient regularisation).

``local_error``: one GD step theta_1 = theta_0 - h grad E against the gradient flow of
E~ = E + coef h |grad E|^2 (:func:`verify.measure.modified_loss.igr`, h traced) integrated over time
h by :func:`verify.dynamics.gradient_flow` (LSODA, rtol 1e-13), for h = 2e-2 / 2^k, k = 0..4, on a
non-quadratic loss on R^3; the log-log slope of the error (:func:`verify.measure.loglog.fit_slope`,
95% t-interval) must be within 0.3 of the claimed order p.  coef = 1/4 gives order 3; coef = 1/2
(wrong constant) and coef = 0 (plain gradient flow) give order 2.

``quadratic_rate``: K = 20 GD steps (:func:`verify.dynamics.gd`) on E = lambda theta^2 / 2 against the
gradient flow at time K h with rate -log(1 - h lambda)/h (exact) or lambda + h lambda^2/2 (IGR, the control).
"""

from __future__ import annotations

import math

import hypothesis.strategies as st
import jax
import jax.numpy as jnp
import numpy as np

from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.dynamics import gd, gradient_flow
from verify.measure.loglog import fit_slope
from verify.measure.modified_loss import igr
from verify.report.figures import new_figure

HS = 0.02 / 2.0 ** np.arange(5)
THETA0 = np.array([0.7, -0.4, 1.1])
A = np.array([[2.0, 0.5, 0.0], [0.5, 1.0, -0.3], [0.0, -0.3, 0.5]])


def E(theta, A):
    """Quadratic + quartic + a cosine coupling: third derivatives nonzero, gradient O(1) at THETA0."""
    return 0.5 * theta @ A @ theta + 0.25 * jnp.sum(theta**4) + jnp.cos(theta[0] * theta[1])



def errors(coef=None):
    """|Phi_h^{E~}(theta_0) - (theta_0 - h grad E(theta_0))| for every h in HS. ``coef=None``: the
    instrument's own coefficient (igr's default, the paper's 1/4), so the instrument is what is judged."""
    g = np.asarray(jax.grad(E)(jnp.asarray(THETA0), jnp.asarray(A)))
    mod = igr(E) if coef is None else igr(E, coef=coef)  # mod(theta, h, A): h traced, one compile for the sweep
    out = []
    for h in HS:
        fl = gradient_flow(mod, THETA0, h, rtol=1e-13, atol=1e-15, args=(jnp.asarray(h), jnp.asarray(A)))
        out.append(float(np.linalg.norm(fl.theta - (THETA0 - h * g))))
    return np.array(out)


def local_error(profile=None, coef=None, order=3, label="bd21"):
    err = errors(coef)
    coef = "1/4" if coef is None else coef
    s = fit_slope(HS, err)
    fig, ax = new_figure()
    ax.loglog(HS, err, "o-", label=f"|flow of E + {coef} h |grad E|^2 - GD step|")
    ax.loglog(HS, err[0] * (HS / HS[0]) ** order, "k--", label=f"slope {order} (claimed)")
    ax.set_xlabel("h")
    ax.set_ylabel("one-step error")
    ax.legend(fontsize=7)
    why = ("slope protocol (digest 6): 5 step sizes spaced by 2 in [1.25e-3, 2e-2]; a neighbouring order differs by "
           "1, so 0.3 separates them; flow error <= rtol 1e-13 << smallest error (~1e-9)")
    return Finding(criteria=[Relation(s.slope, "==", float(order), atol=0.3, why=why, label="fitted slope"),
                             Relation(s.ci[1] - s.ci[0], "<=", 0.6, why="95% t-interval narrower than 2 x 0.3",
                                      label="CI width")],
                   details={"h": HS.tolist(), "error": err.tolist(), "slope": s.slope, "ci95": list(s.ci),
                            "coef": coef},
                   figures={"local_error": (fig, f"One GD step vs the flow of E + {coef} h|grad E|^2 over time h "
                                                 f"(log-log). Look for: the points parallel to the dashed slope-{order} "
                                                 "line (true claim: slope 3).")})


RATE_GIVEN = {"lam": st.floats(0.1, 3.0), "x": st.floats(0.01, 0.95)}  # x = h lambda
K = 20


def _quadratic(theta, lam):
    return 0.5 * lam * jnp.sum(theta**2)


def quadratic_rate(lam, x, rate="exact"):
    """theta_K of GD (theta_0 = 1, h = x / lambda) vs exp(-r K h), r = -log(1 - x)/h or the IGR rate."""
    h = x / lam
    theta = float(gd(_quadratic, np.array([1.0]), h, K, args=(jnp.asarray(lam),)).theta[0])
    r = -math.log1p(-x) / h if rate == "exact" else lam + h * lam**2 / 2
    expo = r * K * h  # exp(-expo): a relative error u in expo becomes expo * u in the value
    ulps = K * (1 + 2 * x / (1 - x)) + 2 * expo + 4
    return Relation(theta, "==", math.exp(-expo), rtol=ulps * 2.0**-52,
                    label=f"GD theta_K vs the {rate}-rate flow at t = K h",
                    why="GD's factor 1 - fl(h) lambda carries the 2 ulp of h lambda amplified by x/(1 - x), plus 1 "
                        "ulp per product (K steps); the exponent r K h carries ~2 ulp, which exp turns into "
                        "2 r K h ulp of the value; log1p and exp a few ulp")
