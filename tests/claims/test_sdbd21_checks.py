"""sdbd21 checks: measured orders and the exact GD equality, true claims and the swapped conventions."""

import numpy as np

from verify.claims.sdbd21 import checks as C
from verify.core.loader import load_builtin
from verify.measure.loglog import fit_slope


def _slope(e):
    return fit_slope(C.EPS, e).slope


def test_smith_orders():
    assert abs(_slope(C.smith_errors()) - 3) < 0.1
    assert abs(_slope(C.smith_errors(coef=0.5)) - 2) < 0.1
    assert abs(_slope(C.smith_errors(scheme="with_replacement")) - 2) < 0.1


def test_difference_orders():
    assert abs(_slope(C.difference_errors()) - 3) < 0.1
    assert abs(_slope(C.difference_errors("cyclic")) - 2) < 0.1


def test_wr_equals_gd_and_where_it_fails():
    for seed in range(5):
        r = C.mean_vs_gd(3, 3, 2, seed, 0.7)
        assert r.lhs <= r.atol
        assert C.mean_vs_gd(3, 3, 2, seed, 0.7, scheme="reshuffle").lhs > 1e6 * r.atol
        assert C.mean_vs_gd(3, 3, 2, seed, 0.7, cubic=0.5).lhs > 1e6 * r.atol
    # t = 1: every scheme draws one uniform batch, so even reshuffling equals one GD step in mean
    assert C.mean_vs_gd(3, 1, 2, 0, 0.7, scheme="reshuffle").lhs < 1e-14


def test_every_claim_has_a_variant():
    reg = load_builtin()
    for key in ("sdbd21.", "bd21."):
        mine = [c for c in reg if c.id.startswith(key)]
        variants = {c.variant_of for c in mine if c.provenance == "variant"}
        assert {c.id for c in mine if c.provenance != "variant"} == variants


def test_equal_partitions_count_and_partition_average():
    from math import factorial

    for N, B in C.PARTITION_CASES:
        m = N // B
        assert len(list(C.equal_partitions(list(range(N)), B))) == factorial(N) // (factorial(B) ** m * factorial(m))
    assert all(r.lhs == r.rhs for r in C.partition_average())
    assert not any(r.lhs == r.rhs for r in C.partition_average("with_replacement"))
