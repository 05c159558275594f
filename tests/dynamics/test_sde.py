"""Euler-Maruyama and Milstein against geometric Brownian motion's closed form.

GBM ``dX = mu X dt + s X dW`` (Ito) has the exact solution ``X_T = X_0 exp((mu - s^2/2) T + s W_T)``
on the same Brownian path, and each scheme's one-step factor has closed-form moments:

* EM:       ``X+ = X (1 + mu h + s dW)``                       E factor = 1 + mu h,
            E factor^2 = (1 + mu h)^2 + s^2 h;
* Milstein: ``X+ = X (1 + mu h + s dW + s^2 (dW^2 - h)/2)``  E factor = 1 + mu h,
            E factor^2 = (1 + mu h)^2 + s^2 h + s^4 h^2 / 2.

Strong order (E|X^h_T - X_T|, same path, step h coarsened from one fine path): 1/2 for EM,
1 for Milstein. Weak order (E X^h_T vs E X_T): 1 for both.
"""

import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.dynamics.sde import brownian_increments, coarsen, integrate, integrate_increments

MU, S, X0, T = 0.5, 0.8, 1.0, 1.0
PATHS = 4000
FINE = 2**9  # finest grid; steps h = T / 2^k are sums of fine increments


def f_lin(x, p):
    return p[0] * x


def g_lin(x, p):
    return p[1] * x


def zero(x, p):
    return jnp.zeros_like(x)


def one(x, p):
    return jnp.ones_like(x)


def _strong_errors(scheme, noise="diagonal", d=1):
    dw = brownian_increments(PATHS, d, T / FINE, FINE, noise=noise, seed=3)
    W = np.asarray(dw.sum(0))  # (paths, m)
    exact = X0 * np.exp((MU - S**2 / 2) * T + S * W)  # broadcasts over the d coordinates (scalar noise)
    hs, errs = [], []
    for r in (4, 8, 16, 32, 64):
        x = integrate_increments(f_lin, g_lin, np.full((PATHS, d), X0), coarsen(dw, r), T * r / FINE,
                                 params=(MU, S), scheme=scheme, noise=noise)
        hs.append(T * r / FINE)
        errs.append(float(np.mean(np.abs(np.asarray(x) - exact))))
    return np.array(hs), np.array(errs)


@pytest.mark.parametrize("scheme,order", [("euler_maruyama", 0.5), ("milstein", 1.0)])
def test_strong_order_gbm(scheme, order):
    hs, errs = _strong_errors(scheme)
    slope = np.polyfit(np.log(hs), np.log(errs), 1)[0]
    # the fitted slope over h in [2^-7, 2^-3] with 4000 paths: measured 0.50 / 1.00; +-0.15 covers the
    # sampling error of the slope (strong errors at adjacent h are strongly correlated: same paths)
    assert abs(slope - order) <= 0.15, (scheme, slope, errs)


def test_milstein_scalar_noise_two_coordinates():
    """Scalar noise (one Brownian motion for both coordinates): Milstein keeps strong order 1 and
    both coordinates equal the exact GBM on the same W."""
    hs, errs = _strong_errors("milstein", noise="scalar", d=2)
    slope = np.polyfit(np.log(hs), np.log(errs), 1)[0]
    assert abs(slope - 1.0) <= 0.15, (slope, errs)


def _moments_closed(scheme, h):
    n = round(T / h)
    m2 = (1 + MU * h) ** 2 + S**2 * h + (S**4 * h**2 / 2 if scheme == "milstein" else 0.0)
    return X0 * (1 + MU * h) ** n, X0**2 * m2**n


@pytest.mark.parametrize("scheme", ["euler_maruyama", "milstein"])
def test_weak_moments_match_closed_form(scheme):
    """Monte Carlo mean and second moment of the scheme at h = 1/16 vs the scheme's exact moments
    (within 4 standard errors), and the weak error of the mean is O(h)."""
    h, paths = 1 / 16, 40_000
    run = integrate(f_lin, g_lin, np.full((paths, 1), X0), h, round(T / h), params=(MU, S), scheme=scheme,
                    seed=11)
    x = np.asarray(run.x[:, 0])
    m1, m2 = _moments_closed(scheme, h)
    se1 = x.std() / np.sqrt(paths)
    se2 = (x**2).std() / np.sqrt(paths)
    assert abs(x.mean() - m1) <= 4 * se1, (x.mean(), m1, se1)
    assert abs((x**2).mean() - m2) <= 4 * se2, ((x**2).mean(), m2, se2)
    # the scheme's mean differs from the SDE's by O(h): the control variate X^h - X_exact (same W)
    exact = X0 * np.exp((MU - S**2 / 2) * T + S * np.asarray(run.w[:, 0]))
    diff = x - exact
    bias = m1 - X0 * np.exp(MU * T)
    assert abs(diff.mean() - bias) <= 4 * diff.std() / np.sqrt(paths), (diff.mean(), bias)


@pytest.mark.parametrize("scheme", ["euler_maruyama", "milstein"])
def test_weak_order_one(scheme):
    """The closed-form weak errors of both moments, checked above against simulation, fall like h."""
    hs = np.array([2.0**-k for k in range(4, 9)])
    e1 = [abs(_moments_closed(scheme, h)[0] - X0 * np.exp(MU * T)) for h in hs]
    e2 = [abs(_moments_closed(scheme, h)[1] - X0**2 * np.exp((2 * MU + S**2) * T)) for h in hs]
    for e in (e1, e2):
        slope = np.polyfit(np.log(hs), np.log(e), 1)[0]
        assert abs(slope - 1.0) <= 0.05, slope  # closed forms: the O(h^2) remainder shifts the slope < 0.05


def test_increments_are_the_run_increments_and_deterministic():
    paths, d, dt, steps = 5, 3, 0.01, 40
    run = integrate(zero, one, np.zeros((paths, d)), dt, steps, seed=4, record=lambda x: x, every=10)
    dw = np.asarray(brownian_increments(paths, d, dt, steps, seed=4))
    np.testing.assert_allclose(np.asarray(run.x), dw.sum(0), rtol=0, atol=1e-14)
    np.testing.assert_allclose(np.asarray(run.w), dw.sum(0), rtol=0, atol=1e-14)
    assert run.records.shape == (steps // 10 + 1, paths, d)
    np.testing.assert_allclose(np.asarray(run.records[2]), dw[:20].sum(0), atol=1e-14)
    again = integrate(zero, one, np.zeros((paths, d)), dt, steps, seed=4)
    assert np.array_equal(np.asarray(again.x), np.asarray(run.x))
    other = integrate(zero, one, np.zeros((paths, d)), dt, steps, seed=5)
    assert not np.array_equal(np.asarray(other.x), np.asarray(run.x))
    # increments have variance dt
    big = np.asarray(brownian_increments(20_000, 1, dt, 1, seed=0))
    assert abs(big.var() / dt - 1) <= 4 * np.sqrt(2 / 20_000)


def test_scalar_noise_shares_one_brownian_motion():
    run = integrate(zero, one, np.zeros((6, 2)), 0.01, 20, noise="scalar", seed=1)
    x = np.asarray(run.x)
    np.testing.assert_array_equal(x[:, 0], x[:, 1])
    assert run.w.shape == (6, 1)


def test_bad_arguments():
    with pytest.raises(ValueError):
        integrate(zero, one, np.zeros((2, 1)), 0.1, 5, scheme="heun")
    with pytest.raises(ValueError):
        integrate(zero, one, np.zeros((2, 1)), 0.1, 5, noise="full")
    with pytest.raises(ValueError):
        integrate(zero, one, np.zeros(2), 0.1, 5)


def g_two(x, p):
    """2-D state, 2 Brownian motions: dx_1 = dW_1 + 2 dW_2, dx_2 = -dW_1 (constant matrix)."""
    return jnp.array([[1.0, 2.0], [-1.0, 0.0]])


def test_general_noise_matrix_times_increments():
    run = integrate(zero, g_two, np.zeros((7, 2)), 0.01, 30, noise="general", n_noise=2, seed=2)
    dw = np.asarray(run.w)  # the summed increments of the run
    G = np.array([[1.0, 2.0], [-1.0, 0.0]])
    np.testing.assert_allclose(np.asarray(run.x), dw @ G.T, atol=1e-13)
    with pytest.raises(ValueError):
        integrate(zero, g_two, np.zeros((7, 2)), 0.01, 30, noise="general", n_noise=2, scheme="milstein")
