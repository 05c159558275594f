"""Derivations: a chain of symbolic steps, each verified by sympy, shown in the report.

An identity check may return a :class:`Derivation` instead of a bare expression. Every
step ``lhs = rhs`` (or ``lhs >= rhs`` ...) is verified on its own; the check is ``proved``
only if every step is. The steps and their LaTeX go to the report, so a reader sees the
derivation, not just its verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Step", "Derivation"]


@dataclass(frozen=True)
class Step:
    """One step: ``lhs op rhs`` (``op`` in ``==, >=, <=, >, <``), with a line of prose."""

    text: str
    lhs: Any
    rhs: Any = 0
    op: str = "=="


@dataclass
class Derivation:
    """``instance``: the finite instance the steps are written for when they are not proved
    for every size (e.g. ``"n = 3, B = 2, p = 2"``); the verdict is then shown as
    ``proved (n = 3, B = 2, p = 2)`` everywhere. Empty: the steps hold for every size."""

    title: str
    steps: list[Step] = field(default_factory=list)
    assumptions: str = ""
    instance: str = ""

    def step(self, text: str, lhs, rhs=0, op: str = "==") -> "Derivation":
        """Append a step and return self (so steps chain)."""
        self.steps.append(Step(text, lhs, rhs, op))
        return self
