"""A run that cannot lie: faults inside a check stay inside that check.

``tests/core/data/faulty_checks.py`` holds checks that call ``sys.exit(0)``, ``sys.exit(1)``
and ``os._exit(3)``, loop inside a bare ``except:`` (swallowing the budget alarm), and
print 10 MB, beside two innocent claims. ``verify check`` is run on it as a user would (a
subprocess, off a terminal) with ``-j 2`` (one paper: its checks run in order, in a fresh
worker after each death); each test asserts the faulty
check's verdict and message, the untouched innocent claims, the written files and the
exit code.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "faulty_checks.py"
pytestmark = pytest.mark.xdist_group("faults")  # one pytest worker: the module fixture runs once

BUDGET_S = 3  # the hang is killed at 3 s + grace 2 s; every other check finishes far below 3 s


def _verify(*args, timeout=300):
    env = dict(os.environ)
    env.pop("VERIFY_CHECK_BUDGET_S", None)
    return subprocess.run([sys.executable, "-m", "verify.cli", *map(str, args)], capture_output=True,
                          text=True, env=env, timeout=timeout)


@pytest.fixture(scope="session")  # once (a module fixture re-ran when xdist interleaved modules)
def parallel(tmp_path_factory):
    out = tmp_path_factory.mktemp("faults")
    p = _verify("check", DATA, "-j", 2, "--profile", "quick", "--budget", BUDGET_S,
                "--json", out / "r.json", "--html", out / "html")
    return p, {c["id"]: c for c in json.loads((out / "r.json").read_text())["claims"]}, out


def _row(stdout: str, claim_id: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(claim_id + " "))


def test_exit_code_table_and_files_survive_every_fault(parallel):
    p, claims, out = parallel
    assert p.returncode == 1  # never 0: some verdicts are errors
    assert "claim " in p.stdout.splitlines()[0] and "expected" in p.stdout.splitlines()[0]  # the header
    assert "8 claims: error 5, proved 2, supported 1; 3/8 as expected" in p.stdout
    assert (out / "html" / "index.html").is_file() and (out / "html" / "report.json").is_file()
    assert "Traceback" not in p.stdout + p.stderr


def test_innocent_claims_are_untouched(parallel):
    p, claims, _ = parallel
    assert claims["f.innocent"]["verdict"] == "supported" and claims["f.innocent"]["checks"][0]["examples"] >= 10
    assert claims["f.innocent2"]["verdict"] == "proved"
    assert "as expected" in _row(p.stdout, "f.innocent") and "NOT" not in _row(p.stdout, "f.innocent2")


@pytest.mark.parametrize("claim_id, message", [
    ("f.exit0", "the check called sys.exit(0)"),
    ("f.exit1-identity", "the check called sys.exit(1)"),
    ("f.os-exit", "worker process died (exit code 3) while running this check"),
    ("f.unpicklable", "the check's result cannot be sent back from its worker ("),  # + the pickling error, worded per Python version
    ("f.hang", f"check exceeded its time budget of {BUDGET_S} s (worker killed after {BUDGET_S + 2} s)"),
])
def test_a_fault_is_an_error_of_its_own_check(parallel, claim_id, message):
    p, claims, _ = parallel
    (chk,) = claims[claim_id]["checks"]
    assert claims[claim_id]["verdict"] == "error" and chk["verdict"] == "error"
    assert chk["message"] == message or (message.endswith("(") and chk["message"].startswith(message))
    assert message in p.stdout and "NOT AS EXPECTED" in _row(p.stdout, claim_id)


def test_huge_output_is_captured_into_the_evidence(parallel):
    p, claims, _ = parallel
    (chk,) = claims["f.noisy"]["checks"]
    assert chk["verdict"] == "proved"  # printing is not a fault
    captured = chk["output"]["stdout"]
    assert captured["bytes"] == 10_000_001 and len(captured["text"]) < 5000
    assert "10000001 bytes in all" in captured["text"]
    assert len(p.stdout) < 5000 and "yyyyyyyyyy" not in p.stdout  # the terminal stays readable


def test_unwritable_output_fails_before_anything_runs(tmp_path, capsys):
    """In-process: the paths are refused before any worker starts."""
    from verify.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    for args, what in ((["check", DATA, "--json", blocker / "r.json"], f"the JSON report {blocker / 'r.json'}"),
                       (["check", DATA, "--html", blocker / "h"], f"--html {blocker / 'h'}"),
                       (["run", "bw25.hessian-top", "--json", blocker / "r.json"], f"--json {blocker / 'r.json'}"),
                       (["report", "--out", blocker / "rep"], f"--out {blocker / 'rep'}")):
        assert main([str(a) for a in args]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err == f"verify: error: cannot write {what}: {blocker} is a file, not a directory\n"


def test_workers_are_deterministic_by_environment():
    from verify.core.isolation import worker_env

    env = worker_env({"XLA_FLAGS": "--xla_dump_to=/tmp/x"})
    assert env["PYTHONHASHSEED"] == "0" and env["OPENBLAS_NUM_THREADS"] == "1"
    assert env["XLA_FLAGS"].startswith("--xla_dump_to=/tmp/x ") and "intra_op_parallelism_threads=1" in env["XLA_FLAGS"]
    assert worker_env(env)["XLA_FLAGS"] == env["XLA_FLAGS"]  # idempotent
