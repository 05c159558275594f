"""Two-layer network with a frozen second layer (Gatmiry, Li, Reddi, Jegelka 2024).

Model and conventions
---------------------
Width ``m``, input dimension ``d``; first-layer weights ``theta_j in R^d`` stored as one flat
float64 vector ``theta = (theta_1, ..., theta_m) in R^{m d}`` (row-major ``W = theta.reshape(m, d)``);
the second layer is fixed to ones::

    r_theta(x) = sum_j phi(theta_j^T x).

Data: rows ``x_i`` of ``X in R^{n x d}`` (linearly independent, ``n <= d``), labels ``y in R^n``.
Pre-activations (the *feature matrix* whose rank the paper is about)::

    Z = X W^T in R^{n x m},   z_ij = theta_j^T x_i.

Loss, with the normalisation constant ``c`` explicit::

    L_c(theta) = (c / 2) sum_i (r_theta(x_i) - y_i)^2,
    c = 2/n  <=>  L = (1/n)  sum (.)^2     ("mean")
    c = 1/n  <=>  L = (1/2n) sum (.)^2     ("half_mean", the label-noise-SGD convention)

Trace of the loss Hessian, in closed form everywhere (``res_i = r_theta(x_i) - y_i``)::

    Tr grad^2 L_c = c sum_i |x_i|^2 sum_j [ phi'(z_ij)^2 + res_i phi''(z_ij) ]

so on the zero-loss manifold ``M = {theta : res = 0}`` it is ``c sum_i |x_i|^2 sum_j phi'(z_ij)^2``.
Under the paper's assumption (``phi' > 0``, ``phi''' > 0``) its unique minimiser on ``M``
(within each orbit of the off-span components) is the rank-one point
``z_ij = phi^{-1}(y_i / m)`` with value ``c m sum_i |x_i|^2 phi'(phi^{-1}(y_i/m))^2``.

Activations: :data:`ACTIVATIONS` maps a name to an :class:`Activation` (jax callables for
``phi, phi', phi'', phi''', phi^{-1}`` and the sympy expression, used by the derivations).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import jax
import jax.numpy as jnp
import numpy as np
import sympy as sp

__all__ = [
    "Activation", "ACTIVATIONS", "activation", "NORMALIZATIONS", "norm_constant",
    "weights", "features", "outputs", "residuals", "loss", "trace_hessian",
    "trace_on_manifold", "rank_one_solution", "min_trace", "make_data", "random_on_manifold",
    "constraint", "manifold_trace", "full_trace", "predictor", "equal_split_distance",
]

_z = sp.Symbol("z", real=True)


@dataclass(frozen=True)
class Activation:
    """An activation with its first three derivatives and inverse (jax, elementwise).

    ``in_assumption``: whether the paper's assumption ``phi' > 0, phi''' > 0`` holds on R
    (decided by sympy in ``derivations.simplicity_bias``; recorded here for convenience and
    cross-checked by a test). ``range``: open interval of ``phi`` (where ``phi^{-1}`` exists).
    """

    name: str
    expr: sp.Expr  # phi as a sympy expression in the real symbol ``z``
    phi: Callable
    d1: Callable
    d2: Callable
    d3: Callable
    inv: Callable | None
    in_assumption: bool
    range: tuple[float, float] = (-np.inf, np.inf)

    @property
    def symbol(self) -> sp.Symbol:
        return _z


def _cubic_inv(u):
    # z + z^3/3 = u  <=>  z^3 + 3 z - 3u = 0; Cardano (one real root, discriminant > 0)
    q = -3.0 * u
    s = jnp.sqrt(q * q / 4.0 + 1.0)
    return jnp.cbrt(-q / 2.0 + s) + jnp.cbrt(-q / 2.0 - s)


def _softplus(z):
    return jnp.logaddexp(z, 0.0)


ACTIVATIONS: dict[str, Activation] = {
    "sinh": Activation("sinh", sp.sinh(_z), jnp.sinh, jnp.cosh, jnp.sinh, jnp.cosh, jnp.arcsinh, True),
    "cubic": Activation("cubic", _z + _z**3 / 3, lambda z: z + z**3 / 3, lambda z: 1 + z**2,
                        lambda z: 2 * z, lambda z: 2.0 + 0.0 * z, _cubic_inv, True),
    "exp": Activation("exp", sp.exp(_z), jnp.exp, jnp.exp, jnp.exp, jnp.exp, jnp.log, True, (0.0, np.inf)),
    "tanh": Activation(
        "tanh", sp.tanh(_z), jnp.tanh,
        lambda z: 1 - jnp.tanh(z) ** 2,
        lambda z: -2 * jnp.tanh(z) * (1 - jnp.tanh(z) ** 2),
        lambda z: -2 * (1 - jnp.tanh(z) ** 2) * (1 - 3 * jnp.tanh(z) ** 2),
        jnp.arctanh, False, (-1.0, 1.0)),
    "softplus": Activation(
        "softplus", sp.log(1 + sp.exp(_z)), _softplus,
        jax.nn.sigmoid,
        lambda z: jax.nn.sigmoid(z) * (1 - jax.nn.sigmoid(z)),
        lambda z: jax.nn.sigmoid(z) * (1 - jax.nn.sigmoid(z)) * (1 - 2 * jax.nn.sigmoid(z)),
        lambda u: u + jnp.log(-jnp.expm1(-u)), False, (0.0, np.inf)),
    "linear": Activation("linear", _z, lambda z: z, lambda z: 1.0 + 0.0 * z, lambda z: 0.0 * z,
                         lambda z: 0.0 * z, lambda u: u, False),
}


def activation(name: str | Activation) -> Activation:
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r} (choose from {', '.join(ACTIVATIONS)})") from None


NORMALIZATIONS = {"mean": "L = (1/n) sum_i (r_i - y_i)^2, c = 2/n",
                  "half_mean": "L = (1/2n) sum_i (r_i - y_i)^2, c = 1/n"}


def norm_constant(n: int, normalization: str = "half_mean") -> float:
    """``c`` with ``L = (c/2) sum_i res_i^2``: ``2/n`` for "mean", ``1/n`` for "half_mean"."""
    if normalization == "mean":
        return 2.0 / n
    if normalization == "half_mean":
        return 1.0 / n
    raise ValueError(f"normalization must be 'mean' or 'half_mean', got {normalization!r}")


# --- the model ---------------------------------------------------------------------------------
def weights(theta, m: int):
    """``W = theta.reshape(m, d)`` (row j = theta_j)."""
    return jnp.reshape(theta, (m, -1))


def features(theta, X, m: int):
    """Pre-activation feature matrix ``Z = X W^T`` (n x m), ``z_ij = theta_j^T x_i``."""
    return X @ weights(theta, m).T


def outputs(theta, X, m: int, act="sinh"):
    """``r_theta(x_i) = sum_j phi(z_ij)`` for every row of X (shape (n,))."""
    return jnp.sum(activation(act).phi(features(theta, X, m)), axis=1)


def residuals(theta, X, y, m: int, act="sinh"):
    """``res_i = r_theta(x_i) - y_i``: the constraint map whose zero set is the manifold M."""
    return outputs(theta, X, m, act) - y


def loss(theta, X, y, m: int, act="sinh", c: float = None):
    """``L_c = (c/2) sum_i res_i^2`` (``c`` defaults to ``1/n``, the "half_mean" convention)."""
    c = 1.0 / X.shape[0] if c is None else c
    r = residuals(theta, X, y, m, act)
    return 0.5 * c * jnp.sum(r * r)


def trace_hessian(theta, X, y, m: int, act="sinh", c: float = None):
    """Closed form ``Tr grad^2 L_c = c sum_i |x_i|^2 sum_j [phi'(z_ij)^2 + res_i phi''(z_ij)]``."""
    a = activation(act)
    c = 1.0 / X.shape[0] if c is None else c
    Z = features(theta, X, m)
    res = jnp.sum(a.phi(Z), axis=1) - y
    xx = jnp.sum(X * X, axis=1)
    return c * jnp.sum(xx * (jnp.sum(a.d1(Z) ** 2, axis=1) + res * jnp.sum(a.d2(Z), axis=1)))


def trace_on_manifold(theta, X, m: int, act="sinh", c: float = None):
    """``c sum_i |x_i|^2 sum_j phi'(z_ij)^2`` (equals ``Tr grad^2 L_c`` on M; it is also the
    Gauss-Newton part ``c sum_i |grad r_i|^2`` everywhere)."""
    a = activation(act)
    c = 1.0 / X.shape[0] if c is None else c
    Z = features(theta, X, m)
    return c * jnp.sum(jnp.sum(X * X, axis=1) * jnp.sum(a.d1(Z) ** 2, axis=1))


def rank_one_solution(X, y, m: int, act="sinh", theta_perp=None):
    """The rank-one stationary point: every neuron's span component is
    ``w* = X^T (X X^T)^{-1} phi^{-1}(y/m)``; off-span components taken from ``theta_perp``
    (flat, m*d; default 0), since gradients never move them."""
    a = activation(act)
    X = np.asarray(X, float)
    n, d = X.shape
    w = X.T @ np.linalg.solve(X @ X.T, np.asarray(a.inv(jnp.asarray(np.asarray(y, float) / m))))
    theta = np.tile(w, m)
    if theta_perp is not None:
        Wp = np.asarray(theta_perp, float).reshape(m, d)
        Pspan = X.T @ np.linalg.solve(X @ X.T, X)
        theta = theta + (Wp - Wp @ Pspan).ravel()
    return jnp.asarray(theta)


def min_trace(X, y, m: int, act="sinh", c: float = None) -> float:
    """``min_M Tr grad^2 L_c = c m sum_i |x_i|^2 phi'(phi^{-1}(y_i/m))^2`` (under the assumption)."""
    a = activation(act)
    X = np.asarray(X, float)
    c = 1.0 / X.shape[0] if c is None else c
    zs = a.inv(jnp.asarray(np.asarray(y, float) / m))
    return float(c * m * np.sum(np.sum(X * X, axis=1) * np.asarray(a.d1(zs)) ** 2))


def make_data(n: int, d: int, *, kind: str = "orthonormal", seed: int = 0, y_range=(-1.0, 1.0),
              row_norms=None):
    """Deterministic data ``(X, y)``.

    ``kind``: ``"orthonormal"`` (rows orthonormal: QR of a Gaussian matrix), ``"gaussian"``
    (entries N(0, 1/d)), ``"uniform"`` (entries U[0, 1], the paper's Fig. 1 data: nearly
    collinear rows). Labels ``y ~ U[y_range]``. ``row_norms``: rescale the rows to these norms
    (e.g. orthogonal rows of unequal norms separate the Riemannian Hessian's eigenvalues).
    """
    rng = np.random.default_rng(seed)
    if kind == "orthonormal":
        q, _ = np.linalg.qr(rng.standard_normal((d, n)))
        X = q.T.copy()
    elif kind == "gaussian":
        X = rng.standard_normal((n, d)) / np.sqrt(d)
    elif kind == "uniform":
        X = rng.uniform(0.0, 1.0, (n, d))
    else:
        raise ValueError(f"unknown data kind {kind!r}")
    y = rng.uniform(y_range[0], y_range[1], n)
    if row_norms is not None:
        X = X * (np.asarray(row_norms, float) / np.linalg.norm(X, axis=1))[:, None]
    return jnp.asarray(X), jnp.asarray(y)


def equal_split_distance(theta, X, y, m: int, act="sinh"):
    """``max_ij |z_ij - phi^{-1}(y_i/m)|``: distance (sup norm, in pre-activations) to the
    rank-one point the paper predicts."""
    a = activation(act)
    Z = features(theta, X, m)
    return jnp.max(jnp.abs(Z - a.inv(y / m)[:, None]))


# --- stable callables for the jitted instruments (one object per (m, act): jit caches hit) ----
@lru_cache(maxsize=None)
def constraint(m: int, act: str = "sinh"):
    """``F(theta, X, y, c) = r_theta(X) - y`` (``c`` ignored): the constraint map of M."""

    def F(theta, X, y, c=None):
        return residuals(theta, X, y, m, act)

    F.__name__ = f"residuals_m{m}_{act}"
    return F


@lru_cache(maxsize=None)
def manifold_trace(m: int, act: str = "sinh"):
    """``f(theta, X, y, c) = c sum_i |x_i|^2 sum_j phi'(z_ij)^2`` (Tr grad^2 L_c on M)."""

    def f(theta, X, y, c):
        return trace_on_manifold(theta, X, m, act, c)

    f.__name__ = f"gn_trace_m{m}_{act}"
    return f


@lru_cache(maxsize=None)
def full_trace(m: int, act: str = "sinh"):
    """``f(theta, X, y, c) = Tr grad^2 L_c`` everywhere (closed form incl. residual terms)."""

    def f(theta, X, y, c):
        return trace_hessian(theta, X, y, m, act, c)

    f.__name__ = f"trace_m{m}_{act}"
    return f


@lru_cache(maxsize=None)
def predictor(m: int, act: str = "sinh"):
    """``predict(theta, x) = sum_j phi(theta_j^T x)`` for one input (for label-noise SGD)."""
    a = activation(act)

    def predict(theta, x):
        return jnp.sum(a.phi(weights(theta, m) @ x))

    predict.__name__ = f"predict_m{m}_{act}"
    return predict


def random_on_manifold(X, y, m: int, act="sinh", *, scale: float = 0.5, seed: int = 0):
    """A random point of M: Gaussian ``theta0`` (std ``scale``) projected by Gauss-Newton
    (:func:`verify.measure.manifold.project`). Returns the ``Projection`` (``.theta``,
    ``.converged``, ``.residual``)."""
    from verify.measure.manifold import project

    rng = np.random.default_rng(seed)
    theta0 = jnp.asarray(scale * rng.standard_normal(m * X.shape[1]))
    return project(constraint(m, act), theta0, jnp.asarray(X), jnp.asarray(y))
