"""What a check runs under: profile, seed, the claim id (for seeding and messages)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from verify.core.profiles import Profile

__all__ = ["Context"]


@dataclass(frozen=True)
class Context:
    claim_id: str
    profile: Profile
    seed: int = 0

    def check_seed(self, check_name: str) -> int:
        """A stable 32-bit seed per (run seed, claim, check): independent of run order."""
        return zlib.crc32(f"{self.seed}:{self.claim_id}:{check_name}".encode())
