"""Benchmark of the shared instruments on tanh MLPs of ~1e3 to ~1e5 parameters.

Times (minimum over interleaved repeats, after compilation, ``block_until_ready``):

* a jitted gradient vs a jitted Hessian-vector product (forward-over-reverse); target
  HVP <= 3x gradient;
* sharpness by dense ``eigh`` (where p <= DENSE_MAX) vs Lanczos (``eigsh(which="LA")``,
  tol=1e-10): HVPs used, wall time, relative difference to the dense value.

Data: n = 256 samples, d = 10 inputs, one output, half_mean MSE, Lecun init (seed 0).
Run:  python benchmarks/bench_instruments.py   (prints a Markdown table)
"""

import argparse
import time

import jax
import jax.numpy as jnp
import numpy as np

import verify  # noqa: F401  (float64)
from verify.measure.curvature import sharpness
from verify.measure.derivatives import grad_fn, hessian_fn, hvp_fn
from verify.models.mlp import flatten, init_mlp, mlp_loss, num_params

SIZES = [(10, 30, 30, 1), (10, 50, 40, 1), (10, 100, 80, 1), (10, 300, 300, 1)]
DENSE_MAX = 3000


def _timeit_pair(f, g, repeats):
    """Minimum wall time of f and of g over interleaved repeats (robust to a loaded machine)."""
    jax.block_until_ready(f())  # compile / warm up
    jax.block_until_ready(g())
    tf, tg = [], []
    for _ in range(repeats):
        for fn, ts in ((f, tf), (g, tg)):
            t0 = time.perf_counter()
            jax.block_until_ready(fn())
            ts.append(time.perf_counter() - t0)
    return float(np.min(tf)), float(np.min(tg))


def bench(widths, repeats=20, n=256):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((n, widths[0])), rng.standard_normal(n)
    loss, _ = mlp_loss(list(widths), X, y, activation="tanh")
    theta, _ = flatten(init_mlp(jax.random.PRNGKey(0), widths))
    p = theta.shape[0]
    v = jnp.asarray(rng.standard_normal(p))
    g, h = grad_fn(loss), hvp_fn(loss)
    tg, th = _timeit_pair(lambda: g(theta), lambda: h(theta, v), repeats)
    row = {"widths": "-".join(map(str, widths)), "p": p, "grad_ms": 1e3 * tg, "hvp_ms": 1e3 * th,
           "ratio": th / tg}
    t0 = time.perf_counter()
    lz = sharpness(loss, theta, method="lanczos", tol=1e-10)
    row.update(lanczos_s=time.perf_counter() - t0, hvps=lz.hvps, lam=lz.value, residual=lz.residual)
    if p <= DENSE_MAX:
        hessian_fn(loss)(theta).block_until_ready()  # compile outside the timing
        t0 = time.perf_counter()
        de = sharpness(loss, theta, method="dense")
        row.update(dense_s=time.perf_counter() - t0, rel=abs(lz.value - de.value) / abs(de.value))
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args(argv)
    print(f"jax {jax.__version__}, devices {jax.devices()}, float64 "
          f"{jax.config.jax_enable_x64}\n")
    print("| widths | p | grad (ms) | HVP (ms) | HVP/grad | lambda_max | Lanczos HVPs | "
          "Lanczos (s) | residual | dense (s) | rel. diff vs dense |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for w in SIZES:
        assert num_params(w) > 0
        r = bench(w, args.repeats)
        dense = f"{r['dense_s']:.2f}" if "dense_s" in r else "n/a"
        rel = f"{r['rel']:.1e}" if "rel" in r else "n/a"
        print(f"| {r['widths']} | {r['p']} | {r['grad_ms']:.3f} | {r['hvp_ms']:.3f} | "
              f"{r['ratio']:.2f} | {r['lam']:.6g} | {r['hvps']} | {r['lanczos_s']:.2f} | "
              f"{r['residual']:.1e} | {dense} | {rel} |", flush=True)


if __name__ == "__main__":
    main()
