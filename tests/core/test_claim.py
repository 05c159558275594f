"""Declaring claims: ``claim`` and its negative-control shorthand ``variant``."""

import pytest

from verify.core.claim import claim, variant
from verify.core.registry import collecting


def test_variant_is_a_claim_expected_to_fail_that_names_its_original():
    with collecting() as reg:
        claim("toy.truth", title="t", statement="x = x")
        v = variant("toy.truth.wrong", "toy.truth", title="w", statement="x = 2x", notes="n")
    assert reg["toy.truth.wrong"] is v
    assert (v.provenance, v.variant_of, v.expected, v.notes) == ("variant", "toy.truth", "fails", "n")


def test_the_declaring_module_is_the_caller_for_claim_and_variant():
    with collecting():
        c = claim("toy.a", title="t", statement="s")
        v = variant("toy.a.v", "toy.a", title="t", statement="s")
    assert c.module == v.module == __name__


def test_a_variant_must_name_what_it_perturbs():
    with collecting(), pytest.raises(ValueError, match="variant_of"):
        variant("toy.b.v", "", title="t", statement="s")
