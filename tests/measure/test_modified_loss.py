import jax.numpy as jnp
import numpy as np

from verify.measure.modified_loss import igr, smith

A = jnp.array([[[2.0, 0.3], [0.3, 1.0]], [[0.5, -0.2], [-0.2, 3.0]], [[1.0, 0.0], [0.0, -0.4]]])
b = jnp.array([[1.0, -1.0], [0.2, 0.5], [-0.7, 0.1]])


def batch(theta, k, A, b):
    return 0.5 * theta @ A[k] @ theta - b[k] @ theta


def test_igr_quadratic_closed_form():
    full = lambda th, A, b: sum(batch(th, k, A, b) for k in range(3)) / 3  # noqa: E731
    th = jnp.array([0.4, -1.3])
    Ab, bb = np.asarray(A).mean(0), np.asarray(b).mean(0)
    g = Ab @ np.asarray(th) - bb
    assert abs(float(igr(full, 0.1)(th, A, b)) - (float(full(th, A, b)) + 0.1 / 4 * g @ g)) < 1e-14


def test_smith_quadratic_closed_form():
    th = jnp.array([0.4, -1.3])
    eps = 0.05
    gk = [np.asarray(A[k]) @ np.asarray(th) - np.asarray(b[k]) for k in range(3)]
    C = np.mean([float(batch(th, k, A, b)) for k in range(3)])
    want = C + eps / (4 * 3) * sum(g @ g for g in gk)
    assert abs(float(smith(batch, 3, eps)(th, A, b)) - want) < 1e-14
    # decomposition: C + (eps/4)|grad C|^2 + (eps/4m) sum |g_k - grad C|^2
    gbar = np.mean(gk, 0)
    alt = C + eps / 4 * gbar @ gbar + eps / 12 * sum((g - gbar) @ (g - gbar) for g in gk)
    assert abs(want - alt) < 1e-13


def test_traced_step_size_matches_fixed():
    th = jnp.array([0.4, -1.3])
    full = lambda th, A, b: batch(th, 0, A, b)  # noqa: E731
    assert float(igr(full)(th, 0.3, A, b)) == float(igr(full, 0.3)(th, A, b))
    assert float(smith(batch, 3)(th, 0.3, A, b)) == float(smith(batch, 3, 0.3)(th, A, b))
