import hypothesis.strategies as st
import mpmath

from verify import Relation, claim
from verify.core.runner import run_check
from verify.core.verdict import Verdict

from verify.core.registry import collecting as private

FLOATS = st.floats(0, 1e6)


def _amgm(c):
    def check(a, b):
        # both sides are computed with a few roundings: 4 ulp of the larger side
        return Relation((a + b) / c, ">=", (a * b) ** 0.5, rtol=4 * 2.0**-52, why="4 ulp")

    def precise(a, b):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        return Relation((a + b) / c, ">=", mpmath.sqrt(a * b))

    return check, precise


def _claim(c, with_precise=True):
    check, precise = _amgm(c)
    with private():
        cl = claim("t.amgm", title="t", statement="t")
        cl.property(given={"a": FLOATS, "b": FLOATS}, examples=100,
                    precise=precise if with_precise else None)(check)
    return cl


def test_true_property_is_supported_with_evidence():
    cl = _claim(2)
    res = run_check(cl, cl.checks[0], "quick", seed=0)
    assert res.verdict is Verdict.SUPPORTED
    assert res.examples >= 25 and res.worst_margin is not None and res.worst_margin >= 0


def test_wrong_constant_is_refuted_and_confirmed_at_high_precision():
    cl = _claim(3)
    res = run_check(cl, cl.checks[0], "quick", seed=0)
    assert res.verdict is Verdict.REFUTED
    assert "mpmath" in res.confirmation
    a, b = res.counterexample["a"], res.counterexample["b"]
    assert (a + b) / 3 < (a * b) ** 0.5


def test_float_only_refutation_needs_a_large_violation():
    cl = _claim(3, with_precise=False)
    res = run_check(cl, cl.checks[0], "quick", seed=0)
    assert res.verdict is Verdict.REFUTED and "float error" in res.confirmation


def test_violation_within_float_error_is_inconclusive_not_refuted():
    with private():
        cl = claim("t.tiny", title="t", statement="t")

        @cl.property(given={"x": st.floats(1, 2)})
        def tiny(x):
            # violated by 1e-15 relative, with a stated error estimate of 1e-15 absolute
            return Relation(x * (1 + 1e-15), "<=", x, atol=1e-16, why="1 ulp")

    res = run_check(cl, cl.checks[0], "quick")
    assert res.verdict is Verdict.INCONCLUSIVE and "within" in res.confirmation


def test_same_seed_same_evidence_other_seed_runs():
    cl = _claim(2)
    a = run_check(cl, cl.checks[0], "quick", seed=1)
    b = run_check(cl, cl.checks[0], "quick", seed=1)
    assert (a.worst_margin, a.worst_example, a.examples) == (b.worst_margin, b.worst_example, b.examples)


def test_nan_and_exceptions_are_errors():
    with private():
        cl = claim("t.bad", title="t", statement="t")

        @cl.property(given={"x": st.floats(0, 1)})
        def nan(x):
            return Relation(float("nan"), "<=", 1.0)

        @cl.property(given={"x": st.floats(0, 1)})
        def boom(x):
            raise RuntimeError("kaput")

    r1, r2 = (run_check(cl, k, "quick") for k in cl.checks)
    assert r1.verdict is Verdict.ERROR and "non-finite" in r1.message
    assert r2.verdict is Verdict.ERROR and "kaput" in r2.message
