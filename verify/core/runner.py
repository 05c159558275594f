"""The runner: claims -> evidence.

``run_check`` runs one check under a profile and seed and *never raises* for a fault of
the check: an exception, ``sys.exit``, a NaN / inf, a wrong return type or an exhausted time
budget becomes a ``CheckResult`` with verdict ``error`` and a one-line message.
``run_claims`` runs many claims, in this process or isolated in supervised worker
processes (:mod:`verify.core.isolation`, which also survives ``os._exit``, crashes and
hangs) or on a ``dask.distributed`` cluster (:mod:`verify.core.distributed`); results come back
in declaration order whatever the scheduling, so output does not depend on ``-j`` or on the
cluster. ``run_seeds`` runs them for many seeds at once.
"""

from __future__ import annotations

import signal
import threading
import time
from typing import Protocol

from verify.core.claim import Check, Claim
from verify.core.evidence import CheckResult, ClaimResult, one_line
from verify.core.kinds import certificate, experiment, identity
from verify.core.kinds import property as property_kind
from verify.core.isolation import Task, run_isolated
from verify.core.kinds.context import Context
from verify.core.profiles import Profile, get_profile
from verify.core.verdict import Verdict, combine, meets

__all__ = ["run_check", "run_claim", "run_claims", "run_seeds", "effective_budget", "CheckTimeout", "Progress"]

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


def run_check(claim: Claim, check: Check, profile: Profile | str = "quick", seed: int = 0,
              budget_s: float | None = None) -> CheckResult:
    """Run one check in this process; faults of the check become verdict ``error``.

    ``budget_s`` overrides the check's own budget (else the profile's). ``sys.exit`` inside
    the check is a fault like any exception; only ``KeyboardInterrupt`` propagates. What
    cannot be caught in-process (``os._exit``, a hang that swallows the alarm) needs
    :func:`run_claims` with isolation.
    """
    profile = get_profile(profile) if isinstance(profile, str) else profile
    ctx = Context(claim_id=claim.id, profile=profile, seed=seed)
    budget = budget_s or effective_budget(check, profile)
    t0 = time.perf_counter()
    try:
        with _Alarm(budget):
            res = _KINDS[check.kind](check, ctx)
    except CheckTimeout as e:
        res = CheckResult(claim.id, check.name, check.kind, Verdict.ERROR, message=f"check {e}")
    except SystemExit as e:
        res = CheckResult(claim.id, check.name, check.kind, Verdict.ERROR,
                          message=f"the check called sys.exit({e.code!r})")
    except KeyboardInterrupt:
        raise
    except BaseException as e:  # noqa: BLE001 - a check fault is evidence, not a crash
        res = CheckResult(claim.id, check.name, check.kind, Verdict.ERROR, message=one_line(e))
    res.duration_s = time.perf_counter() - t0
    return res


def effective_budget(check: Check, profile: Profile) -> float:
    """The check's time budget in seconds: its own ``budget_s``, else the profile's."""
    return check.budget_s or profile.check_budget_s


def _claim_result(claim: Claim, results: list[CheckResult], duration: float) -> ClaimResult:
    verdict = combine(r.verdict for r in results)
    return ClaimResult(claim=claim.to_json(),
                       verdict=verdict, expected=claim.expected,
                       as_expected=meets(verdict, claim.expected), checks=results, duration_s=duration)


def run_claim(claim: Claim, profile: Profile | str = "quick", seed: int = 0) -> ClaimResult:
    """Run every check of one claim in this process."""
    t0 = time.perf_counter()
    results = [run_check(claim, c, profile, seed) for c in claim.checks]
    return _claim_result(claim, results, time.perf_counter() - t0)


def run_claims(
    claims: list[Claim],
    profile: str = "quick",
    seed: int = 0,
    jobs: int = 1,
    user_file: str | None = None,
    isolate: bool | None = None,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> list[ClaimResult]:
    """Run claims; results in declaration order whatever the scheduling.

    ``isolate`` (default: ``jobs > 1``) runs every check in a supervised worker process
    (:mod:`verify.core.isolation`): ``os._exit``, crashes and hangs that ignore the alarm
    become ``error`` for that check alone, budgets are enforced by killing the worker, and
    output is captured into the evidence. Isolated claims must be loadable by the workers:
    built-in claims, or the claims of ``user_file``. ``scheduler``: the address of a
    ``dask.distributed`` scheduler; the same isolated workers then run on its machines
    (:mod:`verify.core.distributed`), with the same verdicts and numbers. ``progress``
    receives ``start(tasks)``, ``started(task)``, ``done(task, result)``, ``tick()`` and
    ``close()``.
    """
    return run_seeds(claims, [seed], profile, jobs, user_file, isolate, progress, scheduler)[seed]


def run_seeds(
    claims: list[Claim],
    seeds: list[int],
    profile: str = "quick",
    jobs: int = 1,
    user_file: str | None = None,
    isolate: bool | None = None,
    progress: Progress | None = None,
    scheduler: str | None = None,
) -> dict[int, list[ClaimResult]]:
    """:func:`run_claims` for every seed in ``seeds`` at once (all seeds share the workers or
    the cluster); seed -> results in declaration order."""
    prof = get_profile(profile)
    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    isolate = (jobs > 1 or scheduler is not None) if isolate is None else isolate
    tasks = [Task(c.id, k.name, k.kind, prof.name, s, effective_budget(k, prof))
             for s in seeds for c in claims for k in c.checks]
    hooks = {"on_start": progress.started, "on_done": progress.done, "tick": progress.tick} if progress else {}
    if progress:
        progress.start(tasks)
    try:
        if scheduler is not None:
            from verify.core.distributed import run_dask

            got = run_dask(tasks, scheduler, user_file, **hooks)
        elif isolate:
            got = run_isolated(tasks, jobs, user_file, **hooks)
        else:
            got, by_id = {}, {c.id: c for c in claims}
            for t in tasks:
                claim = by_id[t.claim_id]
                check = next(k for k in claim.checks if k.name == t.check_name)
                if progress:
                    progress.started(t)
                got[(t.claim_id, t.check_name, t.seed)] = res = run_check(claim, check, prof, t.seed)
                if progress:
                    progress.done(t, res)
    finally:
        if progress:
            progress.close()
    out = {}
    for s in seeds:
        out[s] = []
        for c in claims:
            res = [got[(c.id, k.name, s)] for k in c.checks]
            out[s].append(_claim_result(c, res, sum(r.duration_s for r in res)))
    return out


class Progress(Protocol):
    """What :func:`run_claims` reports to while it runs (all calls in the calling process)."""

    def start(self, tasks: list[Task]) -> None: ...
    def started(self, task: Task) -> None: ...
    def done(self, task: Task, result: CheckResult) -> None: ...
    def tick(self) -> None: ...
    def close(self) -> None: ...
