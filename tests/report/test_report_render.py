"""The HTML and Markdown writers without a browser: maths, navigation, expectation badges,
GitHub-renderable Markdown, figure style, ``verify check --html`` for a user file, and
byte-identical output for the same report."""

import json
import re
import textwrap
from pathlib import Path

import pytest

from verify.report import html, markdown
from verify.report.maths import LONG, mathml
from verify.report.write import figure_texts

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.xdist_group("report_render")  # one worker: the committed report is rendered once


@pytest.fixture(scope="module")
def committed():
    report = json.loads((ROOT / "reports" / "report.json").read_text())
    figs = figure_texts(report, ROOT / "reports")
    return report, html.render(report, figs), markdown.render(report)


def _steps(report):
    return [s for c in report["claims"] for k in c["checks"] if k["kind"] == "identity"
            for s in (k.get("details", {}).get("steps") or [])]


def test_mathml_or_nothing():
    m = mathml(r"\tfrac{\lambda}{2} \le \lVert x \rVert\big|_M")
    assert m.startswith("<math") and "\\" not in m and "xmlns" not in m
    assert mathml(r"\notacommand{x} + 1") is None and mathml("") is None
    assert 'display="block"' in mathml("x^2", True)
    assert "argmin" in mathml(r"\arg\min\{x^2\}") and "argmax" in mathml(r"\argmax_x f")


def test_html_has_no_latex_source_and_folds_long_steps(committed):
    report, page, _ = committed
    text = re.sub(r"<math\b.*?</math>|<svg\b.*?</svg>|<style>.*?</style>", "", page, flags=re.S)
    assert not re.search(r"\\(left|right|frac|tfrac|le|ge|eta|Phi|big|lVert)\b", text)
    assert "<script" not in page and "<meta name='viewport'" in page
    n_math = sum(1 for c in report["claims"] if c.get("latex")) + sum(1 for s in _steps(report) if s.get("latex"))
    assert page.count("<math") == n_math  # every formula converted: no plain-text fallback needed
    assert page.count("<details class='step'>") == sum(1 for s in _steps(report) if len(s.get("latex") or "") > LONG)


def test_html_navigation_and_expectations(committed):
    report, page, _ = committed
    for c in report["claims"]:
        assert page.count(f"id='{c['id']}'") == 1  # the anchor is the claim id: stable across runs
    papers = dict.fromkeys(c["id"].split(".")[0] for c in report["claims"])
    for p in papers:
        assert f"<section class='paper' id='paper-{p}'>" in page and f"href='#paper-{p}'" in page
    assert page.count("href='#top'") >= len(report["claims"]) and "<body id='top'>" in page
    expected_refutations = sum(c["verdict"] == "refuted" and c["as_expected"] for c in report["claims"])
    assert page.count("refuted (expected)</span>") >= 2 * expected_refutations  # index and section
    assert "<th>as expected</th>" in page
    for v in {c["verdict"] for c in report["claims"]}:  # the filter: one radio button per verdict present
        assert f"id='fv-{v}'" in page and f"#fv-{v}:checked~main .c:not(.v-{v}){{display:none}}" in page


def test_same_report_same_bytes(committed):
    report, page, md = committed
    again = json.loads(json.dumps(report))
    assert html.render(again, figure_texts(again, ROOT / "reports")) == page
    assert markdown.render(again) == md


def test_markdown_renders_on_a_code_host(committed):
    report, _, md = committed
    inline = re.findall(r"\$`(.*?)`\$", md)
    assert inline and all(s == s.strip() for s in inline)
    assert not re.search(r"(^|[^`])\$ ", md)  # no '$ x $' (not maths on GitHub)
    assert md.count("```math") * 2 == md.count("```") - md.count("````")
    rows = [line for line in md.splitlines() if line.startswith("|")]
    cells = lambda line: len(re.split(r"(?<!\\)\|", line)) - 2  # noqa: E731
    block = []
    for line in md.splitlines() + [""]:  # every table: same number of cells on every row
        if line.startswith("|"):
            block.append(cells(line))
        elif block:
            assert len(set(block)) == 1, block
            block = []
    assert rows
    headings = {markdown.heading_anchor(re.sub(r"\\(.)", r"\1", h)) for h in re.findall(r"^#+ (.*)$", md, flags=re.M)}
    links = set(re.findall(r"\]\(#([^)]+)\)", md))
    assert links and links <= headings
    n_ref = sum(c["verdict"] == "refuted" and c["as_expected"] for c in report["claims"])
    index_rows = [line for line in md.splitlines() if line.startswith("| [`")]
    assert len(index_rows) == len(report["claims"])
    assert sum("| refuted (expected) |" in line for line in index_rows) == n_ref


def test_figure_style_floor_and_multiplier_in_the_label():
    from verify.report.figures import MIN_FONT_PT, house_style, new_figure, to_svg

    fig, ax = new_figure()
    ax.plot([0, 3e5], [0, 1], label="a")
    ax.set_xlabel("SGD step k")
    ax.ticklabel_format(axis="x", style="sci", scilimits=(0, 0))
    leg = ax.legend(fontsize=5)
    house_style(fig)
    assert ax.get_xlabel() == "SGD step k (×1e5)" and not ax.xaxis.get_offset_text().get_visible()
    assert min(t.get_fontsize() for t in leg.get_texts()) >= MIN_FONT_PT
    svg = to_svg("f", fig).svg
    assert "SGD step k (×1e5)" in svg and svg.count("1e5") == 1  # the multiplier once, in the label


def test_check_html_shows_the_file_and_no_empty_section(tmp_path, capsys):
    from verify.cli import main

    f = tmp_path / "mine.py"
    f.write_text(textwrap.dedent("""
        import sympy as sp
        from verify import claim
        x = sp.Symbol("x", real=True)
        c = claim("mine.sq", title="sq", statement="x^2 >= 0", latex=r"x^2 \\ge 0", provenance="conjecture")
        c.identity(lambda: sp.Ge(x**2, 0, evaluate=False), name="sign")
    """))
    code = main(["check", str(f), "--no-json", "--profile", "quick", "--html", str(tmp_path / "rep")])
    capsys.readouterr()
    assert code == 0
    page = (tmp_path / "rep" / "index.html").read_text()
    md = (tmp_path / "rep" / "report.md").read_text()
    for text in (page, md):
        assert str(f) in text and "verify_user_" not in text
        assert "0 / 0" not in text and "Falsification" not in text  # no variants: no such section
    assert not re.search(r"<h2>[^<]*: <", page)  # no heading with an empty paper name
    assert "<math" in page
    assert json.loads((tmp_path / "rep" / "report.json").read_text())["checked_file"] == str(f)
