"""Write a full report directory: ``report.json``, ``index.html``, ``report.md``, ``figures/``
(the verdict files: the same for the same code, seed and profile) and ``timings.json``
(durations and machine details, which vary).

:func:`render_folder` re-renders ``index.html`` and ``report.md`` from a folder's
``report.json`` and ``figures/`` without running anything (``python -m verify.report.write
DIR [OUT]``): what a changed writer makes of an existing report.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from verify.core.evidence import ClaimResult
from verify.report import html, markdown
from verify.report.environment import machine
from verify.report.figures import stable_ids
from verify.report.json_report import build, dumps, timings

__all__ = ["write_report", "render_folder", "figure_texts"]


def _slug(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", "--".join(parts))


def write_report(results: list[ClaimResult], env: dict, out: str | Path, checked_file: str | None = None) -> dict:
    """Write the report under ``out`` and return the JSON dict.

    ``checked_file``: the conjecture file of ``verify check`` (shown instead of its internal
    module name, and recorded as ``checked_file`` in the JSON).
    """
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
    if checked_file is not None:
        report["checked_file"] = str(checked_file)
    (out / "report.json").write_text(dumps(report))
    (out / "report.md").write_text(markdown.render(report))
    (out / "index.html").write_text(html.render(report, svgs))
    (out / "timings.json").write_text(dumps(timings(results, machine())))
    return report


def figure_texts(report: dict, folder: str | Path) -> dict[str, str]:
    """Figure file path (as in the JSON) -> SVG text, for the figures present under ``folder``."""
    folder = Path(folder)
    out = {}
    for c in report["claims"]:
        for k in c["checks"]:
            for f in k.get("figures", []):
                if f.get("file") and (folder / f["file"]).is_file():
                    out[f["file"]] = (folder / f["file"]).read_text()
    return out


def render_folder(folder: str | Path, out: str | Path | None = None) -> dict:
    """Re-render ``index.html`` and ``report.md`` of a report folder into ``out`` (default: in place).

    Figures stay where they are: ``out`` other than ``folder`` gets the two pages only (the
    HTML inlines its figures; the Markdown links ``figures/`` relative to itself).
    """
    folder = Path(folder)
    out = Path(out) if out is not None else folder
    out.mkdir(parents=True, exist_ok=True)
    report = json.loads((folder / "report.json").read_text())
    (out / "index.html").write_text(html.render(report, figure_texts(report, folder)))
    (out / "report.md").write_text(markdown.render(report))
    return report


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) not in (1, 2):
        sys.stderr.write("usage: python -m verify.report.write REPORT_DIR [OUT_DIR]\n")
        return 2
    render_folder(*argv)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
