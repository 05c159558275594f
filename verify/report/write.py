"""Write a full report directory: ``report.json``, ``index.html``, ``report.md``, ``figures/``
(the verdict files: the same for the same code, seed and profile) and ``timings.json``
(durations and machine details, which vary)."""

from __future__ import annotations

import re
from pathlib import Path

from verify.core.evidence import ClaimResult
from verify.report import html, markdown
from verify.report.environment import machine
from verify.report.figures import stable_ids
from verify.report.json_report import build, dumps, timings

__all__ = ["write_report"]


def _slug(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "--".join(parts))


def write_report(results: list[ClaimResult], env: dict, out: str | Path) -> dict:
    """Write the report under ``out`` and return the JSON dict."""
    out = Path(out)
    (out / "figures").mkdir(parents=True, exist_ok=True)
    for old in (out / "figures").glob("*.svg"):
        old.unlink()
    files, svgs = {}, {}
    for r in results:
        for c in r.checks:
            for f in c.figures:
                rel = f"figures/{_slug(r.id, c.name, f.name)}.svg"
                svg = stable_ids(f.svg, rel)
                (out / rel).write_text(svg)
                files[(r.id, c.name, f.name)] = rel
                svgs[rel] = svg
    report = build(results, env, files)
    (out / "report.json").write_text(dumps(report))
    (out / "report.md").write_text(markdown.render(report))
    (out / "index.html").write_text(html.render(report, svgs))
    (out / "timings.json").write_text(dumps(timings(results, machine())))
    return report
