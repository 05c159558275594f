"""Minibatch SGD as weighted full-data steps: one compile for every batch size and sampler (bpp24).

    theta_{t+1} = theta_t - eta * ( nabla_theta sum_i w_{t,i} loss_i(theta_t) + wd * theta_t ),

with ``loss_i(theta, x_i, y_i)`` a per-sample loss and ``W`` a (steps, n) weight matrix: row t is
1/b on the b indices of batch S_t (counted with multiplicity with replacement), 0 elsewhere; GD is
the constant row 1/n. This is exactly the step of :func:`verify.dynamics.sgd.sgd` on the same
index sets (tested), but data, weights, eta and wd are traced arguments, so GD, GD + weight decay
and SGD at every batch size share one compiled program. Weight decay enters as torch's
``SGD(weight_decay=wd)``: the gradient of ``wd/2 |theta|^2``.

The weight builders use numpy generators (an implementation independent of the JAX samplers):
``reshuffle_weights`` (random reshuffling: a fresh permutation per epoch of n // b batches,
the last n mod b indices skipped, as :mod:`verify.dynamics.sgd`), ``subset_weights``
(an independent uniform b-subset per step), ``full_weights`` (GD).
"""

import jax
import jax.numpy as jnp
import numpy as np

from verify.measure.derivatives import memo

__all__ = ["run_weighted", "weights_from_indices", "sample_indices", "reshuffle_weights", "subset_weights",
           "full_weights"]


@memo
def _runner(loss_i, record):
    def total(theta, X, y, w):
        return jnp.sum(w * jax.vmap(loss_i, in_axes=(None, 0, 0))(theta, X, y))

    g = jax.grad(total)

    def run(theta0, X, y, W, eta, wd):
        def step(theta, w):
            new = theta - eta * (g(theta, X, y, w) + wd * theta)
            return new, record(new)

        _, rest = jax.lax.scan(step, theta0, W)
        return jax.tree_util.tree_map(lambda a, b: jnp.concatenate([a[None], b]), record(theta0), rest)

    return jax.jit(run)


def run_weighted(loss_i, theta0, X, y, W, eta, wd=0.0, record=lambda theta: theta):
    """Records of theta_0 .. theta_steps (leading axis steps + 1) under the weights ``W`` (steps, n)."""
    f = _runner(loss_i, record)
    return f(jnp.asarray(theta0, dtype=jnp.float64), jnp.asarray(X), jnp.asarray(y), jnp.asarray(W, dtype=jnp.float64),
             jnp.asarray(eta, dtype=jnp.float64), jnp.asarray(wd, dtype=jnp.float64))


def weights_from_indices(idx, n):
    """(steps, n) weights 1/b on each row's indices (with multiplicity)."""
    idx = np.asarray(idx)
    W = np.zeros((idx.shape[0], n))
    np.add.at(W, (np.repeat(np.arange(idx.shape[0]), idx.shape[1]), idx.ravel()), 1.0 / idx.shape[1])
    return W


def reshuffle_weights(n, b, steps, seed=0):
    """Random reshuffling: epoch e uses a fresh uniform permutation split into n // b batches."""
    rng = np.random.default_rng(seed)
    per = n // b
    epochs = -(-steps // per)
    idx = np.concatenate([rng.permutation(n)[: per * b].reshape(per, b) for _ in range(epochs)])[:steps]
    return weights_from_indices(idx, n)


def sample_indices(n, b, steps, sampling="without_replacement", seed=0):
    """(steps, b) indices, independent across steps: a uniform b-subset (``"without_replacement"``) or b
    i.i.d. uniform indices (``"with_replacement"``)."""
    rng = np.random.default_rng(seed)
    if sampling == "with_replacement":
        return rng.integers(0, n, size=(steps, b))
    if sampling == "without_replacement":
        return np.argsort(rng.random((steps, n)), axis=1)[:, :b]
    raise ValueError(f"unknown sampling {sampling!r}")


def subset_weights(n, b, steps, seed=0):
    """An independent uniform b-subset per step."""
    return weights_from_indices(sample_indices(n, b, steps, "without_replacement", seed), n)


def full_weights(n, steps):
    """GD: every row 1/n."""
    return np.full((steps, n), 1.0 / n)
