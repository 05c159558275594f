"""Each derivation proves with the true constant; a wrong constant refutes a step."""

import random

import sympy as sp

from derivations import edge_of_stability as E
from verify.core.kinds.identity import concludes, prove_step
from verify.core.derivation import Step
from verify.core.verdict import Verdict


def _verdicts(d):
    return [prove_step(st, random.Random(0))[0] for st in d.steps]


def _concluded(d, stated):
    stated = stated if isinstance(stated, list) else [stated]
    ops = {sp.StrictLessThan: "<", sp.StrictGreaterThan: ">", sp.GreaterThan: ">=", sp.LessThan: "<="}
    return all(any(concludes(st, Step("", r.lhs, r.rhs, ops[type(r)])) for st in d.steps) for r in stated)


def test_true_constants_prove_and_conclude():
    for d, stmt in [(E.gd_quadratic(), E.gd_statement()), (E.momentum("heavy_ball"), E.momentum_statement("heavy_ball")),
                    (E.momentum("nesterov"), E.momentum_statement("nesterov")),
                    (E.rayleigh_bs(), E.rayleigh_statement()), (E.jensen_minibs(), E.jensen_statement()),
                    (E.theorem1(), E.theorem1_statement())]:
        assert all(v is Verdict.PROVED for v in _verdicts(d)), d.title
        assert _concluded(d, stmt), d.title


def test_wrong_constants_refuted():
    for d in [E.gd_quadratic(1), E.gd_quadratic(3), E.momentum("heavy_ball", sp.Integer(2)),
              E.momentum("nesterov", 2 + 2 * E.beta), E.rayleigh_bs("<="), E.jensen_minibs("<="), E.theorem1(1)]:
        assert Verdict.REFUTED in _verdicts(d), d.title


def test_thresholds_match_companion_spectral_radius():
    import numpy as np
    from verify.dynamics.momentum import companion

    for method in ("heavy_ball", "nesterov"):
        for b in (0.0, 0.3, 0.8):
            xs = float(E.THRESHOLDS[method].subs(E.beta, b))
            rho = lambda x: np.max(np.abs(np.linalg.eigvals(companion(x, b, method))))  # noqa: E731
            assert rho(0.99 * xs) < 1 < rho(1.01 * xs)
