"""Every derivation in derivations.quasi_homogeneous is proved step by step; a wrong Lambda is refuted."""

import random

import pytest

from derivations import quasi_homogeneous as D
from verify.core.kinds.identity import prove_step
from verify.core.verdict import Verdict
from verify.models import quasi_homogeneous as M

MODELS = ["affine_product", "bias_mlp", "affine_linear", "deep_bias_mlp3"]


def _verdicts(der):
    return [prove_step(st, random.Random(0))[0] for st in der.steps]


@pytest.mark.parametrize("name", MODELS)
def test_quasi_homogeneity_and_covariance_proved(name):
    for der in (D.quasi_homogeneity(name), D.gradient_covariance(name)):
        assert der.steps and all(v is Verdict.PROVED for v in _verdicts(der)), der.title


@pytest.mark.parametrize("name", ["affine_product", "bias_mlp"])
def test_euler_proved_and_wrong_rates_refuted(name):
    assert all(v is Verdict.PROVED for v in _verdicts(D.euler(name)))
    wrong = M.perturbed_rates(M.LIBRARY[name]())
    assert Verdict.REFUTED in _verdicts(D.euler(name, wrong))
    assert Verdict.REFUTED in _verdicts(D.quasi_homogeneity(name, wrong))
    assert Verdict.REFUTED in _verdicts(D.gradient_covariance(name, wrong))


def test_second_valid_lambda_r_one_third():
    """r = 1/3 is also a valid Lambda for a (w^T x) + b (digest: Lambda is not unique)."""
    m = M.affine_product(M.sp.Rational(1, 3))
    assert all(v is Verdict.PROVED for v in _verdicts(D.quasi_homogeneity("affine_product", m.rates)))


def test_conservation_and_drift():
    for der in (D.conservation_gf(), D.gd_drift()):
        assert all(v is Verdict.PROVED for v in _verdicts(der)), der.title
    for der in (D.conservation_gf(D.R_WRONG), D.gd_drift(D.R_WRONG)):
        assert Verdict.REFUTED in _verdicts(der), der.title


def test_seminorm_growth():
    assert all(v is Verdict.PROVED for v in _verdicts(D.seminorm_growth()))
    assert Verdict.REFUTED in _verdicts(D.seminorm_growth(factor=1))


def test_favoritism():
    for name in ("bias_mlp", "deep_bias_mlp3"):
        assert all(v is Verdict.PROVED for v in _verdicts(D.favoritism(name)))
    assert Verdict.REFUTED in _verdicts(D.favoritism("deep_bias_mlp3", claimed=("b1", "b2", "b3")))


def test_residual_and_normalisation_architectures():
    """Natural Lambda (and the norm head's scale-invariant W at rate 1/2) proved; the two-layer Lambda and a
    residual branch at rate 1/2 refuted."""
    half = M.sp.Rational(1, 2)
    for name, rates in (("residual_mlp", None), ("norm_head", None), ("norm_head", M.norm_head(half).rates)):
        assert all(v is Verdict.PROVED for v in _verdicts(D.quasi_homogeneity(name, rates)))
    assert Verdict.REFUTED in _verdicts(D.quasi_homogeneity("residual_mlp", M.residual_mlp(half).rates))
    for name in ("residual_mlp", "norm_head"):
        two_layer = [1 if p.name == "b" else half for p in M.LIBRARY[name]().params]
        assert Verdict.REFUTED in _verdicts(D.quasi_homogeneity(name, two_layer))
