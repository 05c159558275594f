"""``report.md``: the report for a code-hosting site (GitHub-flavoured Markdown).

Figures are linked as SVG files under ``figures/``; LaTeX is shown in ``$...$`` (rendered
by GitHub) next to the plain-text statement.
"""

from __future__ import annotations

from verify.report.environment import commit_label

__all__ = ["render"]

_ICON = {"proved": "proved", "certified": "certified", "supported": "supported",
         "inconclusive": "INCONCLUSIVE", "refuted": "REFUTED", "error": "ERROR"}


def _esc(s: str) -> str:
    return str(s).replace("|", "\\|").replace("\n", " ")


def render(report: dict) -> str:
    env, summ = report["environment"], report["summary"]
    out = ["# verify report", ""]
    out.append(f"Schema `{report['schema']}` · profile `{env['profile']}` · seed {env['seed']} · "
               f"commit `{commit_label(env)}` · Python {env['python']}")
    out.append("")
    v = summ["verdicts"]
    out.append(f"**{summ['claims']} claims**: " + ", ".join(f"{n} {k}" for k, n in v.items() if n)
               + f". **{summ['as_expected']}/{summ['claims']} as expected.**")
    if summ["not_as_expected"]:
        out.append("")
        out.append("Not as expected: " + ", ".join(f"`{i}`" for i in summ["not_as_expected"]))
    out += ["", "## Falsification power", "", "| paper | variants refuted / total | gaps |", "|---|---|---|"]
    for paper, row in summ["falsification"].items():
        gaps = ", ".join(f"`{g['id']}` ({g['verdict']})" for g in row["gaps"]) or "none"
        out.append(f"| {paper} | {row['refuted']} / {row['variants']} | {gaps} |")
    out += ["", "## Summary", "", "| claim | provenance | verdict | expected | as expected |", "|---|---|---|---|---|"]
    for c in report["claims"]:
        out.append(f"| [`{c['id']}`](#{_anchor(c['id'])}) {_esc(c['title'])} | {c['provenance']} | "
                   f"{_ICON[c['verdict']]}{_scope(c)} | {c['expected']} | {'yes' if c['as_expected'] else '**NO**'} |")
    paper = None
    for c in report["claims"]:
        key = c["id"].split(".", 1)[0]
        if key != paper:
            paper = key
            src = c.get("source") or {}
            out += ["", f"## {key}: {src.get('paper', '')}" + (f" (arXiv:{src['arxiv']})" if src.get("arxiv") else "")]
        out += _claim(c)
    return "\n".join(out) + "\n"


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


def _anchor(cid: str) -> str:
    return cid.replace(".", "").lower()


def _claim(c: dict) -> list[str]:
    out = ["", f"### {c['id']}", "", f"**{c['title']}** — verdict **{c.get('verdict_label', c['verdict'])}** (expected {c['expected']}; provenance {c['provenance']})", ""]
    out.append(f"> {c['statement']}")
    if c.get("latex"):
        out += ["", f"$$ {c['latex']} $$"]
    src = c.get("source")
    if src:
        out += ["", f"Source: {src['paper']}" + (f", arXiv:{src['arxiv']}" if src.get("arxiv") else "") + (f", {src['where']}" if src.get("where") else "")]
    if c.get("refines"):
        out += ["", f"Refines `{c['refines']}`."]
    if c.get("variant_of"):
        out += ["", f"Known-false variant of `{c['variant_of']}` (negative control)."]
    if c.get("conventions"):
        out += ["", "Conventions: " + "; ".join(f"{k}: {v}" for k, v in c["conventions"].items())]
    if c.get("assumptions"):
        out += ["", "Assumptions: " + "; ".join(c["assumptions"])]
    if c.get("domain"):
        out += ["", f"Domain: {c['domain']}"]
    if c.get("notes"):
        out += ["", c["notes"]]
    out += ["", "| check | kind | verdict | examples | worst margin | evidence |", "|---|---|---|---|---|---|"]
    for k in c["checks"]:
        wm = "" if k.get("worst_margin") is None else f"{k['worst_margin']:.3g}"
        n = f"{k['examples']}" + (f" ({k['rejected']} rejected)" if k.get("rejected") else "")
        out.append(f"| {k['name']} | {k['kind']} | {k['verdict']}{_scope(k)} | {n} | {wm} | {_esc(k['message'])} |")
    for k in c["checks"]:
        if k.get("counterexample"):
            out += ["", f"Counterexample ({k['name']}{_shrunk(k)}): `{k['counterexample']}` — "
                        + (f"confirmed by {k['confirmed_by']}: " if k.get("confirmed_by") else "")
                        + (k.get("confirmation") or "")]
        if k.get("tightness"):
            out += ["", f"Tightness ({k['name']}; {_counts(k)}):", ""]
            out += [f"- {_tight(t)}" for t in k["tightness"]]
        steps = k.get("details", {}).get("steps") if k["kind"] == "identity" else None
        if steps:
            out += ["", f"Derivation ({k['name']}){': ' + k['details']['title'] if k['details'].get('title') else ''}:", ""]
            for i, s in enumerate(steps, 1):
                out.append(f"{i}. {s['text']} $ {s['latex']} $ — {s['verdict']}")
        for f in k.get("figures", []):
            if f.get("file"):
                out += ["", f"![{f['caption'] or f['name']}]({f['file']})", "", f"*{f['caption']}*" if f["caption"] else ""]
    return out


def _scope(x: dict) -> str:
    """`` (n = 3, B = 2)`` after a verdict proved on a finite instance only: what a claim's or a
    check's ``verdict_label`` adds to its verdict."""
    return x.get("verdict_label", x["verdict"])[len(x["verdict"]):]
