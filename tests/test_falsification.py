"""Falsification power: every built-in check has a known-false variant, and the report shows it.

* Coverage (built-in claims): every claim with provenance ``paper`` / ``derived`` /
  ``refined`` that is expected to *hold* has at least one ``variant`` claim pointing at it
  (``variant_of``); the failure message lists the claims that lack one. A claim expected to
  *fail* (a paper statement false as stated) is exempt: its own refutation, shrunk and
  confirmed, already shows that its check can fail, and its ``refined`` claim (which must
  hold) needs a variant like any other.
* Every ``variant_of`` names an existing claim, and variants expect ``fails``.
* End to end: a run with refuted and unrefuted variants produces the per-paper table
  "variants refuted / variants total" in report.json, report.md and index.html, with the
  unrefuted variant listed as a gap; ``verify check --html`` shows it for a user's file.
  (The built-in variants themselves run as items of tests/test_claims.py.)
"""

import json
import textwrap

import hypothesis.strategies as st
import sympy as sp

from verify import Relation, claim
from verify.cli import main
from verify.core.loader import load_builtin
from verify.core.registry import collecting
from verify.core.runner import run_claims
from verify.report.environment import environment
from verify.report.write import write_report

REGISTRY = load_builtin()


def test_every_builtin_claim_that_holds_has_a_variant():
    targets = {c.variant_of for c in REGISTRY if c.provenance == "variant"}
    lacking = [f"{c.id} ({c.provenance})" for c in REGISTRY
               if c.provenance in ("paper", "derived", "refined") and c.expected == "holds" and c.id not in targets]
    assert not lacking, (
        f"{len(lacking)} built-in claim(s) have no known-false variant (provenance='variant', variant_of=<id>), "
        f"so nothing shows their checks can fail: " + ", ".join(lacking))


def test_variants_point_at_existing_claims_and_expect_failure():
    bad = [c.id for c in REGISTRY if c.provenance == "variant" and (c.variant_of not in REGISTRY or c.expected != "fails")]
    assert not bad, f"variants with a dangling variant_of or not expected to fail: {bad}"


def _demo_claims():
    x = sp.Symbol("x", positive=True)
    with collecting() as reg:
        c = claim("demo.square", title="square", statement="(x+1)^2 = x^2+2x+1", provenance="derived")
        c.identity(lambda: sp.Eq((x + 1) ** 2, x**2 + 2 * x + 1, evaluate=False), name="expand")
        v1 = claim("demo.square-wrong", title="wrong constant", statement="(x+1)^2 = x^2+3x+1",
                   provenance="variant", variant_of="demo.square")
        v1.identity(lambda: sp.Eq((x + 1) ** 2, x**2 + 3 * x + 1, evaluate=False), name="expand")
        v2 = claim("demo.square-weak", title="a variant the check misses", statement="x^2 >= -1 (true!)",
                   provenance="variant", variant_of="demo.square")
        v2.property(given={"x": st.floats(-5, 5)}, examples=10, name="weak")(
            lambda x: Relation(x * x, ">=", -1.0))
    return list(reg)


def test_falsification_table_end_to_end(tmp_path):
    results = run_claims(_demo_claims(), profile="quick")
    report = write_report(results, environment(0, "quick"), tmp_path)
    row = report["summary"]["falsification"]["demo"]
    assert (row["refuted"], row["variants"]) == (1, 2)
    assert row["gaps"] == [{"id": "demo.square-weak", "verdict": "supported"}]
    on_disk = json.loads((tmp_path / "report.json").read_text())
    assert on_disk["summary"]["falsification"] == report["summary"]["falsification"]
    md = (tmp_path / "report.md").read_text()
    assert "| demo | 1 / 2 |" in md and "demo.square-weak" in md
    html = (tmp_path / "index.html").read_text()
    assert "<td>demo</td><td>1 / 2</td>" in html and "demo.square-weak (supported)" in html


def test_check_html_shows_the_falsification_table_for_a_user_file(tmp_path, capsys):
    f = tmp_path / "mine.py"
    f.write_text(textwrap.dedent("""
        import sympy as sp
        from verify import claim
        x = sp.Symbol("x", real=True)
        c = claim("mine.sq", title="sq", statement="x^2 >= 0", provenance="conjecture")
        c.identity(lambda: sp.Ge(x**2, 0, evaluate=False), name="sign")
        v = claim("mine.sq-shift", title="shifted", statement="x^2 >= 1", provenance="variant", variant_of="mine.sq")
        v.identity(lambda: sp.Ge(x**2, 1, evaluate=False), name="sign")
    """))
    code = main(["check", str(f), "--no-json", "--html", str(tmp_path / "rep")])
    out = capsys.readouterr().out
    assert code == 0, out  # the conjecture is proved and the variant refuted, both as expected
    html = (tmp_path / "rep" / "index.html").read_text()
    assert "<td>mine</td><td>1 / 1</td><td>none</td>" in html
