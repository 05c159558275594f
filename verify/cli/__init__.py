"""Command line::

    verify list [ID|PAPER ...] [--json]
    verify run [ID|PAPER ...] [--profile P] [--seed N | --seeds A..B] [-j N] [--scheduler ADDR]
               [--json PATH]
    verify report [--out DIR] [--profile P] [--seed N] [-j N] [--scheduler ADDR]
    verify check FILE.py [ID ...] [--profile P] [--seed N | --seeds A..B] [-j N] [--scheduler ADDR]
                 [--budget S] [--json PATH | --no-json] [--html DIR]

``--scheduler ADDR`` sends the checks to a ``dask.distributed`` scheduler (the same verdicts and
numbers as a local run; :mod:`verify.core.distributed`). ``--seeds A..B`` runs every selected
claim for each seed A..B and prints, per claim, how many seeds refute it.

Exit codes: 0 every verdict as expected; 1 some verdict differs from its expectation (for
``check``: some conjecture refuted, inconclusive or error); 2 bad usage, a bad input file or
an output that cannot be written, with a one-line reason on stderr.

Every check runs isolated in a supervised worker process (:mod:`verify.core.isolation`):
``sys.exit``, ``os._exit``, a crash, a hang or megabytes of output inside a check give that
check verdict ``error`` (or captured output in its evidence) and never take down the other
claims, the table or the requested files. Output paths are validated before any check
runs. Progress goes to stderr (a live bar on a terminal, a plain line every 10 s
elsewhere); the verdict table and summary go to stdout. ``VERIFY_DEBUG=1`` re-raises
unexpected internal failures with their traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path

from verify.core.evidence import one_line

__all__ = ["main"]

_EPILOG = """\
profiles (how much evidence; the same --seed gives the same verdicts):
  quick     x0.25 property examples (>= 10), small experiments, 120 s per check (pytest's)
  default   x1 examples, full experiments, 600 s per check (the committed report)
  thorough  x10 examples, 3600 s per check

exit codes:
  0  every verdict as expected
  1  some verdict differs from its expectation
  2  bad usage, bad input file, or an output path that cannot be written
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        sys.stderr.write(f"verify: error: {message}\n")
        sys.exit(2)


class _Help(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    pass


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from verify.report.environment import code_commit

    try:
        v = version("verify")
    except PackageNotFoundError:
        v = "unknown"
    return f"verify {v} (commit {code_commit() or 'unknown'})"


def _jobs(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {v}")
    return v


def _positive(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not (v > 0 and math.isfinite(v)):
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive number of seconds")
    return v


def _seeds(text: str) -> list[int]:
    a, sep, b = text.partition("..")
    try:
        lo, hi = int(a), int(b if sep else a)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a seed range A..B (e.g. 0..9)") from None
    if hi < lo:
        raise argparse.ArgumentTypeError(f"empty seed range {text!r}")
    return list(range(lo, hi + 1))


def default_jobs() -> int:
    """``verify report``'s default: the CPUs this process may use, at most 4."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    return max(1, min(4, n))


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="verify", formatter_class=_Help, epilog=_EPILOG,
                description="Theorem-checking numerical verification of claims about SGD's implicit bias.")
    p.add_argument("--version", action="version", version=_version())
    sub = p.add_subparsers(dest="cmd", parser_class=_Parser, metavar="COMMAND")

    def command(name, help_, profile="quick", jobs=1, selectors=True, file=False, seeds=True):
        sp = sub.add_parser(name, help=help_, description=help_, formatter_class=_Help, epilog=_EPILOG)
        if file:
            sp.add_argument("file", metavar="FILE.py", help="the Python file that declares the claims")
        if selectors:
            sp.add_argument("ids", nargs="*", metavar="ID|PAPER", help="claim ids or paper keys (default: all)")
        sp.add_argument("--profile", default=profile, choices=["quick", "default", "thorough"],
                        help="how much evidence to gather")
        sd = sp.add_mutually_exclusive_group()
        sd.add_argument("--seed", type=int, default=0, help="run seed (same seed, same verdicts)")
        if seeds:
            sd.add_argument("--seeds", type=_seeds, metavar="A..B",
                            help="run every claim for each seed A..B; print how many seeds refute each")
        sp.add_argument("-j", "--jobs", type=_jobs, default=jobs,
                        help="worker processes (papers, i.e. claim-id prefixes, run in parallel)")
        sp.add_argument("--scheduler", metavar="ADDR",
                        help="run the checks on this dask.distributed scheduler (tcp://host:8786)")
        sp.add_argument("--durations", type=int, default=0, metavar="N",
                        help="after the table, list the N slowest checks (seconds each)")
        return sp

    lp = sub.add_parser("list", help="list claims", description="list claims", formatter_class=_Help)
    lp.add_argument("ids", nargs="*", metavar="ID|PAPER", help="claim ids or paper keys (default: all)")
    lp.add_argument("--json", action="store_true", help="machine-readable listing")
    rp = command("run", "run built-in claims and print their verdicts")
    rp.add_argument("--json", metavar="PATH", help="also write the JSON report here")
    rep = command("report", "write the full report (JSON, HTML, Markdown, figures)", profile="default",
                  jobs=default_jobs(), selectors=False, seeds=False)
    rep.add_argument("--out", default="reports", metavar="DIR", help="report folder")
    cp = command("check", "judge the conjectures in a Python file", profile="default", file=True)
    cp.add_argument("--budget", type=_positive, metavar="S",
                    help="time budget per check in seconds, for checks that declare none (default: the profile's)")
    out = cp.add_mutually_exclusive_group()
    out.add_argument("--json", metavar="PATH", help="JSON report path (default: FILE.verify.json beside FILE)")
    out.add_argument("--no-json", action="store_true", help="do not write the JSON report")
    cp.add_argument("--html", metavar="DIR", help="also write a full report (HTML, Markdown, JSON) into DIR")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help / --version (0) or a usage error (2, already printed)
        return int(e.code or 0) if not isinstance(e.code, str) else 2
    if args.cmd is None:  # bare `verify`
        parser.print_help(sys.stderr)
        return 2
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
        sys.stderr.write(f"verify: error: unexpected failure: {one_line(e)} "
                         f"(VERIFY_DEBUG=1 shows the traceback)\n")
        return 2


class OutputError(Exception):
    """An output path that cannot be written (exit 2, before anything runs)."""


def _probe_dir(folder: Path, what: str) -> None:
    """Create ``folder`` if needed and prove a file can be written in it."""
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write {what}: {blocker} is a file, not a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as e:
        raise OutputError(f"cannot write {what}: {e.strerror or one_line(e)}") from None


def _writable_file(path: Path, what: str) -> Path:
    if path.is_dir():
        raise OutputError(f"cannot write {what}: {path} is a directory")
    _probe_dir(path.parent, what)
    return path


def _bad(msg: str) -> int:
    sys.stderr.write(f"verify: error: {msg}\n")
    return 2


def _run(claims, args, user_file=None):
    """Results of the run: a list, or with ``--seeds`` a dict seed -> list."""
    from verify.cli.progress import make_progress
    from verify.core.runner import run_seeds

    seeds = getattr(args, "seeds", None) or [args.seed]
    got = run_seeds(claims, seeds, profile=args.profile, jobs=args.jobs, user_file=user_file, isolate=True,
                    progress=make_progress(args.jobs), scheduler=args.scheduler)
    return got if getattr(args, "seeds", None) else got[args.seed]


def _finish_seeds(by_seed, args, target: Path | None) -> int:
    """``--seeds``: the per-claim table over seeds; exit 0 only if every run is as expected."""
    from verify.cli.tables import seeds_json, seeds_table
    from verify.report.environment import environment

    print(seeds_table(by_seed))
    runs = [r for rs in by_seed.values() for r in rs]
    print(f"{len(runs)} claim runs over {len(by_seed)} seeds; {sum(r.as_expected for r in runs)}/{len(runs)} as expected")
    code = 0 if all(r.as_expected for r in runs) else 1
    if target is not None:
        env = environment(min(by_seed), args.profile) | {"seeds": sorted(by_seed)}
        try:
            target.write_text(json.dumps(seeds_json(by_seed, env), indent=2))
            print(f"written: {target}")
        except OSError as e:
            sys.stderr.write(f"verify: error: could not write {target}: {e.strerror or one_line(e)}\n")
            code = 2
    return code


def _finish(results, writers, every_check: bool = False, durations: int = 0) -> int:
    """Print table and summary, then write every requested file; exit code (0 / 1 / 2)."""
    from verify.cli.tables import slowest, summary, verdict_table

    print(verdict_table(results, every_check=every_check))
    print(summary(results))
    if durations:
        print(slowest(results, durations))
    sys.stdout.flush()
    code = 0 if all(r.as_expected for r in results) else 1
    written = []
    for what, write in writers:
        try:
            write()
            written.append(what)
        except OSError as e:
            sys.stderr.write(f"verify: error: could not write {what}: {e.strerror or one_line(e)}\n")
            code = 2
    if written:
        print("written: " + ", ".join(written))
    return code


def _main(args) -> int:
    import verify  # noqa: F401  (float64 before anything else)
    from verify.core.loader import BadInputError, load_builtin
    from verify.core.registry import UnknownClaimError
    from verify.report.environment import environment

    if args.cmd == "check":
        return _check(args)
    try:
        claims = load_builtin().select(getattr(args, "ids", []) or [])
    except (BadInputError, UnknownClaimError) as e:
        return _bad(str(e))

    if args.cmd == "list":
        return _list(claims, args.json)
    try:
        if args.cmd == "report":
            _probe_dir(Path(args.out), f"--out {args.out}")
        elif args.json:
            _writable_file(Path(args.json), f"--json {args.json}")
    except OutputError as e:
        return _bad(str(e))

    try:
        results = _run(claims, args)
    except OSError as e:  # an unreachable --scheduler
        return _bad(one_line(e))
    if getattr(args, "seeds", None):
        return _finish_seeds(results, args, Path(args.json) if args.json else None)
    env = environment(args.seed, args.profile)
    if args.cmd == "report":
        from verify.report.write import write_report

        return _finish(results, [(f"{args.out}/ (index.html, report.md, report.json, timings.json)",
                                  lambda: write_report(results, env, args.out))], durations=args.durations)
    return _finish(results, [(args.json, lambda: _write_json(results, env, Path(args.json)))] if args.json else [],
                   durations=args.durations)


def _list(claims, as_json: bool) -> int:
    if as_json:
        rows = [{"id": c.id, "title": c.title, "paper": c.paper_key,
                 "arxiv": c.source.arxiv if c.source else None, "provenance": c.provenance,
                 "expected": c.expected, "checks": [{"name": k.name, "kind": k.kind} for k in c.checks]}
                for c in claims]
        print(json.dumps(rows, indent=2))
        return 0
    w = max([len(c.id) for c in claims] + [5])
    print(f"{'claim':<{w}}  {'provenance':<10} {'expected':<8}  {'checks':<28} title")
    for c in claims:
        kinds = ",".join(sorted({k.kind for k in c.checks}))
        print(f"{c.id:<{w}}  {c.provenance:<10} {c.expected:<8}  {kinds:<28} {c.title}")
    return 0


def _write_json(results, env: dict, target: Path, source: Path | None = None) -> None:
    from verify.report.environment import machine
    from verify.report.json_report import build, dumps, timings

    report = build(results, env) | {"timings": timings(results, machine())}
    if source is not None:
        report["checked_file"] = str(source)
    target.write_text(dumps(report))


# --- verify check -------------------------------------------------------------------------------
def _check(args) -> int:
    """``verify check FILE.py [ID ...]``: load in isolation, run, print, write; exit 0 / 1 / 2."""
    from verify.core.loader import BadInputError, load_file
    from verify.report.environment import environment

    path = Path(args.file)
    try:
        reg = load_file(path, budget_s=args.budget)
    except BadInputError as e:
        return _bad(str(e))
    unknown = [i for i in args.ids if not any(c.id == i or c.paper_key == i or c.id.startswith(i + ".") for c in reg)]
    if unknown:
        return _bad(f"{path}: declares no claim {', '.join(map(repr, unknown))} "
                    f"(it declares: {', '.join(c.id for c in reg)})")
    claims = reg.select(args.ids or [])
    target = None if args.no_json else Path(args.json) if args.json else path.with_name(path.stem + ".verify.json")
    try:
        if target is not None:
            _writable_file(target, f"the JSON report {target}")
        if args.html:
            _probe_dir(Path(args.html), f"--html {args.html}")
    except OutputError as e:
        return _bad(str(e))

    try:
        results = _run(claims, args, user_file=str(path.resolve()))
    except OSError as e:  # an unreachable --scheduler
        return _bad(one_line(e))
    if args.seeds:
        return _finish_seeds(results, args, target)
    env = environment(args.seed, args.profile)
    writers = []
    if target is not None:
        writers.append((str(target), lambda: _write_json(results, env, target, path)))
    if args.html:
        from verify.report.write import write_report

        writers.append((f"{args.html}/ (index.html, report.md, report.json, timings.json)",
                        lambda: write_report(results, env, args.html, checked_file=str(path))))
    return _finish(results, writers, every_check=True, durations=args.durations)

