"""``index.html``: one self-contained file (inline CSS and SVG, no scripts, no network).

Math stays readable offline: each LaTeX statement is rendered to inline SVG with
matplotlib's mathtext when it can be; otherwise (mathtext covers a subset of TeX) the LaTeX
source is shown verbatim beside the plain-text statement, which is always present.
"""

from __future__ import annotations

import functools
import html
import io

from verify.report.environment import commit_label
from verify.report.markdown import _counts, _scope, _shrunk, _tight

__all__ = ["render", "math_svg"]

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#f3f3f3}.v{font-weight:600;padding:1px 6px;border-radius:3px}
.proved,.certified{background:#cde8cd}.supported{background:#e3f1d4}.inconclusive{background:#fbeec1}
.refuted{background:#f6c9c4}.error{background:#e0b0ff}.no{color:#b00;font-weight:700}
section.claim{border-top:1px solid #ddd;margin-top:1.2em}code,pre{background:#f6f6f6;font-size:12px}
pre{white-space:pre-wrap;padding:4px}figure{margin:.6em 0}figcaption{font-size:13px;color:#555}
.stmt{border-left:3px solid #999;padding-left:8px}.math svg{max-width:100%;height:auto}
"""


@functools.lru_cache(maxsize=None)
def math_svg(latex: str) -> str | None:
    """LaTeX -> inline SVG via matplotlib mathtext, or None if mathtext cannot parse it."""
    if not latex or len(latex) > 400:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(0.01, 0.01))
    try:
        fig.text(0, 0, f"${latex}$", fontsize=13)
        buf = io.StringIO()
        with matplotlib.rc_context({"svg.hashsalt": "verify-math", "svg.fonttype": "path"}):
            fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.02, metadata={"Date": None})
        svg = buf.getvalue()
        return svg[svg.index("<svg"):]
    except Exception:  # noqa: BLE001 - unsupported TeX: fall back to the source
        return None
    finally:
        plt.close(fig)


def _e(s) -> str:
    return html.escape(str(s))


def _math(latex: str) -> str:
    svg = math_svg(latex)
    if svg:
        return f'<div class="math" title="{_e(latex)}">{svg}</div>'
    return f"<pre>{_e(latex)}</pre>"


def render(report: dict, figures: dict[str, str]) -> str:
    """``figures`` maps a figure file path (as in the JSON) to its SVG text."""
    env, summ = report["environment"], report["summary"]
    h = ["<!doctype html><html><head><meta charset='utf-8'><title>verify report</title>",
         f"<style>{_CSS}</style></head><body>", "<h1>verify report</h1>"]
    h.append(f"<p>Schema <code>{_e(report['schema'])}</code> · profile <code>{_e(env['profile'])}</code> · "
             f"seed {env['seed']} · commit <code>{_e(commit_label(env))}</code> · "
             f"Python {_e(env['python'])} · durations and machine: <code>timings.json</code></p>")
    h.append("<p>Packages: " + ", ".join(f"{_e(k)} {_e(v)}" for k, v in env["packages"].items()) + "</p>")
    v = summ["verdicts"]
    h.append(f"<p><b>{summ['claims']} claims</b>: " + ", ".join(
        f"<span class='v {k}'>{n} {k}</span>" for k, n in v.items() if n)
        + f" — <b>{summ['as_expected']}/{summ['claims']} as expected</b></p>")
    if summ["not_as_expected"]:
        h.append("<p class='no'>Not as expected: " + ", ".join(_e(i) for i in summ["not_as_expected"]) + "</p>")
    h.append("<h2>Falsification power</h2><p>Known-false variants (wrong constant, exponent, sign, "
             "dropped assumption) that the same checks must refute. A variant not refuted is a gap.</p>")
    h.append("<table><tr><th>paper</th><th>variants refuted / total</th><th>gaps</th></tr>")
    for paper, row in summ["falsification"].items():
        gaps = ", ".join(f"{_e(g['id'])} ({_e(g['verdict'])})" for g in row["gaps"]) or "none"
        h.append(f"<tr><td>{_e(paper)}</td><td>{row['refuted']} / {row['variants']}</td><td>{gaps}</td></tr>")
    h.append("</table><h2>Claims</h2><table><tr><th>claim</th><th>title</th><th>provenance</th>"
             "<th>verdict</th><th>expected</th></tr>")
    for c in report["claims"]:
        flag = "" if c["as_expected"] else " <span class='no'>(not as expected)</span>"
        h.append(f"<tr><td><a href='#{_e(c['id'])}'>{_e(c['id'])}</a></td><td>{_e(c['title'])}</td>"
                 f"<td>{_e(c['provenance'])}</td><td><span class='v {c['verdict']}'>{c['verdict']}</span>{_e(_scope(c))}{flag}</td>"
                 f"<td>{_e(c['expected'])}</td></tr>")
    h.append("</table>")
    paper = None
    for c in report["claims"]:
        key = c["id"].split(".", 1)[0]
        if key != paper:
            paper = key
            src = c.get("source") or {}
            h.append(f"<h2>{_e(key)}: {_e(src.get('paper', ''))}"
                     + (f" (arXiv:{_e(src['arxiv'])})" if src.get("arxiv") else "") + "</h2>")
        h.append(_claim(c, figures))
    h.append("</body></html>")
    return "\n".join(h) + "\n"


def _claim(c: dict, figures: dict[str, str]) -> str:
    h = [f"<section class='claim' id='{_e(c['id'])}'><h3>{_e(c['id'])} — {_e(c['title'])} "
         f"<span class='v {c['verdict']}'>{c['verdict']}</span>{_e(_scope(c))}</h3>"]
    h.append(f"<p class='stmt'>{_e(c['statement'])}</p>")
    if c.get("latex"):
        h.append(_math(c["latex"]))
    rows = [("expected", c["expected"]), ("provenance", c["provenance"])]
    src = c.get("source")
    if src:
        rows.append(("source", ", ".join(x for x in (src["paper"], f"arXiv:{src['arxiv']}" if src.get("arxiv") else "", src.get("where", "")) if x)))
    for key in ("refines", "variant_of", "domain", "notes", "module"):
        if c.get(key):
            rows.append((key.replace("_", " "), c[key]))
    if c.get("conventions"):
        rows.append(("conventions", "; ".join(f"{k}: {v}" for k, v in c["conventions"].items())))
    if c.get("assumptions"):
        rows.append(("assumptions", "; ".join(c["assumptions"])))
    h.append("<table>" + "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows) + "</table>")
    h.append("<table><tr><th>check</th><th>kind</th><th>verdict</th><th>examples</th><th>worst margin</th>"
             "<th>search</th><th>evidence</th></tr>")
    for k in c["checks"]:
        wm = "" if k.get("worst_margin") is None else f"{k['worst_margin']:.3g}"
        h.append(f"<tr><td>{_e(k['name'])}</td><td>{k['kind']}</td><td><span class='v {k['verdict']}'>{k['verdict']}</span>{_e(_scope(k))}</td>"
                 f"<td>{k['examples']}{' (' + str(k['rejected']) + ' rejected)' if k.get('rejected') else ''}</td><td>{wm}</td><td>{_e(k.get('search', ''))}</td><td>{_e(k['message'])}</td></tr>")
    h.append("</table>")
    for k in c["checks"]:
        if k.get("counterexample"):
            h.append(f"<p><b>Counterexample</b> ({_e(k['name'])}{_e(_shrunk(k))}): <code>{_e(k['counterexample'])}</code><br>"
                     f"Confirmation{' (' + _e(k['confirmed_by']) + ')' if k.get('confirmed_by') else ''}: "
                     f"{_e(k.get('confirmation') or '')}</p>")
        if k.get("tightness"):
            h.append(f"<p><b>Tightness</b> ({_e(k['name'])}; {_e(_counts(k))})</p><ul>"
                     + "".join(f"<li>{_e(_tight(t))}</li>" for t in k["tightness"]) + "</ul>")
        if k["kind"] == "identity" and k.get("details", {}).get("steps"):
            d = k["details"]
            h.append(f"<p><b>Derivation</b> ({_e(k['name'])}){': ' + _e(d['title']) if d.get('title') else ''}</p><ol>")
            for s in d["steps"]:
                h.append(f"<li>{_e(s['text'])} {_math(s['latex'])} <span class='v {s['verdict']}'>{s['verdict']}</span> "
                         f"<small>{_e(s['how'])}</small></li>")
            h.append("</ol>")
        for f in k.get("figures", []):
            svg = figures.get(f.get("file") or "", "")
            if svg:
                svg = svg[svg.index("<svg"):] if "<svg" in svg else svg
                h.append(f"<figure>{svg}<figcaption>{_e(f['caption'] or f['name'])}</figcaption></figure>")
    h.append("</section>")
    return "\n".join(h)
