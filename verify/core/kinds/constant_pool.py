"""Hypothesis draws that depend only on the seed: no constants from local source files.

Hypothesis (>= 6.131) draws, with probability about 5 %, a constant collected from the
source of every *local* module in ``sys.modules`` (its "local constants" pool; an editable
install of ``verify``, a claim file and a user's conjecture file are all local). So the
examples a seeded search draws depended on which modules happened to be imported and on
every literal in them: adding a tolerance ``1e-9`` anywhere in ``verify`` changed the
examples of unrelated checks, and the same check drew differently under ``pytest``, in a
``verify`` worker after other checks, and on a loaded machine (the collection has a
100 ms time limit). A verification run must be a function of its seed and the claim alone.

:func:`seed_only_draws` empties that pool while a check runs (Hypothesis' global constants,
such as 0, 1, -1, nan and the float extremes its strategies permit, are kept). It patches a
private Hypothesis function; if that name disappears the patch is skipped, and
``tests/core/test_constant_pool.py`` fails, so a Hypothesis upgrade cannot silently bring
the dependence back.
"""

from contextlib import contextmanager

__all__ = ["seed_only_draws", "PATCHABLE"]

try:  # private API: see the module docstring
    from hypothesis.internal.conjecture import providers as _providers
    from hypothesis.internal.constants_ast import Constants as _Constants

    PATCHABLE = hasattr(_providers, "_get_local_constants") and hasattr(_providers, "CONSTANTS_CACHE")
except ImportError:  # pragma: no cover - an older or a restructured Hypothesis
    _providers, _Constants, PATCHABLE = None, None, False


@contextmanager
def seed_only_draws():
    """Within the block, Hypothesis draws no constant taken from local source files."""
    if not PATCHABLE:
        yield
        return
    original = _providers._get_local_constants
    empty = _Constants()
    _providers._get_local_constants = lambda: empty
    _providers.CONSTANTS_CACHE.cache.clear()  # it caches pools filtered per strategy
    try:
        yield
    finally:
        _providers._get_local_constants = original
        _providers.CONSTANTS_CACHE.cache.clear()
