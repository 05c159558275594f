"""Compare two reports' verdicts: is a committed report what the code at HEAD produces?

:func:`verdict_differences` lists, one line each, every difference in claim ids (and their
order), expectations, claim verdicts and check verdicts between two ``report.json``
dicts. Numbers are not compared: float results may differ in the last bits between
machines, verdicts may not. ``python -m verify.report.compare COMMITTED FRESH`` prints the
differences and exits 1 if there are any (CI runs it on ``reports/report.json`` and a
fresh ``verify report``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["verdict_differences", "main"]


def _verdicts(report: dict) -> dict[str, tuple]:
    return {c["id"]: (c["expected"], c["verdict"], tuple((k["name"], k["verdict"]) for k in c["checks"]))
            for c in report["claims"]}


def verdict_differences(committed: dict, fresh: dict) -> list[str]:
    """One line per difference in ids, expectations, claim and check verdicts (empty: same)."""
    out = []
    for key in ("profile", "seed"):
        a, b = committed["environment"].get(key), fresh["environment"].get(key)
        if a != b:
            out.append(f"{key}: committed {a!r}, fresh {b!r}")
    a, b = _verdicts(committed), _verdicts(fresh)
    out += [f"{i}: only in the committed report" for i in a if i not in b]
    out += [f"{i}: not in the committed report" for i in b if i not in a]
    if not out and list(a) != list(b):
        out.append("claims in a different order")
    for i in (i for i in a if i in b and a[i] != b[i]):
        (ea, va, ka), (eb, vb, kb) = a[i], b[i]
        if ea != eb:
            out.append(f"{i}: expected {ea} committed, {eb} now")
        if va != vb:
            out.append(f"{i}: verdict {va} committed, {vb} now")
        if ka != kb:
            out.append(f"{i}: checks {dict(ka)} committed, {dict(kb)} now")
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        sys.stderr.write("usage: python -m verify.report.compare COMMITTED.json FRESH.json\n")
        return 2
    committed, fresh = (json.loads(Path(p).read_text()) for p in argv)
    diffs = verdict_differences(committed, fresh)
    for line in diffs:
        print(line)
    print(f"{len(diffs)} verdict difference(s) between {argv[0]} and {argv[1]}")
    return 1 if diffs else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
