"""Every built-in check is a pytest item: ``tests/test_claims.py::test_check[<claim id>::<check>]``.

Select with ``-k``: ``pytest -k bw25`` (a paper), ``pytest -k "bw25.linear-rate"`` (a claim).

* A claim expected to hold: each of its checks must be proved / certified / supported.
* A claim expected to fail (a paper statement false as stated, or a known-false variant):
  no check may end in error or inconclusive, and the claim as a whole must be refuted
  (``test_expected_failure``). These are the negative controls.

A failing item prints the check's message, its counterexample, the confirmation and the
worst margin.
"""

import pytest

from verify.core.loader import load_builtin
from verify.core.runner import run_check
from verify.core.verdict import Verdict

REGISTRY = load_builtin()
_CACHE: dict = {}


def _result(claim, check, profile, seed=0):
    key = (claim.id, check.name, profile.name, seed)
    if key not in _CACHE:
        _CACHE[key] = run_check(claim, check, profile, seed)
    return _CACHE[key]


def _explain(res) -> str:
    lines = [f"{res.claim_id}::{res.name} [{res.kind}] -> {res.verdict.value}: {res.message}"]
    if res.counterexample is not None:
        lines.append(f"counterexample: {res.counterexample}")
    if res.confirmation:
        lines.append(f"confirmation: {res.confirmation}")
    if res.worst_margin is not None:
        lines.append(f"worst margin: {res.worst_margin:.6g} (relative {res.worst_relative_margin:.3g}) "
                     f"at {res.worst_example} after {res.examples} examples")
    return "\n".join(lines)


def _group(c) -> str:
    """A claim runs in one pytest worker with the claim it varies or refines: their experiments share
    one cached simulation (``lru_cache`` in the paper's modules), as in the report's per-paper workers,
    instead of each worker running it again (measured: the time-scale simulation ran 3 times)."""
    return REGISTRY[c.variant_of].refines or c.variant_of if c.variant_of else (c.refines or c.id)


_ITEMS = [pytest.param(c, k, id=f"{c.id}::{k.name}", marks=pytest.mark.xdist_group(_group(c)))
          for c in REGISTRY for k in c.checks]
_FAILS = [pytest.param(c, id=c.id, marks=pytest.mark.xdist_group(_group(c))) for c in REGISTRY if c.expected == "fails"]


@pytest.mark.parametrize("claim,check", _ITEMS)
def test_check(claim, check, run_profile):
    res = _result(claim, check, run_profile)
    if claim.expected == "holds":
        assert res.verdict.passing, _explain(res)
    else:
        assert res.verdict not in (Verdict.ERROR, Verdict.INCONCLUSIVE), _explain(res)


@pytest.mark.parametrize("claim", _FAILS)
def test_expected_failure(claim, run_profile):
    results = [_result(claim, k, run_profile) for k in claim.checks]
    assert any(r.verdict is Verdict.REFUTED for r in results), (
        f"{claim.id} is expected to fail but no check refuted it:\n" + "\n".join(_explain(r) for r in results))


def test_every_claim_has_a_check():
    empty = [c.id for c in REGISTRY if not c.checks]
    assert not empty, f"claims without checks: {empty}"
