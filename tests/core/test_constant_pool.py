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


def test_draws_ignore_local_constants(tmp_path, monkeypatch):
    from hypothesis.internal.conjecture import providers

    assert PATCHABLE, "Hypothesis' private _get_local_constants moved: update verify.core.kinds.constant_pool"
    with seed_only_draws():
        before = _draws()
    _import_magic(tmp_path)
    # Hypothesis rescans sys.modules only when its length changed: a module removed earlier in this process
    # would hide the new one, so the rescan is forced
    monkeypatch.setattr(providers, "_sys_modules_len", -1)
    try:
        with seed_only_draws():
            after = _draws()
            assert MAGIC not in providers._get_local_constants()
        # negative control: Hypothesis left alone has the literal in the pool it draws from (with
        # probability ~5 % per draw, spread over every float literal of every local module, so whether
        # 300 draws hit it depends on how many literals the project has: the pool is the deterministic test)
        pool = providers._get_local_constants()
    finally:
        del sys.modules["magic_module"]
    assert after == before
    assert MAGIC not in after
    assert MAGIC in pool
