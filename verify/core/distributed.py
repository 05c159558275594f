"""Checks on a ``dask.distributed`` cluster, with the same verdicts and numbers as a local run.

The unit of work is what :func:`verify.core.isolation.run_isolated` runs in one fresh worker
process locally: the checks of one paper (claim-id prefix) for one seed, in declaration order.
Each unit becomes one Dask task, which runs that same supervised worker on the Dask worker's
machine (from a child interpreter when the Dask worker is a daemon process, as ``dask worker``
starts them: a daemon may not start multiprocessing children). A check therefore sees the same history, the same single-threaded
environment and the same seeds as in ``verify run -j N``: the verdicts and numbers agree, and a
check that crashes, hangs or exits still ends as ``error`` for itself alone.

The Dask workers need this version of ``verify`` installed, and for ``verify check FILE`` the file
at the same absolute path (a shared file system, or the same checkout on every machine).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from verify.core.evidence import CheckResult
from verify.core.isolation import Task, group_key, run_isolated
from verify.core.verdict import Verdict

__all__ = ["run_dask", "run_unit"]


def _error(task: Task, message: str) -> CheckResult:
    return CheckResult(task.claim_id, task.check_name, task.kind, Verdict.ERROR, message=message)


def run_unit(tasks: list[Task], user_file: str | None = None, child: bool | None = None) -> dict:
    """Run one unit (one paper, one seed) here; (claim id, check name, seed) -> result. This is
    the function a Dask worker executes. ``child`` (default: when this process is a daemon)
    starts the supervised worker from a child interpreter instead of from this process."""
    if not (multiprocessing.current_process().daemon if child is None else child):
        return run_isolated(tasks, 1, user_file)
    with tempfile.TemporaryDirectory() as d:
        src, dst = os.path.join(d, "tasks.pkl"), os.path.join(d, "results.pkl")
        with open(src, "wb") as f:
            pickle.dump((tasks, user_file), f)
        p = subprocess.run([sys.executable, "-m", "verify.core.distributed", src, dst],
                           capture_output=True, text=True)
        if p.returncode != 0 or not os.path.exists(dst):
            why = (p.stderr.strip().splitlines() or [f"exit code {p.returncode}"])[-1]
            return {(t.claim_id, t.check_name, t.seed): _error(t, f"cluster worker failed: {why}") for t in tasks}
        with open(dst, "rb") as f:
            return pickle.load(f)


def run_dask(
    tasks: list[Task],
    address: str,
    user_file: str | None = None,
    on_start: Callable[[Task], None] | None = None,
    on_done: Callable[[Task, CheckResult], None] | None = None,
    tick: Callable[[], None] | None = None,
    tick_s: float = 1.0,
    connect_s: float = 30.0,
) -> dict[tuple[str, str, int], CheckResult]:
    """Run ``tasks`` on the Dask scheduler at ``address`` (``tcp://host:8786``, or a
    ``LocalCluster``'s ``scheduler_address``); (claim id, check name, seed) -> result.

    Never raises for a fault of a check; a scheduler that cannot be reached raises ``OSError``.
    """
    from dask.distributed import Client, as_completed

    units: dict[tuple[str, int], list[Task]] = {}
    for t in tasks:
        units.setdefault((group_key(t), t.seed), []).append(t)
    user_file = os.path.abspath(user_file) if user_file else None
    results: dict[tuple[str, str, int], CheckResult] = {}
    try:
        client = Client(address, timeout=connect_s, set_as_default=False)
    except Exception as e:  # noqa: BLE001 - one line for the CLI
        raise OSError(f"cannot reach the Dask scheduler at {address}: {e}") from e
    with client, client.as_current():
        futures = {}
        for key, unit in units.items():
            fut = client.submit(run_unit, unit, user_file, pure=False, key=f"verify-{key[0]}-seed{key[1]}-{time.time_ns()}")
            futures[fut] = unit
            if on_start:
                for t in unit:
                    on_start(t)
        pending = as_completed(futures, with_results=False)
        last = time.monotonic()
        for fut in pending:
            unit = futures[fut]
            try:
                got = fut.result()
            except Exception as e:  # noqa: BLE001 - a lost worker: error for this unit only
                got = {(t.claim_id, t.check_name, t.seed): _error(t, f"cluster task failed: {e}") for t in unit}
            for t in unit:
                results[(t.claim_id, t.check_name, t.seed)] = got[(t.claim_id, t.check_name, t.seed)]
                if on_done:
                    on_done(t, results[(t.claim_id, t.check_name, t.seed)])
            if tick and time.monotonic() - last >= tick_s:
                tick()
                last = time.monotonic()
    return results


def _main(src: str, dst: str) -> None:
    with open(src, "rb") as f:
        tasks, user_file = pickle.load(f)
    with open(dst, "wb") as f:
        pickle.dump(run_isolated(tasks, 1, user_file), f)


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2])
