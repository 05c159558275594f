"""Check functions for the kymg23 claims (declared in ``claims.py``).

Each check is a pure function of an example and of the constant / rates it tests, so that a
claim and its negative-control variant share code. No claims are declared here.

* :func:`qh_numerical`: ``f(psi_alpha theta) = e^alpha f(theta)`` and E1 by autodiff, for a model
  of the library at random (theta, X, alpha); the rates are a parameter (wrong Lambda refutes).
* :func:`gd_drift_exponent`: per-step drift of ``Q = theta^T (Lambda_1 - Lambda_2) theta`` under one
  GD step of the exponential loss, at eta and eta/2: ``log2(drift(eta)/drift(eta/2))`` against the
  claimed exponent (2; the variant says 1).
* :func:`hessian_covariance`: E3, ``hess f(psi_alpha theta) = e^alpha e^{-alpha Lambda} hess f(theta)
  e^{-alpha Lambda}``, by dense autodiff Hessians at theta and psi_alpha theta, for a model of the
  library (the exponent of ``e^alpha`` is a parameter: the variant's 2 refutes).
* :func:`gf_conserved`: Q along an LSODA gradient-flow integration (rtol 1e-11) of the exponential
  loss, for a second rate vector ``Lambda_2`` (valid: conserved; invalid: not).
"""

from __future__ import annotations

import math

import hypothesis.strategies as st
from hypothesis import assume
import jax
import jax.numpy as jnp
import numpy as np

from verify.core.relation import Relation
from verify.dynamics import gd, gradient_flow
from verify.measure.derivatives import grad_fn
from verify.measure import quasi_homogeneity as H
from verify.models import quasi_homogeneous as M

EPS64 = 2.0**-52
N_DATA = 6
MODELS = {name: make() for name, make in M.LIBRARY.items()}
_FN = {name: jax.jit(m.fn) for name, m in MODELS.items()}  # one compile per model (data shapes fixed)
AFFINE = MODELS["affine_product"]
LAM1 = np.array([0.5, 0.5, 0.5, 1.0])  # r = 1/2
LAM2 = {"valid": np.array([1 / 3, 2 / 3, 2 / 3, 1.0]),  # r = 1/3: also a valid Lambda
        "invalid": np.array([1 / 3, 1 / 3, 1 / 3, 1.0])}  # not a valid Lambda (derivations.R_WRONG)

ORIGINAL = ("affine_linear", "affine_product", "bias_mlp", "deep_bias_mlp3")  # kymg23.quasi-homogeneity / euler
QH_GIVEN = {"model": st.sampled_from(ORIGINAL), "seed": st.integers(0, 2**16), "alpha": st.floats(-3.0, 3.0), "log_scale": st.floats(-1.0, 1.0)}
ARCH_GIVEN = {**QH_GIVEN, "model": st.sampled_from(sorted(M.ARCHITECTURES))}  # residual_mlp, norm_head
# E3 on every model with a non-zero Hessian (affine_linear's is 0: nothing to compare)
HESS_GIVEN = {**QH_GIVEN, "model": st.sampled_from(sorted(set(MODELS) - {"affine_linear"}))}
DRIFT_GIVEN = {"seed": st.integers(0, 2**16), "eta": st.floats(1e-3, 3e-2)}
GF_GIVEN = {"seed": st.integers(0, 2**16)}


def _example(model, seed, log_scale=0.0):
    rng = np.random.default_rng(seed)
    theta = 10.0**log_scale * rng.normal(size=len(model.params))
    X = jnp.asarray(rng.normal(size=(N_DATA, 2)))
    return theta, X


def _rates(m, which):
    """``natural``; ``perturbed`` (lambda_last + 1/10); ``two-layer`` (every rate 1/2, output bias b 1)."""
    if which == "natural":
        return m.rates
    if which == "perturbed":
        return M.perturbed_rates(m)
    if which == "two-layer":
        return tuple(1.0 if p.name == "b" else 0.5 for p in m.params)
    raise ValueError(which)


def qh_numerical(model, seed, alpha, log_scale, rates="natural", which="qh"):
    """Relative defect of quasi-homogeneity (``which="qh"``) or of E1 by autodiff (``"euler"``), against 0."""
    m = MODELS[model]
    rates = _rates(m, rates)
    theta, X = _example(m, seed, log_scale)
    fn = _FN[model]
    why = ("float64 evaluation of f (<= ~12 flops per term, each term bounded by f(|theta|, |x|)) "
           "and of exp(alpha lambda_i): <= ~30 ulp of the term scale; tolerance 1e-12 ~ 4500 ulp")
    if which == "qh":
        return Relation(H.numerical_defect(fn, theta, X, rates, [alpha]), "<=", 0.0, atol=1e-12, why=why,
                        label="quasi-homogeneity (relative)")
    e1 = H.euler_defect(fn, theta, X, rates)
    scale = float(jnp.max(fn(jnp.abs(jnp.asarray(theta)), jnp.abs(X))))  # bounds every term's size
    return Relation(float(jnp.max(jnp.abs(e1))) / scale, "<=", 0.0, atol=1e-12, why=why,
                    label="E1 <grad f, Lambda theta> - f (relative, autodiff)")


def hessian_covariance(model, seed, alpha, log_scale, degree=1.0):
    """Relative defect of E3 with ``e^{degree alpha}`` (true 1; the variant 2), against 0."""
    m = MODELS[model]
    theta, X = _example(m, seed, log_scale)
    defect = H.hessian_covariance_defect(m.fn, theta, X, m.rates, alpha, degree)
    if math.isnan(defect):  # H(theta) = 0 (every ReLU unit off): no evidence either way
        assume(False)
    return Relation(defect, "<=", 0.0, atol=1e-12, label="E3 pulled back to theta, relative to max |H(theta)|",
                    why="autodiff Hessian entries are sums of <= ~10 products of <= 4 factors (norm_head: rational "
                        "functions of O(1) values): rounding <= ~50 ulp ~ 1e-14 of max|H|; pulling back by "
                        "e^{alpha Lambda} multiplies each entry's error by the inverse of its own rescaling, so it "
                        "stays on the scale of H(theta). Measured <= 1e-15 over 1800 draws; tolerance 1e-12 (x100)")


def _exp_loss(theta, X, y):
    """Exponential loss ``sum_i exp(-y_i f(x_i))`` of ``f = a (w^T x) + b`` (sum, not mean)."""
    return jnp.sum(jnp.exp(-y * AFFINE.fn(theta, X)))


def _drift_example(seed):
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=4)
    X = jnp.asarray(rng.normal(size=(N_DATA, 2)))
    y = jnp.asarray(np.where(rng.random(N_DATA) < 0.5, -1.0, 1.0))
    return theta, X, y


def _q(theta, lam2):
    return float(np.sum((LAM1 - lam2) * np.asarray(theta) ** 2))


def gd_drift_exponent(seed, eta, exponent=2.0):
    """``log2(drift(eta) / drift(eta/2))`` of Q after one GD step, against ``exponent``."""
    theta, X, y = _drift_example(seed)
    lam2 = LAM2["valid"]
    q0 = _q(theta, lam2)
    drifts = [_q(gd(_exp_loss, theta, e, 1, args=(X, y)).theta, lam2) - q0 for e in (eta, eta / 2)]
    # rounding of Q (a sum of 4 squares of O(|theta|) numbers) and of one GD step: ~8 ulp of |theta|^2 (1 + eta |G|)^2
    g = np.asarray(grad_fn(_exp_loss)(jnp.asarray(theta), X, y))
    err_q = 8 * EPS64 * (np.sum(theta**2) + eta * np.sum(np.abs(theta * g)) + eta**2 * np.sum(g**2))
    rel = err_q / max(abs(drifts[1]), 1e-300)  # relative error of each drift (the smaller one bounds both)
    tol = 4 * rel / math.log(2) + 1e-12
    slope = math.log2(abs(drifts[0]) / abs(drifts[1])) if drifts[1] != 0 else float("nan")
    return Relation(slope, "==", exponent, atol=tol,
                    why=f"slope error <= 2 * (relative drift error {rel:.1e}) / ln 2, x2 margin")


def gf_conserved(seed, lam2="valid"):
    """|Q(T) - Q(0)| along gradient flow (t in [0, 2]) against 0."""
    theta, X, y = _drift_example(seed)
    fl = gradient_flow(_exp_loss, theta, 2.0, rtol=1e-11, atol=1e-13, args=(X, y))
    lam = LAM2[lam2]
    q = [_q(th, lam) for th in fl.thetas]
    scale = max(float(np.max(np.sum(fl.thetas**2, axis=1))), 1.0)
    return Relation(max(abs(v - q[0]) for v in q), "<=", 0.0, atol=1e-9 * scale,
                    why="LSODA rtol 1e-11 / atol 1e-13: global relative error of theta over t in [0, 2] "
                        "~1e-10, so |dQ| <~ 2e-10 max|theta|^2; x5 margin")
