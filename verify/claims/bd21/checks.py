"""Check functions for bd21 (Barrett & Dherin 2021, implicit gradient regularisation).

``local_error``: one GD step theta_1 = theta_0 - h grad E against the gradient flow of
E~ = E + coef h |grad E|^2 (:func:`verify.measure.modified_loss.igr`, h traced) integrated over time
h by :func:`verify.dynamics.gradient_flow` (LSODA, rtol 1e-13), for h = 2e-2 / 2^k, k = 0..4, on a
non-quadratic loss on R^3; the log-log slope of the error (:func:`verify.measure.loglog.fit_slope`,
95% t-interval) must be within 0.3 of the claimed order p.  coef = 1/4 gives order 3; coef = 1/2
(wrong constant) and coef = 0 (plain gradient flow) give order 2.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.dynamics import gradient_flow
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
