"""Every identity check of a built-in claim that is not a variant declares the claim's own relation
(``states=``), so its ``proved`` means the derivation concluded that relation (DESIGN, check kinds).
Exceptions are listed with their reason; removing one is the way to extend the links."""

from verify.core.loader import load_builtin

UNLINKED: dict[tuple[str, str], str] = {
    ("wws22.isotropic", "fourth_moment"): "a lemma (the Gaussian fourth moment) that the claim does not state; the "
                                          "claim's relations are in its rate, threshold and tightness checks",
}


def _unlinked():
    return {(c.id, ch.name) for c in load_builtin() if c.provenance != "variant"
            for ch in c.checks if ch.kind == "identity" and ch.states is None}


def test_every_identity_check_states_its_claims_relation():
    assert sorted(_unlinked() - set(UNLINKED)) == []


def test_the_exceptions_are_current():
    assert sorted(set(UNLINKED) - _unlinked()) == []  # an exception that has since been linked is removed
