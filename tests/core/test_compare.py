"""verify.report.compare: verdict differences between a committed and a fresh report."""

import copy

from verify.report.compare import verdict_differences

REPORT = {"environment": {"profile": "default", "seed": 0}, "claims": [
    {"id": "p.a", "expected": "holds", "verdict": "proved", "checks": [{"name": "c", "verdict": "proved"}]},
    {"id": "p.b", "expected": "fails", "verdict": "refuted", "checks": [{"name": "c", "verdict": "refuted"}]},
]}


def test_same_report_no_difference():
    assert verdict_differences(REPORT, copy.deepcopy(REPORT)) == []


def test_every_kind_of_difference_is_named():
    fresh = copy.deepcopy(REPORT)
    fresh["claims"][1]["verdict"] = fresh["claims"][1]["checks"][0]["verdict"] = "supported"
    fresh["claims"][0]["expected"] = "fails"
    fresh["claims"].append({"id": "p.c", "expected": "holds", "verdict": "proved", "checks": []})
    fresh["environment"]["profile"] = "quick"
    diffs = verdict_differences(REPORT, fresh)
    assert "profile: committed 'default', fresh 'quick'" in diffs
    assert "p.c: not in the committed report" in diffs
    assert "p.a: expected holds committed, fails now" in diffs
    assert "p.b: verdict refuted committed, supported now" in diffs
    assert any(d.startswith("p.b: checks") for d in diffs)
