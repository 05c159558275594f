"""The committed ``reports/`` is what README's ``verify report`` gives at HEAD.

Static checks (no claim is run here; ``.ci/run`` re-runs ``verify report`` and compares the
verdicts with :mod:`verify.report.compare`): the schema, the profile and seed of README's
command, the claim ids, order and expectations of the registry, every claim as expected,
and, in a clean full git checkout, the code commit of HEAD. A code change without a
regenerated report fails here.
"""

import json
import subprocess
from pathlib import Path

from verify.core.loader import load_builtin
from verify.report.environment import code_commit
from verify.report.json_report import SCHEMA

ROOT = Path(__file__).resolve().parents[1]
REPORT = json.loads((ROOT / "reports" / "report.json").read_text())


def test_schema_profile_seed_of_readme_command():
    assert REPORT["schema"] == SCHEMA
    assert (REPORT["environment"]["profile"], REPORT["environment"]["seed"]) == ("default", 0)
    assert (ROOT / "reports" / "index.html").is_file() and (ROOT / "reports" / "report.md").is_file()


def test_claims_and_expectations_match_the_registry():
    assert [(c["id"], c["expected"]) for c in REPORT["claims"]] == [(c.id, c.expected) for c in load_builtin()]
    assert REPORT["summary"]["not_as_expected"] == []


def _git(*args):
    p = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def test_report_was_made_from_the_code_at_head():
    dirty = _git("status", "--porcelain", "--", "verify", "derivations", "pyproject.toml")
    if dirty is None or dirty or _git("rev-parse", "--is-shallow-repository") != "false":
        return  # not a clean full checkout: the commit cannot be compared (ids and verdicts still are)
    assert REPORT["environment"]["code_dirty"] is False
    assert REPORT["environment"]["code_commit"] == code_commit(), "regenerate: verify report"
