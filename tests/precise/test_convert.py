"""Exact float64 <-> mpmath conversions."""

import mpmath
import numpy as np

from verify.precise import to_float, to_iv, to_mp_matrix, to_mpf


def test_convert_roundtrip():
    x = np.array([0.1, -2.5e-300, 3.0])
    assert all(to_mpf(x)[i] == mpmath.mpf(float(x[i])) for i in range(3))
    np.testing.assert_array_equal(to_float(to_mpf(x)), x)
    np.testing.assert_array_equal(to_float(to_iv(x)), x)
    A = np.random.default_rng(0).standard_normal((3, 3))
    np.testing.assert_array_equal(to_float(to_mp_matrix(A)), A)


def test_iv_is_degenerate_and_exact():
    x = to_iv(0.1)
    assert x.a == x.b and mpmath.mpf(x.a) == mpmath.mpf(0.1)
