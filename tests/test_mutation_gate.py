"""Every mutant of the mutation gate (``benchmarks/mutants.py``) still applies: its snippet occurs
exactly once in its file. A refactor that silently removes a mutant's target would otherwise
shrink the gate without anyone noticing (the bench would report the mutant as not applicable)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from mutants import MUTANTS  # noqa: E402


@pytest.mark.parametrize("m", MUTANTS, ids=[m.id for m in MUTANTS])
def test_mutant_applies_exactly_once(m):
    text = (ROOT / m.path).read_text()
    assert text.count(m.old) == 1, f"{m.id}: its snippet occurs {text.count(m.old)} times in {m.path}"
    assert m.new != m.old
