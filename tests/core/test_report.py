import json
import re
from pathlib import Path

from verify.core.loader import load_file
from verify.core.runner import run_claims
from verify.report.environment import environment
from verify.report.json_report import SCHEMA, strip_timings
from verify.report.write import write_report

DATA = Path(__file__).parent / "data" / "mixed_claims.py"


def _report(tmp_path, seed=0):
    results = run_claims(list(load_file(DATA)), profile="quick", seed=seed)
    return write_report(results, environment(seed, "quick"), tmp_path)


def test_report_files_and_schema(tmp_path):
    rep = _report(tmp_path)
    on_disk = json.loads((tmp_path / "report.json").read_text())
    assert on_disk["schema"] == SCHEMA == rep["schema"]
    env = on_disk["environment"]
    for key in ("packages", "code_commit", "code_dirty", "seed", "profile", "python"):
        assert key in env
    assert "platform" not in env  # machine details live in timings.json
    times = json.loads((tmp_path / "timings.json").read_text())
    assert times["machine"]["platform"] and set(times["claims"]) == {c["id"] for c in on_disk["claims"]}
    c = {c["id"]: c for c in on_disk["claims"]}["demo.amgm-wrong"]
    for key in ("id", "title", "source", "provenance", "conventions", "domain", "verdict", "expected",
                "checks"):
        assert key in c
    k = c["checks"][0]
    for key in ("name", "kind", "verdict", "examples", "worst_margin", "counterexample", "details", "figures"):
        assert key in k
    assert k["counterexample"] and "mpmath" in k["confirmation"]
    assert on_disk["summary"]["claims"] == 7


def test_html_is_self_contained(tmp_path):
    _report(tmp_path)
    html = (tmp_path / "index.html").read_text()
    assert "<script" not in html
    assert 'src="http' not in html and "href=\"http" not in html and "<link" not in html
    assert "demo.amgm-wrong" in html and "Counterexample" in html
    has_variants = any(c["provenance"] == "variant" for c in json.loads((tmp_path / "report.json").read_text())["claims"])
    assert ("Falsification" in html) == has_variants  # the section only when there are variants
    md = (tmp_path / "report.md").read_text()
    assert "| demo.amgm" in md or "`demo.amgm`" in md


def test_same_seed_same_report(tmp_path):
    a = strip_timings(_report(tmp_path / "a"))
    b = strip_timings(_report(tmp_path / "b"))
    assert a == b


def test_commit_label_says_when_the_tree_was_dirty():
    from verify.report.environment import commit_label
    assert commit_label({"code_commit": "0123456789abcdef", "code_dirty": False}) == "0123456789ab"
    assert commit_label({"code_commit": "0123456789abcdef", "code_dirty": True}) == "0123456789ab + uncommitted changes"
    assert commit_label({"code_commit": None, "code_dirty": None}) == "unknown"


def test_figure_ids_follow_the_picture_not_float_bits():
    """matplotlib names clip paths by a hash of their float bounds: another run may rename them."""
    from verify.report.figures import new_figure, stable_ids, to_svg

    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1])
    a = to_svg("f", fig).svg
    clip_ids = sorted(set(re.findall(r'id="(p[0-9a-f]{10})"', a)))
    assert clip_ids
    b = a
    for k, old in enumerate(clip_ids):  # what a run with last-bit different axis bounds gives
        b = b.replace(old, f"p{k:010x}")
    assert a != b and stable_ids(a, "figures/x.svg") == stable_ids(b, "figures/x.svg")
    renamed = stable_ids(a, "figures/x.svg")
    ids = set(re.findall(r'\bid="([^"]+)"', renamed))
    refs = set(re.findall(r'url\(#([^)]+)\)', renamed)) | set(re.findall(r'href="#([^"]+)"', renamed))
    assert refs and refs <= ids  # every reference still points at a renamed id
    assert not ids & set(re.findall(r'\bid="([^"]+)"', stable_ids(a, "figures/y.svg")))  # other file, other ids
