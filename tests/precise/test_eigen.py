"""Rigorous top-eigenvalue enclosure: contains the 50-digit eigenvalue, is tight, is robust."""

import mpmath
import numpy as np
import pytest

from verify.precise import to_mp_matrix, top_eigenvalue_enclosure


def _sym(n, seed):
    A = np.random.default_rng(seed).standard_normal((n, n))
    return (A + A.T) / 2


def _lmax_mp(A):
    with mpmath.workdps(50):
        return max(mpmath.eigsy(to_mp_matrix(A), eigvals_only=True))


@pytest.mark.parametrize("n,seed", [(2, 0), (5, 1), (8, 2)])
def test_contains_true_value(n, seed):
    A = _sym(n, seed)
    enc = top_eigenvalue_enclosure(A)
    lam = _lmax_mp(A)
    assert mpmath.mpf(enc.lo) <= lam <= mpmath.mpf(enc.hi)
    assert enc.hi - enc.lo < 1e-12 * max(1.0, abs(enc.lo))  # tight: margin ~ n 2^-52 max|A| + residual


def test_poor_eigenpair_still_rigorous():
    A = _sym(6, 3)
    w, V = np.linalg.eigh(A)
    # second eigenvector: the Rayleigh quotient is a valid lower bound, the doubling finds hi
    enc = top_eigenvalue_enclosure(A, w[-2], V[:, -2])
    lam = _lmax_mp(A)
    assert mpmath.mpf(enc.lo) <= lam <= mpmath.mpf(enc.hi)
    assert enc.tries > 0
    # a perturbed vector
    v = V[:, -1] + 1e-4 * np.random.default_rng(0).standard_normal(6)
    enc = top_eigenvalue_enclosure(A, w[-1], v)
    assert mpmath.mpf(enc.lo) <= lam <= mpmath.mpf(enc.hi)


def test_negative_control_wrong_matrix():
    # the enclosure of A does not contain lambda_max of a matrix shifted by 1e-6
    A = _sym(4, 5)
    enc = top_eigenvalue_enclosure(A)
    assert not (enc.lo <= float(_lmax_mp(A + 1e-6 * np.eye(4))) <= enc.hi)


def test_rejects_asymmetric():
    with pytest.raises(ValueError):
        top_eigenvalue_enclosure(np.array([[1.0, 2.0], [0.0, 1.0]]))


def test_real_eigenvalues_exact_rational_and_irreducible_cubic():
    import sympy as sp

    from verify.precise import real_eigenvalues_exact
    assert real_eigenvalues_exact(sp.Matrix([[1, 2], [2, 1]])) == [-1, 3]
    # three real irrational roots (casus irreducibilis): eigenvals() gives radicals sympy cannot order
    M = sp.Matrix([[2, 1, 0], [1, 3, 1], [0, 1, 4]])
    ev = real_eigenvalues_exact(M)
    assert [float(e) for e in ev] == pytest.approx(np.linalg.eigvalsh(np.array(M, dtype=float)), rel=1e-14)
    assert ev[0] < ev[1] < ev[2]  # exactly comparable
    with pytest.raises(ValueError, match="not real"):
        real_eigenvalues_exact(sp.Matrix([[0, -1], [1, 0]]))
