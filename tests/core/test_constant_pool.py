"""Hypothesis draws depend on the seed only, not on the literals of imported local modules."""

import importlib.util
import sys

import hypothesis
import hypothesis.strategies as st
from hypothesis import given, settings

from verify.core.kinds.constant_pool import PATCHABLE, seed_only_draws

MAGIC = 0.6180339887498949  # a literal no Hypothesis strategy would produce by chance


def _draws():
    out = []

    @hypothesis.seed(7)
    @settings(max_examples=300, database=None, deadline=None, derandomize=False)
    @given(st.floats(0.0, 1.0))
    def test(x):
        out.append(x)

    test()
    return out


def _import_magic(tmp_path):
    path = tmp_path / "magic_module.py"  # outside site-packages and tests/: a "local" module
    path.write_text(f"VALUE = {MAGIC!r}\n")
    spec = importlib.util.spec_from_file_location("magic_module", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["magic_module"] = module
    spec.loader.exec_module(module)


def test_draws_ignore_local_constants(tmp_path):
    assert PATCHABLE, "Hypothesis' private _get_local_constants moved: update verify.core.kinds.constant_pool"
    with seed_only_draws():
        before = _draws()
    _import_magic(tmp_path)
    try:
        with seed_only_draws():
            after = _draws()
        unpatched = _draws()  # negative control: Hypothesis left alone picks the literal up
    finally:
        del sys.modules["magic_module"]
    assert after == before
    assert MAGIC not in after
    assert MAGIC in unpatched
