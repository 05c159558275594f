"""Relations: what a property, experiment or certificate check returns.

A check states ``lhs op rhs`` together with a tolerance that comes from an error estimate
(written next to it, in ``why``). The runner never invents tolerances.

Margin convention (positive = the relation holds with room to spare)::

    "<=", "<" :  margin = rhs - lhs + tol
    ">=", ">" :  margin = lhs - rhs + tol
    "=="      :  margin = tol - |lhs - rhs|

with ``tol = atol + rtol * max(|lhs|, |rhs|)``. A relation holds iff ``margin >= 0``
(strict operators: ``margin > 0`` when ``tol == 0``). ``scale = max(|lhs|, |rhs|)`` is
used to report a relative margin and to steer the search (``hypothesis.target``).

Values may be Python / NumPy / JAX floats (float64), ``mpmath.mpf`` (high-precision
confirmation), or exact ``fractions.Fraction`` / sympy ``Rational`` and ``mpmath.iv``
intervals (certificates, see :mod:`verify.core.kinds.certificate`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Relation", "NonFiniteError", "as_relations"]

_OPS = ("<=", "<", ">=", ">", "==")


class NonFiniteError(ArithmeticError):
    """A check produced NaN or inf. NaN never passes: the check's verdict is ``error``."""


def _num(x: Any):
    """Convert a scalar (numpy / jax 0-d array, python number, mpmath) to a number."""
    if hasattr(x, "shape") and getattr(x, "shape", None) == ():
        x = x.item() if hasattr(x, "item") else float(x)
    elif hasattr(x, "shape"):
        raise TypeError(f"Relation sides must be scalars, got an array of shape {x.shape}")
    return x


@dataclass(frozen=True)
class Relation:
    """``lhs op rhs`` up to ``atol + rtol*max(|lhs|,|rhs|)``; ``why`` states the error estimate."""

    lhs: Any
    op: str
    rhs: Any
    atol: float = 0.0
    rtol: float = 0.0
    why: str = ""
    label: str = ""
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if self.op not in _OPS:
            raise ValueError(f"op must be one of {_OPS}, got {self.op!r}")
        object.__setattr__(self, "lhs", _num(self.lhs))
        object.__setattr__(self, "rhs", _num(self.rhs))
        if self.atol < 0 or self.rtol < 0:
            raise ValueError("tolerances must be non-negative")

    # --- floating / mpmath evaluation -------------------------------------------------
    def _check_finite(self):
        for side in (self.lhs, self.rhs):
            try:
                ok = math.isfinite(float(side))
            except (TypeError, OverflowError, ValueError):
                ok = False
            if not ok:
                raise NonFiniteError(
                    f"non-finite value in relation {self.label or ''} "
                    f"(lhs={self.lhs!r}, rhs={self.rhs!r})".replace("  ", " ")
                )

    @property
    def scale(self):
        self._check_finite()
        return max(abs(self.lhs), abs(self.rhs))

    @property
    def tol(self):
        return self.atol + self.rtol * self.scale

    @property
    def slack(self):
        """Signed distance to the boundary without tolerance (positive = holds)."""
        self._check_finite()
        if self.op in ("<=", "<"):
            return self.rhs - self.lhs
        if self.op in (">=", ">"):
            return self.lhs - self.rhs
        return -abs(self.lhs - self.rhs)

    @property
    def margin(self):
        return self.slack + self.tol

    @property
    def holds(self) -> bool:
        m = self.margin
        if self.op in ("<", ">") and self.tol == 0:
            return m > 0
        return m >= 0

    @property
    def relative_margin(self) -> float:
        """margin / max(scale, 1e-300), as a float (used to steer and to compare)."""
        return float(self.margin) / max(float(self.scale), 1e-300)

    def describe(self) -> str:
        lhs, rhs = _fmt(self.lhs), _fmt(self.rhs)
        tol = self.tol
        t = f" (tol {float(tol):.3g})" if tol else ""
        return f"{self.label + ': ' if self.label else ''}{lhs} {self.op} {rhs}{t}"

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "lhs": _jsonable(self.lhs),
            "op": self.op,
            "rhs": _jsonable(self.rhs),
            "tol": _jsonable(self.tol) if _is_float_like(self.lhs) else None,
            "why": self.why,
        }


def _is_float_like(x) -> bool:
    try:
        float(x)
        return True
    except (TypeError, ValueError):
        return False


def _fmt(x) -> str:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if isinstance(x, int):
        return str(x)
    return f"{f:.17g}" if abs(f) < 1e16 else f"{f:.6e}"


def _jsonable(x):
    if isinstance(x, (bool, int)):
        return x
    try:
        return float(x)
    except (TypeError, ValueError):
        return str(x)


def as_relations(value) -> list[Relation]:
    """Normalise a check's return value to a non-empty list of :class:`Relation`."""
    if isinstance(value, Relation):
        return [value]
    if isinstance(value, (list, tuple)) and value and all(isinstance(r, Relation) for r in value):
        return list(value)
    raise TypeError(
        "a property/certificate check must return a Relation or a non-empty list of "
        f"Relations, got {type(value).__name__}"
    )
