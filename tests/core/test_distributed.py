"""Checks on a dask.distributed cluster give the local run's verdicts and numbers, keep faults
inside the check, and lose no check when a worker dies mid-run. A ``LocalCluster`` of two worker
processes (daemons, as ``dask worker`` starts them) stands in for a real cluster."""

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from verify.core.loader import load_builtin, load_file
from verify.core.runner import run_seeds
from verify.core.verdict import Verdict

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.xdist_group("dask")

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def _numbers(results):
    return [(c.claim_id, c.name, c.verdict, c.examples, c.worst_margin, c.counterexample, c.message)
            for r in results for c in r.checks]


def test_cluster_run_equals_local_run_for_every_seed(cluster):
    # a property (Hypothesis + Sobol + Nelder-Mead: numbers depend on the seed) and a proved claim
    claims = load_builtin().select(["bw25.gf-limit-initial-norm", "bw25.sharpness-floor"])
    local = run_seeds(claims, [1], "quick", jobs=1, isolate=True)
    remote = run_seeds(claims, [0, 1], "quick", scheduler=cluster.scheduler_address)
    assert set(remote) == {0, 1} and _numbers(remote[1]) == _numbers(local[1])
    for s in (0, 1):
        assert {r.id: r.verdict for r in remote[s]} == {"bw25.gf-limit-initial-norm": Verdict.REFUTED,
                                                         "bw25.sharpness-floor": Verdict.PROVED}
    assert _numbers(remote[0]) != _numbers(remote[1])  # the seed reached the workers


def test_faults_stay_inside_the_check_on_the_cluster(cluster):
    path = DATA / "faulty_checks.py"
    claims = load_file(path, budget_s=3).select(["f.innocent2", "f.os-exit", "f.exit1-identity"])
    got = {r.id: r for r in run_seeds(claims, [0], "quick", user_file=str(path), scheduler=cluster.scheduler_address)[0]}
    assert got["f.innocent2"].verdict == Verdict.PROVED
    assert got["f.os-exit"].verdict == Verdict.ERROR and "exit code 3" in got["f.os-exit"].checks[0].message
    assert got["f.exit1-identity"].verdict == Verdict.ERROR


def test_a_worker_killed_mid_run_loses_no_check(cluster):
    # two units (seeds 0 and 1) of a 4-second check; one worker is killed while it runs one of them:
    # the scheduler gives the unit to a live worker and every check still comes back proved
    path = DATA / "slow_claims.py"
    claims = load_file(path).select([])
    box = {}
    run = threading.Thread(target=lambda: box.update(r=run_seeds(claims, [0, 1], "quick", user_file=str(path),
                                                                 scheduler=cluster.scheduler_address)))
    with distributed.Client(cluster.scheduler_address) as client:
        run.start()
        deadline, busy = time.monotonic() + 120, []
        while not busy and time.monotonic() < deadline:
            busy = [w for w, tasks in client.processing().items() if tasks]
            time.sleep(0.2)
        assert busy, "no unit started on the cluster"
        time.sleep(2.0)  # inside the unit: its child interpreter is loading or running the check
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        os.kill(pid, signal.SIGKILL)
        run.join(300)
    assert not run.is_alive()
    assert {s: [r.verdict for r in rs] for s, rs in box["r"].items()} == {0: [Verdict.PROVED], 1: [Verdict.PROVED]}


def test_unreachable_scheduler_is_one_clear_error():
    from verify.core.distributed import run_dask
    from verify.core.isolation import Task

    with pytest.raises(OSError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_dask([Task("bw25.decoupling", "decoupling", "identity", "quick", 0, 10.0)], "tcp://127.0.0.1:9",
                 connect_s=2)
