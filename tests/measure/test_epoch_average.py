"""epoch_average against closed forms (quadratics), hand-expanded small cases and verify.dynamics.sgd."""

import itertools

import jax.numpy as jnp
import numpy as np
import pytest

from verify.dynamics.sgd import sgd
from verify.measure import epoch_average as EA


def _quad(m, d, seed, lam=(-0.5, 1.5)):
    rng = np.random.default_rng(seed)
    A = []
    for _ in range(m):
        Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
        A.append(Q @ np.diag(rng.uniform(*lam, d)) @ Q.T)
    return np.array(A), rng.standard_normal((m, d))


@pytest.mark.parametrize("m,steps", [(2, 4), (3, 3), (4, 2)])
def test_with_replacement_mean_and_cov_closed_form(m, steps):
    A, b = _quad(m, 2, m)
    eta, th0 = 0.7, np.array([0.3, -1.1])
    mo = EA.moments(EA.quadratic_step(A, b, eta), th0, m, steps, "with_replacement")
    assert mo.n_sequences == m**steps
    # closed form: i.i.d. affine maps x -> M_a x + c_a; first and second moments propagate exactly
    M, c = np.eye(2) - eta * A, eta * b
    mu, S = th0.copy(), np.outer(th0, th0)
    for _ in range(steps):
        S = sum(M[a] @ S @ M[a].T + np.outer(M[a] @ mu, c[a]) + np.outer(c[a], M[a] @ mu) + np.outer(c[a], c[a])
                for a in range(m)) / m
        mu = (M.mean(0)) @ mu + c.mean(0)
    np.testing.assert_allclose(mo.mean, mu, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(mo.cov, S - np.outer(mu, mu), rtol=1e-10, atol=1e-12)


def test_reshuffle_two_batches_by_hand():
    A, b = _quad(2, 2, 7)
    eta, th0 = 0.4, np.array([1.0, 2.0])
    f = EA.quadratic_step(A, b, eta)
    x01, x10 = f(f(th0, 0), 1), f(f(th0, 1), 0)
    mo = EA.moments(f, th0, 2, 2, "reshuffle")
    np.testing.assert_allclose(mo.mean, (x01 + x10) / 2, rtol=1e-14)
    np.testing.assert_allclose(mo.cov, np.outer(x01 - x10, x01 - x10) / 4, atol=1e-14)
    # two epochs: single shuffle repeats the order, reshuffling draws it again
    ss = EA.moments(f, th0, 2, 4, "single_shuffle")
    assert ss.n_sequences == 2
    np.testing.assert_allclose(ss.mean, (f(f(x01, 0), 1) + f(f(x10, 1), 0)) / 2, rtol=1e-14)
    rr = EA.moments(f, th0, 2, 4, "reshuffle")
    assert rr.n_sequences == 4
    ends = [f(f(x, p[0]), p[1]) for x in (x01, x10) for p in ((0, 1), (1, 0))]
    np.testing.assert_allclose(rr.mean, np.mean(ends, 0), rtol=1e-14)
    cy = EA.moments(f, th0, 2, 3, "cyclic")
    np.testing.assert_allclose(cy.mean, f(x01, 0), rtol=1e-14)
    assert cy.n_sequences == 1 and np.all(cy.cov == 0)


def test_reshuffle_counts_and_permutation_average():
    m = 4
    A, b = _quad(m, 3, 1)
    f = EA.quadratic_step(A, b, 0.3)
    th0 = np.ones(3)
    mo = EA.moments(f, th0, m, m, "reshuffle")
    assert mo.n_sequences == 24
    ends = []
    for p in itertools.permutations(range(m)):
        x = th0
        for a in p:
            x = f(x, a)
        ends.append(x)
    np.testing.assert_allclose(mo.mean, np.mean(ends, 0), rtol=1e-13)
    np.testing.assert_allclose(mo.cov, np.cov(np.array(ends).T, ddof=0), atol=1e-13)


def test_reshuffle_matches_dynamics_sgd_monte_carlo():
    # independent sampler: verify.dynamics.sgd (jax permutations), B = 1, each sample is a batch
    m, d, steps, n_runs = 3, 2, 6, 600
    A, b = _quad(m, d, 3, lam=(0.2, 1.2))
    eta, th0 = 0.5, np.array([1.0, -1.0])

    def loss_batch(theta, idx, A, b):
        Ai, bi = A[idx[0]], b[idx[0]]
        return 0.5 * theta @ Ai @ theta - bi @ theta

    ends = np.array([np.asarray(sgd(loss_batch, th0, m, eta, 1, steps, sampling="reshuffle", seed=s,
                                    args=(jnp.asarray(A), jnp.asarray(b))).theta) for s in range(n_runs)])
    exact = EA.moments(EA.quadratic_step(A, b, eta), th0, m, steps, "reshuffle")
    se = ends.std(0, ddof=1) / np.sqrt(n_runs)
    assert np.all(np.abs(ends.mean(0) - exact.mean) <= 5 * se + 1e-12)  # 5 standard errors
    mc = EA.monte_carlo(EA.quadratic_step(A, b, eta), th0, m, steps, "reshuffle", n_samples=600, seed=1)
    assert np.all(np.abs(mc.mean - exact.mean) <= 5 * mc.stderr + 1e-12)


def test_commuting_batches_reshuffle_has_no_spread():
    # diagonal A_a and b = 0: every order of one epoch gives the same product, covariance exactly 0
    A = np.array([np.diag([0.5, 1.0]), np.diag([1.5, -0.2]), np.diag([0.1, 0.7])])
    mo = EA.moments(EA.quadratic_step(A, np.zeros((3, 2)), 0.4), np.array([1.0, 1.0]), 3, 3, "reshuffle")
    np.testing.assert_allclose(mo.cov, 0, atol=1e-15)
    np.testing.assert_allclose(mo.mean, np.prod(1 - 0.4 * np.array([[0.5, 1.0], [1.5, -0.2], [0.1, 0.7]]), 0),
                               rtol=1e-14)


def test_unknown_scheme():
    with pytest.raises(ValueError):
        EA.moments(lambda t, a: t, np.zeros(1), 2, 2, "bogus")
