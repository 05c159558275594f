"""The verdict tables the CLI prints.

One header for every command: ``claim  verdict  expected  result  checks``. ``expected`` is
the claim's expectation (``holds``, or ``fails`` for a paper statement false as stated and
for a known-false variant), and ``result`` says whether the verdict meets it, so an
expected refutation reads ``as expected``, never as a failure. ``verify run`` / ``report``
print evidence lines for the checks that did not pass; ``verify check`` prints evidence for
every check (accepted / rejected examples, search, worst margin, the tightest inequality with
its witness, the counterexample, whether Hypothesis shrank it, and what confirmed it).
"""

from __future__ import annotations

from collections import Counter

__all__ = ["verdict_table", "summary", "evidence", "slowest", "seeds_table", "seeds_json"]


def _num(x) -> str:
    return "-" if x is None else f"{x:.3g}"


def verdict_table(results, every_check: bool = False) -> str:
    """Header, one row per claim, evidence lines under it (every check, or the failing ones)."""
    w = max([len(r.id) for r in results] + [5])
    vw = max([len(r.verdict_label) for r in results] + [12])
    lines = [f"{'claim':<{w}}  {'verdict':<{vw}} {'expected':<8}  {'result':<17} checks",
             f"{'-' * w}  {'-' * vw} {'-' * 8}  {'-' * 17} {'-' * 6}"]
    pad = " " * (w + 4)
    for r in results:
        result = "as expected" if r.as_expected else "NOT AS EXPECTED"
        kinds = ", ".join(f"{c.name} [{c.kind}]" for c in r.checks)
        lines.append(f"{r.id:<{w}}  {r.verdict_label:<{vw}} {r.expected:<8}  {result:<17} {kinds}")
        for c in r.checks:
            if every_check or c.verdict.value in ("refuted", "error", "inconclusive"):
                lines.extend(pad + line for line in _check_lines(c))
    return "\n".join(lines)


def _check_lines(c) -> list[str]:
    lines = [f"{c.name}: {c.verdict_label}: {evidence(c)}"]
    if c.verdict.value == "refuted" and c.counterexample is not None:
        lines.append(f"  counterexample{_shrink_label(c)}:")
        lines.extend(f"    {k} = {v}" for k, v in c.counterexample.items())
        rel = c.relations[0] if c.relations and c.kind == "property" else None
        if rel is not None:
            m, rm = c.details.get("counterexample_margin"), c.details.get("counterexample_relative_margin")
            lines.append(f"  margin {_num(m)} (relative {_num(rm)}): {rel['lhs']!r} {rel['op']} "
                         f"{rel['rhs']!r}, tol {_num(rel.get('tol'))}")
    if c.confirmation and c.verdict.value in ("refuted", "inconclusive"):
        by = getattr(c, "confirmed_by", None)
        lines.append(f"  confirmation{f' ({by})' if by else ''}: {c.confirmation}")
    tight = tightness_line(c)
    if tight and c.verdict.value == "supported":
        lines.append(f"  tightness: {tight}")
    for stream, got in (c.output or {}).items():
        lines.append(f"  {stream}: {got['bytes']} bytes captured (in the JSON evidence)")
    return lines


def _shrink_label(c) -> str:
    """`` (shrunk by Hypothesis)`` only for a counterexample that Hypothesis shrank."""
    if c.kind != "property":
        return ""
    sh = c.details.get("shrink") or {}
    found = (c.details.get("search") or {}).get("counterexample_found_by")
    if sh.get("shrunk"):
        return " (shrunk by Hypothesis)"
    if sh.get("evaluations") and "not_shrunk" not in sh:
        return f" (found by {found}; Hypothesis's shrinker found nothing simpler)"
    return f" (found by {found}, not shrunk)" if found else " (not shrunk)"


def tightness_line(c) -> str:
    """The tightest inequality of a property check: extreme lhs/rhs (or slack) and its witness."""
    best = None
    for t in getattr(c, "tightness", None) or []:
        if "relative_slack" in t and (best is None or t["relative_slack"] < best["relative_slack"]):
            best = t
    if best is None:
        return ""
    name = f"{best['label']}: " if best.get("label") else ""
    if best.get("ratio") is not None:
        return f"{name}{best['ratio_kind']} = {best['ratio']:.9g} at {best['ratio_witness']}"
    return f"{name}smallest slack {best['slack']:.3g} at {best['slack_witness']}"


def summary(results) -> str:
    """``N claims: <verdict> <count>, ...; K/N as expected``."""
    n = Counter(r.verdict.value for r in results)
    ok = sum(r.as_expected for r in results)
    return (f"{len(results)} claims: " + ", ".join(f"{k} {v}" for k, v in sorted(n.items()))
            + f"; {ok}/{len(results)} as expected")


def slowest(results, n: int) -> str:
    """The ``n`` slowest checks, slowest first: seconds, claim::check [kind]."""
    checks = sorted(((c.duration_s, f"{r.id}::{c.name} [{c.kind}]") for r in results for c in r.checks), reverse=True)
    total = sum(d for d, _ in checks)
    lines = [f"slowest {min(n, len(checks))} of {len(checks)} checks ({total:.1f} s of checks in all):"]
    lines += [f"  {d:8.2f} s  {name}" for d, name in checks[:n]]
    return "\n".join(lines)


def evidence(c) -> str:
    """One line of evidence for a check result."""
    v = c.verdict.value
    if v in ("error", "inconclusive") or (v == "refuted" and c.kind != "property"):
        return c.message
    if c.kind == "property":
        found = (c.details.get("search") or {}).get("worst_found_by")
        rej = getattr(c, "rejected", 0)
        base = f"{c.examples} accepted examples ({c.search})" + (f", {rej} rejected by assume()" if rej else "")
        if v == "refuted":
            found = (c.details.get("search") or {}).get("counterexample_found_by", found)
            return base + (f"; counterexample found by {found}" if found else "")
        nograd = (c.details.get("search") or {}).get("no_gradient")
        return (base + f"; worst relative margin {_num(c.worst_relative_margin)}" + (f" (found by {found})" if found else "")
                + ("; no gradient: the objective was constant on every draw" if nograd else ""))
    return c.message


def seeds_rows(by_seed) -> list[dict]:
    """Per claim over the seeds of ``verify run/check --seeds A..B``: the verdict counts, how many
    seeds refute it and how many meet its expectation (the statistic of the search-power benchmark)."""
    seeds = sorted(by_seed)
    rows = []
    for i, r in enumerate(by_seed[seeds[0]]):
        runs = [by_seed[s][i] for s in seeds]
        rows.append({"id": r.id, "expected": r.expected, "seeds": seeds,
                     "verdicts": {str(s): x.verdict.value for s, x in zip(seeds, runs)},
                     "refuted": sum(x.verdict.value == "refuted" for x in runs),
                     "as_expected": sum(x.as_expected for x in runs),
                     "counts": dict(sorted(Counter(x.verdict.value for x in runs).items()))})
    return rows


def seeds_table(by_seed) -> str:
    """``claim  expected  refuted  as expected  verdicts`` over the seeds."""
    rows = seeds_rows(by_seed)
    n = len(by_seed)
    w = max([len(r["id"]) for r in rows] + [5])
    lines = [f"{'claim':<{w}}  {'expected':<8}  {'refuted':>9}  {'as expected':>11}  verdicts over seeds "
             f"{min(by_seed)}..{max(by_seed)}", f"{'-' * w}  {'-' * 8}  {'-' * 9}  {'-' * 11}  {'-' * 8}"]
    for r in rows:
        counts = ", ".join(f"{k} {v}" for k, v in r["counts"].items())
        lines.append(f"{r['id']:<{w}}  {r['expected']:<8}  {r['refuted']:>4}/{n:<4}  {r['as_expected']:>5}/{n:<5}  {counts}")
    return "\n".join(lines)


def seeds_json(by_seed, env: dict) -> dict:
    """The ``--json`` document of a ``--seeds`` run: environment and one row per claim."""
    return {"schema": "verify-seeds/1", "environment": env, "claims": seeds_rows(by_seed)}
