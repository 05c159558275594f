"""Mutation gate: break the code on purpose and see whether the claim verdicts notice.

Each mutant (``benchmarks/mutants.py``) replaces one exact snippet of one source file with
a realistic mistake: a wrong constant in a model or an instrument, the wrong sampling law,
a flipped comparison, a weakened derivation, a core kind that judges too leniently. For
each mutant the harness copies ``verify/`` and ``derivations/`` to a temporary folder,
applies the substitution (the snippet must occur exactly once, so a stale mutant fails
loudly instead of testing nothing) and runs, as a user would,

    python -m verify.cli run <papers> --profile quick --json out.json

with that copy first on ``PYTHONPATH``. The mutant is **killed** when some claim's verdict
is not its expectation (exit code 1, the table's ``NOT AS EXPECTED``), or when the run
fails outright (exit code 2 or a crash, listed as such). Only claim verdicts count: the
unit tests are not run. An unmutated baseline run of every paper must come out as expected
first (the papers the chosen mutants run), else the numbers would mean nothing.

    python benchmarks/bench_mutation.py                  # every mutant (~20-30 min on 2 cores)
    python benchmarks/bench_mutation.py --only bw25.model.loss-half d.identity.any-step
    python benchmarks/bench_mutation.py --list           # ids, targets and the mistake made
    python benchmarks/bench_mutation.py --only ... --require-killed   # CI: exit 1 if one survives

Results go to ``benchmarks/mutation_results.json`` (per mutant: killed, the claims that
caught it, seconds) and a Markdown table on stdout for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from mutants import MUTANTS, Mutant  # noqa: E402

TIMEOUT_S = 900  # a mutant that makes a check loop is killed by the check budget (120 s) long before


def apply(m: Mutant, tree: Path) -> None:
    path = tree / m.path
    text = path.read_text()
    n = text.count(m.old)
    if n != 1:
        raise ValueError(f"mutant {m.id}: the snippet occurs {n} times in {m.path} (must be exactly once)")
    path.write_text(text.replace(m.old, m.new))


def run_papers(tree: Path, papers: tuple[str, ...], jobs: int) -> dict:
    """``verify run`` on the copy; returns exit code, the claims not as expected, the seconds."""
    out = tree / "out.json"
    env = dict(os.environ, PYTHONPATH=str(tree), VERIFY_DEBUG="")
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-m", "verify.cli", "run", *papers, "--profile", "quick",
                            "-j", str(jobs), "--json", str(out)], cwd=tree, env=env, capture_output=True,
                           text=True, timeout=TIMEOUT_S)
        code, err = p.returncode, p.stderr.strip().splitlines()[-1:] if p.stderr.strip() else []
    except subprocess.TimeoutExpired:
        code, err = -1, [f"timed out after {TIMEOUT_S} s"]
    seconds = time.perf_counter() - t0
    caught = []
    if out.is_file():
        for c in json.loads(out.read_text())["claims"]:
            if c["verdict"] == "error" or not c.get("as_expected", True):
                caught.append(f"{c['id']}: {c['verdict']}")
    return {"exit": code, "caught": caught, "seconds": round(seconds, 1), "stderr": err}


def copy_tree(dest: Path) -> Path:
    for name in ("verify", "derivations"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def run_mutant(m: Mutant, jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        tree = copy_tree(Path(tmp))
        apply(m, tree)
        r = run_papers(tree, m.papers, jobs)
    r["killed"] = r["exit"] != 0
    return r


def baseline(papers: tuple[str, ...], jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="mutant-base-") as tmp:
        return run_papers(copy_tree(Path(tmp)), papers, jobs)


def table(results: dict) -> str:
    rows = ["| mutant | target | mistake | killed | caught by (first 2) | s |", "|---|---|---|---|---|---:|"]
    for m in MUTANTS:
        r = results.get(m.id)
        if r is None:
            continue
        caught = "; ".join(r["caught"][:2]) + (f" (+{len(r['caught']) - 2})" if len(r["caught"]) > 2 else "")
        if r["exit"] not in (0, 1):
            caught = f"run failed (exit {r['exit']}): {' '.join(r['stderr'])[:80]}"
        rows.append(f"| `{m.id}` | `{m.path}` | {m.why} | {'yes' if r['killed'] else '**no**'} | {caught} | "
                    f"{r['seconds']:.0f} |")
    killed = sum(r["killed"] for r in results.values())
    rows.append(f"\nKilled by claim verdicts alone: {killed}/{len(results)} = {100 * killed / max(1, len(results)):.0f} %")
    return "\n".join(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None, help="mutant ids (default: all)")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("-j", "--jobs", type=int, default=2, help="verify -j for each run (default 2)")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "mutation_results.json"))
    ap.add_argument("--no-baseline", action="store_true", help="skip the unmutated baseline run")
    ap.add_argument("--require-killed", action="store_true", help="exit 1 if a chosen mutant survives (CI)")
    args = ap.parse_args(argv)
    chosen = [m for m in MUTANTS if args.only is None or m.id in args.only]
    if args.list:
        for m in MUTANTS:
            print(f"{m.id:45s} {m.path:40s} {m.why}")
        return 0
    unknown = set(args.only or ()) - {m.id for m in MUTANTS}
    if unknown:
        print(f"unknown mutant ids: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    for m in chosen:  # every snippet must apply before anything runs
        n = (ROOT / m.path).read_text().count(m.old)
        if n != 1:
            print(f"mutant {m.id}: the snippet occurs {n} times in {m.path} (must be exactly once)", file=sys.stderr)
            return 2
    if not args.no_baseline:
        papers = tuple(sorted({p for m in chosen for p in m.papers}))  # every paper a chosen mutant runs
        b = baseline(papers, args.jobs)
        print(f"baseline: exit {b['exit']}, {len(b['caught'])} claims not as expected, {b['seconds']:.0f} s", flush=True)
        if b["exit"] != 0:
            print("the unmutated code does not meet its expectations: " + "; ".join(b["caught"][:5]), file=sys.stderr)
            return 1
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.is_file() and args.only else {}
    for i, m in enumerate(chosen, 1):
        r = run_mutant(m, args.jobs)
        results[m.id] = r
        print(f"[{i}/{len(chosen)}] {m.id}: {'killed' if r['killed'] else 'SURVIVED'} ({r['seconds']:.0f} s) "
              f"{'; '.join(r['caught'][:2])}", flush=True)
        out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print()
    print(table({m.id: results[m.id] for m in MUTANTS if m.id in results}))
    survivors = [m.id for m in chosen if not results[m.id]["killed"]]
    return 1 if args.require_killed and survivors else 0


if __name__ == "__main__":
    raise SystemExit(main())
