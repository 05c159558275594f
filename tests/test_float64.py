"""`import verify` switches JAX to float64 before any array exists."""

import jax
import jax.numpy as jnp
import numpy as np

import verify  # noqa: F401
from verify.measure.derivatives import grad, hessian
from verify.models.mlp import flatten, init_mlp


def test_x64_enabled():
    assert jax.config.jax_enable_x64 is True
    assert jnp.zeros(3).dtype == jnp.float64
    assert jnp.asarray(1.0).dtype == jnp.float64


def test_instruments_return_float64():
    theta, _ = flatten(init_mlp(jax.random.PRNGKey(0), [2, 3, 1]))
    assert theta.dtype == jnp.float64
    loss = lambda t: jnp.sum(jnp.sin(t) ** 2)  # noqa: E731
    assert grad(loss, theta).dtype == jnp.float64
    assert hessian(loss, theta).dtype == jnp.float64
    # float64 resolution, not float32: 1 + 2^-40 is distinguishable from 1
    assert float(jnp.asarray(1.0) + 2.0**-40) != 1.0
    assert np.finfo(np.asarray(theta).dtype).eps == 2.0**-52


def test_compilation_cache_is_on_and_can_be_turned_off(tmp_path):
    # a fresh interpreter with VERIFY_JAX_CACHE=<folder> writes compiled code there; =off writes nothing
    import os
    import subprocess
    import sys

    code = "import verify, jax, jax.numpy as jnp; jax.jit(lambda x: jnp.sin(x) * 3)(jnp.ones(7)); print(verify.COMPILATION_CACHE)"
    for choice, expect_files in ((str(tmp_path / "c"), True), ("off", False)):
        env = {k: v for k, v in os.environ.items() if k != "JAX_COMPILATION_CACHE_DIR"} | {"VERIFY_JAX_CACHE": choice}
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == (choice if expect_files else "None")
    assert any((tmp_path / "c").iterdir())
