"""ckyg23 instruments against independent references: the invariance check (exact zeros vs a
hand-written numpy SGD), the stationary mass of the quartic SDE (incomplete gamma vs quadrature of the
density), and the GBM / teacher-student experiments' verdict directions."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from verify.claims.ckyg23 import checks as C
from verify.claims.ckyg23 import figures as F
from verify.core.profiles import PROFILES

KW = dict(width=4, seed=3, eta=0.08, beta=0.7, wd=0.005, batch=2)


@pytest.mark.parametrize("act", ["tanh", "relu", "gelu"])
def test_vanishing_neuron_stays_exactly_zero(act):
    r = C.invariance(**KW, activation=act)
    assert r.lhs == 0.0 and r.holds


@pytest.mark.parametrize("act", ["softplus", "sigmoid"])
def test_control_activation_leaves_the_set(act):
    r = C.invariance(**KW, activation=act)
    assert r.lhs > 1e-3 and not r.holds


def test_identical_neurons_stay_identical_and_untied_outgoing_do_not():
    assert C.invariance(**KW, activation="softplus", kind="perm").holds
    assert not C.invariance(**KW, activation="softplus", kind="perm-in").holds


def test_sgd_run_matches_numpy_heavy_ball():
    """The jitted momentum / weight-decay run against a numpy re-implementation (tanh, hand gradient)."""
    import jax.numpy as jnp

    from verify.dynamics.sgd import batch_indices

    width, seed, eta, beta, wd, B = 4, 2, 0.05, 0.6, 0.01, 2
    run, unravel = C._runner(width)
    theta0, X, y = C._setup(width, seed, "perm")
    idxs = np.asarray(batch_indices(C.N, B, C.STEPS, seed=seed))
    w = np.stack([np.bincount(i, minlength=C.N) / B for i in idxs])
    th, _ = run(theta0, X, y, jnp.asarray(w), eta, beta, wd, C.ACTS.index("tanh"))
    (W1, b1), (W2, b2) = [tuple(np.asarray(a) for a in layer) for layer in unravel(theta0)]
    X, y = np.asarray(X), np.asarray(y)
    P = [W1, b1, W2, b2]
    M = [np.zeros_like(a) for a in P]
    for t in range(C.STEPS):
        W1, b1, W2, b2 = P
        H = np.tanh(X @ W1.T + b1)
        r = (H @ W2.T)[:, 0] + b2[0] - y
        wr = w[t] * r
        gW2 = (wr @ H)[None, :]
        gb2 = np.array([wr.sum()])
        dH = np.outer(wr, W2[0]) * (1 - H**2)
        G = [dH.T @ X, dH.sum(0), gW2, gb2]
        M = [beta * m + g + wd * p for m, g, p in zip(M, G, P)]
        P = [p - eta * m for p, m in zip(P, M)]
    got = [np.asarray(a) for layer in unravel(th) for a in layer]
    for a, b in zip(got, P):
        np.testing.assert_allclose(a, b, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("zeta", [0.5, 1.0, 1.5])
def test_stationary_mass_is_the_density_integral(zeta):
    k = 2 * F.MU / zeta**2 - 2
    dens = lambda th: th**k * math.exp(-th**2 / zeta**2)  # noqa: E731
    near = quad(dens, 0, F.EPS_NEAR)[0] / quad(dens, 0, np.inf)[0]
    assert abs(F.stationary_near_zero(zeta) - near) <= 1e-8


def test_experiments_pass_and_variants_fail_for_their_own_criterion():
    q = PROFILES["quick"]
    assert all(r.holds for r in F.lyapunov_gbm(q).criteria)
    bad = [r for r in F.lyapunov_gbm(q, convention="V", c=0.5).criteria if not r.holds]
    assert len(bad) == len(F.GBM_CASES)  # every case's exponent is off by s^2/2
    mom = F.moments_gbm(q, shift=0.0).criteria
    assert all(r.holds for r in mom if "E theta_T" in r.label)  # the mean criteria still hold
    assert not any(r.holds for r in mom if "^2" in r.label)


def test_set_symmetry_acts_on_the_neurons_it_names():
    """Independent reference: S applied to the flat vector equals the edit made on the unravelled layers."""
    import jax.numpy as jnp

    _, unravel = C._runner(4)
    theta = np.arange(1.0, 4 * 3 + 2 * 4 + 2)
    (W1, b1), (W2, b2) = [tuple(np.asarray(a) for a in layer) for layer in unravel(jnp.asarray(theta))]
    (V1, c1), (V2, _) = [tuple(np.asarray(a) for a in layer)
                         for layer in unravel(jnp.asarray(C.set_symmetry(4, "sign") @ theta))]
    np.testing.assert_array_equal(V1[0], -W1[0]); np.testing.assert_array_equal(V1[1:], W1[1:])  # noqa: E702
    assert c1[0] == -b1[0] and V2[0, 0] == -W2[0, 0] and (V2[0, 1:] == W2[0, 1:]).all()
    (V1, c1), (V2, _) = [tuple(np.asarray(a) for a in layer)
                         for layer in unravel(jnp.asarray(C.set_symmetry(4, "perm") @ theta))]
    np.testing.assert_array_equal(V1[[1, 0, 2, 3]], W1)
    assert (c1[[1, 0, 2, 3]] == b1).all() and (V2[0, [1, 0, 2, 3]] == W2[0]).all()


def test_gradient_test_verdicts():
    assert C.gradient_test(4, 1, "tanh").holds and C.gradient_test(4, 1, "softplus", kind="perm").holds
    assert not C.gradient_test(4, 1, "softplus").holds
    assert not C.gradient_test(4, 1, "tanh", bias_free=True).holds
    assert not C.gradient_test(4, 1, "tanh", kind="perm-in").holds
