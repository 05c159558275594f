"""Plain progress lines off a terminal: done / total, elapsed, time left, running claims."""

import io

from verify.cli.progress import PlainProgress, make_progress
from verify.core.evidence import CheckResult
from verify.core.isolation import Task
from verify.core.verdict import Verdict


def _task(i):
    return Task(f"p.claim{i}", "c", "property", "quick", 0, 10.0)


def test_plain_lines_name_running_claims_count_and_estimate():
    out = io.StringIO()
    prog = PlainProgress(jobs=2, stream=out, every_s=0.0)  # a line at every event
    tasks = [_task(i) for i in range(4)]
    prog.start(tasks)
    prog.started(tasks[0]), prog.started(tasks[1])
    prog.done(tasks[0], CheckResult("p.claim0", "c", "property", Verdict.SUPPORTED, duration_s=4.0))
    line = out.getvalue().splitlines()[-1]
    assert line.startswith("verify: 1/4 checks done")
    assert "~6s left" in line  # 3 left x 4 s mean / 2 jobs
    assert "running: p.claim1" in line
    prog.close()  # nothing new since the last line: no repeat
    assert len(out.getvalue().splitlines()) == 1


def test_a_pipe_gets_plain_lines():
    assert isinstance(make_progress(1, io.StringIO()), PlainProgress)
