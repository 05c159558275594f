"""Evidence records: what the runner produces and the report writers consume.

Data flows one way: claim declaration -> runner -> evidence (these records, JSON) -> writers.
``duration_s`` is the only field allowed to differ between two runs with the same seed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from verify.core.verdict import Verdict

__all__ = ["CheckResult", "ClaimResult", "FigureRecord", "Finding", "one_line"]


@dataclass
class FigureRecord:
    """A figure produced by an experiment: SVG text plus a caption."""

    name: str
    caption: str
    svg: str

    def to_json(self, file: str | None = None) -> dict:
        return {"name": self.name, "caption": self.caption, "file": file}


@dataclass
class Finding:
    """What an experiment returns.

    ``criteria``: acceptance criteria as relations (all must hold); ``converged=False``
    makes the verdict ``inconclusive`` (run not converged in budget), whatever the criteria
    say; ``figures``: name -> (matplotlib Figure, caption); ``details``: numbers to report.
    """

    criteria: Any  # Relation | list[Relation]
    details: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    converged: bool = True
    note: str = ""


@dataclass
class CheckResult:
    claim_id: str
    name: str
    kind: str
    verdict: Verdict
    message: str = ""
    examples: int = 0
    worst_margin: float | None = None
    worst_relative_margin: float | None = None
    worst_example: dict | None = None
    counterexample: dict | None = None
    confirmation: str | None = None
    # what confirmed a refutation: "mpmath at 50 digits", "exact rationals", "interval enclosure",
    # "float-error rule", "one deterministic simulation, not re-run"; None when nothing confirmed it
    confirmed_by: str | None = None
    rejected: int = 0  # property: draws / evaluations rejected by assume() (no evidence)
    # property: per inequality, the extreme lhs/rhs and the smallest slack found, with witnesses
    tightness: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    details: dict = field(default_factory=dict)
    figures: list[FigureRecord] = field(default_factory=list)
    search: str = ""
    output: dict | None = None  # captured stdout / stderr: {"stdout": {"bytes", "text"}, ...}
    scope: str = ""  # the finite instance a proof covers (e.g. "n = 3, B = 2"); "" = every size
    duration_s: float = 0.0

    @property
    def verdict_label(self) -> str:
        """The verdict as shown: ``proved (n = 3, B = 2)`` when the proof covers a finite instance only."""
        return _label(self.verdict, [self.scope] if self.scope else [])

    def to_json(self, figure_files: dict[str, str] | None = None) -> dict:
        d = asdict(self)
        d["verdict"] = self.verdict.value
        d["verdict_label"] = self.verdict_label
        d["figures"] = [f.to_json((figure_files or {}).get(f.name)) for f in self.figures]
        d.pop("claim_id")
        return d


@dataclass
class ClaimResult:
    claim: dict  # Claim.to_json()
    verdict: Verdict
    expected: str
    as_expected: bool
    checks: list[CheckResult]
    duration_s: float = 0.0

    @property
    def id(self) -> str:
        return self.claim["id"]

    @property
    def verdict_label(self) -> str:
        """The verdict as shown: ``proved (n = 3, B = 2)`` when a proof covers finite instances only."""
        return _label(self.verdict, [c.scope for c in self.checks if c.scope and c.verdict is self.verdict])


def _label(verdict: Verdict, scopes: list[str]) -> str:
    """``proved`` / ``certified`` followed by the finite instances it covers, if any."""
    if verdict not in (Verdict.PROVED, Verdict.CERTIFIED) or not scopes:
        return verdict.value
    return f"{verdict.value} ({'; '.join(dict.fromkeys(scopes))})"


def one_line(e: BaseException) -> str:
    """``Type: first line of the message`` (the first exception of a group): a fault's reason."""
    while isinstance(e, BaseExceptionGroup) and e.exceptions:
        e = e.exceptions[0]
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__
