"""SGD sampling laws (with / without replacement, reshuffle) and the update rule."""

import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.dynamics.gd import gd
from verify.dynamics.sgd import batch_indices, sgd
from verify.measure.noise import gradient_covariance, kappa

C = np.random.default_rng(0).standard_normal((6, 2))  # per-sample targets c_i in R^2


def loss_batch(theta, idx):
    """Mean over idx of (1/2)||theta - c_i||^2: gradient theta - mean(c[idx])."""
    return 0.5 * jnp.mean(jnp.sum((theta - jnp.asarray(C)[idx]) ** 2, axis=1))


def full_loss(theta):
    return loss_batch(theta, jnp.arange(6))


@pytest.mark.parametrize("sampling", ["with_replacement", "without_replacement", "reshuffle"])
def test_update_uses_batch_indices(sampling):
    steps, eta = 25, 0.3
    run = sgd(loss_batch, np.zeros(2), 6, eta, 2, steps, sampling=sampling, seed=7, record=lambda t: t)
    idx = np.asarray(batch_indices(6, 2, steps, sampling=sampling, seed=7))
    th = np.zeros(2)
    traj = [th]
    for S in idx:
        th = th - eta * (th - C[S].mean(0))
        traj.append(th)
    np.testing.assert_allclose(run.records, np.stack(traj), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(run.theta, traj[-1], rtol=1e-13, atol=1e-15)


def test_full_batch_without_replacement_is_gd():
    a = sgd(loss_batch, np.ones(2), 6, 0.4, 6, 10, sampling="without_replacement")
    b = gd(full_loss, np.ones(2), 0.4, 10)
    np.testing.assert_allclose(a.theta, b.theta, rtol=1e-14)


@pytest.mark.parametrize("n,B", [(6, 2), (7, 3)])
def test_reshuffle_epochs(n, B):
    per = n // B
    idx = np.asarray(batch_indices(n, B, per * 50, sampling="reshuffle", seed=1))
    for e in range(50):
        ep = idx[e * per:(e + 1) * per].ravel()
        assert len(set(ep)) == per * B  # no index twice in an epoch
        if n % B == 0:
            assert sorted(ep) == list(range(n))  # every index exactly once
    # epochs differ (fresh permutations)
    assert len({tuple(idx[e * per:(e + 1) * per].ravel()) for e in range(50)}) > 1


def test_without_replacement_subset_law():
    n, B, N = 6, 3, 20000
    idx = np.asarray(batch_indices(n, B, N, sampling="without_replacement", seed=2))
    assert all(len(set(r)) == B for r in idx)
    inc = np.zeros((n, n))
    for r in idx:
        inc[np.ix_(r, r)] += 1
    inc /= N
    # P(i in S) = B/n, P(i, j in S) = B(B-1)/(n(n-1)); 5 binomial standard errors
    p1, p2 = B / n, B * (B - 1) / (n * (n - 1))
    assert np.all(np.abs(np.diag(inc) - p1) < 5 * np.sqrt(p1 * (1 - p1) / N))
    off = inc[~np.eye(n, dtype=bool)]
    assert np.all(np.abs(off - p2) < 5 * np.sqrt(p2 * (1 - p2) / N))


def test_with_replacement_uniform():
    n, B, N = 6, 4, 10000
    idx = np.asarray(batch_indices(n, B, N, sampling="with_replacement", seed=3))
    freq = np.bincount(idx.ravel(), minlength=n) / (N * B)
    assert np.all(np.abs(freq - 1 / n) < 5 * np.sqrt((1 / n) * (1 - 1 / n) / (N * B)))
    assert any(len(set(r)) < B for r in idx)  # duplicates do occur


@pytest.mark.parametrize("sampling,wrong", [("with_replacement", "without_replacement"),
                                            ("without_replacement", "with_replacement"),
                                            ("reshuffle", "with_replacement")])
def test_minibatch_covariance_is_kappa_sigma(sampling, wrong):
    """Empirical Cov of g_S = mean_{i in S} g_i over N steps vs kappa * Sigma.

    With d_t = g_{S_t} - gbar (known mean), each entry of mean_t d_t d_t^T has standard error
    sd(d_a d_b)/sqrt(N) (reshuffle: consecutive batches of an epoch are dependent, but epochs
    are independent, so the se is computed from epoch sums).  Criterion: every entry within
    5 se; the same test with the other sampling's kappa must fail (negative control).
    """
    n, B, N = 6, 3, 30000
    G = C  # per-sample "gradients" g_i = c_i (2-D)
    idx = np.asarray(batch_indices(n, B, N, sampling=sampling, seed=4))
    D = G[idx].mean(1) - G.mean(0)
    P = D[:, :, None] * D[:, None, :]  # (N, 2, 2)
    per = n // B
    blocks = P.reshape(N // per, per, 2, 2).mean(1)
    emp = P.mean(0)
    se = blocks.std(0, ddof=1) / np.sqrt(blocks.shape[0])
    sigma = np.asarray(gradient_covariance(G))
    assert np.all(np.abs(emp - kappa(n, B, sampling) * sigma) < 5 * se)
    assert not np.all(np.abs(emp - kappa(n, B, wrong) * sigma) < 5 * se)


def test_bad_input():
    with pytest.raises(ValueError):
        sgd(loss_batch, np.zeros(2), 6, 0.1, 7, 3, sampling="without_replacement")
    with pytest.raises(ValueError):
        batch_indices(6, 2, 3, sampling="bootstrap")
    assert batch_indices(6, 8, 3, sampling="with_replacement").shape == (3, 8)


def test_seed_determinism():
    a = np.asarray(batch_indices(6, 2, 10, sampling="without_replacement", seed=5))
    b = np.asarray(batch_indices(6, 2, 10, sampling="without_replacement", seed=5))
    c = np.asarray(batch_indices(6, 2, 10, sampling="without_replacement", seed=6))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def _lsq_batch(t, idx, X, y):
    r = X[idx] @ t - y[idx]
    return 0.5 * jnp.mean(r * r)


def test_data_as_traced_arguments_match_the_closure():
    rng = np.random.default_rng(3)
    X, y = jnp.asarray(rng.standard_normal((6, 3))), jnp.asarray(rng.standard_normal(6))
    closed = sgd(lambda t, idx: _lsq_batch(t, idx, X, y), jnp.zeros(3), 6, 0.1, 2, 20, seed=4)
    traced = sgd(_lsq_batch, jnp.zeros(3), 6, 0.1, 2, 20, seed=4, args=(X, y))
    np.testing.assert_allclose(traced.theta, closed.theta, rtol=1e-13)
    assert not np.allclose(traced.theta, 0.0)  # it moved
