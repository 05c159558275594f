"""verify.models.two_layer: Jacobian, Gauss-Newton Hessian at a minimum, the linear-net map, GD, SGD via batch_loss."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401  (float64)
from verify.dynamics.sgd import batch_indices, sgd
from verify.models import two_layer as TL

M, D, N = 3, 2, 4  # one shape throughout: each jitted function compiles once per activation
P = M * D + M
# compiled copies of the module's own functions: eager JAX dispatch costs ~0.1 s per call here
_FF = jax.jit(jax.vmap(jax.vmap(TL.apply, (None, 0, None, None, None)), (0, None, None, None, None)),
              static_argnums=(2, 3, 4))  # f(theta_k, x_i) for a stack of thetas (K, p) and inputs (n, d)
_LOSS = jax.jit(TL.loss, static_argnums=(3, 4, 5))
_GRAD = jax.jit(jax.grad(TL.loss), static_argnums=(3, 4, 5))


def _theta(seed=1):
    return TL.init(M, D, seed)


def _X(seed=0):
    return jnp.asarray(np.random.default_rng(seed).standard_normal((N, D)))


def test_init():
    th = _theta(1)
    assert th.shape == (P,) and th.dtype == jnp.float64
    np.testing.assert_array_equal(th, TL.init(M, D, 1))
    assert not np.allclose(th, TL.init(M, D, 2))
    rng = np.random.default_rng(1)  # documented draw: W ~ N(0, scale/d) first, then v ~ N(0, scale)
    W = rng.standard_normal((M, D)) * np.sqrt(2.0 / D)
    v = rng.standard_normal(M) * np.sqrt(2.0)
    np.testing.assert_allclose(TL.init(M, D, 1, scale=2.0), np.r_[W.ravel(), v], rtol=1e-15)


@pytest.mark.parametrize("act", ["tanh", "linear"])
def test_apply_and_jacobian(act):
    th, X = _theta(), _X()
    W, v = np.asarray(th[: M * D]).reshape(M, D), np.asarray(th[M * D:])
    phi = np.tanh if act == "tanh" else (lambda z: z)
    f = np.array([v @ phi(W @ x) / np.sqrt(M) for x in np.asarray(X)])
    got = np.asarray(_FF(th[None], X, M, D, act))[0]
    np.testing.assert_allclose(got, f, rtol=1e-14, atol=1e-15)  # the formula, rounding only
    J = np.asarray(TL.jacobian(th, X, M, D, act))
    assert J.shape == (N, P)
    ref = jax.jit(jax.vmap(lambda x: jax.jacfwd(TL.apply)(th, x, M, D, act)))(X)  # forward mode vs reverse
    np.testing.assert_allclose(J, ref, atol=1e-14)  # both exact up to rounding of O(1) terms
    # central differences, h = 1e-5: truncation ~ h^2 f''' ~ 1e-10, rounding ~ 1e-16 / h ~ 1e-11
    h = 1e-5
    E = jnp.eye(P) * h
    fd = np.asarray((_FF(th + E, X, M, D, act) - _FF(th - E, X, M, D, act)) / (2 * h)).T
    np.testing.assert_allclose(J, fd, atol=1e-8)


@pytest.mark.parametrize("act", ["tanh", "linear"])
def test_hessian_is_gauss_newton_at_teacher_equals_student(act):
    th, X = _theta(), _X()
    y = _FF(th[None], X, M, D, act)[0]  # labels from the same theta: L(theta) = 0
    assert float(_LOSS(th, X, y, M, D, act)) < 1e-30  # jit vs eager rounding: residuals ~ 1e-17
    Hfull = np.asarray(TL.hessian(th, X, y, M, D, act))
    J = np.asarray(TL.jacobian(th, X, M, D, act))
    # residuals ~ 1e-17, so H - J^T J / n is rounding ~ 1e-16 * O(1)
    np.testing.assert_allclose(Hfull, J.T @ J / N, atol=1e-10)
    if act == "tanh":  # negative control: off the minimum the residual term r_i grad^2 f_i shows
        Hoff = np.asarray(TL.hessian(th, X, y + 0.5, M, D, act))
        assert np.abs(Hoff - J.T @ J / N).max() > 1e-3


def test_linear_jacobian_map():
    th, X = _theta(), _X()
    Jmap = TL.linear_jacobian_map(th, M, D)
    assert Jmap.shape == (P, D)
    J = np.asarray(TL.jacobian(th, X, M, D, "linear"))
    np.testing.assert_allclose(J, np.asarray(X) @ Jmap.T, atol=1e-14)  # a_i = J x_i; rounding only


def test_teacher_data():
    X, y = TL.teacher_data(N, D, seed=3, act="tanh")
    assert X.shape == (N, D) and y.shape == (N,)
    X2, y2 = TL.teacher_data(N, D, seed=3, act="tanh")
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.allclose(X, TL.teacher_data(N, D, seed=4, act="tanh")[0])
    # linear teacher: y = x^T (W^T v) / sqrt(m_teacher), with theta_teacher = init(4, d, seed + 1)
    Xl, yl = TL.teacher_data(N, D, seed=3, act="linear")
    np.testing.assert_array_equal(Xl, X)  # inputs do not depend on the activation
    t = np.asarray(TL.init(4, D, 4))
    W, v = t[: 4 * D].reshape(4, D), t[4 * D:]
    np.testing.assert_allclose(yl, np.asarray(Xl) @ (W.T @ v) / 2.0, rtol=1e-13, atol=1e-15)  # rounding


def _loop(th, X, y, act, eta, batches):
    g = _GRAD
    for I in batches:
        th = th - eta * g(th, X[I], y[I], M, D, act)
    return th


def test_gd_matches_loop_and_decreases():
    X, y = TL.teacher_data(N, D, seed=0, act="tanh")
    th0 = _theta(5)
    eta = 0.2
    thT, lT = TL.gd(th0, X, y, M, D, "tanh", 50, eta)
    ref = _loop(th0, X, y, "tanh", eta, [np.arange(N)] * 50)
    # 50 steps of the same update, scan vs loop: rounding ~ 50 * 1e-16 * Lipschitz factor
    np.testing.assert_allclose(thT, ref, rtol=1e-11, atol=1e-12)
    assert float(lT) == pytest.approx(float(_LOSS(ref, X, y, M, D, "tanh")), rel=1e-10)
    L0 = float(_LOSS(th0, X, y, M, D, "tanh"))
    assert float(lT) < 0.5 * L0  # small eta on a 4-point problem: the loss falls (observed ~10x)


def test_sgd_with_batch_loss_matches_loop_and_decreases():
    X, y = TL.teacher_data(N, D, seed=0, act="tanh")
    th0 = _theta(5)
    eta = 0.1
    run = sgd(TL.batch_loss(X, y, M, D, "tanh"), th0, N, eta, 2, 60, seed=9,
              record=lambda t: _LOSS(t, X, y, M, D, "tanh"))
    idx = np.asarray(batch_indices(N, 2, 60, seed=9))  # the batches that run used
    assert run.records.shape == (61,)
    ref = _loop(th0, X, y, "tanh", eta, list(idx))
    # 60 steps of the same update; rounding grows at most ~ 60 * 1e-16 * Lipschitz factor
    np.testing.assert_allclose(run.theta, ref, rtol=1e-11, atol=1e-12)
    th3 = _loop(th0, X, y, "tanh", eta, list(idx[:3]))
    assert float(run.records[3]) == pytest.approx(float(_LOSS(th3, X, y, M, D, "tanh")), rel=1e-12)
    assert float(run.records[-1]) < 0.5 * float(run.records[0])
