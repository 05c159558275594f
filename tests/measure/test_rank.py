"""Rank measures (verify.measure.rank)."""

import numpy as np
import pytest

from verify.measure import rank


def test_rank_one_matrix():
    Z = np.outer([1.0, 2.0, 3.0], np.ones(10))
    s = rank.singular_values(Z)
    assert s[0] == pytest.approx(np.sqrt(14 * 10), rel=1e-14) and s[1] <= 1e-14 * s[0]
    assert rank.sv_ratio(Z) <= 1e-14
    assert rank.rank_one_distance(Z) <= 1e-13
    assert rank.effective_rank(Z) == pytest.approx(1.0, abs=1e-12)
    assert rank.stable_rank(Z) == pytest.approx(1.0, rel=1e-12)


def test_identity_is_far_from_rank_one():
    """Negative control: I_3 has s = (1, 1, 1)."""
    Z = np.eye(3)
    assert rank.sv_ratio(Z) == pytest.approx(1.0)
    assert rank.rank_one_distance(Z) == pytest.approx(np.sqrt(2.0))
    assert rank.rank_one_distance(Z, relative=True) == pytest.approx(np.sqrt(2.0 / 3.0))
    assert rank.effective_rank(Z) == pytest.approx(3.0)
    assert rank.stable_rank(Z) == pytest.approx(3.0)


def test_eckart_young_distance_is_attained():
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((3, 10))
    u, s, vt = np.linalg.svd(Z, full_matrices=False)
    best = s[0] * np.outer(u[:, 0], vt[0])
    assert rank.rank_one_distance(Z) == pytest.approx(np.linalg.norm(Z - best), rel=1e-12)
    for _ in range(20):  # no nearby rank-one matrix is closer
        a = np.outer(s[0] * u[:, 0] + 0.1 * rng.standard_normal(3), vt[0] + 0.1 * rng.standard_normal(10))
        assert np.linalg.norm(Z - a) >= rank.rank_one_distance(Z) - 1e-12


def test_zero_matrix_and_bad_input():
    assert rank.sv_ratio(np.zeros((2, 3))) == 0.0
    assert rank.effective_rank(np.zeros((2, 3))) == 0.0
    with pytest.raises(ValueError):
        rank.singular_values(np.ones(3))
