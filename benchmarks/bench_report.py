"""Time and peak memory of the main job: ``verify report --profile default -j J --out DIR``.

Run: ``python benchmarks/bench_report.py --jobs 2 --out /tmp/bench-report`` (writes the report
there). Prints wall seconds, CPU seconds of the report and its workers, the peak resident memory
of the largest single process (the parent or one worker; ``ru_maxrss`` of the children that
were waited for), the checks per paper and the slowest checks from the report's
``timings.json``. ``--cache off`` runs with an empty JAX compilation cache (``VERIFY_JAX_CACHE``
pointed at a fresh folder), as on a fresh machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=None)
    ap.add_argument("--cache", choices=["warm", "off"], default="warm",
                    help="off: a fresh, empty compilation cache (a first run on a new machine)")
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-report-"))
    env = dict(os.environ)
    if args.cache == "off":
        env["VERIFY_JAX_CACHE"] = tempfile.mkdtemp(prefix="jax-cache-")
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "verify.cli", "report", "--profile", "default", "-j", str(args.jobs),
                        "--out", str(out)], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    timings = json.loads((out / "timings.json").read_text())
    per_paper = defaultdict(float)
    checks = []
    for cid, c in timings["claims"].items():
        for name, d in c["checks"].items():
            per_paper[cid.split(".")[0]] += d
            checks.append((d, f"{cid}::{name}"))
    print(f"exit code {p.returncode}; {p.stdout.strip().splitlines()[-2] if p.stdout.strip() else ''}")
    print("| jobs | cache | wall s | CPU s (all processes) | peak RSS of one process (MiB) |")
    print("|---:|---|---:|---:|---:|")
    print(f"| {args.jobs} | {args.cache} | {wall:.0f} | {ru.ru_utime + ru.ru_stime:.0f} | {ru.ru_maxrss / 1024:.0f} |")
    print("\nseconds of checks per paper: " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(per_paper.items())))
    print("slowest checks: " + ", ".join(f"{n} {d:.1f} s" for d, n in sorted(checks, reverse=True)[:8]))


if __name__ == "__main__":
    main()
