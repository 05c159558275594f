"""verify.measure.invariance against independent references: hand-written projectors and null
spaces, one explicit SGD step (the normal displacement it makes is eta times the reported leak),
the sympy test on the same network, and the known cases (vanishing neuron: tanh holds, softplus and a
free bias fail; identical neurons: every activation holds; tying only the incoming weights fails)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import sympy as sp

from verify.measure import invariance as I
from verify.models.mlp import activation_fn

D_IN, H = 2, 3
P_DIM = H * D_IN + H + H + 1  # W1 (row-major), b1, W2, b2


def _idx(p):
    """Flat indices of hidden neuron p: incoming weights, bias, outgoing weight."""
    return [D_IN * p, D_IN * p + 1], H * D_IN + p, H * D_IN + H + p


def _loss(act):
    sig = activation_fn(act)

    def loss_i(theta, x, y):
        W1 = theta[: H * D_IN].reshape(H, D_IN)
        b1 = theta[H * D_IN: H * D_IN + H]
        W2 = theta[H * D_IN + H: H * D_IN + 2 * H]
        return 0.5 * (W2 @ sig(W1 @ x + b1) + theta[-1] - y) ** 2

    return loss_i


LOSSES = {a: _loss(a) for a in ("tanh", "relu", "gelu", "softplus", "sigmoid")}
_rng = np.random.default_rng(0)
X = _rng.standard_normal((6, D_IN))
Y = _rng.standard_normal(6)


def _sign_S(p=0, bias=True):
    """Reflection of neuron p (incoming, outgoing and, with ``bias``, its bias): Fix(S) = vanishing neuron."""
    w, b, a = _idx(p)
    d = np.ones(P_DIM)
    d[w + [a] + ([b] if bias else [])] = -1.0
    return np.diag(d)


def _swap_S(p=0, q=1, outgoing=True):
    w, b, a = _idx(p)
    w2, b2, a2 = _idx(q)
    perm = np.arange(P_DIM)
    pairs = list(zip(w + [b], w2 + [b2])) + ([(a, a2)] if outgoing else [])
    for i, j in pairs:
        perm[i], perm[j] = j, i
    return np.eye(P_DIM)[perm]


def test_projector_and_fixed_space_match_hand_written_ones():
    S = _sign_S()
    Q = I.fixed_space(S)
    P_hand = np.diag((np.diag(S) == 1).astype(float))
    assert Q.shape == (P_DIM, P_DIM - 4)
    np.testing.assert_allclose(Q @ Q.T, P_hand, atol=1e-15)
    # swap of neurons 0, 1: Fix = {theta_p = theta_q on 4 pairs}; projector = (I + S) / 2 for an involution
    Sw = _swap_S()
    Qw = I.fixed_space(Sw)
    np.testing.assert_allclose(Qw @ Qw.T, (np.eye(P_DIM) + Sw) / 2, atol=1e-14)
    np.testing.assert_allclose(I.projector(np.eye(P_DIM)[:, :3] * 2.0), np.diag([1, 1, 1] + [0] * (P_DIM - 3)),
                               atol=1e-15)


@pytest.mark.parametrize("act", ["tanh", "relu", "gelu"])
def test_vanishing_neuron_set_holds_when_sigma0_is_zero(act):
    r = I.check_invariance(LOSSES[act], X, Y, symmetry=_sign_S(), points=8, seed=1)
    assert r.invariant and r.leak <= r.rtol * r.scale and r.dim == P_DIM - 4


@pytest.mark.parametrize("act", ["softplus", "sigmoid"])
def test_vanishing_neuron_set_fails_when_sigma0_is_not_zero(act):
    r = I.check_invariance(LOSSES[act], X, Y, symmetry=_sign_S(), points=8, seed=1)
    assert not r.invariant and r.rel > 1e-3


def test_vanishing_neuron_with_free_bias_fails():
    r = I.check_invariance(LOSSES["tanh"], X, Y, symmetry=_sign_S(bias=False), points=8, seed=1)
    assert not r.invariant and r.rel > 1e-3


@pytest.mark.parametrize("act", ["tanh", "relu", "gelu", "softplus", "sigmoid"])
def test_identical_neurons_set_holds_for_every_activation(act):
    r = I.check_invariance(LOSSES[act], X, Y, symmetry=_swap_S(), points=8, seed=2)
    assert r.invariant, r


def test_tying_only_incoming_weights_fails():
    r = I.check_invariance(LOSSES["softplus"], X, Y, symmetry=_swap_S(outgoing=False), points=8, seed=2)
    assert not r.invariant and r.rel > 1e-3


def test_projector_input_equals_symmetry_input():
    S = _swap_S()
    a = I.check_invariance(LOSSES["tanh"], X, Y, symmetry=S, points=4, seed=3)
    b = I.check_invariance(LOSSES["tanh"], X, Y, P=(np.eye(P_DIM) + S) / 2, points=4, seed=3)
    assert a.invariant and b.invariant


def test_leak_is_the_normal_displacement_of_one_sgd_step():
    """Independent reference: a batch-{i} SGD step from the worst point moves the normal coordinate by
    eta |(I - P) grad l_i| (computed here with jax.grad on one sample, not the vmapped instrument)."""
    S = _sign_S(bias=False)
    r = I.check_invariance(LOSSES["tanh"], X, Y, symmetry=S, points=8, seed=1)
    Q, P = I.subspace_basis(symmetry=S)
    theta = I.points_in(Q, 8, seed=1, snap=P)[r.where[0]]
    i, eta = r.where[1], 0.01
    step = theta - eta * np.asarray(jax.grad(LOSSES["tanh"])(jnp.asarray(theta), X[i], Y[i]))
    normal = np.linalg.norm(step - P @ step)
    assert abs(normal - eta * r.leak) <= 1e-14 * (1 + r.leak)


def _sym_losses(act):
    w = sp.symbols("w_0:4", real=True)  # 1 input, 2 hidden: w_in0, w_in1, a_0, a_1 (no bias)
    x, y = sp.symbols("x y", real=True)
    out = w[2] * act(w[0] * x) + w[3] * act(w[1] * x)
    return [(out - y) ** 2 / 2], list(w)


def test_symbolic_test_agrees_with_the_known_cases():
    S_sign = sp.diag(-1, 1, -1, 1)   # neuron 0 reflected: Fix = {w_in0 = 0, a_0 = 0}
    S_swap = sp.Matrix([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
    softplus = lambda z: sp.log(1 + sp.exp(z))  # noqa: E731
    L, w = _sym_losses(sp.tanh)
    assert I.symbolic_normal_components(L, w, symmetry=S_sign) == []
    assert I.symbolic_normal_components(L, w, symmetry=S_swap) == []
    L, w = _sym_losses(softplus)
    bad = I.symbolic_normal_components(L, w, symmetry=S_sign)
    assert [j for _, j, _ in bad] == [2]  # d/da_0 = softplus(0) r = log(2) r
    assert sp.simplify(bad[0][2] / (sp.log(2))) != 0
    assert I.symbolic_normal_components(L, w, symmetry=S_swap) == []
    # tying only the incoming weights: basis given directly
    U = sp.Matrix([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    assert I.symbolic_normal_components(L, w, basis=U) != []


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError):
        I.subspace_basis()
    with pytest.raises(ValueError):
        I.subspace_basis(P=np.array([[1.0, 1.0], [0.0, 1.0]]))
