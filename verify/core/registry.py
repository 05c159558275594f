"""The claim registry: where ``claim(...)`` declarations land.

Built-in claims register into :data:`REGISTRY` when their paper package under
``verify/claims/`` (its ``claims.py``) is imported. A user's conjecture file is imported inside
:func:`collecting`, which gives it a fresh registry so that it can neither clash with nor
overwrite the built-in claims.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from verify.core.claim import Claim

__all__ = ["Registry", "REGISTRY", "current", "collecting", "DuplicateClaimError", "UnknownClaimError"]


class DuplicateClaimError(ValueError):
    """Two claims were declared with the same id."""


class UnknownClaimError(KeyError):
    """A selector (claim id or paper key) matched nothing."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown claim"


class Registry:
    """An ordered mapping ``claim id -> Claim``."""

    def __init__(self) -> None:
        self._claims: dict[str, Claim] = {}

    def add(self, claim: Claim) -> None:
        if claim.id in self._claims:
            raise DuplicateClaimError(f"duplicate claim id {claim.id!r}")
        self._claims[claim.id] = claim

    def __getitem__(self, claim_id: str) -> Claim:
        try:
            return self._claims[claim_id]
        except KeyError:
            raise UnknownClaimError(f"unknown claim id {claim_id!r}") from None

    def pop(self, claim_id: str) -> Claim:
        """Remove and return a claim."""
        return self._claims.pop(claim_id)

    def __contains__(self, claim_id: str) -> bool:
        return claim_id in self._claims

    def __iter__(self) -> Iterator[Claim]:
        return iter(self._claims.values())

    def __len__(self) -> int:
        return len(self._claims)

    def papers(self) -> list[str]:
        return sorted({c.paper_key for c in self})

    def select(self, selectors: list[str] | tuple[str, ...] = ()) -> list[Claim]:
        """Claims matching ids or paper keys (``bw25``), in declaration order.

        An empty selector list selects everything. A selector that matches nothing raises
        :class:`UnknownClaimError` (the CLI turns it into a one-line message, exit 2).
        """
        if not selectors:
            return list(self)
        chosen: dict[str, Claim] = {}
        for sel in selectors:
            hits = [c for c in self if c.id == sel or c.paper_key == sel or c.id.startswith(sel + ".")]
            if not hits:
                raise UnknownClaimError(
                    f"unknown claim id or paper {sel!r} (try `verify list`; papers: "
                    f"{', '.join(self.papers()) or 'none'})"
                )
            for c in hits:
                chosen[c.id] = c
        return [c for c in self if c.id in chosen]


REGISTRY = Registry()
_CURRENT: contextvars.ContextVar[Registry] = contextvars.ContextVar("verify_registry", default=REGISTRY)


def current() -> Registry:
    """The registry that ``claim(...)`` declarations go to right now."""
    return _CURRENT.get()


@contextlib.contextmanager
def collecting(registry: Registry | None = None) -> Iterator[Registry]:
    """Route ``claim(...)`` declarations to a fresh (or given) registry inside the block."""
    registry = Registry() if registry is None else registry
    token = _CURRENT.set(registry)
    try:
        yield registry
    finally:
        _CURRENT.reset(token)
