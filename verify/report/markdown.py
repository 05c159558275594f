"""``report.md``: the report for a code-hosting site (GitHub / GitLab-flavoured Markdown).

Layout as in ``index.html``: summary, contents by paper, falsification table, index, then
per paper its verdict summary by provenance and its claims. Maths uses the delimiters both
sites render: inline ``$`...`$`` (no space inside the delimiters) and display blocks fenced
as ```` ```math ````; a derivation step longer than :data:`~verify.report.maths.LONG`
characters is folded into ``<details>``. Links use the heading anchors the site generates
(:func:`heading_anchor`). Figures are linked as SVG files under ``figures/``. An expected
refutation reads ``refuted (expected)``, a verdict not as expected ``**NOT AS EXPECTED**``.
"""

from __future__ import annotations

import re
from collections import Counter

from verify.report.environment import commit_label
from verify.report.grouping import by_provenance, paper_title, papers, verdicts_present
from verify.report.maths import LONG

__all__ = ["render", "heading_anchor", "verdict_text"]



def _esc(s) -> str:
    """Table-cell text: no pipe, no newline, no accidental emphasis or HTML."""
    return _text(s).replace("|", "\\|").replace("\n", " ")


def _text(s) -> str:
    """Running text: ``*``, ``_``, ``<`` and backticks are literal, not Markdown."""
    return re.sub(r"([*_<`\\])", r"\\\1", str(s))


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces -> '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _inline(latex: str) -> str:
    return f"$`{latex.strip()}`$"


def _block(latex: str, indent: str = "") -> list[str]:
    return [f"{indent}```math", *(indent + line for line in latex.strip().splitlines()), f"{indent}```"]


def verdict_text(x: dict, expected: str | None = None, as_expected: bool = True) -> str:
    """``supported (d = 3)``; ``refuted (expected)``; ``**refuted — NOT AS EXPECTED**``."""
    label = x.get("verdict_label", x["verdict"])
    if expected is None:
        return label
    if not as_expected:
        return f"**{label} — NOT AS EXPECTED**"
    return f"{label} (expected)" if x["verdict"] == "refuted" else label


def render(report: dict) -> str:
    env, summ, claims = report["environment"], report["summary"], report["claims"]
    by_paper = papers(claims)
    out = ["# verify report", ""]
    if report.get("checked_file"):
        out += [f"Conjectures from `{report['checked_file']}`", ""]
    out.append(f"Schema `{report['schema']}` · profile `{env['profile']}` · seed {env['seed']} · "
               f"commit `{commit_label(env)}` · Python {env['python']}")
    out.append("")
    v = summ["verdicts"]
    exp_ref = sum(1 for c in claims if c["verdict"] == "refuted" and c["as_expected"])
    counts = [f"{n} {k}" + (f" ({exp_ref} expected)" if k == "refuted" and exp_ref else "") for k, n in v.items() if n]
    out.append(f"**{summ['claims']} claims**: " + ", ".join(counts)
               + f". **{summ['as_expected']}/{summ['claims']} as expected.**")
    if exp_ref:
        out += ["", "An expected refutation (a paper statement false as stated, or a known-false variant used as "
                    "a negative control) reads *refuted (expected)*; a verdict that is not as expected reads "
                    "**NOT AS EXPECTED**."]
    if summ["not_as_expected"]:
        out += ["", "Not as expected: " + ", ".join(f"[`{i}`](#{heading_anchor(i)})" for i in summ["not_as_expected"])]
    fals = [(p, r) for p, r in summ["falsification"].items() if r["variants"]]
    out += ["", "## Contents", ""]
    if fals:
        out.append("- [Falsification power](#falsification-power)")
    out.append("- [Index of claims](#index-of-claims)")
    for key, cs in by_paper:
        head = paper_title(key, cs)
        ok = sum(c["as_expected"] for c in cs)
        out.append(f"- [{_text(head)}](#{heading_anchor(head)}) ({len(cs)} claims, {ok} as expected)")
    if fals:
        out += ["", "## Falsification power", "",
                "Known-false variants (wrong constant, exponent, sign, dropped assumption) that the same checks "
                "must refute. A variant not refuted is a gap.", "",
                "| paper | variants refuted / total | gaps |", "|---|---|---|"]
        for paper, row in fals:
            gaps = ", ".join(f"`{g['id']}` ({g['verdict']})" for g in row["gaps"]) or "none"
            out.append(f"| {paper} | {row['refuted']} / {row['variants']} | {gaps} |")
    out += ["", "## Index of claims", "", "| claim | verdict | as expected | expected | provenance | title |",
            "|---|---|---|---|---|---|"]
    for c in claims:
        out.append(f"| [`{c['id']}`](#{heading_anchor(c['id'])}) | {verdict_text(c, c['expected'], c['as_expected'])} | "
                   f"{'yes' if c['as_expected'] else '**NO**'} | {c['expected']} | {c['provenance']} | {_esc(c['title'])} |")
    for key, cs in by_paper:
        out += ["", f"## {_text(paper_title(key, cs))}", "", *_paper_summary(cs)]
        for c in cs:
            out += _claim(c, report)
    return "\n".join(out) + "\n"


def _paper_summary(cs: list[dict]) -> list[str]:
    verdicts = verdicts_present(cs)
    out = ["| | claims | " + " | ".join(verdicts) + " | as expected |", "|---" * (len(verdicts) + 3) + "|"]
    for label, g in by_provenance(cs):
        n = Counter(c["verdict"] for c in g)
        ok = sum(c["as_expected"] for c in g)
        out.append(f"| {label} | {len(g)} | " + " | ".join(str(n[v] or "") for v in verdicts)
                   + f" | {ok}/{len(g)}{'' if ok == len(g) else ' **NO**'} |")
    return out


def _shrunk(k: dict) -> str:
    """``, shrunk by Hypothesis`` only for a property counterexample that Hypothesis shrank."""
    if k["kind"] != "property":
        return ""
    return ", shrunk by Hypothesis" if (k.get("details", {}).get("shrink") or {}).get("shrunk") else ", not shrunk"


def _counts(k: dict) -> str:
    s = k.get("details", {}).get("search") or {}
    return (f"{k['examples']} accepted examples, {s.get('draws_accepted', k['examples'])} of them independent draws, "
            f"{k.get('rejected', 0)} rejected by assume()")


def _tight(t: dict) -> str:
    """One inequality's tightness: the extreme lhs/rhs and the smallest slack, with witnesses."""
    name = f"{t['label']} " if t.get("label") else f"relation {t['index'] + 1} "
    parts = []
    if t.get("ratio") is not None:
        parts.append(f"{t['ratio_kind']} = {t['ratio']:.9g} at `{t['ratio_witness']}`")
    if "slack" in t:
        parts.append(f"smallest slack {t['slack']:.3g} (relative {t['relative_slack']:.3g}) at `{t['slack_witness']}`")
    return f"{name}(`{t['op']}`): " + "; ".join(parts)


def _claim(c: dict, report: dict | None = None) -> list[str]:
    out = ["", f"### {c['id']}", "",
           f"**{_text(c['title'])}** — verdict **{verdict_text(c, c['expected'], c['as_expected'])}** "
           f"(expected {c['expected']}; provenance {c['provenance']})", ""]
    out.append(f"> {_text(c['statement'])}")
    if c.get("latex"):
        out += ["", *_block(c["latex"])]
    src = c.get("source")
    if src:
        out += ["", _text(f"Source: {src['paper']}" + (f", arXiv:{src['arxiv']}" if src.get("arxiv") else "")
                          + (f", {src['where']}" if src.get("where") else ""))]
    if c.get("refines"):
        out += ["", f"Refines {_link(c['refines'], report)}."]
    if c.get("variant_of"):
        out += ["", f"Known-false variant of {_link(c['variant_of'], report)} (negative control)."]
    if c.get("conventions"):
        out += ["", "Conventions: " + _text("; ".join(f"{k}: {v}" for k, v in c["conventions"].items()))]
    if c.get("assumptions"):
        out += ["", "Assumptions: " + _text("; ".join(c["assumptions"]))]
    if c.get("domain"):
        out += ["", f"Domain: {_text(c['domain'])}"]
    if c.get("notes"):
        out += ["", _text(c["notes"])]
    if (c.get("module") or "").startswith("verify_user_") and report and report.get("checked_file"):
        out += ["", f"File: `{report['checked_file']}`"]
    fails = c["expected"] == "fails" and c["as_expected"]
    out += ["", "| check | kind | verdict | examples | worst margin | evidence |", "|---|---|---|---|---|---|"]
    for k in c["checks"]:
        wm = "" if k.get("worst_margin") is None else f"{k['worst_margin']:.3g}"
        n = f"{k['examples']}" + (f" ({k['rejected']} rejected)" if k.get("rejected") else "")
        v = verdict_text(k, "fails", True) if fails and k["verdict"] == "refuted" else verdict_text(k)
        out.append(f"| {k['name']} | {k['kind']} | {v} | {n} | {wm} | {_esc(k['message'])} |")
    for k in c["checks"]:
        if k.get("counterexample"):
            out += ["", f"Counterexample ({k['name']}{_shrunk(k)}): `{k['counterexample']}` — "
                        + (f"confirmed by {_text(k['confirmed_by'])}: " if k.get("confirmed_by") else "")
                        + _text(k.get("confirmation") or "")]
        if k.get("tightness"):
            out += ["", f"Tightness ({k['name']}; {_counts(k)}):", ""]
            out += [f"- {_tight(t)}" for t in k["tightness"]]
        steps = k.get("details", {}).get("steps") if k["kind"] == "identity" else None
        if steps:
            title = k["details"].get("title")
            out += ["", f"Derivation ({k['name']}){': ' + _text(title) if title else ''}:", ""]
            for i, s in enumerate(steps, 1):
                out += _step(i, s)
        for f in k.get("figures", []):
            if f.get("file"):
                cap = f["caption"] or f["name"]
                out += ["", f"![{_text(cap)}]({f['file']})", ""]
                if f["caption"]:
                    out.append(f"*{_text(f['caption'])}*")
    return out


def _link(cid: str, report: dict | None) -> str:
    """A link to claim ``cid`` when the report holds it (a subset may not), else its id."""
    if report is None or any(c["id"] == cid for c in report["claims"]):
        return f"[`{cid}`](#{heading_anchor(cid)})"
    return f"`{cid}` (not in this report)"


def _step(i: int, s: dict) -> list[str]:
    head = f"{i}. {_text(s['text'])} — {s['verdict']}"
    latex = (s.get("latex") or "").strip()
    if not latex:
        return [head]
    if len(latex) <= LONG:
        return [f"{head}: {_inline(latex)}"]
    pad = " " * len(f"{i}. ")  # content of the list item
    return [head, "", f"{pad}<details><summary>formula ({len(latex)} characters)</summary>", "",
            *_block(latex, pad), "", f"{pad}</details>", ""]


def _scope(x: dict) -> str:
    """`` (n = 3, B = 2)`` after a verdict proved on a finite instance only: what a claim's or a
    check's ``verdict_label`` adds to its verdict."""
    return x.get("verdict_label", x["verdict"])[len(x["verdict"]):]
