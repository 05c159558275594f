"""verify: theorem-checking numerical verification of claims about SGD's implicit bias.

float64 is switched on for JAX here, before any array exists (a test asserts it).

Public API (name by name):

Claims and checks
    claim, Source, Claim, Check, Relation, Finding, Derivation, Step
Verdicts
    Verdict, combine, meets
Running
    load_builtin, load_file, run_check, run_claim, run_claims, get_profile, PROFILES, REGISTRY
"""

import jax as _jax

_jax.config.update("jax_enable_x64", True)

from verify.core.claim import Check, Claim, Source, claim  # noqa: E402
from verify.core.derivation import Derivation, Step  # noqa: E402
from verify.core.evidence import CheckResult, ClaimResult, Finding  # noqa: E402
from verify.core.loader import BadInputError, load_builtin, load_file  # noqa: E402
from verify.core.profiles import PROFILES, get_profile  # noqa: E402
from verify.core.registry import REGISTRY  # noqa: E402
from verify.core.relation import Relation  # noqa: E402
from verify.core.runner import run_check, run_claim, run_claims  # noqa: E402
from verify.core.verdict import Verdict, combine, meets  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "claim",
    "Source",
    "Claim",
    "Check",
    "Relation",
    "Finding",
    "Derivation",
    "Step",
    "CheckResult",
    "ClaimResult",
    "Verdict",
    "combine",
    "meets",
    "load_builtin",
    "load_file",
    "BadInputError",
    "run_check",
    "run_claim",
    "run_claims",
    "get_profile",
    "PROFILES",
    "REGISTRY",
]
