"""``verify check`` end to end: verdict table, JSON / HTML output, exit codes, -j, subprocess runs."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verify.cli import main

ROOT = Path(__file__).resolve().parents[2]

FILE = """\
import hypothesis.strategies as st
import mpmath
import sympy as sp
from verify import claim, Relation

x = sp.Symbol("x", real=True)
p = claim("mine.square", title="square is non-negative", statement="x^2 >= 0", provenance="conjecture")
p.identity(lambda: sp.Ge(x**2, 0, evaluate=False), name="sign")

def amgm_mp(a, b):
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    return Relation((a + b) / 3, ">=", mpmath.sqrt(a * b))

r = claim("mine.amgm3", title="(a+b)/3 >= sqrt(ab)", statement="false AM-GM")
@r.property(given={"a": st.floats(0, 100), "b": st.floats(0, 100)}, precise=amgm_mp)
def amgm3(a, b):
    return Relation((a + b) / 3, ">=", (a * b) ** 0.5, rtol=4 * 2.0**-52, why="4 ulp")
"""


@pytest.fixture
def conj(tmp_path):
    f = tmp_path / "mine.py"
    f.write_text(FILE)
    return f


def test_check_prints_table_counterexample_margin_confirmation(conj, capsys):
    code = main(["check", str(conj)])
    out, err = capsys.readouterr()
    assert code == 1 and all("checks done" in line for line in err.splitlines())  # progress only
    assert "mine.square" in out and "proved" in out
    lines = out.splitlines()
    row = next(line for line in lines if line.startswith("mine.amgm3"))
    assert "refuted" in row and "NOT AS EXPECTED" in row
    assert "counterexample (shrunk by Hypothesis):" in out
    assert any(line.strip().startswith("a = ") for line in lines)
    assert any("margin -" in line and "relative" in line for line in lines)
    assert "confirmation (mpmath at 50 digits): confirmed by mpmath at 50 digits" in out
    # JSON next to the file by default, with provenance conjecture for the default-provenance claim
    rep = json.loads(conj.with_name("mine.verify.json").read_text())
    assert rep["schema"] == "verify-report/2" and rep["checked_file"] == str(conj)
    by_id = {c["id"]: c for c in rep["claims"]}
    assert by_id["mine.amgm3"]["provenance"] == "conjecture"
    chk = by_id["mine.amgm3"]["checks"][0]
    assert chk["verdict"] == "refuted" and chk["details"]["counterexample_margin"] < 0
    a, b = chk["counterexample"]["a"], chk["counterexample"]["b"]
    assert (a + b) / 3 < (a * b) ** 0.5


def test_check_selects_ids_and_exit_0_when_all_hold(conj, tmp_path, capsys):
    out_json = tmp_path / "sub" / "r.json"
    code = main(["check", str(conj), "mine.square", "--profile", "quick", "--json", str(out_json), "--html", str(tmp_path / "html")])
    out = capsys.readouterr().out
    assert code == 0
    assert "mine.amgm3" not in out
    assert [c["id"] for c in json.loads(out_json.read_text())["claims"]] == ["mine.square"]
    assert (tmp_path / "html" / "index.html").is_file() and (tmp_path / "html" / "report.md").is_file()
    assert "written: " in out


def test_check_with_jobs_and_budget_reaches_workers(tmp_path, capsys):
    """Two papers run in two workers at once. No wall-clock race: the quick check declares a
    budget far above its work (600 s), and the one that takes --budget never returns."""
    f = tmp_path / "two.py"
    f.write_text(textwrap.dedent("""
        import hypothesis.strategies as st
        from verify import claim, Relation
        c = claim("one.ok", title="ok", statement="x >= -1")
        @c.property(given={"x": st.floats(0, 1)}, budget_s=600)
        def ok(x):
            return Relation(x, ">=", -1.0)
        h = claim("two.hang", title="hang", statement="hangs")
        @h.property(given={"x": st.floats(0, 1)})
        def hang(x):
            while True:
                pass
    """))
    target = tmp_path / "r.json"
    assert main(["check", str(f), "-j", "2", "--budget", "1", "--profile", "quick", "--json", str(target)]) == 1
    capsys.readouterr()
    report = {c["id"]: c for c in json.loads(target.read_text())["claims"]}
    assert report["two.hang"]["verdict"] == "error"
    assert report["two.hang"]["checks"][0]["message"].startswith("check exceeded its time budget of 1 s")
    assert report["one.ok"]["verdict"] == "supported"


def test_list_and_run_still_work(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all("id" in r for r in rows)
    assert main(["run", "no-such-paper"]) == 2
    assert "unknown claim id or paper" in capsys.readouterr().err


def _env(hashseed="0"):
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    env.pop("VERIFY_CHECK_BUDGET_S", None)
    return env


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "verify.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=_env(), timeout=120)


def test_subprocess_refuted_example_stdout_stderr_exit(tmp_path):
    p = _cli("check", "examples/sgd_descent.py", "--profile", "quick", "--json", str(tmp_path / "r.json"))
    assert p.returncode == 1, p.stderr
    # stderr off a terminal: plain progress lines only
    assert p.stderr and all(line.startswith("verify: ") and "checks done" in line for line in p.stderr.splitlines())
    assert "tutorial.sgd-descent" in p.stdout and "refuted" in p.stdout
    assert "confirmed by mpmath at 50 digits" in p.stdout and "Traceback" not in p.stdout


def test_subprocess_bad_file_one_line_exit_2(tmp_path):
    f = tmp_path / "broken.py"
    f.write_text("from verify import claim\nclaim('a.b', title='t', statement='s')\nclaim('a.b', title='t', statement='s')\n")
    p = _cli("check", str(f))
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr == f"verify: error: {f}:3: duplicate claim id 'a.b' (each claim id may be declared once)\n"


def test_run_twice_same_seed_same_json(tmp_path, capsys):
    """Two runs, same --seed, each in a fresh worker process: identical JSON up to timings and environment."""
    from verify.report.json_report import strip_timings

    for h in ("1", "2"):
        assert main(["run", "bw25.hessian-top", "bw25.hessian-top-wrong-constant", "--seed", "5",
                     "--json", str(tmp_path / f"{h}.json")]) == 0
    capsys.readouterr()
    a, b = (json.loads((tmp_path / f"{h}.json").read_text()) for h in ("1", "2"))
    assert [c["id"] for c in a["claims"]] == ["bw25.hessian-top", "bw25.hessian-top-wrong-constant"]
    assert a["claims"][0]["checks"][1]["examples"] > 0  # the property check ran
    assert strip_timings(a) == strip_timings(b)


def test_usage_version_help_and_jobs(capsys):
    assert main([]) == 2
    assert "usage: verify" in capsys.readouterr().err  # bare `verify` prints usage
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("verify ")
    assert main(["report", "--help"]) == 0
    text = capsys.readouterr().out
    for needle in ("exit codes:", "profiles", "thorough", "(default: default)", "(default: reports)"):
        assert needle in text, needle
    for cmd in (["run"], ["report"], ["check", "x.py"]):
        for bad in ("0", "-1", "two"):
            assert main([*cmd, "-j", bad]) == 2
    err = capsys.readouterr().err
    assert err.count("verify: error: argument -j/--jobs") == 9 and "Traceback" not in err


def test_a_file_reusing_built_in_checks_declares_only_its_own_claims(tmp_path):
    """Importing ``verify.claims.bw25.checks`` registers bw25's claims; they are not the file's
    (a fresh process, so that bw25 is imported by the file itself, not already by pytest)."""
    f = tmp_path / "reuse.py"
    f.write_text(textwrap.dedent("""
        from verify import claim
        from verify.claims.bw25 import checks as C
        claim("mine.hessian", title="t", statement="s").property(given=C.INIT, examples=5)(C.hessian_top)
    """))
    code = ("from verify.core.loader import load_builtin, load_file; r = load_file(%r); "
            "print([c.id for c in r], 'bw25.gd-limit' in load_builtin())" % str(f))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split("\n")[-2] == "['mine.hessian'] True"


def test_seeds_counts_refutations_per_claim(tmp_path, capsys):
    # a proved claim and a known-false variant over seeds 3..4: 0/2 and 2/2 refuted, all as expected
    out = tmp_path / "seeds.json"
    assert main(["run", "bw25.decoupling", "bw25.sharpness-floor-too-high", "--seeds", "3..4", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert "verdicts over seeds 3..4" in text and "4 claim runs over 2 seeds; 4/4 as expected" in text
    rows = {r["id"]: r for r in json.loads(out.read_text())["claims"]}
    assert rows["bw25.decoupling"]["refuted"] == 0 and rows["bw25.decoupling"]["counts"] == {"proved": 2}
    assert rows["bw25.sharpness-floor-too-high"]["refuted"] == 2
    assert rows["bw25.sharpness-floor-too-high"]["verdicts"] == {"3": "refuted", "4": "refuted"}
    assert main(["run", "bw25.decoupling", "--seeds", "5..3"]) == 2
    assert "empty seed range" in capsys.readouterr().err
    assert main(["run", "bw25.decoupling", "--seeds", "0..1", "--seed", "2"]) == 2  # one or the other
