"""cohen21 check functions at fixed points: thresholds separate convergence from divergence,
and each variant's prediction is wrong at a point where the true one is right."""

import numpy as np
import pytest

from verify.claims.cohen21 import checks as C
from verify.core.loader import load_builtin


@pytest.mark.parametrize("normalization", ["half_mean", "mean"])
@pytest.mark.parametrize("side", ["inside", "beyond"])
def test_gd_threshold_both_sides(side, normalization):
    assert C.gd_threshold(3, 1, side, 0.5, normalization).holds


def test_wrong_convention_fails_for_mean_loss():
    # 2/eta compared with X^T X / n while the loss has no 1/2: eta is twice too large, GD diverges
    assert not C.gd_threshold(3, 1, "inside", 0.5, "mean", assumed="half").holds
    assert C.gd_threshold(3, 1, "inside", 0.5, "half_mean", assumed="half").holds  # same convention: fine


@pytest.mark.parametrize("method", ["heavy_ball", "nesterov"])
@pytest.mark.parametrize("side", ["inside", "beyond"])
def test_momentum_threshold(method, side):
    assert C.momentum_threshold(3, 2, side, 0.3, 0.6, method=method).holds


def test_momentum_variants_fail():
    assert not C.momentum_threshold(3, 2, "beyond", 0.3, 0.6, threshold="gd").holds  # heavy ball still converges
    assert not C.momentum_threshold(3, 2, "inside", 0.3, 0.6, method="nesterov", threshold="heavy_ball").holds


def test_negative_eigenvalue_diverges():
    assert C.negative_eigenvalue(2, 0, 0.0).holds
    assert not C.negative_eigenvalue(2, 0, 0.0, predict="threshold").holds


def test_every_claim_has_a_variant():
    mine = [c for c in load_builtin() if c.id.startswith("cohen21.")]
    variants = {c.variant_of for c in mine if c.provenance == "variant"}
    assert {c.id for c in mine if c.provenance != "variant"} == variants


def test_variants_reuse_a_check_of_their_claim():
    reg = load_builtin()
    for c in (c for c in reg if c.id.startswith("cohen21.") and c.provenance == "variant"):
        own = {ch.name for ch in reg[c.variant_of].checks}
        assert {ch.name for ch in c.checks} <= own, c.id


@pytest.mark.parametrize("batch", [None, 8])
def test_network_sharpness_tracking_matches_dense_oracle(batch):
    # the runs measure lambda_max by warm-started Lanczos; the dense eigvalsh is the oracle here only
    from verify.claims.cohen21 import network as NW
    eta = 0.4 if batch is None else 0.5
    r = NW.train(eta, 300, 50, batch=batch, seed=1)
    cps, losses = NW.checkpoints(eta, 300, 50, batch=batch, seed=1)
    assert NW.problem()[2].shape[0] == NW.N_PARAMS
    dense = np.array([NW.sharpness(th) for _, th in cps])
    # ARPACK residual tolerance LANCZOS_TOL: an eigenvalue within 1e-6 relative; x10 margin
    np.testing.assert_allclose(r["sharpness"], dense, rtol=10 * NW.LANCZOS_TOL)
    assert np.all(r["hvps"] < NW.N_PARAMS)  # cheaper than a dense Hessian (p HVPs) at every checkpoint
    if batch is None:
        assert losses.shape == (301,) and np.allclose(losses[::50], r["loss"], rtol=1e-12)
