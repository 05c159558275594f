"""Search power of property checks on a corpus of hard false and tight true statements.

Every statement of ``search_corpus.py`` (kept out of the built-in claims) is declared as a
property check (default search ``hypothesis+qmc+optimize``, ``examples=100``: 25 in
``quick``, 100 in ``default``) and run for seeds 0-9 under each profile. Reported per
statement and profile: how many seeds refuted it (false statements: should be all; true
ones: must be none), other verdicts, and the mean wall time per run.

Targets (issue 9): ``default`` refutes every false statement for >= 9/10 seeds, ``quick``
for >= 7/10; no true statement is ever refuted.

Run:  nice -n 10 python benchmarks/bench_search.py [--profiles quick default] [--seeds 10]
      [--json benchmarks/search_results.json] [--search hypothesis]
      (prints a Markdown table; exit 1 if a target is missed; --search: a baseline)
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import FALSE, TRUE  # noqa: E402

from verify import claim  # noqa: E402
from verify.core.registry import collecting  # noqa: E402
from verify.core.runner import run_check  # noqa: E402

TARGET = {"quick": 7, "default": 9}  # seeds of 10 that must refute each false statement


def _claim(sid, given, fn, search=None):
    with collecting():
        cl = claim(f"bench.{sid}", title=sid, statement=sid)
        cl.property(given=given, examples=100, name="statement", **({"search": search} if search else {}))(fn)
    return cl


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--profiles", nargs="+", default=["quick", "default"])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--json", default=None, help="write every run's verdict and time here")
    ap.add_argument("--search", default=None, help="a property search other than the default (for a baseline)")
    args = ap.parse_args(argv)
    seeds = range(args.seeds)
    rows, runs = [], []
    t_all = time.perf_counter()
    for truth, corpus in (("false", FALSE), ("true", TRUE)):
        for sid, category, given, fn in corpus:
            cl = _claim(sid, given, fn, args.search)
            row = {"id": sid, "truth": truth, "category": category}
            for prof in args.profiles:
                verdicts, times = Counter(), []
                for seed in seeds:
                    t0 = time.perf_counter()
                    res = run_check(cl, cl.checks[0], prof, seed=seed)
                    times.append(time.perf_counter() - t0)
                    verdicts[res.verdict.value] += 1
                    runs.append({"id": sid, "truth": truth, "profile": prof, "seed": seed, "verdict": res.verdict.value,
                                 "found_by": (res.details.get("search") or {}).get("counterexample_found_by"),
                                 "evaluations": res.examples, "time_s": round(times[-1], 4)})
                row[prof] = {"verdicts": dict(verdicts), "mean_s": sum(times) / len(times)}
            rows.append(row)
            print(f"{sid:28s} " + "  ".join(f"{p}: {dict(row[p]['verdicts'])} {row[p]['mean_s']:.2f}s"
                                           for p in args.profiles), file=sys.stderr, flush=True)
    wall = time.perf_counter() - t_all
    print(_table(rows, args.profiles, len(seeds)))
    ok = _summary(rows, args.profiles, len(seeds), wall)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": rows, "runs": runs, "wall_s": wall}, indent=1) + "\n")
    return 0 if ok else 1


def _table(rows, profiles, n) -> str:
    head = "| statement | truth | category | " + " | ".join(f"{p}: refuted / {n} | {p}: s/run" for p in profiles) + " |"
    out = [head, "|" + "---|" * (3 + 2 * len(profiles))]
    for r in rows:
        cells = []
        for p in profiles:
            v = r[p]["verdicts"]
            other = ", ".join(f"{k} {c}" for k, c in sorted(v.items()) if k != "refuted")
            cells += [f"{v.get('refuted', 0)}" + (f" ({other})" if other and r["truth"] == "false" else
                                                  f" ({other})" if r["truth"] == "true" else ""),
                      f"{r[p]['mean_s']:.2f}"]
        category = r["category"].replace("|", "\\|")
        out.append(f"| `{r['id']}` | {r['truth']} | {category} | " + " | ".join(cells) + " |")
    return "\n".join(out)


def _summary(rows, profiles, n, wall) -> bool:
    ok = True
    print()
    for p in profiles:
        false = [r for r in rows if r["truth"] == "false"]
        true = [r for r in rows if r["truth"] == "true"]
        need = TARGET.get(p, 0) * n // 10
        meets = sum(r[p]["verdicts"].get("refuted", 0) >= need for r in false)
        all_ref = sum(r[p]["verdicts"].get("refuted", 0) for r in false)
        true_ref = sum(r[p]["verdicts"].get("refuted", 0) for r in true)
        mean = sum(r[p]["mean_s"] for r in rows) / len(rows)
        worst = min(false, key=lambda r: r[p]["verdicts"].get("refuted", 0))
        print(f"- `{p}`: {meets}/{len(false)} false statements refuted in >= {need}/{n} seeds "
              f"({all_ref}/{len(false) * n} runs; fewest: `{worst['id']}` {worst[p]['verdicts'].get('refuted', 0)}/{n}); "
              f"true statements refuted: {true_ref}/{len(true) * n} runs; mean {mean:.2f} s per run")
        ok &= meets == len(false) and true_ref == 0
    print(f"- wall time {wall:.0f} s")
    return ok


if __name__ == "__main__":
    sys.exit(main())
