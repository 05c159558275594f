"""verify: theorem-checking numerical verification of claims about SGD's implicit bias.

float64 is switched on for JAX here, before any array exists (tests/test_float64.py asserts it).
So is JAX's persistent compilation cache (:func:`_compilation_cache`): compiled XLA code is
kept on disk and reused by later processes (the report's workers, pytest's workers, the next
run), which halves the CPU time of a repeated run; the numbers are those of a fresh compile.

Public API, name by name (signatures in each function's docstring):

Claims and checks (verify.core)
    claim, variant, Source, Claim, Check, Relation, NotEvaluable, Finding, Derivation, Step
Verdicts
    Verdict, combine, meets
Running
    load_builtin, load_file, BadInputError, run_check, run_claim, run_claims, run_seeds,
    get_profile, PROFILES, REGISTRY, CheckResult, ClaimResult
Instruments (verify.measure)
    grad, hvp, hessian, sharpness, top_eigenvalues, hessian_trace, hessian_frobenius,
    hessian_frobenius_sq, Eig, Estimate, per_sample_grads, per_sample_jacobian, kappa,
    gradient_covariance, minibatch_noise_covariance
Dynamics (verify.dynamics)
    gd, sgd, batch_indices, gradient_flow, Run, Flow
Models (verify.models)
    mse, init_mlp, mlp_apply, mlp_loss, flatten
High precision (verify.precise)
    mp_gradient, mp_hvp, mp_hessian, top_eigenvalue_enclosure, real_eigenvalues_exact
Subpackages and modules
    strategies (public Hypothesis strategies), measure, dynamics, models, precise
"""

import os as _os

import jax as _jax

_jax.config.update("jax_enable_x64", True)


def _compilation_cache() -> str | None:
    """Turn on JAX's persistent compilation cache; returns its folder (None when off).

    ``VERIFY_JAX_CACHE``: a folder, or ``off``; default ``$XDG_CACHE_HOME/verify/jax`` (else
    ``~/.cache/verify/jax``). A cache folder the user set for JAX (``JAX_COMPILATION_CACHE_DIR``)
    is left alone. Every compile is cached (no minimum time or size): most compiles here take
    0.05-1 s, and they are most of a check's time. Measured (``verify run glrj24 -j 1``, 2 cores):
    52.8 s of CPU with an empty cache, 25.0 s with a warm one. A cached executable is the one
    XLA compiled, keyed by the program, the flags and the JAX version, so results do not change.
    """
    choice = _os.environ.get("VERIFY_JAX_CACHE", "")
    if choice == "off":
        return None
    if _jax.config.jax_compilation_cache_dir:
        return _jax.config.jax_compilation_cache_dir
    base = _os.environ.get("XDG_CACHE_HOME") or _os.path.join(_os.path.expanduser("~"), ".cache")
    path = choice or _os.path.join(base, "verify", "jax")
    _jax.config.update("jax_compilation_cache_dir", path)
    _jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    _jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    return path


COMPILATION_CACHE = _compilation_cache()

from verify import dynamics, measure, models, precise, strategies  # noqa: E402
from verify.core.claim import Check, Claim, Source, claim, variant  # noqa: E402
from verify.core.derivation import Derivation, Step  # noqa: E402
from verify.core.evidence import CheckResult, ClaimResult, Finding  # noqa: E402
from verify.core.loader import BadInputError, load_builtin, load_file  # noqa: E402
from verify.core.profiles import PROFILES, get_profile  # noqa: E402
from verify.core.registry import REGISTRY  # noqa: E402
from verify.core.relation import NotEvaluable, Relation  # noqa: E402
from verify.core.runner import run_check, run_claim, run_claims, run_seeds  # noqa: E402
from verify.core.verdict import Verdict, combine, meets  # noqa: E402
from verify.dynamics import Flow, Run, batch_indices, gd, gradient_flow, sgd  # noqa: E402
from verify.measure import (  # noqa: E402
    Eig,
    Estimate,
    grad,
    gradient_covariance,
    hessian,
    hessian_frobenius,
    hessian_frobenius_sq,
    hessian_trace,
    hvp,
    kappa,
    minibatch_noise_covariance,
    per_sample_grads,
    per_sample_jacobian,
    sharpness,
    top_eigenvalues,
)
from verify.models import flatten, init_mlp, mlp_apply, mlp_loss, mse  # noqa: E402
from verify.precise import mp_gradient, mp_hessian, mp_hvp, real_eigenvalues_exact, top_eigenvalue_enclosure  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    # claims and checks
    "claim", "variant", "Source", "Claim", "Check", "Relation", "NotEvaluable", "Finding", "Derivation", "Step",
    # verdicts
    "Verdict", "combine", "meets",
    # running
    "load_builtin", "load_file", "BadInputError", "run_check", "run_claim", "run_claims", "run_seeds",
    "get_profile", "PROFILES", "REGISTRY", "CheckResult", "ClaimResult",
    # instruments
    "grad", "hvp", "hessian", "sharpness", "top_eigenvalues", "hessian_trace", "hessian_frobenius",
    "hessian_frobenius_sq", "Eig", "Estimate", "per_sample_grads", "per_sample_jacobian", "kappa",
    "gradient_covariance", "minibatch_noise_covariance",
    # dynamics
    "gd", "sgd", "batch_indices", "gradient_flow", "Run", "Flow",
    # models
    "mse", "init_mlp", "mlp_apply", "mlp_loss", "flatten",
    # high precision
    "mp_gradient", "mp_hvp", "mp_hessian", "top_eigenvalue_enclosure", "real_eigenvalues_exact",
    # subpackages
    "strategies", "measure", "dynamics", "models", "precise",
]
