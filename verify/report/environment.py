"""The environment block of a report: package versions, git commit, platform, seed, profile."""

from __future__ import annotations

import importlib.metadata as md
import platform
import subprocess
from pathlib import Path

__all__ = ["environment", "commit_label"]

_PACKAGES = ("verify", "jax", "jaxlib", "numpy", "scipy", "sympy", "mpmath", "hypothesis", "matplotlib")


def _git(*args: str) -> str | None:
    try:
        root = Path(__file__).resolve().parents[2]
        out = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=5)
        return out.stdout.strip() if out.returncode == 0 else None
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
        "git_commit": _git("rev-parse", "HEAD") or None,
        # tracked files changed since that commit: the report is then not reproducible from the commit alone
        "git_dirty": None if (st := _git("status", "--porcelain", "--untracked-files=no")) is None else bool(st),
        "seed": seed,
        "profile": profile,
        "float": "float64 (jax_enable_x64)",
    }


def commit_label(env: dict) -> str:
    """Short commit for the writers: 12 hex digits, '+ uncommitted changes' when the tree was dirty."""
    label = (env.get("git_commit") or "unknown")[:12]
    return label + (" + uncommitted changes" if env.get("git_dirty") else "")
