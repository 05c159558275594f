"""The verdict table: a header, an expected column, expected refutations read as expected."""

from verify.cli.tables import summary, verdict_table
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
