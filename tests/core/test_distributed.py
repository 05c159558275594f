"""Checks on a dask.distributed cluster give the local run's verdicts and numbers, and keep
faults inside the check (a LocalCluster in this process stands in for a real one)."""

from pathlib import Path

import pytest

from verify.core.loader import load_builtin, load_file
from verify.core.runner import run_seeds
from verify.core.verdict import Verdict

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.xdist_group("dask")

FAULTY = Path(__file__).parent / "data" / "faulty_checks.py"


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _numbers(results):
    return [(c.claim_id, c.name, c.verdict, c.examples, c.worst_margin, c.counterexample, c.message)
            for r in results for c in r.checks]


def test_cluster_run_equals_local_run_for_every_seed(scheduler):
    # a property (Hypothesis + Sobol + Nelder-Mead: numbers depend on the seed) and a refuted variant
    claims = load_builtin().select(["bw25.gf-limit-initial-norm", "bw25.sharpness-floor"])
    local = run_seeds(claims, [1], "quick", jobs=1, isolate=True)
    remote = run_seeds(claims, [0, 1], "quick", scheduler=scheduler)
    assert set(remote) == {0, 1} and _numbers(remote[1]) == _numbers(local[1])
    for s in (0, 1):
        assert {r.id: r.verdict for r in remote[s]} == {"bw25.gf-limit-initial-norm": Verdict.REFUTED,
                                                         "bw25.sharpness-floor": Verdict.PROVED}
    assert _numbers(remote[0]) != _numbers(remote[1])  # the seed reached the workers


def test_faults_stay_inside_the_check_on_the_cluster(scheduler):
    claims = load_file(FAULTY, budget_s=3).select(["f.innocent2", "f.os-exit", "f.exit1-identity"])
    got = {r.id: r for r in run_seeds(claims, [0], "quick", user_file=str(FAULTY), scheduler=scheduler)[0]}
    assert got["f.innocent2"].verdict == Verdict.PROVED
    assert got["f.os-exit"].verdict == Verdict.ERROR and "exit code 3" in got["f.os-exit"].checks[0].message
    assert got["f.exit1-identity"].verdict == Verdict.ERROR


def test_unreachable_scheduler_is_one_clear_error():
    from verify.core.distributed import run_dask
    from verify.core.isolation import Task

    with pytest.raises(OSError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run_dask([Task("bw25.decoupling", "decoupling", "identity", "quick", 0, 10.0)], "tcp://127.0.0.1:9",
                 connect_s=2)


def test_a_daemon_worker_runs_the_unit_from_a_child_interpreter():
    # `dask worker` processes are daemons: run_unit then goes through `python -m verify.core.distributed`
    from verify.core.distributed import run_unit
    from verify.core.isolation import Task

    tasks = [Task("bw25.sharpness-floor", "floor", "identity", "quick", 0, 60.0)]
    got = run_unit(tasks, child=True)
    assert got[("bw25.sharpness-floor", "floor", 0)].verdict == Verdict.PROVED
