"""Seconds per example of a user's conjecture whose data are drawn per example, before and after
passing the data as traced arguments. Run: ``taskset -c 0 python benchmarks/bench_conjecture.py``.

The conjecture (true; the check can fail): on a small tanh MLP (widths 3-8-1, 41 parameters) with a
data set drawn per example (n = 8, seed drawn), 100 GD steps at eta = 0.2 / lambda_max(H_0)
do not increase the loss (descent lemma: eta < 2/L along the path). Each example measures
lambda_max (dense eigh of the autodiff Hessian), runs GD (jit + lax.scan) and evaluates the loss.

* ``closure``: the loss closes over the drawn data (``mlp_loss(widths, X, y)``), the way a
  conjecture was written before: every example is a new function, so the Hessian and the GD scan
  are compiled again for every example.
* ``traced``: the same loss as ``Problem.objective`` of ``strategies.mlp_problems`` with the data as
  traced arguments (``args=p.args``): compiled once per shape.

Both run the same examples through the same verify property check (``run_check``, profile
``default``, seed 0); the table gives examples, wall seconds, seconds per example after the first,
and XLA compiles (``jax_log_compiles``).
"""

from __future__ import annotations

import logging
import time

import hypothesis.strategies as st
import jax
import jax.numpy as jnp

import verify  # noqa: F401  (float64)
from verify import Relation, claim
from verify.core.profiles import get_profile
from verify.core.runner import run_check
from verify.dynamics.gd import gd
from verify.measure.curvature import sharpness
from verify.models.mlp import flatten, init_mlp, mlp_loss
from verify.strategies import Problem, _mlp_loss, _Unravel, dataset

WIDTHS = (3, 8, 1)
EXAMPLES = 30


class _Compiles(logging.Handler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def emit(self, record):
        if record.getMessage().startswith("Compiling "):
            self.count += 1


def _problem(seed):
    ds = dataset(8, WIDTHS[0], seed=seed)
    theta, unravel = flatten(init_mlp(jax.random.PRNGKey(seed), list(WIDTHS)))
    return ds, jnp.asarray(theta), Problem("mlp", {"seed": seed}, jnp.asarray(theta), _mlp_loss,
                                           (jnp.asarray(ds.X), jnp.asarray(ds.y)),
                                           (_Unravel(unravel, WIDTHS), "tanh"), ds.n)


def descent(seed, mode):
    ds, theta0, p = _problem(seed)
    if mode == "closure":
        loss, args = mlp_loss(list(WIDTHS), ds.X, ds.y)[0], ()
    else:
        loss, args = p.objective, p.args
    lam = sharpness(loss, theta0, method="dense", args=args).value
    run = gd(loss, theta0, 0.2 / lam, 100, args=args)
    l0, l1 = float(loss(theta0, *args)), float(loss(run.theta, *args))
    # 100 float64 steps of a 41-parameter tanh MLP: rounding <= 1e3 * eps * |L| (generous)
    return Relation(l1, "<=", l0, atol=1e3 * 2.2e-16 * abs(l0), why="rounding of 100 GD steps")


def bench(mode):
    c = claim(f"bench.descent-{mode}", title="GD with eta = 0.2/lambda_max does not increase the loss",
              statement="L(theta_100) <= L(theta_0)", provenance="conjecture", domain="seed in 0..2^16")
    c.property(given={"seed": st.integers(0, 2**16)}, examples=EXAMPLES)(lambda seed: descent(seed, mode))
    h = _Compiles()
    logging.getLogger("jax").addHandler(h)
    jax.config.update("jax_log_compiles", True)
    t = time.perf_counter()
    res = run_check(c, c.checks[0], get_profile("default"), 0)
    wall = time.perf_counter() - t
    jax.config.update("jax_log_compiles", False)
    logging.getLogger("jax").removeHandler(h)
    return res, wall, h.count


def main():
    print("| loss | examples | verdict | wall s | s per example | XLA compiles |")
    print("|---|---:|---:|---:|---:|---:|")
    for mode in ("closure", "traced"):
        res, wall, compiles = bench(mode)
        print(f"| {mode} | {res.examples} | {res.verdict.value} | {wall:.1f} | {wall / max(res.examples, 1):.3f} "
              f"| {compiles} |")


if __name__ == "__main__":
    logging.getLogger("jax").setLevel(logging.WARNING)
    main()
