"""Quasi-homogeneous models with their natural rates Lambda (kymg23, arXiv:2210.03820).

A model ``f(x; theta)`` is Lambda-quasi-homogeneous (``Lambda = diag(rates) >= 0``) if
``f(x; exp(alpha Lambda) theta) = exp(alpha) f(x; theta)`` for every real ``alpha``.

Every model here is given twice, independently: a sympy expression (for the symbolic checks of
:mod:`verify.measure.quasi_homogeneity` and ``derivations/quasi_homogeneous.py``) and a JAX
function ``f(theta, X)`` on a flat float64 parameter vector and a data matrix ``X`` (n, d).
ReLU is written ``relu(z) = (z + |z|)/2`` in sympy (sympy pulls positive factors out of ``|.|``).

Library (input dimension ``d = 2``):

* ``affine_product``: ``f = a (w^T x) + b``, theta = (a, w1, w2, b), natural rates
  ``(r, 1 - r, 1 - r, 1)`` for any ``r in [0, 1]`` (default ``r = 1/2``; ``r = 1/3`` is the
  second valid Lambda used by the conservation law);
* ``bias_mlp``: ``f = v^T relu(W x + c) + b``, width 2, theta = (W (row-major), c, v, b),
  rates ``W, c, v: 1/2``, ``b: 1`` (degree-2 homogeneous body + output bias);
* ``affine_linear``: ``f = w^T x + b`` (homogeneous of degree 1, Lambda = I);
* ``deep_bias_mlp3``: width-1 ReLU net, 3 layers, a bias per layer; rates ``w_l: 1/3``,
  ``b_l: l/3`` (only the output bias has the maximal rate).

Architectures (the abstract's "residual connections and normalization layers"), in
:data:`ARCHITECTURES` and also in :data:`LIBRARY`:

* ``residual_mlp``: ``h = relu(U x + c)``, a bottleneck residual block
  ``r = h + q relu(p^T h)`` and a linear head ``f = v^T r + b``; theta = (U (row-major), c, p,
  q, v, b). The block maps a degree-s input to a degree-s output only if
  ``lambda(p) + lambda(q) = 0``, so with rates >= 0 the branch weights have rate 0 (they are not
  rescaled); natural rates ``U, c, v: 1/2``, ``p, q: 0``, ``b: 1``. Giving the branch the
  two-layer pattern (rate 1/2) is *not* valid: the skip path and the branch then scale differently.
* ``norm_head``: a normalisation layer and a linear head, ``f = a^T (W x)/|W x| + b``; theta =
  (W (row-major), a, b). ``W x / |W x|`` is scale-invariant in W, so any common rate of W is valid;
  natural rates ``W: 0`` (the paper's rate-0 parameters before a normalisation layer), ``a, b: 1``:
  the max-rate group is the head's weight and bias (the abstract's ResNet-18 remark).

Neural-collapse toy (:func:`feature_head`, JAX only, K outputs): free ("unconstrained") features
``phi_i`` for n samples, a normalisation layer ``h_i = phi_i/|phi_i|`` and a linear head,
``f(i) = W h_i + b`` in R^K; rates ``phi: 0`` (scale-invariant), ``W, b: 1``.
"""

from __future__ import annotations

from typing import NamedTuple

import jax.numpy as jnp
import sympy as sp

__all__ = ["QHModel", "affine_product", "bias_mlp", "affine_linear", "deep_bias_mlp", "residual_mlp", "norm_head",
           "LIBRARY", "ARCHITECTURES", "perturbed_rates",
           "FeatureHead", "feature_head"]


class QHModel(NamedTuple):
    """``name``; ``params`` / ``x`` (sympy symbols); ``expr`` (sympy f); ``rates`` (sympy
    rationals, one per parameter, the natural Lambda); ``fn(theta, X) -> (n,)`` in JAX."""

    name: str
    params: tuple
    x: tuple
    expr: sp.Expr
    rates: tuple
    fn: object


def _relu(z):
    return (z + sp.Abs(z)) / 2


X_SYM = sp.symbols("x1 x2", real=True)


def affine_product(r=sp.Rational(1, 2)) -> QHModel:
    """``f = a (w^T x) + b``; rates ``(r, 1 - r, 1 - r, 1)``."""
    a, w1, w2, b = sp.symbols("a w1 w2 b", real=True)
    expr = a * (w1 * X_SYM[0] + w2 * X_SYM[1]) + b
    r = sp.nsimplify(r)

    def fn(theta, X):
        return theta[0] * (X @ theta[1:3]) + theta[3]

    return QHModel("affine_product", (a, w1, w2, b), X_SYM, expr, (r, 1 - r, 1 - r, sp.Integer(1)), fn)


def bias_mlp() -> QHModel:
    """``f = v^T relu(W x + c) + b``, width 2; rates ``W, c, v: 1/2``, ``b: 1``."""
    W = sp.symbols("W11 W12 W21 W22", real=True)
    c = sp.symbols("c1 c2", real=True)
    v = sp.symbols("v1 v2", real=True)
    b = sp.Symbol("b", real=True)
    pre = [W[0] * X_SYM[0] + W[1] * X_SYM[1] + c[0], W[2] * X_SYM[0] + W[3] * X_SYM[1] + c[1]]
    expr = v[0] * _relu(pre[0]) + v[1] * _relu(pre[1]) + b
    h = sp.Rational(1, 2)

    def fn(theta, X):
        Wm = theta[0:4].reshape(2, 2)
        hid = jnp.maximum(X @ Wm.T + theta[4:6], 0.0)
        return hid @ theta[6:8] + theta[8]

    return QHModel("bias_mlp", (*W, *c, *v, b), X_SYM, expr, (h,) * 8 + (sp.Integer(1),), fn)


def deep_bias_mlp(L=3) -> QHModel:
    """Width-1 ReLU network with a bias in every layer: ``h_1 = relu(w_1^T x + b_1)``,
    ``h_l = relu(w_l h_{l-1} + b_l)``, ``f = w_L h_{L-1} + b_L``; rates ``w_l: 1/L``, ``b_l: l/L``
    (the digest's favoritism example: only the output bias has the maximal rate 1)."""
    w1 = sp.symbols("w1_1 w1_2", real=True)
    ws = sp.symbols(f"w2:{L + 1}", real=True)
    bs = sp.symbols(f"b1:{L + 1}", real=True)
    h = _relu(w1[0] * X_SYM[0] + w1[1] * X_SYM[1] + bs[0])
    for l_ in range(1, L - 1):
        h = _relu(ws[l_ - 1] * h + bs[l_])
    expr = ws[L - 2] * h + bs[L - 1]
    params = (*w1, bs[0]) + tuple(p for l_ in range(1, L) for p in (ws[l_ - 1], bs[l_]))
    rates = (sp.Rational(1, L),) * 2 + (sp.Rational(1, L),) + tuple(
        r for l_ in range(2, L + 1) for r in (sp.Rational(1, L), sp.Rational(l_, L)))

    def fn(theta, X):
        hid = jnp.maximum(X @ theta[0:2] + theta[2], 0.0)
        for l_ in range(1, L - 1):
            hid = jnp.maximum(theta[3 + 2 * (l_ - 1)] * hid + theta[4 + 2 * (l_ - 1)], 0.0)
        return theta[3 + 2 * (L - 2)] * hid + theta[4 + 2 * (L - 2)]

    return QHModel(f"deep_bias_mlp{L}", params, X_SYM, expr, rates, fn)


def affine_linear() -> QHModel:
    """``f = w^T x + b``; Lambda = I (homogeneous of degree 1)."""
    w1, w2, b = sp.symbols("w1 w2 b", real=True)
    expr = w1 * X_SYM[0] + w2 * X_SYM[1] + b

    def fn(theta, X):
        return X @ theta[0:2] + theta[2]

    return QHModel("affine_linear", (w1, w2, b), X_SYM, expr, (sp.Integer(1),) * 3, fn)


def residual_mlp(branch_rate=0) -> QHModel:
    """``f = v^T (h + q relu(p^T h)) + b``, ``h = relu(U x + c)`` (width 2, bottleneck 1);
    rates ``U, c, v: 1/2``, ``p, q: branch_rate`` (natural 0; any other value is a wrong Lambda), ``b: 1``."""
    U = sp.symbols("U11 U12 U21 U22", real=True)
    c = sp.symbols("c1 c2", real=True)
    w1 = sp.symbols("p1 p2", real=True)  # branch input weights p
    w2 = sp.symbols("q1 q2", real=True)  # branch output weights q
    v = sp.symbols("v1 v2", real=True)
    b = sp.Symbol("b", real=True)
    h = [_relu(U[0] * X_SYM[0] + U[1] * X_SYM[1] + c[0]), _relu(U[2] * X_SYM[0] + U[3] * X_SYM[1] + c[1])]
    g = _relu(w1[0] * h[0] + w1[1] * h[1])
    r = [h[0] + w2[0] * g, h[1] + w2[1] * g]
    expr = v[0] * r[0] + v[1] * r[1] + b
    half, br = sp.Rational(1, 2), sp.nsimplify(branch_rate)

    def fn(theta, X):
        hid = jnp.maximum(X @ theta[0:4].reshape(2, 2).T + theta[4:6], 0.0)
        gate = jnp.maximum(hid @ theta[6:8], 0.0)
        res = hid + gate[:, None] * theta[8:10]
        return res @ theta[10:12] + theta[12]

    rates = (half,) * 6 + (br,) * 4 + (half,) * 2 + (sp.Integer(1),)
    return QHModel("residual_mlp", (*U, *c, *w1, *w2, *v, b), X_SYM, expr, rates, fn)


def norm_head(weight_rate=0) -> QHModel:
    """``f = a^T (W x) / |W x| + b`` (W 2x2); rates ``W: weight_rate`` (natural 0; every value >= 0 is
    valid by scale invariance), ``a, b: 1``."""
    W = sp.symbols("W11 W12 W21 W22", real=True)
    a = sp.symbols("a1 a2", real=True)
    b = sp.Symbol("b", real=True)
    z = [W[0] * X_SYM[0] + W[1] * X_SYM[1], W[2] * X_SYM[0] + W[3] * X_SYM[1]]
    expr = (a[0] * z[0] + a[1] * z[1]) / sp.sqrt(z[0] ** 2 + z[1] ** 2) + b

    def fn(theta, X):
        Z = X @ theta[0:4].reshape(2, 2).T
        return (Z @ theta[4:6]) / jnp.sqrt(jnp.sum(Z**2, axis=1)) + theta[6]

    one = sp.Integer(1)
    return QHModel("norm_head", (*W, *a, b), X_SYM, expr, (sp.nsimplify(weight_rate),) * 4 + (one,) * 3, fn)


ARCHITECTURES = {"residual_mlp": residual_mlp, "norm_head": norm_head}
LIBRARY = {"affine_product": affine_product, "bias_mlp": bias_mlp, "affine_linear": affine_linear,
           "deep_bias_mlp3": deep_bias_mlp, **ARCHITECTURES}


def perturbed_rates(model: QHModel, index: int = -1, delta=sp.Rational(1, 10)) -> tuple:
    """The model's rates with ``rates[index] + delta`` (a wrong Lambda, for negative controls)."""
    rates = list(model.rates)
    rates[index] = rates[index] + sp.nsimplify(delta)
    return tuple(rates)


class FeatureHead(NamedTuple):
    """``n`` samples, ``K`` classes, feature dimension ``d``; theta = (Phi (n, d), W (K, d), b (K)) flat;
    ``split(theta) -> (Phi, W, b)``; ``features(theta) -> H`` (unit rows); ``logits(theta) -> (n, K)``;
    ``rates`` (numpy, 0 for Phi, 1 for W and b); ``head_mask`` (0/1 tuple of the head's parameters)."""

    n: int
    K: int
    d: int
    split: object
    features: object
    logits: object
    rates: object
    head_mask: tuple


def feature_head(n, K, d) -> FeatureHead:
    """The neural-collapse toy ``f(i) = W phi_i/|phi_i| + b`` (see the module docstring)."""
    import numpy as np

    def split(theta):
        return theta[:n * d].reshape(n, d), theta[n * d:n * d + K * d].reshape(K, d), theta[n * d + K * d:]

    def features(theta):
        Phi = split(theta)[0]
        return Phi / jnp.linalg.norm(Phi, axis=1, keepdims=True)

    def logits(theta):
        _, W, b = split(theta)
        return features(theta) @ W.T + b

    rates = np.r_[np.zeros(n * d), np.ones(K * d + K)]
    return FeatureHead(n, K, d, split, features, logits, rates, tuple(int(r) for r in rates))
