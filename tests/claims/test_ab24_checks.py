"""ab24 check functions at fixed points: the true claim holds, the variant's relation fails there."""

import pytest
from hypothesis.errors import UnsatisfiedAssumption

from verify.claims.ab24 import checks as C
from verify.core.loader import load_builtin


def test_ordering_true_and_reversed():
    r = C.ordering(0, 0, 1.0, 1, "without_replacement")
    assert r.lhs > r.rhs + 0.1  # MiniBS strictly above lambda_max at this point
    r2 = C.ordering(0, 0, 1.0, 1, "without_replacement", pair="minibs-bs")
    assert r2.lhs > r2.rhs + 0.1


def test_full_batch_minibs_equals_sharpness():
    # b = n without replacement: the only batch is the full data set, MiniBS = lambda_max exactly
    r = C.ordering(3, 4, 2.0, 5, "without_replacement")
    assert abs(r.lhs - r.rhs) <= r.atol


@pytest.mark.parametrize("spectrum", ["psd", "indefinite"])
def test_theorem1_bound(spectrum):
    ok = 0
    for seed in range(12):
        try:
            lower, strict = C.theorem1(3, 3, spectrum, seed, 0.2, 0.05)
        except UnsatisfiedAssumption:  # BS <= 0 (indefinite H_B): eta BS = 2 + eps + delta impossible
            continue
        assert lower.holds and strict.holds
        ok += 1
    assert ok >= 5


def test_theorem1_variant_counterexample():
    # H_B = the same multiple of I for every batch: growth = (1 - eta R)^2 exactly, (eps + delta)^2 < 1 at c = 1
    lower, strict = C.theorem1(2, 2, "psd", 0, 0.0, 0.125, c=1.0)
    assert lower.holds and not strict.holds


def test_every_claim_has_a_variant():
    reg = load_builtin()
    mine = [c for c in reg if c.id.startswith("ab24.")]
    variants = {c.variant_of for c in mine if c.provenance == "variant"}
    assert {c.id for c in mine if c.provenance != "variant"} == variants


def test_variants_reuse_a_check_of_their_claim():
    reg = load_builtin()
    for c in (c for c in reg if c.id.startswith("ab24.") and c.provenance == "variant"):
        own = {ch.name for ch in reg[c.variant_of].checks}
        assert {ch.name for ch in c.checks} <= own, c.id


def test_monte_carlo_agreement_fails_only_where_the_law_is_wrong():
    from verify.core.profiles import get_profile

    true = C.monte_carlo_agreement(get_profile("quick")).criteria
    assert all(r.holds for r in true)
    drawn = C.monte_carlo_agreement(get_profile("quick"), draw="with_replacement").criteria
    failed = {r.label.split(": ")[0].split(", ")[-1] for r in drawn if not r.holds}
    assert failed == {"without_replacement"}  # i.i.d. draws estimate the with-replacement BS only


def test_minibs_at_edge_refuted_by_excess_not_by_tolerance():
    from verify.claims.ab24 import figures as F
    from verify.core.profiles import get_profile

    f = F.minibs_at_edge(get_profile("quick"))
    for b in F.BATCHES:  # MiniBS sits above 2/eta (v1 false as stated), BS inside the band on the same records
        d = f.details[f"b={b}"]
        assert d["eta_median_MiniBS_over_target"] > 1 + F.BAND and abs(d["eta_median_BS_over_target"] - 1) <= F.BAND
    assert not all(r.holds for r in f.criteria)
    assert not any(r.holds for r in F.minibs_at_edge(get_profile("quick"), target=1.0).criteria)


def test_path_dependence_bs_follows_the_new_edge():
    from verify.claims.ab24 import figures as F
    from verify.core.profiles import get_profile

    new = F.path_dependence(get_profile("quick"))
    assert all(r.holds for r in new.criteria)
    d = new.details
    assert d["lambda_max_after"][0] < 0.8 * d["lambda_max_before_switch"]  # lambda_max drops with BS
    assert not any(r.holds for r in F.path_dependence(get_profile("quick"), reference="old").criteria)


def test_plateau_onset_uses_the_trailing_median():
    from verify.claims.ab24.figures import plateau_onset

    # eta = 0.5: band [3.4, 4.6]; single records in the band (indices 1, 4) are not enough, the median of 3 is (index 5)
    assert plateau_onset([1.0, 4.0, 1.0, 1.0, 4.0, 4.2], 0.5) == 5
    assert plateau_onset([1.0, 2.0, 3.0], 0.5) is None


def test_lambda_after_plateau_flat_vs_keeps_rising():
    from verify.claims.ab24 import figures as F
    from verify.core.profiles import get_profile

    f = F.lambda_after_plateau(get_profile("quick"))
    assert all(r.holds for r in f.criteria)
    assert f.details["post_rate_per_step"] < 0.3 * f.details["pre_rate_per_step"]
    v = F.lambda_after_plateau(get_profile("quick"), op=">=")
    assert [r.holds for r in v.criteria] == [True, False]  # sharpening happened; it did not continue


def test_lambda_plateau_lower_for_larger_eta():
    from verify.claims.ab24 import figures as F
    from verify.core.profiles import get_profile

    f = F.lambda_plateau_vs_eta(get_profile("quick"))
    assert all(r.holds for r in f.criteria)
    for eta in (F.ETA, F.ETA_SMALL):  # both plateaus below their own 2/eta
        assert f.details[f"eta={eta}"]["eta_plateau_over_2"] < 0.9
    assert not any(r.holds for r in F.lambda_plateau_vs_eta(get_profile("quick"), op=">").criteria)
