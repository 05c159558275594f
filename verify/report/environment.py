"""The environment block of a report: package versions, git commit, platform, seed, profile."""

from __future__ import annotations

import importlib.metadata as md
import platform
import subprocess
from pathlib import Path

__all__ = ["environment"]

_PACKAGES = ("verify", "jax", "jaxlib", "numpy", "scipy", "sympy", "mpmath", "hypothesis", "matplotlib")


def _git_commit() -> str | None:
    try:
        root = Path(__file__).resolve().parents[2]
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or None if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


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
        "platform": platform.platform(),
        "git_commit": _git_commit(),
        "seed": seed,
        "profile": profile,
        "float": "float64 (jax_enable_x64)",
    }
