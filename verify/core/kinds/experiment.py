"""Experiment checks: deterministic simulations with acceptance criteria.

``fn()`` may accept ``profile`` (a :class:`~verify.core.profiles.Profile`, to size the run)
and ``seed`` (the run seed); it returns a :class:`~verify.core.evidence.Finding`.

Verdict: ``inconclusive`` if ``converged`` is False (run not converged in budget);
``refuted`` if some criterion is violated (the simulation is deterministic, and the
criterion's tolerance is its stated error estimate, e.g. a confidence interval). Nothing
re-runs it: the evidence says so (``confirmation``: one deterministic run at the run seed,
``confirmed_by``: ``"one deterministic simulation, not re-run"``);
``supported`` otherwise. Figures are rendered to SVG here (deterministic ids, no dates).
"""

from __future__ import annotations

import inspect

from verify.core.evidence import CheckResult, Finding
from verify.core.kinds.context import Context
from verify.core.relation import as_relations
from verify.core.verdict import Verdict
from verify.report.figures import to_svg

__all__ = ["run", "call_with_context"]


def call_with_context(fn, ctx: Context):
    params = inspect.signature(fn).parameters
    kw = {}
    if "profile" in params:
        kw["profile"] = ctx.profile
    if "seed" in params:
        kw["seed"] = ctx.seed
    return fn(**kw)


def run(check, ctx: Context) -> CheckResult:
    finding = call_with_context(check.fn, ctx)
    if not isinstance(finding, Finding):
        raise TypeError(f"an experiment must return a Finding, got {type(finding).__name__}")
    rels = as_relations(finding.criteria)
    worst = min(rels, key=lambda r: r.relative_margin)  # raises NonFiniteError on NaN
    figures = [to_svg(name, fig) for name, fig in finding.figures.items()]
    failed = [r for r in rels if not r.holds]
    if not finding.converged:
        verdict, msg = Verdict.INCONCLUSIVE, "not converged in budget" + (f": {finding.note}" if finding.note else "")
    elif failed:
        verdict, msg = Verdict.REFUTED, (f"criterion violated in one deterministic run (seed {ctx.seed}, profile "
                                         f"{ctx.profile.name}): " + "; ".join(r.describe() for r in failed))
    else:
        verdict, msg = Verdict.SUPPORTED, f"{len(rels)} criteria met; worst: {worst.describe()}"
    return CheckResult(
        claim_id=ctx.claim_id, name=check.name, kind="experiment", verdict=verdict, message=msg,
        examples=len(rels), worst_margin=float(worst.margin), worst_relative_margin=worst.relative_margin,
        relations=[r.to_json() for r in rels], details=dict(finding.details) | ({"note": finding.note} if finding.note else {}),
        figures=figures, search="experiment",
        confirmation=("nothing re-ran it; the criterion's tolerance is its stated error estimate"
                      if failed and finding.converged else None),
        confirmed_by="one deterministic simulation, not re-run" if failed and finding.converged else None,
    )
