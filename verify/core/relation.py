"""Relations: what a property, experiment or certificate check returns.

A check states ``lhs op rhs`` together with a tolerance that comes from an error estimate
(written next to it, in ``why``). The runner never invents tolerances.

Margin convention (positive = the relation holds with room to spare)::

    "<=", "<" :  margin = rhs - lhs + tol
    ">=", ">" :  margin = lhs - rhs + tol
    "=="      :  margin = tol - |lhs - rhs|

with ``tol = atol + rtol * max(|lhs|, |rhs|)``. A relation holds iff ``margin >= 0``
(strict operators: ``margin > 0`` when ``tol == 0``).

Scale (what a margin is measured against, to report a relative margin and to steer the
search): ``scale=`` when the check gives it; else, when a side is given as a list of
*terms* (``Relation([x * x, -2 * x * y], ">=", 0.0)``, the side is their sum), the larger of
the two sides' term magnitudes ``sum |term|``; else ``max(|lhs|, |rhs|)`` when both sides are
non-zero. A relation with an exactly-zero side and neither terms nor ``scale=`` has no scale
of its own (``steer_scale`` is None): ``margin / max(|lhs|, |rhs|)`` would be +-1 whatever
the point, so the search measures it against the typical magnitude of the sides it has seen
(:mod:`verify.core.kinds.property`).

A ``precise=`` twin that cannot evaluate an example (e.g. its high-precision iteration does
not converge there) returns :class:`NotEvaluable` instead of relations.

Values may be Python / NumPy / JAX floats (float64), ``mpmath.mpf`` (high-precision
confirmation), or exact ``fractions.Fraction`` / sympy ``Rational`` and ``mpmath.iv``
intervals (certificates, see :mod:`verify.core.kinds.certificate`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Relation", "NonFiniteError", "NotEvaluable", "as_relations"]

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
class NotEvaluable:
    """What a ``precise=`` twin returns where it cannot evaluate the relation (with why).

    A counterexample whose twin is not evaluable is ``inconclusive``, never confirmed.
    """

    reason: str = ""


def _side(x):
    """(value, sum of |term|) of a side given as a scalar or as a list / tuple of terms."""
    if isinstance(x, (list, tuple)):
        if not x:
            raise ValueError("a side given as terms needs at least one term")
        terms = [_num(t) for t in x]
        total = terms[0]
        for t in terms[1:]:
            total = total + t
        mag = abs(terms[0])
        for t in terms[1:]:
            mag = mag + abs(t)
        return total, mag
    return _num(x), None


@dataclass(frozen=True)
class Relation:
    """``lhs op rhs`` up to ``atol + rtol*max(|lhs|,|rhs|)``; ``why`` states the error estimate.

    A side may be a list of terms (summed; their magnitudes give the scale); ``scale`` gives
    the scale explicitly (see the module docstring).
    """

    lhs: Any
    op: str
    rhs: Any
    atol: float = 0.0
    rtol: float = 0.0
    why: str = ""
    label: str = ""
    meta: dict = field(default_factory=dict, compare=False)
    scale: Any = None
    term_scale: Any = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self):
        if self.op not in _OPS:
            raise ValueError(f"op must be one of {_OPS}, got {self.op!r}")
        lhs, lmag = _side(self.lhs)
        rhs, rmag = _side(self.rhs)
        object.__setattr__(self, "lhs", lhs)
        object.__setattr__(self, "rhs", rhs)
        if lmag is not None or rmag is not None:
            lmag = abs(lhs) if lmag is None else lmag
            rmag = abs(rhs) if rmag is None else rmag
            object.__setattr__(self, "term_scale", lmag if lmag >= rmag else rmag)
        if self.scale is not None:
            sc = _num(self.scale)
            try:
                ok = math.isfinite(float(sc)) and float(sc) > 0
            except (TypeError, ValueError):
                ok = False
            if not ok:
                raise ValueError(f"scale must be a finite positive number, got {self.scale!r}")
            object.__setattr__(self, "scale", sc)
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
    def magnitude(self):
        """``max(|lhs|, |rhs|)`` (what ``rtol`` multiplies)."""
        self._check_finite()
        return max(abs(self.lhs), abs(self.rhs))

    @property
    def steer_scale(self):
        """The relation's own scale: ``scale=``, else the term magnitudes, else
        ``max(|lhs|, |rhs|)`` when both sides are non-zero; None when it has none."""
        self._check_finite()
        if self.scale is not None:
            return self.scale
        if self.term_scale is not None and self.term_scale != 0:
            return self.term_scale
        if self.lhs != 0 and self.rhs != 0:
            return max(abs(self.lhs), abs(self.rhs))
        return None

    @property
    def ratio(self) -> float | None:
        """``lhs / rhs`` as a float for an inequality with ``rhs > 0`` (tightness), else None."""
        if self.op == "==":
            return None
        try:
            r = float(self.rhs)
            return float(self.lhs) / r if r > 0 else None
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return None

    @property
    def tol(self):
        return self.atol + self.rtol * self.magnitude

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
        """margin / max(steer_scale, 1e-300), as a float; ``max(|lhs|, |rhs|)`` stands in for
        a relation without a scale of its own (then it is +-1 whatever the point)."""
        s = self.steer_scale
        return float(self.margin) / max(float(self.magnitude if s is None else s), 1e-300)

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
