"""The runner: claims -> evidence.

``run_check`` runs one check under a profile and seed and *never raises* for a fault of
the check: an exception, a NaN / inf, a wrong return type or an exhausted time budget
becomes a ``CheckResult`` with verdict ``error`` and a one-line message. ``run_claims``
runs many claims, optionally in ``jobs`` worker processes (spawned, so JAX state is never
forked); results come back in declaration order whatever the scheduling, so output does
not depend on ``-j``.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing as mp
import signal

import threading
import time
from collections.abc import Callable

from verify.core.claim import Check, Claim
from verify.core.evidence import CheckResult, ClaimResult
from verify.core.kinds import certificate, experiment, identity
from verify.core.kinds import property as property_kind
from verify.core.kinds.context import Context
from verify.core.profiles import Profile, get_profile
from verify.core.relation import NonFiniteError
from verify.core.verdict import Verdict, combine, meets

__all__ = ["run_check", "run_claim", "run_claims", "CheckTimeout"]

_KINDS = {
    "identity": identity.run,
    "property": property_kind.run,
    "experiment": experiment.run,
    "certificate": certificate.run,
}


class CheckTimeout(BaseException):
    """A check exceeded its wall-clock budget.

    A ``BaseException`` (like ``KeyboardInterrupt``) so that neither Hypothesis nor a check's
    own ``except Exception`` swallows it and keeps running the hung code.
    """


class _Alarm:
    """SIGALRM-based budget (main thread on POSIX); a no-op elsewhere."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.active = (
            seconds and seconds > 0 and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )

    def _fire(self, signum, frame):
        raise CheckTimeout(f"exceeded its time budget of {self.seconds:g} s")

    def __enter__(self):
        if self.active:
            self._old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc):
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)
        return False


def _one_line(e: BaseException) -> str:
    while isinstance(e, BaseExceptionGroup) and e.exceptions:
        e = e.exceptions[0]
    msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
    return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def run_check(claim: Claim, check: Check, profile: Profile | str = "quick", seed: int = 0) -> CheckResult:
    """Run one check; faults of the check become verdict ``error`` (never an exception)."""
    profile = get_profile(profile) if isinstance(profile, str) else profile
    ctx = Context(claim_id=claim.id, profile=profile, seed=seed)
    budget = check.budget_s or profile.check_budget_s
    t0 = time.perf_counter()
    try:
        with _Alarm(budget):
            res = _KINDS[check.kind](check, ctx)
    except CheckTimeout as e:
        res = CheckResult(claim.id, check.name, check.kind, Verdict.ERROR, message=f"check {e}")
    except NonFiniteError as e:
        res = CheckResult(claim.id, check.name, check.kind, Verdict.ERROR, message=_one_line(e))
    except Exception as e:  # noqa: BLE001 - a check fault is evidence, not a crash
        res = CheckResult(claim.id, check.name, check.kind, Verdict.ERROR, message=_one_line(e))
    res.duration_s = time.perf_counter() - t0
    return res


def _claim_result(claim: Claim, results: list[CheckResult], duration: float) -> ClaimResult:
    verdict = combine(r.verdict for r in results)
    return ClaimResult(claim=claim.to_json(),
                       verdict=verdict, expected=claim.expected,
                       as_expected=meets(verdict, claim.expected), checks=results, duration_s=duration)


def run_claim(claim: Claim, profile: Profile | str = "quick", seed: int = 0) -> ClaimResult:
    t0 = time.perf_counter()
    results = [run_check(claim, c, profile, seed) for c in claim.checks]
    return _claim_result(claim, results, time.perf_counter() - t0)


# --- parallel execution ----------------------------------------------------------------------
_WORKER_FILE: str | None = None


def _worker_init(user_file: str | None) -> None:
    global _WORKER_FILE
    _WORKER_FILE = user_file
    import verify  # noqa: F401  (sets float64)


def _worker_claims():
    from verify.core.loader import load_builtin, load_file

    return load_file(_WORKER_FILE) if _WORKER_FILE else load_builtin()


def _worker_run(claim_id: str, check_name: str, profile: str, seed: int) -> CheckResult:
    claim = _worker_claims()[claim_id]
    check = next(c for c in claim.checks if c.name == check_name)
    return run_check(claim, check, profile, seed)


def run_claims(
    claims: list[Claim],
    profile: str = "quick",
    seed: int = 0,
    jobs: int = 1,
    user_file: str | None = None,
    progress: Callable[[ClaimResult, int, int], None] | None = None,
) -> list[ClaimResult]:
    """Run claims (checks spread over ``jobs`` processes); results in declaration order."""
    get_profile(profile)
    out: list[ClaimResult] = []
    if jobs <= 1:
        for i, c in enumerate(claims):
            out.append(run_claim(c, profile, seed))
            if progress:
                progress(out[-1], i + 1, len(claims))
        return out
    ctx = mp.get_context("spawn")
    with cf.ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_worker_init, initargs=(user_file,)) as ex:
        futs = {(c.id, k.name): ex.submit(_worker_run, c.id, k.name, profile, seed)
                for c in claims for k in c.checks}
        for i, c in enumerate(claims):
            res = []
            for k in c.checks:
                try:
                    res.append(futs[(c.id, k.name)].result())
                except Exception as e:  # noqa: BLE001 - a worker died: record, go on
                    res.append(CheckResult(c.id, k.name, k.kind, Verdict.ERROR,
                                           message=f"worker failed: {_one_line(e)}"))
            out.append(_claim_result(c, res, sum(r.duration_s for r in res)))
            if progress:
                progress(out[-1], i + 1, len(claims))
    return out


