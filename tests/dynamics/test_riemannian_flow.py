"""Riemannian gradient flow of the trace on M (verify.dynamics.riemannian_flow)."""

import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.dynamics.riemannian_flow import riemannian_flow
from verify.measure import manifold as mf
from verify.models import sum_of_neurons as sn


@pytest.mark.parametrize("m,n,d,act", [(10, 3, 3, "sinh"), (4, 2, 3, "cubic")])
def test_flow_converges_on_manifold_at_rate_two_mu(m, n, d, act):
    X, y = sn.make_data(n, d, kind="orthonormal", seed=1)
    F, f, c = sn.constraint(m, act), sn.manifold_trace(m, act), 1.0 / n
    th0 = sn.random_on_manifold(X, y, m, act, seed=0).theta
    star = sn.rank_one_solution(X, y, m, act, theta_perp=th0)
    mu = min(v for v in mf.riemannian_hessian_eigs(f, F, star, X, y, c) if v > 1e-8)
    run = riemannian_flow(f, F, th0, 20.0 / mu, X, y, c, dt=0.01, every=20)
    assert run.max_residual <= 1e-12  # stays on M
    assert np.max(np.diff(run.f)) <= 1e-12 * run.f[0]  # Tr non-increasing
    gap = run.f - sn.min_trace(X, y, m, act, c)
    assert gap[-1] <= 1e-10 * gap[0]
    assert np.abs(run.theta[-1] - np.asarray(star)).max() <= 1e-5  # converges to the rank-one point, same off-span part
    w = (gap < 1e-5 * gap[0]) & (gap > 1e-11 * gap[0])
    rate = -np.polyfit(run.t[w], np.log(gap[w]), 1)[0]
    # orthonormal rows: the eigenvalue cluster spans (mu, 1.01 mu); fit error < 1%
    assert rate == pytest.approx(2 * mu, rel=2e-2)
    assert abs(rate - mu) > 0.5 * mu  # negative control: not the distance rate


def test_gradient_norm_recorded_and_zero_at_minimiser():
    X, y = sn.make_data(3, 3, kind="orthonormal", seed=1)
    F, f = sn.constraint(10, "sinh"), sn.manifold_trace(10, "sinh")
    star = sn.rank_one_solution(X, y, 10, "sinh")
    run = riemannian_flow(f, F, star, 1.0, X, y, 1 / 3, dt=0.01, every=10)
    assert np.max(run.grad_norm) <= 1e-12 and np.ptp(run.f) <= 1e-13
    assert np.abs(run.theta - np.asarray(star)).max() <= 1e-13
