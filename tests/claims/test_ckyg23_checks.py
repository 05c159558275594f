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


def test_highdim_condition_against_closed_forms():
    from verify.claims.ckyg23 import highdim as HD

    c, k2 = HD.C_SN, HD.K2_SN
    q, err = HD.condition_inf(-c * HD.J, [np.sqrt(k2) * HD.J])
    assert abs(q - (-c**2 / (4 * k2) - k2 / 2)) <= err  # min over s = sin 2a of k^2 s^2 - c s - k^2/2
    q, err = HD.condition_inf(0.2 * np.eye(2), [np.eye(2)])
    assert abs(q - 0.7) <= 1e-12  # isotropic: q = h + s^2/2 for every u
    # q against the definition with D(u) written out as a matrix, at a few directions
    H = np.array([[1.0, 0.3], [0.3, 0.5]])
    Bs = [np.array([[0.5, 0.2], [-0.1, 0.3]]), np.array([[0.0, 0.4], [0.4, -0.2]])]
    for a in (0.1, 1.0, 2.5):
        u = np.array([np.cos(a), np.sin(a)])
        D = sum(np.outer(B @ u, B @ u) for B in Bs) / 2
        assert abs(HD.q_values(H, Bs, np.array([a]))[0] - (u @ H @ u - np.trace(D) + 2 * u @ D @ u)) <= 1e-14


def test_highdim_exponent_against_the_exact_discrete_exponent():
    """Single neuron: the Euler matrices I + c J dt +- k sqrt(dt) J share the eigenvectors (1, +-1), so the exact
    top exponent of the family is (1/2) log|(1 + c dt)^2 - k^2 dt| / dt (enumeration over the two signs)."""
    from verify.claims.ckyg23 import highdim as HD

    c, k2, dt = HD.C_SN, HD.K2_SN, 0.02
    lam, se = HD.sde_exponent(-c * HD.J, [np.sqrt(k2) * HD.J], dt, 3000.0, seed=1)
    exact = 0.5 * np.log(abs((1 + c * dt) ** 2 - k2 * dt)) / dt
    assert abs(lam - exact) <= 4 * se
    # no noise: the exponent is log(top eigenvalue of I - H dt) / dt exactly (only rounding)
    lam0, _ = HD.sde_exponent(np.diag([-0.3, 0.5]), [np.zeros((2, 2))], dt, 100.0)
    assert abs(lam0 - np.log(1 + 0.3 * dt) / dt) <= 1e-9


def test_highdim_claim_and_variant_directions():
    from verify.claims.ckyg23 import highdim as HD

    q = PROFILES["quick"]
    assert all(r.holds for r in HD.conservative(q).criteria)
    assert not all(r.holds for r in HD.conservative(q, rule="iff").criteria)


@pytest.mark.parametrize("m,sd", [(1.0, 0.35), (0.9, 3.0), (0.0, 1.0), (-0.5, 0.7), (1.02, 0.1), (1.0, 7.0)])
def test_elog_gauss_against_quadrature(m, sd):
    from scipy.stats import norm

    f = lambda g: math.log(abs(m + sd * g)) * norm.pdf(g)  # noqa: E731
    g0 = -m / sd
    ref = quad(f, -np.inf, g0, epsabs=1e-13, limit=200)[0] + quad(f, g0, np.inf, epsabs=1e-13, limit=200)[0]
    assert abs(C.elog_gauss(m, sd) - ref) <= 1e-10


def test_discrete_exponent_against_monte_carlo():
    """lambda_u = (1/m) sum_i E log|1 + eta (y_i + xi) x_i| against 2e5 draws of (i, xi) (se ~ 1e-3)."""
    from verify.claims.ckyg23.figures import SN_X, SN_Y

    eta, s = 0.05, 7.0
    rng = np.random.default_rng(0)
    i = rng.integers(0, len(SN_X), 200_000)
    v = np.log(np.abs(1 + eta * (SN_Y[i] + s * rng.standard_normal(i.size)) * SN_X[i]))
    lu, _ = C.discrete_exponents(eta, s)
    assert abs(v.mean() - lu) <= 4 * v.std() / np.sqrt(i.size)


def test_single_neuron_sgd_directions():
    q = PROFILES["quick"]
    assert all(r.holds for r in C.single_neuron_sgd(q).criteria)
    assert sum(not r.holds for r in C.single_neuron_sgd(q, rule="sgf").criteria) >= 3


def test_phase_diagram_directions():
    q = PROFILES["quick"]
    assert all(r.holds for r in F.phase_diagram(q).criteria)
    f = F.phase_diagram(q, rule="sgf")
    assert not f.criteria[0].holds and all(m.split(":")[1].strip().startswith("predicted collapse")
                                           for m in f.details["mismatches"])  # the SGF overstates collapse


def test_hyperparameter_sweep_directions():
    from verify.claims.ckyg23 import sweep as SW

    q = PROFILES["quick"]
    assert all(r.holds for r in SW.hyperparameter_sweep(q).criteria)
    bad = [r for r in SW.hyperparameter_sweep(q, reverse=("batch",)).criteria if not r.holds]
    assert bad and all(r.label.startswith("batch size") for r in bad)


def test_sweep_sgd_step_matches_a_numpy_step():
    """The batch gradient (mean of the first B of BMAX per-sample gradients) against numpy, with the hand
    gradient of a^T tanh(W x)."""
    import jax.numpy as jnp

    from verify.claims.ckyg23 import sweep as SW

    X, Y = SW.data()
    rng = np.random.default_rng(5)
    th = rng.standard_normal(SW.WIDTH * SW.D + SW.WIDTH) / 3
    idx, xi, B = rng.integers(0, SW.N, SW.BMAX), rng.standard_normal(SW.BMAX), 4
    g = np.asarray(SW._grads(jnp.asarray(th), jnp.asarray(X[idx]), jnp.asarray(Y[idx]), jnp.asarray(xi)))[:B].mean(0)
    W, a = th[: SW.WIDTH * SW.D].reshape(SW.WIDTH, SW.D), th[SW.WIDTH * SW.D:]
    Hh = np.tanh(X[idx[:B]] @ W.T)
    r = Hh @ a - Y[idx[:B]] - xi[:B]
    gW = ((r[:, None] * a[None] * (1 - Hh**2))[:, :, None] * X[idx[:B]][:, None, :]).mean(0)
    np.testing.assert_allclose(g, np.concatenate([gW.ravel(), (r[:, None] * Hh).mean(0)]), rtol=1e-12, atol=1e-14)
