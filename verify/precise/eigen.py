"""A rigorous enclosure of the largest eigenvalue of a small symmetric matrix.

Given the (exactly represented) symmetric float matrix A and a float approximate top
eigenpair (lambda, v), we compute in interval arithmetic (mpmath.iv):

* lower bound: the Rayleigh quotient rho = v^T A v / v^T v satisfies rho <= lambda_max(A)
  (Courant-Fischer), so lambda_max >= lower end of the interval rho;
* upper bound: s = sup(rho) + margin; if the interval Cholesky factorisation of s I - A
  succeeds with every pivot interval strictly positive, s I - A is positive definite
  (each exact pivot lies in its interval), so lambda_max < s.  The margin starts at
  max(2 ||A v - rho v|| / ||v||, 2^-52 n max|A_ij|, 1e-300) (by Weyl/Bauer-Fike some eigenvalue
  lies within ||r||/||v|| of rho) and doubles until the certificate succeeds.

The returned interval [lo, hi] contains lambda_max(A) for the matrix A as given; it is
certified, not estimated.  Intended for p up to a few dozen (O(p^3) interval operations).
"""

from typing import Any, NamedTuple

import mpmath
import numpy as np


class EigEnclosure(NamedTuple):
    """lo <= lambda_max <= hi (floats rounded outward), interval: the iv.mpf, tries: doublings."""

    lo: float
    hi: float
    interval: Any
    tries: int


def _iv_cholesky_positive(M):
    """True iff interval Cholesky of the interval matrix M (list of lists) has all pivots > 0."""
    iv = mpmath.iv
    n = len(M)
    L = [[iv.mpf(0)] * n for _ in range(n)]
    for j in range(n):
        d = M[j][j] - sum((L[j][k] ** 2 for k in range(j)), iv.mpf(0))
        if not d.a > 0:
            return False
        L[j][j] = iv.sqrt(d)
        for i in range(j + 1, n):
            L[i][j] = (M[i][j] - sum((L[i][k] * L[j][k] for k in range(j)), iv.mpf(0))) / L[j][j]
    return True


def top_eigenvalue_enclosure(A, lam=None, v=None, *, dps=30, max_tries=60):
    """Certified interval for lambda_max of the symmetric float matrix ``A``.

    ``lam, v`` default to numpy's eigh top pair.  Raises ValueError if A is not symmetric,
    RuntimeError if no certificate is found within ``max_tries`` margin doublings.
    """
    A = np.asarray(A, dtype=np.float64)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.array_equal(A, A.T):
        raise ValueError("A must be an exactly symmetric square matrix")
    if v is None:
        w, V = np.linalg.eigh(A)
        lam, v = w[-1], V[:, -1]
    v = np.asarray(v, dtype=np.float64)
    n = A.shape[0]
    iv = mpmath.iv
    prec = int(dps * 3.33) + 10
    saved = iv.prec
    iv.prec = prec
    try:
        Ai = [[iv.mpf(float(A[i, j])) for j in range(n)] for i in range(n)]
        vi = [iv.mpf(float(x)) for x in v]
        Av = [sum((Ai[i][j] * vi[j] for j in range(n)), iv.mpf(0)) for i in range(n)]
        vv = sum((x * x for x in vi), iv.mpf(0))
        rho = sum((vi[i] * Av[i] for i in range(n)), iv.mpf(0)) / vv
        r2 = sum(((Av[i] - rho * vi[i]) ** 2 for i in range(n)), iv.mpf(0))
        rnorm = float(iv.sqrt(r2 / vv).b)
        margin = max(2 * rnorm, 2.0**-52 * n * float(np.max(np.abs(A))), 1e-300)
        for k in range(max_tries):
            s = rho.b + margin
            M = [[(s if i == j else 0) - Ai[i][j] for j in range(n)] for i in range(n)]
            if _iv_cholesky_positive(M):
                with mpmath.workprec(prec):
                    lo_m, hi_m = mpmath.mpf(rho.a), mpmath.mpf(s.b)
                    lo, hi = float(lo_m), float(hi_m)
                    if mpmath.mpf(lo) > lo_m:
                        lo = float(np.nextafter(lo, -np.inf))
                    if mpmath.mpf(hi) < hi_m:
                        hi = float(np.nextafter(hi, np.inf))
                return EigEnclosure(lo, hi, iv.mpf([rho.a, s.b]), k)
            margin *= 2
    finally:
        iv.prec = saved
    raise RuntimeError("no positive-definiteness certificate for s I - A")


def real_eigenvalues_exact(M):
    """The eigenvalues of a sympy matrix with rational entries and real spectrum, exact and sorted.

    Roots of the characteristic polynomial as sympy ``Rational`` or ``CRootOf`` (an isolated
    real root: exactly comparable, ``.interval`` gives rational bounds that refine on demand).
    Radical formulas (``eigenvals()``) are avoided: for cubics with three real roots they carry
    complex intermediate terms that sympy cannot order. Raises ValueError if a root is not real.
    """
    import sympy as sp

    poly = sp.Matrix(M).charpoly()
    roots = poly.real_roots()
    if len(roots) != poly.degree():
        raise ValueError(f"{poly.degree() - len(roots)} eigenvalues are not real")
    return roots
