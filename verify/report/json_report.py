"""The canonical JSON report (contract: schema ``verify-report/1``).

Top level: ``schema``, ``generated_by``, ``environment`` (packages, Python, code commit,
seed, profile), ``summary`` (verdict counts, claims as expected / not, falsification table
per paper), ``claims`` (per claim: id, title, statement, latex, source, provenance,
conventions, assumptions, domain, expected, verdict, as_expected, checks, and each check's
name, kind, verdict, message, examples, worst margin, counterexample, confirmation,
relations, details, captured output, figures).

The report holds no durations and no machine details, so the same command twice (same
seed, same code) gives the same bytes. Those go into the timings record
(:func:`timings`: ``timings.json`` beside a full report, a ``timings`` key in the JSON of
``verify run --json`` / ``verify check``); :func:`strip_timings` removes it for comparison.
"""

from __future__ import annotations

import json
import math
from collections import Counter

from verify.core.evidence import ClaimResult
from verify.core.verdict import Verdict

__all__ = ["SCHEMA", "build", "timings", "clean", "dumps", "strip_timings", "falsification_table"]

SCHEMA = "verify-report/2"  # /2: code_commit replaces git_commit; durations moved to timings


def falsification_table(results: list[ClaimResult]) -> dict[str, dict]:
    """Per paper: known-false variants refuted / total, and the ones not refuted (gaps)."""
    table: dict[str, dict] = {}
    for r in results:
        paper = r.id.split(".", 1)[0]
        row = table.setdefault(paper, {"variants": 0, "refuted": 0, "gaps": []})
        if r.claim["provenance"] == "variant":
            row["variants"] += 1
            if r.verdict is Verdict.REFUTED:
                row["refuted"] += 1
            else:
                row["gaps"].append({"id": r.id, "verdict": r.verdict.value})
    return table


def build(results: list[ClaimResult], env: dict, figure_files: dict | None = None) -> dict:
    """The report as a dict. ``figure_files`` maps (claim id, check, figure) -> relative path."""
    figure_files = figure_files or {}
    counts = Counter(r.verdict.value for r in results)
    claims = []
    for r in results:
        checks = []
        for c in r.checks:
            files = {f.name: figure_files.get((r.id, c.name, f.name)) for f in c.figures}
            d = c.to_json(files)
            d.pop("duration_s")
            checks.append(d)
        claims.append(r.claim | {
            "verdict": r.verdict.value,
            "verdict_label": r.verdict_label,
            "as_expected": r.as_expected,
            "checks": checks,
        })
    return {
        "schema": SCHEMA,
        "generated_by": f"verify {env.get('packages', {}).get('verify')}",
        "environment": env,
        "summary": {
            "claims": len(results),
            "verdicts": {v.value: counts.get(v.value, 0) for v in Verdict},
            "as_expected": sum(r.as_expected for r in results),
            "not_as_expected": [r.id for r in results if not r.as_expected],
            "falsification": falsification_table(results),
        },
        "claims": claims,
    }


def timings(results: list[ClaimResult], machine: dict) -> dict:
    """Durations (seconds) per claim and check, and the machine they were measured on."""
    return {
        "schema": "verify-timings/1",
        "machine": machine,
        "total_check_s": round(sum(r.duration_s for r in results), 3),
        "claims": {r.id: {"duration_s": round(r.duration_s, 3),
                          "checks": {c.name: round(c.duration_s, 3) for c in r.checks}} for r in results},
    }


def clean(x):
    """JSON-safe copy: numpy arrays -> lists, numpy scalars -> Python, NaN/inf -> strings."""
    if isinstance(x, dict):
        return {str(k): clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if hasattr(x, "tolist") and not isinstance(x, (str, bytes)):
        return clean(x.tolist())
    if isinstance(x, float):
        return x if math.isfinite(x) else str(x)
    if x is None or isinstance(x, (str, bool, int)):
        return x
    return str(x)


def dumps(report: dict) -> str:
    return json.dumps(clean(report), indent=2, allow_nan=False) + "\n"


def strip_timings(report: dict) -> dict:
    """A copy without timings and environment: what must be identical across machines."""
    r = json.loads(json.dumps(report, default=str))
    for key in ("environment", "generated_by", "timings"):
        r.pop(key, None)
    return r
