"""Command line (contract, DESIGN.md "CLI")::

    verify list [--json]
    verify run [ID|PAPER ...] [--profile quick|default|thorough] [--seed N] [-j N] [--json PATH]
    verify report [--out reports] [--profile ...] [--seed N] [-j N]
    verify check FILE.py [ID ...] [--profile ...] [--seed N] [-j N] [--budget S]
                 [--json PATH | --no-json] [--html DIR]

Exit codes: 0 every verdict as expected; 1 some verdict differs from expected (for ``check``:
some conjecture refuted, inconclusive or error); 2 bad usage or bad input file, with a
one-line reason. Progress goes to stderr on a terminal only.

``verify check`` imports FILE.py in isolation (:func:`verify.core.loader.load_file`: a
fresh registry, its own folder on ``sys.path``), runs every claim it declares (or the ``ID``
selectors), and prints a verdict table: per claim its verdict, expectation and, per check,
the evidence (examples tried, search used, worst relative margin); for a refuted check the
shrunk counterexample (one parameter a line), its margin and its confirmation. It writes the
JSON report to ``--json PATH`` (default: ``FILE.verify.json`` next to the file; ``--no-json``
to skip) and, with ``--html DIR``, the full report (HTML, Markdown, JSON) into DIR.
``--budget S`` is the wall-clock budget of every check that declares none (default: the
profile's). Nothing the file does prints a traceback: a bad file is one line and exit 2, a
bad check is verdict ``error`` with a one-line message. ``VERIFY_DEBUG=1`` re-raises
unexpected internal failures with their traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
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
    cp.add_argument("file", metavar="FILE.py")
    common(cp)
    cp.add_argument("--budget", type=_positive, metavar="S", help="time budget per check in seconds "
                    "(for checks that declare none; default: the profile's)")
    out = cp.add_mutually_exclusive_group()
    out.add_argument("--json", metavar="PATH", help="JSON report path (default: FILE.verify.json beside FILE)")
    out.add_argument("--no-json", action="store_true", help="do not write the JSON report")
    cp.add_argument("--html", metavar="DIR", help="also write a full report (HTML, MD, JSON) into DIR")
    return p


def _positive(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (v > 0 and math.isfinite(v)):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of seconds")
    return v


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
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or a usage error (2, already printed)
        return int(e.code or 0) if not isinstance(e.code, str) else 2
    try:
        return _main(args)
    except KeyboardInterrupt:
        sys.stderr.write("verify: interrupted\n")
        return 130
    except BrokenPipeError:  # e.g. `verify check f.py | head`: stop quietly
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - swallow the final flush
        except OSError:
            pass
        return 1
    except Exception as e:  # noqa: BLE001 - never a traceback wall
        if os.environ.get("VERIFY_DEBUG"):
            raise
        msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
        sys.stderr.write(f"verify: error: unexpected failure: {type(e).__name__}"
                         f"{': ' + msg if msg else ''} (VERIFY_DEBUG=1 shows the traceback)\n")
        return 2


def _main(args) -> int:
    import verify  # noqa: F401  (float64 before anything else)
    from verify.core.loader import BadInputError, load_builtin, load_file
    from verify.core.registry import UnknownClaimError

    if args.cmd == "check":
        return _check(args)
    try:
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

    results = _run(claims, args)
    print(_table(results))
    print(_summary(results))
    if getattr(args, "json", None):
        _write_json(results, args, args.json)
    return 0 if all(r.as_expected for r in results) else 1


# --- verify check -------------------------------------------------------------------------------
def _check(args) -> int:
    """``verify check FILE.py [ID ...]``: load in isolation, run, print, write; exit 0 / 1 / 2."""
    from verify.core.loader import BUDGET_ENV

    def bad(msg: str) -> int:
        sys.stderr.write(f"verify: error: {msg}\n")
        return 2

    if args.jobs < 1:
        return bad(f"-j must be >= 1, got {args.jobs}")
    path = Path(args.file)
    saved = os.environ.get(BUDGET_ENV)
    if args.budget is not None:
        os.environ[BUDGET_ENV] = repr(args.budget)  # reaches the worker processes with -j
    try:
        return _check_loaded(args, path, bad)
    finally:  # in-process callers (tests) must not inherit the budget
        if saved is None:
            os.environ.pop(BUDGET_ENV, None)
        else:
            os.environ[BUDGET_ENV] = saved


def _check_loaded(args, path: Path, bad) -> int:
    from verify.core.loader import BadInputError, load_file
    from verify.core.registry import UnknownClaimError

    try:
        reg = load_file(path, budget_s=args.budget)
    except BadInputError as e:
        return bad(str(e))
    try:
        claims = reg.select(args.ids or [])
    except UnknownClaimError:
        unknown = [i for i in args.ids if not any(c.id == i or c.paper_key == i or c.id.startswith(i + ".")
                                                  for c in reg)]
        return bad(f"{path}: declares no claim {', '.join(map(repr, unknown))} "
                   f"(it declares: {', '.join(c.id for c in reg)})")
    results = _run(claims, args, user_file=str(path.resolve()))
    print(_check_table(results))
    print(_summary(results))
    written = []
    if not args.no_json:
        target = Path(args.json) if args.json else path.with_name(path.stem + ".verify.json")
        try:
            _write_check_json(results, args, target, path)
            written.append(str(target))
        except OSError as e:
            sys.stderr.write(f"verify: warning: could not write {target}: {e.strerror or e}\n")
    if args.html:
        from verify.report.environment import environment
        from verify.report.write import write_report

        try:
            write_report(results, environment(args.seed, args.profile), args.html)
            written.append(f"{args.html}/ (index.html, report.md, report.json)")
        except OSError as e:
            sys.stderr.write(f"verify: warning: could not write {args.html}: {e.strerror or e}\n")
    if written:
        print("written: " + ", ".join(written))
    return 0 if all(r.as_expected for r in results) else 1


def _write_check_json(results, args, target: Path, source: Path) -> None:
    from verify.report.environment import environment
    from verify.report.json_report import build, dumps

    report = build(results, environment(args.seed, args.profile))
    report["checked_file"] = str(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dumps(report))


def _num(x) -> str:
    return "-" if x is None else f"{x:.3g}"


def _check_table(results) -> str:
    """The verdict table of ``verify check``: one block per claim, evidence per check."""
    w = max([len(r.id) for r in results] + [5])
    lines = [f"{'claim':<{w}}  {'verdict':<12} {'expected':<8}  checks",
             f"{'-' * w}  {'-' * 12} {'-' * 8}  {'-' * 6}"]
    for r in results:
        mark = "" if r.as_expected else "   <-- not as expected"
        kinds = ", ".join(f"{c.name} [{c.kind}]" for c in r.checks)
        lines.append(f"{r.id:<{w}}  {r.verdict.value:<12} {r.expected:<8}  {kinds}{mark}")
        pad = " " * (w + 4)
        for c in r.checks:
            lines.append(f"{pad}{c.name}: {c.verdict.value}: {_evidence(c)}")
            if c.verdict.value == "refuted" and c.counterexample is not None:
                lines.append(f"{pad}  counterexample{' (shrunk)' if c.search.startswith('hypothesis') else ''}:")
                for k, v in c.counterexample.items():
                    lines.append(f"{pad}    {k} = {v}")
                rel = c.relations[0] if c.relations and c.kind == "property" else None
                if rel is not None:
                    m, rm = c.details.get("counterexample_margin"), c.details.get("counterexample_relative_margin")
                    lines.append(f"{pad}  margin {_num(m)} (relative {_num(rm)}): {rel['lhs']!r} {rel['op']} "
                                 f"{rel['rhs']!r}, tol {_num(rel.get('tol'))}")
            if c.confirmation and c.verdict.value in ("refuted", "inconclusive"):
                lines.append(f"{pad}  confirmation: {c.confirmation}")
    return "\n".join(lines)


def _evidence(c) -> str:
    """One line of evidence for a check result."""
    v = c.verdict.value
    if v in ("error", "inconclusive") or (v == "refuted" and c.kind != "property"):
        return c.message
    if c.kind == "property":
        found = (c.details.get("search") or {}).get("worst_found_by")
        base = f"{c.examples} examples ({c.search})"
        if v == "refuted":
            found = (c.details.get("search") or {}).get("counterexample_found_by", found)
            return base + (f"; counterexample found by {found}" if found else "")
        return base + f"; worst relative margin {_num(c.worst_relative_margin)}" + (f" (found by {found})" if found else "")
    return c.message


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
