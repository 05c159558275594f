import time
from pathlib import Path

import hypothesis.strategies as st

from verify import Relation, claim
from verify.core.loader import load_file
from verify.core.registry import collecting
from verify.core.runner import run_check, run_claims
from verify.core.verdict import Verdict

DATA = Path(__file__).parent / "data" / "mixed_claims.py"
EXPECTED = {
    "demo.square": "proved",
    "demo.square-wrong": "refuted",
    "demo.amgm": "supported",
    "demo.amgm-wrong": "refuted",
    "demo.nan": "error",
    "demo.raise": "error",
    "demo.cert": "certified",
}


def test_every_outcome_and_no_crash():
    reg = load_file(DATA)
    results = run_claims(list(reg), profile="quick", seed=0)
    assert {r.id: r.verdict.value for r in results} == EXPECTED


def test_parallel_equals_serial():
    reg = load_file(DATA)
    serial = run_claims(list(reg), profile="quick", seed=3)
    par = run_claims(list(reg), profile="quick", seed=3, jobs=2, user_file=str(DATA))
    key = lambda rs: [(r.id, r.verdict, [(c.name, c.verdict, c.worst_margin, c.counterexample, c.examples)
                                          for c in r.checks]) for r in rs]
    assert key(serial) == key(par)


def test_time_budget_turns_a_hang_into_an_error():
    with collecting():
        c = claim("t.hang", title="t", statement="t")

        @c.property(given={"x": st.floats(0, 1)}, budget_s=0.5)
        def hang(x):
            time.sleep(100)
            return Relation(x, "<=", 1.0)

    t0 = time.perf_counter()
    res = run_check(c, c.checks[0], "quick")
    assert res.verdict is Verdict.ERROR and "time budget" in res.message
    assert time.perf_counter() - t0 < 50  # the alarm, not the end of the sleep


def test_wrong_return_type_is_an_error():
    with collecting():
        c = claim("t.type", title="t", statement="t")

        @c.property(given={"x": st.floats(0, 1)})
        def returns_bool(x):
            return x <= 1

    res = run_check(c, c.checks[0], "quick")
    assert res.verdict is Verdict.ERROR and "Relation" in res.message
