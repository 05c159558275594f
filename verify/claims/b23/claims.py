"""Claim declarations of b23 (Beneventano, "On the Trajectories of SGD Without Replacement",
arXiv:2312.16143, v1 26 Dec 2023, v2 20 Apr 2024).

Only the abstracts and the first paragraphs of the introduction were readable (digest
papers/2312.16143-sgd-without-replacement.md): the paper's exact regulariser, its indexing and
error order are not known.  Encoded here (readings, named in ``notes``):

1. ``b23.second-order-drift``: the reading of v1's "locally equivalent to an additional step on a novel
   regularizer" with eta H = O(1): the eta-exact second-order formula for per-batch quadratics
   (digest 4.4), measured (error slope 3 in the noise amplitude at eta lambda in {1.6, 0.05, -0.3});
2. ``b23.eigen-weight``: the per-eigendirection weight of that drift (digest 4.5), sympy for t = 1..8;
3. variants: the with-replacement reading (no anticorrelation: the same drift with i.i.d. batches), the
   wrong normalisation 1/m^2, the wrong closed form.
4. ``b23.saddle-escape`` (v1 abstract, a named reading): the mean leaves an exact strict saddle under
   reshuffling, not with replacement.
5. ``b23.smaller-variance`` (v1 abstract): "present a smaller variance", read per Hessian eigendirection at
   the end of an epoch; refuted (eta lambda > 1, and Hessian noise); refined: common batch Hessian and
   eta lambda <= 1, proved for m = 2..4 and checked against the closed forms; its control drops eta lambda <= 1.
6. ``b23.decoupling`` (v2 abstract, 2312.16143v2): per-eigendirection drift weights measured exactly against
   w(eta lambda, m): flat = Smith's m(m-1)/2, stiff <= 1/10 of it, negative curvature amplified; control:
   Smith's weight in every direction.
7. ``b23.reshuffled-fixed-point`` (digest 4.7): the mean fixed point is the argmin of the batch-variance
   modified loss to O(eta^2) (slope 2) and O(eta) from argmin L; controls: no bias, coefficient 1/2.
8. ``b23.regulariser-step`` (digest 4.5): the drift at a stationary point is -eta sum_s M^(t-s) grad R_s (sympy
   d = 2, m = 3, t = 3; slope 3 measured with autodiff gradients); control: S_s for S_(s-1).
9. ``b23.paired-reversal`` (digest 4.8): T(pi) + T(pi^R) = sum_(a != b) H_a g_b (sympy, m = 4); control: T(pi) alone.
10. ``b23.saddle-escape-time`` (v1/v2 abstract): escape time vs eta for the four schemes (figure); the reshuffled
   mean escapes, the i.i.d. and GD means never; controls: the i.i.d. mean, and trajectories (median) instead of
   the mean (refuted: i.i.d. trajectories escape first).
11. ``b23.diverges`` (v1 abstract, 2312.16143v1): the reshuffled mean leaves the with-replacement and
   noise-injected GD means along a flat direction; control: with replacement vs noise-injected GD (equal means).
12. ``b23.regulariser-partition-average`` (digest 4.5): E_P[Sigma_P/(m-1)] = Sigma_1/(n-1), exact rationals;
   control: Sigma_P/m.
Not encoded (time): the EoS explanation, the Fisher-trace reading.
"""

from __future__ import annotations

import functools

import hypothesis.strategies as st

from derivations import reshuffling_regulariser as RG
from derivations import reshuffling_variance as V
from derivations import reshuffling_weights as W
from verify import Source, claim
from verify.claims.b23 import checks as C

SRC1 = Source("Beneventano 2023", arxiv="2312.16143v1", where="abstract (v1): 'locally equivalent to making an "
              "additional step on a novel regularizer'", url="https://arxiv.org/abs/2312.16143v1")
DERIVED = Source("Beneventano 2023 (setting); derived by the verify team", arxiv="2312.16143v2",
                 where="digest Sec. 4.4-4.5", url="https://arxiv.org/abs/2312.16143")
CONV = {"reshuffle": "one epoch = a uniform random order of m fixed batches (all m! orders, exact)",
        "with replacement": "i.i.d. uniform batches at batch level (all m^m sequences, exact)",
        "noise": "xi_a = grad L_a - grad L (batch-mean losses), Xi_a = Hess L_a - H; eps = their amplitude",
        "regime": "eta H = O(1) (not m eta lambda << 1); M = I - eta H"}

so = claim(
    "b23.second-order-drift", title="Without replacement = GD + an eta-exact second-order drift (eta H = O(1))",
    statement="For per-batch quadratics and random reshuffling, E[theta_t] - theta_t^GD = -(eta^2/(m(m-1))) "
              "sum_{s<=t} M^{t-s} sum_{r<s} sum_a Xi_a M^{s-1-r} xi_a(theta^GD_{r-1}) + O(eps^3), for every eta.",
    latex=r"\mathbb E\theta_t-\theta^{GD}_t=-\tfrac{\eta^2}{m(m-1)}\sum_{s\le t}M^{t-s}\sum_{r<s}\sum_a\Xi_aM^{s-1-r}\xi_a(\theta^{GD}_{r-1})+O(\varepsilon^3)",
    source=DERIVED, provenance="derived", conventions=CONV,
    domain="d = 3, m = 4, t = m, eta = 1, eta lambda(H) in {1.6, 0.05, -0.3}, random symmetric Xi_a and beta_a "
           "(centred, seed 0) scaled by eps in [6.25e-3, 0.1]",
    notes="Reading of b23.core (v1 abstract; the paper's regulariser was not readable): the 'additional step' is "
          "this drift; at a stationary point it is an extra gradient step on R_s = (eta/(2(m-1))) tr(S_{s-1} Sigma_P) "
          "(digest 4.5: b23.regulariser-step). The exact drift |E theta - GD| is O(eps^2); the formula leaves O(eps^3).")
so.experiment(C.second_order, name="slope")

ew = claim(
    "b23.eigen-weight", title="Per-eigendirection weight of the reshuffling drift",
    statement="w(eta lambda, t) = sum_{s=1}^t mu^{t-s}(1 - mu^{s-1})/(1 - mu) = [(1 - mu^t)/(eta lambda) - t mu^{t-1}]"
              "/(eta lambda), mu = 1 - eta lambda; -> t(t-1)/2 as eta lambda -> 0, = 1 at eta lambda = 1.",
    source=DERIVED, provenance="derived", conventions=CONV, domain="t = 1..8, eta lambda real nonzero (symbolic)",
    notes="Flat directions (small lambda) get the Smith weight t(t-1)/2, stiff ones ~1/(eta lambda)^2, negative "
          "curvature grows geometrically: the mechanism behind v2's decoupling sentence (measured in b23.decoupling).")
ew.identity(W.eigen_weight, name="derivation", states=W.eigen_weight_statement)

SRC_SADDLE = Source("Beneventano 2023", arxiv="2312.16143v1", where="abstract (v1): 'In expectation, SGD without "
                    "replacement may escape saddles significantly faster'; v2 keeps the saddle sentence",
                    url="https://arxiv.org/abs/2312.16143v1")
sad = claim(
    "b23.saddle-escape", title="In expectation, reshuffled SGD leaves a strict saddle; with replacement the mean stays",
    statement="At an exact strict saddle of a sum of quadratics, the mean iterate of SGD without replacement moves off "
              "the saddle along the negative-curvature eigenvector and the displacement grows every epoch (the mean "
              "of SGD with replacement stays at the saddle: sdbd21.wr-mean-is-gd).",
    source=SRC_SADDLE, provenance="paper", conventions=CONV,
    domain="d = 2, m = 3, eta = 1, eta lambda(H) = (0.8, -0.3), centred Xi_a, beta_a scaled by eps = 0.2 (seed 1), "
           "3 epochs, exact over all (3!)^3 orders",
    notes="Reading (the paper's statement unread): 'escape in expectation' = the mean displacement |v^T(E theta - "
          "theta_0)| along the negative eigenvector v is nonzero after one epoch and grows every epoch; 'faster' is "
          "read against the with-replacement mean, which never leaves (E_wr = GD = saddle exactly); escape through "
          "fluctuations (second moment) is not compared (time). The single-shuffle curve is drawn, not judged.")
sad.experiment(C.saddle_escape, name="escape")

SRC_ESC = Source("Beneventano 2023/24", arxiv="2312.16143v2", where="abstract (v1: 'In expectation, SGD without "
                 "replacement may escape saddles significantly faster'; v2: 'travels flat areas and may escape saddles "
                 "significantly faster')", url="https://arxiv.org/abs/2312.16143v2")
ESC_CONV = dict(CONV, **{"single shuffle": "one uniform order drawn once and repeated every epoch",
                         "GD": "full-batch steps on L = (1/m) sum_a L_a",
                         "escape time": "eta x (steps until |v^T (theta - theta_s)| >= r), r = 1, v the negative-"
                                        "curvature eigenvector; the mean iterate is read at epoch ends"})
esc = claim(
    "b23.saddle-escape-time", title="Escape time from a saddle vs eta: the reshuffled mean escapes, the i.i.d. and GD "
                                    "means never do",
    statement="From a strict saddle of a sum of quadratics, at every eta of the grid the mean iterate of random "
              "reshuffling reaches distance r along the negative-curvature direction within the horizon, while the "
              "means of SGD with replacement and of GD stay at the saddle.",
    source=SRC_ESC, provenance="paper", conventions=ESC_CONV,
    domain="d = 2, m = 4, lambda(H) = (1, -0.5) (eta-independent), Xi_a, beta_a centred Gaussian (seed 1) scaled by "
           "eps = 0.3, eta in {0.05, 0.1, 0.2, 0.4, 0.8}, r = 1, horizon eta t <= 30; means exact (mean epoch maps, "
           "all 4! fixed orders for single shuffle); trajectories: 2000 seeded runs per scheme and eta",
    notes="Reading of 'in expectation ... may escape saddles significantly faster' (the paper's theorem unread): the "
          "expected trajectory leaves a saddle in finite time under reshuffling (also single shuffle) and never with "
          "i.i.d. batches or GD (their means are GD's, which stays). Measured mean escape times 13.0, 12.0, 11.2, "
          "11.2, 12.8 (eta = 0.05..0.8). Individual trajectories tell the opposite story on this instance: median "
          "escape times 12.95, 11.8, 11.0, 10.4, 9.6 under reshuffling against 9.5, 8.9, 8.6, 8.4, 8.0 with "
          "replacement (i.i.d. noise along v is larger: b23.smaller-variance-refined), so 'faster' holds for the "
          "mean only; the control b23.saddle-escape-time.trajectories (reshuffled trajectories escape no later) is "
          "refuted. Figure: both views against eta.")
esc.experiment(C.escape_time, name="escape_time")

SRC_VAR = Source("Beneventano 2023", arxiv="2312.16143v1", where="abstract (v1): 'SGD without replacement may escape "
                 "saddles significantly faster and present a smaller variance'", url="https://arxiv.org/abs/2312.16143v1")
VAR_DOMAIN = ("sums of quadratics, d = 2, eta = 1, m in {2, 3, 4}, eta lambda in [-0.5, 1.9] per eigendirection, "
              "Hessian noise amplitude xi in [0, 0.5], gradient noise beta_a ~ N(0, I) centred; one epoch from a "
              "Gaussian theta_0, exact over all m! orders and m^m sequences")
var = claim(
    "b23.smaller-variance", title="SGD without replacement has a smaller variance than with replacement",
    statement="After an epoch, the variance of the iterate along every Hessian eigendirection is smaller under "
              "random reshuffling than with i.i.d. batches.",
    latex=r"v^\top \mathrm{Cov}_{\mathrm{wo}}[\theta_m]\, v \le v^\top \mathrm{Cov}_{\mathrm{wr}}[\theta_m]\, v",
    source=SRC_VAR, provenance="paper", conventions=CONV, domain=VAR_DOMAIN, expected="fails",
    notes="Reading (digest 2312.16143 Sec. 5, item 6; the paper's statement is one phrase of the v1 abstract): "
          "'variance' = epoch-end variance per Hessian eigendirection, compared with SGD with replacement, over the "
          "eta lambda range used elsewhere (flat and negative curvature included). False as stated: it reverses at "
          "eta lambda > 1 (m = 2: Var_wr - Var_wo = 2 eta^2 sigma^2 (1 - eta lambda)), and with Hessian noise it "
          "also fails at some small eta lambda (in a scan of 20 seeds x m in {3, 4}: 2-5% of directions at "
          "eta lambda <= 0.7, 40-80% at eta lambda >= 1). Refined: b23.smaller-variance-refined.")
var.property(given=C.VAR_GIVEN, examples=60, name="variance")(C.smaller_variance)
# the shrinker reaches the edges (m = 2, xi = 0): the same search away from them gives an interior witness
var.property(given=dict(C.VAR_GIVEN, m=st.sampled_from([3, 4]), x1=st.floats(-0.4, 1.8), x2=st.floats(-0.4, 1.8),
                        xi=st.floats(0.05, 0.5)), examples=60, name="variance_interior")(C.smaller_variance)

REF_GIVEN = {k: C.VAR_GIVEN[k] for k in ("seed", "m")}
ref = claim(
    "b23.smaller-variance-refined", title="Smaller variance without replacement: common batch Hessian, eta lambda <= 1",
    statement="If every batch has the same Hessian H (gradient noise only), then along each eigendirection of H with "
              "eta lambda <= 1 the epoch-end variance without replacement is at most that with replacement: "
              "eta^2 sigma^2 (m S2 - S1^2)/(m - 1) <= eta^2 sigma^2 S2, S_p = sum_(k<m) (1 - eta lambda)^(p k).",
    latex=r"\eta\lambda\le 1:\ \frac{m S_2 - S_1^2}{m-1}\,\sigma^2 \le S_2\,\sigma^2",
    source=DERIVED, provenance="refined", refines="b23.smaller-variance", conventions=CONV,
    domain="derivation: m = 2, 3, 4, symbolic mu = 1 - eta lambda >= 0 and centred c_a; search: as "
           "b23.smaller-variance with xi = 0 and eta lambda in [-0.5, 1]",
    notes="The gap is 2 eta^2 sigma^2 sum_(j<k<m) mu^(j+k) / (m - 1): reshuffled batches are anticorrelated "
          "(E c_pi(s) c_pi(r) = -sigma^2/(m - 1)), which lowers the variance when every mu^(j+k) >= 0.")
ref.identity(V.variance_order, name="derivation", states=V.variance_statement)
ref.property(given=dict(REF_GIVEN, x1=st.floats(-0.5, 1.0), x2=st.floats(-0.5, 1.0)), examples=40,
             name="variance")(C.smaller_variance)
ref.experiment(C.variance_profile, name="variance_profile")

SRC_V2 = Source("Beneventano 2024", arxiv="2312.16143v2", where="abstract (v2): expected trajectories decouple into "
                "(i) following SGD with replacement along high-curvature directions and (ii) regularising the trace of "
                "the noise covariance along the flat ones (wording of v2 only; v1 said the trajectory 'diverges from "
                "both noise-injected GD and SGD with replacement')", url="https://arxiv.org/abs/2312.16143v2")
dec = claim(
    "b23.decoupling", title="(v2) Reshuffled mean decouples: with-replacement along stiff directions, trace-of-noise "
                            "regulariser along flat ones",
    statement="From a stationary point of a sum of quadratics whose Hessian noise shares H's eigenvectors, one epoch of "
              "random reshuffling moves the mean along eigendirection v by -(eta^2/(2(m-1))) w(eta lambda, m) "
              "v^T grad tr Sigma_P + O(eps^3), with w -> m(m-1)/2 on flat directions (Smith's gradient step on the "
              "trace of the noise covariance), w at most 1/10 of that on a stiff one (close to SGD with replacement, "
              "whose mean does not move), and w >= m(m-1)/2 under negative curvature.",
    latex=r"v^\top(\mathbb E_{wo}\theta_m-\theta_0)=-\tfrac{\eta^2}{2(m-1)}\,w(\eta\lambda,m)\,v^\top\nabla"
          r"\operatorname{tr}\Sigma_P+O(\varepsilon^3)",
    source=SRC_V2, provenance="paper", conventions=dict(CONV, **{
        "noise covariance": "Sigma_P = (1/m) sum_a xi_a xi_a^T over the m batches of the fixed partition (batch-mean "
                            "losses); grad tr Sigma_P = (2/m) sum_a Xi_a xi_a",
        "stiff / flat": "eta lambda = 1.5 / 0.01 (and -0.2 for negative curvature), eta = 1"}),
    domain="d = 3, m = 5, eta = 1, eta lambda(H) in {1.5, 0.01, -0.2}, Xi_a = Q diag(zeta_a) Q^T and beta_a centred "
           "Gaussian (seed 0) scaled by eps in {1e-3, 5e-4}; theta_0 = H^{-1} b; exact over all 5! orders / 5^5 "
           "sequences",
    notes="Version: the decoupling sentence is v2's (2312.16143v2); v1 has no such sentence (its 'diverges from "
          "noise-injected GD and SGD with replacement' and 'smaller variance' are v1-only; the latter is "
          "b23.smaller-variance). Reading tested (the paper's theorem unread): 'expected trajectories' = the exact "
          "mean over orders; 'following SGD with replacement' = the drift weight of a stiff direction (eta lambda = "
          "1.5) is at most 1/10 of the flat one (with replacement the quadratic mean is GD and does not move: weight "
          "0); 'regularising the trace of the noise covariance along flat ones' = the flat weight is Smith's "
          "m(m-1)/2 (a gradient step of size eta^2 m/4 on tr Sigma_P). Decoupling is a matter of degree: "
          "w(x, 5)/10 = 0.025 at x = 1.5, 0.1 at x = 1, 0.33 at x = 0.5, so the reading fixes eta lambda = 1.5.")
dec.experiment(C.decoupling, name="weights")

SRC_V1_DIV = Source("Beneventano 2023", arxiv="2312.16143v1", where="abstract (v1 only): the trajectory 'diverges from "
                    "both noise-injected GD and SGD with replacement ... the two SGDs travel flat regions of the loss "
                    "landscape in distinct directions and at different speeds' (replaced in v2 by the decoupling "
                    "sentence, b23.decoupling)", url="https://arxiv.org/abs/2312.16143v1")
div = claim(
    "b23.diverges", title="(v1) The reshuffled mean diverges from both noise-injected GD and SGD with replacement "
                          "along a flat direction",
    statement="From a stationary point of a sum of quadratics, after one epoch the mean iterate of SGD without "
              "replacement differs, along a flat Hessian eigendirection, from the mean of SGD with replacement and "
              "from the mean of noise-injected GD.",
    source=SRC_V1_DIV, provenance="paper", conventions=dict(CONV, **{
        "noise-injected GD": "theta - eta grad L(theta) - eta xi_a(theta_0), a i.i.d. uniform over the m batches: the "
                             "batch-noise law at theta_0, independent of the iterate (matching covariance)"}),
    domain="the b23.decoupling instance: d = 3, m = 5, eta = 1, eta lambda(H) in {1.5, 0.01, -0.2} (flat: 0.01), "
           "Hessian noise sharing H's eigenvectors, eps = 1e-2, theta_0 = H^-1 b; one epoch, exact over 5! orders "
           "and 5^5 sequences",
    notes="Version: v1 wording only (2312.16143v1); v2 replaced it (b23.decoupling). Reading tested: 'diverges' = the "
          "exact mean displacement along the flat direction differs from both references (it is -8.6e-3 against "
          "5e-14 for both: for quadratics the with-replacement and noise-injected means are GD's, which stays at "
          "theta_0). 'In distinct directions and at different speeds' is read as this difference only; directions "
          "of the references are undefined here (they do not move). The control (with replacement diverges from "
          "noise-injected GD) is refuted: their means coincide.")
div.experiment(C.diverges, name="flat_means")

SRC_FP = Source("Beneventano 2023 (setting); derived by the verify team, cf. Lok, Sonthalia & Rebrova (arXiv:2406.03696)",
                arxiv="2312.16143v2", where="digest Sec. 4.7 (fixed point of the reshuffled mean; not a statement read "
                "in the paper)", url="https://arxiv.org/abs/2312.16143")
fp = claim(
    "b23.reshuffled-fixed-point", title="The reshuffled mean converges to the argmin of the batch-variance modified "
                                        "loss to O(eta^2), not to argmin L",
    statement="For sums of quadratics, the fixed point theta_bar = (I - E P_pi)^{-1} E q_pi of the mean reshuffled "
              "epoch map satisfies |theta_bar - argmin L| = O(eta) and |theta_bar - argmin(L + (eta/(4m)) sum_k "
              "|grad L_k - grad L|^2)| = O(eta^2); with replacement theta_bar = argmin L exactly.",
    latex=r"\bar\theta=\arg\min\Big(L+\tfrac{\eta}{4m}\sum_k\|\nabla L_k-\nabla L\|^2\Big)+O(\eta^2)",
    source=SRC_FP, provenance="derived", conventions=dict(CONV, **{
        "epoch map": "theta -> P_pi theta + q_pi, P_pi = prod_k (I - eta A_pi(k)), q_pi = sum_k prod_(j>k) "
                     "(I - eta A_pi(j)) eta b_pi(k); theta_bar its mean fixed point = stationary mean of the "
                     "epoch-end iterates (the order is independent of the iterate)",
        "loss normalisation": "L_k batch-mean losses, L = (1/m) sum_k L_k; modified loss coefficient eta/(4m) (Smith's "
                              "eps/(4m) sum_k |grad C_k|^2 minus its (eps/4)|grad C|^2 part, which moves the argmin by "
                              "O(eta^2) only)"}),
    domain="d = 3, m = 4, L_k = theta^T A_k theta/2 - b_k^T theta (A_k = sym(G) + 2I, seed 0; mean Hessian eigenvalues "
           "1.17..2.04, some A_k indefinite), eta = 0.02 / 2^k, k = 0..4; exact over 4! orders / 4^4 sequences",
    notes="The stationary behaviour of reshuffling: its mean settles at the minimiser of Smith's modified loss, an "
          "O(eta) bias from argmin L, while i.i.d. batches have no bias in the mean (their mean map is the GD map). "
          "Measured: slopes 0.99 and 2.00.")
fp.experiment(C.fixed_point, name="slopes")

SRC_R = Source("Beneventano 2023 (v1 abstract: 'an additional step on a novel regularizer'); the form R_s derived by "
               "the verify team", arxiv="2312.16143v1", where="digest Sec. 4.5 (R_s); the paper's own packaging of R "
               "(indexing, whether H is frozen) was not read", url="https://arxiv.org/abs/2312.16143v1")
rs = claim(
    "b23.regulariser-step", title="At a stationary point the reshuffling drift is a gradient step on R_s = (eta/(2(m-1))) "
                                  "tr(S_(s-1) Sigma_P)",
    statement="For per-batch quadratics at a point GD does not leave, E_wo[theta_t] - theta_0 = -eta sum_(s<=t) "
              "M^(t-s) grad R_s(theta_0) + O(eps^3), R_s(theta) = (eta/(2(m-1))) tr(S_(s-1) Sigma_P(theta)), "
              "S_j = sum_(i<j) M^i = (eta H)^-1 (I - M^j) held fixed, Sigma_P = (1/m) sum_a xi_a xi_a^T.",
    latex=r"\mathbb E_{wo}\theta_t-\theta_0=-\eta\sum_{s\le t}M^{t-s}\nabla R_s(\theta_0)+O(\varepsilon^3),\ "
          r"R_s=\tfrac{\eta}{2(m-1)}\operatorname{tr}(S_{s-1}\Sigma_P)",
    source=SRC_R, provenance="derived", conventions=dict(CONV, **{
        "Sigma_P": "(1/m) sum_a xi_a xi_a^T over the m batches of the fixed partition (per-order expectation; over "
                   "partitions (eta/(2(m-1))) Sigma_P -> (eta/(2(n-1))) Sigma_1, not encoded)",
        "S fixed": "S_(s-1) is not differentiated (H frozen at theta_0)"}),
    domain="derivation: d = 2, m = 3, t = 3, symbolic H, centred Xi_a, beta_a, theta; measurement: d = 3, m = 4, "
           "t = m, eta = 1, eta lambda(H) in {1.6, 0.05, -0.3}, generic Xi_a (seed 0), theta_0 = H^-1 b, eps = "
           "0.1 / 2^k (k = 0..4), exact over 4! orders",
    notes="Reading of v1's 'locally equivalent to making an additional step on a novel regularizer' (the paper's R "
          "was not read): the second-order drift (b23.second-order-drift) is exactly this regulariser step where "
          "theta^GD is constant. Proved symbolically (d = 2, m = 3, t = 3: the identity behind it, (eta H) S_j = "
          "I - M^j and grad (1/2) tr(S Sigma_P) = (1/m) sum_a Xi_a S xi_a); measured: residual slope 2.97 (drift "
          "slope 2) with grad R_s by autodiff. Control: S_s instead of S_(s-1) (slope 2.00, last step refuted).")
rs.identity(RG.regulariser_step, name="derivation", states=RG.regulariser_statement)
rs.experiment(C.regulariser_slope, name="slope")

rpa = claim(
    "b23.regulariser-partition-average", title="Over partitions, (eta/(2(m-1))) Sigma_P averages to (eta/(2(n-1))) "
                                               "Sigma_1",
    statement="Averaged over uniform partitions of n samples into m = n/b batches of size b, Sigma_P / (m - 1) has mean "
              "Sigma_1 / (n - 1), Sigma_1 = (1/n) sum_i (grad l_i - grad L)(grad l_i - grad L)^T: the coefficient "
              "of R_s becomes (eta/(2(n-1))) tr(S Sigma_1), independent of the batch size.",
    latex=r"\mathbb E_P\Big[\tfrac{\Sigma_P}{m-1}\Big]=\tfrac{\Sigma_1}{n-1}",
    source=SRC_R, provenance="derived", conventions=dict(CONV, **{
        "partition": "uniform over the partitions of the n samples into m unordered batches of b (fixed for an "
                     "epoch); batch gradients are batch means; Sigma_1 normalised by n"}),
    domain="(n, b) in {(4,2), (6,2), (6,3), (8,2), (8,4)}, integer per-sample gradients in R^2 (seed 0); every "
           "partition enumerated, exact rationals (3 entries each)",
    notes="Digest 4.5: since m - 1 = (n - b)/b and a uniform b-subset mean has covariance ((n - b)/(n - 1)) Sigma_1/b "
          "(the sdbd21.partition-average factor), the (m - 1) of R_s cancels the finite-population factor. The control "
          "divides by m instead (refuted in every entry).")
rpa.certificate(C.regulariser_partition_average, name="enumeration")

SRC_PR = Source("Beneventano 2023 (setting); derived by the verify team, cf. Nguyen, Phan & Kalagnanam (block "
                "reshuffling and reversal)", arxiv="2312.16143v2", where="digest Sec. 4.8 (paired reversal; not a "
                "statement of the paper)", url="https://arxiv.org/abs/2312.16143")
pr = claim(
    "b23.paired-reversal", title="An epoch and its reversed order: T(pi) + T(pi^R) does not depend on the order",
    statement="For per-batch quadratics, one epoch in order pi is theta_0 - eta sum_k g_k + eta^2 T(pi) + O(eta^3) "
              "with T(pi) = sum_(k<j) H_pi(j) g_pi(k), and T(pi) + T(pi^R) = sum_(a != b) H_a g_b for every pi; so "
              "any reversal pair averages to the reshuffled mean's eta^2 term (1/2) sum_(a != b) H_a g_b.",
    latex=r"T(\pi)+T(\pi^R)=\sum_{a\ne b}H_a g_b\quad\forall\pi",
    source=SRC_PR, provenance="derived", conventions=dict(CONV, **{
        "pi^R": "the reversed order pi^R(k) = pi(m + 1 - k)", "g_a, H_a": "batch-mean gradient and Hessian at theta_0"}),
    domain="m = 4 (all 24 orders, 12 reversal pairs), d = 2, symbolic symmetric A_a, b_a, theta",
    notes="Not a statement read in 2312.16143 (digest 4.8). T(pi) alone depends on the order (control "
          "b23.paired-reversal.single-order, refuted): the reshuffled average needs all orders or a reversal pair. "
          "Note that two consecutive epochs pi, pi^R do not simply add T's: the second starts from a moved point, an "
          "O(eta^2) change of its O(eta) term, so the two-epoch statement differs at eta^2 (not encoded).")
pr.identity(RG.paired_reversal, name="derivation", states=RG.paired_reversal_statement)

_v = claim("b23.smaller-variance.reversed", title="reversed: SGD without replacement has the larger variance",
           statement="After an epoch, the variance along every Hessian eigendirection is larger under random "
                     "reshuffling than with i.i.d. batches.",
           source=DERIVED, provenance="variant", variant_of="b23.smaller-variance", conventions=CONV)
_v.property(given=C.VAR_GIVEN, examples=60, name="variance")(lambda **k: C.smaller_variance(**k, op=">="))

_v = claim("b23.smaller-variance-refined.any-step", title="refinement removed: every eta lambda in [-0.5, 2)",
           statement="With a common batch Hessian the epoch-end variance without replacement is at most that with "
                     "replacement along every eigendirection, whatever eta lambda.",
           source=DERIVED, provenance="variant", variant_of="b23.smaller-variance-refined", conventions=CONV)
_v.identity(lambda: V.variance_order("real"), name="derivation", states=lambda: V.variance_statement("real"))
_v.property(given=dict(REF_GIVEN, x1=st.floats(-0.5, 1.9), x2=st.floats(-0.5, 1.9)), examples=40,
            name="variance")(C.smaller_variance)
_v.experiment(functools.partial(C.variance_profile, x_max=1.9), name="variance_profile")

_v = claim("b23.saddle-escape-with-replacement", title="swapped sampling: the with-replacement mean leaves the saddle",
           statement="With i.i.d. batches the mean iterate moves off the strict saddle and grows every epoch.",
           source=DERIVED, provenance="variant", variant_of="b23.saddle-escape", conventions=CONV)
_v.experiment(lambda profile: C.saddle_escape(profile, scheme="with_replacement"), name="escape")

_v = claim("b23.second-order-drift-with-replacement", title="swapped sampling: the same drift with i.i.d. batches",
           statement="With replacement, E[theta_t] - theta_t^GD equals the same second-order formula + O(eps^3).",
           source=DERIVED, provenance="variant", variant_of="b23.second-order-drift", conventions=CONV)
_v.experiment(lambda profile: C.second_order(profile, scheme="with_replacement"), name="slope")
_v = claim("b23.second-order-drift-over-m2", title="wrong normalisation 1/m^2 instead of 1/(m(m-1))",
           statement="The drift formula with eta^2/m^2 (independent-batch normalisation).",
           source=DERIVED, provenance="variant", variant_of="b23.second-order-drift", conventions=CONV)
_v.experiment(lambda profile: C.second_order(profile, denom=C.M_**2), name="slope")
_v = claim("b23.eigen-weight-shifted", title="wrong closed form t mu^t instead of t mu^(t-1)",
           statement="w(eta lambda, t) = [(1 - mu^t)/(eta lambda) - t mu^t]/(eta lambda)",
           source=DERIVED, provenance="variant", variant_of="b23.eigen-weight", conventions=CONV)
_v.identity(lambda: W.eigen_weight(0), name="derivation", states=lambda: W.eigen_weight_statement(0))
_v = claim("b23.decoupling.smith-weight", title="no decoupling: Smith's weight m(m-1)/2 in every direction",
           statement="The reshuffled drift has Smith et al.'s weight m(m-1)/2 along every eigendirection (their "
                     "small-step expansion read at eta lambda = O(1)).",
           source=DERIVED, provenance="variant", variant_of="b23.decoupling", conventions=CONV)
_v.experiment(lambda profile: C.decoupling(profile, weight=lambda x: C.DEC_M * (C.DEC_M - 1) / 2), name="weights")
_v = claim("b23.reshuffled-fixed-point.at-argmin", title="no bias: the reshuffled fixed point is argmin L to O(eta^2)",
           statement="|theta_bar - argmin L| = O(eta^2) under reshuffling (as with replacement).",
           source=DERIVED, provenance="variant", variant_of="b23.reshuffled-fixed-point", conventions=CONV)
_v.experiment(lambda profile: C.fixed_point(profile, coef=0.0), name="slopes")
_v = claim("b23.reshuffled-fixed-point.coefficient-half", title="wrong constant eta/(2m)",
           statement="theta_bar = argmin(L + (eta/(2m)) sum_k |grad L_k - grad L|^2) + O(eta^2).",
           source=DERIVED, provenance="variant", variant_of="b23.reshuffled-fixed-point", conventions=CONV)
_v.experiment(lambda profile: C.fixed_point(profile, coef=0.5), name="slopes")
_v = claim("b23.regulariser-step.index-shifted", title="wrong indexing: S_s instead of S_(s-1)",
           statement="E_wo[theta_t] - theta_0 = -eta sum_s M^(t-s) grad R_s + O(eps^3) with R_s = (eta/(2(m-1))) "
                     "tr(S_s Sigma_P).",
           source=DERIVED, provenance="variant", variant_of="b23.regulariser-step", conventions=CONV)
_v.identity(lambda: RG.regulariser_step(1), name="derivation", states=lambda: RG.regulariser_statement(1))
_v.experiment(lambda profile: C.regulariser_slope(profile, shift=1), name="slope")
_v = claim("b23.paired-reversal.single-order", title="one order alone: T(pi) = (1/2) sum_(a != b) H_a g_b for every pi",
           statement="The eta^2 term T(pi) of one epoch does not depend on the order pi.",
           source=DERIVED, provenance="variant", variant_of="b23.paired-reversal", conventions=CONV)
_v.identity(lambda: RG.paired_reversal(single=True), name="derivation", states=RG.single_order_statement)
_v = claim("b23.saddle-escape-time.with-replacement", title="swapped sampling: the i.i.d. mean escapes the saddle",
           statement="The mean iterate of SGD with replacement reaches distance r from the saddle within the horizon.",
           source=DERIVED, provenance="variant", variant_of="b23.saddle-escape-time", conventions=ESC_CONV)
_v.experiment(lambda profile: C.escape_time(profile, scheme="with_replacement"), name="escape_time")
_v = claim("b23.saddle-escape-time.trajectories", title="'in expectation' dropped: reshuffled trajectories escape "
                                                         "no later than i.i.d. ones",
           statement="At every eta the median escape time of reshuffled trajectories is at most that with replacement.",
           source=DERIVED, provenance="variant", variant_of="b23.saddle-escape-time", conventions=ESC_CONV)
_v.experiment(lambda profile: C.escape_time(profile, reading="trajectories"), name="escape_time")
_v = claim("b23.diverges.wr-vs-noise-injected", title="SGD with replacement diverges from noise-injected GD (and GD)",
           statement="Along the flat direction the with-replacement mean differs from the noise-injected GD and GD means.",
           source=DERIVED, provenance="variant", variant_of="b23.diverges", conventions=CONV)
_v.experiment(lambda profile: C.diverges(profile, schemes=("with_replacement", "noise_injected", "gd")),
              name="flat_means")
_v = claim("b23.regulariser-partition-average.over-m", title="wrong normalisation: Sigma_P / m",
           statement="Averaged over partitions, Sigma_P / m has mean Sigma_1 / (n - 1).",
           source=DERIVED, provenance="variant", variant_of="b23.regulariser-partition-average", conventions=CONV)
_v.certificate(lambda: C.regulariser_partition_average("m"), name="enumeration")
