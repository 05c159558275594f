"""Minibatch SGD under ``jax.jit`` + ``lax.scan`` with an explicit sampling scheme.

    theta_{t+1} = theta_t - eta * nabla_theta loss_batch(theta_t, S_t),   |S_t| = B,

where ``loss_batch(theta, idx, *args)`` is the mean loss over the indices ``idx`` (int array of
shape (B,); ``args``, default none, are the data, traced: new data of the same shapes reuse the
compiled run), and S_t is drawn by ``sampling``:

* ``"with_replacement"``:    B i.i.d. uniform indices in {0..n-1} (duplicates possible);
* ``"without_replacement"``: a uniform B-subset, independently each step;
* ``"reshuffle"``:           random reshuffling: epoch e = t // (n // B) draws a fresh uniform
                             permutation pi_e, and step t uses its block
                             pi_e[(t mod (n//B)) * B : ... + B]; when B does not divide n the
                             last n mod B entries of each permutation are skipped.

Randomness: key_t = fold_in(PRNGKey(seed), t) (with replacement / subsets) or
fold_in(PRNGKey(seed), e) (reshuffle), so a run is a deterministic function of ``seed``;
:func:`batch_indices` returns exactly the index sets a run uses.  ``record`` is evaluated at
theta_0..theta_steps (leading axis steps + 1), as in :func:`verify.dynamics.gd.gd`.
The minibatch-gradient covariance factor kappa is :func:`verify.measure.noise.kappa`.
"""


import jax
import jax.numpy as jnp

from verify.measure.derivatives import memo

from verify.dynamics.gd import Run, _stack_first

SAMPLINGS = ("with_replacement", "without_replacement", "reshuffle")


def _indices(key, t, n, B, sampling):
    if sampling == "with_replacement":
        return jax.random.randint(jax.random.fold_in(key, t), (B,), 0, n)
    if sampling == "without_replacement":
        return jax.random.permutation(jax.random.fold_in(key, t), n)[:B]
    if sampling == "reshuffle":
        per = n // B
        perm = jax.random.permutation(jax.random.fold_in(key, t // per), n)
        return jax.lax.dynamic_slice(perm, ((t % per) * B,), (B,))
    raise ValueError(f"unknown sampling {sampling!r} (one of {SAMPLINGS})")


def _check(n, batch, sampling):
    if sampling not in SAMPLINGS:
        raise ValueError(f"unknown sampling {sampling!r} (one of {SAMPLINGS})")
    if batch < 1 or (sampling != "with_replacement" and batch > n):
        raise ValueError(f"batch size {batch} invalid for n={n} under {sampling}")


@memo
def _indices_runner(n, B, steps, sampling):
    return jax.jit(lambda key: jax.vmap(lambda t: _indices(key, t, n, B, sampling))(jnp.arange(steps)))


def batch_indices(n, batch, steps, *, sampling="with_replacement", seed=0):
    """(steps, batch) int array: the index set S_t of every step of a run with this seed."""
    _check(n, batch, sampling)
    return _indices_runner(int(n), int(batch), int(steps), sampling)(jax.random.PRNGKey(seed))


@memo
def _runner(loss_batch, n, B, steps, sampling, record):
    g = jax.grad(loss_batch)

    def run(theta0, eta, key, *args):
        def step(theta, t):
            idx = _indices(key, t, n, B, sampling)
            new = theta - eta * g(theta, idx, *args)
            return new, (record(new) if record is not None else None)

        theta, rest = jax.lax.scan(step, theta0, jnp.arange(steps))
        if record is None:
            return theta, None
        return theta, _stack_first(record(theta0), rest)

    return jax.jit(run)


def sgd(loss_batch, theta0, n, eta, batch, steps, *, sampling="with_replacement", seed=0, record=None,
        args=()):
    """Run ``steps`` SGD steps; returns :class:`~verify.dynamics.gd.Run` (theta, records)."""
    _check(n, batch, sampling)
    theta0 = jnp.asarray(theta0, dtype=jnp.float64)
    f = _runner(loss_batch, int(n), int(batch), int(steps), sampling, record)
    theta, rec = f(theta0, jnp.asarray(eta, dtype=jnp.float64), jax.random.PRNGKey(seed), *args)
    return Run(theta, rec)
