"""``index.html``: one self-contained page (inline CSS, SVG and MathML; no script, no network).

Layout, top to bottom: the verdict summary, a table of contents by paper, a filter bar, the
falsification table, the claim index, then one ``<section>`` per paper (its own verdict
summary by provenance, then its claims). Every anchor derives from a claim id or paper key,
so links stay stable across runs.

* **Maths** is MathML (:mod:`verify.report.maths`); what cannot be converted shows only the
  plain-text statement, never LaTeX source. Derivation steps longer than
  :data:`~verify.report.maths.LONG` characters are folded into ``<details>``.
* **Filter** by verdict and by expectation without JavaScript: radio buttons and CSS
  ``:checked ~`` rules hide the other claims (index rows and sections); a browser without
  CSS shows the full list.
* **Expected refutations** (paper statements false as stated, known-false variants) carry a
  muted ``refuted (expected)`` badge; a verdict that is not as expected a red one.
* **Responsive**: viewport meta; tables, maths and figures scroll inside their own
  containers, so at 400 px nothing is cut off.

The output is a pure function of the report and the figures: no dates, no random ids.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from verify.report.environment import commit_label
from verify.report.grouping import by_provenance, paper_title, papers, verdicts_present
from verify.report.markdown import _counts, _shrunk, _tight
from verify.report.maths import LONG, mathml

__all__ = ["render", "badge"]

# expectation filter: id suffix -> (label, CSS selector of the claims it keeps)
_EXPECT = (("holds", "expected to hold", ".e-holds"), ("fails", "expected to fail", ".e-fails"),
           ("no", "not as expected", ".no"))

_CSS = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;max-width:1100px;margin:0 auto;padding:1em;color:#222;overflow-wrap:anywhere}
h1{margin:.2em 0}h2{margin-top:1.6em;border-bottom:2px solid #ddd}h3{margin:.4em 0;font-size:1.08em}
a{color:#0645ad}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5em 0;font-size:13px;overflow-wrap:normal}
th{white-space:nowrap}td.id{white-space:nowrap}td{min-width:4em}td.ev{min-width:18em}td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
.v{font-weight:600;padding:1px 6px;border-radius:3px;display:inline-block}
.proved,.certified{background:#cde8cd}.supported{background:#e3f1d4}.inconclusive{background:#fbeec1}
.refuted{background:#f6c9c4}.error{background:#e0b0ff}
.v.exp{background:#eceef3;color:#3a3f4b;border:1px dashed #8a90a0}
.v.unexp{background:#b00020;color:#fff;white-space:normal}
.no-as{color:#b00020;font-weight:700}.yes-as{color:#2a6a2a}
section.claim{border-top:1px solid #ddd;margin-top:1.2em;padding-top:.3em}
code,pre{background:#f6f6f6;font-size:12px;overflow-wrap:anywhere}
pre{white-space:pre-wrap;padding:4px}
.stmt{border-left:3px solid #999;padding-left:8px}
.m{overflow-x:auto;overflow-y:hidden;max-width:100%;padding:2px 0}
math[display=block]{margin:.3em 0}
details.step>summary{cursor:pointer}
figure{margin:.8em 0}figcaption{font-size:13px;color:#444;max-width:60em}
.fig svg{max-width:100%;height:auto;display:block}
nav.toc ul{margin:.2em 0;padding-left:1.2em}nav.toc{background:#fafafa;border:1px solid #e3e3e3;padding:.4em .8em}
.top{font-size:12px;float:right}
.meta{font-size:13px;color:#444}
.filters{margin:1em 0;font-size:13px;line-height:2.2}
.filters label{border:1px solid #aaa;border-radius:12px;padding:2px 9px;cursor:pointer;white-space:nowrap}
.filters b{margin-right:.4em}
input.f{position:absolute;opacity:0;width:1px;height:1px;margin:0}
@media (max-width:700px){body{font-size:14px;padding:.5em}td.id{white-space:normal;overflow-wrap:anywhere;min-width:8em;max-width:10em}.fig svg{max-width:none;width:max(100%,calc(var(--w) * .6))}}
"""


def _e(s) -> str:
    return html.escape(str(s))


def _paper_anchor(key: str) -> str:
    return "paper-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)


def _expect_class(c: dict) -> str:
    """Classes the filter keys on: ``v-<verdict> e-<expectation>`` and ``no`` when not as expected."""
    return f"c v-{c['verdict']} e-{c['expected']}" + ("" if c["as_expected"] else " no")


def badge(x: dict, expected: str | None = None, as_expected: bool = True) -> str:
    """A verdict badge; with ``expected``: ``refuted (expected)`` muted, a surprise in red."""
    v, label = x["verdict"], x.get("verdict_label", x["verdict"])
    if expected is None:
        return f"<span class='v {v}'>{_e(label)}</span>"
    if not as_expected:
        return f"<span class='v {v} unexp'>{_e(label)} — not as expected (expected: {_e(expected)})</span>"
    if v == "refuted":
        return f"<span class='v {v} exp' title='expected: a known-false statement'>{_e(label)} (expected)</span>"
    return f"<span class='v {v}'>{_e(label)}</span>"


def _table(head: list[str], rows: list[str], cls: str = "") -> str:
    return (f"<div class='scroll'><table{f' class={cls!r}' if cls else ''}><tr>"
            + "".join(f"<th>{h}</th>" for h in head) + "</tr>" + "".join(rows) + "</table></div>")


def _math(latex: str, display: bool = True) -> str:
    """MathML in a scroll container, or '' (the plain text beside it is then the statement)."""
    m = mathml(latex, display)
    return f"<div class='m'>{m}</div>" if m else ""


def _filter_css(verdicts: list[str]) -> str:
    rules = [f"#fv-{v}:checked~main .c:not(.v-{v}){{display:none}}" for v in verdicts]
    rules += [f"#fe-{k}:checked~main .c:not({sel}){{display:none}}" for k, _, sel in _EXPECT]
    ids = ["fv-all", *(f"fv-{v}" for v in verdicts), "fe-all", *(f"fe-{k}" for k, _, _ in _EXPECT)]
    rules.append(",".join(f"#{i}:checked~.filters label[for={i}]" for i in ids)
                 + "{background:#333;color:#fff;border-color:#333}")
    rules.append(",".join(f"#{i}:focus-visible~.filters label[for={i}]" for i in ids)
                 + "{outline:2px solid #0645ad}")
    return "\n".join(rules)


def _filters(verdicts: list[str]) -> str:
    inputs = ["<input class='f' type='radio' name='fv' id='fv-all' checked aria-label='any verdict'>"]
    inputs += [f"<input class='f' type='radio' name='fv' id='fv-{v}' aria-label='{v}'>" for v in verdicts]
    inputs += ["<input class='f' type='radio' name='fe' id='fe-all' checked aria-label='any expectation'>"]
    inputs += [f"<input class='f' type='radio' name='fe' id='fe-{k}' aria-label='{lab}'>" for k, lab, _ in _EXPECT]
    bar = ["<div class='filters' id='filter'><b>Show</b> verdict: <label for='fv-all'>all</label> "]
    bar += [f"<label for='fv-{v}'>{v}</label> " for v in verdicts]
    bar += ["<br><b>Show</b> expectation: <label for='fe-all'>all</label> "]
    bar += [f"<label for='fe-{k}'>{lab}</label> " for k, lab, _ in _EXPECT]
    bar += ["<br><small>Filters hide the other claims in the index and below (CSS only; "
            "without CSS every claim is shown).</small></div>"]
    return "\n".join(inputs) + "\n" + "".join(bar)


def render(report: dict, figures: dict[str, str]) -> str:
    """The page. ``figures`` maps a figure file path (as in the JSON) to its SVG text."""
    env, summ, claims = report["environment"], report["summary"], report["claims"]
    by_paper = papers(claims)
    verdicts = verdicts_present(claims)
    h = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
         "<meta name='viewport' content='width=device-width, initial-scale=1'>",
         "<title>verify report</title>", f"<style>{_CSS}{_filter_css(verdicts)}</style></head>",
         "<body id='top'><header><h1>verify report</h1>"]
    if report.get("checked_file"):
        h.append(f"<p>Conjectures from <code>{_e(report['checked_file'])}</code></p>")
    h.append(f"<p class='meta'>Schema <code>{_e(report['schema'])}</code> · profile <code>{_e(env['profile'])}</code> · "
             f"seed {_e(env['seed'])} · commit <code>{_e(commit_label(env))}</code> · "
             f"Python {_e(env['python'])} · durations and machine: <code>timings.json</code><br>"
             "Packages: " + ", ".join(f"{_e(k)} {_e(v)}" for k, v in env["packages"].items()) + "</p>")
    h.append(_summary_line(summ, claims))
    h.append("</header>")
    h.append(_toc(by_paper, summ))
    h.append(_filters(verdicts))
    h.append("<main>")
    fals = _falsification(summ)
    if fals:
        h.append(fals)
    h.append("<h2 id='index'>Index <a class='top' href='#top'>back to top</a></h2>")
    rows = []
    for c in claims:
        yes = "<span class='yes-as'>yes</span>" if c["as_expected"] else "<span class='no-as'>NO</span>"
        rows.append(f"<tr class='{_expect_class(c)}'><td class='id'><a href='#{_e(c['id'])}'>{_e(c['id'])}</a></td>"
                    f"<td>{badge(c, c['expected'], c['as_expected'])}</td><td>{yes}</td><td>{_e(c['expected'])}</td>"
                    f"<td>{_e(c['provenance'])}</td><td>{_e(c['title'])}</td></tr>")
    h.append(_table(["claim", "verdict", "as expected", "expected", "provenance", "title"], rows))
    fig_no = [0]
    for key, cs in by_paper:
        h.append(f"<section class='paper' id='{_paper_anchor(key)}'>"
                 f"<h2>{_e(paper_title(key, cs))} <a class='top' href='#top'>back to top</a></h2>")
        h.append(_paper_summary(cs))
        h.extend(_claim(c, figures, fig_no, report) for c in cs)
        h.append("</section>")
    h.append("</main></body></html>")
    return "\n".join(h) + "\n"


def _summary_line(summ: dict, claims: list[dict]) -> str:
    v = summ["verdicts"]
    exp_ref = sum(1 for c in claims if c["verdict"] == "refuted" and c["as_expected"])
    parts = []
    for k, n in v.items():
        if not n:
            continue
        text = f"{n} {k}"
        if k == "refuted" and exp_ref:
            text += f" ({exp_ref} expected)" if exp_ref < n else " (all expected)"
        parts.append(f"<span class='v {k}'>{_e(text)}</span>")
    out = (f"<p><b>{summ['claims']} claims</b>: " + ", ".join(parts)
           + f" — <b>{summ['as_expected']}/{summ['claims']} as expected</b></p>")
    if exp_ref:
        out += ("<p class='meta'>An expected refutation is a paper statement false as stated or a known-false "
                "variant (a negative control): it shows as <span class='v refuted exp'>refuted (expected)</span>; "
                "a verdict that is not as expected as <span class='v refuted unexp'>… not as expected</span>.</p>")
    if summ["not_as_expected"]:
        out += ("<p class='no-as'>Not as expected: "
                + ", ".join(f"<a href='#{_e(i)}'>{_e(i)}</a>" for i in summ["not_as_expected"]) + "</p>")
    return out


def _toc(by_paper, summ) -> str:
    items = []
    if any(r["variants"] for r in summ["falsification"].values()):
        items.append("<li><a href='#falsification'>Falsification power</a></li>")
    items.append("<li><a href='#index'>Index of claims</a></li>")
    for key, cs in by_paper:
        ok = sum(c["as_expected"] for c in cs)
        items.append(f"<li><a href='#{_paper_anchor(key)}'>{_e(paper_title(key, cs))}</a> "
                     f"<small>({len(cs)} claims, {ok} as expected)</small></li>")
    return "<nav class='toc' id='contents' aria-label='contents'><b>Contents</b><ul>" + "".join(items) + "</ul></nav>"


def _falsification(summ: dict) -> str:
    rows = []
    for paper, row in summ["falsification"].items():
        if not row["variants"]:
            continue  # no known-false variant declared: nothing to report (not '0 / 0')
        gaps = ", ".join(f"<a href='#{_e(g['id'])}'>{_e(g['id'])} ({_e(g['verdict'])})</a>" for g in row["gaps"]) or "none"
        rows.append(f"<tr><td>{_e(paper)}</td><td>{row['refuted']} / {row['variants']}</td><td>{gaps}</td></tr>")
    if not rows:
        return ""
    return ("<h2 id='falsification'>Falsification power <a class='top' href='#top'>back to top</a></h2>"
            "<p>Known-false variants (wrong constant, exponent, sign, dropped assumption) that the same checks "
            "must refute. A variant not refuted is a gap.</p>"
            + _table(["paper", "variants refuted / total", "gaps"], rows))


def _paper_summary(cs: list[dict]) -> str:
    """Per provenance (as stated / refined / derived / variants): claims, verdict counts, as expected."""
    verdicts = verdicts_present(cs)
    rows = []
    for label, g in by_provenance(cs):
        n = Counter(c["verdict"] for c in g)
        ok = sum(c["as_expected"] for c in g)
        cells = "".join(f"<td class='n'>{n[v] or ''}</td>" for v in verdicts)
        cls = "" if ok == len(g) else " class='no-as'"
        rows.append(f"<tr><td>{_e(label)}</td><td class='n'>{len(g)}</td>{cells}"
                    f"<td class='n'><span{cls}>{ok}/{len(g)}</span></td></tr>")
    return _table(["", "claims", *verdicts, "as expected"], rows, "psum")


def _link(cid: str, report: dict) -> str:
    """A link to claim ``cid`` when this report holds it (a subset may not), else its id."""
    if any(c["id"] == cid for c in report["claims"]):
        return f"<a href='#{_e(cid)}'>{_e(cid)}</a>"
    return f"<code>{_e(cid)}</code> (not in this report)"


def _claim(c: dict, figures: dict[str, str], fig_no: list[int], report: dict) -> str:
    h = [f"<section class='claim {_expect_class(c)}' id='{_e(c['id'])}'><h3>{_e(c['id'])} — {_e(c['title'])} "
         f"{badge(c, c['expected'], c['as_expected'])}</h3>"]
    h.append(f"<p class='stmt'>{_e(c['statement'])}</p>")
    if c.get("latex"):
        h.append(_math(c["latex"]))
    rows = [("expected", _e(c["expected"]) + ("" if c["as_expected"] else " <span class='no-as'>(not as expected)</span>")),
            ("provenance", _e(c["provenance"]))]
    src = c.get("source")
    if src:
        rows.append(("source", _e(", ".join(x for x in (src["paper"], f"arXiv:{src['arxiv']}" if src.get("arxiv") else "",
                                                          src.get("where", "")) if x))))
    if c.get("refines"):
        rows.append(("refines", _link(c["refines"], report)))
    if c.get("variant_of"):
        rows.append(("variant of", _link(c["variant_of"], report) + " (known-false variant: a negative control)"))
    for key in ("domain", "notes"):
        if c.get(key):
            rows.append((key, _e(c[key])))
    mod = c.get("module") or ""
    if mod.startswith("verify_user_"):
        if report.get("checked_file"):
            rows.append(("file", f"<code>{_e(report['checked_file'])}</code>"))
    elif mod:
        rows.append(("module", f"<code>{_e(mod)}</code>"))
    if c.get("conventions"):
        rows.append(("conventions", _e("; ".join(f"{k}: {v}" for k, v in c["conventions"].items()))))
    if c.get("assumptions"):
        rows.append(("assumptions", _e("; ".join(c["assumptions"]))))
    h.append("<div class='scroll'><table>" + "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows)
             + "</table></div>")
    krows = []
    for k in c["checks"]:
        wm = "" if k.get("worst_margin") is None else f"{k['worst_margin']:.3g}"
        b = _check_badge(k, c)
        krows.append(f"<tr><td>{_e(k['name'])}</td><td>{_e(k['kind'])}</td><td>{b}</td>"
                     f"<td class='n'>{_e(k['examples'])}{' (' + _e(k['rejected']) + ' rejected)' if k.get('rejected') else ''}</td>"
                     f"<td class='n'>{wm}</td><td>{_e(k.get('search', ''))}</td><td class='ev'>{_e(k['message'])}</td></tr>")
    h.append(_table(["check", "kind", "verdict", "examples", "worst margin", "search", "evidence"], krows))
    for k in c["checks"]:
        h.extend(_evidence(k, figures, fig_no))
    h.append("<p class='meta'><a href='#index'>index</a> · <a href='#top'>back to top</a></p></section>")
    return "\n".join(h)


def _check_badge(k: dict, c: dict) -> str:
    """A check's badge in its claim's light: the refutation a false claim expects is muted;
    a check that fails a claim expected to hold is red."""
    if c["expected"] == "fails" and c["as_expected"] and k["verdict"] == "refuted":
        return badge(k, "fails", True)
    if c["expected"] == "holds" and k["verdict"] in ("refuted", "error", "inconclusive"):
        return badge(k, "holds", False)
    return badge(k)


def _evidence(k: dict, figures: dict[str, str], fig_no: list[int]) -> list[str]:
    h = []
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
        h.extend(_step(s) for s in d["steps"])
        h.append("</ol>")
    for f in k.get("figures", []):
        svg = figures.get(f.get("file") or "", "")
        if svg:
            fig_no[0] += 1
            h.append(_figure(svg, f, fig_no[0]))
    return h


def _step(s: dict) -> str:
    """One derivation step: its text and verdict, the formula inline, or folded when long."""
    tail = f"{badge(s)} <small>{_e(s['how'])}</small>"
    m = mathml(s["latex"], True) if s.get("latex") else None
    if not m:
        return f"<li>{_e(s['text'])} {tail}</li>"
    if len(s["latex"]) > LONG:
        return (f"<li><details class='step'><summary>{_e(s['text'])} {tail} "
                f"<small>(formula: {len(s['latex'])} characters of LaTeX, click to show)</small></summary>"
                f"<div class='m'>{m}</div></details></li>")
    return f"<li>{_e(s['text'])} {tail}<div class='m'>{m}</div></li>"


_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([0-9.]+)(pt|px)?"')


def _figure(svg: str, f: dict, n: int) -> str:
    svg = svg[svg.index("<svg"):] if "<svg" in svg else svg
    m = _SIZE.search(svg)
    if m:  # natural width in CSS px: narrow screens keep at least 60 % of it and scroll
        px = float(m.group(1)) * (4 / 3 if m.group(2) == "pt" else 1)
        svg = svg.replace("<svg", f"<svg style='--w:{px:.0f}px'", 1)
    cap = f["caption"] or f"{f['name']} (no caption given)"
    return (f"<figure class='fig' id='fig-{n}'><div class='scroll'>{svg}</div>"
            f"<figcaption><b>Figure {n}.</b> {_e(cap)}</figcaption></figure>")
