"""Isolated execution: every check runs in a supervised worker process.

A check is user code, and user code can do anything: call ``sys.exit``, call ``os._exit``,
hang inside a C call, loop inside a bare ``except:`` that swallows the time-budget signal,
or print megabytes. :func:`run_isolated` keeps such faults inside the check:

* Worker processes (``spawn``: no forked JAX state) run **one check at a time**, handed
  out by the parent; each paper's checks run in order in one fresh worker, up to ``jobs``
  papers at once (:func:`run_isolated`). A worker that dies takes down only the check it
  was running; that check gets verdict ``error`` ("worker process died, exit code 3") and
  a fresh worker takes the rest. No innocent check is ever lost with it.
* The parent enforces each check's time budget by **killing** the worker at
  ``budget + grace`` (:func:`grace_s`), whatever the check does with signals; inside the
  worker :class:`verify.core.runner.CheckTimeout` still fires at ``budget`` for a clean
  message when the check lets it.
* A check's stdout and stderr (file descriptors 1 and 2, so C-level output too) go to a
  temporary file and come back as evidence, truncated to :data:`KEEP_CHARS` characters
  with the full size recorded (:func:`captured`). Nothing a check prints reaches the
  terminal.
* Workers start with ``PYTHONHASHSEED=0`` (:data:`HASH_SEED`) and single-threaded BLAS and
  XLA (:func:`worker_env`), so the same command twice gives the same numbers, not only the
  same verdicts: sympy's printed term order follows string hashes, and a threaded
  reduction may round differently from run to run. Parallelism comes from ``jobs``.
* Workers ignore SIGINT: Ctrl-C reaches the parent, which stops every worker and raises
  ``KeyboardInterrupt`` (an interrupt is the user's, never a check's fault).

Workers find a check by (claim id, check name) in the built-in registry or in the user's
file (``user_file``), so only claims loadable from one of those can run isolated.
"""

from __future__ import annotations

import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import pickle
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from verify.core.evidence import CheckResult, one_line
from verify.core.verdict import Verdict

__all__ = ["Task", "run_isolated", "group_key", "worker_env", "grace_s", "captured", "KEEP_CHARS", "HASH_SEED"]

# Workers hash strings with a fixed seed: sympy orders the terms it prints (the LaTeX of a
# derivation step) by hash, so without it two runs print the same expression differently.
HASH_SEED = "0"
# Workers compute single-threaded: a multi-threaded BLAS / XLA reduction may sum in a different
# order from one run to the next, and a last-bit difference steers Hypothesis' targeted search
# elsewhere (measured: glrj24.rank-one-minimizers diverged after 19 examples between two runs).
_SINGLE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
_XLA_SINGLE_THREAD = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"


def worker_env(env) -> dict:
    """Environment overrides for a worker: fixed hash seed, single-threaded BLAS and XLA."""
    xla = env.get("XLA_FLAGS", "")
    return {"PYTHONHASHSEED": HASH_SEED, **_SINGLE_THREAD,
            "XLA_FLAGS": xla if _XLA_SINGLE_THREAD in xla else f"{xla} {_XLA_SINGLE_THREAD}".strip()}

_ENV_LOCK = threading.Lock()
KEEP_CHARS = 4000  # characters of a check's output kept in the evidence (head and tail)
_START_TIMEOUT_S = 300.0  # a worker that cannot import verify and its claims in this time is broken


@dataclass(frozen=True)
class Task:
    """One check to run: where to find it, how, and its effective budget (seconds)."""

    claim_id: str
    check_name: str
    kind: str
    profile: str
    seed: int
    budget_s: float


def grace_s(budget_s: float) -> float:
    """Extra time past the budget before the worker is killed: 10 % of it, at least 2 s.

    The in-worker alarm fires at the budget itself; the grace lets a check that honours it
    return its ``error`` result (and the worker flush its pipes) before the hard kill.
    """
    return max(2.0, 0.1 * budget_s)


def captured(raw: bytes) -> dict:
    """Evidence of captured output: size in bytes and text (head + tail when truncated)."""
    text = raw.decode("utf-8", errors="replace")
    if len(text) > KEEP_CHARS:
        half = KEEP_CHARS // 2
        text = f"{text[:half]}\n[... {len(raw)} bytes in all; middle omitted ...]\n{text[-half:]}"
    return {"bytes": len(raw), "text": text}


# --- the worker process ---------------------------------------------------------------------
def _worker_main(conn, user_file: str | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import verify  # noqa: F401  (float64 before anything else)
        from verify.core.loader import load_builtin, load_file
        from verify.core.runner import run_check

        registry = load_file(user_file) if user_file else load_builtin()
    except BaseException as e:  # noqa: BLE001 - report, then exit
        conn.send(("broken", f"worker could not load the claims: {type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        claim = registry[task.claim_id]
        check = next(k for k in claim.checks if k.name == task.check_name)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            with _redirected(out, err):
                res = run_check(claim, check, task.profile, task.seed, budget_s=task.budget_s)
            res.output = {name: captured(_read(f)) for name, f in (("stdout", out), ("stderr", err))
                          if f.tell() > 0} or None
        conn.send(("result", _sendable(res)))


def _sendable(res):
    """``res``, or, when it cannot be pickled back to the parent (a lambda or an open handle in
    its details), an ``error`` result of the same check saying so."""
    try:
        pickle.dumps(res)
    except Exception as e:  # noqa: BLE001 - any pickling failure is the check's fault
        return CheckResult(claim_id=res.claim_id, name=res.name, kind=res.kind, verdict=Verdict.ERROR,
                           message=f"the check's result cannot be sent back from its worker ({one_line(e)})",
                           output=res.output, duration_s=res.duration_s)
    return res


class _redirected:
    """Point file descriptors 1 and 2 (and ``sys.stdout`` / ``sys.stderr``) at two files."""

    def __init__(self, out, err):
        self.files = (out, err)

    def __enter__(self):
        sys.stdout.flush(), sys.stderr.flush()
        self.saved = (os.dup(1), os.dup(2))
        os.dup2(self.files[0].fileno(), 1)
        os.dup2(self.files[1].fileno(), 2)

    def __exit__(self, *exc):
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        for fd, saved in zip((1, 2), self.saved):
            os.dup2(saved, fd)
            os.close(saved)
        return False


def _read(f) -> bytes:
    f.flush()
    f.seek(0)
    return f.read()


# --- the parent: hand out checks, watch deadlines and deaths --------------------------------
class _Worker:
    def __init__(self, ctx, user_file: str | None):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, user_file), daemon=True)
        with _ENV_LOCK:  # run_isolated may run in several threads (a Dask worker's)
            saved = dict(os.environ)
            os.environ.update(worker_env(os.environ))  # read by the spawned interpreter at start-up
            try:
                self.proc.start()
            finally:
                os.environ.clear()
                os.environ.update(saved)
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.t0 = time.monotonic()
        self.deadline = self.t0 + _START_TIMEOUT_S

    def give(self, task: Task) -> None:
        self.task, self.t0 = task, time.monotonic()
        self.deadline = self.t0 + task.budget_s + grace_s(task.budget_s)
        self.conn.send(task)

    def poll(self, ready: set) -> tuple[str, object]:
        """What happened: ("wait", None), ("ready", None), ("result", CheckResult),
        ("broken", reason: the claims cannot load) or ("fault", one-line reason)."""
        if self.conn in ready:
            try:
                what, payload = self.conn.recv()
                return what, payload
            except (EOFError, OSError):
                pass  # died mid-message: a death, below
        elif self.proc.sentinel not in ready and time.monotonic() <= self.deadline:
            return "wait", None
        if self.proc.sentinel in ready or not self.proc.is_alive():
            self.proc.join(1)
            return "fault", f"worker process died (exit code {self.proc.exitcode}) while running this check"
        if self.task is None:
            return "broken", f"worker did not start within {_START_TIMEOUT_S:g} s"
        b = self.task.budget_s
        return "fault", f"check exceeded its time budget of {b:g} s (worker killed after {b + grace_s(b):g} s)"

    def stop(self) -> None:
        try:
            if self.proc.is_alive() and self.ready and self.task is None:
                self.conn.send(None)
                self.proc.join(2)
        except (OSError, ValueError):
            pass
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


def _error(task: Task, message: str, duration: float = 0.0) -> CheckResult:
    return CheckResult(task.claim_id, task.check_name, task.kind, Verdict.ERROR,
                       message=message, duration_s=duration)


def group_key(task: Task) -> str:
    """Checks of one paper (claim-id prefix) run in order in one fresh worker."""
    return task.claim_id.split(".", 1)[0]


def run_isolated(
    tasks: list[Task],
    jobs: int = 1,
    user_file: str | None = None,
    on_start: Callable[[Task], None] | None = None,
    on_done: Callable[[Task, CheckResult], None] | None = None,
    tick: Callable[[], None] | None = None,
    tick_s: float = 1.0,
) -> dict[tuple[str, str, int], CheckResult]:
    """Run ``tasks`` in supervised workers; (claim id, check name, seed) -> result.

    Tasks are grouped by paper (:func:`group_key`) and seed; each group runs in declaration order in
    a fresh worker, and up to ``jobs`` groups run at once. A worker's history (JIT caches,
    memoised problems, ...) is then the same whatever ``jobs`` and the scheduling are, so
    results do not depend on them: measured, a check's numbers changed with the checks that
    had run before it in the same process. Never raises for a fault of a check.
    ``on_start`` / ``on_done`` are called in the parent when a check is handed out /
    finishes; ``tick`` about every ``tick_s`` seconds.
    """
    ctx = mp.get_context("spawn")
    groups: dict[str, deque] = {}
    for t in tasks:
        groups.setdefault((group_key(t), t.seed), deque()).append(t)
    waiting = deque(groups.values())
    results: dict[tuple[str, str, int], CheckResult] = {}
    active: list[tuple[_Worker, deque]] = []

    def finish(task: Task, res: CheckResult) -> None:
        results[(task.claim_id, task.check_name, task.seed)] = res
        if on_done:
            on_done(task, res)

    try:
        while waiting or active:
            while len(active) < jobs and waiting:
                active.append((_Worker(ctx, user_file), waiting.popleft()))
            for w, group in list(active):
                if w.ready and w.task is None:
                    if group:
                        w.give(group.popleft())
                        if on_start:
                            on_start(w.task)
                    else:  # the group is done: its worker goes with it
                        w.stop()
                        active.remove((w, group))
            if not active:
                continue
            now = time.monotonic()
            timeout = max(0.0, min([w.deadline for w, _ in active] + [now + tick_s]) - now)
            ready = set(mpc.wait([w.conn for w, _ in active] + [w.proc.sentinel for w, _ in active], timeout))
            for w, group in list(active):
                what, payload = w.poll(ready)
                if what == "ready":
                    w.ready = True
                elif what == "result":
                    finish(w.task, payload)
                    w.task = None
                elif what in ("fault", "broken"):
                    what = what if w.task is not None else "broken"  # dead before its first check
                    if w.task is not None:
                        finish(w.task, _error(w.task, payload, time.monotonic() - w.t0))
                        w.task = None
                    w.stop()
                    active.remove((w, group))
                    if what == "broken":  # the claims cannot be loaded: nothing else can run either
                        for g in [group, *waiting, *(g for _, g in active)]:
                            while g:
                                finish(g[0], _error(g.popleft(), payload))
                        waiting.clear()
                    elif group:  # a fresh worker takes the rest of the group
                        waiting.appendleft(group)
            if tick:
                tick()
    finally:
        for w, _ in active:
            w.stop()
    return results
