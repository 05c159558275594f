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


def _run_stated(fn, states):
    with private():
        c = claim("t.stated", title="t", statement="t")
        c.identity(fn, states=states)
    return run_check(c, c.checks[0])


def _bound(k):
    """(x + y)^2 >= k x y for x, y > 0: true for k <= 4; its last step is the claim's relation only for k = 4."""
    return (Derivation("AM-GM")
            .step("expand", (x + y) ** 2, x**2 + 2 * x * y + y**2)
            .step(f"(x + y)^2 - {k} x y >= 0", (x + y) ** 2 - k * x * y, 0, op=">="))


STATED = lambda: sp.Ge((x + y) ** 2, 4 * x * y, evaluate=False)  # noqa: E731


def test_derivation_concluding_the_stated_relation_is_proved():
    res = _run_stated(lambda: _bound(4), STATED)
    assert res.verdict is Verdict.PROVED
    assert res.details["statement"][0]["concluded_by"] == 1 and "concludes the claim's statement (step 2)" in res.message


def test_derivation_of_a_weaker_bound_does_not_prove_the_claim():
    """Control: every step of the k = 2 derivation is true, yet it proves another constant."""
    res = _run_stated(lambda: _bound(2), STATED)
    assert [s["verdict"] for s in res.details["steps"]] == ["proved", "proved"]
    assert res.verdict is Verdict.INCONCLUSIVE
    assert res.details["statement"][0]["concluded_by"] is None and "no proved step concludes" in res.message


def test_another_identity_does_not_conclude_a_stated_identity():
    """Every true identity reads 0 == 0 once moved to one side; only the step whose sides are the
    statement's (either order, up to a constant factor) concludes it."""
    stated = lambda: sp.Eq((x + y) ** 2, x**2 + 2 * x * y + y**2, evaluate=False)  # noqa: E731
    other = lambda: Derivation("d").step("difference of squares", (x - y) * (x + y), x**2 - y**2)  # noqa: E731
    res = _run_stated(other, stated)
    assert res.details["steps"][0]["verdict"] == "proved" and res.verdict is Verdict.INCONCLUSIVE
    for lhs, rhs in [((x + y) ** 2, x**2 + 2 * x * y + y**2), (x**2 + 2 * x * y + y**2, (x + y) ** 2),
                     (2 * (x + y) ** 2, 2 * x**2 + 4 * x * y + 2 * y**2)]:
        res = _run_stated(lambda lhs=lhs, rhs=rhs: Derivation("d").step("expand", lhs, rhs), stated)
        assert res.verdict is Verdict.PROVED, (lhs, rhs)


def test_a_relation_between_numbers_is_concluded_only_by_its_own_sides():
    """Every true relation between numbers reads (a positive number) op 0: "2 > 0" must not conclude
    "tanh'''(0) < 0"; the step that computes tanh'''(0) = -2 does."""
    stated = lambda: sp.Lt(sp.diff(sp.tanh(x), x, 3).subs(x, 0), 0, evaluate=False)  # noqa: E731
    other = lambda: Derivation("d").step("the cubic's third derivative", sp.Integer(2), 0, op=">")  # noqa: E731
    res = _run_stated(other, stated)
    assert res.details["steps"][0]["verdict"] == "proved" and res.verdict is Verdict.INCONCLUSIVE
    own = lambda: Derivation("d").step("tanh'''(0) = -2 < 0", sp.Integer(0), sp.Integer(-2), op=">")  # noqa: E731
    assert _run_stated(own, stated).verdict is Verdict.PROVED


def test_a_zero_identity_is_concluded_only_by_itself():
    """"X == 0" with X = 0 by algebra has no value to compare: another true zero identity must not conclude it."""
    stated = lambda: sp.Eq((x + y) ** 2 - x**2 - 2 * x * y - y**2, 0, evaluate=False)  # noqa: E731
    other = lambda: Derivation("d").step("another zero", (x - y) * (x + y) - x**2 + y**2, 0)  # noqa: E731
    res = _run_stated(other, stated)
    assert res.details["steps"][0]["verdict"] == "proved" and res.verdict is Verdict.INCONCLUSIVE
    same = lambda: Derivation("d").step("expand", (x + y) ** 2 - x**2 - 2 * x * y - y**2, 0)  # noqa: E731
    assert _run_stated(same, stated).verdict is Verdict.PROVED


def test_one_undecided_step_leaves_the_derivation_unproved():
    """A proved step does not make the derivation proved while another is undecided (the
    audit's 'proved if any step is' mutant)."""
    f = sp.Function("f")
    res = _run(lambda: Derivation("d").step("expand", (x + 1) ** 2, x**2 + 2 * x + 1)
               .step("sympy cannot decide this", f(x) ** 2, 0, op=">="))
    assert [s["verdict"] for s in res.details["steps"]] == ["proved", "inconclusive"]
    assert res.verdict is Verdict.INCONCLUSIVE


def test_a_derivation_decided_entirely_as_written_carries_no_proof():
    res = _run(lambda: Derivation("d").step("x - x = 0", x - x, 0).step("2x = x + x", 2 * x, x + x))
    assert all(s["as_written"] for s in res.details["steps"])
    assert res.verdict is Verdict.INCONCLUSIVE and "no step carries a proof" in res.message
    # one step that sympy has to work for is enough
    res = _run(lambda: Derivation("d").step("x - x = 0", x - x, 0).step("expand", (x + 1) ** 2, x**2 + 2 * x + 1))
    assert res.verdict is Verdict.PROVED


def test_value_filter_never_calls_a_true_identity_nonzero():
    from verify.core.kinds.identity import _nonzero_somewhere

    n = sp.Symbol("n", negative=True)
    zeros = [sp.exp(z) * sp.exp(x) - sp.exp(z + x), sp.sin(z) ** 2 + sp.cos(z) ** 2 - 1,
             sp.sqrt(x**2) - x, sp.sqrt(n**2) + n, sp.Add(sp.pi * 10**25, -sp.pi * 10**25, evaluate=False),
             sp.log(sp.exp(x)) - x, (x**3 - y**3) / (x - y) - x**2 - x * y - y**2]
    assert not any(_nonzero_somewhere(sp.sympify(e)) for e in zeros)
    assert _nonzero_somewhere(x - y) and _nonzero_somewhere(sp.exp(z) - 1 - z)


def test_a_non_matching_step_is_ruled_out_without_simplify(monkeypatch):
    from verify.core.derivation import Step
    from verify.core.kinds import identity as I

    def no_simplify(*_a, **_k):
        raise AssertionError("simplify reached for a step that differs from the statement by value")

    monkeypatch.setattr(I.sp, "simplify", no_simplify)
    I._zero_cached.cache_clear()
    stated = Step("", sp.exp(z) * sp.sign(x - z) * y, 3 * x, "==")
    assert not I.concludes(Step("", sp.exp(z) * sp.sign(x - z) * x, 3 * y, "=="), stated)
    assert not I.concludes(Step("", 2 * x * y + z, 0, ">="), Step("", x * y + z, 0, ">="))
    I._zero_cached.cache_clear()


def test_refutation_points_respect_sign_assumptions():
    import random

    from verify.core.kinds.identity import _sample

    rng = random.Random(0)
    n, q = sp.Symbol("n", negative=True), sp.Symbol("q", nonpositive=True)
    assert all(_sample(n, rng) < 0 and _sample(q, rng) <= 0 and _sample(x, rng) > 0 for _ in range(50))
