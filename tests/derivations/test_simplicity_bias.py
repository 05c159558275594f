"""Sympy derivations for glrj24 (derivations.simplicity_bias): every step proved, every
perturbed version refuted."""

import random

import pytest

import verify  # noqa: F401
from derivations import simplicity_bias as sb
from verify.core.kinds.identity import prove_step
from verify.core.verdict import Verdict


def _verdicts(d, seed=0):
    rng = random.Random(seed)
    return [prove_step(s, rng)[0] for s in d.steps]


@pytest.mark.parametrize("make", [
    sb.trace_on_manifold, lambda: sb.trace_on_manifold(act="sinh"), sb.g_convexity, sb.equal_split,
    sb.stationarity, lambda: sb.stationarity(act="cubic"), sb.label_noise_covariance, sb.activation_catalogue,
    lambda: sb.assumption("sinh"), lambda: sb.assumption("cubic"), lambda: sb.assumption("exp"),
])
def test_derivations_proved(make):
    assert all(v is Verdict.PROVED for v in _verdicts(make()))


def test_perturbed_trace_refuted():
    assert Verdict.REFUTED in _verdicts(sb.trace_on_manifold(const=2, act="sinh"))


@pytest.mark.parametrize("make", [
    lambda: sb.g_convexity(factor=1),
    lambda: sb.equal_split(3, k=2), lambda: sb.stationarity(factor=1, act="sinh"),
    lambda: sb.label_noise_covariance(power=1),
    lambda: sb.assumption("tanh"), lambda: sb.assumption("softplus"), lambda: sb.assumption("linear"),
])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_perturbed_derivations_refuted(make, seed):
    assert Verdict.REFUTED in _verdicts(make(), seed)


def test_catalogue_matches_flags():
    assert set(sb.IN_ASSUMPTION) == set(sb.ACTIVATION_EXPRS)
    assert [k for k, v in sb.IN_ASSUMPTION.items() if v] == ["sinh", "cubic", "exp"]
