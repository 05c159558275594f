"""What a report records about how it was made.

Two parts, so that re-running the same command leaves the committed verdict files
byte-identical:

* :func:`environment` goes into ``report.json``, ``index.html`` and ``report.md``: package
  versions, Python, the **code commit** (the last commit that changed the code that decides
  verdicts: ``verify/``, ``derivations/``, ``pyproject.toml``; committing a regenerated
  report does not move it), whether that code had uncommitted changes, seed, profile.
* :func:`machine` goes into ``timings.json`` beside the durations: the platform and CPUs,
  which differ between machines while the verdicts do not.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import platform
import subprocess
from pathlib import Path

__all__ = ["environment", "machine", "code_commit", "commit_label", "CODE_PATHS"]

_PACKAGES = ("verify", "jax", "jaxlib", "numpy", "scipy", "sympy", "mpmath", "hypothesis", "matplotlib")
CODE_PATHS = ("verify", "derivations", "pyproject.toml")  # what decides verdicts (relative to the repo root)


def _git(*args: str) -> str | None:
    try:
        root = Path(__file__).resolve().parents[2]
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def code_commit() -> str | None:
    """The last commit that changed :data:`CODE_PATHS` (None outside a git checkout)."""
    return _git("log", "-1", "--format=%H", "--", *CODE_PATHS) or None


def _code_dirty() -> bool | None:
    """Uncommitted changes (tracked or new files) under :data:`CODE_PATHS`."""
    st = _git("status", "--porcelain", "--", *CODE_PATHS)
    return None if st is None else bool(st)


def environment(seed: int, profile: str) -> dict:
    versions = {}
    for p in _PACKAGES:
        try:
            versions[p] = md.version(p)
        except md.PackageNotFoundError:
            versions[p] = None
    return {
        "packages": versions,
        "python": platform.python_version(),
        "code_commit": code_commit(),
        # the report is then not reproducible from the commit alone
        "code_dirty": _code_dirty(),
        "seed": seed,
        "profile": profile,
        "float": "float64 (jax_enable_x64)",
    }


def machine() -> dict:
    """Where the run happened (for ``timings.json``, never for the verdict files)."""
    return {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count()}


def commit_label(env: dict) -> str:
    """Short code commit for the writers: 12 hex digits, '+ uncommitted changes' when dirty."""
    label = (env.get("code_commit") or "unknown")[:12]
    return label + (" + uncommitted changes" if env.get("code_dirty") else "")
