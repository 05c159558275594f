"""The verdict table: a header, an expected column, expected refutations read as expected."""

from verify.cli.tables import seeds_table, slowest, summary, verdict_table
from verify.core.evidence import CheckResult, ClaimResult
from verify.core.verdict import Verdict


def _res(cid, verdict, expected, as_expected):
    chk = CheckResult(cid, "c", "identity", verdict, message="why")
    return ClaimResult({"id": cid, "provenance": "variant"}, verdict, expected, as_expected, [chk])


def test_header_expected_column_and_result():
    rows = [_res("p.variant", Verdict.REFUTED, "fails", True), _res("p.claim", Verdict.ERROR, "holds", False)]
    lines = verdict_table(rows).splitlines()
    assert lines[0].split() == ["claim", "verdict", "expected", "result", "checks"]
    variant = next(line for line in lines if line.startswith("p.variant"))
    assert "refuted" in variant and "fails" in variant and "as expected" in variant and "NOT" not in variant
    assert "NOT AS EXPECTED" in next(line for line in lines if line.startswith("p.claim "))
    assert summary(rows) == "2 claims: error 1, refuted 1; 1/2 as expected"


def test_slowest_checks_and_the_seeds_table():
    a, b = _res("p.a", Verdict.PROVED, "holds", True), _res("p.b", Verdict.REFUTED, "fails", True)
    a.checks[0].duration_s, b.checks[0].duration_s = 0.5, 2.0
    text = slowest([a, b], 1).splitlines()
    assert text[0] == "slowest 1 of 2 checks (2.5 s of checks in all):" and text[1].split() == ["2.00", "s", "p.b::c", "[identity]"]
    bad = _res("p.b", Verdict.SUPPORTED, "fails", False)
    rows = seeds_table({0: [a, b], 1: [a, bad]}).splitlines()
    assert rows[2].split()[:4] == ["p.a", "holds", "0/2", "2/2"]
    assert rows[3].split() == ["p.b", "fails", "1/2", "1/2", "refuted", "1,", "supported", "1"]
