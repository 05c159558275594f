"""Quasi-homogeneity checker, symbolic (sympy) and numerical (JAX) (kymg23, arXiv:2210.03820).

Convention: ``Lambda = diag(rates)``, the flow ``psi_alpha(theta) = exp(alpha Lambda) theta``;
``f`` is Lambda-quasi-homogeneous iff ``f(x; psi_alpha theta) = exp(alpha) f(x; theta)`` for all
``alpha, theta, x``.

* :func:`symbolic_defect`: the sympy expression ``f(psi_alpha theta) - e^alpha f(theta)``,
  simplified (0 iff quasi-homogeneous, for all symbols);
* :func:`numerical_defect`: ``max_{k,i} |f(x_i; psi_alpha_k theta) - e^alpha_k f(x_i; theta)|``
  relative to ``e^alpha_k f(|x_i|; |theta|)`` over a list of ``alpha`` values (for models built from
  sums, products and ReLU, ``f(|x|; |theta|)`` bounds the size of every term, hence the rounding);
* :func:`euler_defect`: the generalised Euler identity (E1) ``<grad f, Lambda theta> - f`` by
  autodiff, per sample;
* :func:`hessian_covariance_defect`: the Hessian covariance law (E3)
  ``hess f(psi_alpha theta) = e^{k alpha} e^{-alpha Lambda} hess f(theta) e^{-alpha Lambda}`` (true
  with ``k = 1``; differentiate ``f(psi_alpha theta) = e^alpha f(theta)`` twice in theta), by dense
  autodiff Hessians at theta and at psi_alpha theta: returns
  ``max_{i,j,k} |e^{-k alpha} (e^{alpha Lambda} H_i(psi_alpha theta) e^{alpha Lambda})_{jk} - H_i(theta)_{jk}|``
  relative to ``max |H_i(theta)_{jk}|`` (``H_i`` the Hessian in theta of ``f(x_i; .)``). Pulling the
  rescaled Hessian back to theta puts every entry on the scale of ``H(theta)``, whatever ``alpha``.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import sympy as sp

from verify.measure.derivatives import memo

__all__ = ["ALPHA", "flow", "symbolic_defect", "numerical_defect", "euler_defect", "hessian_covariance_defect"]

ALPHA = sp.Symbol("alpha", real=True)


def flow(params, rates, alpha=ALPHA):
    """Substitution ``theta_i -> exp(alpha lambda_i) theta_i`` (a dict for ``expr.subs``)."""
    return {p: sp.exp(alpha * lam) * p for p, lam in zip(params, rates)}


def symbolic_defect(expr, params, rates, alpha=ALPHA):
    """``f(psi_alpha theta) - exp(alpha) f(theta)``, simplified; 0 iff Lambda-quasi-homogeneous."""
    moved = expr.subs(flow(params, rates, alpha), simultaneous=True)
    return sp.simplify(sp.expand(moved - sp.exp(alpha) * expr))


def numerical_defect(fn, theta, X, rates, alphas):
    """Largest relative defect ``|f(psi_a theta) - e^a f(theta)| / (e^a f(|x|; |theta|))`` over ``alphas``."""
    lam = jnp.asarray(np.asarray([float(r) for r in rates]), dtype=jnp.float64)
    theta = jnp.asarray(theta, dtype=jnp.float64)
    f0 = fn(theta, X)
    scale = fn(jnp.abs(theta), jnp.abs(X))
    worst = 0.0
    for a in alphas:
        fa = fn(jnp.exp(a * lam) * theta, X)
        worst = max(worst, float(jnp.max(jnp.abs(fa - jnp.exp(a) * f0) / scale)) / float(np.exp(a)))
    return worst


@memo
def _euler_fn(fn):
    return jax.jit(lambda theta, X, lam: jax.jacrev(fn)(theta, X) @ (lam * theta) - fn(theta, X))


def euler_defect(fn, theta, X, rates):
    """Per-sample ``<grad_theta f(x_i; theta), Lambda theta> - f(x_i; theta)`` by autodiff (E1);
    compiled once per ``fn`` (and shapes)."""
    lam = jnp.asarray(np.asarray([float(r) for r in rates]), dtype=jnp.float64)
    return _euler_fn(fn)(jnp.asarray(theta, dtype=jnp.float64), X, lam)


@memo
def _hessians(fn):
    return jax.jit(jax.hessian(fn))  # (n, p, p): per-sample Hessians in theta


def hessian_covariance_defect(fn, theta, X, rates, alpha, degree=1.0):
    """Relative defect of E3 with ``e^{degree * alpha}`` (true: ``degree = 1``); see the module docstring.
    NaN when ``H(theta) = 0`` for every sample (nothing to compare: e.g. a linear model, or a ReLU net
    with every unit off). Compiled once per ``fn`` (and shapes)."""
    lam = np.asarray([float(r) for r in rates], dtype=np.float64)
    theta = np.asarray(theta, dtype=np.float64)
    hess = _hessians(fn)
    H0 = np.asarray(hess(jnp.asarray(theta), X))
    Ha = np.asarray(hess(jnp.asarray(np.exp(alpha * lam) * theta), X))
    d = np.exp(alpha * lam)
    back = np.exp(-degree * alpha) * d[None, :, None] * Ha * d[None, None, :]
    scale = float(np.max(np.abs(H0)))
    return float(np.max(np.abs(back - H0)) / scale) if scale > 0 else float("nan")
