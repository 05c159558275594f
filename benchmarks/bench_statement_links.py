"""Time the statement link of every identity check of the built-in claims (DESIGN, check kinds).

For each identity check declared with ``states=``: build the derivation, prove its steps, then match
each stated relation to a proved step (``verify.core.kinds.identity._statement_links``). Prints the
slowest matches and the total, with and without the value filter that rules out differing steps
before ``simplify`` (``--no-filter`` replaces it by "never rules out", the code before the filter).

    python benchmarks/bench_statement_links.py [--no-filter] [--top 10]
"""

from __future__ import annotations

import argparse
import random
import time

from verify.core.kinds import identity as I
from verify.core.loader import load_builtin


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-filter", action="store_true", help="match without the value filter")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--only", nargs="*", default=None, help="claim-id prefixes")
    args = ap.parse_args()
    if args.no_filter:
        I._not_multiple = lambda *_a: False
        I._nonzero_somewhere = lambda *_a: False
    rows = []
    for c in load_builtin():
        if args.only and not any(c.id.startswith(p) for p in args.only):
            continue
        for ch in c.checks:
            if ch.kind != "identity" or ch.states is None:
                continue
            _, steps = I._as_steps(ch.fn())
            rng = random.Random(0)
            verdicts = [I.prove_step(s, rng)[0] for s in steps]
            t = time.perf_counter()
            links = I._statement_links(ch, steps, verdicts)
            rows.append((time.perf_counter() - t, f"{c.id}::{ch.name}",
                         sum(ln["concluded_by"] is not None for ln in links), len(links)))
    rows.sort(reverse=True)
    for dt, name, k, n in rows[:args.top]:
        print(f"{dt:8.2f} s  {name}  ({k}/{n} relations concluded)")
    print(f"{len(rows)} linked checks, matching {sum(r[0] for r in rows):.1f} s in all"
          + (" (no value filter)" if args.no_filter else ""))


if __name__ == "__main__":
    main()
