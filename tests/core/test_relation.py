import math

import mpmath
import numpy as np
import pytest

from verify.core.relation import NonFiniteError, Relation, as_relations


def test_margins_and_tolerance():
    r = Relation(1.0, "<=", 2.0)
    assert r.margin == 1.0 and r.holds
    r = Relation(2.0 + 1e-12, "<=", 2.0, atol=1e-11)
    assert r.holds and math.isclose(r.margin, 1e-11 - 1e-12, rel_tol=1e-4)  # 2 + 1e-12 is not exact in binary
    assert not Relation(2.1, "<=", 2.0, atol=1e-11).holds
    assert Relation(3.0, ">=", 2.0).holds and not Relation(1.0, ">=", 2.0).holds
    assert Relation(1.0, "==", 1.0 + 1e-15, rtol=1e-14).holds
    assert not Relation(1.0, "==", 1.1, rtol=1e-14).holds
    assert not Relation(1.0, "<", 1.0).holds and Relation(1.0, "<=", 1.0).holds


def test_relative_tolerance_uses_the_larger_side():
    r = Relation(100.0, "==", 100.0 + 1e-10, rtol=1e-11)
    assert r.tol == pytest.approx(1e-9)
    assert r.holds


def test_nan_and_inf_never_pass():
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(NonFiniteError):
            Relation(bad, "<=", 1.0).holds
        with pytest.raises(NonFiniteError):
            Relation(0.0, ">=", bad).margin


def test_accepts_numpy_jax_and_mpmath_scalars():
    import jax.numpy as jnp

    assert Relation(np.float64(1.0), "<=", jnp.asarray(2.0)).holds
    with mpmath.workdps(50):
        r = Relation(mpmath.mpf(1) / 3, "<", mpmath.mpf("0.33333333333333333333333333334"))
        assert r.holds


def test_rejects_arrays_and_bad_ops():
    with pytest.raises(TypeError):
        Relation(np.ones(3), "<=", 1.0)
    with pytest.raises(ValueError):
        Relation(1.0, "=<", 2.0)
    with pytest.raises(ValueError):
        Relation(1.0, "<=", 2.0, atol=-1)


def test_as_relations():
    r = Relation(1.0, "<=", 2.0)
    assert as_relations(r) == [r]
    assert as_relations([r, r]) == [r, r]
    with pytest.raises(TypeError):
        as_relations(True)
    with pytest.raises(TypeError):
        as_relations([])
