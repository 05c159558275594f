"""Batch Sharpness / MiniBS against hand formulas for least squares, enumerated in numpy.

For ell_i = 1/2 (x_i^T w - y_i)^2 the batch Hessian is X_B^T X_B / b and g_B = X_B^T r_B / b:
no autodiff in the reference. The Monte Carlo estimator is tested against the exact value.
"""

import itertools

import jax.numpy as jnp
import numpy as np
import pytest

from verify.measure import batch_sharpness as BSM

RNG = np.random.default_rng(5)
N, D = 6, 3
X = RNG.standard_normal((N, D))
Y = RNG.standard_normal(N)
W = RNG.standard_normal(D)
XJ, YJ = jnp.asarray(X), jnp.asarray(Y)


def loss_batch(w, idx):
    r = XJ[idx] @ w - YJ[idx]
    return 0.5 * jnp.mean(r * r)


def _reference(b, sampling):
    tuples = (itertools.product(range(N), repeat=b) if sampling == "with_replacement"
              else itertools.combinations(range(N), b))
    R, lam, gHg, g2 = [], [], [], []
    for B in tuples:
        XB = X[list(B)]
        H = XB.T @ XB / b
        g = XB.T @ (XB @ W - Y[list(B)]) / b
        R.append(g @ H @ g / (g @ g)), lam.append(np.linalg.eigvalsh(H)[-1])
        gHg.append(g @ H @ g), g2.append(g @ g)
    return np.mean(R), np.mean(lam), np.mean(gHg) / np.mean(g2)


@pytest.mark.parametrize("sampling", BSM.SAMPLINGS)
@pytest.mark.parametrize("b", [1, 2, 4])
def test_exact_matches_hand_enumeration(b, sampling):
    ex = BSM.exact(loss_batch, W, N, b, sampling)
    ref = _reference(b, sampling)
    np.testing.assert_allclose([ex.bs, ex.minibs, ex.bs_inside], ref, rtol=1e-12)
    assert ex.n_batches == (N**b if sampling == "with_replacement" else len(list(itertools.combinations(range(N), b))))
    lam = np.linalg.eigvalsh(X.T @ X / N)[-1]
    assert ex.bs <= ex.minibs + 1e-12 and ex.minibs >= lam - 1e-12  # Rayleigh and Jensen


def test_sampling_matters():
    # with vs without replacement are different expectations (negative control for the convention)
    a = BSM.exact(loss_batch, W, N, 2, "with_replacement")
    c = BSM.exact(loss_batch, W, N, 2, "without_replacement")
    assert abs(a.bs - c.bs) > 1e-3 and abs(a.minibs - c.minibs) > 1e-3


@pytest.mark.parametrize("quantity", ["bs", "minibs"])
@pytest.mark.parametrize("sampling", BSM.SAMPLINGS)
def test_monte_carlo_within_error(quantity, sampling):
    ex = BSM.exact(loss_batch, W, N, 2, sampling)
    target = ex.bs if quantity == "bs" else ex.minibs
    est = BSM.monte_carlo(loss_batch, W, N, 2, sampling, quantity=quantity, seed=1, rse=0.01)
    assert 20 <= int(est.method.split(", ")[1].split()[0]) <= 1000
    # 4.5 standard errors: a two-sided Gaussian miss probability ~7e-6 (the seed is fixed anyway)
    assert abs(est.value - target) <= 4.5 * est.stderr, (est, target)
    assert est.stderr > 0
    # the inside-expectation variant is a different quantity: the estimator must not match it
    if quantity == "bs":
        assert abs(est.value - ex.bs_inside) > 4.5 * est.stderr


def test_monte_carlo_stopping_rule():
    est = BSM.monte_carlo(loss_batch, W, N, 3, seed=0, rse=1e-9, max_batches=60)
    assert est.hvps == 60  # never reached the rse: stops at max_batches
    est = BSM.monte_carlo(loss_batch, W, N, 3, seed=0, rse=10.0)
    assert est.hvps == 20  # rse reached at once: stops at min_batches


def test_zero_gradient_batches_skipped():
    Yi = X @ W  # interpolation: every g_B = 0 except through the perturbed sample 0
    Yi = Yi.copy()
    Yi[0] += 1.0
    yj = jnp.asarray(Yi)

    def lb(w, idx):
        r = XJ[idx] @ w - yj[idx]
        return 0.5 * jnp.mean(r * r)

    ex = BSM.exact(lb, W, N, 2, "without_replacement")
    assert ex.skipped == 10  # C(5, 2) batches avoid sample 0
    x0 = X[0]  # each remaining batch: g_B along x_0, H_B = (x0 x0^T + xj xj^T)/2
    ref = np.mean([x0 @ (np.outer(x0, x0) + np.outer(X[j], X[j])) @ x0 / 2 / (x0 @ x0) for j in range(1, N)])
    np.testing.assert_allclose(ex.bs, ref, rtol=1e-12)


def test_draw_batches_are_subsets():
    idx = BSM.draw_batches(np.random.default_rng(0), 7, 3, 50)
    assert all(len(set(r)) == 3 for r in idx.tolist())
