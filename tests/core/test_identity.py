import sympy as sp

from verify import Derivation, claim
from verify.core.runner import run_check
from verify.core.verdict import Verdict

from verify.core.registry import collecting as private

x, y = sp.symbols("x y", positive=True)
z = sp.symbols("z", real=True)


def _run(fn):
    with private():
        c = claim("t.identity", title="t", statement="t")
        c.identity(fn)
    return run_check(c, c.checks[0])


def test_true_identity_is_proved():
    res = _run(lambda: (x + y) ** 2 - x**2 - 2 * x * y - y**2)
    assert res.verdict is Verdict.PROVED


def test_wrong_constant_is_refuted_exactly():
    res = _run(lambda: sp.Eq((x + y) ** 2, x**2 + x * y + y**2))
    assert res.verdict is Verdict.REFUTED
    assert res.confirmation == "exact rational arithmetic"
    pt = {k: sp.Rational(v) for k, v in res.counterexample.items() if k in ("x", "y")}
    assert ((x + y) ** 2 - x**2 - x * y - y**2).subs({x: pt["x"], y: pt["y"]}) != 0


def test_inequality_from_assumptions():
    assert _run(lambda: sp.Ge(x**2 - 2 * x * y + y**2, 0, evaluate=False)).verdict is Verdict.PROVED
    # false for negative z: the sampler respects 'real' (both signs) and finds it
    assert _run(lambda: sp.Ge(z**3, 0, evaluate=False)).verdict is Verdict.REFUTED


def test_auto_evaluated_relation_is_an_error_with_advice():
    res = _run(lambda: x**2 + y**2 >= 0)  # sympy evaluates this to True before we see it
    assert res.verdict is Verdict.ERROR and "evaluate=False" in res.message


def test_derivation_steps_each_verified():
    d = Derivation("demo").step("expand", (x + 1) ** 2, x**2 + 2 * x + 1).step("wrong", (x + 1) ** 2, x**2 + 1)
    res = _run(lambda: d)
    assert res.verdict is Verdict.REFUTED
    assert [s["verdict"] for s in res.details["steps"]] == ["proved", "refuted"]
    assert res.details["steps"][0]["latex"]


def test_bare_bool_is_an_error():
    assert _run(lambda: True).verdict is Verdict.ERROR
