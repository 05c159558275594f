"""grad / hvp / hessian against closed forms on quadratics and a cubic."""

import jax.numpy as jnp
import numpy as np

import verify  # noqa: F401
from verify.measure.derivatives import batched_hvp_fn, grad, grad_fn, hessian, hessian_fn, hvp, hvp_fn

RNG = np.random.default_rng(0)
A = RNG.standard_normal((5, 5))
A = A @ A.T + np.eye(5)
B = RNG.standard_normal(5)


def quad(t):
    return 0.5 * t @ (jnp.asarray(A) @ t) + jnp.asarray(B) @ t


def cubic(t):
    return jnp.sum(t**3) / 6 + t[0] * t[1] * t[2]


def test_quadratic():
    t = jnp.asarray(RNG.standard_normal(5))
    v = jnp.asarray(RNG.standard_normal(5))
    # exact up to rounding of a 5x5 matvec (~1e-15 relative)
    np.testing.assert_allclose(grad(quad, t), A @ np.asarray(t) + B, rtol=1e-13)
    np.testing.assert_allclose(hvp(quad, t, v), A @ np.asarray(v), rtol=1e-13)
    np.testing.assert_allclose(hessian(quad, t), A, rtol=1e-13)
    np.testing.assert_allclose(grad_fn(quad)(t), A @ np.asarray(t) + B, rtol=1e-13)
    np.testing.assert_allclose(hvp_fn(quad)(t, v), A @ np.asarray(v), rtol=1e-13)
    np.testing.assert_allclose(hessian_fn(quad)(t), A, rtol=1e-13)
    V = jnp.asarray(RNG.standard_normal((3, 5)))
    np.testing.assert_allclose(batched_hvp_fn(quad)(t, V), np.asarray(V) @ A, rtol=1e-13)


def test_cubic_point_dependent_hessian():
    t = np.array([0.5, -1.0, 2.0, 0.3, 1.1])
    H = np.diag(t)
    H[0, 1] = H[1, 0] = t[2]
    H[0, 2] = H[2, 0] = t[1]
    H[1, 2] = H[2, 1] = t[0]
    np.testing.assert_allclose(hessian(cubic, t), H, rtol=1e-14, atol=1e-15)
    v = np.arange(5.0)
    np.testing.assert_allclose(hvp(cubic, t, v), H @ v, rtol=1e-14, atol=1e-15)
    # negative control: the Hessian at another point differs
    assert not np.allclose(hessian(cubic, t + 1.0), H)


def test_chunked_hessian_matches_jacfwd():
    # p = 5 > chunk = 2: lax.map over unit vectors in batches; identical maths to jacfwd
    t = jnp.asarray(RNG.standard_normal(5))
    np.testing.assert_allclose(hessian(cubic, t, chunk=2), hessian(cubic, t, chunk=100), rtol=1e-15, atol=1e-15)


class _Unhashable:
    __hash__ = None

    def __call__(self, t):
        return quad(t)


def test_unhashable_loss_is_not_cached_but_works():
    f = _Unhashable()
    t = jnp.asarray(RNG.standard_normal(5))
    np.testing.assert_allclose(grad_fn(f)(t), A @ np.asarray(t) + B, rtol=1e-13)
    assert grad_fn(quad) is grad_fn(quad)  # hashable: compiled once


def _lsq(t, X, y):
    r = X @ t - y
    return 0.5 * jnp.mean(r * r)


def test_data_as_traced_arguments_match_the_closure_and_compile_once():
    # L(t) = 1/(2n) |X t - y|^2: grad X^T (X t - y)/n, Hessian X^T X / n (exact up to rounding)
    t, v = jnp.asarray(RNG.standard_normal(3)), jnp.asarray(RNG.standard_normal(3))
    f = hvp_fn(_lsq)
    for s in range(3):  # three data sets of one shape
        rng = np.random.default_rng(s)
        X, y = jnp.asarray(rng.standard_normal((6, 3))), jnp.asarray(rng.standard_normal(6))
        H = np.asarray(X.T @ X) / 6
        np.testing.assert_allclose(grad(_lsq, t, args=(X, y)), np.asarray(X.T @ (X @ t - y)) / 6, rtol=1e-12)
        np.testing.assert_allclose(hvp(_lsq, t, v, args=(X, y)), H @ np.asarray(v), rtol=1e-12)
        np.testing.assert_allclose(hessian(_lsq, t, args=(X, y)), H, rtol=1e-12)
        np.testing.assert_allclose(f(t, v, X, y), H @ np.asarray(v), rtol=1e-12)
        np.testing.assert_allclose(hessian_fn(_lsq)(t, X, y), H, rtol=1e-12)
        np.testing.assert_allclose(batched_hvp_fn(_lsq)(t, jnp.eye(3), X, y), H, rtol=1e-12)
    assert f._cache_size() == 1  # new data of the same shape reuse the compiled HVP
