"""Command line (contract, DESIGN.md "CLI")::

    verify list [--json]
    verify run [ID|PAPER ...] [--profile quick|default|thorough] [--seed N] [-j N] [--json PATH]
    verify report [--out reports] [--profile ...] [--seed N] [-j N]
    verify check FILE.py [ID ...] [--profile ...] [--seed N] [-j N] [--json PATH] [--html DIR]

Exit codes: 0 every verdict as expected; 1 some verdict differs from expected (for ``check``:
some conjecture refuted, inconclusive or error); 2 bad usage or bad input file, with a
one-line reason. Progress goes to stderr on a terminal only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        sys.stderr.write(f"verify: error: {message}\n")
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="verify", description="Theorem-checking numerical verification of SGD implicit-bias claims.")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)

    def common(sp, selectors=True):
        if selectors:
            sp.add_argument("ids", nargs="*", metavar="ID|PAPER", help="claim ids or paper keys (default: all)")
        sp.add_argument("--profile", default="quick", choices=["quick", "default", "thorough"])
        sp.add_argument("--seed", type=int, default=0)
        sp.add_argument("-j", "--jobs", type=int, default=1, help="worker processes")

    lp = sub.add_parser("list", help="list claims")
    lp.add_argument("ids", nargs="*", metavar="ID|PAPER")
    lp.add_argument("--json", action="store_true", help="machine-readable listing")
    rp = sub.add_parser("run", help="run claims and print verdicts")
    common(rp)
    rp.add_argument("--json", metavar="PATH", help="write the JSON report here")
    rep = sub.add_parser("report", help="write the full report (JSON, HTML, Markdown)")
    common(rep, selectors=False)
    rep.add_argument("--out", default="reports")
    cp = sub.add_parser("check", help="judge the conjectures in a Python file")
    cp.add_argument("file")
    common(cp)
    cp.add_argument("--json", metavar="PATH")
    cp.add_argument("--html", metavar="DIR", help="also write a full report (HTML, MD, JSON) into DIR")
    return p


def _progress():
    if not sys.stderr.isatty():
        return None

    def show(res, i, n):
        sys.stderr.write(f"\r[{i}/{n}] {res.id:<50.50} {res.verdict.value:<12}")
        if i == n:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _table(results) -> str:
    lines = []
    w = max([len(r.id) for r in results] + [5])
    for r in results:
        mark = "" if r.as_expected else "   <-- expected " + r.expected
        lines.append(f"{r.id:<{w}}  {r.verdict.value:<12} {r.claim['provenance']:<10}{mark}")
        for c in r.checks:
            if c.verdict.value in ("refuted", "error", "inconclusive"):
                lines.append(f"{'':<{w}}    {c.name} [{c.kind}] {c.verdict.value}: {c.message}")
                if c.confirmation:
                    lines.append(f"{'':<{w}}      confirmation: {c.confirmation}")
    return "\n".join(lines)


def _summary(results) -> str:
    from collections import Counter

    n = Counter(r.verdict.value for r in results)
    ok = sum(r.as_expected for r in results)
    return (f"{len(results)} claims: " + ", ".join(f"{k} {v}" for k, v in sorted(n.items()))
            + f"; {ok}/{len(results)} as expected")


def _run(claims, args, user_file=None):
    from verify.core.runner import run_claims

    return run_claims(claims, profile=args.profile, seed=args.seed, jobs=max(1, args.jobs),
                      user_file=user_file, progress=_progress())


def _write_json(results, args, path):
    from verify.report.environment import environment
    from verify.report.json_report import build, dumps

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(dumps(build(results, environment(args.seed, args.profile))))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _main(args)
    except KeyboardInterrupt:
        sys.stderr.write("verify: interrupted\n")
        return 130


def _main(args) -> int:
    import verify  # noqa: F401  (float64 before anything else)
    from verify.core.loader import BadInputError, load_builtin, load_file
    from verify.core.registry import UnknownClaimError

    try:
        if args.cmd == "check":
            reg = load_file(args.file)
        else:
            reg = load_builtin()
        claims = reg.select(getattr(args, "ids", []) or [])
    except (BadInputError, UnknownClaimError) as e:
        sys.stderr.write(f"verify: error: {e}\n")
        return 2
    except Exception as e:  # noqa: BLE001 - e.g. a duplicate id inside the file
        where = f"{args.file}: " if args.cmd == "check" else ""
        sys.stderr.write(f"verify: error: {where}{type(e).__name__}: {e}\n")
        return 2

    if args.cmd == "list":
        if args.json:
            rows = [{"id": c.id, "title": c.title, "paper": c.paper_key,
                     "arxiv": c.source.arxiv if c.source else None, "provenance": c.provenance,
                     "expected": c.expected, "checks": [{"name": k.name, "kind": k.kind} for k in c.checks]}
                    for c in claims]
            print(json.dumps(rows, indent=2))
        else:
            w = max([len(c.id) for c in claims] + [5])
            for c in claims:
                kinds = ",".join(sorted({k.kind for k in c.checks}))
                print(f"{c.id:<{w}}  {c.provenance:<10} {c.expected:<5}  {kinds:<28} {c.title}")
        return 0

    if args.cmd == "report":
        from verify.report.environment import environment
        from verify.report.write import write_report

        results = _run(claims, args)
        write_report(results, environment(args.seed, args.profile), args.out)
        print(_table(results))
        print(_summary(results) + f"; report written to {args.out}/ (index.html, report.md, report.json)")
        return 0 if all(r.as_expected for r in results) else 1

    results = _run(claims, args, user_file=str(Path(args.file).resolve()) if args.cmd == "check" else None)
    print(_table(results))
    print(_summary(results))
    if getattr(args, "json", None):
        _write_json(results, args, args.json)
    if args.cmd == "check":
        if args.html:
            from verify.report.environment import environment
            from verify.report.write import write_report

            write_report(results, environment(args.seed, args.profile), args.html)
        return 0 if all(r.as_expected for r in results) else 1
    return 0 if all(r.as_expected for r in results) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
