"""Bad input to ``verify check``: every case gives a one-line reason and no traceback.

A bad *file* (missing, not Python, does not import, declares nothing, a duplicate id, a
claim without checks, an unknown selector) is exit 2 with one line on stderr and nothing
run. A bad *check* (wrong signature, a strategy that cannot generate, a hang, NaN, a wrong
return type, an exception) is verdict ``error`` with a one-line message, and exit 1; the
other checks of the file still run.
"""

import contextlib
import io
import json
import re
import textwrap

import pytest

from verify.cli import main

pytestmark = pytest.mark.xdist_group("bad_input")  # one pytest worker: the module fixture runs once
from verify.core.loader import BadInputError, load_file

HEAD = """\
import hypothesis.strategies as st
import sympy as sp
from verify import claim, Relation
"""

OK_CLAIM = """
ok = claim("user.ok", title="ok", statement="x^2 >= 0", provenance="conjecture")
@ok.property(given={"x": st.floats(-10, 10)})
def square(x):
    return Relation(x * x, ">=", 0.0)
"""


def _write(tmp_path, body, name="conj.py", head=True):
    p = tmp_path / name
    p.write_text((HEAD if head else "") + textwrap.dedent(body))
    return p


def _run(capsys, *argv):
    code = main(["check", *map(str, argv), "--no-json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- bad files: exit 2, one line ------------------------------------------------------------------
BAD_FILES = {
    "missing": (None, "no such file"),
    "not python": ("x = 1\n", "not a Python file"),
    "syntax error": ("def f(:\n    pass\n", "syntax error"),
    "raises at import": ("import math\nx = 1 / 0\n", "import failed: ZeroDivisionError: division by zero"),
    "missing module": ("import no_such_module_xyz\n", "import failed: ModuleNotFoundError"),
    "sys.exit at import": ("import sys\nsys.exit(3)\n", "sys.exit(3)"),
    "declares nothing": ("x = 1\n", "declares no claim"),
    "duplicate id": (OK_CLAIM + "\nclaim('user.ok', title='again', statement='dup')\n", "duplicate claim id 'user.ok'"),
    "bad id": ("claim('Not An Id', title='t', statement='s')\n", "must look like 'paper.short-name'"),
    "claim without check": ("claim('user.empty', title='t', statement='s')\n", "declares no check"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_is_one_line_and_exit_2(case, tmp_path, capsys):
    body, needle = BAD_FILES[case]
    if body is None:
        path = tmp_path / "nope.py"
    elif case == "not python":
        path = _write(tmp_path, body, name="conj.txt")
    else:
        path = _write(tmp_path, body, head=case not in ("syntax error",))
    code, out, err = _run(capsys, path)
    assert code == 2, (out, err)
    assert needle in err, err
    assert err.startswith("verify: error: ") and err.count("\n") == 1, err
    assert out == ""


def test_a_file_s_line_is_named(tmp_path):
    path = _write(tmp_path, OK_CLAIM + "\n\nclaim('user.ok', title='again', statement='dup')\n")
    with pytest.raises(BadInputError, match=r"conj\.py:\d+: duplicate claim id"):
        load_file(path)
    path = _write(tmp_path, "y = 2\nx = 1 / 0\n")
    with pytest.raises(BadInputError, match=r"conj\.py:5: import failed"):  # 3 header lines + 2
        load_file(path)


def test_a_directory_and_an_unknown_selector(tmp_path, capsys):
    code, _, err = _run(capsys, tmp_path)
    assert code == 2 and "is a directory" in err
    path = _write(tmp_path, OK_CLAIM)
    code, out, err = _run(capsys, path, "user.nope")
    assert code == 2 and "declares no claim 'user.nope'" in err and "user.ok" in err
    assert out == ""


def test_budget_does_not_leak_into_the_process(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("VERIFY_CHECK_BUDGET_S", raising=False)
    path = _write(tmp_path, OK_CLAIM)
    assert main(["check", str(path), "--budget", "30", "--no-json"]) == 0
    capsys.readouterr()
    import os

    assert "VERIFY_CHECK_BUDGET_S" not in os.environ


def test_bad_usage_is_exit_2(tmp_path, capsys):
    path = _write(tmp_path, OK_CLAIM)
    assert main(["check", str(path), "--budget", "-1"]) == 2
    assert main(["check", str(path), "--profile", "nope"]) == 2
    assert main(["check"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("verify: error:") == 3


# --- bad checks: verdict error, one-line message, the rest still runs ------------------------------
BAD_CHECKS = {
    "wrong property signature": ("""
        c = claim("user.sig", title="t", statement="s")
        @c.property(given={"x": st.floats(0, 1)})
        def check(y):
            return Relation(y, ">=", 0.0)
        """, "wrong signature check(y): it does not accept x and needs y"),
    "identity takes an argument": ("""
        c = claim("user.sig2", title="t", statement="s")
        @c.identity
        def check(x):
            return sp.Integer(0)
        """, "wrong signature check(x): an identity check takes no argument"),
    "experiment takes an unknown argument": ("""
        c = claim("user.sig3", title="t", statement="s")
        @c.experiment
        def check(steps):
            pass
        """, "an experiment takes only 'profile' and 'seed', not steps"),
    "not a strategy": ("""
        c = claim("user.strat0", title="t", statement="s")
        @c.property(given={"x": [1, 2, 3]})
        def check(x):
            return Relation(x, ">=", 0.0)
        """, "given['x'] is a list, not a Hypothesis strategy"),
    "invalid strategy": ("""
        c = claim("user.strat1", title="t", statement="s")
        @c.property(given={"x": st.floats(1, 0)})
        def check(x):
            return Relation(x, ">=", 0.0)
        """, "cannot generate: There are no 64-bit floating-point values"),
    "empty strategy": ("""
        c = claim("user.strat2", title="t", statement="s")
        @c.property(given={"x": st.integers(0, 3).filter(lambda v: v > 10)})
        def check(x):
            return Relation(x, ">=", 0.0)
        """, "cannot generate"),
    "assume rejects everything": ("""
        from hypothesis import assume
        c = claim("user.strat3", title="t", statement="s")
        @c.property(given={"x": st.floats(0, 1)})
        def check(x):
            assume(x > 2)
            return Relation(x, ">=", 0.0)
        """, "strategy cannot generate examples"),
    "hangs": ("""
        c = claim("user.hang", title="t", statement="s")
        @c.property(given={"x": st.floats(0, 1)}, budget_s=0.5)
        def check(x):
            while True:
                pass
        """, "exceeded its time budget of 0.5 s"),
    "returns NaN": ("""
        c = claim("user.nan", title="t", statement="s")
        @c.property(given={"x": st.floats(0, 1)})
        def check(x):
            return Relation(float("nan"), "<=", x)
        """, "non-finite value"),
    "returns a bool": ("""
        c = claim("user.bool", title="t", statement="s")
        @c.property(given={"x": st.floats(0, 1)})
        def check(x):
            return x >= 0
        """, "must return a Relation"),
    "raises": ("""
        c = claim("user.raise", title="t", statement="s")
        @c.property(given={"x": st.floats(0, 1)})
        def check(x):
            raise RuntimeError("kaput\\nsecond line")
        """, "RuntimeError: kaput"),
}


@pytest.fixture(scope="module")
def bad_checks_run(tmp_path_factory):
    """All bad checks in one file beside a good claim, run once (one worker start, not one per case)."""
    folder = tmp_path_factory.mktemp("bad_checks")
    path = _write(folder, OK_CLAIM + "".join(textwrap.dedent(body) for body, _ in BAD_CHECKS.values()))
    report = folder / "r.json"
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(path), "--profile", "quick", "--json", str(report)])
    return code, out.getvalue(), err.getvalue(), {c["id"]: c for c in json.loads(report.read_text())["claims"]}


def test_bad_checks_leave_the_good_claim_alone(bad_checks_run):
    code, out, err, claims = bad_checks_run
    assert code == 1 and "Traceback" not in out + err
    assert claims["user.ok"]["verdict"] == "supported"  # the good claim still ran
    assert len(claims) == len(BAD_CHECKS) + 1


@pytest.mark.parametrize("case", list(BAD_CHECKS))
def test_bad_check_is_an_error_verdict_with_one_line(case, bad_checks_run):
    _, out, _, claims = bad_checks_run
    claim_id = re.search(r'claim\("([^"]+)"', BAD_CHECKS[case][0]).group(1)
    needle = BAD_CHECKS[case][1]
    (chk,) = claims[claim_id]["checks"]
    assert claims[claim_id]["verdict"] == "error" and chk["verdict"] == "error", chk
    assert needle in chk["message"], chk["message"]
    assert "\n" not in chk["message"]
    assert needle.splitlines()[0] in out  # the table shows the reason
