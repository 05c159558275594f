"""Gradient-flow solvers on a non-stiff and a stiff problem: seconds per call, RHS and Jacobian
evaluations, error against the closed form (``verify.dynamics.gradient_flow``, tolerances as its
defaults: rtol 1e-11, atol 1e-13). Run: ``taskset -c 0 python benchmarks/bench_flow.py``.

* non-stiff: L = sum theta^4 / 4 + 1/2 |theta|^2 on p = 2 (eigenvalues of the Hessian in [1, 13]),
  t in [0, 10]; closed form theta(t) solves theta' = -theta^3 - theta coordinatewise:
  theta^2 = c e^{-2t} / (1 - c e^{-2t}) with c = theta0^2 / (1 + theta0^2).
* stiff: L = 1/2 theta^T A theta, eigenvalues 1e3, 10, 1, 1e-2 (condition 1e5), t in [0, 3];
  closed form expm(-t A) theta0.
"""

from __future__ import annotations

import time

import jax.numpy as jnp
import numpy as np
from scipy.linalg import expm

import verify  # noqa: F401  (float64)
from verify.dynamics.flow import gradient_flow

METHODS = ("LSODA", "Radau", "BDF", "DOP853", "RK45")


def problems():
    t0 = np.array([0.5, -2.0])
    c = t0**2 / (1 + t0**2)
    exact_ns = np.sign(t0) * np.sqrt(c * np.exp(-20.0) / (1 - c * np.exp(-20.0)))
    rng = np.random.default_rng(0)
    Q, _ = np.linalg.qr(rng.standard_normal((4, 4)))
    A = (Q * np.array([1e3, 10.0, 1.0, 1e-2])) @ Q.T
    A = (A + A.T) / 2
    s0 = rng.standard_normal(4)
    return {
        "non-stiff (p = 2)": (lambda th: jnp.sum(th**4) / 4 + 0.5 * jnp.sum(th**2), t0, 10.0, exact_ns),
        "stiff (p = 4, cond 1e5)": (lambda th: 0.5 * th @ (jnp.asarray(A) @ th), s0, 3.0, expm(-3.0 * A) @ s0),
    }


def main():
    print(f"| problem | method | seconds per call | RHS evaluations | Jacobians | max error |")
    print("|---|---|---:|---:|---:|---:|")
    for name, (loss, th0, T, exact) in problems().items():
        for m in METHODS:
            gradient_flow(loss, th0, T, method=m)  # compile the gradient / Hessian once
            t = time.perf_counter()
            fl = gradient_flow(loss, th0, T, method=m)
            dt = time.perf_counter() - t
            print(f"| {name} | {m} | {dt:.3f} | {fl.nfev} | {fl.njev} | {np.abs(fl.theta - exact).max():.1e} |")


if __name__ == "__main__":
    main()
