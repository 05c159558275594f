"""Support metrics against independent computations (mlp_apply, dense projectors)."""

import jax
import numpy as np
import pytest

import verify  # noqa: F401
from verify.measure import support as S
from verify.models.mlp import init_mlp, mlp_apply


@pytest.mark.parametrize("widths", [(5, 1), (5, 4, 1), (6, 4, 3, 1)])
def test_end_to_end_matches_network(widths):
    params = init_mlp(jax.random.PRNGKey(2), widths, bias=False)
    X = np.random.default_rng(0).standard_normal((7, widths[0]))
    beta = np.asarray(S.end_to_end(params))
    np.testing.assert_allclose(X @ beta, np.asarray(mlp_apply(params, X, "identity"))[:, 0], rtol=1e-12, atol=1e-14)
    c = np.asarray(S.head(params))
    np.testing.assert_allclose(np.asarray(params[0][0]).T @ c, beta, rtol=1e-13)


def test_irrelevant_norm():
    W = np.arange(12.0).reshape(3, 4)
    assert float(S.irrelevant_norm(W, 1)) == pytest.approx(np.sqrt(np.sum(W[:, 1:] ** 2)))
    assert float(S.irrelevant_norm(np.array([3.0, 4.0, 0.0]), 1)) == pytest.approx(4.0)
    np.testing.assert_array_equal(np.asarray(S.relevant_block(W, 2)), W[:, :2])


def test_orthogonal_change():
    rng = np.random.default_rng(1)
    c = rng.standard_normal((4, 1))
    W0 = rng.standard_normal((4, 3))
    along = c @ rng.standard_normal((1, 3))
    assert S.orthogonal_change(W0, W0 + along, c) < 1e-14
    p = rng.standard_normal((4, 1))
    p -= c @ (c.T @ p) / float((c.T @ c)[0, 0])
    off = p @ np.ones((1, 3))
    P = np.eye(4) - c @ c.T / float((c.T @ c)[0, 0])
    assert S.orthogonal_change(W0, W0 + along + off, c) == pytest.approx(np.linalg.norm(P @ (along + off)), rel=1e-12)
