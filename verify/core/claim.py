"""The claim model (contract, DESIGN.md "Claims").

A :class:`Claim` is a statement with an id (``paper.short-name``), title, statement
(plain text and LaTeX), source (paper, arXiv id with version, where in the paper),
provenance, conventions, assumptions, the domain its checks cover, an expected verdict and
one or more checks. Built-in claims and users' conjectures are declared the same way::

    from verify import claim, Relation
    import hypothesis.strategies as st

    c = claim("demo.am-gm", title="AM-GM", statement="(x+y)/2 >= sqrt(xy) for x,y >= 0",
              provenance="conjecture", domain="x, y in [0, 1e6]")

    @c.property(given={"x": st.floats(0, 1e6), "y": st.floats(0, 1e6)})
    def am_gm(x, y):
        # float error of each side <= 4 ulp of the larger side
        return Relation((x + y) / 2, ">=", (x * y) ** 0.5, rtol=1e-15, why="4 ulp")

Check kinds (see :mod:`verify.core.kinds`):

* ``identity``: returns a sympy expression that must be 0, an ``Eq`` / inequality, or a
  :class:`~verify.core.derivation.Derivation` whose steps are each verified -> ``proved``.
* ``property``: Hypothesis search over ``given`` (a dict of strategies); returns a
  :class:`Relation` (or a list); optional ``precise`` re-evaluates a counterexample at
  >= 50 digits.
* ``experiment``: deterministic simulation returning a :class:`Finding` (acceptance
  criteria as relations, details, figures).
* ``certificate``: returns relations between exact rationals or ``mpmath.iv`` intervals
  -> ``certified``.

Provenance: ``paper`` (as stated), ``derived`` (by us), ``refined`` (a paper claim with a
condition we found necessary; set ``refines=``), ``conjecture`` (the user's), and
``variant`` (a known-false perturbation of another claim, ``variant_of=``, expected to
fail: the suite's falsification controls). ``variant`` is our addition to DESIGN.md: it
keeps negative controls apart from paper claims that are false as stated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from verify.core import registry as _registry

__all__ = ["Source", "Check", "Claim", "claim", "variant", "PROVENANCES", "KINDS"]

PROVENANCES = ("paper", "derived", "refined", "conjecture", "variant")
KINDS = ("identity", "property", "experiment", "certificate")
_ID = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9_\-]*)+$")


@dataclass(frozen=True)
class Source:
    """Where a statement comes from: ``Source("Beneventano & Woodworth 2025", "2501.09137v1", "Thm 1")``."""

    paper: str
    arxiv: str = ""
    where: str = ""
    url: str = ""

    def to_json(self) -> dict:
        return {"paper": self.paper, "arxiv": self.arxiv, "where": self.where, "url": self.url}

    def __str__(self) -> str:
        parts = [self.paper]
        if self.arxiv:
            parts.append(f"arXiv:{self.arxiv}")
        if self.where:
            parts.append(self.where)
        return ", ".join(parts)


@dataclass
class Check:
    """One check of a claim. ``fn``'s contract depends on ``kind`` (module docstring)."""

    name: str
    kind: str
    fn: Callable[..., Any]
    given: Mapping[str, Any] | None = None  # property: dict of Hypothesis strategies
    examples: int = 100  # property: examples in the ``default`` profile
    precise: Callable[..., Any] | None = None  # property: high-precision re-evaluation
    budget_s: float | None = None  # wall-clock budget; None = the profile's
    search: str = "hypothesis+qmc+optimize"  # property: how the domain is searched
    states: Callable[[], Any] | None = None  # identity: the claim's own relation(s), each to be concluded
    instance: str = ""  # certificate: the finite instances it decides (shown with the verdict)
    doc: str = ""

    def to_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "doc": self.doc}


@dataclass
class Claim:
    id: str
    title: str
    statement: str
    latex: str = ""
    source: Source | None = None
    provenance: str = "paper"
    conventions: dict[str, str] = field(default_factory=dict)
    assumptions: tuple[str, ...] = ()
    domain: str = ""
    expected: str = "holds"
    refines: str | None = None
    variant_of: str | None = None
    notes: str = ""
    checks: list[Check] = field(default_factory=list)
    module: str = ""

    @property
    def paper_key(self) -> str:
        return self.id.split(".", 1)[0]

    # --- decorators ---------------------------------------------------------------------
    def _add(self, check: Check) -> None:
        if any(c.name == check.name for c in self.checks):
            raise ValueError(f"claim {self.id!r} already has a check named {check.name!r}")
        self.checks.append(check)

    def identity(self, fn=None, *, name: str | None = None, budget_s: float | None = None,
                 states: Callable[[], Any] | None = None):
        """Declare a symbolic check: ``fn()`` returns a sympy expression / relation / Derivation.

        ``states()`` returns the claim's own relation (a sympy ``Eq`` / ``Ge`` / ``Le`` / ``Gt`` /
        ``Lt``, or a list of them), written with the claim's constants independently of the
        derivation's parameters: the check is ``proved`` only if each stated relation is the
        relation of some proved step, up to algebra (so a derivation of a weaker bound, or of another constant, cannot
        prove the claim)."""

        def deco(f):
            self._add(Check(name or f.__name__, "identity", f, budget_s=budget_s, states=states, doc=_doc(f)))
            return f

        return deco(fn) if fn is not None else deco

    def property(
        self,
        *,
        given: Mapping[str, Any],
        examples: int = 100,
        precise: Callable[..., Any] | None = None,
        name: str | None = None,
        budget_s: float | None = None,
        search: str = "hypothesis+qmc+optimize",
    ):
        """Declare a Hypothesis property: ``fn(**example)`` returns a Relation (or list)."""
        if not isinstance(given, Mapping) or not given:
            raise TypeError("property(given=...) needs a non-empty dict of Hypothesis strategies")
        from verify.core.kinds.property import SEARCHES

        if search not in SEARCHES:
            raise ValueError(f"search must be one of {', '.join(map(repr, SEARCHES))}")

        def deco(f):
            self._add(
                Check(name or f.__name__, "property", f, given=dict(given), examples=int(examples),
                      precise=precise, budget_s=budget_s, search=search, doc=_doc(f))
            )
            return f

        return deco

    def experiment(self, fn=None, *, name: str | None = None, budget_s: float | None = None):
        """Declare a deterministic experiment: ``fn(profile=..., seed=...)`` returns a Finding."""

        def deco(f):
            self._add(Check(name or f.__name__, "experiment", f, budget_s=budget_s, doc=_doc(f)))
            return f

        return deco(fn) if fn is not None else deco

    def certificate(self, fn=None, *, name: str | None = None, instance: str = "", budget_s: float | None = None):
        """Declare a rigorous check: ``fn()`` returns relations on rationals / intervals.

        ``instance`` names the finite instances decided (e.g. ``"n = 3, B = 1..3"``); a
        ``certified`` verdict is then shown as ``certified (n = 3, B = 1..3)``."""

        def deco(f):
            self._add(Check(name or f.__name__, "certificate", f, budget_s=budget_s, instance=instance, doc=_doc(f)))
            return f

        return deco(fn) if fn is not None else deco

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "statement": self.statement,
            "latex": self.latex,
            "source": self.source.to_json() if self.source else None,
            "provenance": self.provenance,
            "conventions": dict(self.conventions),
            "assumptions": list(self.assumptions),
            "domain": self.domain,
            "expected": self.expected,
            "refines": self.refines,
            "variant_of": self.variant_of,
            "notes": self.notes,
            "module": self.module,
        }


def _doc(f) -> str:
    import inspect

    return inspect.cleandoc(f.__doc__ or "")


def claim(
    id: str,
    *,
    title: str,
    statement: str,
    latex: str = "",
    source: Source | None = None,
    provenance: str = "paper",
    conventions: Mapping[str, str] | None = None,
    assumptions: tuple[str, ...] | list[str] = (),
    domain: str = "",
    expected: str | None = None,
    refines: str | None = None,
    variant_of: str | None = None,
    notes: str = "",
    _module: str = "",
) -> Claim:
    """Declare a claim and register it in the current registry; attach checks with its decorators.

    ``expected`` defaults to ``"holds"``, and to ``"fails"`` for ``provenance="variant"``.
    """
    if not _ID.match(id):
        raise ValueError(
            f"claim id {id!r} must look like 'paper.short-name' (lower case, dots, dashes)"
        )
    if provenance not in PROVENANCES:
        raise ValueError(f"provenance must be one of {PROVENANCES}, got {provenance!r}")
    if provenance == "variant" and not variant_of:
        raise ValueError("a variant claim needs variant_of='<id of the claim it perturbs>'")
    if provenance == "refined" and not refines:
        raise ValueError("a refined claim needs refines='<id of the paper claim>'")
    if expected is None:
        expected = "fails" if provenance == "variant" else "holds"
    if expected not in ("holds", "fails"):
        raise ValueError(f"expected must be 'holds' or 'fails', got {expected!r}")
    c = Claim(
        id=id, title=title, statement=statement, latex=latex, source=source,
        provenance=provenance, conventions=dict(conventions or {}), assumptions=tuple(assumptions),
        domain=domain, expected=expected, refines=refines, variant_of=variant_of, notes=notes,
        module=_module or _caller_module(),
    )
    _registry.current().add(c)
    return c


def variant(id: str, of: str, title: str, statement: str, *, source: Source | None = None,
            conventions: Mapping[str, str] | None = None, **kwargs) -> Claim:
    """Declare a negative control of claim ``of``: ``claim(id, provenance="variant", variant_of=of, ...)``.

    A variant states a known-false perturbation (a wrong constant, exponent, sign, convention or a
    dropped assumption) that the same check functions as ``of`` must refute; it is expected to fail.
    A paper package binds its own source and conventions once:
    ``_variant = functools.partial(variant, source=DERIVED, conventions=CONV)``.
    """
    return claim(id, title=title, statement=statement, source=source, provenance="variant", variant_of=of,
                 conventions=conventions, _module=_caller_module(), **kwargs)


def _caller_module() -> str:
    """``__name__`` of the module that called the public function calling this one."""
    import inspect

    frame = inspect.currentframe()
    outer = frame.f_back.f_back if frame and frame.f_back else None
    return outer.f_globals.get("__name__", "") if outer else ""
