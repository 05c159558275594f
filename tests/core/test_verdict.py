from verify.core.verdict import Verdict, combine, meets


def test_combine_takes_the_weakest():
    assert combine([Verdict.PROVED, Verdict.SUPPORTED]) is Verdict.SUPPORTED
    assert combine([Verdict.PROVED, Verdict.CERTIFIED]) is Verdict.CERTIFIED
    assert combine([Verdict.SUPPORTED, Verdict.INCONCLUSIVE]) is Verdict.INCONCLUSIVE
    assert combine([Verdict.PROVED, Verdict.REFUTED, Verdict.INCONCLUSIVE]) is Verdict.REFUTED
    assert combine([Verdict.REFUTED, Verdict.ERROR]) is Verdict.ERROR


def test_no_checks_is_inconclusive():
    assert combine([]) is Verdict.INCONCLUSIVE


def test_meets():
    for v in (Verdict.PROVED, Verdict.CERTIFIED, Verdict.SUPPORTED):
        assert meets(v, "holds") and not meets(v, "fails")
    for v in (Verdict.INCONCLUSIVE, Verdict.ERROR):
        assert not meets(v, "holds") and not meets(v, "fails")
    assert meets(Verdict.REFUTED, "fails") and not meets(Verdict.REFUTED, "holds")
