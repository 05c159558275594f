import math

import numpy as np

from verify import Finding, Relation, claim
from verify.core.runner import run_check
from verify.core.verdict import Verdict
from verify.report.figures import new_figure

from verify.core.registry import collecting as private


def _claim(slope_true):
    with private():
        c = claim("t.exp", title="t", statement="t")

        @c.experiment
        def fit(profile, seed):
            rng = np.random.default_rng(seed)
            x = np.linspace(0, 1, 50 if profile.name == "quick" else 200)
            y = 2.0 * x + 1e-3 * rng.standard_normal(x.size)
            A = np.vstack([x, np.ones_like(x)]).T
            coef, res, *_ = np.linalg.lstsq(A, y, rcond=None)
            se = math.sqrt(res[0] / (x.size - 2) / np.sum((x - x.mean()) ** 2))
            fig, ax = new_figure()
            ax.plot(x, y)
            # 6 standard errors: a deliberate, stated acceptance band
            return Finding(Relation(coef[0], "==", slope_true, atol=6 * se, why="6 s.e. of the fit"),
                           details={"slope": coef[0], "se": se}, figures={"data": (fig, "the data")})

        @c.experiment
        def not_converged():
            return Finding(Relation(1.0, "<=", 2.0), converged=False, note="cap reached")

    return c


def test_experiment_supported_with_figure():
    c = _claim(2.0)
    res = run_check(c, c.checks[0])
    assert res.verdict is Verdict.SUPPORTED
    assert res.figures and res.figures[0].svg.lstrip().startswith("<?xml")


def test_experiment_wrong_slope_refuted():
    c = _claim(2.1)
    res = run_check(c, c.checks[0])
    assert res.verdict is Verdict.REFUTED
    # the evidence says what was done: one deterministic run, nothing re-ran it
    assert "one deterministic run (seed 0" in res.message
    assert res.confirmed_by == "one deterministic simulation, not re-run" and "nothing re-ran it" in res.confirmation


def test_not_converged_is_inconclusive():
    c = _claim(2.0)
    res = run_check(c, c.checks[1])
    assert res.verdict is Verdict.INCONCLUSIVE and "cap reached" in res.message


def test_figures_are_deterministic():
    c = _claim(2.0)
    a, b = run_check(c, c.checks[0]), run_check(c, c.checks[0])
    assert a.figures[0].svg == b.figures[0].svg
