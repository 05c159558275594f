from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from verify import Relation, claim
from verify.core.kinds.certificate import decide
from verify.core.runner import run_check
from verify.core.verdict import Verdict

from verify.core.registry import collecting as private

iv = mpmath.iv


def test_exact_rationals():
    assert decide(Relation(Fraction(1, 3), "<", Fraction(1, 2))) is Verdict.CERTIFIED
    assert decide(Relation(Fraction(1, 2), "<", Fraction(1, 3))) is Verdict.REFUTED
    assert decide(Relation(sp.Rational(2, 4), "==", Fraction(1, 2))) is Verdict.CERTIFIED


def test_intervals():
    s2 = iv.sqrt(2)
    assert decide(Relation(s2, "<=", Fraction(1415, 1000))) is Verdict.CERTIFIED
    # negative control: sqrt(2) <= 1.414 is false, and the enclosure proves it
    assert decide(Relation(s2, "<=", Fraction(1414, 1000))) is Verdict.REFUTED
    wide = iv.mpf([1, 2])
    assert decide(Relation(wide, "<=", Fraction(3, 2))) is Verdict.INCONCLUSIVE


def test_floats_and_tolerances_are_rejected():
    with pytest.raises(TypeError):
        decide(Relation(0.5, "<=", Fraction(1, 2)))
    with pytest.raises(ValueError):
        decide(Relation(Fraction(1), "<=", Fraction(2), atol=1e-9))


def test_certificate_check_verdicts():
    with private():
        c = claim("t.cert", title="t", statement="t")

        @c.certificate
        def ok():
            return [Relation(iv.sqrt(2), "<", Fraction(3, 2), label="a"), Relation(Fraction(1), "<=", 1, label="b")]

        @c.certificate
        def bad():
            return Relation(iv.pi, "<", Fraction(3), label="pi < 3")

    assert run_check(c, c.checks[0]).verdict is Verdict.CERTIFIED
    res = run_check(c, c.checks[1])
    assert res.verdict is Verdict.REFUTED and res.counterexample["instance"] == "pi < 3"


def test_certificate_refutation_names_its_confirmation():
    with private():
        c = claim("t.cert2", title="t", statement="t")

        @c.certificate
        def exact():
            return Relation(Fraction(1, 3), ">", Fraction(1, 2), label="1/3 > 1/2")

        @c.certificate
        def interval():
            return Relation(iv.pi, "<", Fraction(3), label="pi < 3")

    r1, r2 = (run_check(c, k) for k in c.checks)
    assert r1.verdict is Verdict.REFUTED and r1.confirmed_by == "exact rationals"
    assert r2.verdict is Verdict.REFUTED and r2.confirmed_by == "interval enclosure"


def test_certified_verdict_names_the_instances_it_covers():
    """A certificate decides finite instances: its verdict says which (declared, or counted)."""
    with private():
        c = claim("t.cert3", title="t", statement="t")
        c.certificate(name="declared", instance="n = 3, B = 2")(lambda: Relation(Fraction(1), "<", Fraction(2)))
        c.certificate(name="counted")(lambda: [Relation(Fraction(1), "<", Fraction(2)), Relation(Fraction(0), "<=", 0)])
    r1, r2 = (run_check(c, k) for k in c.checks)
    assert r1.verdict_label == "certified (n = 3, B = 2)"
    assert r2.verdict_label == "certified (2 instances)"
