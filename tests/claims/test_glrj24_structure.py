"""glrj24 claim family: structure (every claim has checks, negative controls exist, conventions shown).
The checks themselves run as items of tests/test_claims.py (``pytest -k glrj24``)."""

import verify  # noqa: F401
from verify.core.loader import load_builtin

REG = load_builtin()
CLAIMS = [c for c in REG if c.id.startswith("glrj24.")]
BY_ID = {c.id: c for c in CLAIMS}


def test_family_is_registered():
    for cid in ("glrj24.rank-one-minimizers", "glrj24.global-linear-convergence", "glrj24.geodesic-convexity",
                "glrj24.single-feature", "glrj24.trace-on-manifold", "glrj24.g-convexity", "glrj24.equal-split",
                "glrj24.stationarity-conditions", "glrj24.label-noise-covariance", "glrj24.activation-catalogue"):
        assert cid in BY_ID


def test_every_non_variant_claim_has_a_negative_control():
    variants_of = {c.variant_of for c in CLAIMS if c.provenance == "variant"}
    missing = [c.id for c in CLAIMS if c.provenance != "variant" and c.id not in variants_of
               and c.id != "glrj24.tanh-saddle"]  # tanh-saddle is itself the dropped-assumption finding
    assert not missing, missing


def test_variants_reuse_a_check_of_their_claim():
    """A variant's check is the claim's check with one thing perturbed: same name (or, for the
    catalogue, the per-activation family ``assumption_<name>``)."""
    for c in CLAIMS:
        if c.provenance == "variant":
            base = {k.name for k in BY_ID[c.variant_of].checks}
            for k in c.checks:
                assert k.name in base or any(b.startswith(k.name + "_") for b in base), (c.id, k.name)


def test_conventions_and_sources():
    for c in CLAIMS:
        assert c.checks and c.statement and c.conventions
        if c.provenance != "variant":
            assert c.source is not None
        if c.provenance == "paper":
            assert "loss" in c.conventions and c.assumptions and c.domain
    for cid in ("glrj24.single-feature", "glrj24.label-noise-time-scale", "glrj24.label-noise-covariance"):
        conv = BY_ID[cid].conventions
        assert "label noise" in conv and "std" in conv["label noise"]


def test_derivations_are_identities():
    for cid in ("glrj24.trace-on-manifold", "glrj24.g-convexity", "glrj24.equal-split",
                "glrj24.stationarity-conditions", "glrj24.label-noise-covariance", "glrj24.activation-catalogue"):
        assert BY_ID[cid].checks[0].kind == "identity"
    # the trace formula is proved at m = d = n = 2 and cross-checked numerically at the experiment's sizes
    assert [k.kind for k in BY_ID["glrj24.trace-on-manifold"].checks] == ["identity", "property"]
