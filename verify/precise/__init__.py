"""High-precision (mpmath) and interval (mpmath.iv) helpers for cross-checking float64 results.

* :mod:`~verify.precise.finite_diff`: central finite differences of an mpmath-evaluable
  function (gradient, Hessian-vector product, Hessian) at a chosen number of digits.
* :mod:`~verify.precise.eigen`: a rigorous interval enclosure of the top eigenvalue of a small
  symmetric matrix from a float eigenpair (residual bound + interval Cholesky certificate), and
  the exact (sympy) real spectrum of a rational matrix.
* :mod:`~verify.precise.convert`: float / array <-> mpf / mp.matrix / iv conversions.
"""

from verify.precise.convert import to_float, to_iv, to_mpf, to_mp_matrix
from verify.precise.eigen import EigEnclosure, real_eigenvalues_exact, top_eigenvalue_enclosure
from verify.precise.finite_diff import mp_gradient, mp_hessian, mp_hvp

__all__ = ["to_mpf", "to_iv", "to_float", "to_mp_matrix", "mp_gradient", "mp_hvp", "mp_hessian",
           "top_eigenvalue_enclosure", "EigEnclosure", "real_eigenvalues_exact"]
