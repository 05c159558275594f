"""Sharpness / top eigenvalues / trace / Frobenius: closed forms, dense oracle, Hutchinson law."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import verify  # noqa: F401
from verify.measure.curvature import (hessian_frobenius, hessian_frobenius_sq, hessian_trace,
                                      rademacher, sharpness, top_eigenvalues)
from verify.measure.derivatives import hessian_fn
from verify.models.mlp import flatten, init_mlp, mlp_loss


def _quadratic(w, seed=0):
    p = len(w)
    Q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((p, p)))
    A = (Q * w) @ Q.T
    A = (A + A.T) / 2
    Aj = jnp.asarray(A)
    return (lambda t: 0.5 * t @ (Aj @ t)), A


W40 = np.concatenate([[7.0, 5.0, 4.5], np.linspace(-2.0, 3.0, 37)])
LOSS40, A40 = _quadratic(W40)
T40 = jnp.asarray(np.random.default_rng(1).standard_normal(40))


@pytest.mark.parametrize("method", ["dense", "lanczos", "auto"])
def test_sharpness_known_spectrum(method):
    e = sharpness(LOSS40, T40, method=method)
    # eigsh tol=1e-10 gives the Ritz value to ~tol * |lambda|; dense is exact to rounding
    assert e.value == pytest.approx(7.0, rel=1e-10)
    assert e.residual < 1e-8
    assert e.method == ("lanczos" if method == "lanczos" else "dense")
    assert (e.hvps > 0) == (method == "lanczos")


def test_top_eigenvalues_known_spectrum():
    for method in ("dense", "lanczos"):
        e = top_eigenvalues(LOSS40, T40, 3, method=method)
        np.testing.assert_allclose(e.value, [7.0, 5.0, 4.5], rtol=1e-10)
    with pytest.raises(ValueError):
        sharpness(LOSS40, T40, method="power")


def test_trace_frobenius_exact():
    assert hessian_trace(LOSS40, T40).value == pytest.approx(W40.sum(), rel=1e-12)
    assert hessian_frobenius(LOSS40, T40).value == pytest.approx(np.sqrt((W40**2).sum()), rel=1e-12)
    assert hessian_frobenius_sq(LOSS40, T40).value == pytest.approx((W40**2).sum(), rel=1e-12)


def test_hutchinson_within_stderr_and_stderr_law():
    m = 400
    tr = hessian_trace(LOSS40, T40, method="hutchinson", samples=m, seed=3)
    fr = hessian_frobenius(LOSS40, T40, method="hutchinson", samples=m, seed=3)
    assert tr.method == "hutchinson" and tr.hvps == m
    # unbiased estimators: |error| < 4 se (a 4-sigma event has probability ~6e-5)
    assert abs(tr.value - W40.sum()) < 4 * tr.stderr
    assert abs(fr.value - np.sqrt((W40**2).sum())) < 4 * fr.stderr
    # the reported se matches the Rademacher variance Var(z^T A z) = 2 (||A||_F^2 - sum A_ii^2):
    # the sample sd of m = 400 draws is within ~15% (5 sd of its own sampling error) of the truth
    sd = np.sqrt(2 * ((A40**2).sum() - (np.diag(A40) ** 2).sum()))
    assert tr.stderr * np.sqrt(m) == pytest.approx(sd, rel=0.25)


def test_hutchinson_zscores_across_seeds():
    # negative control on the se: over 40 seeds about 95% of |z| < 2; a se that is 3x too small
    # would put ~50% outside
    z = []
    for seed in range(40):
        e = hessian_trace(LOSS40, T40, method="hutchinson", samples=30, seed=seed)
        z.append((e.value - W40.sum()) / e.stderr)
    z = np.abs(np.array(z))
    assert np.mean(z < 2) >= 0.8  # binomial(40, 0.95): P(< 32 successes) ~ 1e-4
    assert np.mean(z * 3 < 2) < 0.8


def test_rademacher_probes():
    Z = rademacher(7, 1000, seed=0)
    assert set(np.unique(Z)) == {-1.0, 1.0}
    np.testing.assert_array_equal(Z, rademacher(7, 1000, seed=0))
    assert abs(Z.mean()) < 5 / np.sqrt(7000)


_DATA = np.random.default_rng(5).standard_normal((8, 3)), np.random.default_rng(6).standard_normal(8)


@settings(max_examples=5, deadline=None)
@given(widths=st.sampled_from([(3, 8, 1), (3, 6, 6, 1)]), seed=st.integers(0, 2**16),
       act=st.sampled_from(["tanh"]))
def test_mlp_lanczos_vs_dense(widths, seed, act):
    loss, _ = _mlp(widths, act)
    theta, _ = flatten(init_mlp(jax.random.PRNGKey(seed), widths, scale=1.5, bias_scale=0.3))
    H = np.asarray(hessian_fn(loss)(theta))
    w = np.linalg.eigvalsh(H)
    lz = sharpness(loss, theta, method="lanczos")
    # eigsh(tol=1e-10); gap between top eigenvalues of a random MLP is O(1e-2) or more
    assert lz.value == pytest.approx(w[-1], rel=1e-10, abs=1e-12)
    assert sharpness(loss, theta, method="dense").value == pytest.approx(w[-1], rel=1e-13, abs=1e-14)
    assert hessian_trace(loss, theta).value == pytest.approx(np.trace(H), rel=1e-12, abs=1e-13)
    assert hessian_frobenius(loss, theta).value == pytest.approx(np.linalg.norm(H), rel=1e-12)


_MLPS = {}


def _mlp(widths, act):
    key = (widths, act)
    if key not in _MLPS:  # one loss object per shape: jitted HVP / Hessian compile once
        _MLPS[key] = mlp_loss(list(widths), _DATA[0], _DATA[1], activation=act)
    return _MLPS[key]


def test_normalization_doubles_sharpness():
    X, y = _DATA
    th, _ = flatten(init_mlp(jax.random.PRNGKey(0), [3, 4, 1]))
    half, _ = mlp_loss([3, 4, 1], X, y, normalization="half_mean")
    full, _ = mlp_loss([3, 4, 1], X, y, normalization="mean")
    assert sharpness(full, th).value == pytest.approx(2 * sharpness(half, th).value, rel=1e-12)


def test_auto_switches_to_iterative_above_threshold():
    e = sharpness(LOSS40, T40, dense_max=10)
    assert e.method == "lanczos" and e.value == pytest.approx(7.0, rel=1e-10)
    tr = hessian_trace(LOSS40, T40, exact_max=10, samples=50)
    assert tr.method == "hutchinson" and tr.stderr > 0
    with pytest.raises(ValueError):
        top_eigenvalues(LOSS40, T40, 41)


def test_hutchinson_on_mlp_within_stderr():
    loss, _ = _mlp((3, 8, 1), "tanh")
    theta, _ = flatten(init_mlp(jax.random.PRNGKey(11), (3, 8, 1), scale=1.5, bias_scale=0.3))
    H = np.asarray(hessian_fn(loss)(theta))
    tr = hessian_trace(loss, theta, method="hutchinson", samples=200, seed=1)
    fr = hessian_frobenius(loss, theta, method="hutchinson", samples=200, seed=1)
    fr2 = hessian_frobenius_sq(loss, theta, method="hutchinson", samples=200, seed=1)
    # unbiased (trace, ||H||_F^2) and delta-method (||H||_F) estimators: within 4 se
    assert abs(tr.value - np.trace(H)) < 4 * tr.stderr
    assert abs(fr2.value - np.sum(H * H)) < 4 * fr2.stderr
    assert abs(fr.value - np.linalg.norm(H)) < 4 * fr.stderr
    assert fr.value == pytest.approx(np.sqrt(fr2.value), rel=1e-14)
