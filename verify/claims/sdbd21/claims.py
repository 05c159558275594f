"""Claim declarations of sdbd21 (Smith, Dherin, Barrett, De, "On the Origin of Implicit Regularization in
Stochastic Gradient Descent", ICLR 2021, arXiv:2101.12176), baseline of b23 (arXiv:2312.16143), and the
with- vs without-replacement identities of the b23 digest (Sec. 4.3, derived by the research team).

1. the epoch-mean expansion under random reshuffling to O(m^3 eps^3) (sympy, per-batch quadratics,
   m = 3, d = 2: proved for that instance; slope 3 measured with exact averages over all 4! orders on
   non-quadratic batch losses) and the modified-loss flow form (slope 3);
2. E_wo - E_wr = -(eps^2/4) grad sum_k |g_k - g|^2 + O(eps^3) (sympy; slope 3);
3. with replacement the mean is exactly GD for sums of quadratics (sympy instance; enumeration of all
   m^t sequences over eta lambda in (-0.5, 1.9)); it fails for reshuffling and for non-quadratic losses;
4. variants: coefficient 1/2; the sampling convention swapped (with-replacement mean vs Smith's
   expansion; a cyclic reference in the difference; reshuffling in the GD equality); the quadratic
   assumption dropped.
"""

from __future__ import annotations

from functools import partial

import sympy as sp

from derivations import backward_error as D
from derivations import epoch_expansion as EE
from verify import Source, claim, variant
from verify.claims.sdbd21 import checks as C
from verify.claims.sdbd21 import figures as F

SRC = Source("Smith, Dherin, Barrett & De 2021", arxiv="2101.12176",
             where="Sec. 2: E(omega_m) expansion and modified loss under random shuffling (equations as reproduced "
                   "in the secondary notes cited in the digest)", url="https://arxiv.org/abs/2101.12176")
DERIVED = Source("Beneventano 2023 setting; derived by the verify team", arxiv="2312.16143v2",
                 where="digest Sec. 4.3 (with vs without replacement)", url="https://arxiv.org/abs/2312.16143")
CONV = {"batch loss": "C_k = batch *mean* loss, C = (1/m) sum_k C_k, m batches of a fixed partition",
        "reshuffle": "one epoch = a uniform random order of the m batches; expectation over the order (exact, all m!)",
        "with replacement": "batch level: each step one of the m fixed batches uniformly, i.i.d. (exact, all m^m)",
        "cyclic": "the fixed order 0..m-1",
        "modified loss": "C~_SGD = C + (eps/4m) sum_k |grad C_k|^2, flow over time m eps"}
NONQUAD = ("d = 3, m = 4, C_k = theta^T A_k theta/2 - b_k^T theta + c_k sum theta^4/4 + (w_k . theta)^3/6 (seed 0), "
           "eps in [1.25e-3, 2e-2] (m eps lambda_max <= 0.5)")

mean = claim(
    "sdbd21.epoch-mean", title="Reshuffled epoch mean = theta_0 - m eps grad C + (m^2 eps^2/4) grad(...) + O(m^3 eps^3)",
    statement="Averaged over the order of the m batches, E[omega_m] = omega_0 - m eps grad C + (m^2 eps^2/4) "
              "grad(|grad C|^2 - (1/m^2) sum_k |grad C_k|^2) + O(m^3 eps^3).",
    latex=r"\mathbb E\omega_m=\omega_0-m\epsilon\nabla C+\tfrac{m^2\epsilon^2}{4}\nabla\Big(\|\nabla C\|^2-\tfrac1{m^2}\sum_k\|\nabla C_k\|^2\Big)+O(m^3\epsilon^3)",
    source=SRC, provenance="paper", conventions=CONV, domain="derivation: " + "per-batch quadratics, m = 3, d = 2, "
    "symbolic; measurement: " + NONQUAD,
    notes="Meaningful only when m eps lambda_max << 1 (the dropped terms include m^3 eps^3 H^2 g); not encoded as a "
          "separate check.")
mean.identity(D.epoch_mean, name="derivation", states=D.epoch_mean_statement)
mean.experiment(F.smith_slope, name="slope")

mean_m = claim(
    "sdbd21.epoch-mean-general-m", title="The eps^2 term of the reshuffled epoch mean for m = 2..5 batches",
    statement="For every number of batches m, the eps^2 coefficient of E[omega_m] averaged over the m! orders is "
              "(1/2) sum_(a != b) H_a g_b = (m^2/4) grad(|grad C|^2 - (1/m^2) sum_k |grad C_k|^2).",
    latex=r"\mathbb E_\pi[c_2]=\tfrac12\sum_{a\ne b}H_ag_b=\tfrac{m^2}{4}\nabla\Big(\|\nabla C\|^2-\tfrac1{m^2}"
          r"\sum_k\|\nabla C_k\|^2\Big)",
    source=SRC, provenance="paper", conventions=CONV,
    domain="per-batch quadratics on R^2 with symbolic symmetric A_k, b_k; m = 2, 3, 4, 5 (all m! orders); symbolic",
    notes="Smith et al. state the expansion for every m; sdbd21.epoch-mean proves m = 3. Here m = 2..5, each the "
          "exact average of the eps^2 coefficient (truncated-series products), first in the anticorrelation form "
          "(1/2) sum_(a != b) H_a g_b, whose general-m argument is: positions k < j hold (a, b), a != b, with "
          "probability 1/(m(m-1)) and there are m(m-1)/2 such pairs. The control reads the batch-variance "
          "coefficient off m = 2 ((m - 1)/4 instead of 1/4): it holds at m = 2 and is refuted from m = 3 on.")
mean_m.identity(EE.epoch_mean_m, name="derivation", states=EE.epoch_mean_m_statement)

mod = claim(
    "sdbd21.modified-loss", title="Reshuffled epoch mean follows the flow of C + (eps/4m) sum_k |grad C_k|^2",
    statement="E[omega_m] = omega(m eps) + O(m^3 eps^3), omega' = -grad C~_SGD, C~_SGD = C + (eps/4m) sum_k |grad C_k|^2.",
    source=SRC, provenance="paper", conventions=CONV, domain=NONQUAD,
    notes="Measured only (the flow form follows from the expansion by one Taylor step; not derived separately).")
mod.experiment(lambda profile: F.smith_slope(profile, reference="flow"), name="slope")

diff = claim(
    "sdbd21.wo-minus-wr", title="E_wo - E_wr = -(eps^2/4) grad sum_k |g_k - g|^2 + O(eps^3)",
    statement="After one epoch, the mean without replacement (reshuffling) minus the mean with replacement (i.i.d. "
              "batches) is -(eps^2/4) grad sum_k |grad C_k - grad C|^2 + O(eps^3): Smith's batch-variance regulariser "
              "is an imprint of reshuffling (anticorrelated batches).",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="derivation: per-batch quadratics m = 3, d = 2; measurement: " + NONQUAD)
diff.identity(D.difference, name="derivation", states=D.difference_statement)
diff.experiment(F.difference_slope, name="slope")

wr = claim(
    "sdbd21.wr-mean-is-gd", title="With replacement, the mean iterate is exactly GD for sums of quadratics",
    statement="For per-batch quadratic losses and i.i.d. batches, E_wr[theta_t] = theta_t^GD for every eta and t.",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="m in {2, 3}, t in {2, 3, 4}, d in {2, 3}, eta in [0.05, 1], eta lambda(A_k) in (-0.5, 1.9); exact "
           "enumeration of all m^t sequences",
    notes="Independent affine maps: E[theta_{t+1}] = (I - eta A_bar) E[theta_t] + eta b_bar. Fails for reshuffling "
          "(the eps^2 term of sdbd21.wo-minus-wr) and for non-quadratic losses (third derivatives x covariance).")
wr.identity(D.with_replacement, name="derivation", states=D.wr_statement)
wr.property(given=C.GD_GIVEN, examples=40, name="enumeration")(C.mean_vs_gd)

part = claim(
    "sdbd21.partition-average", title="Partition average of C~_SGD carries the finite-population factor (N-B)/(N-1)",
    statement="Averaged over uniform partitions of N samples into batches of B, E[C~_SGD] = C + (eps/4)|grad C|^2 + "
              "((N - B)/(N - 1)) (eps/(4B)) Gamma, Gamma = (1/N) sum_i |grad C_i - grad C|^2.",
    source=SRC, provenance="paper", conventions=CONV,
    domain="(N, B) in {(4,2), (6,2), (6,3), (8,2), (8,4)}, d = 2, integer per-sample gradients (seed 0); every "
           "partition enumerated, exact rationals; the eps/4 factor is common to both sides and dropped",
    notes="Smith et al. write the eps/B scaling for B << N; the exact factor is (N - B)/(N - 1) (digest 4.2).")
part.certificate(C.partition_average, name="enumeration")


_variant = partial(variant, source=DERIVED, conventions=CONV)


HALF = sp.Rational(1, 2)
_v = _variant("sdbd21.epoch-mean-coefficient-half", "sdbd21.epoch-mean", "wrong constant m^2 eps^2 / 2",
              "E[omega_m] = omega_0 - m eps grad C + (m^2 eps^2/2) grad(...) + O(m^3 eps^3)")
_v.identity(lambda: D.epoch_mean(HALF), name="derivation", states=lambda: D.epoch_mean_statement(HALF))
_v.experiment(lambda profile: F.smith_slope(profile, coef=0.5), name="slope")
_v = _variant("sdbd21.epoch-mean-with-replacement", "sdbd21.epoch-mean",
              "swapped sampling convention: the i.i.d. (with-replacement) mean follows Smith's expansion",
              "With i.i.d. batches, E[omega_m] = Smith's expansion + O(m^3 eps^3)")
_v.experiment(lambda profile: F.smith_slope(profile, scheme="with_replacement"), name="slope")
_v = _variant("sdbd21.modified-loss-coefficient-half", "sdbd21.modified-loss", "wrong constant eps/2m",
              "E[omega_m] follows the flow of C + (eps/2m) sum_k |grad C_k|^2 to O(m^3 eps^3)")
_v.experiment(lambda profile: F.smith_slope(profile, coef=0.5, reference="flow"), name="slope")
_v = _variant("sdbd21.wo-minus-cyclic", "sdbd21.wo-minus-wr",
              "swapped reference convention: cyclic order instead of i.i.d. batches",
              "E_reshuffle - theta_m(cyclic) = -(eps^2/4) grad sum_k |g_k - g|^2 + O(eps^3)")
_v.identity(lambda: D.difference("cyclic"), name="derivation", states=lambda: D.difference_statement("cyclic"))
_v.experiment(lambda profile: F.difference_slope(profile, ref_scheme="cyclic"), name="slope")
_v = _variant("sdbd21.reshuffle-mean-is-gd", "sdbd21.wr-mean-is-gd",
              "swapped sampling convention: the reshuffled mean is exactly GD for quadratics",
              "E_reshuffle[theta_t] = theta_t^GD for sums of quadratics")
_v.property(given=C.GD_GIVEN, examples=40, name="enumeration")(lambda **k: C.mean_vs_gd(**k, scheme="reshuffle"))
_v = _variant("sdbd21.wr-mean-is-gd-nonquadratic", "sdbd21.wr-mean-is-gd",
              "dropped assumption: exact equality with GD for non-quadratic (quartic) batch losses",
              "E_wr[theta_t] = theta_t^GD with batch losses + c_k sum theta^4 / 4")
_v.property(given=C.GD_GIVEN, examples=40, name="enumeration")(lambda **k: C.mean_vs_gd(**k, cubic=0.5))
_v = _variant("sdbd21.partition-average-iid-factor", "sdbd21.partition-average",
              "swapped sampling convention: the i.i.d. factor 1/B instead of (N - B)/(B (N - 1))",
              "E[C~_SGD] = C + (eps/4)|grad C|^2 + (eps/(4B)) Gamma over partitions")
_v.certificate(lambda: C.partition_average("with_replacement"), name="enumeration")
_v = _variant("sdbd21.epoch-mean-general-m.read-off-m2", "sdbd21.epoch-mean-general-m",
              "pattern read off m = 2: batch-variance coefficient (m - 1)/4",
              "E_pi[c2] = (m^2/4) grad |grad C|^2 - ((m - 1)/4) grad sum_k |grad C_k|^2 for every m")
_v.identity(lambda: EE.epoch_mean_m(lambda m: sp.Rational(m - 1, 4)), name="derivation",
            states=lambda: EE.epoch_mean_m_statement(lambda m: sp.Rational(m - 1, 4)))
