"""Slope experiments of sdbd21 with their log-log figures (the errors come from ``checks.py``)."""

from __future__ import annotations

from verify.claims.sdbd21 import checks as C
from verify.core.evidence import Finding
from verify.core.relation import Relation
from verify.measure.loglog import fit_slope
from verify.report.figures import new_figure

WHY = ("slope protocol (digest 6): 5 step sizes spaced by 2 in [1.25e-3, 2e-2]; neighbouring orders differ by 1, so "
       "0.3 separates them; exact averages over orders (no Monte Carlo noise), float64 round-off ~1e-16 << 1e-9")


def slope_finding(err, order, label, caption):
    """The slope protocol as a Finding (shared with bpp24.smith-drift): errors ``err`` at the step sizes
    ``checks.EPS`` (one epoch of m = 4 steps each), log-log slope by :func:`verify.measure.loglog.fit_slope`;
    criteria: slope = ``order`` within 0.3 and a 95% interval narrower than 0.6; figure ``slope``."""
    s = fit_slope(C.EPS, err)
    fig, ax = new_figure()
    ax.loglog(C.EPS, err, "o-", label=label)
    ax.loglog(C.EPS, err[0] * (C.EPS / C.EPS[0]) ** order, "k--", label=f"slope {order} (claimed)")
    ax.set_xlabel("eps")
    ax.set_ylabel("error after one epoch (m = 4)")
    ax.legend(fontsize=7)
    return Finding(criteria=[Relation(s.slope, "==", float(order), atol=0.3, why=WHY, label="fitted slope"),
                             Relation(s.ci[1] - s.ci[0], "<=", 0.6, why="95% t-interval narrower than 2 x 0.3",
                                      label="CI width")],
                   details={"eps": C.EPS.tolist(), "error": err.tolist(), "slope": s.slope, "ci95": list(s.ci)},
                   figures={"slope": (fig, caption)})


def smith_slope(profile=None, scheme="reshuffle", coef=0.25, reference="expansion"):
    err = C.smith_errors(scheme, coef, reference)
    what = "Smith's expansion" if reference == "expansion" else "the flow of C~_SGD over m eps"
    return slope_finding(err, 3, f"|E_{scheme} theta_m - {what}| (coef {coef})",
                    f"Mean of one epoch under {scheme} (exact over all orders) minus {what}, coefficient {coef}, "
                    "log-log. Look for: points parallel to the dashed slope-3 line (true claim: reshuffling, 1/4).")


def difference_slope(profile=None, ref_scheme="with_replacement"):
    err = C.difference_errors(ref_scheme)
    return slope_finding(err, 3, f"|E_reshuffle - E_{ref_scheme} + (eps^2/4) grad V|",
                    f"Without- minus {ref_scheme} mean after one epoch against -(eps^2/4) grad sum_k |g_k - g|^2, "
                    "log-log. Look for: slope 3 (true claim, i.i.d. reference); slope 2 for a cyclic reference.")
