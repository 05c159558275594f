"""Weighted-batch SGD equals verify.dynamics.sgd / gd on the same batches; the weight builders'
sampling laws."""

import jax.numpy as jnp
import numpy as np
import pytest

import verify  # noqa: F401
from verify.dynamics import weighted as Wt
from verify.dynamics.gd import gd
from verify.dynamics.sgd import batch_indices, sgd

C = np.random.default_rng(0).standard_normal((6, 2))


def loss_i(theta, x, y):
    return 0.5 * jnp.sum((theta - x) ** 2) + 0.0 * y


def loss_batch(theta, idx):
    return 0.5 * jnp.mean(jnp.sum((theta - jnp.asarray(C)[idx]) ** 2, axis=1))


@pytest.mark.parametrize("sampling", ["with_replacement", "without_replacement", "reshuffle"])
def test_equals_sgd_on_same_indices(sampling):
    steps, eta = 25, 0.3
    ref = np.asarray(sgd(loss_batch, np.zeros(2), 6, eta, 2, steps, sampling=sampling, seed=7,
                         record=lambda t: t).records)
    idx = np.asarray(batch_indices(6, 2, steps, sampling=sampling, seed=7))
    got = np.asarray(Wt.run_weighted(loss_i, np.zeros(2), C, np.zeros(6), Wt.weights_from_indices(idx, 6), eta))
    np.testing.assert_allclose(got, ref, rtol=1e-13, atol=1e-15)


def test_gd_and_weight_decay():
    steps, eta, wd = 20, 0.2, 0.5
    ref = np.asarray(gd(lambda t: loss_batch(t, jnp.arange(6)), np.ones(2), eta, steps, record=lambda t: t).records)
    got = np.asarray(Wt.run_weighted(loss_i, np.ones(2), C, np.zeros(6), Wt.full_weights(6, steps), eta))
    np.testing.assert_allclose(got, ref, rtol=1e-13)
    # with weight decay: theta+ = theta - eta (theta - cbar + wd theta), closed form fixed point cbar/(1 + wd)
    got = np.asarray(Wt.run_weighted(loss_i, np.ones(2), C, np.zeros(6), Wt.full_weights(6, 400), eta, wd))
    np.testing.assert_allclose(got[-1], C.mean(0) / (1 + wd), rtol=1e-12)


def test_weight_builders():
    W = Wt.reshuffle_weights(10, 3, 12, seed=1)  # 3 batches per epoch, 1 index skipped
    assert W.shape == (12, 10)
    np.testing.assert_allclose(W.sum(1), 1.0)
    for e in range(4):
        counts = (W[3 * e:3 * e + 3] > 0).sum(0)
        assert counts.max() == 1 and counts.sum() == 9  # distinct within an epoch
    S = Wt.subset_weights(8, 3, 50, seed=2)
    assert np.all((S > 0).sum(1) == 3) and np.allclose(S.sum(1), 1.0)
    # uniform subsets: inclusion frequency b/n
    S = Wt.subset_weights(8, 3, 20000, seed=3)
    np.testing.assert_allclose((S > 0).mean(0), 3 / 8, atol=4 * np.sqrt(3 / 8 * 5 / 8 / 20000))
    R = Wt.weights_from_indices(np.array([[1, 1, 2]]), 4)
    np.testing.assert_allclose(R, [[0, 2 / 3, 1 / 3, 0]])


def test_sample_indices_laws():
    I = Wt.sample_indices(6, 3, 30000, "with_replacement", seed=4)
    np.testing.assert_allclose(np.bincount(I.ravel(), minlength=6) / I.size, 1 / 6, atol=4 * np.sqrt(1 / 6 * 5 / 6 / I.size))
    assert np.any([len(set(r)) < 3 for r in I[:100]])  # duplicates occur with replacement
    J = Wt.sample_indices(6, 3, 100, "without_replacement", seed=4)
    assert all(len(set(r)) == 3 for r in J)
    with pytest.raises(ValueError):
        Wt.sample_indices(6, 3, 10, "bootstrap")
